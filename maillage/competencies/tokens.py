"""Personal review links: a random token is given to the person, only its SHA-256 is stored.

A leaked database therefore gives no working link; a tampered token matches no hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

TOKEN_BYTES = 32
# token_urlsafe(32) gives 43 characters of [A-Za-z0-9_-]; anything else is refused unread.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def is_well_formed(token: str) -> bool:
    return bool(TOKEN_PATTERN.match(token))


class LinkRefused(Exception):
    """A personal link that cannot be used (unknown, expired, revoked, used, closed), with the
    message to show its visitor and the HTTP status to answer."""

    def __init__(self, reason: str, message: Any, *, status: int = 410) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.status = status


def find_by_token(
    queryset: Any, token: str, *, invalid: Any, replaced: Any, for_update: bool = False
) -> Any:
    """The row of `queryset` whose token hash matches `token`, locked if `for_update`; an
    unreadable token or no match is a `LinkRefused` (404) with the `invalid` or `replaced`
    message. The caller checks the states its links can be in."""
    if not is_well_formed(token):
        raise LinkRefused("unknown", invalid, status=404)
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    found = queryset.filter(token_hash=token_hash(token)).first()
    if found is None:
        raise LinkRefused("unknown", replaced, status=404)
    return found
