"""Per-unit inputs of Decision 766 group 5 for a period, for the monitoring issue's fact sources.

``start`` and ``end`` are aware datetimes (``start`` included, ``end`` excluded); ``now`` is when
the figures are read: lateness is judged at min(end, now). Each function returns
``{unit_id: {...counts..., "5.x": (numerator, denominator)}}`` for every unit asked about, ready
for monitoring.index766.score().
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from motcua.dossiers.models import Dossier, Timeliness

from . import rules
from .models import Petition, Rating, Verdict


def petition_figures(unit_ids, start, end, *, now=None) -> dict[int, dict]:
    """Petitions received (first time) in the period: by class (5.1), on time (5.2), and the
    terms of satisfaction (5.3)."""
    unit_ids = list(unit_ids)
    cutoff = min(end, now or timezone.now())
    rows = (Petition.objects.filter(unit_id__in=unit_ids, received_at__gte=start, received_at__lt=end)
            .annotate(likes=Count("votes", filter=Q(votes__verdict=Verdict.LIKE)),
                      dislikes=Count("votes", filter=Q(votes__verdict=Verdict.DISLIKE)))
            .values("unit_id", "classification", "status", "late", "answer_due_at", "to_publish",
                    "publish_due_at", "published_at", "reopened_at", "likes", "dislikes"))
    out = {u: {"received": 0, "procedure": 0, "officer": 0, "overdue": 0, "dislike_over_like": 0, "reopened": 0}
           for u in unit_ids}
    for row in rows:
        counts = out[row["unit_id"]]
        counts["received"] += 1
        counts[row["classification"]] += 1
        counts["overdue"] += rules.is_overdue(_state(row), cutoff)
        counts["dislike_over_like"] += rules.dislikes_win(row["likes"], row["dislikes"])
        counts["reopened"] += row["reopened_at"] is not None and row["reopened_at"] < cutoff
    for counts in out.values():
        counts["5.1"] = (counts["procedure"], counts["received"])
        counts["5.2"] = (counts["received"] - counts["overdue"], counts["received"])
        counts["5.3"] = rules.petition_satisfaction(counts["received"], counts["dislike_over_like"],
                                                    counts["overdue"], counts["reopened"])
    return out


def _state(row) -> rules.PetitionState:
    return rules.PetitionState(
        is_open=row["status"] in Petition.OPEN, late=row["late"], answer_due_at=row["answer_due_at"],
        paused=row["status"] == Petition.Status.INFO_REQUESTED, to_publish=row["to_publish"],
        publish_due_at=row["publish_due_at"], published_at=row["published_at"])


def dossier_satisfaction_figures(unit_ids, start, end, *, now=None) -> dict[int, dict]:
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
    counts = {"received": _per_unit(received), "overdue": _per_unit(overdue),
              "with_petition_or_dislike": _per_unit(complained)}
    ratings = _rating_counts(unit_ids, start, end)
    out = {}
    for u in unit_ids:
        row = {name: per_unit.get(u, 0) for name, per_unit in counts.items()}
        row["5.4"] = rules.dossier_satisfaction(row["received"], row["overdue"], row["with_petition_or_dislike"])
        row["ratings"] = ratings.get(u, {})
        out[u] = row
    return out


def _per_unit(queryset) -> dict[int, int]:
    return dict(queryset.values_list("unit_id").annotate(n=Count("pk")).order_by())


def _rating_counts(unit_ids, start, end) -> dict[int, dict]:
    """Likes and dislikes per aspect of the ratings given in the period, per unit."""
    fields = ("overall", "attitude", "timeliness", "guidance")
    aggregates = {f"{field}_{verdict}": Count("pk", filter=Q(**{field: verdict}))
                  for field in fields for verdict in Verdict.values}
    rows = (Rating.objects.filter(unit_id__in=unit_ids, created_at__gte=start, created_at__lt=end)
            .values("unit_id").annotate(**aggregates).order_by())
    return {row.pop("unit_id"): row for row in rows}
