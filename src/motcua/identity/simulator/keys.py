"""The simulator's RS256 signing key: one PEM file, made on first use and kept, so ID tokens stay
verifiable across restarts and every web process signs with the same key."""

import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from joserfc.jwk import RSAKey


def key_path() -> Path:
    configured = settings.MOTCUA_VNEID_SIMULATOR_KEY_FILE
    return Path(configured) if configured else Path(settings.DATA_DIR) / "vneid-simulator-key.pem"


@lru_cache(maxsize=4)
def _load(path: str) -> RSAKey:
    file = Path(path)
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        pem = RSAKey.generate_key(2048, private=True).as_pem(private=True)
        try:  # O_EXCL: when two processes start together, the first file wins and both read it
            fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(pem)
    key = RSAKey.import_key(file.read_bytes())
    key.ensure_kid()
    return key


def signing_key() -> RSAKey:
    return _load(str(key_path()))


def public_jwks() -> dict:
    key = signing_key()
    return {"keys": [{**key.as_dict(private=False), "use": "sig", "alg": "RS256"}]}
