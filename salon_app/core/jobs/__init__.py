"""Background jobs that run once per period across every worker.

Owns the job lock (`lock.run_once`: a JobRun row per (job, period), inserted before the work,
so a second worker's insert is refused and it skips) and the daily schedule (`schedule`: which
jobs are due and for which period, run from the app's upkeep loop in salon_app/api/jobs.py).
"""

from salon_app.core.jobs.lock import RunOutcome, run_once
from salon_app.core.jobs.schedule import DAILY_JOBS, DailyJob, run_due

__all__ = ["DAILY_JOBS", "DailyJob", "RunOutcome", "run_due", "run_once"]
