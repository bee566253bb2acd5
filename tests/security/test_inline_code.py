"""No page carries code the enforced content security policy would block (decision 0533): every page of
the URL table (the isolation matrix's walk), rendered for every role on objects of the role's own unit,
is searched for inline scripts, handlers, hx-on, eval'd htmx attributes and style attributes."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from motcua.accounts.models import Role, User
from motcua.catalog.models import Field, Procedure
from tests.security.inline import violations
from tests.security.test_isolation_matrix import (PUBLIC, RECIPES, URLS, _arguments, _foreign,
                                                  _names_without_arguments, _value, worlds)  # noqa: F401

# Public pages taking an argument that names one of the own objects below; the others (tokens of
# tickets, links sent to a person, lockers) have their own app's browser tests.
PUBLIC_ARGUMENTS = {"code": "procedure.code", "centre": "centre.code", "public_id": "dossier.public_id"}


def test_the_finder_sees_what_the_policy_blocks():
    page = """<script>alert(1)</script><script src="/s.js"></script><script type="application/json">{}</script>
      <button onclick="x()">a</button><form hx-on::after-request="y()"></form><p style="color: red">b</p>
      <a href=" JavaScript:go()">c</a><div hx-trigger="every 5s[ok()]"></div><div hx-vals="js:{a: 1}"></div>
      <style>p {}</style><svg onload="z()"/><p>onclick="not an attribute" style=</p>"""
    assert violations(page) == [
        "inline <script>", "onclick handler on <button>", "hx-on::after-request on <form>",
        "style attribute on <p>", "javascript: URL in href on <a>", "htmx trigger filter on <div>",
        "hx-vals evaluated on <div>", "inline <style>", "onload handler on <svg>"]


def test_allowed_markup_passes():
    page = """<script src="/static/motcua/htmx.min.js" defer></script><button data-print>In</button>
      <div hx-get="/x" hx-trigger="every 5s" data-poll-pauses-in-form hx-headers='{"X-CSRFToken": "t"}'></div>
      <span data-band="#1b7f3b">Tốt</span><a href="/thu-tuc/?q=javascript:">q</a>"""
    assert violations(page) == []


@pytest.fixture
def own(worlds):  # noqa: F811
    """Objects of the users' own unit, built as the matrix builds foreign ones."""
    users, _, _ = worlds
    manager, procedure = users[Role.CENTRE_MANAGER].roles.get(), Procedure.objects.get(code="1.001193")
    objects = _foreign(procedure, manager.unit, manager.province, "own", manager.centre,
                       manager.centre.counters.order_by("number").first(), Field.objects.get(code="HT"))
    objects.procedure = procedure
    return objects


def _urls(own) -> list[str]:
    urls = [reverse(name) for name in _names_without_arguments() if not name.startswith("admin:")]
    for recipe, names in URLS.items():
        for name in names:
            if not name.startswith("api:"):
                urls.append(reverse(name, kwargs={arg: _value(own, RECIPES[recipe][arg][0]) for arg in _arguments(name)}))
    for name in sorted(PUBLIC):
        try:
            urls.append(reverse(name, kwargs={arg: _value(own, PUBLIC_ARGUMENTS[arg]) for arg in _arguments(name)}))
        except (KeyError, NoReverseMatch):
            continue  # an argument none of the own objects gives
    return urls


def test_no_page_carries_code_the_policy_blocks(worlds, own):
    users, _, _ = worlds
    clients = {"anonymous": Client()}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    found, pages, shown = {}, 0, set()
    for url in _urls(own):
        for role, client in clients.items():
            response = client.get(url)
            if response.status_code != 200 or response.streaming \
                    or not response.get("Content-Type", "").startswith("text/html"):
                continue
            pages, problems = pages + 1, violations(response.content.decode())
            shown.add(url)
            if problems:
                found[url] = sorted(set(problems))
    assert found == {}, found
    assert pages > 250 and len(shown) >= 50, (pages, len(shown))  # 298 pages at 53 addresses when written
    for name, kwargs in (("backoffice:dossier", {"public_id": own.dossier.public_id}),
                         ("catalog:detail", {"code": own.procedure.code}), ("queueing:board", {"centre": own.centre.code}),
                         ("queueing:console", {"counter": own.counter.pk}), ("monitoring:centre", {"centre_id": own.centre.pk})):
        assert reverse(name, kwargs=kwargs) in shown, name
