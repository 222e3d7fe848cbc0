"""The REST channel (/webhooks/rest/webhook) with input limits and no silent failure."""

from __future__ import annotations

import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server import admission, rasa_patch
from rasa_server.guard import (
    MAX_BODY_BYTES,
    check_payload,
    clean_text,
    conversation_unavailable,
    mark_conversation_unavailable,
    never_silent,
    service_down_reply,
)

log = logging.getLogger(__name__)


async def answer(
    request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]], channel: str, headers: dict | None = None
) -> HTTPResponse:
    """Check one webhook request, pass it to Rasa and return the bot's replies;
    bad input gets a clear 4xx, and a failure behind gets an apology, not silence."""
    headers = headers or {}
    if len(request.body or b"") > MAX_BODY_BYTES:
        return response.json({"error": "Requête trop volumineuse."}, status=413, headers=headers)
    try:
        payload = request.json
    except Exception:  # noqa: BLE001 - sanic raises several types on malformed JSON or bytes
        payload = None
    refusal = check_payload(payload)
    if refusal:
        return response.json({"error": refusal.reason}, status=refusal.status, headers=headers)
    sender = payload["sender"]
    collector = CollectingOutputChannel()
    mark_conversation_unavailable(sender, False)
    try:
        async with admission.turn():
            await on_new_message(UserMessage(clean_text(payload["message"]), collector, sender, input_channel=channel))
    except CancelledError:
        log.error("%s: timeout while handling a message from %s", channel, sender)
    except Exception:  # noqa: BLE001 - the candidate still gets an answer
        log.exception("%s: failure while handling a message from %s", channel, sender)
    if conversation_unavailable(sender):
        # The conversation store is down: Rasa's answer was out of context or not recorded.
        log.error("%s: conversation %s could not be loaded or saved, apologising", channel, sender)
        return response.json(service_down_reply(sender), headers=headers)
    return response.json(never_silent(collector.messages, sender), headers=headers)


class GuardedRestInput(RestInput):
    """Same contract as Rasa's REST channel; bad input gets a clear 4xx."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rasa_patch.install()  # every mode builds this channel, so every Rasa server gets the fix
        rest = Blueprint("guarded_rest", __name__)

        @rest.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            return await answer(request, on_new_message, self.name())

        return rest
