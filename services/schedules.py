from wangcang.schedules import Schedule

from .funds import schedules as funds_schedules

SCHEDULES = [
    Schedule(
        name="Purchased services: contracts behind schedule",
        task="services.tasks.contracts_check_progress_task",
        minute="30",
        hour="3",
    ),
    *funds_schedules.SCHEDULES,
]
