"""The calendar's steps as background work (Django's tasks framework): `run_schedule` enqueues them,
any worker on any machine runs them; each is done once (schedules.services.schedule_step_run)."""

from __future__ import annotations

from django.tasks import task


@task()
def run_schedule_step(calendar_id: int, year_start: int, quarter: int, step_key: str, passed_over: bool) -> str:
    from schedules.services import schedule_step_run

    return schedule_step_run(calendar_id=calendar_id, year_start=year_start, quarter=quarter, step_key=step_key,
                             passed_over=passed_over)
