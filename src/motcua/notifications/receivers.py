"""Writes outbox messages for every dossier change, in the change's own transaction."""

from django.dispatch import receiver

from motcua.dossiers.signals import dossier_changed
from motcua.integrations import dvcqg

from . import services, texts


@receiver(dossier_changed)
def on_dossier_changed(sender, dossier, event, **kwargs):
    ref = dossier.public_id
    sync = dvcqg.message_for(dossier, event)
    if sync:
        services.enqueue("dvcqg", f"dvcqg:{ref}:{event.seq}", f"dvcqg:{dossier.pk}", event.seq, sync)
    text = texts.message_for(dossier, event)
    if text and dossier.applicant_phone:
        services.enqueue("sms", f"sms:{ref}:{event.seq}", f"sms:{dossier.pk}", event.seq,
                         {"to": dossier.applicant_phone, "text": text}, recipient=dossier.applicant_phone)
    if text and dossier.applicant_email:
        services.enqueue("email", f"email:{ref}:{event.seq}", f"email:{dossier.pk}", event.seq,
                         {"to": dossier.applicant_email, "subject": f"Hồ sơ {dossier.code or dossier.procedure.code}",
                          "text": text}, recipient=dossier.applicant_email)
