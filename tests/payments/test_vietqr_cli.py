"""`motcua vietqr`: in-process through call_command and as a real process for exit statuses."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

REFERENCE = ("00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN"
             "62170813ung ho lu lut6304C15C")
REFERENCE_ARGS = ["--bin", "970415", "--account", "0011001932418", "--amount", "120000", "--purpose", "ung ho lu lut"]


def motcua(*args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.test"}
    return subprocess.run([sys.executable, "-m", "motcua.cli", "vietqr", *args],
                          capture_output=True, text=True, env=env, timeout=60)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("vietqr", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_exactly_the_reference_payload():
    result = motcua(*REFERENCE_ARGS)
    assert (result.returncode, result.stdout) == (0, REFERENCE + "\n")


def test_flags_static_card_bill():
    out, _ = run("--bin", "970403", "--account", "9704031101234567", "--card", "--static")
    assert out.strip().endswith("63044F52")
    out, _ = run("--bin", "970403", "--account", "0011012345678", "--amount", "180000", "--bill", "NPS6869",
                 "--purpose", "thanh toan don hang")
    assert out.strip().endswith("63042E2E")


def test_png_file_is_written_and_scans_back(tmp_path):
    path = tmp_path / "qr.png"
    out, err = run(*REFERENCE_ARGS, "--png", str(path), "--scale", "5")
    assert out.strip() == REFERENCE
    assert path.read_bytes().startswith(b"\x89PNG")
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    assert [r.text for r in zxingcpp.read_barcodes(Image.open(path))] == [REFERENCE]


def test_decode_prints_fields_and_says_crc_valid():
    out, err = run("--decode", REFERENCE)
    decoded = json.loads(out)
    assert decoded["crc_valid"] is True
    assert (decoded["bin"], decoded["bank"], decoded["amount"], decoded["purpose"]) == (
        "970415", "VietinBank", 120000, "ung ho lu lut")
    assert decoded["fields"]["38"]["01"] == {"00": "970415", "01": "0011001932418"}
    assert "CRC valid" in err


def test_decode_invalid_crc_prints_fields_and_exits_2():
    result = motcua("--decode", REFERENCE[:-1] + "D")
    assert result.returncode == 2
    decoded = json.loads(result.stdout)
    assert (decoded["crc_valid"], decoded["crc_expected"]) == (False, "C15C")
    assert "expected C15C, found C15D" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--bin", "97041", "--account", "1", "--amount", "1"], "invalid BIN"),
    (["--bin", "ABCDEF", "--account", "1", "--amount", "1"], "invalid BIN"),
    (["--bin", "970415", "--account", "1", "--amount", "120.000"], "invalid amount"),
    (["--bin", "970415", "--account", "1", "--amount", "5", "--static"], "static QR carries no amount"),
    (["--bin", "970415", "--account", "1"], "dynamic QR needs an amount"),
    (["--bin", "970415", "--account", "1", "--amount", "1", "--purpose", "x" * 26], "at most 25"),
    (["--account", "1", "--amount", "1"], "--bin and --account are required"),
    (["--decode", "00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5"],
     "field 38.01"),
    (["--bin", "970415", "--account", "1", "--amount", "1", "--png", "/nonexistent/dir/x.png"], "cannot write"),
])
def test_errors_exit_2_with_bilingual_message(args, message):
    with pytest.raises(CommandError, match=message) as error:
        run(*args)
    assert error.value.returncode == 2
    assert " / " in str(error.value)


def test_error_as_a_process_goes_to_stderr_with_status_2():
    result = motcua("--bin", "97041", "--account", "1", "--amount", "1")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Mã BIN không hợp lệ" in result.stderr and "invalid BIN" in result.stderr


def test_bad_scale_is_an_argument_error_exit_2():
    result = motcua(*REFERENCE_ARGS, "--png", "x.png", "--scale", "0")
    assert result.returncode == 2 and "1 to 40" in result.stderr


def test_unknown_bin_warns_but_builds():
    out, err = run("--bin", "123456", "--account", "1", "--amount", "1")
    assert out.startswith("000201") and "BIN not in the list of known banks" in err
