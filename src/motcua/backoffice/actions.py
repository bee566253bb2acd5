"""Which actions the dossier page offers an officer, and carrying one out through the services."""

from django.db import transaction

from motcua.dossiers import services
from motcua.dossiers.workflow import allowed_actions

from .forms import FORMS, ActionForm

# Done by the system or by the citizen's own submission, never from a button on this page.
NOT_OFFERED = frozenset({"submit", "bundle_complete"})


def next_and_previous(dossier, steps) -> tuple:
    """The processing steps after and before the current one (the last step is the return desk)."""
    processing = steps[:-1]
    later = [s for s in processing if s.position > dossier.step_position]
    earlier = [s for s in processing if s.position < dossier.step_position]
    return (later[0] if later else None), (earlier[-1] if earlier else None)


def offered(dossier, roles: set[str], steps: list) -> list:
    """Allowed actions (workflow.allowed_actions) that make sense here: no forwarding past the
    last processing step, no sending back from the first."""
    following, previous = next_and_previous(dossier, steps)
    hidden = set(NOT_OFFERED)
    if following is None:
        hidden.add("forward")
    if previous is None:
        hidden.add("send_back")
    return [a for a in allowed_actions(dossier.state, roles) if a.name not in hidden]


def form_for(action, dossier, steps, data=None, files=None) -> ActionForm:
    form_class = FORMS.get(action.name, ActionForm)
    extra = {"next_step": next_and_previous(dossier, steps)[0]} if action.name == "forward" else {}
    return form_class(data, files, dossier=dossier, action=action, **extra)


def run(form: ActionForm, user):
    """Perform the action and store its files in one transaction: all of it, or nothing."""
    data = form.cleaned_data
    with transaction.atomic():
        dossier = services.perform(form.dossier, form.action.name, user, expected_version=data["version"],
                                   comment=data.get("comment", ""), **form.params())
        for upload, kind in form.uploads():
            services.attach(dossier, upload.read(), upload.name, actor=user, kind=kind)
    return dossier
