"""motcua load_demo — create the demo province, staff and catalogue (idempotent)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.demo.loader import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Sen Vàng, cán bộ, thủ tục) / load the demo data; running it again creates nothing"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="load even with DEBUG off (the demo accounts share a published password)")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Dữ liệu mẫu có mật khẩu công khai: chỉ nạp khi MOTCUA_DEBUG=true, hoặc thêm --force / "
                "the demo accounts share a published password: load them in development only, or pass --force",
                returncode=2)
        try:
            created = load_demo(settings.MOTCUA_DEMO_PASSWORD)
        except ValidationError as exc:
            raise CommandError(f"Dữ liệu mẫu không hợp lệ, không lưu gì / invalid demo data, nothing saved: "
                               f"{'; '.join(exc.messages)}", returncode=2) from exc
        if not created:
            self.stdout.write("Dữ liệu mẫu đã có đủ, không tạo thêm gì / demo data already loaded, nothing created")
            return
        self.stdout.write("Đã tạo / created:")
        for model, count in created.items():
            self.stdout.write(f"  {count:>4}  {model._meta.verbose_name_plural} ({model.__name__})")
