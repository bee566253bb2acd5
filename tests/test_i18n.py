"""English interface (giao diện tiếng Anh): pages in English after the header switch, and a complete catalogue.

Vietnamese is the source language (the msgid); src/motcua/locale/en/LC_MESSAGES/django.po holds the English.
The catalogue tests read the .po with a small parser of their own (the project does not depend on polib)
and the committed .mo with the standard library's gettext, so a stale or partial .mo fails here.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

from tests.catalog.catalogue_samples import make_catalogue

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO, MO = LC_MESSAGES / "django.po", LC_MESSAGES / "django.mo"
SOURCE = Path(settings.LOCALE_PATHS[0]).parent
# Placeholders and markup a translation must keep: %(n)s, {step}, <strong> …
KEPT = re.compile(r"%\(\w+\)s|\{\w+\}|<[^>]+>")


# -- reading the catalogue ------------------------------------------------------------------------

def read_po(text: str) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr or msgstr[i], and flags."""
    entries, entry, key = [], {"flags": set()}, None
    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)  # PO escapes (\n, \", \\) are Python's
        else:
            key, quoted = line.split(" ", 1)
            entry[key] = ast.literal_eval(quoted)
    return entries


def expected_mo_catalog(entries: list[dict]) -> dict:
    """What msgfmt should put in the .mo, keyed as gettext.GNUTranslations keys its catalogue."""
    catalog = {}
    for e in entries:
        msgid = e["msgid"] if "msgctxt" not in e else f"{e['msgctxt']}\x04{e['msgid']}"
        if "msgid_plural" in e:
            catalog.update({(msgid, int(k[7:-1])): v for k, v in e.items() if k.startswith("msgstr[")})
        else:
            catalog[msgid] = e["msgstr"]
    return catalog


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return read_po(PO.read_text(encoding="utf-8"))


def translations(entry: dict) -> list[str]:
    return [v for k, v in entry.items() if k.startswith("msgstr")]


def test_the_parser_reads_continuations_plurals_and_flags():
    text = ('#, fuzzy, python-format\nmsgid ""\n"Tìm thấy %(n)s "\n"thủ tục"\nmsgid_plural "x"\n'
            'msgstr[0] "Found %(n)s procedure"\nmsgstr[1] "Found \\"%(n)s\\""\n\nmsgid "a"\nmsgstr ""\n')
    first, second = read_po(text)
    assert first["msgid"] == "Tìm thấy %(n)s thủ tục" and first["msgstr[1]"] == 'Found "%(n)s"'
    assert first["flags"] == {"fuzzy", "python-format"}
    assert expected_mo_catalog([second]) == {"a": ""}


def test_every_message_has_an_english_translation(entries):
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 290  # the catalogue holds the whole interface, not a sample
    untranslated = [e["msgid"] for e in messages if not all(t.strip() for t in translations(e))]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert untranslated == [] and fuzzy == []


def test_translations_keep_placeholders_and_markup(entries):
    for e in entries:
        if not e["msgid"]:
            continue
        wanted = sorted(KEPT.findall(e["msgid"]))
        for text in translations(e):
            assert sorted(KEPT.findall(text)) == wanted, e["msgid"]


def test_the_header_declares_english_and_its_plural_rule(entries):
    header = entries[0]["msgstr"]
    assert "Language: en\n" in header and "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "fuzzy" not in entries[0]["flags"]  # a fuzzy header makes msgfmt drop the charset


def test_the_compiled_mo_matches_the_po(entries):
    """A .po edited without running compilemessages leaves a .mo that differs here."""
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    compiled.pop("", None)
    assert compiled == {k: v for k, v in expected_mo_catalog(entries).items() if k != ""}


def test_django_serves_the_catalogue_in_english_and_leaves_vietnamese_alone():
    with translation.override("en"):
        assert translation.gettext("Trung tâm Phục vụ hành chính công") == "Public Administrative Service Centre"
        assert translation.ngettext("%(n)s đơn vị", "%(n)s đơn vị", 1) % {"n": 1} == "1 unit"
        assert translation.ngettext("%(n)s đơn vị", "%(n)s đơn vị", 3) % {"n": 3} == "3 units"
    with translation.override("vi"):
        assert translation.gettext("Trung tâm Phục vụ hành chính công") == "Trung tâm Phục vụ hành chính công"


# Literal strings of {% translate "…" %} and gettext("…")/_("…") in the shipped code.
TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1""")
CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy|gettext_noop|pgettext)\(\s*(["'])(.+?)\1\s*[,)]""")


def source_strings() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*"):
        if "tests" in path.parts or path.suffix not in {".html", ".py", ".txt"}:
            continue
        pattern = TAG if path.suffix in {".html", ".txt"} else CALL
        found |= {m[1] for m in pattern.findall(path.read_text(encoding="utf-8"))}
    return found


