"""Per-unit inputs of Decision 766 group 5 for a period, for the monitoring issue's fact sources.

``start`` and ``end`` are aware datetimes (``start`` included, ``end`` excluded); ``now`` is when
the figures are read: lateness is judged at min(end, now). Each function returns
``{unit_id: {...counts..., "5.x": (numerator, denominator)}}`` for every unit asked about, ready
for monitoring.index766.score(); with ``by_procedure`` it returns ``{(unit_id, procedure_id): …}``
for the procedures with figures (a petition naming no dossier has no procedure and is left out).
``rating_counts`` adds up day by day, so monitoring stores it per day, procedure and channel.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier, Timeliness

from . import rules
from .models import Petition, Rating, Verdict


PETITION_COUNTS = ("received", "procedure", "officer", "overdue", "dislike_over_like", "reopened")


def petition_figures(unit_ids, start, end, *, now=None, by_procedure: bool = False) -> dict:
    """Petitions received (first time) in the period: by class (5.1), on time (5.2), and the
    terms of satisfaction (5.3)."""
    unit_ids = list(unit_ids)
    cutoff = min(end, now or timezone.now())
    petitions = Petition.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end)
    group = ("unit_id", "dossier__procedure_id") if by_procedure else ("unit_id",)
    if by_procedure:
        petitions = petitions.filter(dossier__isnull=False)
    rows = (petitions
            .annotate(likes=Count("votes", filter=Q(votes__verdict=Verdict.LIKE)),
                      dislikes=Count("votes", filter=Q(votes__verdict=Verdict.DISLIKE)))
            .values(*group, "classification", "status", "late", "answer_due_at", "to_publish",
                    "publish_due_at", "published_at", "reopened_at", "likes", "dislikes"))
    out = {} if by_procedure else {u: dict.fromkeys(PETITION_COUNTS, 0) for u in unit_ids}
    for row in rows:
        key = tuple(row[g] for g in group) if by_procedure else row["unit_id"]
        counts = out.setdefault(key, dict.fromkeys(PETITION_COUNTS, 0))
        counts["received"] += 1
        counts[row["classification"]] += 1
        counts["overdue"] += rules.is_overdue(_state(row), cutoff)
        counts["dislike_over_like"] += rules.dislikes_win(row["likes"], row["dislikes"])
        counts["reopened"] += row["reopened_at"] is not None and row["reopened_at"] < cutoff
    return {key: with_indicators(counts) for key, counts in out.items()}


def with_indicators(counts: dict) -> dict:
    """The petition counts with their indicators 5.1–5.3 added (``no_petitions()``: all zeros)."""
    counts["5.1"] = (counts["procedure"], counts["received"])
    counts["5.2"] = (counts["received"] - counts["overdue"], counts["received"])
    counts["5.3"] = rules.petition_satisfaction(counts["received"], counts["dislike_over_like"],
                                                counts["overdue"], counts["reopened"])
    return counts


def no_petitions() -> dict:
    return with_indicators(dict.fromkeys(PETITION_COUNTS, 0))


def _state(row) -> rules.PetitionState:
    return rules.PetitionState(
        is_open=row["status"] in Petition.OPEN, late=row["late"], answer_due_at=row["answer_due_at"],
        paused=row["status"] == Petition.Status.INFO_REQUESTED, to_publish=row["to_publish"],
        publish_due_at=row["publish_due_at"], published_at=row["published_at"])


def dossier_satisfaction_figures(unit_ids, start, end, *, now=None, by_procedure: bool = False) -> dict:
    """Dossiers received in the period (5.4): overdue (finished late, or still open past their due
    moment at the cut-off), with a petition or a dislike rating, and the ratings' likes per aspect."""
    unit_ids = list(unit_ids)
    cutoff = min(end, now or timezone.now())
    received = Dossier.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end,
                                      parent__isnull=True)
    unfinished = Q(finished_at__isnull=True) | Q(finished_at__gte=cutoff)
    overdue = received.filter(Q(timeliness=Timeliness.LATE, finished_at__lt=cutoff)
                              | unfinished & (Q(due_at__lt=cutoff) | Q(counts_as_late=True)))
    complained = received.filter(Exists(Petition.objects.filter(dossier=OuterRef("pk"), received_at__lt=cutoff))
                                 | Exists(Rating.objects.filter(dossier=OuterRef("pk"), overall=Verdict.DISLIKE,
                                                                created_at__lt=cutoff)))
    group = ("unit_id", "procedure_id") if by_procedure else ("unit_id",)
    counts = {"received": _grouped(received, group), "overdue": _grouped(overdue, group),
              "with_petition_or_dislike": _grouped(complained, group)}
    ratings = rating_counts(unit_ids, start, end, group=group)
    out = {}
    for key in counts["received"] if by_procedure else unit_ids:
        row = {name: per_key.get(key, 0) for name, per_key in counts.items()}
        row["5.4"] = rules.dossier_satisfaction(row["received"], row["overdue"], row["with_petition_or_dislike"])
        row["ratings"] = ratings.get(key, {})
        out[key] = row
    return out


def _grouped(queryset, group) -> dict:
    """{unit id: n}, or {(unit id, procedure id): n}."""
    rows = queryset.values_list(*group).annotate(n=Count("pk")).order_by()
    return {(values[:-1] if len(group) > 1 else values[0]): values[-1] for values in rows}


RATING_ASPECTS = ("overall", "attitude", "timeliness", "guidance")
# The rating's dossier gives its procedure and channel (a rating always has one).
RATING_GROUPS = {"unit_id": "unit_id", "procedure_id": "dossier__procedure_id", "channel": "dossier__channel"}


def rating_counts(unit_ids, start, end, *, group=("unit_id",)) -> dict:
    """Likes and dislikes per aspect (``overall_like``, …) of the ratings given in [start, end), per
    unit, or per the ``group`` columns among unit_id, procedure_id and channel (a tuple key)."""
    aggregates = {f"{field}_{verdict}": Count("pk", filter=Q(**{field: verdict}))
                  for field in RATING_ASPECTS for verdict in Verdict.values}
    columns = [RATING_GROUPS[g] for g in group]
    rows = (Rating.objects.filter(unit_id__in=list(unit_ids), created_at__gte=start, created_at__lt=end)
            .values(*columns).annotate(**aggregates).order_by())
    return {tuple(row.pop(c) for c in columns) if len(columns) > 1 else row.pop(columns[0]): row for row in rows}
