"""The project starts: settings load, migrations are complete, the home page renders."""

from django.core.management import call_command


def test_no_missing_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_home_page_renders_in_vietnamese(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Tra cứu thủ tục" in response.content.decode()


def test_production_settings_pass_deploy_check(monkeypatch):
    import secrets
    import subprocess
    import sys

    env = {"DJANGO_SETTINGS_MODULE": "motcua.conf.production", "MOTCUA_SECRET_KEY": secrets.token_urlsafe(50),
           "MOTCUA_ALLOWED_HOSTS": "motcua.example.gov.vn", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "motcua.cli", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
