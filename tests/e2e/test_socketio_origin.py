"""Who may open the socket.io channel from a browser (rasa_server/socketio.py): the bot's own
origin and WEBCHAT_ALLOWED_ORIGINS, over long-polling and WebSocket; nobody else."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
import requests
import socketio

from tests.e2e.conftest import EMBEDDING_ORIGIN
from tests.e2e.socketio_client import Conversation, texts
from tests.e2e.test_socketio_fuzz import LOG_FAILURES

pytestmark = pytest.mark.e2e
FOREIGN_ORIGIN = "http://foreign-site.test:8080"


def polling(rasa_url: str, method: str = "GET", **headers: str) -> requests.Response:
    return requests.request(method, f"{rasa_url}/socket.io/?EIO=4&transport=polling", headers=headers, timeout=10)


@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_an_allowed_origin_talks_to_the_bot_over_both_transports(rasa_url, bot_env, transport):
    work, _ = bot_env
    log = work / "rasa-main.log"
    log_start = log.stat().st_size

    async def talk():
        conversation = await Conversation(rasa_url, transport, origin=EMBEDDING_ORIGIN).open()
        try:
            used = conversation.client.eio.transport()
            return (
                used,
                texts(await conversation.say("/get_started")),
                texts(await conversation.say("quel est le salaire ?")),
            )
        finally:
            await conversation.close()

    used, greeting, answer = asyncio.run(talk())
    assert used == transport
    assert greeting and greeting[0].startswith("Bonjour")
    assert any("salaire" in text.lower() for text in answer), answer
    # The WebSocket ended without Sanic's "Invalid response type None".
    text = log.read_text(errors="replace")[log_start:]
    assert not [line for line in text.splitlines() if any(marker in line for marker in LOG_FAILURES)]


def test_the_bots_own_origin_is_allowed(rasa_url):
    own = rasa_url  # http://127.0.0.1:<port>, the Host the requests carry
    response = polling(rasa_url, Origin=own)
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == own


def test_allowed_origin_gets_cors_headers_and_preflight(rasa_url):
    response = polling(rasa_url, Origin=EMBEDDING_ORIGIN)
    assert response.status_code == 200 and response.text.startswith("0{")
    assert response.headers.get("Access-Control-Allow-Origin") == EMBEDDING_ORIGIN
    assert "Origin" in response.headers.get("Vary", "")
    preflight = polling(
        rasa_url,
        "OPTIONS",
        Origin=EMBEDDING_ORIGIN,
        **{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"},
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers.get("Access-Control-Allow-Origin") == EMBEDDING_ORIGIN
    assert "POST" in preflight.headers.get("Access-Control-Allow-Methods", "")
    assert "content-type" in preflight.headers.get("Access-Control-Allow-Headers", "").lower()
    # Case and a trailing slash do not matter, as for the webhook (parse_origins).
    assert polling(rasa_url, Origin=EMBEDDING_ORIGIN.upper()).status_code == 200


def test_a_foreign_origin_is_refused_over_polling_and_websocket(rasa_url):
    response = polling(rasa_url, Origin=FOREIGN_ORIGIN)
    assert response.status_code == 400
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = polling(rasa_url, "OPTIONS", Origin=FOREIGN_ORIGIN, **{"Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in preflight.headers
    assert "Access-Control-Allow-Methods" not in preflight.headers
    # A look-alike of the allowed origin (other port, other scheme, suffix) is foreign too.
    for lookalike in (
        EMBEDDING_ORIGIN.replace("8080", "8081"),
        EMBEDDING_ORIGIN.replace("http:", "https:"),
        EMBEDDING_ORIGIN + ".evil.test",
        "null",
    ):
        assert polling(rasa_url, Origin=lookalike).status_code == 400, lookalike

    async def websocket():
        async with aiohttp.ClientSession() as session:
            url = f"{rasa_url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket"
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with session.ws_connect(url, headers={"Origin": FOREIGN_ORIGIN}):
                    pass
            return refused.value.status

    assert asyncio.run(websocket()) == 400

    async def client(transport):
        conversation = Conversation(rasa_url, transport, origin=FOREIGN_ORIGIN)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await conversation.open()
        await conversation.close()

    for transport in ("polling", "websocket"):
        asyncio.run(client(transport))
