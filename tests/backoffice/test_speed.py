"""What keeps the inbox and the dossier page cheap (issue #9): a pinned number of statements that
does not grow with the rows shown, one read-log INSERT, labels and filter boxes equal to Django's
own, and the rows escaped as the template escaped them."""

from datetime import timedelta

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from motcua.backoffice import filter_choices, inbox, labels, rows
from motcua.backoffice.widgets import FastHiddenInput, FastSelect, FastTextarea
from motcua.catalog.models import Field, RequiredDocument, UnitProcedure
from motcua.dossiers import services
from motcua.dossiers.models import Attachment, Dossier
from tests.fixtures_dossiers import make_procedure

from .conftest import client_for, online, pdf, received

pytestmark = pytest.mark.django_db
INBOX = "/nghiep-vu/ho-so/"

# After a first request (which also saves the session and fills the cached filter choices):
# session, user, role grants, units, the rows' segments (2 for "Việc của tôi": my steps, marked to
# me), the four tab counts in one statement, the page's steps, the read log's INSERT.
INBOX_MINE = 9
INBOX_OVERDUE = 8  # one segment
# Of these, the page's own: the dossier with its relations (read once, through the access
# filter), its steps, events, files and bundle members, and the officers the forward form offers;
# the rest: session, user, roles, the actor's roles, the printable forms, and the fee, delivery,
# feedback and readers panels of other apps, and the read log's INSERT.
DOSSIER_PAGE = 19


def statements(client, url, params=None) -> list[str]:
    client.get(url, params or {})  # warm: the session is saved, the filter choices cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def read_log_inserts(sqls) -> int:
    return sum(sql.startswith('INSERT INTO "audit_readrecord"') for sql in sqls)


def overdue(world, applicant):
    d = received(world, applicant)
    late = timezone.now() - timedelta(hours=3)
    Dossier.objects.filter(pk=d.pk).update(due_at=late, badly_overdue_at=late + timedelta(days=7))
    return d


@pytest.mark.parametrize("tab, make, expected", [("mine", received, INBOX_MINE), ("overdue", overdue, INBOX_OVERDUE)])
def test_the_inbox_statements_do_not_grow_with_its_rows(world, applicant, tab, make, expected):
    client = client_for(world.reception)
    make(world, applicant)
    assert len(statements(client, INBOX, {"tab": tab})) == expected
    for _ in range(4):
        make(world, applicant)
    sqls = statements(client, INBOX, {"tab": tab})
    assert len(sqls) == expected and read_log_inserts(sqls) == 1
    assert sum(" COUNT(*) " in sql for sql in sqls) == 1  # the four tabs together


def test_no_tab_reads_anything_per_row(world, applicant):
    """Only the row's columns are read (``only``): a column a row shows but the query skipped
    would cost one statement per row."""
    for _ in range(2):
        overdue(world, applicant)
        online(world, applicant)
        soon = received(world, applicant)
        Dossier.objects.filter(pk=soon.pk).update(due_at=timezone.now() + timedelta(minutes=30))
        services.perform(received(world, applicant), "withdraw", world.reception, comment="Công dân rút hồ sơ")
    client = client_for(world.reception)
    for tab in inbox.TABS:
        sqls = statements(client, INBOX, {"tab": tab})
        assert client.get(INBOX, {"tab": tab}).content.decode().count('class="bo-row') == 2 * (1 + (tab == "mine"))
        assert len(sqls) == (INBOX_MINE if tab == "mine" else INBOX_OVERDUE), tab


def test_the_dossier_page_statements_do_not_grow_with_its_files(world, applicant):
    d = received(world, applicant)
    client = client_for(world.reception)
    url = f"{INBOX}{d.public_id}/"
    assert len(statements(client, url)) == DOSSIER_PAGE
    document = RequiredDocument.objects.create(procedure=world.procedure, name="Tờ khai đăng ký khai sinh",
                                               position=1)
    for n in range(3):
        services.attach(d, pdf().read(), f"to-khai-{n}.pdf", actor=world.reception, document=document)
    sqls = statements(client, url)
    assert len(sqls) == DOSSIER_PAGE and read_log_inserts(sqls) == 1
    assert "Tờ khai đăng ký khai sinh" in client.get(url).content.decode()


def test_labels_are_those_of_get_display_in_each_language(world, applicant):
    d = online(world, applicant, submitted_via="self")
    attachment = Attachment(kind="result")
    for language in ("vi", "en"):
        with translation.override(language):
            shown = labels.of(d, "state", "channel", "submitted_via", "delivery", "applicant_kind")
            assert shown == {"state": d.get_state_display(), "channel": d.get_channel_display(),
                             "submitted_via": d.get_submitted_via_display(), "delivery": d.get_delivery_display(),
                             "applicant_kind": d.get_applicant_kind_display()}
            assert labels.of(attachment, "kind") == {"kind": attachment.get_kind_display()}
    with translation.override("en"):
        assert labels.of(d, "state") == {"state": "Awaiting reception"}
    d.state = "not-a-state"
    assert labels.of(d, "state") == {"state": "not-a-state"}


@pytest.mark.parametrize("value", [None, "", "2", 2, "9", 0, 'a "b" <c>'])
def test_the_fast_widgets_write_what_djangos_write(value):
    choices = [("", "—"), (1, "1.001193 — Đăng ký khai sinh"), (2, 'Tên có "ngoặc" & <thẻ>')]
    attrs = {"id": "id_procedure", "aria-invalid": "true", "disabled": False, "required": True}
    assert FastSelect(choices=choices).render("procedure", value, attrs) == \
        forms.Select(choices=choices).render("procedure", value, attrs)
    assert FastHiddenInput().render("forward-version", value, attrs) == \
        forms.HiddenInput().render("forward-version", value, attrs)
    textarea = {"rows": 2, "maxlength": 2000}
    assert FastTextarea(attrs=textarea).render("forward-comment", value, attrs) == \
        forms.Textarea(attrs=textarea).render("forward-comment", value, attrs)


