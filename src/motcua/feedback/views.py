"""Pages of hearing citizens: rating (portal, SMS link, counter tablet), petitions and questions
(sending, following, the public answers), and the staff's petition desk."""

import hashlib
import hmac
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts.models import RoleAssignment, User
from motcua.audit import reads
from motcua.backoffice.forms import add_user_error as show_error
from motcua.backoffice.i18n import error_text
from motcua.core import ratelimit
from motcua.core.errors import UserFacingError
from motcua.core.text import fold
from motcua.delivery.views import client_address
from motcua.dossiers.access import find_visible
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Counter, Unit

from . import access, petitions, ratings
from .forms import AnswerForm, AssignForm, ClassifyForm, IntakeForm, MeetingForm, PetitionForm, RatingForm, TextForm
from .models import Petition, Verdict

Status = Petition.Status


def _posted(request):
    return request.POST if request.method == "POST" else None


# --- ratings -------------------------------------------------------------------------------------

def _rating_page(request, dossier, channel, template="feedback/rate.html", officer=None, extra=None):
    """The rating form for ``dossier``; on a valid POST the rating is saved and thanked for."""
    context = {"dossier": dossier, **(extra or {})}
    if hasattr(dossier, "rating"):
        return render(request, template, {**context, "done": True})
    form = RatingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            ratings.rate(dossier, channel=channel, officer=officer, **form.cleaned_data)
        except UserFacingError as err:
            show_error(form, err)
        else:
            return render(request, template, {**context, "done": True, "thanks": True})
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


@login_required
@never_cache
def rate_own(request, public_id):
    """From the portal: the applicant's own dossier."""
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "unit"), public_id=public_id,
                                owner=request.user, parent__isnull=True)
    return _rating_page(request, dossier, "portal")


@never_cache
def rate_link(request, token):
    """From the SMS: the signed link is the key, used once (one rating per dossier)."""
    dossier = ratings.dossier_for_token(token)
    if dossier is None:
        return render(request, "feedback/notice.html", {
            "title": "Liên kết không hợp lệ hoặc đã hết hạn", "title_en": "This link is invalid or has expired"},
            status=404)
    return _rating_page(request, dossier, "sms")


def _tablet_counter(token) -> Counter:
    counter = ratings.counter_for_token(token)
    if counter is None:
        raise Http404("Máy tính bảng chưa được thiết lập cho quầy / unknown tablet")
    return counter


@never_cache
def tablet(request, token):
    """The counter's tablet, facing the citizen: idle until the officer invites, then the form."""
    counter = _tablet_counter(token)
    invitation = ratings.waiting_at(counter)
    context = {"counter": counter, "token": token}
    if invitation is None:
        template = "feedback/_tablet_idle.html" if request.htmx else "feedback/tablet.html"
        return render(request, template, context)
    return _rating_page(request, invitation.dossier, "tablet", "feedback/_tablet_form.html" if request.htmx
                        else "feedback/tablet.html", officer=invitation.invited_by,
                        extra={**context, "invitation": invitation})


@require_POST
@login_required
def tablet_invite(request, public_id):
    """The officer who just handed over the result asks the applicant to rate on the counter's tablet."""
    dossier = find_visible(request.user, str(public_id))
    if dossier is None or request.user.kind != User.Kind.STAFF:
        raise Http404("Không tìm thấy hồ sơ / dossier not found")
    counter = Counter.objects.filter(pk=request.POST.get("counter") or None).select_related("centre").first()
    try:
        if counter is None:
            raise UserFacingError("Chọn quầy có máy tính bảng", "choose the counter", field="counter")
        ratings.invite_at_counter(counter, dossier, request.user)
    except UserFacingError as err:
        messages.error(request, error_text(err))
    else:
        request.session["feedback_counter"] = counter.pk
        messages.success(request, f"Đã mời công dân đánh giá trên máy tính bảng của {counter.name}")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("backoffice:dossier", args=[dossier.public_id])
    return redirect(target)


def counters_for(user):
    """Counters of the centres of the units where ``user`` returns results."""
    from motcua.delivery.access import return_units

    return Counter.objects.filter(centre__unit__in=return_units(user)).select_related("centre").order_by(
        "centre__name", "number")


# --- petitions: the public side -------------------------------------------------------------------

def _public_units():
    return Unit.objects.filter(is_active=True).order_by("name")


