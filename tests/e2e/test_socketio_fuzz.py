"""Hostile socket.io input (rasa_server/socketio.py): a French reply or a clean refusal for
every payload, nothing unhandled in the server log, and a conversation held at the same
time by another visitor answered exactly as over REST."""

from __future__ import annotations

import asyncio
import random
import uuid

import pytest
import requests

from tests.e2e.socketio_client import REFUSAL_MARKERS, Closed, Conversation, squeeze, texts
from tests.e2e.test_bad_input import HOSTILE_TEXTS, generated_texts

pytestmark = pytest.mark.e2e

# What a server log must never show, whatever a client sends.
LOG_FAILURES = (
    "Traceback",
    "Task exception was never retrieved",
    "Invalid response type",
    "Exception occurred while handling",
    "handler error",
)
BYSTANDER_SCRIPT = ["bonjour", "quel est le salaire ?", "faut-il un diplôme ?", "merci"]


def rest_texts(rasa_url: str, sender: str, message: str) -> list[str]:
    response = requests.post(
        f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=90
    )
    assert response.status_code == 200, response.text
    return [part.get("text", "") for part in response.json()]


def hostile_payloads(session: str) -> list[tuple]:
    """(label, args of one user_uttered) for at least 300 hostile payloads."""
    payloads: list[tuple] = []

    def add(label, *args):
        payloads.append((label, args))

    # The event's data is not an object, or is missing, or comes with more arguments.
    for data in (
        None,
        0,
        1,
        -1,
        3.14,
        True,
        False,
        "bonjour",
        "",
        [],
        ["bonjour"],
        [{"message": "bonjour", "session_id": session}],
        b"\x00\xffbinary",
        {"nested": {"deep": [1, 2, {"x": None}]}},
    ):
        add("data", data)
    add("no argument")
    add("two arguments", {"message": "bonjour", "session_id": session}, {"message": "encore"})
    # The message has the wrong type.
    for message in (
        None,
        0,
        42,
        -7.5,
        1e308,
        True,
        False,
        [],
        ["bonjour"],
        {},
        {"text": "bonjour"},
        b"bonjour",
        b"\xff\xfe\x00",
        [b"x"],
        {"$gt": ""},
    ):
        add("message type", {"message": message, "session_id": session})
    # Missing or misnamed fields.
    for data in (
        {},
        {"session_id": session},
        {"message": "bonjour"},
        {"text": "bonjour", "session_id": session},
        {"message ": "bonjour", "session_id": session},
    ):
        add("missing field", data)
    # Bad session ids.
    for session_id in (
        None,
        "",
        " ",
        0,
        123,
        1.5,
        True,
        [],
        ["x"],
        {"a": 1},
        b"bin",
        "a" * 129,
        "x" * 10_000,
        "../../etc/passwd",
        "<script>alert(1)</script>",
        "id with spaces",
        "é-accent",
        "a\x00b",
        "🤖",
        "'; DROP TABLE events; --",
        "a/b",
        "$(reboot)",
        "\n",
    ):
        add("session id", {"message": "bonjour", "session_id": session_id})
    # Too long.
    for message in (
        "a" * 2001,
        "a" * 100_000,
        "é" * 50_000,
        "🤖" * 2001,
        "bonjour " * 300,
        "x" * 200_000,
        "é" * 150_000,
    ):
        add("huge", {"message": message, "session_id": session})
    # Slash commands: read as words, never executed as intents.
    for command in (
        "/restart",
        '/ask_salary{"x":1}',
        "/session_start",
        "/nlu_fallback",
        "/action_restart",
        "//restart",
        "  /restart",
        "/stop",
        '/request_human{"email":"a@b.c"}',
        '/inform{"diploma_level":"master"}',
        '/greet{"x":"<script>"}',
        "/check_eligibility",
        "/affirm",
        "/deny",
        "/ask_salary",
        "/ /",
        "/",
        "/" * 50,
        "/back",
        "/out_of_scope",
    ):
        add("slash command", {"message": command, "session_id": session})
    # HTML, injections, control characters, odd Unicode (shared with the REST fuzz test).
    for text in HOSTILE_TEXTS:
        add("hostile text", {"message": text, "session_id": session})
    # Metadata the stock channel would parse or pass on.
    for metadata in ("{not json", "[1, 2", [1] * 10_000, {"x": "y" * 10_000}, 12):
        add("metadata", {"message": "bonjour", "session_id": session, "metadata": metadata})
        add("customData", {"message": "bonjour", "session_id": session, "customData": metadata})
    # Generated: random text, and random structures in place of the fields.
    rng = random.Random(14)
    for text in generated_texts(120, seed=14):
        add("generated text", {"message": text, "session_id": session})
    atoms = [None, 0, -1, 2.5, True, "", "bonjour", "/restart", b"\x00\x01", "é" * 3000, session]

    def structure(depth=0):
        kind = rng.randrange(4 if depth < 3 else 1)
        if kind == 0:
            return rng.choice(atoms)
        if kind == 1:
            return [structure(depth + 1) for _ in range(rng.randrange(4))]
        return {
            rng.choice(["message", "session_id", "metadata", "x"]): structure(depth + 1)
            for _ in range(rng.randrange(4))
        }

    for _ in range(60):
        add("generated structure", {"message": structure(), "session_id": rng.choice([session, structure()])})
    return payloads


