"""The engine.io / socket.io server under the socket.io channel (rasa_server/socketio.py):
the Origin check over polling and WebSocket, refusal of malformed packets without a
traceback, and WebSocket requests that end without Sanic's "Invalid response type None"."""

from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any

import engineio
import socketio
from engineio import packet as engineio_packet
from engineio import payload as engineio_payload
from engineio.async_drivers import sanic as engineio_sanic
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.guard import MAX_BODY_BYTES

log = logging.getLogger(__name__)

# An engine.io packet (one socket.io event) larger than this closes the connection.
# It leaves room for a message well over the length limit, which gets the guard's
# French answer instead.
MAX_PACKET_BYTES = 4 * MAX_BODY_BYTES


def _known_type(pkt: engineio_packet.Packet) -> bool:
    return 0 <= pkt.packet_type < len(engineio_packet.packet_names)


def _valid_packet(data: Any) -> bool:
    try:
        return _known_type(engineio_packet.Packet(encoded_packet=data))
    except Exception:  # noqa: BLE001 - whatever the decoder trips on
        return False


def _valid_payload(body: bytes) -> bool:
    try:
        packets = engineio_payload.Payload(encoded_payload=body.decode("utf-8")).packets
    except Exception:  # noqa: BLE001 - whatever the decoder trips on
        return False
    return all(_known_type(pkt) for pkt in packets)


class _CheckedWebSocket(engineio_sanic.WebSocket):
    """A frame that is not an engine.io packet closes the connection (engine.io would
    raise out of its WebSocket loop, and Sanic log a traceback)."""

    async def wait(self):
        data = await super().wait()
        if not _valid_packet(data):
            log.warning("socketio: malformed WebSocket frame, connection closed")
            raise OSError("malformed engine.io packet")
        return data


class OriginCheckedEngineIO(engineio.AsyncServer):
    """engine.io server that accepts a browser's Origin only if it is the bot's own or
    listed, refuses malformed packets in one log line, and whose Sanic route ends
    WebSocket requests cleanly."""

    allowed_origins: frozenset = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The driver table is shared by every engine.io server: change a copy.
        self._async = dict(self._async, websocket=_CheckedWebSocket)

    def _cors_allowed_origins(self, environ: dict) -> list[str]:
        origin = environ.get("HTTP_ORIGIN") or ""
        wanted = origin.rstrip("/").lower()
        # With cors_allowed_origins=None engine.io returns the bot's own origin(s),
        # from Host (and X-Forwarded-Proto / X-Forwarded-Host behind a proxy).
        own = {item.rstrip("/").lower() for item in super()._cors_allowed_origins(environ)}
        if wanted and (wanted in own or wanted in self.allowed_origins):
            return [origin]
        return sorted(own)

    def _cors_headers(self, environ: dict) -> list[tuple[str, str]]:
        headers = super()._cors_headers(environ)
        if not any(name == "Access-Control-Allow-Origin" for name, _ in headers):
            return []  # not an accepted origin (or no Origin): no CORS header at all
        return headers + [("Vary", "Origin")]

    def attach(self, app: Sanic, engineio_path: str = "engine.io") -> None:
        """Like engine.io's Sanic driver, but the route is marked as a WebSocket
        handler: once a WebSocket ends, engine.io returns None (it has answered on the
        socket itself), which Sanic would otherwise log as "Invalid response type None"."""
        path = "/{}/".format(engineio_path.strip("/"))

        async def socketio_engine(request: Request) -> HTTPResponse | None:
            if request.method == "POST":
                # Refused here, engine.io would log a traceback: a POST without a
                # session ("'Invalid session ' + None"), a payload it cannot decode
                # ("post request handler error"). A payload over the size limit is
                # left to engine.io, which closes that connection.
                body = request.body or b""
                if not request.args.get("sid") or (len(body) <= self.max_http_buffer_size and not _valid_payload(body)):
                    log.warning("socketio: malformed polling request refused")
                    return response.text("Bad request", status=400)
            return await self.handle_request(request)

        socketio_engine.is_websocket = True  # type: ignore[attr-defined]
        app.add_route(socketio_engine, path, methods=["GET", "POST", "OPTIONS"], name="guarded_socketio_engine")
        app.enable_websocket()

        @app.middleware("response")
        async def socketio_preflight(request: Request, resp: HTTPResponse) -> None:
            # `rasa run` configures sanic-cors, which answers every OPTIONS request
            # before engine.io sees it: add engine.io's CORS headers to its answer.
            if request.method != "OPTIONS" or resp is None or request.path != path:
                return
            environ = self._async["translate_request"](request)
            for name, value in self._cors_headers(environ):
                resp.headers[name] = value


class GuardedSocketServer(socketio.AsyncServer):
    """socket.io server whose malformed packets and failing handlers are logged in
    one line and dropped, instead of ending as unretrieved task exceptions."""

    def _engineio_server_class(self):
        return OriginCheckedEngineIO

    async def _handle_event(self, eio_sid, namespace, id, data):
        if not (isinstance(data, list) and data and isinstance(data[0], str)):
            log.warning("socketio: event without a name from %s dropped", eio_sid)
            return
        await super()._handle_event(eio_sid, namespace, id, data)

    async def _handle_eio_message(self, eio_sid, data):
        try:
            await super()._handle_eio_message(eio_sid, data)
        except CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a client's bad packet, not our failure
            log.warning("socketio: malformed packet from %s dropped (%s)", eio_sid, error.__class__.__name__)
            self._binary_packet.pop(eio_sid, None)

    async def _handle_event_internal(self, server, sid, eio_sid, data, namespace, id):
        try:
            await super()._handle_event_internal(server, sid, eio_sid, data, namespace, id)
        except CancelledError:
            raise
        except Exception:  # noqa: BLE001 - runs as a background task: nobody would see it
            log.exception("socketio: event handler failed for %s", sid)
