from .funds import schedules as funds_schedules

SCHEDULES = [*funds_schedules.SCHEDULES]
