"""Background work of the monitoring app (django-tasks): collecting source figures, building reports."""

from datetime import date

from django_tasks import task


@task()
def collect_sources(province_id: int, day: str) -> int:
    """Fresh payment, result, digitisation and queue figures of one province and day."""
    from .sources import collect

    return collect(province_id, date.fromisoformat(day))


@task()
def collect_period_sources(province_id: int, period: str) -> int:
    """Feedback figures (petitions, satisfaction) of one province and period."""
    from .periods import parse
    from .sources import collect_period

    return collect_period(province_id, parse(period))


@task()
def build_report(job_id: int) -> str:
    """Build one report job (Excel or PDF); its row records progress, the file or the error."""
    from .reports import run_job

    return run_job(job_id)
