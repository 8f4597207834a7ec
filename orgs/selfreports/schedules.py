from wangcang.schedules import Schedule

SCHEDULES: list = [
    # Every morning at 8:00 (Asia/Shanghai): due in 7 days, due tomorrow, overdue.
    Schedule(
        name="self-reports: reminders", task="orgs.selfreports.tasks.remind_due_self_reports", minute="0", hour="8"
    ),
]
