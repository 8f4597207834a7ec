"""Background-job handlers of this part (see wangcang.jobs)."""
