"""Template helpers of the fee pages, and the two fee panels other apps include.

    {% load payments %}
    {% citizen_fee_panel dossier %}   portal: what to pay and the link to the payment page
    {% officer_fee_panel dossier %}   back office: notice status, issue or correct it, take cash
"""

from django import template

register = template.Library()


@register.filter
def vnd(amount):
    """50000 → '50.000 đồng', 0 → '0 đồng' (a total, not the catalogue's "Miễn phí"); None → '—'."""
    return "—" if amount is None else f"{amount:,} đồng".replace(",", ".")


@register.filter
def receipt_no(receipt):
    """'H99.50-26/0000012': the series and the seven-digit number."""
    return f"{receipt.series}/{receipt.number:07d}" if receipt else ""


def _panel(dossier):
    from ..views import fee_context

    return fee_context(dossier)


@register.inclusion_tag("payments/_fee_panel_citizen.html")
def citizen_fee_panel(dossier):
    return _panel(dossier)


@register.inclusion_tag("payments/_fee_panel_officer.html")
def officer_fee_panel(dossier):
    return _panel(dossier)
