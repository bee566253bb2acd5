from django.urls import path

from . import views

app_name = "delivery"
urlpatterns = [
    path("quay-tra/", views.desk_page, name="desk"),
    path("ho-so/<uuid:public_id>/buu-chinh/", views.ship, name="ship"),
    path("ho-so/<uuid:public_id>/tu/", views.place, name="place"),
    path("buu-gui/<int:pk>/mo-phong/", views.simulate_post, name="simulate_post"),
    path("buu-chinh/webhook/", views.post_webhook, name="post_webhook"),
    path("tu/luot/<int:pk>/gui-lai-ma/", views.reissue, name="reissue"),
    path("tu/luot/<int:pk>/thu-hoi/", views.recall, name="recall"),
    path("tu/<slug:code>/", views.locker_screen, name="locker_screen"),
    path("tu/<slug:code>/nhat-ky/", views.openings, name="openings"),
    path("tu/<slug:code>/mo-phong/", views.locker_simulator, name="locker_simulator"),
    path("tu/<slug:code>/mo-phong/<int:number>/dong/", views.simulator_close, name="simulator_close"),
    path("cua-toi/", views.my_results, name="my_results"),
    path("cua-toi/<uuid:public_id>/tai/", views.download, name="download"),
    path("cua-toi/<uuid:public_id>/dung-lai/", views.reuse, name="reuse"),
]
