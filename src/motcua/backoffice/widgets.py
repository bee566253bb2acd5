"""A select box written in Python (hộp chọn): the same HTML as Django's ``Select``, without its
templates.

Django renders a select through one template plus an ``{% include %}`` of the attributes per
option; the inbox's procedure list has dozens of options, and the four filter boxes cost about a
tenth of the page's CPU. Only flat choices (no groups) and a single value, which is all the inbox
filters use.
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


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        final = self.build_attrs(self.attrs, attrs)
        options = format_html_join("", '\n  <option value="{}"{}>{}</option>\n', (
            (v, mark_safe(" selected") if str(v) == chosen else "", label)
            for v, label in self.choices))
        return format_html('<select name="{}"{}>{}\n</select>', name, mark_safe(_attrs(final)), options)
