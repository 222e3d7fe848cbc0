"""The offer reader keeps the offer's facts between replies and reads them again
only when `load-offers` stored a new version (bot.answers.replies, OfferReader)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import event, text

from bot.answers.replies import DataUnavailable, OfferReader
from bot.domain.offer import read_offer_file
from bot.storage.offer_loading import load_offers
from bot.storage.offer_queries import get_topic
from tests.integration.test_offer_loader import raw_offer, write_offer

NOW = datetime(2021, 6, 1, 10, 0)


def statements(session_factory):
    seen: list[str] = []
    engine = session_factory.kw["bind"]
    event.listen(engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_the_facts_are_read_once_then_only_their_version_is_checked(loaded_session_factory):
    reader = OfferReader(loaded_session_factory)
    first = reader.answers("ask_salary", NOW, asked="quel est le salaire ?")
    seen = statements(loaded_session_factory)
    again = reader.answers("ask_salary", NOW, asked="quel est le salaire ?")
    assert [answer.full_text() for answer in again] == [answer.full_text() for answer in first]
    assert len(seen) == 1 and "fingerprint" in seen[0]
    with loaded_session_factory() as session:
        salary = get_topic(session, reader.snapshot().offer.offer_id, "salary")
    assert reader.snapshot().topic("salary").facts == salary.facts


def test_a_new_version_of_the_offer_is_read_at_the_next_reply(session_factory, tmp_path):
    raw = raw_offer()
    load_offers(session_factory, [read_offer_file(write_offer(tmp_path, raw))])
    reader = OfferReader(session_factory)
    before = reader.snapshot()
    raw["topics"]["salary"]["facts"]["max_annual_gross"] = 50000.0
    load_offers(session_factory, [read_offer_file(write_offer(tmp_path, raw))])
    after = reader.snapshot()
    assert after.fingerprint != before.fingerprint
    assert after.topic("salary").facts["max_annual_gross"] == 50000.0


def test_a_database_down_still_gives_data_unavailable_after_a_cached_read(loaded_session_factory):
    reader = OfferReader(loaded_session_factory)
    reader.greeting()  # facts now kept
    with loaded_session_factory.begin() as session:
        session.execute(text("DROP TABLE offer_facts"))
        session.execute(text("DROP TABLE offers"))
    with pytest.raises(DataUnavailable):
        reader.greeting()
