"""Pages for reports (request, progress, download) and for indicators entered by the province."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from . import periods, reports
from .access import monitoring_required
from .forms import ExternalForm, ReportForm
from .models import ExternalIndicator, ReportJob

JOBS_SHOWN = 30


def _jobs(scope):
    """Reports the viewer may see: the whole province's for provincial monitors, else their units'."""
    jobs = ReportJob.objects.filter(province_id=scope.province_id)
    if scope.whole_province:
        return jobs
    return jobs.filter(unit_ids=sorted(scope.unit_ids))


@monitoring_required
def report_list(request):
    """Báo cáo: request one (Excel or PDF); the list shows each job's progress until it is ready."""
    scope = request.monitoring
    last_month = periods.containing(timezone.localdate()).previous()
    form = ReportForm(request.POST or None, initial={"period": last_month.key, "format": "xlsx"})
    if request.method == "POST" and form.is_valid():
        unit_ids = () if scope.whole_province else scope.unit_ids
        reports.request(scope.province_id, form.cleaned_data["period"], form.cleaned_data["format"],
                        unit_ids=unit_ids, user=request.user)
        messages.success(request, "Đã yêu cầu lập báo cáo; tệp sẽ sẵn sàng sau ít giây / report requested")
        return redirect("monitoring:reports")
    return render(request, "monitoring/reports.html", {"form": form, "jobs": _jobs(scope)[:JOBS_SHOWN],
                                                       "scope": scope})


def _job(request, job_id) -> ReportJob:
    job = _jobs(request.monitoring).filter(pk=job_id).first()
    if job is None:
        raise Http404("Không tìm thấy báo cáo / report not found")
    return job


@monitoring_required
def report_row(request, job_id):
    """One job's row (htmx polls it while the report is being built)."""
    return render(request, "monitoring/_report_row.html", {"job": _job(request, job_id)})


@monitoring_required
def report_download(request, job_id):
    job = _job(request, job_id)
    path = Path(settings.MEDIA_ROOT) / job.storage_name
    if job.status != ReportJob.Status.DONE or not job.storage_name or not path.is_file():
        raise Http404("Báo cáo chưa sẵn sàng / report not ready")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.file_name)


@monitoring_required
def external_entries(request):
    """Chỉ số nhập từ bên ngoài: the provincial monitor records figures the system cannot compute."""
    scope = request.monitoring
    if not scope.whole_province:
        raise PermissionDenied("Chỉ cán bộ giám sát cấp tỉnh nhập chỉ số / provincial monitors only")
    units = list(scope.units().order_by("code"))
    current = periods.containing(timezone.localdate())
    form = ExternalForm(request.POST or None, units=units, initial={"period": current.key})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            ExternalIndicator.objects.update_or_create(
                province_id=scope.province_id, unit_id=data["unit"], indicator=data["indicator"],
                period=data["period"].key,
                defaults={"num": data["num"], "den": data["den"], "score": data["score"], "note": data["note"],
                          "updated_by": request.user})
        messages.success(request, f"Đã lưu chỉ số {data['indicator']} kỳ {data['period'].label} / saved")
        return redirect(f"{request.path}?ky={data['period'].key}")
    shown = request.GET.get("ky") or current.key
    entries = (ExternalIndicator.objects.filter(province_id=scope.province_id, period=shown)
               .select_related("unit").order_by("indicator", "unit__code"))
    return render(request, "monitoring/external.html", {"form": form, "entries": entries, "shown": shown,
                                                        "scope": scope})
