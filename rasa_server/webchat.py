"""A Rasa input channel that serves the accessible web chat and its REST webhook.

Routes (prefix ``/webhooks/webchat`` when registered by ``rasa run``):

* ``GET  /``            the chat page (French, ``lang="fr"``)
* ``GET  /widget.js``   the script that mounts the widget (one script tag embeds it)
* ``GET  /widget.css``  the widget's style sheet
* ``POST /webhook``     same contract as the REST channel: ``{"sender", "message"}``
                         in, a JSON list of ``{"text", "buttons": [...]}`` out
* ``GET  /health``      ``{"status": "ok"}``

Cross-origin requests are answered only for the origins listed in the
``WEBCHAT_ALLOWED_ORIGINS`` environment variable (comma separated, e.g.
``https://www.example.be,https://wbe.example``); by default only the bot's own
origin can use the webhook (no CORS header is sent at all).

Input limits and the apology instead of silence are those of the REST channel
(``rasa_server.guard``), so both HTTP channels behave the same.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.bootstrap import services
from bot.storage.offer_loading import offer_from_files
from rasa_server import rasa_patch
from rasa_server.rest import answer

STATIC_DIR = Path(__file__).resolve().parent / "static"

STATIC_FILES = {
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
}


def parse_origins(value: str | None) -> frozenset:
    """Turn ``"https://a.be, https://b.be/"`` into ``{"https://a.be", "https://b.be"}``."""
    origins = set()
    for item in (value or "").split(","):
        item = item.strip().rstrip("/")
        if item:
            origins.add(item.lower())
    return frozenset(origins)


def _security_headers(allowed_origins: Iterable[str]) -> dict[str, str]:
    """Headers of the chat page: nothing but our own script, style and webhook."""
    ancestors = " ".join(["'self'", *sorted(allowed_origins)])
    return {
        "Content-Security-Policy": (
            "default-src 'none'; script-src 'self'; style-src 'self'; "
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
            f"form-action 'none'; frame-ancestors {ancestors}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def render_page(template: str) -> str:
    """Fill the page's {{placeholders}} from the offer data (escaped), so a new
    vacancy needs a data file, not a new page."""
    settings = services().settings
    offer = offer_from_files(settings.offers_dir, settings.offer_id)
    values = {
        "title": offer.header["title"],
        "institution": offer.header["institution"],
        "reference": offer.header["reference"],
        "circular_number": str(offer.header["circular_number"]),
        "contact_email": offer.topics["contact"].facts["email"],
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: html.escape(values[m.group(1)]), template)


class WebChatInput(RestInput):
    """REST-compatible channel that also serves the accessible chat page and widget."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        return cls()

    def __init__(self, allowed_origins: Iterable[str] | None = None) -> None:
        if allowed_origins is None:
            allowed_origins = parse_origins(services().settings.webchat_allowed_origins)
        else:
            allowed_origins = parse_origins(",".join(allowed_origins))
        self.allowed_origins = allowed_origins

    # --- CORS -----------------------------------------------------------------

    def _cors_headers(self, request: Request, preflight: bool = False) -> dict[str, str]:
        origin = (request.headers.get("origin") or "").rstrip("/")
        if not origin or origin.lower() not in self.allowed_origins:
            return {}
        headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if preflight:
            headers.update(
                {
                    "Access-Control-Allow-Methods": "POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type",
                    "Access-Control-Max-Age": "600",
                }
            )
        return headers

    # --- static files ---------------------------------------------------------

    def _static(self, filename: str, request: Request) -> HTTPResponse:
        body = (STATIC_DIR / filename).read_bytes()
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if filename == "index.html":
            body = render_page(body.decode("utf-8")).encode("utf-8")
            headers.update(_security_headers(self.allowed_origins))
        else:
            # The widget's script and style are loaded by other sites' pages.
            headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response.raw(body, content_type=STATIC_FILES[filename], headers=headers)

    # --- routes -----------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rasa_patch.install()
        webchat = Blueprint("webchat_channel", __name__)

        @webchat.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            # The page loads widget.js and widget.css by relative URL: keep the slash.
            if not request.path.endswith("/"):
                return response.redirect(request.path + "/", status=301)
            return self._static("index.html", request)

        @webchat.route("/widget.js", methods=["GET"])
        async def widget_js(request: Request) -> HTTPResponse:
            return self._static("widget.js", request)

        @webchat.route("/widget.css", methods=["GET"])
        async def widget_css(request: Request) -> HTTPResponse:
            return self._static("widget.css", request)

        @webchat.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.route("/webhook", methods=["POST", "OPTIONS"])
        async def receive(request: Request) -> HTTPResponse:
            if request.method == "OPTIONS":
                return response.empty(headers=self._cors_headers(request, preflight=True))
            return await answer(request, on_new_message, self.name(), self._cors_headers(request))

        @webchat.middleware("response")
        async def add_preflight_cors(request: Request, resp: HTTPResponse) -> None:
            # sanic-cors (configured by `rasa run`) answers every OPTIONS request itself
            # before our handler runs; add our headers to its answer for allowed origins.
            if request.method == "OPTIONS" and resp is not None:
                for key, value in self._cors_headers(request, preflight=True).items():
                    resp.headers[key] = value

        return webchat
