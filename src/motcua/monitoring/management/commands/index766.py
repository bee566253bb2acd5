"""``motcua index766 --counts FILE.json`` — score the Decision 766 index (chấm điểm Bộ chỉ số 766).

Input: ``{"indicators": {"2.1": {"num": 970, "den": 1000}, ...}, "overrides": {"3.4": 9.5}}``
("overrides" optional); ``--counts -`` reads standard input. Output: JSON with every indicator,
the five groups and the total (docs/users/index766-cli.md). Bad input exits with status 2.
"""

import json
import sys
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.monitoring import bands, index766


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _reject_constant(name: str):
    raise ValueError(f"{name} không phải một số hợp lệ / is not a valid number")


def _unique_keys(pairs: list) -> dict:
    """A JSON object whose keys appear once: a repeated "2.1" would silently hide a count."""
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"khóa lặp lại / repeated keys: {', '.join(repeated)}")
    return dict(pairs)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as exc:
        raise _bad(f"Không đọc được tệp {path} / cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise _bad(f"Tệp {path} không phải UTF-8 / file is not UTF-8") from None


def _parse(text: str) -> tuple[dict, dict]:
    """The counts and overrides of the file, as the pure scorer takes them."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_keys)
    except ValueError as exc:
        raise _bad(f"Tệp đếm không phải JSON hợp lệ / counts file is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), dict):
        raise _bad('Tệp đếm cần một đối tượng "indicators" / counts file needs an "indicators" object')
    unknown = set(data) - {"indicators", "overrides"}
    if unknown:
        raise _bad(f"Khóa không hợp lệ / unknown keys: {', '.join(sorted(unknown))}")
    overrides = data.get("overrides", {})
    if not isinstance(overrides, dict):
        raise _bad('"overrides" phải là một đối tượng / "overrides" must be an object')
    return {key: _pair(key, entry) for key, entry in data["indicators"].items()}, overrides


def _pair(key: str, entry) -> tuple:
    if not isinstance(entry, dict) or set(entry) != {"num", "den"}:
        raise _bad(
            f'Chỉ số {key} cần đúng hai khóa "num" và "den" / indicator {key} needs exactly "num" and "den"'
        )
    return entry["num"], entry["den"]


class Command(BaseCommand):
    help = "Chấm điểm Bộ chỉ số 766 từ tệp đếm JSON / score the Decision 766 index from a JSON counts file"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--counts", required=True, metavar="FILE.json",
                            help="tệp đếm JSON, '-' = stdin / JSON counts file, '-' for stdin")
        parser.add_argument("--details", action="store_true",
                            help="thêm xếp loại và chỉ số cần cải thiện / add the grade and the points lost")

    def handle(self, *args, counts, details, **options):
        indicator_counts, overrides = _parse(_read(counts))
        try:
            result = index766.score(indicator_counts, overrides,
                                    payment_uncapped=settings.MOTCUA_INDEX_PAYMENT_UNCAPPED)
        except index766.IndexInputError as exc:
            raise _bad(str(exc)) from None
        output = index766.as_dict(result, with_losses=details)
        if details:
            try:
                band = bands.grade(result.total, bands.configured_bands())
            except bands.BandsConfigError as exc:
                raise CommandError(str(exc)) from None
            output["grade"] = {"label": band.label, "colour": band.colour}
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
