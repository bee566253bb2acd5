"""``motcua vietqr``: print (or draw, or decode) a VietQR transfer payload.

    motcua vietqr --bin 970415 --account 0011001932418 --amount 120000 --purpose "ung ho lu lut"
    motcua vietqr --decode "000201010212...6304C15C"

Bad input and an invalid CRC exit with status 2 and a message on stderr.
"""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError

from motcua.payments import vietqr


class Command(BaseCommand):
    help = "Tạo hoặc giải mã mã VietQR / build or decode a VietQR payload (docs/users/vietqr-cli.md)"
    requires_system_checks = []  # pure text in, text out: needs neither the database nor the URLs

    def add_arguments(self, parser):
        parser.add_argument("--bin", help="mã BIN ngân hàng, 6 chữ số / bank BIN, 6 digits (970415 = VietinBank)")
        parser.add_argument("--account", help="số tài khoản, hoặc số thẻ với --card / account number, or card with --card")
        parser.add_argument("--amount", help="số tiền VND, chỉ chữ số / amount in VND, digits only")
        parser.add_argument("--purpose", default="", help="nội dung chuyển khoản ≤ 25 ký tự / transfer note")
        parser.add_argument("--bill", help="số hóa đơn (trường 62.01) / bill number")
        parser.add_argument("--static", action="store_true", help="QR tĩnh, không số tiền / reusable QR without amount")
        parser.add_argument("--card", action="store_true", help="chuyển đến số thẻ (QRIBFTTC) / transfer to a card")
        parser.add_argument("--png", metavar="FILE", help="lưu ảnh QR PNG / also write the QR image to FILE")
        parser.add_argument("--scale", type=_scale, default=8, help="điểm ảnh mỗi ô QR / pixels per module (PNG)")
        parser.add_argument("--decode", metavar="PAYLOAD", help="giải mã và kiểm tra CRC / decode and check the CRC")

    def handle(self, *args, **options):
        try:
            if options["decode"]:
                self._decode(options["decode"])
            else:
                self._build(options)
        except vietqr.VietQRError as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _build(self, options):
        if not options["bin"] or not options["account"]:
            raise CommandError("Cần --bin và --account (hoặc --decode) / --bin and --account are required "
                               "(or --decode)", returncode=2)
        amount = vietqr.parse_amount(options["amount"]) if options["amount"] is not None else None
        payload = vietqr.build_payload(options["bin"], options["account"], amount, purpose=options["purpose"],
                                       bill=options["bill"], card=options["card"], static=options["static"])
        if vietqr.bank_name(options["bin"]) is None:
            self.stderr.write(f"Cảnh báo: BIN {options['bin']} không có trong danh sách ngân hàng đã biết / "
                              "warning: BIN not in the list of known banks")
        if options["png"]:
            try:
                vietqr.png(payload, options["png"], scale=options["scale"])
            except OSError as exc:
                raise CommandError(f"Không ghi được tệp {options['png']} / cannot write the file: {exc}",
                                   returncode=2) from exc
        self.stdout.write(payload)

    def _decode(self, payload):
        fields = vietqr.parse_payload(payload, verify=False)
        expected = vietqr.expected_crc(payload.strip())
        fields["crc_valid"] = expected == fields["crc"].upper()
        fields["crc_expected"] = expected
        self.stdout.write(json.dumps(fields, ensure_ascii=False, indent=2))
        self.stdout.flush()
        if not fields["crc_valid"]:
            vietqr.verify_crc(payload.strip())  # raises with the expected-vs-found message
        self.stderr.write("CRC hợp lệ / CRC valid")


def _scale(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 40:
        raise argparse.ArgumentTypeError("phải là số nguyên 1–40 / must be a whole number from 1 to 40")
    return int(text)
