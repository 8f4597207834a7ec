from wangcang.schedules import Schedule

SCHEDULES: list = [
    Schedule(
        name="cohesion: remind owners of overdue issues",
        task="orgs.cohesion.tasks.remind_overdue_issues",
        hour="8",
        minute="10",
    ),
]