@never_cache
def petition_new(request):
    """Gửi phản ánh, kiến nghị hoặc câu hỏi."""
    initial = {"dossier_code": request.GET.get("ho_so", "")}
    unit = Unit.objects.filter(pk=request.GET.get("don_vi") or None).first()
    if unit:
        initial["unit"] = unit
    if request.user.is_authenticated and request.user.kind != User.Kind.STAFF:
        initial.update(sender_name=request.user.full_name, sender_phone=request.user.phone,
                       sender_email=request.user.email)
    form = PetitionForm(_posted(request), units=_public_units(), initial=initial)
    if request.method == "POST" and form.is_valid():
        rate = ratelimit.parse_rate(settings.MOTCUA_PETITION_RATE)
        if not ratelimit.hit("petition", client_address(request), rate):
            form.add_error(None, "Ông/bà đã gửi nhiều phản ánh trong thời gian ngắn, vui lòng thử lại sau. / "
                                 "Too many petitions from here; please try again later.")
        else:
            kind, classification = form.kind_and_class()
            data = form.cleaned_data
            owner = request.user if request.user.is_authenticated and request.user.kind != User.Kind.STAFF else None
            try:
                petition = petitions.submit(
                    unit=data["unit"], kind=kind, classification=classification, title=data["title"],
                    content=data["content"], source=Petition.Source.ONLINE, dossier_code=data["dossier_code"],
                    sender=petitions.Sender(data["sender_name"], data["sender_phone"], data["sender_email"], owner))
            except UserFacingError as err:
                show_error(form, err)
            else:
                messages.success(request, f"Đã tiếp nhận phản ánh số {petition.code}. Lưu lại địa chỉ trang này "
                                          "để theo dõi trả lời.")
                return redirect("feedback:track", public_id=petition.public_id)
    return render(request, "feedback/petition_new.html", {"form": form}, status=400 if form.errors else 200)


def _petition(public_id) -> Petition:
    return get_object_or_404(Petition.objects.select_related("unit", "dossier"), public_id=public_id)


def _votes(petition) -> dict:
    counts = petition.votes.aggregate(likes=Count("pk", filter=Q(verdict=Verdict.LIKE)),
                                      dislikes=Count("pk", filter=Q(verdict=Verdict.DISLIKE)))
    mine = petition.votes.filter(voter="sender").values_list("verdict", flat=True).first()
    return {**counts, "mine": mine}


@never_cache
def track(request, public_id):
    """Theo dõi phản ánh: its unguessable address is the sender's key (sent by SMS / e-mail)."""
    petition = _petition(public_id)
    return render(request, "feedback/track.html", {
        "p": petition, "votes": _votes(petition), "info_form": TextForm(), "reopen_form": TextForm(),
        "events": petition.events.all()})


def _sender_action(request, public_id, action, done):
    petition = _petition(public_id)
    try:
        action(petition, request.POST)
    except UserFacingError as err:
        messages.error(request, error_text(err))
    else:
        messages.success(request, done)
    return redirect("feedback:track", public_id=petition.public_id)


@require_POST
def track_info(request, public_id):
    return _sender_action(request, public_id, lambda p, data: petitions.provide_info(p, data.get("text", "")),
                          "Đã gửi thông tin bổ sung")


@require_POST
def track_reopen(request, public_id):
    return _sender_action(request, public_id, lambda p, data: petitions.reopen(p, data.get("text", "")),
                          "Đã gửi phản ánh lại; đơn vị sẽ trả lời lại")


@require_POST
def track_vote(request, public_id):
    return _sender_action(request, public_id, lambda p, data: petitions.vote(p, "sender", data.get("verdict", "")),
                          "Cảm ơn ông/bà đã cho biết ý kiến về câu trả lời")


def _reader_key(request) -> str:
    """One vote per reader: a keyed hash of their session, never the session key itself."""
    if not request.session.session_key:
        request.session.save()
    return hmac.new(settings.SECRET_KEY.encode(), request.session.session_key.encode(), hashlib.sha256).hexdigest()


