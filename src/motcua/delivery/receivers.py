"""Keeping result files in the store of electronic results, inside the transaction that adds them.

A result file may be attached before the dossier is completed (kept on completion) or, as the
back office does, right after the completing action in the same transaction (kept on save).
"""

from motcua.dossiers.workflow import State

from . import results

FINISHED = (State.COMPLETED, State.RETURNED)


def keep_results(sender, dossier, event, **kwargs):
    if event.to_state == State.COMPLETED and event.from_state != State.COMPLETED:
        results.store(dossier)


def keep_new_result_file(sender, instance, created, **kwargs):
    if created and instance.kind == instance.Kind.RESULT and instance.dossier.state in FINISHED:
        results.store(instance.dossier)
