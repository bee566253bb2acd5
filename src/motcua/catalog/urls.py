from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/in/", views.print_sheet, name="print"),
]
