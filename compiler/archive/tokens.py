"""A WKSBM's link token: HMAC-SHA256 of (the WKSBM's key, the link's version) under the
archive's secret. It can be written again at any time (`wksbm links`) yet is never stored:
the archive keeps only a SHA-256 of it, to find the link, and compares in constant time."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_BYTES = 18          # 144 bits, 24 characters
SECRET_BYTES = 32


def new_secret() -> str:
    return secrets.token_hex(SECRET_BYTES)


def token(secret: str, key: tuple[str, str], version: int) -> str:
    message = f"lapor\x1f{key[0]}\x1f{key[1]}\x1f{version}".encode("utf-8")
    mac = hmac.new(bytes.fromhex(secret), message, hashlib.sha256).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def token_hash(tok: str) -> str:
    return hashlib.sha256(tok.encode("utf-8", "surrogateescape")).hexdigest()


def plausible(tok: str) -> bool:
    """The shape of a token (so that junk is answered without a look-up)."""
    return len(tok) == 24 and all(c.isascii() and (c.isalnum() or c in "-_") for c in tok)


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def csrf(secret: str, tok_hash: str) -> str:
    """The form token of a WKSBM's page: bound to its link, unknown to another site."""
    return hmac.new(bytes.fromhex(secret), f"csrf\x1f{tok_hash}".encode(), hashlib.sha256).hexdigest()[:32]
