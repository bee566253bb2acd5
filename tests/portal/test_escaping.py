"""Script payloads typed into the form come back as text on every page that shows them."""

import pytest
from django.urls import reverse

from motcua.dossiers import services

from .conftest import at

pytestmark = pytest.mark.django_db

NAME = '<script>alert("ten")</script>Nguyễn Văn An'
ADDRESS = '"><img src=x onerror=alert(1)> 12 Lê Lợi'
COMMENT = "<script>alert('lydo')</script>Thiếu giấy chứng sinh"


@pytest.fixture
def hostile(world, citizen):
    applicant = services.Applicant(name=NAME, id_number="001098012345", phone="0912345678", address=ADDRESS)
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen, submit=True, now=at(2026, 3, 2, 8, 0))
    return services.perform(d, "request_completion", world.reception, comment=COMMENT)


def assert_escaped(page: str):
    for raw in ("<script>alert", "<img src=x", "onerror=alert(1)>"):
        assert raw not in page


def test_owner_pages_escape_name_address_and_reasons(citizen_client, hostile):
    page = citizen_client.get(reverse("portal:dossier", args=[hostile.public_id])).content.decode()
    assert_escaped(page)
    assert "&lt;script&gt;alert(&quot;ten&quot;)&lt;/script&gt;Nguyễn Văn An" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; 12 Lê Lợi" in page
    assert "&lt;script&gt;alert(&#x27;lydo&#x27;)&lt;/script&gt;Thiếu giấy chứng sinh" in page
    for name in ("withdraw", "submitted"):
        assert_escaped(citizen_client.get(reverse(f"portal:{name}", args=[hostile.public_id])).content.decode())
    assert_escaped(citizen_client.get(reverse("portal:my_dossiers")).content.decode())


def test_the_draft_form_escapes_what_it_fills_back(citizen_client, world, citizen):
    applicant = services.Applicant(name=NAME, id_number="001098012345", phone="0912345678", address=ADDRESS)
    draft = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                            applicant=applicant, actor=citizen, owner=citizen)
    page = citizen_client.get(reverse("portal:edit_draft", args=[draft.public_id])).content.decode()
    assert_escaped(page)
    assert 'value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt; 12 Lê Lợi"' in page
    assert 'value="&lt;script&gt;alert(&quot;ten&quot;)&lt;/script&gt;Nguyễn Văn An"' in page


def test_a_rejected_form_escapes_what_it_shows_again(citizen_client, world):
    response = citizen_client.post(reverse("portal:submit", args=[world.procedure.code]), {
        "unit": world.org.commune_a.pk, "applicant_kind": "citizen", "applicant_name": NAME,
        "applicant_id_number": "1", "applicant_phone": "0912345678", "applicant_address": ADDRESS,
        "delivery": "counter", "action": "draft"})
    page = response.content.decode()
    assert_escaped(page)
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số" in page  # it was shown again, not saved
    assert 'value="&lt;script&gt;alert(&quot;ten&quot;)&lt;/script&gt;Nguyễn Văn An"' in page


def test_the_public_lookup_escapes_the_masked_name(client, world, citizen):
    applicant = services.Applicant(name="<b>x</b> <script>y", id_number="001098012345", phone="0912345678")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=citizen, owner=citizen, submit=True, now=at(2026, 3, 2, 8, 0))
    services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))
    page = client.post("/tra-cuu/", {"code": "H99.50-260302-0001", "factor": "5678"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt; &lt;." in page and "<b>x</b>" not in page