def test_every_translate_tag_and_gettext_call_is_in_the_catalogue(entries):
    """A new string without a makemessages run would show in Vietnamese on the English pages."""
    known = {e["msgid"] for e in entries}
    missing = sorted(s for s in source_strings() - known if not s.isascii())
    assert missing == [], "run makemessages -l en, translate, compilemessages (docs/developers/translations.md)"


# -- pages in English ----------------------------------------------------------------------------

@pytest.fixture
def english(client, db):
    """A visitor who pressed "English" in the site header (Django's set_language view)."""
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


def page_text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def assert_english(html: str, pairs: dict[str, str]):
    """Each English text is on the page and its Vietnamese source is not."""
    for vietnamese, english in pairs.items():
        assert english in html, english
        assert vietnamese not in html, vietnamese


def test_home_page_in_english(english):
    html = page_text(english.get("/"))
    assert '<html lang="en"' in html
    assert_english(html, {
        "Tra cứu thủ tục, nộp hồ sơ, theo dõi kết quả": "Find procedures, submit dossiers, follow results",
        "Xem hồ sơ đã nộp đang ở đâu, bằng mã hồ sơ trên giấy tiếp nhận":
            "See where a submitted dossier is, using the dossier code on the receipt",
        "Trung tâm Phục vụ hành chính công": "Public Administrative Service Centre",
        "Hồ sơ của tôi": "My dossiers",
    })
    assert "Which procedure do you need?" in html  # (the assistant widget still asks in Vietnamese)
    assert ">Tiếng Việt</button>" in html  # the switch now offers the way back


def test_home_page_is_vietnamese_without_a_choice(client, db):
    html = page_text(client.get("/", headers={"accept-language": "vi"}))
    assert "Tra cứu thủ tục, nộp hồ sơ, theo dõi kết quả" in html and ">English</button>" in html


def test_catalogue_search_in_english_with_plural_counts(english):
    make_catalogue()
    html = page_text(english.get("/thu-tuc/", {"q": "1.001193"}))
    assert re.search(r"Found <strong>1</strong> procedure\b(?!s)", html)
    assert_english(html, {"Tra cứu thủ tục hành chính": "Find an administrative procedure",
                          "Lọc theo lĩnh vực, cấp, nơi tiếp nhận": "Filter by field, level and reception point"})
    assert "Tìm thấy" not in html
    everything = page_text(english.get("/thu-tuc/"))
    assert re.search(r"<strong>9</strong> procedures", everything)  # nine active procedures
    nothing = page_text(english.get("/thu-tuc/", {"q": "zzzz qqqq"}))
    assert_english(nothing, {"Không tìm thấy thủ tục phù hợp.": "No matching procedure found."})


def test_lookup_page_in_english(english):
    html = page_text(english.get("/tra-cuu/"))
    assert_english(html, {"Tra cứu hồ sơ": "Track a dossier",
                          "Ví dụ: số điện thoại 0912 345 678 thì nhập 5678.":
                              "For example: for the phone number 0912 345 678, enter 5678."})
    missing = page_text(english.post("/tra-cuu/", {"code": "H99.50-260302-0001", "factor": "5678"}))
    assert_english(missing, {"Không tìm thấy hồ sơ với mã và 4 chữ số này.":
                             "No dossier found with this code and these 4 digits."})


def test_sign_in_page_in_english_by_cookie(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page_text(client.get("/tai-khoan/dang-nhap/"))
    assert_english(html, {"Đăng nhập bằng VNeID": "Sign in with VNeID", "Tên đăng nhập": "Username",
                          "Mật khẩu": "Password", "Cán bộ, công chức và tài khoản do trung tâm cấp:":
                              "Officials and accounts issued by the centre:"})


# -- the switch in a browser ---------------------------------------------------------------------

@pytest.mark.browser
def test_the_header_switch_turns_the_site_english_and_back(live_server, page, transactional_db):
    make_catalogue()
    page.goto(live_server.url + "/thu-tuc/?q=ket+hon")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/thu-tuc/\?q=ket\+hon$"))  # the same page, now in English
    expect(page.locator("h1")).to_have_text("Find an administrative procedure")
    expect(page.get_by_role("status")).to_contain_text("procedures for")
    Path("test-artifacts").mkdir(exist_ok=True)
    page.screenshot(path="test-artifacts/i18n-catalog-en.png", full_page=True)
    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign in with VNeID")).to_be_visible()
    page.screenshot(path="test-artifacts/i18n-login-en.png", full_page=True)
    page.get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("h1")).to_have_text("Đăng nhập")
