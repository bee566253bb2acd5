"""Second factor for staff (xác thực hai yếu tố): a TOTP code from an authenticator app (django-otp).

Who needs it is a policy by role (MOTCUA_TWO_FACTOR_ROLES: role names, and "superuser" for
superusers; deployments use "leader,admin,superuser"). ``needs_second_factor`` is the pure rule;
``required_for`` feeds it the user's roles through ``accounts.permissions.grants_of``, which caches
them on the user for the request, so asking costs no extra query on pages that check permissions.
"""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import User
from motcua.accounts.permissions import grants_of

DEVICE_NAME = "Ứng dụng xác thực"


SUPERUSER = "superuser"


def needs_second_factor(roles: Iterable[str], is_superuser: bool, policy_roles: Iterable[str]) -> bool:
    policy = set(policy_roles)
    return (is_superuser and SUPERUSER in policy) or not policy.isdisjoint(roles)


def required_for(user) -> bool:
    if not (settings.MOTCUA_TWO_FACTOR_ROLES and user.is_authenticated and user.is_active):
        return False
    if user.kind != User.Kind.STAFF and not user.is_superuser:
        return False
    roles = [grant.role for grant in grants_of(user)]
    return needs_second_factor(roles, user.is_superuser, settings.MOTCUA_TWO_FACTOR_ROLES)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user) -> TOTPDevice:
    """The device being set up (one per person, kept until confirmed so the QR code stays the same)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def wait_seconds(device: TOTPDevice) -> int:
    """Seconds before django-otp's throttle lets this device try a code again (0: now)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))
