from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    # The catalogue's procedure page links here (reverse("portal:submit")).
    path("ho-so/nop/<str:code>/", views.submit, name="submit"),
    path("ho-so/cua-toi/", views.my_dossiers, name="my_dossiers"),
    path("ho-so/cua-toi/<uuid:public_id>/", views.dossier, name="dossier"),
    path("ho-so/cua-toi/<uuid:public_id>/sua/", views.edit_draft, name="edit_draft"),
    path("ho-so/cua-toi/<uuid:public_id>/xoa/", views.delete_draft, name="delete_draft"),
    path("ho-so/cua-toi/<uuid:public_id>/da-nop/", views.submitted, name="submitted"),
    path("ho-so/cua-toi/<uuid:public_id>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so/cua-toi/<uuid:public_id>/rut/", views.withdraw, name="withdraw"),
    path("ho-so/cua-toi/<uuid:public_id>/tep/<int:pk>/", views.attachment, name="attachment"),
    path("tra-cuu/", views.lookup, name="lookup"),
]
