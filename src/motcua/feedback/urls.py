from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("danh-gia/ho-so/<uuid:public_id>/", views.rate_own, name="rate_own"),
    path("danh-gia/<str:token>/", views.rate_link, name="rate_link"),
    path("may-tinh-bang/<str:token>/", views.tablet, name="tablet"),
    path("moi-danh-gia/<uuid:public_id>/", views.tablet_invite, name="tablet_invite"),
    path("phan-anh/", views.petition_new, name="petition_new"),
    path("phan-anh/<uuid:public_id>/", views.track, name="track"),
    path("phan-anh/<uuid:public_id>/bo-sung/", views.track_info, name="track_info"),
    path("phan-anh/<uuid:public_id>/phan-anh-lai/", views.track_reopen, name="track_reopen"),
    path("phan-anh/<uuid:public_id>/y-kien/", views.track_vote, name="track_vote"),
    path("hoi-dap/", views.answers, name="answers"),
    path("hoi-dap/<uuid:public_id>/y-kien/", views.answer_vote, name="answer_vote"),
    path("nghiep-vu/", views.staff_list, name="staff_list"),
    path("nghiep-vu/ghi-nhan/", views.staff_intake, name="staff_intake"),
    path("nghiep-vu/buoi-tiep/", views.staff_meeting, name="staff_meeting"),
    path("nghiep-vu/may-tinh-bang/", views.tablets, name="tablets"),
    path("nghiep-vu/moi-danh-gia/", views.returned_today, name="returned_today"),
    path("nghiep-vu/<uuid:public_id>/", views.staff_detail, name="staff_detail"),
    path("nghiep-vu/<uuid:public_id>/<slug:name>/", views.staff_detail, name="staff_action"),
]
