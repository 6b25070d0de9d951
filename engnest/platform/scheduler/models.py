"""APScheduler's job table (SQLAlchemyJobStore layout, APScheduler 3.x), declared here so the migration
creates it and the drift check knows it. Rows are written by platform.scheduler.timers (inside the service's own
transaction) and read by the scheduler in engnest.jobs."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import SQLModel

JOBS_TABLE = "apscheduler_jobs"

scheduler_jobs = sa.Table(
    JOBS_TABLE,
    SQLModel.metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)
