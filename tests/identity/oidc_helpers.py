"""Driving the VNeID sign-in over real HTTP against the live server (no browser), as a browser would."""

import re
from urllib.parse import parse_qs, urlparse

import requests

from motcua.identity.models import SimulatedCitizen

PASSWORD = "Vneid-Thu-2026"


def make_citizen(personal_id="001199012345", full_name="Nguyễn Văn Bình", level=2):
    from datetime import date

    citizen = SimulatedCitizen(personal_id=personal_id, full_name=full_name, birth_date=date(1999, 2, 3), level=level)
    citizen.set_password(PASSWORD)
    citizen.save()
    return citizen


def csrf_from(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def start(session: requests.Session, base: str, query: str = "") -> requests.Response:
    """GET the relying party's start address and follow to the simulator's sign-in page."""
    return session.get(f"{base}/tai-khoan/vneid/{query}", allow_redirects=True, timeout=10)


def sign_in_at_provider(session, page: requests.Response, personal_id: str, password: str = PASSWORD):
    """Post the simulator's sign-in form; returns the redirect to the relying party (not followed)."""
    return session.post(page.url, data={"csrfmiddlewaretoken": csrf_from(page.text), "personal_id": personal_id,
                                        "password": password},
                        headers={"Referer": page.url}, allow_redirects=False, timeout=10)


def code_and_state(response) -> tuple[str, str]:
    query = parse_qs(urlparse(response.headers["Location"]).query)
    return query["code"][0], query["state"][0]


def full_sign_in(session, base, personal_id, query=""):
    """Start → provider sign-in → callback; returns the callback's final response."""
    page = start(session, base, query)
    back = sign_in_at_provider(session, page, personal_id)
    assert back.status_code == 302, back.text[:500]
    return session.get(back.headers["Location"], allow_redirects=True, timeout=10)