def answers(request):
    """Hỏi đáp: published answers, newest first, with their likes."""
    found = (Petition.objects.filter(published_at__isnull=False, status=Status.ANSWERED).select_related("unit")
             .annotate(likes=Count("votes", filter=Q(votes__verdict=Verdict.LIKE)),
                       dislikes=Count("votes", filter=Q(votes__verdict=Verdict.DISLIKE)))
             .order_by("-published_at"))
    query = request.GET.get("q", "").strip()
    for word in fold(query).split()[:8]:  # every word, accents or not (published answers are kept folded)
        found = found.filter(search_text__contains=word)
    page = Paginator(found, 20).get_page(request.GET.get("page"))
    return render(request, "feedback/answers.html", {"page": page, "q": query})


@require_POST
def answer_vote(request, public_id):
    petition = _petition(public_id)
    rate = ratelimit.parse_rate(settings.MOTCUA_ANSWER_VOTE_RATE)
    if not ratelimit.hit("answer-vote", client_address(request), rate):
        messages.error(request, "Quá nhiều lượt đánh giá từ máy này, thử lại sau / too many votes, try later")
    else:
        try:
            petitions.vote(petition, _reader_key(request), request.POST.get("verdict", ""))
        except UserFacingError as err:
            messages.error(request, error_text(err))
        else:
            messages.success(request, "Cảm ơn ông/bà đã đánh giá câu trả lời")
    return redirect(f"{reverse('feedback:answers')}#pa-{petition.code}")


# --- petitions: the staff side --------------------------------------------------------------------

def staff_page(test):
    def decorator(view):
        @login_required
        @never_cache
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not test(request.user):
                raise PermissionDenied("Bạn không có quyền với trang này / not allowed")
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


FILTERS = {
    "open": ("Đang xử lý", Q(status__in=Petition.OPEN)),
    "mine": ("Giao cho tôi", None),
    "answered": ("Đã trả lời", Q(status=Status.ANSWERED)),
    "refused": ("Từ chối", Q(status=Status.REFUSED)),
    "all": ("Tất cả", Q()),
}


@staff_page(access.may_read_list)
def staff_list(request):
    """Sổ phản ánh, kiến nghị of the officer's units: open ones by their answer deadline."""
    tab = request.GET.get("tab", "open") if request.GET.get("tab") in FILTERS else "open"
    rows = access.visible(request.user, Petition.objects.all()).select_related("unit", "handler")
    rows = rows.filter(handler=request.user) if tab == "mine" else rows.filter(FILTERS[tab][1])
    page = Paginator(rows.order_by("answer_due_at" if tab in ("open", "mine") else "-received_at"), 50).get_page(
        request.GET.get("page"))
    return render(request, "feedback/staff_list.html", {
        "page": page, "tab": tab, "tabs": [(k, v[0]) for k, v in FILTERS.items()], "now": timezone.now(),
        "may_record": access.may_record(request.user)})


@reads.noting  # the sender's name and contacts are personal data
def _staff_petition(user, public_id) -> Petition:
    petition = access.visible(user, Petition.objects.select_related("unit", "dossier", "handler", "meeting")) \
        .filter(public_id=public_id).first()
    if petition is None:
        raise Http404("Không tìm thấy phản ánh / petition not found")
    return petition


def _action_forms(user, petition, data=None, name=None) -> dict:
    """The forms the officer may use on this petition now (each with its own prefix, as several
    share a page), bound to ``data`` for the one posted; None for an action without input."""
    handle, reply = access.may_handle(user, petition), access.may_answer(user, petition)
    is_open, answerable = petition.is_open, petition.status in (Status.RECEIVED, Status.PROCESSING)
    staff = User.objects.filter(pk__in=RoleAssignment.objects.filter(unit=petition.unit).values("user"),
                                is_active=True).order_by("full_name", "username")
    available = {  # action: (allowed now, form class or None, extra arguments)
        "classify": (handle and petition.status != Status.REFUSED, ClassifyForm,
                     {"initial": {"classification": petition.classification}}),
        "assign": (handle and is_open, AssignForm, {"staff": staff, "initial": {"handler": petition.handler}}),
        "request_info": (reply and answerable and not petition.info_requested_at, TextForm, {}),
        "answer": (reply and answerable, AnswerForm, {}),
        "refuse": (handle and is_open, TextForm, {}),
        "publish": (handle and petition.status == Status.ANSWERED and not petition.published_at, None, {}),
    }
    return {key: form_class and form_class(data if key == name else None, prefix=key, **extra)
            for key, (allowed, form_class, extra) in available.items() if allowed}


