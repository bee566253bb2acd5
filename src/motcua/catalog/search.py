"""Catalogue search (tra cứu thủ tục hành chính).

The catalogue is small (about 3,000 procedures), so each process keeps an in-memory index of every
active procedure's folded code, name and field (lĩnh vực). Folding (``core.text.fold``) makes
search forgive missing diacritics and case: ``dang ky ket hon`` finds "Thủ tục đăng ký kết hôn".

The index is rebuilt when the catalogue changes. A save or delete in this process drops it at once
(signals); changes made by other processes (another web worker, ``motcua catalog import``'s bulk
writes) are seen through a fingerprint — count, max id, max ``updated_at`` — checked at most every
``CHECK_EVERY`` seconds. Changes that touch no procedure row and send no signal (a field renamed by
a queryset update) are picked up by the rebuild every ``REBUILD_AFTER`` seconds.

Ranking is a sort key, best first (see docs/developers/catalog-search.md): more query words present
(so all of them first) > the query as a phrase in the name > more words in the name (not only in
the field) > more whole-word matches > shorter name > code.
"""

import bisect
import re
import threading
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from motcua.core.text import fold

from .models import Field, Procedure

MAX_QUERY_WORDS = 12
MIN_PREFIX = 2  # a lone typed letter matches only itself: "d" as a prefix would match everything
CHECK_EVERY = 1.0  # seconds between two fingerprint queries in one process
REBUILD_AFTER = 300.0  # seconds; safety net for changes the fingerprint cannot see

_WORD = re.compile(r"[a-z0-9]+")
_CODE_QUERY = re.compile(r"^\d+(?:\.\d+)*\.?$")
_ORIGINAL_WORD = re.compile(r"(\w+)")


