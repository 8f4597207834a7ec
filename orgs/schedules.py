from .cohesion import schedules as cohesion_schedules
from .selfreports import schedules as selfreports_schedules

SCHEDULES = [*selfreports_schedules.SCHEDULES, *cohesion_schedules.SCHEDULES]
