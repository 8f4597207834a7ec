from wangcang.schedules import Schedule

SCHEDULES = [
    Schedule(name="Nightly statistics snapshots", task="reports.tasks.compute_snapshots", minute="30", hour="1"),
]
