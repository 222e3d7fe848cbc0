"""The guarded socket.io channel (rasa_server/socketio.py) without a server: what reaches the
bot, what the sender gets back, which origins are accepted, which packets are dropped."""

from __future__ import annotations

import asyncio

import pytest

from rasa_server import socketio as channel
from rasa_server import socketio_server as engine
from rasa_server.guard import mark_conversation_unavailable, service_down_reply


class FakeServer:
    """Stands for socketio.AsyncServer: records emits and rooms."""

    def __init__(self):
        self.emitted, self.rooms = [], {}

    async def emit(self, event, data=None, room=None, namespace=None, **kwargs):
        self.emitted.append((event, data, room))

    def enter_room(self, sid, room, namespace=None):
        self.rooms.setdefault(sid, set()).add(room)

    def leave_room(self, sid, room, namespace=None):
        self.rooms.get(sid, set()).discard(room)


def make_channel(persistence=True):
    chat = channel.GuardedSocketIOInput(session_persistence=persistence, allowed_origins=frozenset())
    chat.sio = FakeServer()
    return chat


def run(chat, data, bot=None, sid="sid-1"):
    received = []

    async def on_new_message(message):
        received.append(message)
        if bot:
            await bot(message)

    asyncio.run(chat._handle(sid, data, on_new_message))
    return received, [(data["text"], room) for event, data, room in chat.sio.emitted if event == "bot_uttered"]


def replies_with(*texts):
    async def bot(message):
        for text in texts:
            await message.output_channel.send_text_message(message.sender_id, text)

    return bot


@pytest.mark.parametrize(
    "data, refusal",
    [
        (None, "Identifiant de conversation"),
        (5, "Identifiant de conversation"),
        ({"message": "bonjour"}, "Identifiant de conversation"),
        ({"message": "bonjour", "session_id": 12}, "Identifiant de conversation"),
        ({"message": "bonjour", "session_id": "a b"}, "Identifiant de conversation"),
        ({"message": None, "session_id": "s1"}, "Le message est vide"),
        ({"message": ["bonjour"], "session_id": "s1"}, "Le message est vide"),
        ({"message": b"bonjour", "session_id": "s1"}, "Le message est vide"),
        ({"message": "   ", "session_id": "s1"}, "Le message est vide"),
        ({"message": "/", "session_id": "s1"}, "Le message est vide"),
        ({"message": "x" * 2001, "session_id": "s1"}, "Le message dépasse 2000"),
    ],
)
def test_bad_input_gets_a_french_refusal_to_the_sender_only(data, refusal):
    chat = make_channel()
    received, said = run(chat, data)
    assert received == []
    assert len(said) == 1 and said[0][0].startswith(refusal) and said[0][1] == "sid-1"


@pytest.mark.parametrize(
    "sent, read",
    [
        ("/restart", "restart"),
        ('/ask_salary{"x":1}', 'ask_salary{"x":1}'),
        ("/ / salaire", "salaire"),
        ("/get_started", "/greet"),
        ("/greet", "/greet"),
        (" /greet ", "/greet"),
        ("quel salaire ?", "quel salaire ?"),
    ],
)
def test_slash_commands_are_words_except_the_opening_payloads(sent, read):
    received, said = run(make_channel(), {"message": sent, "session_id": "s1"}, replies_with("ok"))
    assert [message.text for message in received] == [read]
    assert said == [("ok", "s1")]


def test_an_opening_without_a_message_is_the_greeting():
    received, _ = run(make_channel(), {"session_id": "s1", "customData": {"language": "fr"}}, replies_with("ok"))
    assert [message.text for message in received] == ["/greet"]
    assert received[0].metadata is None or received[0].metadata == {}


def test_the_sender_joins_its_conversation_room_and_only_one():
    chat = make_channel()
    run(chat, {"message": "bonjour", "session_id": "s1"}, replies_with("ok"))
    run(chat, {"message": "bonjour", "session_id": "s2"}, replies_with("ok"))
    assert chat.sio.rooms["sid-1"] == {"s2"}


def test_without_session_persistence_the_socket_is_the_conversation():
    received, said = run(make_channel(persistence=False), {"message": "bonjour"}, replies_with("ok"), sid="abc_-1")
    assert received[0].sender_id == "abc_-1" and said == [("ok", "abc_-1")]


