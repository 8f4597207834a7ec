SCHEDULES: list = []
