"""Shared-secret check on the action server, for when Rasa reaches it over a network.

Rasa sends the `token` of its action endpoint (endpoints.yml) as a query
parameter on every call; with ACTION_SERVER_TOKEN set, the action server
refuses calls without it (401). /health stays open for load balancers.
Without the variable, the loopback bind of scripts/run.sh is the protection.
"""

from __future__ import annotations

import hmac
import logging

import pluggy
from sanic import Sanic, response

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/health"})
hookimpl = pluggy.HookimplMarker("rasa_sdk")


def token_accepted(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), given.encode())


def require_token(app: Sanic, token: str) -> None:
    async def check_token(request):
        if request.path in OPEN_PATHS:
            return None
        if not token_accepted(token, request.args.get("token")):
            log.warning("action server call refused: missing or wrong token (from %s)", request.ip)
            return response.json({"error": "unauthorised"}, status=401)
        return None

    app.register_middleware(check_token, "request")


class TokenCheck:
    """rasa_sdk plugin: the token check on every Sanic app rasa_sdk builds."""

    def __init__(self, token: str):
        self.token = token

    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        require_token(app, self.token)


def token_check_plugin(token: str | None) -> TokenCheck | None:
    """The plugin to register (rasa_sdk_plugins/__init__.py), or None without a token:
    then the loopback bind of scripts/run.sh is the protection."""
    return TokenCheck(token) if token else None
