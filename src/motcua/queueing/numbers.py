"""Daily ticket numbers per service (số thứ tự theo ngày), allocated like dossier codes
(dossiers/codes.py): one upsert whose row lock lasts until the ticket commits, so two kiosks of one
service queue on that service's row only and a rolled-back ticket gives its number back."""

from datetime import date

from django.db import connection

_NEXT_SQL = (
    "INSERT INTO queueing_ticketsequence (group_id, day, last) VALUES (%s, %s, 1) "
    "ON CONFLICT (group_id, day) DO UPDATE SET last = queueing_ticketsequence.last + 1 "
    "RETURNING last"
)


def next_number(group_id: int, day: date) -> int:
    """Take the next number of the service for ``day``. Call inside the ticket's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(_NEXT_SQL, [group_id, day])
        (number,) = cursor.fetchone()
    return number
