"""A socket.io client speaking like the rasa-webchat widget, for the socket.io tests."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio

# Refusals of rasa_server.guard / rasa_server.socketio: a clean refusal, in French.
REFUSAL_MARKERS = (
    "Identifiant de conversation",
    "Le message est vide",
    "Le message dépasse",
    "Un instant, s'il vous plaît",
    "Le corps de la requête",
)


class Closed(Exception):
    """The server closed the connection (an oversized packet)."""


class Conversation:
    """One socket, its conversation (session) and the bot_uttered events it received."""

    def __init__(self, url: str, transport: str = "websocket", origin: str | None = None) -> None:
        self.url, self.transport, self.origin = url, transport, origin
        self.client: socketio.AsyncClient | None = None
        self.session_id: str | None = None
        self.received: asyncio.Queue = asyncio.Queue()
        self.confirmed: asyncio.Queue = asyncio.Queue()

    async def open(self, session_id: str | None = None) -> Conversation:
        client = socketio.AsyncClient(reconnection=False)
        client.on("bot_uttered", lambda data: self.received.put_nowait(data))
        client.on("session_confirm", lambda data: self.confirmed.put_nowait(data))
        client.on("disconnect", lambda: self.received.put_nowait(Closed()))
        headers = {"Origin": self.origin} if self.origin else {}
        await client.connect(self.url, transports=[self.transport], headers=headers, wait_timeout=30)
        self.client = client
        self.session_id = await self.request_session({"session_id": session_id})
        return self

    async def request_session(self, *args: Any) -> Any:
        await self.client.emit("session_request", *args) if args else await self.client.emit("session_request")
        return await asyncio.wait_for(self.confirmed.get(), 30)

    async def close(self) -> None:
        if self.client is not None:
            await self.client.disconnect()
            # aiohttp's session of the engine.io client is not closed by disconnect().
            http = getattr(self.client.eio, "http", None)
            if http is not None and not http.closed:
                await http.close()

    async def send(self, *args: Any, event: str = "user_uttered", timeout: float = 45, quiet: float = 0.4) -> list[Any]:
        """Emit an event (args as they are) and return what came back: the bot_uttered
        data of the turn, or [Closed()] when the server closed the connection."""
        while not self.received.empty():
            self.received.get_nowait()
        # A tuple is sent as that many arguments (one None included); no tuple, none.
        await self.client.emit(event, tuple(args) if args else None)
        replies = [await asyncio.wait_for(self.received.get(), timeout)]
        while not isinstance(replies[-1], Closed):
            try:
                replies.append(await asyncio.wait_for(self.received.get(), quiet))
            except asyncio.TimeoutError:
                break
        return replies

    async def say(self, text: Any) -> list[Any]:
        return await self.send({"message": text, "session_id": self.session_id})


def texts(replies: list[Any]) -> list[str]:
    return [reply.get("text", "") for reply in replies if isinstance(reply, dict)]


def squeeze(text: str) -> str:
    """A reply without its whitespace: socket.io splits a text on blank lines, REST does not."""
    return "".join(text.split())
