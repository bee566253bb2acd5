from django.urls import path

from . import views

app_name = "assistant"
urlpatterns = [
    path("tro-ly/", views.chat, name="chat"),
    path("nghiep-vu/tro-ly/", views.officer, name="officer"),
]
