"""``motcua queue_voice``: record the spoken-call clips ("Mời số", digits, "đến quầy số") with
espeak-ng (Debian package ``espeak-ng``), for display screens whose browser has no Vietnamese voice.
Screens find them at ``/static/queueing/voice/vi/<clip>.wav``; by default they are written under
STATIC_ROOT, so run this before starting the web server (WhiteNoise lists files at start)."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.queueing.rules import clip_texts


class Command(BaseCommand):
    help = "Ghi âm câu gọi số bằng espeak-ng / record the spoken-call clips"

    def add_arguments(self, parser):
        parser.add_argument("--out", help="thư mục / folder (default: STATIC_ROOT/queueing/voice/vi)")
        parser.add_argument("--voice", default="vi", help="giọng espeak-ng / espeak-ng voice (default: vi)")
        parser.add_argument("--speed", type=int, default=140, help="từ mỗi phút / words per minute")

    def handle(self, *args, out, voice, speed, **options):
        program = shutil.which("espeak-ng")
        if program is None:
            raise CommandError("Chưa cài espeak-ng (apt-get install espeak-ng) / espeak-ng is not installed",
                               returncode=2)
        folder = Path(out) if out else Path(settings.STATIC_ROOT) / "queueing" / "voice" / "vi"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in clip_texts().items():
            done = subprocess.run([program, "-v", voice, "-s", str(speed), "-w", str(folder / f"{name}.wav"), text],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise CommandError(f"espeak-ng: {done.stderr.strip()}", returncode=2)
        self.stdout.write(f"{len(clip_texts())} tệp âm thanh / clips in {folder}")