def test_filter_choices_are_cached_and_forgotten_when_the_catalogue_changes(world, django_assert_num_queries):
    unit = world.org.commune_a
    filter_choices.forget()
    with django_assert_num_queries(1):
        procedures, fields = filter_choices.filter_choices([unit.pk])
    assert procedures == [(world.procedure.pk, "1.001193 — Đăng ký khai sinh")] and fields == []
    with django_assert_num_queries(0):
        assert filter_choices.filter_choices([unit.pk]) == (procedures, fields)
    civil = Field.objects.create(name="Hộ tịch")  # a save in this process empties the cache
    world.procedure.field = civil
    world.procedure.save()
    other = make_procedure("1.000656", "Đăng ký kết hôn", [unit])
    procedures, fields = filter_choices.filter_choices([unit.pk])
    assert [pk for pk, _ in procedures] == [other.pk, world.procedure.pk] and fields == [(civil.pk, "Hộ tịch")]
    UnitProcedure.objects.filter(unit=unit, procedure=other).update(is_enabled=False)  # no signal: cached
    assert len(filter_choices.filter_choices([unit.pk])[0]) == 2
    UnitProcedure.objects.get(unit=unit, procedure=other).save()
    assert len(filter_choices.filter_choices([unit.pk])[0]) == 1


def test_tab_counts_are_capped_per_segment_in_one_statement(world, applicant, monkeypatch):
    monkeypatch.setattr(inbox, "COUNT_CAP", 2)
    for _ in range(4):
        received(world, applicant)
    online(world, applicant)
    base = Dossier.objects.all()
    filters = inbox.Filters(unit_ids=(world.org.commune_a.pk, world.org.commune_b.pk))
    ctx = inbox.Context(world.reception, {world.org.commune_a.pk: frozenset({"reception"})}, timezone.now(),
                        {pk: timezone.now() for pk in filters.unit_ids})
    parts = {key: inbox.segments(inbox.TABS[key], filters, ctx, base) for key in ("mine", "reception", "overdue")}
    with CaptureQueriesContext(connection) as queries:
        counts = inbox.bounded_counts(parts)
    assert len(queries) == 1
    assert counts == {"mine": 3, "reception": 1, "overdue": 0}  # 4 received: capped at COUNT_CAP + 1
    assert inbox.bounded_counts({"mine": []}) == {"mine": 0}


def test_markup_escapes_as_format_html_does():
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    values = ('<script>"x" & \'y\'</script>', None, 3, mark_safe("<b>kept</b>"), translation.gettext_lazy("Chọn"))
    assert rows.markup("<td>{}|{}|{}|{}|{}</td>", *values) == format_html("<td>{}|{}|{}|{}|{}</td>", *values)


class Row:
    """An inbox row as the view hands it to ``rows.render``."""

    def __init__(self, **values):
        defaults = dict(public_id="7d3c", version=3, code="H15.50-260302-0001", applicant_name="Lê Văn <b>",
                        channel="online", submitted_via="self", state="processing", timeliness="", unit_id=1,
                        current_unit_id=1, current_unit=None, assignee_id=None, assignee=None, step=None,
                        procedure=type("P", (), {"name": "Đăng ký khai sinh", "code": "1.001193"}),
                        submitted_at=None, received_at=None, due_at=None, paused_at=None, level=None,
                        level_label="")
        vars(self).update({**defaults, **values})


def test_rows_escape_what_they_show_and_say_what_the_template_said():
    due_at = timezone.make_aware(timezone.datetime(2026, 3, 2, 16, 30))
    late = Row(due_at=due_at, level="overdue", level_label="Quá hạn", paused_at=due_at, code=None,
               submitted_via="counter", step=type("S", (), {"name": "Thẩm định"}), current_unit_id=2,
               current_unit=type("U", (), {"name": "Phòng Tư pháp"}), assignee_id=5, assignee="Trần Bình")
    html = rows.render([late], "overdue", True, lambda pk: f"/nghiep-vu/ho-so/{pk}/")
    for text in ('<tr class="bo-row lvl-overdue">', 'value="7d3c:3" aria-label="Chọn Lê Văn &lt;b&gt;"',
                 '<a class="bo-code" href="/nghiep-vu/ho-so/7d3c/">(chưa có mã)</a>',
                 "Trực tuyến · Tại quầy một cửa", 'Thẩm định <span class="small">(Phòng Tư pháp)</span><br>',
                 '<span class="badge bo-state-processing">Đang xử lý</span> <span class="small">→ Trần Bình</span>',
                 f'<span class="due due-overdue">{timezone.localtime(due_at):%H:%M %d/%m/%Y}</span>',
                 "Quá hạn · tạm dừng", "<td>Lê Văn &lt;b&gt;</td>"):
        assert text in html, text
    done = Row(received_at=due_at, timeliness="late")
    with translation.override("en"):
        html = rows.render([done], "done", False, lambda pk: "/x/")
    assert "bo-pick" not in html and 'class="badge bo-timeliness-late">Late</span>' in html
    assert f"{timezone.localtime(due_at):%d/%m/%Y}<div>" in html and "Online</div>" in html
