"""Allivet bearer tokens: the HS256 JWTs /api/Auth issues, with the claims of the REST API
document's sample token."""
from __future__ import annotations

import functools
import uuid

TOKEN_LIFETIME_S = 3600  # 60 minutes, on the account's virtual clock
ISSUER = AUDIENCE = "Allivet.com"


class InvalidToken(ValueError):
    """A bearer token that is not one of ours: malformed, or signed with another key."""


# PyJWT is imported on first use: it and what it brings (urllib.request, for key sets we
# never fetch) were 10 ms of every cold start, Allivet or not.
def issue_token(key: str, client_id: str, scope: str, now_us: int) -> tuple[str, int]:
    """(HS256 JWT, expiry in epoch seconds) with the claims of the docs' sample token."""
    import jwt

    exp = now_us // 1_000_000 + TOKEN_LIFETIME_S
    claims = {"sub": "Login Token", "jti": str(uuid.uuid4()), "scopes": scope,
              "username": client_id, "exp": exp, "iss": ISSUER, "aud": AUDIENCE}
    return jwt.encode(claims, key, algorithm="HS256"), exp


def read_token(token: str, key: str) -> dict:
    """The claims of a token signed with `key`; raises InvalidToken. Expiry is not checked
    here: it is judged against the account's virtual clock, not the wall clock."""
    return dict(_verified(token, key))


# A client sends the same token on every call until it expires: its signature is checked once
# (a sixth of an Allivet GET product's time), then the claims are looked up by token and key.
# What is refused is not kept, so a refused token is checked again each time.
@functools.lru_cache(maxsize=256)  # (each kept token and its claims: about 1.5 KB)
def _verified(token: str, key: str) -> dict:
    import jwt

    try:
        claims = jwt.decode(token, key, algorithms=["HS256"], audience=AUDIENCE, issuer=ISSUER,
                            options={"verify_exp": False,
                                     "require": ["exp", "username", "scopes"]})
    except jwt.InvalidTokenError as exc:
        raise InvalidToken(str(exc)) from None
    if not isinstance(claims.get("exp"), int) or not isinstance(claims.get("username"), str):
        raise InvalidToken("malformed claims")
    return claims
