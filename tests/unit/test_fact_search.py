"""The fallback's fact search: answer only a clear match (bot.understanding.fact_search, bot.answers.statements)."""

from __future__ import annotations

import pytest

from bot.answers.statements import read_situation
from bot.understanding.fact_search import best_topic


@pytest.fixture(scope="module")
def keywords(offer_data):
    return {name: topic.keywords for name, topic in offer_data.topics.items()}


@pytest.mark.parametrize(
    "text, topic",
    [
        ("et le salaire alors", "salary"),
        ("teletravail possible", "telework"),
        ("les cheques-repas c'est combien", "benefits"),
        ("documents a joindre svp", "documents"),
        ("date limite ?", "deadline"),
        ("jury et epreuves", "selection"),
        ("le permis c'est obligatoire", "travel"),
    ],
)
def test_a_clear_keyword_names_the_topic(keywords, text, topic):
    match = best_topic(text, keywords)
    assert match is not None and match.topic == topic


@pytest.mark.parametrize(
    "text",
    [
        "C'est quoi le salaire d'un directeur d'école ?",
        "Combien gagne un instituteur primaire en début de carrière ?",
        "Quelle est la capitale de l'Australie ?",
        "tu connais un bon garagiste a liege",
        "bof",
        "",
    ],
)
def test_off_topic_or_empty_gets_no_guess(keywords, text):
    assert best_topic(text, keywords) is None


def test_an_elliptical_follow_up_stays_on_the_last_topic(keywords):
    assert best_topic("et au plus tard ?", keywords, previous_topic="hours").topic == "hours"
    assert best_topic("et au plus tard ?", keywords) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("J'ai un bachelier en comptabilité, c'est bon ?", {"diploma_level": "bachelier"}),
        ("Je suis prof depuis 1 an seulement.", {"experience_months": 12}),
        ("Mon diplôme est en néerlandais.", {"other_language": "neerlandais"}),
        ("Mon diplôme vient de France.", {"abroad": True}),
        ("je termine mon bachelier", {"diploma_in_progress": True}),
        ("j'ai 3 ans de retard sur mes impôts", {"experience_months": None, "diploma_level": None}),
    ],
)
def test_a_described_situation_is_read(text, expected):
    situation = read_situation(text)
    for key, value in expected.items():
        assert getattr(situation, key) == value, key


@pytest.mark.parametrize(
    "text, elsewhere",
    [
        ("Quelles sont les dates des congés de carnaval ?", True),
        ("le calendrier scolaire de l'an prochain", True),
        ("quelles sont les dates des vacances de Pâques ?", True),
        ("dans ce cas, je garde mes vacances scolaires ?", False),
        ("combien gagne une directrice ?", True),
        ("vous avez d'autres offres d'emploi ?", True),
        ("combien de jours de congé par an ?", False),
        ("quel est le salaire ?", False),
        ("je suis instituteur, je peux postuler ?", False),
    ],
)
def test_questions_about_something_else(text, elsewhere):
    from bot.understanding.fact_search import about_something_else

    assert about_something_else(text) is elsewhere


def test_a_candidate_describing_their_own_job_is_not_elsewhere():
    from bot.understanding.fact_search import about_something_else

    assert not about_something_else("je suis une institutrice avec six ans d'expérience, je peux postuler ?")


# --- subjects the circular is silent on (offer file `unstated:`) ---


def _unstated():
    from pathlib import Path

    from bot.domain.offer import read_offer_file
    from tests.conftest import OFFERS_DIR

    offer = read_offer_file(Path(OFFERS_DIR) / "wbe3-cm-csap-2021-014.yml")
    return {subject: words for topic in offer.topics.values() for subject, words in topic.unstated.items()}


@pytest.mark.parametrize(
    "text, subject",
    [
        ("Y a-t-il une période d'essai ?", "une période d'essai"),
        ("Est-ce qu'il y a une cantine sur place ?", "une cantine ou un restaurant"),
        ("y a un parking pour le personnel ?", "un parking"),
        ("Quel est le numéro de téléphone de Sandrine Geuquet ?", "un numéro de téléphone de la référente"),
        ("faut-il être de nationalité belge ?", "une condition de nationalité"),
        ("on reçoit un ordinateur portable ?", "un ordinateur ou un téléphone de fonction"),
        ("Bonjour, je voudrais savoir s'il y a une limite d'âge. Merci !", "une limite d'âge"),
    ],
)
def test_a_subject_the_circular_is_silent_on_is_recognised(text, subject):
    from bot.understanding.fact_search import unstated_subject

    assert unstated_subject(text, _unstated()) == subject


@pytest.mark.parametrize(
    "text",
    [
        "quel est le salaire ?",
        "combien de jours de congé ?",
        "quel est le numéro de téléphone pour l'équivalence ?",
        "quand commence l'examen écrit ?",
        "j'essaie de postuler mais le lien ne marche pas",
        "je suis en train de finir mon bachelier",
        "c'est quoi un conseiller techno-pédagogique ?",
        "il faut combien à l'écrit pour réussir ?",
    ],
)
def test_questions_the_circular_answers_are_not_taken_for_silent_ones(text):
    from bot.understanding.fact_search import unstated_subject

    assert unstated_subject(text, _unstated()) is None


@pytest.mark.parametrize(
    "text",
    [
        "Peux-tu rédiger ma lettre de motivation à ma place ?",
        "pouvez-vous corriger mon CV ?",
        "tu peux l'écrire à ma place",
    ],
)
def test_a_task_for_the_bot_is_not_a_question_about_the_offer(text):
    from bot.understanding.fact_search import about_something_else

    assert about_something_else(text)


def test_a_question_about_the_letter_is_still_about_the_offer():
    from bot.understanding.fact_search import about_something_else

    assert not about_something_else("faut-il une lettre de motivation ?")


def test_a_second_question_joined_by_et_si_is_its_own():
    from bot.understanding.fact_search import sub_questions

    text = "Je voudrais savoir si l'horaire est flexible, et si le télétravail est autorisé."
    assert sub_questions(text) == ["Je voudrais savoir si l'horaire est flexible,", "si le télétravail est autorisé."]


@pytest.mark.parametrize(
    "text, topic",
    [
        # A tie is settled by the clause after the lead-in, then by the keyword named in more words.
        ("Avant de rédiger ma lettre de motivation, j'aimerais savoir la rémunération.", "salary"),
        ("Et au passage, pourriez-vous me rappeler la date limite pour postuler ?", "deadline"),
        # Applying named as the purpose is not the question.
        ("mon expérience dans le privé est-elle suffisante pour postuler,", "experience"),
    ],
)
def test_a_tie_between_topics_is_settled_by_what_is_asked(keywords, text, topic):
    assert best_topic(text, keywords).topic == topic


def test_a_list_of_questions_is_split_into_its_items():
    from bot.understanding.fact_search import sub_questions

    assert sub_questions(
        "Pourriez-vous m'indiquer l'allocation prévue, l'horaire hebdomadaire à prester, et le régime de vacances ?"
    ) == [
        "Pourriez-vous m'indiquer l'allocation prévue",
        "l'horaire hebdomadaire à prester,",
        "le régime de vacances ?",
    ]
    # A lone comma frames the question: not a list.
    assert sub_questions("Pour la charge de mission, le salaire est-il le même ?") == [
        "Pour la charge de mission, le salaire est-il le même ?"
    ]
