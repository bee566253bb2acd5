"""The counter console's panel, rendered after every call and every 5 s poll: what it shows, and
how many statements it costs (pinned so that it cannot creep back up: decision 0602)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.queueing import services
from motcua.queueing.views.counter import _context

pytestmark = pytest.mark.django_db


def _statements(queries) -> list[str]:
    """What was sent, without the savepoints the test's own transaction turns BEGIN/COMMIT into."""
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]


def _panel(counter):
    with CaptureQueriesContext(connection) as queries:
        context = _context(counter)
    return context, len(_statements(queries))


def test_the_panel_counts_today_waiting_per_service_and_marks_the_counters_own(q):
    c1 = q.counters[0]  # serves civil only
    for _ in range(3):
        services.issue_ticket(q.civil)
    services.issue_ticket(q.land)
    services.issue_ticket(q.land, now=timezone.now() - timezone.timedelta(days=1))  # yesterday's: not counted
    context, statements = _panel(c1)
    assert [(g.code, g.waiting, g.mine) for g in context["groups"]] == [("1", 3, True), ("2", 1, False)]
    assert context["current"] is None and list(context["other_counters"]) == []
    assert statements == 2  # tickets at the counter, services with counts; nothing to transfer


def test_with_a_ticket_to_transfer_the_panel_adds_the_other_counters(q):
    c1, c2, c3 = q.counters
    services.issue_ticket(q.civil, priority=q.elderly)
    services.issue_ticket(q.civil)
    called = services.call_next(c1, q.officers[0])
    context, statements = _panel(c1)
    current = context["current"]
    assert (current.pk, current.group_name, current.priority_name) == (called.pk, q.civil.name, q.elderly.name)
    assert context["dossiers"] == [] and not current.has_dossiers
    assert [g.waiting for g in context["groups"]] == [1, 0]
    assert [c["pk"] for c in context["other_counters"]] == [c2.pk, c3.pk]
    assert statements == 3


def test_a_held_ticket_is_listed_with_its_service(q):
    c1 = q.counters[0]
    services.issue_ticket(q.civil)
    held = services.act(services.call_next(c1, q.officers[0]), "hold", c1, q.officers[0])
    context, statements = _panel(c1)
    assert context["current"] is None
    assert [(t.pk, t.group_name) for t in context["held"]] == [(held.pk, q.civil.name)]
    assert statements == 2


def test_a_ticket_with_dossiers_lists_them_for_one_statement_more(q, world, applicant):
    from motcua.dossiers import services as dossiers

    c1 = q.counters[0]
    services.issue_ticket(q.civil)
    ticket = services.act(services.call_next(c1, q.officers[0]), "start", c1, q.officers[0])
    dossier = dossiers.create(procedure=world.procedure, unit=q.org.commune_a, channel="direct",
                              applicant=applicant, owner=None, submit=False)
    services.link_dossier(ticket, dossier)
    context, statements = _panel(c1)
    assert [link.dossier for link in context["dossiers"]] == [dossier]
    assert context["reception_url"].endswith(f"?ticket={ticket.pk}")
    assert statements == 4


@pytest.mark.postgres
def test_a_call_request_costs_nine_statements(client, q):
    """Session, user, roles (second factor), counter, units (permission), the call, the panel's
    three: pinned on PostgreSQL, where the call is one statement."""
    client.force_login(q.officers[0])
    url = reverse("queueing:console-action", args=[q.counters[0].pk, "call"])
    client.post(url, HTTP_HX_REQUEST="true")  # nobody waits; the session is touched, the settings remembered
    services.issue_ticket(q.civil)
    services.issue_ticket(q.civil)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "1001" in response.content.decode()
    assert len(_statements(queries)) <= 9, "\n".join(_statements(queries))
