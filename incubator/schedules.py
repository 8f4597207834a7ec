from wangcang.schedules import Schedule

SCHEDULES = [
    # The four waivers of the month, posted on its first day.
    Schedule(
        name="incubator: post monthly waivers",
        task="incubator.tasks.post_monthly_waivers",
        minute="30",
        hour="3",
        day_of_month="1",
    ),
    Schedule(name="incubator: remind reviewers", task="incubator.tasks.remind_reviewers", minute="0", hour="8"),
]
