"""Reading the forms of a page (as a browser would) to fill every text field with a payload."""

from html.parser import HTMLParser

TEXT_TYPES = {"text", "search", "email", "tel", "url", ""}


class Form:
    def __init__(self, action, attrs):
        self.action, self.attrs = action, attrs
        self.fields: dict[str, str] = {}   # name → default value (hidden, selects, checked boxes)
        self.text: list[str] = []          # names a person types into (text inputs, textareas)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = Form(a.get("action") or "", a)
            self.forms.append(self._form)
        elif tag == "option" and self._form and self._select and self._select not in self._form.fields:
            if a.get("value"):  # the first real choice, not the "— choose —" placeholder
                self._form.fields[self._select] = a["value"]
        elif self._form is None or not a.get("name"):
            return
        elif tag == "textarea":
            self._form.text.append(a["name"])
        elif tag == "input":
            kind = (a.get("type") or "").lower()
            if kind in TEXT_TYPES:
                self._form.text.append(a["name"])
            elif kind in ("hidden", "number", "date", "datetime-local", "time") or (
                    kind in ("checkbox", "radio") and "checked" in a):
                self._form.fields.setdefault(a["name"], a.get("value", "on"))
        elif tag == "select":
            self._select = a["name"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
