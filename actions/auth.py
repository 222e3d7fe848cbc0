"""Shared-secret check on the action server, for when Rasa reaches it over a network.

Rasa sends the `token` of its action endpoint (endpoints.yml) as a query
parameter on every call; with ACTION_SERVER_TOKEN set, the action server
refuses calls without it (401). /health stays open for load balancers.
Without the variable, the loopback bind of scripts/run.sh is the protection.
"""
from __future__ import annotations

import hmac
import logging
import os

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response

log = logging.getLogger(__name__)
TOKEN_ENV = "ACTION_SERVER_TOKEN"
OPEN_PATHS = frozenset({"/health"})
PLUGIN_NAME = "wbe-action-server-token"
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


def install_from_environment() -> bool:
    """Protect the action server if a token is configured; True if done.

    rasa_sdk (3.21, Sanic 25) imports this package before it builds its app, and
    builds it again in each Sanic worker process (which imports this package
    again), so the app cannot be patched here: its plugin hook, called for every
    app it builds, installs the check instead.
    """
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        return False
    manager = plugin_manager()
    if not manager.has_plugin(PLUGIN_NAME):
        manager.register(TokenCheck(token), name=PLUGIN_NAME)
    return True
