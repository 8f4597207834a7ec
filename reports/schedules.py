from wangcang.schedules import Schedule

SCHEDULES = [
    Schedule(name="Nightly statistics snapshots", task="reports.tasks.compute_snapshots", minute="30", hour="1"),
    Schedule(name="Prune old report files", task="reports.tasks.prune_report_files", minute="20", hour="3"),
]
