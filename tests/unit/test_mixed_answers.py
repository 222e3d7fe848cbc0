"""One answer, several questions: later self-check questions answered in passing."""

from __future__ import annotations

import pytest

from bot.selfcheck.mixed_answers import later_answers


@pytest.mark.parametrize(
    "asked, text, expected",
    [
        ("sc_diploma_abroad", "En Belgique, en français.", {"sc_diploma_in_french": True}),
        ("sc_diploma_abroad", "au Maroc, en arabe", {"sc_diploma_in_french": False}),
        ("sc_diploma_abroad", "non", {}),
        ("sc_diploma_abroad", "oui en France", {}),
        ("sc_equivalence", "oui, et il est en néerlandais", {"sc_diploma_in_french": False}),
        # The level question: "en français" is the subject, not the language.
        ("sc_diploma_level", "régente en français", {}),
        (
            "sc_diploma_level",
            "bachelier à Liège et 5 ans d'expérience",
            {"sc_diploma_abroad": False, "sc_experience_months": 60},
        ),
        ("sc_diploma_level", "un master en 2 ans", {}),
        ("sc_experience_months", "4 ans, j'ai le permis et une voiture", {"sc_licence_b": True, "sc_vehicle": True}),
        ("sc_experience_months", "3 ans mais pas de permis", {"sc_licence_b": False}),
        ("sc_licence_b", "oui et une voiture, et je suis nommée", {"sc_vehicle": True, "sc_tenured": True}),
        ("sc_vehicle", "oui, je suis contractuelle", {"sc_tenured": False}),
        ("sc_vehicle", "oui", {}),
        ("sc_assets", "aucun, je suis nommé", {}),
    ],
)
def test_explicit_mentions_answer_later_questions(asked, text, expected):
    assert later_answers(text, asked, {}) == expected


def test_an_answered_question_is_not_overwritten():
    assert later_answers("4 ans, j'ai le permis", "sc_experience_months", {"sc_licence_b": False}) == {}


@pytest.mark.parametrize("text", ["", "   ", "???", "x" * 5000, "0" * 300])
def test_odd_input_gives_nothing(text):
    assert later_answers(text, "sc_diploma_abroad", {}) == {}


@pytest.mark.parametrize(
    "text, restart",
    [
        ("je veux recommencer", True),
        ("on peut reprendre depuis le début ?", True),
        ("je me suis trompé, on refait à zéro", True),
        ("je peux postuler ?", False),
        ("bachelier instit obtenu en Belgique, en français, et j'ai 4 ans d'expérience", False),
        ("3 ans", False),
    ],
)
def test_only_explicit_words_restart_the_self_check(text, restart):
    from bot.selfcheck.mixed_answers import wants_restart

    assert wants_restart(text) is restart
