"""``motcua ask`` — ask the assistant from the command line, in batches, or evaluate it.

    motcua ask "Bố tôi vừa mất, làm giấy báo tử thế nào?" [--unit-code H15.50] [--json]
    motcua ask --batch questions.jsonl --json     # {"q": ...} per line → one JSON line each
    motcua ask --eval labelled.jsonl [--json]     # {"q", "gold": [codes]} → Hit@1/5/10, MRR, p50/p95
    motcua ask --build                            # compute and cache the passage vectors now
"""

import json
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.assistant import dialogue, engine, evaluation
from motcua.organizations.models import Unit


class Command(BaseCommand):
    requires_system_checks = []  # a question must not wait for (or fail on) unrelated checks
    help = "Hỏi trợ lý ảo / ask the virtual assistant (one question, a batch, or an evaluation)"

    def add_arguments(self, parser):
        parser.add_argument("question", nargs="?", help="câu hỏi / the question")
        parser.add_argument("--unit-code", default="", help="mã đơn vị tiếp nhận / unit code, e.g. H15.50")
        parser.add_argument("--json", action="store_true", help="in JSON / print JSON")
        parser.add_argument("--batch", metavar="FILE.jsonl", help='dòng {"q": ...} / lines {"q": ...}')
        parser.add_argument("--eval", metavar="FILE.jsonl", help='dòng {"q", "gold"} / lines {"q", "gold"}')
        parser.add_argument("--build", action="store_true", help="tính trước vectơ / build the index cache now")
        parser.add_argument("--no-embeddings", action="store_true", help="chỉ BM25 / BM25 only")

    def handle(self, *args, **options):
        modes = [bool(options["question"]), bool(options["batch"]), bool(options["eval"]), options["build"]]
        if sum(modes) != 1:
            raise CommandError("Cần đúng một: câu hỏi, --batch, --eval hoặc --build / "
                               "give exactly one of: a question, --batch, --eval, --build", returncode=2)
        unit = self._unit(options["unit_code"])
        started = time.perf_counter()
        retriever = engine.build(use_embeddings=settings.MOTCUA_ASSISTANT_EMBEDDINGS and not options["no_embeddings"])
        load_seconds = time.perf_counter() - started
        if options["build"]:
            self.stdout.write(f"{len(retriever.docs)} thủ tục / procedures, {retriever.mode}, {load_seconds:.1f} s")
        elif options["eval"]:
            self._evaluate(retriever, options["eval"], unit, options["json"], load_seconds)
        elif options["batch"]:
            for row in evaluation.read_jsonl(options["batch"], ("q",)):
                self._print(dialogue.answer_question(str(row["q"]), retriever, unit=unit), True)
        else:
            self._print(dialogue.answer_question(options["question"], retriever, unit=unit), options["json"])

    def _unit(self, code: str) -> Unit | None:
        if not code:
            return None
        unit = Unit.objects.filter(code=code.strip().upper()).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {code} / no unit with code {code}", returncode=2)
        return unit

    def _print(self, result: dialogue.Result, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(result.as_batch_line(), ensure_ascii=False))
            return
        self.stdout.write(result.reply.text)
        for i, c in enumerate(result.candidates[:5], start=1):
            self.stdout.write(f"  {i}. {c.code}  {c.score:.3f}  {c.name[:100]}")

    def _evaluate(self, retriever, path, unit, as_json: bool, load_seconds: float) -> None:
        rows = evaluation.read_jsonl(path, ("q", "gold"))
        level = dialogue.unit_level(unit)
        ranked, seconds = [], []
        for row in rows:
            started = time.perf_counter()
            ranked.append([c.code for c in retriever.search(str(row["q"]), level)])
            seconds.append(time.perf_counter() - started)
        figures = evaluation.report(ranked, [list(row["gold"]) for row in rows], seconds)
        if as_json:
            self.stdout.write(json.dumps({**figures.as_dict(), "mode": retriever.mode,
                                          "load_seconds": round(load_seconds, 2)}))
            return
        self.stdout.write(
            f"{figures.questions} câu hỏi / questions ({retriever.mode}): Hit@1 {figures.hit1:.3f}  "
            f"Hit@5 {figures.hit5:.3f}  Hit@10 {figures.hit10:.3f}  MRR {figures.mrr:.3f}  "
            f"p50 {figures.p50_ms:.1f} ms  p95 {figures.p95_ms:.1f} ms")
