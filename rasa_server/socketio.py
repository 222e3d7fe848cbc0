"""The socket.io channel (path /socket.io, for the standard rasa-webchat widget) with
the REST channel's guard.

Rasa's own ``socketio`` channel trusts its input: a ``user_uttered`` whose message is
not a string, or whose session id is not one, raises in a background task (the sender
gets nothing, the log gets "Task exception was never retrieved"); any length is
processed; "/intent{...}" is executed as an intent; it accepts any Origin. This one
keeps the same events and payloads (``session_request`` / ``session_confirm``,
``user_uttered`` / ``bot_uttered`` with ``text`` and ``quick_replies``) and:

* checks every ``user_uttered`` with the REST channel's rules (``rasa_server.guard``:
  session id pattern and length, message type and length, control characters, no
  slash command), and answers a refused one with a short French ``bot_uttered``;
* maps the widget's opening payloads (``/get_started`` from its examples, the
  ``initPayload`` that docs/webchat.md gives, no message at all when none is set)
  to the greeting;
* handles each message inside the same admission control as the REST channel
  (``rasa_server.admission``), at most ``MAX_PENDING_PER_SOCKET`` at once per socket;
* answers with an apology and the referent's contact when the bot produced nothing
  or the conversation store failed (``rasa_server.guard.never_silent``);
* accepts a browser's connection (HTTP long-polling and WebSocket) only from the
  bot's own origin and the origins in ``WEBCHAT_ALLOWED_ORIGINS`` (parsed as by
  ``rasa_server.webchat``), and answers those origins' CORS preflight;
* never lets a malformed socket.io packet end as an unretrieved task exception;
* ends WebSocket requests without Sanic's "Invalid response type None" error.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

import socketio
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.bootstrap import services
from rasa_server import admission, rasa_patch
from rasa_server.guard import (
    check_payload,
    clean_text,
    conversation_unavailable,
    mark_conversation_unavailable,
    never_silent,
    service_down_reply,
)
from rasa_server.socketio_server import MAX_PACKET_BYTES, GuardedSocketServer
from rasa_server.webchat import parse_origins

log = logging.getLogger(__name__)

# The widget's opening payloads: the initPayload of rasa-webchat's own examples, and
# the one docs/webchat.md tells sites to set. They, and an event with no "message" (the
# widget's opening when no initPayload is set), start the conversation with the
# greeting; any other "/..." text is read as words, like on the REST channel.
OPENING_PAYLOADS = frozenset({"/get_started", "/greet"})
GREETING = "/greet"
# Messages of one socket handled at the same time; more get BUSY_REPLY.
MAX_PENDING_PER_SOCKET = 3
BUSY_REPLY = (
    "Un instant, s'il vous plaît : je réponds encore à vos messages précédents. "
    "Envoyez le suivant quand j'aurai répondu."
)


class _BufferedOutput(SocketIOOutput):
    """Keeps the bot's messages of one turn, so that the channel can replace them with
    an apology when the conversation could not be loaded or saved (as REST does)."""

    def __init__(self, sio: socketio.AsyncServer, bot_message_evt: str) -> None:
        super().__init__(sio, bot_message_evt)
        self.pending: list[tuple[str, Any]] = []

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.pending.append(("message", (socket_id, response)))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        self.pending.append(("custom", (recipient_id, json_message)))

    async def flush(self) -> None:
        for kind, (recipient_id, content) in self.pending:
            if kind == "custom":
                await SocketIOOutput.send_custom_json(self, recipient_id, content)
            else:
                await SocketIOOutput._send_message(self, recipient_id, content)
        self.pending = []


def _session_id(data: Any) -> str | None:
    """The session id of an event's data if it is acceptable as a conversation id."""
    if not isinstance(data, dict):
        return None
    session_id = data.get("session_id")
    if check_payload({"sender": session_id, "message": "-"}) is None:
        return session_id
    return None


class GuardedSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (same name, events and path) behind the REST guard."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, *args: Any, allowed_origins: frozenset | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed_origins is None:
            allowed_origins = parse_origins(services().settings.webchat_allowed_origins)
        self.allowed_origins = frozenset(allowed_origins)
        self._session_of: dict[str, str] = {}
        self._pending: dict[str, int] = {}

    # --- helpers ----------------------------------------------------------------

    async def _say(self, room: str, text: str) -> None:
        assert self.sio is not None
        await self.sio.emit(self.bot_message_evt, {"text": text}, room=room, namespace=self.namespace)

    async def _join(self, sid: str, session_id: str) -> None:
        """Put the socket in its conversation's room (one conversation per socket)."""
        assert self.sio is not None
        previous = self._session_of.get(sid)
        if previous == session_id:
            return
        if previous is not None:
            result = self.sio.leave_room(sid, previous, namespace=self.namespace)
            if inspect.isawaitable(result):
                await result
        result = self.sio.enter_room(sid, session_id, namespace=self.namespace)
        if inspect.isawaitable(result):
            await result
        self._session_of[sid] = session_id

    async def _handle(self, sid: str, data: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        if self.session_persistence:
            sender = _session_id(data)
            if sender is None:
                refusal = check_payload({"sender": None, "message": "-"})
                await self._say(sid, refusal.reason)
                return
            await self._join(sid, sender)
        else:
            sender = sid
        message = data.get("message") if isinstance(data, dict) else None
        if isinstance(data, dict) and "message" not in data:
            # rasa-webchat without an initPayload opens the chat with no message at all.
            message = GREETING
        refusal = check_payload({"sender": sender, "message": message})
        if refusal:
            await self._say(sid, refusal.reason)
            return
        text = GREETING if message.strip() in OPENING_PAYLOADS else clean_text(message)
        if self._pending.get(sid, 0) >= MAX_PENDING_PER_SOCKET:
            await self._say(sid, BUSY_REPLY)
            return
        self._pending[sid] = self._pending.get(sid, 0) + 1
        try:
            await self._answer(sender, text, on_new_message)
        finally:
            self._pending[sid] -= 1
            if not self._pending[sid]:
                del self._pending[sid]

    async def _answer(self, sender: str, text: str, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        assert self.sio is not None
        output = _BufferedOutput(self.sio, self.bot_message_evt)
        mark_conversation_unavailable(sender, False)
        try:
            async with admission.turn():
                await on_new_message(UserMessage(text, output, sender, input_channel=self.name()))
        except CancelledError:
            log.error("socketio: timeout while handling a message from %s", sender)
        except Exception:  # noqa: BLE001 - the candidate still gets an answer
            log.exception("socketio: failure while handling a message from %s", sender)
        if conversation_unavailable(sender):
            # The conversation store is down: Rasa's answer was out of context or not recorded.
            log.error("socketio: conversation %s could not be loaded or saved, apologising", sender)
            replies = service_down_reply(sender)
        elif not output.pending:
            replies = never_silent([], sender)
        else:
            await output.flush()
            return
        for reply in replies:
            await self._say(sender, reply["text"])

    # --- channel ------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rasa_patch.install()
        sio = GuardedSocketServer(async_mode="sanic", cors_allowed_origins=None, max_http_buffer_size=MAX_PACKET_BYTES)
        sio.eio.allowed_origins = self.allowed_origins
        self.sio = sio
        webhook = SocketBlueprint(sio, self.socketio_path, "guarded_socketio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict, auth: Any = None) -> bool:
            if not self.jwt_key:
                return True
            from rasa.core.channels.channel import decode_bearer_token

            token = auth.get("token") if isinstance(auth, dict) else None
            try:
                return bool(token and decode_bearer_token(token, self.jwt_key, self.jwt_algorithm))
            except Exception:  # noqa: BLE001 - a bad token is a refused connection
                return False

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            self._session_of.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, *args: Any) -> None:
            session_id = _session_id(args[0] if args else None) or uuid.uuid4().hex
            if self.session_persistence:
                await self._join(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, *args: Any) -> None:
            try:
                await self._handle(sid, args[0] if args else None, on_new_message)
            except CancelledError:
                raise
            except Exception:  # noqa: BLE001 - never silence, never an unretrieved task error
                log.exception("socketio: failure while checking a message from %s", sid)
                await self._say(sid, service_down_reply(sid)[0]["text"])

        return webhook
