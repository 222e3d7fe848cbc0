"""Checks shared by the bot's HTTP channels: input limits and no silent failure."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from bot.answers.replies import SERVICE_DOWN, unavailable_reply
from bot.bootstrap import services

MAX_MESSAGE_LENGTH = 2000
MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_LENGTH = 128
SENDER_PATTERN = re.compile(r"^[A-Za-z0-9_.:@-]+$")
# C0/C1 control characters except tab and newlines.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LEADING_SLASHES = re.compile(r"^[/\s]+")
# Conversations that could not be loaded or saved while handling the current
# message (set by rasa_server.tracker_store): Rasa's answer was computed from an
# empty stand-in conversation, or the conversation did not move on in the
# database, so the channel apologises and the candidate sends it again.
_UNAVAILABLE: ContextVar[frozenset] = ContextVar("unavailable_conversations", default=frozenset())


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the French reason for the sender, the HTTP status."""

    reason: str
    status: int = 400


def check_payload(payload: Any) -> Refusal | None:
    """Why to refuse the request body, or None when it is acceptable."""
    if not isinstance(payload, dict):
        return Refusal("Le corps de la requête doit être un objet JSON.")
    sender, message = payload.get("sender"), payload.get("message")
    if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_LENGTH or not SENDER_PATTERN.match(sender):
        return Refusal("Identifiant de conversation (« sender ») manquant ou invalide.")
    if not isinstance(message, str) or not clean_text(message):
        return Refusal("Le message est vide : écrivez votre question.")
    if len(message) > MAX_MESSAGE_LENGTH:
        return Refusal(
            f"Le message dépasse {MAX_MESSAGE_LENGTH} caractères : raccourcissez-le, s'il vous plaît.", status=413
        )
    return None


def clean_text(text: str) -> str:
    """The text the bot reads: valid Unicode, no control characters, no slash commands."""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = _CONTROL.sub(" ", text).strip()
    # "/intent" would bypass the NLU and trigger intents directly; buttons never send it.
    # Slashes and spaces go together: "/ /" would otherwise leave "/", an empty command.
    return _LEADING_SLASHES.sub("", text)


def never_silent(messages: list[dict], sender: str) -> list[dict]:
    """Every message gets an answer: if the bot produced none (e.g. the action server
    is down), apologise and give the referent's contact from the offer file."""
    if messages:
        return messages
    return service_down_reply(sender)


def mark_conversation_unavailable(sender: str, unavailable: bool) -> None:
    current = _UNAVAILABLE.get()
    _UNAVAILABLE.set(current | {sender} if unavailable else current - {sender})


def conversation_unavailable(sender: str) -> bool:
    return sender in _UNAVAILABLE.get()


def service_down_reply(sender: str) -> list[dict]:
    settings = services().settings
    return [{"recipient_id": sender, "text": unavailable_reply(settings.offers_dir, settings.offer_id, SERVICE_DOWN)}]
