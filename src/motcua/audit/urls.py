from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("nhat-ky-truy-cap/", views.read_log, name="read_log"),
]
