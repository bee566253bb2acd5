"""Queries are bound on the server and prepared once per connection on PostgreSQL (decision 0630),
and MOTCUA_DB_PREPARED_STATEMENTS=false goes back to Django's unprepared default."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection


def database_options(**env) -> dict:
    """DATABASES["default"]["OPTIONS"] as the settings build it from these environment variables."""
    code = ("import json, motcua.conf.base as b; "
            "print(json.dumps(b.DATABASES['default'].get('OPTIONS', {})))")
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_postgresql_connections_bind_on_the_server_and_prepare_from_the_second_run():
    url = "postgres://u@127.0.0.1:5432/motcua"
    assert database_options(DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 1}
    assert database_options(DATABASE_URL=url, MOTCUA_DB_PREPARED_STATEMENTS="false") == {}


def test_options_in_the_database_url_are_kept_and_win():
    url = "postgres://u@127.0.0.1:5432/motcua?sslmode=require&prepare_threshold=5"
    assert database_options(DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 5,
                                                  "sslmode": "require"}


def prepared_count(marker: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{marker}%"])
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_query_run_twice_on_a_connection_is_prepared_once():
    def run(code):
        with connection.cursor() as cursor:  # Django's own cursor, as every ORM query uses
            cursor.execute("SELECT /* prepared-probe */ count(*) FROM organizations_unit WHERE code = %s", [code])
            return cursor.fetchone()[0]

    run("H01")
    assert prepared_count("prepared-probe") == 0  # a query run once is not worth preparing
    run("H02")
    run("H03")
    assert prepared_count("prepared-probe") == 1  # the second run prepared it; the third reused it