ACTIONS = {
    "classify": (lambda p, u, f: petitions.classify(p, u, f.cleaned_data["classification"]), "Đã phân loại"),
    "assign": (lambda p, u, f: petitions.assign(p, u, f.cleaned_data["handler"]), "Đã giao xử lý"),
    "request_info": (lambda p, u, f: petitions.request_info(p, u, f.cleaned_data["text"]),
                     "Đã yêu cầu người gửi bổ sung thông tin"),
    "answer": (lambda p, u, f: petitions.answer(p, u, f.cleaned_data["text"], to_publish=f.cleaned_data["to_publish"]),
               "Đã trả lời người gửi"),
    "refuse": (lambda p, u, f: petitions.refuse(p, u, f.cleaned_data["text"]), "Đã từ chối xử lý"),
    "publish": (lambda p, u, f: petitions.publish(p, u), "Đã công khai câu trả lời"),
}


@staff_page(access.is_staff)
def staff_detail(request, public_id, name=None):
    petition = _staff_petition(request.user, public_id)
    forms = _action_forms(request.user, petition, request.POST if request.method == "POST" else None, name)
    if request.method == "POST":
        if name not in forms:
            raise PermissionDenied("Thao tác không được phép lúc này / action not allowed now")
        form = forms[name]
        if form is None or form.is_valid():
            action, done = ACTIONS[name]
            try:
                action(petition, request.user, form)
            except UserFacingError as err:
                if form is None:
                    messages.error(request, error_text(err))
                else:
                    show_error(form, err)
            else:
                messages.success(request, done)
                return redirect("feedback:staff_detail", public_id=petition.public_id)
    return render(request, "feedback/staff_detail.html", {
        "p": petition, "forms": forms, "votes": _votes(petition), "events": petition.events.select_related("actor"),
        "now": timezone.now()}, status=400 if request.method == "POST" else 200)


@staff_page(access.may_record)
def staff_intake(request):
    """Ghi nhận phản ánh from the suggestion box or a hotline call."""
    form = IntakeForm(_posted(request), units=access.recording_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, classification = form.kind_and_class()
        try:
            petition = petitions.submit(
                unit=data["unit"], kind=kind, classification=classification, title=data["title"],
                content=data["content"], source=data["source"], dossier_code=data["dossier_code"],
                recorded_by=request.user,
                sender=petitions.Sender(data["sender_name"], data["sender_phone"], data["sender_email"]))
        except UserFacingError as err:
            show_error(form, err)
        else:
            messages.success(request, f"Đã ghi nhận phản ánh số {petition.code}")
            return redirect("feedback:staff_intake")
    return render(request, "feedback/staff_intake.html", {"form": form}, status=400 if form.errors else 200)


@staff_page(access.may_record)
def staff_meeting(request):
    """Nhập hàng loạt the questions of a "Listening Saturday" or a mobile team's visit."""
    form = MeetingForm(_posted(request), units=access.recording_units(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = petitions.record_meeting(unit=data["unit"], kind=data["kind"], held_on=data["held_on"],
                                             place=data["place"], lines=data["lines"], actor=request.user)
        except UserFacingError as err:
            show_error(form, err)
        else:
            messages.success(request, f"Đã ghi nhận {len(saved)} câu hỏi: {', '.join(p.code for p in saved)}")
            return redirect("feedback:staff_meeting")
    return render(request, "feedback/staff_meeting.html", {"form": form}, status=400 if form.errors else 200)


def _at_counters(user):
    return access.is_staff(user) and counters_for(user).exists()


@staff_page(_at_counters)
def returned_today(request):
    """Vừa trả kết quả: today's returned, unrated dossiers of the officer's units, to invite a rating."""
    from motcua.delivery.access import return_units

    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    dossiers = (Dossier.objects.filter(state="returned", returned_at__gte=today, unit__in=return_units(request.user),
                                       parent__isnull=True, rating__isnull=True)
                .select_related("procedure").order_by("-returned_at")[:100])
    reads.note(*dossiers)
    return render(request, "feedback/returned_today.html", {
        "dossiers": dossiers, "counters": counters_for(request.user),
        "chosen": request.session.get("feedback_counter")})


@staff_page(_at_counters)
def tablets(request):
    """Addresses to open on each counter's tablet (set up once per device)."""
    rows = [(c, request.build_absolute_uri(reverse("feedback:tablet", args=[ratings.tablet_token(c)])))
            for c in counters_for(request.user)]
    return render(request, "feedback/tablets.html", {"rows": rows})
