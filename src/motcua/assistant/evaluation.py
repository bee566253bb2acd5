"""Measuring retrieval on a labelled file ({"q": ..., "gold": [codes]}): Hit@k, MRR, latency.

Pure functions over ranked code lists and timings, so the figures in docs/performance.md come from
one place (``motcua ask --eval``, bench/assistant_eval.py) and are tested with hand-made numbers.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError


def read_jsonl(path: Path, required: tuple[str, ...]) -> list[dict]:
    """Lines of a JSONL file, each an object with the ``required`` keys; bad input names its line."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp {path} / cannot read {path}: {exc.strerror}", returncode=2) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"Dòng {number} không phải JSON / line {number} is not JSON: {exc.msg}",
                               returncode=2) from exc
        missing = [key for key in required if not isinstance(row, dict) or key not in row]
        if missing:
            raise CommandError(f"Dòng {number} thiếu {', '.join(missing)} / line {number} lacks {', '.join(missing)}",
                               returncode=2)
        rows.append(row)
    return rows


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values ≤ it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil without floats drifting
    return ordered[int(rank) - 1]


@dataclass(frozen=True)
class Report:
    questions: int
    hit1: float
    hit5: float
    hit10: float
    mrr: float
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def first_hit(ranked: list[str], gold: list[str]) -> int | None:
    """1-based rank of the first gold code in ``ranked``, None when absent."""
    return next((i for i, code in enumerate(ranked, start=1) if code in gold), None)


def report(ranked_lists: list[list[str]], golds: list[list[str]], seconds: list[float]) -> Report:
    """Hit@1/5/10 and MRR (over the top 10) of rankings against gold codes, with latency."""
    ranks = [first_hit(ranked[:10], gold) for ranked, gold in zip(ranked_lists, golds)]
    n = len(ranks) or 1

    def hits(k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / n

    millis = [s * 1000 for s in seconds]
    return Report(len(ranks), hits(1), hits(5), hits(10), sum(1 / r for r in ranks if r) / n,
                  percentile(millis, 0.5), percentile(millis, 0.95))
