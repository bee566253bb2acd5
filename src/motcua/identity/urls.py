from django.urls import path

from . import views

app_name = "identity"
urlpatterns = [
    path("vneid/", views.vneid_start, name="vneid_start"),
    path("vneid/ve/", views.vneid_callback, name="vneid_callback"),
    path("xac-thuc-hai-yeu-to/", views.second_factor, name="second_factor"),
    path("xac-thuc-hai-yeu-to/cai-dat/", views.enrol, name="enrol"),
]
