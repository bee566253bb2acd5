"""Find the procedure from a question (tìm thủ tục): lexical + dense scores, then situation priors.

Score of a procedure for a question (weights in ``Weights``, tuned on the development set):

- BM25 over syllable unigrams + bigrams of the name (twice) and the field, on the question plus
  the official wording of its colloquial phrases (``vocabulary.expand``); a question typed without
  diacritics is matched on folded text;
- cosine similarity of e5 embeddings (the question vs name + field), when available — and only
  when BM25 is not already decisive: a top candidate ahead of the second by ``decisive`` or more
  keeps its rank without the query embedding, the one step that costs milliseconds (decision 0575);
- BM25 over result, conditions and document names (a weak tie-breaker);
- priors: the level the question or the unit names (cấp xã…), the variant qualifiers of the name
  against the situation the question describes (``vocabulary.situation``), and a small preference
  for procedures citizens meet (commune and province level) over ministry-only ones.

Lexical and dense scores are each scaled to [0, 1] by the best candidate before they are mixed.
"""

import logging
import sys
from dataclasses import dataclass

import bm25s
import numpy as np

from . import vocabulary
from .corpus import ProcedureDoc
from .text import folded_syllables, syllables, terms

TOP = 10
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
LEVELS = ("commune", "province", "ministry")


@dataclass(frozen=True)
class Weights:
    lexical: float = 0.5
    expansion: float = 0.7  # official wording added by the vocabulary, relative to the question's own words
    dense: float = 0.3
    details: float = 0.1
    level: float = 0.12
    situation: float = 0.08  # per variant qualifier of the name the question does not call for (−)
    situation_match: float = 0.12  # per qualifier the question calls for (+): an explicit signal
    citizen_level: float = 0.04
    # BM25 lead (top-1 minus top-2 score, priors included) from which the e5 query is skipped: the
    # smallest value from which every larger one kept the development set's Hit@1 and Hit@5 with e5
    decisive: float = 0.10


@dataclass(frozen=True)
class Candidate:
    """One ranked procedure."""

    code: str
    name: str
    levels: frozenset[str]
    agency: str
    score: float


def _bm25(corpus) -> bm25s.BM25:
    """A BM25 index over token lists. Tokens are interned: 1.6 million tokens of some 60,000 kinds
    would otherwise each be a string of their own, a peak the allocator never gives back."""
    index = bm25s.BM25(k1=1.2, b=0.75)
    index.index([[sys.intern(token) for token in tokens] for tokens in corpus], show_progress=False)
    return index


def decisive(scores: np.ndarray, margin: float) -> bool:
    """Whether the best score leads the second by ``margin`` or more (one candidate: it leads)."""
    if scores.size < 2:
        return scores.size == 1
    second, first = np.partition(scores, -2)[-2:]
    return float(first - second) >= margin


def _scaled(scores: np.ndarray) -> np.ndarray:
    scores = np.nan_to_num(scores)  # BM25 over an all-empty field divides by a zero average length
    top = float(scores.max()) if scores.size else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


class Retriever:
    """An immutable index over one catalogue version."""

    def __init__(self, docs: list[ProcedureDoc], vectors: np.ndarray | None = None, embedder=None,
                 weights: Weights = Weights()):
        self.docs = docs
        self.weights = weights
        self.by_code = {doc.code: i for i, doc in enumerate(docs)}
        titles = [f"{doc.name} {doc.name} {doc.field}" for doc in docs]
        self.lexical = _bm25(terms(syllables(t)) for t in titles)
        self.folded = _bm25(terms(folded_syllables(t)) for t in titles)
        self.details = _bm25(terms(syllables(doc.details or doc.name)) for doc in docs)
        self.vectors = vectors if embedder is not None else None
        self.embedder = embedder
        self.citizen = np.array([bool(doc.levels & {"commune", "province"}) for doc in docs], dtype=np.float32)
        # doc × level and doc × qualifier incidence, so priors are two matrix products per question
        self.level_matrix = np.array([[level in doc.levels for level in LEVELS] for doc in docs], dtype=np.float32)
        self.qualifier_matrix = np.zeros((len(docs), len(vocabulary.QUALIFIERS)), dtype=np.float32)
        for i, doc in enumerate(docs):
            self.qualifier_matrix[i, vocabulary.qualifiers_in(doc.name)] = 1

    @property
    def mode(self) -> str:
        return "bm25+e5" if self.vectors is not None else "bm25"

    def search(self, question: str, unit_level: str = "", top: int = TOP) -> list[Candidate]:
        """The ``top`` procedures for ``question``, best first (empty when nothing matches)."""
        scores = self.score(question, unit_level)
        order = np.argsort(-scores, kind="stable")[:top]
        return [Candidate(self.docs[i].code, self.docs[i].name, self.docs[i].levels, self.docs[i].agency,
                          round(float(scores[i]), 4)) for i in order if scores[i] > 0]

    def score(self, question: str, unit_level: str = "") -> np.ndarray:
        w = self.weights
        prepared = vocabulary.Prepared.of(question)
        wording = " ".join(vocabulary.expand(prepared))
        text = f"{question} {wording}"
        lexical = self._lexical(question, prepared.unaccented) + w.expansion * self._lexical(wording, False)
        total = w.lexical * _scaled(lexical) + w.details * _scaled(self._bm25(self.details, terms(syllables(text))))
        priors = self._priors(prepared, unit_level)
        if self.vectors is not None and not (total.any() and decisive(total + priors, w.decisive)):
            total = total + w.dense * self._dense(question)
        if not total.any():
            return total
        return total + priors

    def _dense(self, question: str) -> np.ndarray:
        """Cosine similarity to every passage above its median, scaled. ``einsum`` rather than ``@``:
        a matrix-vector product this size wakes a second BLAS thread, which spins on the core the web
        process's other threads need (≈ 10 ms of CPU per question, measured)."""
        dense = np.einsum("ij,j->i", self.vectors, self.embedder.query(question))
        floor = float(np.percentile(dense, 50))
        return _scaled(np.clip(dense - floor, 0, None))

    def _lexical(self, text: str, unaccented: bool) -> np.ndarray:
        if unaccented:
            return self._bm25(self.folded, terms(folded_syllables(text)))
        return self._bm25(self.lexical, terms(syllables(text)))

    def _bm25(self, index, tokens) -> np.ndarray:
        """BM25 scores; a question with no word in it (only punctuation or symbols) scores nothing."""
        if not tokens:
            return np.zeros(len(self.docs), dtype=np.float32)
        return index.get_scores(tokens)

    def _priors(self, question: vocabulary.Prepared, unit_level: str) -> np.ndarray:
        """Level and situation adjustments: +1/−1 per asked level matched/missed, per qualifier."""
        w = self.weights
        priors = w.citizen_level * self.citizen
        levels = vocabulary.levels_asked(question) | ({unit_level} if unit_level else set())
        if levels:
            asked = np.array([level in levels for level in LEVELS], dtype=np.float32)
            priors += w.level * np.where(self.level_matrix @ asked > 0, 1.0, -1.0)
        wanted = np.full(len(vocabulary.QUALIFIERS), -w.situation, dtype=np.float32)
        wanted[vocabulary.qualifiers_asked(question)] = w.situation_match
        return priors + self.qualifier_matrix @ wanted
