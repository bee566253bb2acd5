"""motcua demo_accounts — the demo usernames, their roles and units, and the demo password."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.demo import organisation as org


class Command(BaseCommand):
    help = "In danh sách tài khoản mẫu / print the demo accounts, roles, units and password"

    def handle(self, *args, **options):
        usernames = [s.username for s in (*org.STAFF, *org.APPLICANTS)]
        users = {u.username: u for u in User.objects.filter(username__in=usernames).prefetch_related(
            "roles__unit", "roles__province")}
        if not users:
            raise CommandError("Chưa có dữ liệu mẫu: chạy `motcua load_demo` / demo data not loaded: run "
                               "`motcua load_demo`", returncode=1)
        rows = [("Tên đăng nhập / username", "Vai trò / role", "Đơn vị / unit")]
        for name in usernames:
            if name in users:
                rows += _rows(users[name])
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(f"  Tài khoản mẫu / demo accounts — mật khẩu / password: {settings.MOTCUA_DEMO_PASSWORD}\n")
        for i, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        self.stdout.write("")


def _rows(user) -> list[tuple[str, str, str]]:
    roles = list(user.roles.all())
    if not roles:  # citizens and businesses: applicants, no unit
        return [(user.username, str(user.get_kind_display()), "—")]
    return [(user.username, str(r.get_role_display()), str(r.unit or r.province)) for r in roles]
