"""In-process timing of the hot paths (the bench's quick mode and the growth runs).

Each scenario is one request through Django's test client — the whole view, middleware and
templates, but no HTTP server — repeated ``rounds`` times, one after the other. Figures: count,
requests per second (sequential, one client), p50 / p95 / p99 milliseconds, errors.
"""

import base64
import itertools
import statistics
import time
import uuid
from types import SimpleNamespace

from django.test import Client, override_settings
from django.utils import timezone

from motcua.accounts.models import User
from motcua.api.models import ApiToken
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Province

# A one-page PDF: the smallest file the upload checks accept (the load's "small attachment").
TINY_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" \
           b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
UNLIMITED = override_settings(MOTCUA_LOOKUP_RATE_PER_IP="100000000/60", MOTCUA_LOOKUP_RATE_PER_CODE="100000000/60")


def percentile(sorted_ms: list, share: float) -> float:
    """Nearest-rank percentile of an ascending list (the value below which ``share`` of them lie)."""
    if not sorted_ms:
        return 0.0
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(share * len(sorted_ms) + 0.5) - 1))]


def summarise(times_ms: list, errors: int, wall_s: float) -> dict:
    ordered = sorted(times_ms)
    return dict(count=len(ordered), per_second=round(len(ordered) / wall_s, 1) if wall_s else 0.0,
                p50=round(statistics.median(ordered), 1) if ordered else 0.0,
                p95=round(percentile(ordered, 0.95), 1), p99=round(percentile(ordered, 0.99), 1), errors=errors)


def timed(request, rounds: int, ok=(200, 201)) -> dict:
    """Call ``request(i)`` ``rounds`` times; a status outside ``ok`` is an error."""
    times, errors = [], 0
    started = time.perf_counter()
    for i in range(rounds):
        t0 = time.perf_counter()
        status = request(i).status_code
        times.append((time.perf_counter() - t0) * 1000)
        errors += status not in ok
    return summarise(times, errors, time.perf_counter() - started)


def submission_body(procedure_code: str, unit_code: str, n: int) -> dict:
    return {"procedure_code": procedure_code, "unit_code": unit_code, "channel": "online",
            "applicant": {"name": "Nguyễn Văn Đo", "id_number": f"0010980{n % 100000:05d}", "phone": "0912345678"},
            "attachments": [{"name": "don.pdf", "content_base64": base64.b64encode(TINY_PDF).decode()}]}


def scenarios(province_code: str) -> dict:
    """name → request(i) over the seeded province ``province_code`` (see ``seed``)."""
    province = Province.objects.get(code=province_code)
    sample = (Dossier.objects.filter(province=province, state="processing", code__isnull=False)
              .select_related("unit", "procedure").order_by("pk").first())
    unit, procedure = sample.unit, sample.procedure
    officer = User.objects.get(username=f"{unit.code.lower()}-reception")
    citizen, _ = User.objects.get_or_create(username=f"{province_code.lower()}-congdan", defaults={"kind": "citizen"})
    _, token = ApiToken.issue(citizen, f"bench-{uuid.uuid4().hex[:8]}")
    api, staff, monitor = Client(), Client(), Client()
    staff.force_login(officer)
    monitor.force_login(User.objects.get(username=f"{province_code.lower()}-giamsat"))
    factor = sample.applicant_phone[-4:]
    units = list(province.units.order_by("code"))
    run = uuid.uuid4().hex[:8]
    return {
        "submission (API, 1 PDF)": lambda i: api.post(
            "/api/v1/dossiers", submission_body(procedure.code, unit.code, i), content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": f"{run}-{i}"}),
        "lookup (API)": lambda i: api.post("/api/v1/lookup", {"code": sample.code, "factor": factor},
                                           content_type="application/json"),
        "inbox: Việc của tôi": lambda i: staff.get("/nghiep-vu/ho-so/", {"tab": "mine"}),
        "inbox: Quá hạn": lambda i: staff.get("/nghiep-vu/ho-so/", {"tab": "overdue"}),
        "dossier page": lambda i: staff.get(f"/nghiep-vu/ho-so/{sample.public_id}/"),
        "dashboard home": lambda i: monitor.get("/giam-sat/"),
        "index 766: unit, this year": lambda i: index_766(province, [unit]),
        "index 766: province, this year": lambda i: index_766(province, units),
    }


def index_766(province, units) -> SimpleNamespace:
    """The Decision 766 index of ``units`` for this year, as the dashboard computes it (facts, live
    open counts, catalogue counts, feedback figures; then the pure scorer). Shaped like a response."""
    from motcua.monitoring import board, periods

    board.scoreboard(province.pk, periods.containing(timezone.localdate(), periods.YEAR), units)
    return SimpleNamespace(status_code=200)


def run(province_code: str, rounds: int) -> dict:
    """Every scenario ``rounds`` times (after one warm-up call each): name → figures."""
    figures = {}
    with UNLIMITED, override_settings(ALLOWED_HOSTS=["*"]):
        counter = itertools.count(10**6)
        for name, request in scenarios(province_code).items():
            request(next(counter))
            figures[name] = timed(lambda i, r=request: r(next(counter)), rounds)
    return figures
