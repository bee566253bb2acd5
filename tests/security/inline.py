"""What in a page the content security policy would block (decision 0533) — pure, used by the tests.

Inline <script> and <style> (the policy has no nonce, so a nonce would not save them), on* handler
attributes, hx-on (htmx runs it through Function), htmx trigger filters and js: values (eval),
javascript: URLs and style="…" attributes.
"""

import re
from html.parser import HTMLParser

HANDLER = re.compile(r"on[a-z]+$")
DATA_SCRIPTS = {"application/json", "application/ld+json", "text/template"}  # never run: allowed
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post"}
EVAL_ATTRIBUTES = {"hx-vals", "hx-vars", "hx-headers"}


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() not in DATA_SCRIPTS:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("inline <style>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if HANDLER.match(name):
                self.found.append(f"{name} handler on <{tag}>")
            elif name.startswith("hx-on"):
                self.found.append(f"{name} on <{tag}>")
            elif name == "style":
                self.found.append(f"style attribute on <{tag}>")
            elif name == "hx-trigger" and "[" in value:
                self.found.append(f"htmx trigger filter on <{tag}>")
            elif name in EVAL_ATTRIBUTES and value.startswith(("js:", "javascript:")):
                self.found.append(f"{name} evaluated on <{tag}>")
            elif name in URL_ATTRIBUTES and re.sub(r"\s", "", value).startswith("javascript:"):
                self.found.append(f"javascript: URL in {name} on <{tag}>")

    handle_startendtag = handle_starttag


def violations(html: str) -> list[str]:
    """Everything in ``html`` that the policy would block, in order of appearance."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
