from django.urls import path

from . import report_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.home, name="home"),
    path("don-vi/<int:unit_id>/", views.unit_page, name="unit"),
    path("don-vi/<int:unit_id>/linh-vuc/<int:field_id>/", views.field_page, name="field"),
    path("xep-hang/", views.ranking, name="ranking"),
    path("so-sanh/", views.compare, name="compare"),
    path("man-hinh/", views.wall, name="wall"),
    path("trung-tam/<int:centre_id>/", views.centre_page, name="centre"),
    path("bao-cao/", report_views.report_list, name="reports"),
    path("bao-cao/<int:job_id>/trang-thai/", report_views.report_row, name="report_row"),
    path("bao-cao/<int:job_id>/tai-ve/", report_views.report_download, name="report_download"),
    path("chi-so-ngoai/", report_views.external_entries, name="external"),
]