def test_no_answer_from_the_bot_gets_the_apology():
    _, said = run(make_channel(), {"message": "bonjour", "session_id": "s1"})
    assert [text for text, _ in said] == [reply["text"] for reply in service_down_reply("s1")]


def test_a_failing_bot_gets_the_apology():
    async def bot(message):
        raise RuntimeError("action server down")

    _, said = run(make_channel(), {"message": "bonjour", "session_id": "s1"}, bot)
    assert said == [(reply["text"], "s1") for reply in service_down_reply("s1")]


def test_an_unavailable_conversation_replaces_the_answer_with_the_apology():
    async def bot(message):
        await message.output_channel.send_text_message(message.sender_id, "réponse hors contexte")
        mark_conversation_unavailable(message.sender_id, True)

    _, said = run(make_channel(), {"message": "bonjour", "session_id": "s1"}, bot)
    assert said == [(reply["text"], "s1") for reply in service_down_reply("s1")]


def test_a_socket_with_too_many_messages_in_progress_is_asked_to_wait():
    chat = make_channel()
    release = asyncio.Event()

    async def scenario():
        async def slow(message):
            await release.wait()
            await message.output_channel.send_text_message(message.sender_id, "ok")

        tasks = [
            asyncio.create_task(chat._handle("sid-1", {"message": f"q{i}", "session_id": "s1"}, slow))
            for i in range(channel.MAX_PENDING_PER_SOCKET + 2)
        ]
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(*tasks)

    asyncio.run(scenario())
    texts = [data["text"] for _, data, _ in chat.sio.emitted]
    assert texts.count(channel.BUSY_REPLY) == 2
    assert texts.count("ok") == channel.MAX_PENDING_PER_SOCKET


def _environ(origin=None, host="bot.example:5005", proto=None):
    environ = {"wsgi.url_scheme": "http", "HTTP_HOST": host, "REQUEST_METHOD": "GET"}
    if origin:
        environ["HTTP_ORIGIN"] = origin
    if proto:
        environ["HTTP_X_FORWARDED_PROTO"] = proto
    return environ


@pytest.mark.parametrize(
    "origin, accepted",
    [
        ("http://bot.example:5005", True),
        ("https://site.example", True),
        ("HTTPS://Site.Example/", True),
        ("https://site.example:444", False),
        ("http://site.example", False),
        ("https://evil.example", False),
        ("null", False),
    ],
)
def test_origins(origin, accepted):
    server = engine.OriginCheckedEngineIO(async_mode="sanic", cors_allowed_origins=None)
    server.allowed_origins = frozenset({"https://site.example"})
    environ = _environ(origin)
    assert (origin in server._cors_allowed_origins(environ)) is accepted
    headers = dict(server._cors_headers(environ))
    assert (headers.get("Access-Control-Allow-Origin") == origin) is accepted
    if not accepted:
        assert headers == {}


def test_behind_a_proxy_the_public_origin_is_the_bots_own():
    server = engine.OriginCheckedEngineIO(async_mode="sanic", cors_allowed_origins=None)
    assert "https://bot.example" in server._cors_allowed_origins(
        _environ("https://bot.example", host="bot.example", proto="https")
    )


@pytest.mark.parametrize(
    "packet, valid",
    [
        ("4hello", True),
        ('42["user_uttered",{}]', True),
        ("2", True),
        ("9hello", False),
        ("x", False),
        ("", False),
        (b"\x00\x01", True),
    ],
)
def test_engineio_packets(packet, valid):
    assert engine._valid_packet(packet) is valid


@pytest.mark.parametrize(
    "body, valid",
    [
        (b"40", True),
        (b"42[\"a\"]\x1e2", True),
        (b"\xff\xfe", False),
        (b"9x", False),
        (b"x", False),
    ],
)
def test_polling_payloads(body, valid):
    assert engine._valid_payload(body) is valid


def test_malformed_socketio_packets_are_dropped_in_one_line(caplog):
    server = engine.GuardedSocketServer(async_mode="sanic")

    async def scenario():
        for data in ("2[", "2{}", "2[[1],2]", "9", "2[]"):
            await server._handle_eio_message("eio-1", data)

    asyncio.run(scenario())
    assert "Traceback" not in caplog.text
    assert caplog.text.count("dropped") == 5