async def fuzz(url: str, transport: str, payloads: list[tuple], results: list) -> None:
    """Send the payloads one by one on one socket; a new socket after a closed one."""
    conversation = await Conversation(url, transport).open()
    try:
        for label, args in payloads:
            args = tuple(_with_session(arg, conversation.session_id) for arg in args)
            try:
                replies = await conversation.send(*args)
            except asyncio.TimeoutError:
                replies = []  # silence: reported by the test
            results.append((transport, label, repr(args)[:80], replies))
            if not replies or isinstance(replies[-1], Closed):
                await conversation.close()
                conversation = await Conversation(url, transport).open()
    finally:
        await conversation.close()


def _with_session(value, session_id):
    """Put the socket's own session id where the payload says "<session>"."""
    if value == "<session>":
        return session_id
    if isinstance(value, dict):
        return {key: _with_session(item, session_id) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_session(item, session_id) for item in value]
    return value


async def bystander(url: str, script: list[str]) -> list[list[str]]:
    conversation = await Conversation(url, "websocket").open(f"bystander-{uuid.uuid4().hex}")
    try:
        answers = []
        for message in script:
            answers.append(texts(await conversation.say(message)))
            await asyncio.sleep(0.5)
        return answers
    finally:
        await conversation.close()


async def burst(url: str, count: int = 8) -> list:
    """Several messages at once on one socket: each gets an answer or the busy reply."""
    conversation = await Conversation(url, "websocket").open()
    try:
        for index in range(count):
            await conversation.client.emit(
                "user_uttered", {"message": f"quel est le salaire ? {index}", "session_id": conversation.session_id}
            )
        received = []
        while len(received) < count:
            received.append(await asyncio.wait_for(conversation.received.get(), 120))
        return received
    finally:
        await conversation.close()


def test_300_hostile_socketio_payloads_get_an_answer_and_leave_no_trace_in_the_log(rasa_url, bot_env):
    work, _ = bot_env
    log = work / "rasa-main.log"
    log_start = log.stat().st_size
    rest_sender = f"bystander-rest-{uuid.uuid4().hex}"
    reference = [rest_texts(rasa_url, rest_sender, message) for message in BYSTANDER_SCRIPT]

    payloads = hostile_payloads("<session>")
    assert len(payloads) >= 300, len(payloads)
    results: list = []
    # Three sockets share the payloads (two WebSocket, one long-polling) while a fourth
    # visitor holds a normal conversation.
    shares = [payloads[0::3], payloads[1::3], payloads[2::3]]

    async def run():
        return await asyncio.gather(
            fuzz(rasa_url, "websocket", shares[0], results),
            fuzz(rasa_url, "polling", shares[1], results),
            fuzz(rasa_url, "websocket", shares[2], results),
            bystander(rasa_url, BYSTANDER_SCRIPT),
            burst(rasa_url),
        )

    *_, bystander_answers, burst_replies = asyncio.run(run())

    # Each payload: a French reply (the bot's answer or a refusal), or the connection
    # closed for a packet over engine.io's size limit.
    silent = [
        (transport, label, sent)
        for transport, label, sent, replies in results
        if not texts(replies) and not (replies and isinstance(replies[-1], Closed))
    ]
    empty = [(label, sent) for _, label, sent, replies in results if any(not text.strip() for text in texts(replies))]
    assert not silent, silent
    assert not empty, empty
    refused = sum(1 for *_, replies in results if any(text.startswith(REFUSAL_MARKERS) for text in texts(replies)))
    closed = sum(1 for *_, replies in results if replies and isinstance(replies[-1], Closed))
    # Long messages always get the length refusal (over 2000 characters), slash commands never
    # an intent's answer that the same words would not get (tested below).
    for _, label, sent, replies in results:
        if label == "huge" and replies and not isinstance(replies[-1], Closed):
            assert any("dépasse 2000" in text for text in texts(replies)), (sent, replies)
    assert len(results) == len(payloads)

    # The bystander got exactly what REST gives for the same conversation.
    assert [squeeze("".join(answer)) for answer in bystander_answers] == [
        squeeze("".join(answer)) for answer in reference
    ]
    # The burst: one reply per message at least, some may be "un instant".
    assert all(isinstance(reply, dict) and reply.get("text") for reply in burst_replies), burst_replies

    text = log.read_text(errors="replace")[log_start:]
    failures = [line for line in text.splitlines() if any(marker in line for marker in LOG_FAILURES)]
    assert not failures, "\n".join(failures[:20])
    print(
        "\nclosed:",
        [
            (transport, label, sent[:30])
            for transport, label, sent, replies in results
            if replies and isinstance(replies[-1], Closed)
        ],
    )
    print(
        f"\n{len(results)} hostile payloads: {refused} refused in French, {closed} closed "
        f"connections (oversized), {len(results) - refused - closed} answered by the bot; "
        f"server log: {len(text.splitlines())} lines, 0 tracebacks"
    )


