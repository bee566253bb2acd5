from django.urls import path

from . import staff_views, views

app_name = "payments"
urlpatterns = [
    path("<uuid:public_id>/", views.pay, name="pay"),
    path("<uuid:public_id>/trang-thai/", views.pay_status, name="status"),
    path("<uuid:public_id>/mo-phong-chuyen-khoan/", views.simulate_transfer, name="simulate"),
    path("<uuid:public_id>/thong-bao-phi.pdf", views.notice_pdf, name="notice_pdf"),
    path("<uuid:public_id>/bien-lai/<int:number>.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("webhook/<slug:plugin_id>/", views.webhook, name="webhook"),
    path("tra-cuu-bien-lai/", views.receipt_lookup, name="receipt_lookup"),
    path("nghiep-vu/ho-so/<uuid:public_id>/", staff_views.notice_form, name="notice_form"),
    path("nghiep-vu/ho-so/<uuid:public_id>/tien-mat/", staff_views.cash, name="cash"),
    path("nghiep-vu/doi-soat/", staff_views.reconciliation_page, name="reconciliation"),
    path("nghiep-vu/giao-dich/<int:pk>/", staff_views.transaction_action, name="transaction"),
]
