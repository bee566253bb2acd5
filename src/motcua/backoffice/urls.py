from django.urls import path

from .views import dossier, lists, printing, reception

app_name = "backoffice"
urlpatterns = [
    path("", lists.home, name="home"),
    path("ho-so/", lists.inbox_page, name="inbox"),
    path("ho-so/chuyen-buoc/", lists.bulk_forward, name="bulk_forward"),
    path("ho-so/<uuid:public_id>/", dossier.dossier_page, name="dossier"),
    path("ho-so/<uuid:public_id>/thao-tac/<slug:name>/", dossier.dossier_action, name="action"),
    path("ho-so/<uuid:public_id>/tep/<int:attachment_id>/", dossier.download, name="download"),
    path("ho-so/<uuid:public_id>/mau/<slug:key>.pdf", printing.form_pdf, name="form_pdf"),
    path("so-theo-doi/", printing.register, name="register"),
    path("tiep-nhan/", reception.pick_procedure, name="reception"),
    path("tiep-nhan/<str:code>/", reception.receive, name="receive"),
]
