"""Answers carry the facts of the offer file, in French, with their source."""

from __future__ import annotations

import pytest

from bot.answers.compose import Context, compose_answer
from bot.answers.composers import COMPOSERS, SELECTION_STEPS
from bot.domain.french import euros, long_date, number
from bot.domain.offer import TOPIC_FIELDS
from bot.domain.topics import TOPIC_BY_INTENT


@pytest.fixture
def facts_of(offer_data):
    return lambda name: offer_data.topics[name]


@pytest.fixture
def ask(facts_of, brussels):
    def ask(topic, now=(2021, 6, 1, 10, 0), **context):
        return compose_answer(topic, facts_of, Context(now=brussels(*now), circular_number=8118, **context))

    return ask


def test_every_topic_has_an_answer_citing_its_section(ask, offer_data):
    assert set(COMPOSERS) == set(TOPIC_FIELDS) == set(TOPIC_BY_INTENT.values())
    for topic in COMPOSERS:
        answer = ask(topic)
        assert answer.text.strip()
        assert offer_data.topics[topic].section in answer.sections
        assert answer.full_text().endswith(f"« {' ; '.join(answer.sections)} ».")
        assert "circulaire 8118" in answer.full_text()


def test_salary_bounds_scale_and_level(ask, offer_facts):
    salary = offer_facts["salary"]
    text = ask("salary").text
    assert euros(salary["min_annual_gross"]) in text and "28\u00a0374,60 €" in text
    assert euros(salary["max_annual_gross"]) in text and "43\u00a0644,46 €" in text
    assert "barème 250/1" in text and "niveau 2+" in text


def test_hours_and_flexible_schedule(ask, offer_facts):
    text = ask("hours").text
    assert f"{number(offer_facts['hours']['weekly_hours'])} heures par semaine" in text
    assert "38 heures par semaine" in text
    assert "07h30 et 09h00" in text and "16h00 et 18h30" in text


def test_charge_de_mission_conditions_and_allocation(ask):
    text = ask("charge_de_mission").text
    for expected in (
        "86,76 € brut",
        "12 mois",
        "renouvelable par période de 2 ans",
        "à temps plein",
        "organisé ou subventionné",
        "disponibilité par défaut d'emploi",
        "24 juin 1996",
    ):
        assert expected in text


@pytest.mark.parametrize(
    "previous, expected",
    [
        ("salary", "allocation mensuelle de 86,76 € brut"),
        ("hours", "38 h par semaine"),
        ("benefits", "établissement d'affectation"),
        ("documents", "arrêté de nomination"),
    ],
)
def test_charge_de_mission_follow_up_answers_the_previous_topic(ask, previous, expected):
    follow_up = ask("charge_de_mission", previous_topic=previous).text
    assert expected in follow_up
    assert follow_up != ask("charge_de_mission").text


def test_deadline_follows_the_clock(ask):
    assert "il vous reste 6 jours" in ask("deadline", now=(2021, 6, 1, 10, 0)).text
    assert "dernier jour" in ask("deadline", now=(2021, 6, 7, 20, 0)).text
    closed = ask("deadline", now=(2026, 11, 28, 10, 0)).text
    assert "clôturé" in closed and "7 juin 2021" in closed
    assert "clôturé" in ask("apply", now=(2026, 11, 28, 10, 0)).text


def test_travel_requires_licence_and_vehicle(ask):
    text = ask("travel").text
    assert "permis B" in text and "véhicule personnel" in text and "itinérant" in text


def test_benefits_list_every_item(ask, offer_facts):
    text = ask("benefits").text
    for item in offer_facts["benefits"]["items"]:
        assert item in text
    assert "6,60 €" in text and "27 jours" in text


def test_selection_steps_and_pass_marks(ask):
    overview = ask("selection").text
    for expected in ("TestWe", "Webex", "50 %", "50/100", "5 meilleurs", "Motivation", "aléatoire"):
        assert expected in overview
    focused = {step: ask("selection", selection_step=step).text for step in SELECTION_STEPS}
    assert "TestWe" in focused["examen_ecrit"] and "Webex" not in focused["examen_ecrit"]
    assert "Webex" in focused["entretien"] and "TestWe" not in focused["entretien"]
    assert "Motivation" in focused["classement"]
    assert "jury" in focused["preselection"]


def test_contact_diploma_experience_documents(ask, offer_facts):
    assert offer_facts["contact"]["email"] in ask("contact").text
    diploma = ask("diploma").text
    assert "bachelier/graduat" in diploma and "master" in diploma  # says the text is silent on it
    assert "au moins 2 ans" in ask("experience").text
    documents = ask("documents").text
    assert all(item in documents for item in offer_facts["documents"]["items"])


def test_a_changed_fact_changes_the_answer(offer_data, brussels):
    changed = dict(offer_data.topics)
    salary = offer_data.topics["salary"]
    changed["salary"] = type(salary)(salary.name, salary.section, {**salary.facts, "max_annual_gross": 50000.0})
    answer = compose_answer("salary", changed.__getitem__, Context(now=brussels(2021, 6, 1), circular_number=1))
    assert "50\u00a0000,00 €" in answer.text and "circulaire 1," in answer.full_text()


def test_french_formatting():
    from datetime import date

    assert euros(86.76) == "86,76 €"
    assert euros(1234567.5) == "1\u00a0234\u00a0567,50 €"
    assert long_date(date(2021, 6, 1)) == "mardi 1er juin 2021"
    assert number(0.24) == "0,24" and number(38.0) == "38"


@pytest.mark.parametrize(
    "raw, step",
    [
        ("entretien", "entretien"),
        ("la visio Webex", "entretien"),
        ("TestWe", "examen_ecrit"),
        ("l'épreuve écrite", "examen_ecrit"),
        ("ex aequo", "classement"),
        ("la présélection", "preselection"),
        ("le parking", None),
        (None, None),
        ("", None),
    ],
)
def test_selection_step_words_are_normalised(raw, step):
    from bot.answers.composers import normalise_step

    assert normalise_step(raw) == step
