"""English pages show Vietnamese dates the Vietnamese way too (day first): same documents, same dates."""

from motcua.formats.vi.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
