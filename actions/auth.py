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

from sanic import Sanic, response
from sanic.exceptions import SanicException

log = logging.getLogger(__name__)
TOKEN_ENV = "ACTION_SERVER_TOKEN"
OPEN_PATHS = frozenset({"/health"})
# The name rasa_sdk.endpoint.create_app gives its Sanic application.
ACTION_SERVER_APP = "rasa_sdk"


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


def install_from_environment() -> bool:
    """Protect the running action server if a token is configured; True if done."""
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        return False
    try:
        # rasa_sdk imports this package while building its app, before serving.
        app = Sanic.get_app(ACTION_SERVER_APP)
    except SanicException:
        log.error("%s is set but no action server app is being built: no token check installed", TOKEN_ENV)
        return False
    require_token(app, token)
    return True
