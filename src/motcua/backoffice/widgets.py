"""Form widgets written in Python: the same HTML as Django's, without its templates.

Django renders every widget through a template plus an ``{% include %}`` of its attributes (and a
select, one more per option): 0.15–0.25 ms a widget. The inbox's four filter boxes cost a tenth of
the page, the dossier page's action forms (a hidden version, a comment, a select) a tenth of that
one. These render the inbox filters and the action forms; tests/backoffice/test_speed.py checks
each against Django's own output. Select: flat choices (no groups), one value.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """' key="value"' per attribute, a bare key for True, nothing for False/None (attrs.html)."""
    parts = []
    for key, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", key))
        elif value is not False and value is not None:
            parts.append(format_html(' {}="{}"', key, value))
    return "".join(parts)


class FastHiddenInput(forms.HiddenInput):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        shown = "" if value is None else format_html(' value="{}"', value)
        return format_html('<input type="hidden" name="{}"{}{}>', name, shown,
                           mark_safe(_attrs(self.build_attrs(self.attrs, attrs))))


class FastTextarea(forms.Textarea):
    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html('<textarea name="{}"{}>\n{}</textarea>', name,
                           mark_safe(_attrs(self.build_attrs(self.attrs, attrs))), value or "")


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        final = self.build_attrs(self.attrs, attrs)
        options = format_html_join("", '\n  <option value="{}"{}>{}</option>\n', (
            (v, mark_safe(" selected") if str(v) == chosen else "", label)
            for v, label in self.choices))
        return format_html('<select name="{}"{}>{}\n</select>', name, mark_safe(_attrs(final)), options)
