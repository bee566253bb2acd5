"""Benchmark: the citizen portal's public lookup and online submission, through Django.

    python bench/portal_lookup.py                                # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/portal_lookup.py    # an EMPTY throw-away PostgreSQL database
    python bench/portal_lookup.py --dossiers 50000 --rounds 400

Creates one province, one ward, one procedure and N received dossiers (bulk insert), then times
POST /tra-cuu/ for three kinds of answer — the right factor, a wrong factor, an unknown code — and
POST /ho-so/nop/<code>/ with a PDF and a PNG. Rate limits are lifted so every try does the full
work. Prints p50 / p95 / max milliseconds per kind and the gap between the medians of "wrong
factor" and "unknown code", which the design keeps the same shape (no enumeration by timing).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests/portal/files.py makes the real PDF and PNG


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")
    os.environ.setdefault("MOTCUA_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("MOTCUA_LOOKUP_RATE_PER_IP", "100000000/60")
    os.environ.setdefault("MOTCUA_LOOKUP_RATE_PER_CODE", "100000000/60")
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-portal-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def make_world(count: int):
    from decimal import Decimal

    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure, ProcedureChannel, RequiredDocument, UnitProcedure
    from motcua.dossiers.models import Dossier
    from motcua.organizations.models import Province, Unit

    province = Province.objects.create(code="H98", name="Tỉnh Đo Thử")
    ward = Unit.objects.create(province=province, code="H98.50", name="Phường Đo Thử", kind=Unit.Kind.WARD)
    procedure = Procedure.objects.create(code="1.001193", name="Đăng ký khai sinh", online_level="full")
    ProcedureChannel.objects.create(procedure=procedure, channel="online", duration=Decimal(5),
                                    duration_unit="working-days")
    UnitProcedure.objects.create(unit=ward, procedure=procedure)
    documents = [RequiredDocument.objects.create(procedure=procedure, name=name, position=i)
                 for i, name in enumerate(["Tờ khai", "Giấy chứng sinh"])]
    Dossier.objects.bulk_create([Dossier(
        procedure=procedure, province=province, unit=ward, current_unit=ward, channel="online",
        code=f"H98.50-{260101 + n // 9999:06d}-{n % 9999 + 1:04d}", state="received", national_status=2,
        applicant_name="Nguyễn Văn An", applicant_id_number=f"0010980{n:05d}", applicant_phone=f"09{n:08d}",
    ) for n in range(count)], batch_size=2000)
    citizen = User.objects.create_user("congdan", password="Mat-khau-2026!", kind="citizen",
                                       full_name="Nguyễn Văn An", personal_id="001098012345", phone="0912345678")
    return ward, procedure, documents, citizen


def timed(call, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    ordered = sorted(samples)
    p50, p95 = statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]
    print(f"{name:<28} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   max {ordered[-1]:7.2f} ms   (n={len(ordered)})")
    return p50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    setup_django()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from tests.portal.files import tiny_pdf, tiny_png

    start = time.perf_counter()
    ward, procedure, documents, citizen = make_world(args.dossiers)
    print(f"{connection.vendor}: {args.dossiers} dossiers created in {time.perf_counter() - start:.1f} s")
    client, rng = Client(), random.Random(7)

    def ask(kind):
        n = rng.randrange(args.dossiers)
        code = f"H98.50-{260101 + n // 9999:06d}-{n % 9999 + 1:04d}"
        factor = {"right": f"{n % 10000:04d}", "wrong": "0000" if n % 10000 else "1111", "unknown": "5678"}[kind]
        if kind == "unknown":
            code = f"H98.50-{260101 + n // 9999:06d}-{n % 9999 + 1:04d}".replace("H98.50", "H98.51")
        response = client.post("/tra-cuu/", {"code": code, "factor": factor})
        assert response.status_code == 200 and (("Mã hồ sơ" in response.text) if kind == "right" else
                                                ("Không tìm thấy" in response.text)), kind

    for kind in ("right", "wrong", "unknown"):
        ask(kind)  # warm up templates and connections
    medians = {kind: report(f"lookup, {kind} factor" if kind != "unknown" else "lookup, unknown code",
                            timed(lambda kind=kind: ask(kind), args.rounds)) for kind in ("right", "wrong", "unknown")}
    print(f"{'gap wrong vs unknown (p50)':<28} {abs(medians['wrong'] - medians['unknown']):7.2f} ms")

    client.force_login(citizen)
    answers = {"unit": ward.pk, "applicant_kind": "citizen", "applicant_name": "Nguyễn Văn An",
               "applicant_id_number": "001098012345", "applicant_phone": "0912345678", "delivery": "counter",
               "action": "submit"}

    def submit():
        files = {f"doc_{documents[0].pk}": SimpleUploadedFile("to-khai.pdf", tiny_pdf()),
                 f"doc_{documents[1].pk}": SimpleUploadedFile("chung-sinh.png", tiny_png())}
        assert client.post(f"/ho-so/nop/{procedure.code}/", {**answers, **files}).status_code == 302

    report("submit with 2 files", timed(submit, max(args.rounds // 5, 20)))


if __name__ == "__main__":
    main()
