"""Bounded, first-come first-served message handling in the Rasa server's channels."""

from __future__ import annotations

import asyncio

import pytest

from rasa_server import admission


def run(coroutine):
    return asyncio.new_event_loop().run_until_complete(coroutine)


@pytest.mark.parametrize(
    "raw, slots", [("", 4), ("1", 1), ("8", 8), (" 3 ", 3), ("0", 4), ("-2", 4), ("many", 4), ("2.5", 4)]
)
def test_slots_from_settings(monkeypatch, raw, slots):
    monkeypatch.setenv(admission.ENV, raw)
    assert admission.slots_from_settings() == slots


def test_at_most_n_messages_at_once_served_in_arrival_order(monkeypatch):
    monkeypatch.setenv(admission.ENV, "2")
    busy, peak, started = 0, 0, []

    async def message(number):
        nonlocal busy, peak
        async with admission.turn() as had_slot:
            assert had_slot
            started.append(number)
            busy += 1
            peak = max(peak, busy)
            await asyncio.sleep(0.01)  # an await inside, like the action server call
            busy -= 1

    async def burst():
        await asyncio.gather(*(message(number) for number in range(12)))

    run(burst())
    assert peak == 2
    assert started == list(range(12))


def test_a_message_goes_ahead_when_the_slots_stay_taken(monkeypatch):
    monkeypatch.setenv(admission.ENV, "1")
    outcome = []

    async def stuck():
        async with admission.turn():
            await asyncio.sleep(1)

    async def waiting():
        await asyncio.sleep(0.01)
        async with admission.turn(max_wait=0.05) as had_slot:
            outcome.append(had_slot)

    async def both():
        await asyncio.gather(stuck(), waiting())

    run(both())
    assert outcome == [False]


def test_a_failing_message_frees_its_slot(monkeypatch):
    monkeypatch.setenv(admission.ENV, "1")

    async def failing():
        async with admission.turn():
            raise RuntimeError("boom")

    async def scenario():
        with pytest.raises(RuntimeError):
            await failing()
        async with admission.turn(max_wait=0.05) as had_slot:
            return had_slot

    assert run(scenario()) is True
