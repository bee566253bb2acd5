"""The officer's forms: confirm a fee notice from the catalogue, take cash, deal with a transaction."""

import re

from django import forms

from motcua.core.errors import UserFacingError
from motcua.core.text import fold

from . import fees

NUMBER = {"inputmode": "numeric", "min": 0, "step": 1}


def legal_basis_for(procedure) -> str:
    """The procedure's legal documents about fees (title says phí / lệ phí), else all of them."""
    documents = procedure.legal_basis or []
    about_fees = [d for d in documents if re.search(r"\bphi\b", fold(d.get("title", "")))]
    return "; ".join(f"{d.get('number', '')} {d.get('title', '')}".strip() for d in about_fees or documents)


class FeeNoticeForm(forms.Form):
    """One row per catalogue fee of the dossier's channel (include, quantity, amount, exemption,
    reason, legal basis), one free row for a fee the catalogue lacks, and a note to the citizen."""

    note = forms.CharField(label="Ghi chú cho người nộp", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, catalogue_fees, procedure, **kwargs):
        super().__init__(*args, **kwargs)
        basis = legal_basis_for(procedure)
        self.rows = []
        for i, fee in enumerate(catalogue_fees):
            self._add_row(str(i), fee=fee, basis=basis)
        self._add_row("x", fee=None, basis=basis)

    def _add_row(self, key, *, fee, basis):
        known = fee is not None
        amount = fee.amount if known else None
        self.fields[f"{key}-include"] = forms.BooleanField(label="Thu khoản này", required=False,
                                                           initial=known and amount not in (None, 0))
        self.fields[f"{key}-name"] = forms.CharField(label="Tên khoản thu", required=False, max_length=500,
                                                     initial=fee.name if known else "")
        self.fields[f"{key}-unit_amount"] = forms.IntegerField(label="Mức thu (đồng)", required=False, min_value=0,
                                                               initial=amount, widget=forms.NumberInput(NUMBER))
        self.fields[f"{key}-quantity"] = forms.IntegerField(label="Số lượng", initial=1, min_value=1,
                                                            max_value=fees.MAX_QUANTITY,
                                                            widget=forms.NumberInput(NUMBER))
        self.fields[f"{key}-exempt"] = forms.BooleanField(label="Miễn", required=False)
        self.fields[f"{key}-reason"] = forms.CharField(label="Lý do điều chỉnh hoặc miễn", required=False, max_length=300)
        self.fields[f"{key}-legal_basis"] = forms.CharField(label="Căn cứ thu", required=False, max_length=1000,
                                                            initial=basis)
        if known:
            self.fields[f"{key}-name"].widget = forms.HiddenInput()
        self.rows.append({"key": key, "fee": fee, "fields": [(n, self[f"{key}-{n}"]) for n in
                          ("include", "name", "unit_amount", "quantity", "exempt", "reason", "legal_basis")]})

    def lines(self) -> list[fees.FeeLine] | None:
        """The chosen lines, checked; None (with the errors on the form) when something is wrong."""
        if not self.is_valid():
            return None
        data, chosen = self.cleaned_data, []
        for row in self.rows:
            key, fee = row["key"], row["fee"]
            if not data[f"{key}-include"]:
                continue
            line = fees.FeeLine(name=fee.name if fee else data[f"{key}-name"], unit_amount=data[f"{key}-unit_amount"],
                                quantity=data[f"{key}-quantity"] or 1, exempt=data[f"{key}-exempt"],
                                reason=data[f"{key}-reason"], catalogue_amount=fee.amount if fee else None,
                                legal_basis=data[f"{key}-legal_basis"], fee_id=fee.pk if fee else None)
            try:
                chosen.append(fees.check_line(line, f"{key}-"))
            except UserFacingError as err:
                self.add_error(err.field, err.message_vi)
        if self.errors:
            return None
        if not chosen:
            self.add_error(None, "Chọn ít nhất một khoản phí, lệ phí / choose at least one fee")
            return None
        return chosen


class CashForm(forms.Form):
    amount = forms.IntegerField(label="Số tiền đã thu (đồng)", min_value=1, widget=forms.NumberInput(NUMBER))


class TransactionForm(forms.Form):
    """Đối chiếu thủ công (assign to a dossier) or hoàn tiền (refund) of a gateway transaction."""

    action = forms.ChoiceField(choices=[("assign", "Gán cho hồ sơ"), ("refund", "Hoàn tiền")])
    dossier_code = forms.CharField(label="Mã hồ sơ", required=False, max_length=40)
    amount = forms.IntegerField(label="Số tiền hoàn (đồng)", required=False, min_value=1, widget=forms.NumberInput(NUMBER))
    reason = forms.CharField(label="Lý do", required=False, max_length=300)
