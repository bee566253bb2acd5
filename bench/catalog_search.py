"""Benchmark: catalogue search over the full national catalogue (target p95 < 50 ms per page).

    python bench/catalog_search.py                 # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/catalog_search.py   # an EMPTY throw-away PostgreSQL
    python bench/catalog_search.py --synthetic     # ~3,000 generated procedures instead of the real data

It loads the real catalogue with ``motcua catalog import`` from ../shared/data/catalog (or
MOTCUA_SHARED_DATA/catalog) when that data and command are present, otherwise generates one, then
times, over a set of citizen-style queries and filters:
  index build    — reading every procedure and building the in-process index (once per change)
  fingerprint    — the aggregate query a process runs (at most every CHECK_EVERY s) to see changes
  Index.search() — ranking with a warm index
  page, fragment — GET /thu-tuc/?q=... through Django (full page, and the htmx fragment)
and prints p50 / p95 / max wall-clock and p50 / p95 CPU milliseconds.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MOTCUA_SHARED_DATA", ROOT / ".." / "shared" / "data")).resolve()

QUERIES = [
    "dang ky ket hon", "Đăng ký khai sinh", "khai tu", "cap lai giay phep lai xe", "doi giay phep lai x",
    "chung thuc ban sao", "ho kinh doanh", "thanh lap doanh nghiep", "giay phep xay dung", "dat dai",
    "can cuoc", "ho chieu", "thuong tru", "tam tru", "xuat nhap canh", "bao hiem xa hoi", "thue",
    "nguoi co cong", "tro cap", "ly lich tu phap", "cong chung", "quoc tich", "khieu nai", "vu khi",
    "phao hoa", "tau bien", "thuy san", "phan bon", "moi truong", "khoang san", "ngan hang", "ngoai hoi",
    "1.001193", "1.00", "2.000", "001193", "d", "dang", "dang ky k", "cap giay chung nhan quyen su dung dat",
    "thu tuc cap lai giay chung nhan dang ky ho kinh doanh khi bi mat", "xin giay phep kinh doanh dich vu",
]
FILTERS = [{"level": "commune"}, {"level": "province", "q": "cap"}, {"online": "full"}, {"q": "dang ky", "page": "3"}]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")  # time what production runs, without query logging
    os.environ.setdefault("MOTCUA_ALLOWED_HOSTS", "testserver")
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("MOTCUA_DATA_DIR", tempfile.mkdtemp(prefix="motcua-bench-search-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def import_real_catalogue() -> str | None:
    """Run ``motcua catalog import`` on the shared data; None when the data or command is missing."""
    data = SHARED / "catalog"
    files = [data / "dvcqg_procedures_7_bodies.jsonl", data / "bqp_procedures_structured.jsonl"]
    lists = data / "dvcqg_procedure_lists.csv"
    if not all(p.is_file() for p in [*files, lists]):
        return None
    cmd = [sys.executable, "-m", "motcua.cli", "catalog", "import", *map(str, files), "--lists", str(lists), "--json"]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode not in (0, 1):  # 1: some records failed, the rest is imported
        print(f"import unavailable ({done.stderr.strip().splitlines()[-1:]}); using synthetic data")
        return None
    report = json.loads(done.stdout)
    return (f"real catalogue via motcua catalog import in {time.perf_counter() - started:.1f} s: "
            f"imported {report['imported']}, updated {report['updated']}, "
            f"incomplete {report['incomplete']}, failed {report['failed']}")


def make_synthetic_catalogue(n: int = 3000) -> str:
    from motcua.catalog.models import Field, Procedure

    actions = ["Cấp", "Cấp lại", "Cấp đổi", "Đăng ký", "Gia hạn", "Điều chỉnh", "Thẩm định", "Công nhận",
               "Thu hồi", "Xác nhận"]
    objects = ["giấy phép xây dựng", "giấy chứng nhận quyền sử dụng đất", "giấy phép lái xe", "khai sinh",
               "kết hôn", "hộ kinh doanh", "giấy phép kinh doanh dịch vụ lữ hành", "chứng chỉ hành nghề",
               "thường trú", "tạm trú", "giấy phép khai thác khoáng sản", "giấy phép môi trường",
               "giấy chứng nhận an toàn thực phẩm", "giấy phép nhập khẩu phân bón", "chứng thực bản sao",
               "lý lịch tư pháp", "quốc tịch Việt Nam", "con nuôi", "giám hộ", "giấy phép hoạt động ngân hàng",
               "trợ cấp người có công", "bảo hiểm xã hội", "giấy phép bán lẻ rượu", "giấy phép tàu cá",
               "thuế môn bài", "hộ chiếu phổ thông", "căn cước", "giấy phép sử dụng vật liệu nổ",
               "giấy phép xuất bản", "biển số xe"]
    qualifiers = ["", "có yếu tố nước ngoài", "tại cấp tỉnh", "cho tổ chức", "cho cá nhân",
                  "thực hiện tại cấp xã", "trong trường hợp bị mất", "trực tuyến toàn trình", "theo yêu cầu",
                  "đối với doanh nghiệp có vốn đầu tư nước ngoài"]
    fields = [Field.objects.get_or_create(name=name)[0] for name in
              ["Hộ tịch", "Đất đai", "Xây dựng", "Đường bộ", "Du lịch", "Chứng thực", "Cư trú", "Thuế",
               "Ngân hàng", "Môi trường", "Khoáng sản", "Nông nghiệp", "Người có công", "Xuất bản"]]
    levels = ["commune", "province", "ministry", "province commune", "ministry province"]
    rows = [Procedure(code=f"{1 + i % 3}.{i:06d}", name=f"{actions[i % 10]} {objects[i // 10 % 30]} "
                      f"{qualifiers[i // 300 % 10]}".strip(), field=fields[i % len(fields)],
                      levels=levels[i % 5], online_level=["full", "partial", "none"][i % 3])
            for i in range(n)]
    Procedure.objects.bulk_create(rows, batch_size=500)
    return f"synthetic catalogue: {n} procedures"


def timed(fn, repeat: int) -> list[tuple[float, float]]:
    """(wall, CPU) milliseconds per call: CPU time shows the cost when other jobs share the machine."""
    samples = []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        samples.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
        assert getattr(result, "status_code", 200) == 200, result
    return samples


def percentile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(share * (len(values) - 1))))]


def report(label: str, samples: list[tuple[float, float]]) -> None:
    wall, cpu = [w for w, _ in samples], [c for _, c in samples]
    print(f"  {label:<22} n={len(samples):<5} wall p50 {percentile(wall, .5):6.2f}  p95 {percentile(wall, .95):6.2f}"
          f"  max {max(wall):7.2f} | CPU p50 {percentile(cpu, .5):6.2f}  p95 {percentile(cpu, .95):6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", action="store_true", help="generate ~3,000 procedures instead")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query (20)")
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client

    from motcua.catalog import search
    from motcua.catalog.models import Procedure

    if Procedure.objects.exists():
        sys.exit("The database already holds procedures; point DATABASE_URL at an empty throw-away database.")
    source = (None if args.synthetic else import_real_catalogue()) or make_synthetic_catalogue()
    print(f"{source}\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; database: {connection.vendor}; "
          f"active procedures: "
          f"{Procedure.objects.filter(is_active=True).count()}; {len(QUERIES)} queries + {len(FILTERS)} "
          f"filter sets, {args.repeat} runs each")

    report("index build", timed(search.build_index, 10))
    report("fingerprint query", timed(search.fingerprint, 200))
    search.current_index()
    report("Index.search()", [t for q in QUERIES for t in timed(lambda q=q: search.current_index().search(q), args.repeat)])
    client = Client()
    requests = [{"q": q} for q in QUERIES] + FILTERS
    for label, headers in (("page GET /thu-tuc/", {}), ("htmx fragment", {"HX-Request": "true"})):
        client.get("/thu-tuc/", {"q": "warm up"}, headers=headers)
        report(label, [t for params in requests for t in
                       timed(lambda p=params: client.get("/thu-tuc/", p, headers=headers), args.repeat)])
    hits = {q: len(search.search(q)) for q in ("dang ky ket hon", "1.001193", "d")}
    print("  results: " + ", ".join(f"{q!r}: {n}" for q, n in hits.items()))


if __name__ == "__main__":
    main()
