"""The REST channel (/webhooks/rest/webhook) with input limits and no silent failure."""
from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from webchat.guard import MAX_BODY_BYTES, check_payload, clean_text, never_silent

log = logging.getLogger(__name__)


class GuardedRestInput(RestInput):
    """Same contract as Rasa's REST channel; bad input gets a clear 4xx."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("guarded_rest", __name__)

        @rest.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            if len(request.body or b"") > MAX_BODY_BYTES:
                return response.json({"error": "Requête trop volumineuse."}, status=413)
            try:
                payload = request.json
            except Exception:  # sanic raises on malformed JSON or bytes
                payload = None
            problem = check_payload(payload)
            if problem:
                status = 413 if "dépasse" in problem else 400
                return response.json({"error": problem}, status=status)
            sender = payload["sender"]
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(clean_text(payload["message"]), collector, sender,
                                                 input_channel=self.name()))
            except CancelledError:
                log.error("timeout while handling a message from %s", sender)
            except Exception:  # noqa: BLE001 - the candidate still gets an answer
                log.exception("failure while handling a message from %s", sender)
            return response.json(never_silent(collector.messages, sender))

        return rest
