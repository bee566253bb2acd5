"""Queue pages under /xep-hang/: kiosk, ticket, follow-my-number, remote numbers and appointments
(citizens); display screens; counter console and the centre manager's board (staff)."""

from django.urls import path

from .views import citizen, counter, display, kiosk, manager

app_name = "queueing"
urlpatterns = [
    path("kiosk/<slug:centre>/", kiosk.home, name="kiosk"),
    path("kiosk/<slug:centre>/dich-vu/<int:group>/", kiosk.choose, name="kiosk-choose"),
    path("kiosk/<slug:centre>/lay-so/", kiosk.take, name="kiosk-take"),
    path("kiosk/<slug:centre>/lich-hen/", kiosk.checkin, name="kiosk-checkin"),
    path("ve/<str:token>/", kiosk.ticket, name="ticket"),
    path("theo-doi/<str:token>/", citizen.follow, name="follow"),
    path("theo-doi/<str:token>/bo-luot/", citizen.leave, name="leave"),
    path("truc-tuyen/<slug:centre>/", citizen.remote, name="remote"),
    path("dat-lich/<slug:centre>/", citizen.book, name="book"),
    path("man-hinh/<slug:centre>/", display.screen, name="display"),
    path("man-hinh/<slug:centre>/su-kien/", display.events, name="display-events"),
    path("man-hinh/<slug:centre>/trang-thai/", display.state, name="display-state"),
    path("quay/", counter.pick, name="counters"),
    path("quay/<int:counter>/", counter.console, name="console"),
    path("quay/<int:counter>/<slug:action>/", counter.action, name="console-action"),
    path("quan-ly/<slug:centre>/", manager.board, name="board"),
    path("quan-ly/<slug:centre>/<slug:action>/", manager.action, name="board-action"),
]