def words(text: str) -> list[str]:
    """Folded words of a text: 'Đăng ký (kết hôn)' → ['dang', 'ky', 'ket', 'hon']."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Query:
    """A parsed search text: its folded words (in order, unique) and whether it is a code."""

    words: tuple[str, ...]
    phrase: str = ""  # every word in the order typed, repeats kept: "cap lai giay phep lai xe"
    code: str = ""

    @classmethod
    def parse(cls, text: str) -> "Query":
        folded = fold(text)
        typed = words(folded)[:MAX_QUERY_WORDS]
        code = folded.rstrip(".") if _CODE_QUERY.match(folded) else ""
        return cls(words=tuple(dict.fromkeys(typed)), phrase=" ".join(typed), code=code)

    @property
    def last_is_prefix(self) -> bool:
        """The last word is still being typed, so it also matches longer words — unless it is a
        lone letter (``d``), which would match nearly the whole catalogue."""
        return len(self.words) > 1 or (bool(self.words) and len(self.words[0]) >= MIN_PREFIX)

    @property
    def min_match(self) -> int:
        """Words a result must contain: one for short queries, half (rounded up) for long ones."""
        return (len(self.words) + 1) // 2


@dataclass(frozen=True)
class Entry:
    """One active procedure as the index sees it."""

    id: int
    code: str
    name: str  # folded words joined by single spaces
    field_id: int | None
    levels: frozenset[str]
    online_level: str


@dataclass(frozen=True)
class Filters:
    """Bộ lọc: lĩnh vực, cấp thực hiện, mức độ trực tuyến, and the procedures enabled at a unit."""

    field_id: int | None = None
    level: str = ""
    online_level: str = ""
    procedure_ids: frozenset[int] | None = None

    def accept(self, entry: Entry) -> bool:
        return ((self.field_id is None or entry.field_id == self.field_id)
                and (not self.level or self.level in entry.levels)
                and (not self.online_level or entry.online_level == self.online_level)
                and (self.procedure_ids is None or entry.id in self.procedure_ids))


class Index:
    """An immutable snapshot: entries plus word → entry-position postings for names and fields."""

    def __init__(self, entries: list[Entry], field_words: dict[int, list[str]]):
        self.entries = sorted(entries, key=lambda e: (e.name, e.code))
        self.name_postings: dict[str, set[int]] = {}
        self.field_postings: dict[str, set[int]] = {}
        for pos, entry in enumerate(self.entries):
            for word in entry.name.split():
                self.name_postings.setdefault(word, set()).add(pos)
            for word in field_words.get(entry.field_id, ()):
                self.field_postings.setdefault(word, set()).add(pos)
        self.vocabulary = sorted(self.name_postings.keys() | self.field_postings.keys())

    def __len__(self):
        return len(self.entries)

    def search(self, text: str, filters: Filters = Filters()) -> list[int]:
        """Procedure ids matching ``text`` and ``filters``, best first; no text lists all by name."""
        query = Query.parse(text)
        if query.code:
            hits = self._by_code(query.code, filters)
            if hits:
                return hits
        if not query.words:
            return [e.id for e in self.entries if filters.accept(e)]
        return self._by_words(query, filters)

    def _by_code(self, code: str, filters: Filters) -> list[int]:
        """Codes starting with ``code``; a bare number also matches the part after the dot ('001193')."""
        def matches(entry_code: str) -> bool:
            return entry_code.startswith(code) or ("." not in code and entry_code.partition(".")[2].startswith(code))

        found = [e for e in self.entries if matches(e.code.lower()) and filters.accept(e)]
        return [e.id for e in sorted(found, key=lambda e: e.code)]

    def _expand(self, word: str, as_prefix: bool) -> list[str]:
        """Vocabulary words equal to ``word`` or, for the word being typed, starting with it."""
        if not as_prefix:
            return [word]
        start = bisect.bisect_left(self.vocabulary, word)
        end = bisect.bisect_left(self.vocabulary, word + "\x7f")
        return self.vocabulary[start:end]

    def _by_words(self, query: Query, filters: Filters) -> list[int]:
        last = len(query.words) - 1
        matched, in_name, exact = Counter(), Counter(), Counter()
        for i, word in enumerate(query.words):
            name_hits, field_hits = set(), set()
            for form in self._expand(word, as_prefix=i == last and query.last_is_prefix):
                name_hits |= self.name_postings.get(form, set())
                field_hits |= self.field_postings.get(form, set())
            matched.update(name_hits | field_hits)
            in_name.update(name_hits)
            exact.update(self.name_postings.get(word, set()) | self.field_postings.get(word, set()))

        phrase, needed = " " + query.phrase, query.min_match
        ranked = []
        for pos, count in matched.items():
            entry = self.entries[pos]
            if count < needed or not filters.accept(entry):
                continue
            key = (-count, phrase not in " " + entry.name,  # -count first: all words present lead
                   -in_name[pos], -exact[pos], len(entry.name), entry.code)
            ranked.append((key, entry.id))
        ranked.sort()
        return [entry_id for _, entry_id in ranked]


def highlight(name: str, text: str) -> list[tuple[str, bool]]:
    """Split a procedure name into (piece, matched) so the page can mark the words searched for.

    A name word is marked when its folded form is a query word or, for the last query word (the
    one being typed), starts with it — the same rule the search uses.
    """
    query = Query.parse(text)
    if not query.words:
        return [(name, False)]
    head, last = set(query.words[:-1]), query.words[-1]

    def hit(piece: str) -> bool:
        folded = fold(piece)
        return folded in head or folded == last or (query.last_is_prefix and folded.startswith(last))

    pieces = _ORIGINAL_WORD.split(unicodedata.normalize("NFC", name))
    # re.split with a group alternates separators (even positions) and words (odd positions)
    return [(piece, i % 2 == 1 and hit(piece)) for i, piece in enumerate(pieces) if piece]


def build_index() -> Index:
    """Read the active procedures and their fields from the database (two queries)."""
    field_words = {pk: words(name) for pk, name in Field.objects.values_list("pk", "name")}
    rows = Procedure.objects.filter(is_active=True).values_list(
        "id", "code", "name", "field_id", "levels", "online_level")
    entries = [Entry(id=pk, code=code, name=" ".join(words(name)), field_id=field_id,
                     levels=frozenset(levels.split()), online_level=online)
               for pk, code, name, field_id, levels, online in rows]
    return Index(entries, field_words)


def fingerprint() -> tuple:
    """What changes whenever a procedure is created, saved or deleted: one aggregate query."""
    agg = Procedure.objects.aggregate(n=Count("id"), top=Max("id"), last=Max("updated_at"))
    return agg["n"], agg["top"], agg["last"]


class _Cache:
    """The process-wide index, swapped whole so readers never see a half-built one."""

    lock = threading.Lock()
    index: Index | None = None
    key: tuple | None = None
    built_at = checked_at = 0.0


@receiver([post_save, post_delete], sender=Procedure)
@receiver([post_save, post_delete], sender=Field)
def invalidate(**_):
    """A change made in this process is searchable at once; other processes see it within CHECK_EVERY."""
    _Cache.index = None


def current_index() -> Index:
    """The index for the catalogue as it is now: rebuilt when the fingerprint changed.

    The fingerprint costs a scan of the procedure table on SQLite (no index on ``updated_at``), so
    a process asks at most every ``CHECK_EVERY`` seconds.
    """
    now = time.monotonic()
    if _Cache.index is not None and now - _Cache.checked_at < CHECK_EVERY and now - _Cache.built_at < REBUILD_AFTER:
        return _Cache.index
    key = fingerprint()

    def fresh() -> bool:
        return _Cache.index is not None and _Cache.key == key and now - _Cache.built_at < REBUILD_AFTER

    if not fresh():
        with _Cache.lock:
            if not fresh():  # another thread may have rebuilt it while this one waited
                _Cache.index, _Cache.key, _Cache.built_at = build_index(), key, time.monotonic()
    _Cache.checked_at = now
    return _Cache.index


def search(text: str, filters: Filters = Filters()) -> list[int]:
    """Ranked ids of active procedures for a search text and filters."""
    return current_index().search(text, filters)