def test_raw_garbage_at_the_engineio_level_is_refused_without_a_traceback(rasa_url, bot_env):
    work, _ = bot_env
    log = work / "rasa-main.log"
    log_start = log.stat().st_size
    base = f"{rasa_url}/socket.io/?EIO=4&transport=polling"
    opened = requests.get(base, timeout=10)
    assert opened.status_code == 200
    sid = opened.text[opened.text.index('"sid":"') + 7 :].split('"')[0]
    requests.post(f"{base}&sid={sid}", data="40", timeout=10)  # socket.io CONNECT
    statuses = []
    for body in (
        b"",
        b"x",
        b"\xff\xfe\x00",
        b"4",
        b"42[",
        b"42{}",
        b'42["user_uttered"',
        b"9hello",
        b"42[[1],2]",
        b'451-["user_uttered",{"_placeholder":true,"num":0}]',
        b"b!!!notbase64",
    ):
        statuses.append(requests.post(f"{base}&sid={sid}", data=body, timeout=10).status_code)
    statuses.append(requests.post(base, data=b"40", timeout=10).status_code)  # no session
    assert all(status < 500 for status in statuses), statuses

    async def websocket_garbage():
        import aiohttp

        async with aiohttp.ClientSession() as session:
            for frame in ("x", "", "42[", "9", "4" * 100):
                ws_url = f"{rasa_url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket"
                async with session.ws_connect(ws_url) as ws:
                    await ws.receive(timeout=10)  # the OPEN packet
                    await ws.send_str("40")
                    await ws.send_str(frame)
                    await ws.send_str('42["user_uttered",{"message":"bonjour","session_id":"raw-ws"}]')
                    try:
                        while not ws.closed:
                            await ws.receive(timeout=5)
                    except asyncio.TimeoutError:
                        pass

    asyncio.run(websocket_garbage())

    text = log.read_text(errors="replace")[log_start:]
    failures = [line for line in text.splitlines() if any(marker in line for marker in LOG_FAILURES)]
    assert not failures, "\n".join(failures[:20])
    # And the server still answers.
    assert rest_texts(rasa_url, f"after-garbage-{uuid.uuid4().hex}", "bonjour")


@pytest.mark.parametrize("command", ["/restart", '/ask_salary{"x":1}', "/check_eligibility", "/stop"])
def test_a_slash_command_is_read_as_the_same_words_without_the_slash(rasa_url, command):
    async def compare():
        with_slash = await Conversation(rasa_url).open()
        without = await Conversation(rasa_url).open()
        try:
            return texts(await with_slash.say(command)), texts(await without.say(command.lstrip("/")))
        finally:
            await with_slash.close()
            await without.close()

    with_slash, without = asyncio.run(compare())
    assert with_slash and with_slash == without


@pytest.mark.parametrize("payload", ["/get_started", "/greet", " /greet ", None])
def test_the_widgets_opening_payload_gets_the_greeting(rasa_url, payload):
    """None: rasa-webchat without an initPayload opens with an event that has no message."""

    async def opening():
        conversation = await Conversation(rasa_url).open()
        try:
            if payload is None:
                return texts(
                    await conversation.send({"session_id": conversation.session_id, "customData": {"language": "fr"}})
                )
            return texts(await conversation.say(payload))
        finally:
            await conversation.close()

    answer = asyncio.run(opening())
    greeting = rest_texts(rasa_url, f"greeting-{uuid.uuid4().hex}", "bonjour")
    assert squeeze("".join(answer)) == squeeze("".join(greeting)), answer
    assert "pas certain d'avoir compris" not in " ".join(answer)


def test_a_session_request_with_a_bad_session_id_gets_a_new_valid_one(rasa_url):
    async def sessions():
        conversation = await Conversation(rasa_url).open()
        try:
            confirmed = []
            for args in [
                (),
                (None,),
                (5,),
                ([],),
                ({"session_id": 5},),
                ({"session_id": "<x>"},),
                ({"session_id": "a" * 500},),
                ({"session_id": "ok-session"},),
            ]:
                confirmed.append(await conversation.request_session(*args))
            conversation.session_id = confirmed[-1]
            reply = texts(await conversation.say("bonjour"))
            return confirmed, reply
        finally:
            await conversation.close()

    confirmed, reply = asyncio.run(sessions())
    assert confirmed[-1] == "ok-session"
    assert all(isinstance(value, str) and len(value) == 32 for value in confirmed[:-1]), confirmed
    assert reply and reply[0].startswith("Bonjour")
