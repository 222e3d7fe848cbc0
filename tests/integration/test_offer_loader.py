"""The offer file is validated as a whole and loaded idempotently (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
import shutil

import pytest
import yaml
from sqlalchemy import func, select

from bot.domain.offer import OfferFileError, read_offer_file
from bot.storage.offer_loading import load_offers, read_offer_dir
from bot.storage.offer_queries import get_offer, get_topic
from bot.storage.tables import OfferFact
from tests.conftest import OFFER_FILE


def raw_offer():
    return yaml.safe_load(OFFER_FILE.read_text(encoding="utf-8"))


def write_offer(directory, raw, name="offer.yml"):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fact_count(session_factory):
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(OfferFact))


def test_every_topic_is_loaded_with_its_section(loaded_session_factory, offer_data):
    with loaded_session_factory() as session:
        offer = get_offer(session)
        assert offer.offer_id == "wbe3-cm-csap-2021-014"
        assert offer.reference == "WBE3 CM CSAP 2021 014"
        assert offer.circular_number == 8118
        for name, topic in offer_data.topics.items():
            stored = get_topic(session, offer.offer_id, name)
            assert stored.facts == topic.facts
            assert stored.section == topic.section


def test_loading_twice_changes_nothing(session_factory):
    offers = read_offer_dir(OFFER_FILE.parent)
    first = load_offers(session_factory, offers)
    count = fact_count(session_factory)
    second = load_offers(session_factory, offers)
    assert first.loaded == ["wbe3-cm-csap-2021-014"] and second.unchanged == ["wbe3-cm-csap-2021-014"]
    assert second.loaded == [] and fact_count(session_factory) == count


def test_a_changed_file_replaces_the_stored_offer(session_factory, tmp_path):
    raw = raw_offer()
    load_offers(session_factory, [read_offer_file(write_offer(tmp_path, raw))])
    raw["topics"]["salary"]["facts"]["max_annual_gross"] = 50000.0
    report = load_offers(session_factory, [read_offer_file(write_offer(tmp_path, raw))])
    assert report.loaded == [raw["offer"]["id"]]
    with session_factory() as session:
        assert get_topic(session, raw["offer"]["id"], "salary").facts["max_annual_gross"] == 50000.0


def test_several_offers_coexist_and_one_is_the_default(session_factory, tmp_path):
    other = raw_offer()
    other["offer"]["id"] = "another-offer"
    other["offer"]["default"] = False
    other["topics"]["contact"]["facts"]["email"] = "someone.else@cfwb.be"
    shutil.copy(OFFER_FILE, tmp_path / "a.yml")
    write_offer(tmp_path, other, "b.yml")
    load_offers(session_factory, read_offer_dir(tmp_path))
    with session_factory() as session:
        assert loaded_offer_ids(session_factory) == ["another-offer", "wbe3-cm-csap-2021-014"]
        assert get_offer(session).offer_id == "wbe3-cm-csap-2021-014"
        assert get_topic(session, "another-offer", "contact").facts["email"] == "someone.else@cfwb.be"


def loaded_offer_ids(session_factory):
    from sqlalchemy import select

    from bot.storage.tables import Offer

    with session_factory() as session:
        return list(session.scalars(select(Offer.id).order_by(Offer.id)))


def _break(path_keys, value=None, delete=False):
    def mutate(raw):
        node = raw
        for key in path_keys[:-1]:
            node = node[key]
        if delete:
            del node[path_keys[-1]]
        else:
            node[path_keys[-1]] = value
        return raw

    return mutate


BROKEN_FILES = {
    "missing field": (
        _break(["topics", "salary", "facts", "max_annual_gross"], delete=True),
        "topics.salary.facts.max_annual_gross: missing field",
    ),
    "wrong type": (
        _break(["topics", "hours", "facts", "weekly_hours"], "trente-huit"),
        "topics.hours.facts.weekly_hours: expected a number",
    ),
    "unknown key": (_break(["topics", "salary", "facts", "bonus"], 12), "topics.salary.facts.bonus: unknown field"),
    "unknown topic": (_break(["topics", "parking"], {"section": "x", "facts": {}}), "topics.parking: unknown topic"),
    "bad date": (
        _break(["topics", "deadline", "facts", "date"], "2021-06-31"),
        "topics.deadline.facts.date: expected a date YYYY-MM-DD",
    ),
    "bad email": (
        _break(["topics", "contact", "facts", "email"], "not-an-address"),
        "topics.contact.facts.email: expected an email address",
    ),
    "missing topic": (_break(["topics", "telework"], delete=True), "topics.telework: missing topic"),
    "empty list": (
        _break(["topics", "documents", "facts", "items"], []),
        "topics.documents.facts.items: expected a non-empty list",
    ),
    "bad list item": (
        _break(["topics", "documents", "facts", "items"], ["ok", 3]),
        "topics.documents.facts.items: item 2: expected non-empty text",
    ),
    "assets by position": (
        _break(["topics", "assets", "facts", "items"], ["la gestion de projet"]),
        "topics.assets.facts.items: expected a mapping with the keys adult_training",
    ),
    "unknown asset key": (_break(["topics", "assets", "facts", "items", "cooking"], "la cuisine"), "unknown: cooking"),
    "min above max": (
        _break(["topics", "salary", "facts", "min_annual_gross"], 99999.0),
        "max_annual_gross: lower than min_annual_gross",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_FILES))
def test_a_broken_file_is_rejected_with_its_field_and_the_database_is_unchanged(case, loaded_session_factory, tmp_path):
    mutate, expected = BROKEN_FILES[case]
    before = fact_count(loaded_session_factory)
    raw = mutate(copy.deepcopy(raw_offer()))
    path = write_offer(tmp_path, raw)
    with pytest.raises(OfferFileError) as error:
        load_offers(loaded_session_factory, read_offer_dir(tmp_path))
    assert str(path) in str(error.value)
    assert expected in str(error.value)
    assert fact_count(loaded_session_factory) == before
    assert loaded_offer_ids(loaded_session_factory) == ["wbe3-cm-csap-2021-014"]


def test_one_bad_file_among_good_ones_loads_nothing(session_factory, tmp_path):
    shutil.copy(OFFER_FILE, tmp_path / "a.yml")
    bad = raw_offer()
    bad["offer"]["id"] = "broken"
    bad["offer"]["default"] = False
    del bad["topics"]["contact"]
    write_offer(tmp_path, bad, "b.yml")
    with pytest.raises(OfferFileError, match="topics.contact: missing topic"):
        load_offers(session_factory, read_offer_dir(tmp_path))
    assert loaded_offer_ids(session_factory) == []


def test_invalid_yaml_and_duplicates_are_reported(tmp_path):
    (tmp_path / "bad.yml").write_text("offer: [unclosed\n", encoding="utf-8")
    with pytest.raises(OfferFileError, match="invalid YAML"):
        read_offer_dir(tmp_path)
    (tmp_path / "bad.yml").unlink()
    shutil.copy(OFFER_FILE, tmp_path / "a.yml")
    shutil.copy(OFFER_FILE, tmp_path / "b.yml")
    with pytest.raises(OfferFileError, match="already used"):
        read_offer_dir(tmp_path)


def test_cli_rejects_a_broken_file_and_keeps_the_database(tmp_path, monkeypatch, capsys):
    from bot.__main__ import main

    db = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    assert main(["load-offers", "--dir", str(OFFER_FILE.parent)]) == 0
    raw = raw_offer()
    raw["topics"]["salary"]["facts"]["min_annual_gross"] = "beaucoup"
    write_offer(tmp_path / "broken", raw)
    assert main(["load-offers", "--dir", str(tmp_path / "broken")]) == 2
    err = capsys.readouterr().err
    assert "database left unchanged" in err and "min_annual_gross: expected a number" in err
