"""Faithful to circular 8118 (issue #12): no invented promise, ambiguities said, rules as written.

Each test names the defect it pins; line numbers are those of
../shared/offer-source/circulaire-8118.txt.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from bot.answers.compose import Context, compose_answer
from bot.parsing import parse_diploma, parse_service_status, parse_vehicle_mention
from bot.selfcheck.flow import required_questions
from bot.selfcheck.questions import question
from bot.selfcheck.rules import CONDITIONAL, ELIGIBLE, NOT_ELIGIBLE, assess
from bot.selfcheck.verdict import describe
from bot.understanding.fact_focus import detect_foci, detect_focus
from tests.conftest import ROOT
from tests.support.profiles import BASE


@pytest.fixture
def ask(offer_data, brussels):
    def ask(topic, asked=None, now=(2021, 6, 1, 10, 0), **context):
        ctx = Context(
            now=brussels(*now),
            circular_number=8118,
            header=offer_data.header,
            focus=detect_focus(asked),
            foci=detect_foci(asked),
            **context,
        )
        return compose_answer(topic, offer_data.topics.__getitem__, ctx)

    return ask


# --- invented ---------------------------------------------------------------------------------


def test_charge_de_mission_question_has_no_invented_parenthesis():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    text = domain["responses"]["utter_ask_sc_wants_cdm"][0]["text"]
    assert "gardez votre nomination" not in text and "(" not in text


def test_deadline_gives_a_day_not_an_hour(ask):
    last_day = ask("deadline", now=(2021, 6, 7, 18, 0)).text
    assert "minuit" not in last_day and "heure de Bruxelles" not in last_day
    assert "inclus" in last_day


def test_reasonable_adjustments_name_nobody_and_say_the_link_is_missing(ask):
    text = ask("diversity").text
    assert "invite à en faire la demande" not in text
    assert "lien manque" in text and "ne nomme personne" in text
    assert "pour une demande précise" not in text


def test_language_certificate_has_no_invented_deadline(ask):
    text = ask("foreign_diploma").text
    language_line = next(line for line in text.splitlines() if "Selor" in line)
    assert "au moment de la candidature" not in language_line
    assert "ne précise pas à quel moment" in language_line
    equivalence_line = next(line for line in text.splitlines() if "équivalence" in line)
    assert "au moment de la candidature" in equivalence_line


def test_charge_de_mission_verdict_keeps_the_feasibility_reserve(req):
    profile = replace(
        BASE, tenured=True, wants_charge_de_mission=True, full_time=True, fwb_network=True, active_or_available=True
    )
    text = describe(assess(profile, req), "", "x@cfwb.be")
    assert "en charge de mission" in text
    assert "confirmera la faisabilité" in text


# --- ambiguities said aloud -----------------------------------------------------------------------


def test_eliminatory_criteria_quote_the_text_and_say_no_competence_is_in_italics(ask):
    text = ask("competences").text
    assert "en italique et la motivation sont considérées comme essentielles" in text
    assert "aucune compétence n'est en italique" in text
    assert "motivation est donc éliminatoire" in text and "Sandrine.GEUQUET@cfwb.be" in text


def test_nature_of_the_posts_says_both_charge_de_mission_and_contract(ask):
    answer = ask("contract")
    assert "recrute deux chargés de mission" in answer.text
    assert "contrat à durée indéterminée" in answer.text
    assert "Lettre d'accompagnement" in answer.sections


def test_where_to_mention_the_wish_gives_both_places(ask):
    for topic, kwargs in (
        ("apply", {}),
        ("charge_de_mission", {}),
        ("charge_de_mission", {"previous_topic": "documents"}),
    ):
        answer = ask(topic, **kwargs)
        assert "acte de candidature" in answer.text and "lettre de motivation" in answer.text, topic
    assert "Comment postuler ?" in ask("charge_de_mission").sections


@pytest.mark.parametrize(
    "asked, topic",
    [
        ("combien de jours de congé ?", "benefits"),
        ("et les vacances ?", "charge_de_mission"),
        ("j'ai droit à combien de congés ?", "hours"),
    ],
)
def test_leave_gives_both_regimes(ask, asked, topic):
    text = ask(topic, asked=asked).text
    assert "27 jours" in text and "établissement d'affectation" in text


def test_the_benefits_answer_says_the_charge_de_mission_regime_differs(ask):
    text = ask("benefits").text
    assert "27 jours" in text and "établissement d'affectation" in text


def test_higher_diploma_is_not_said_to_be_met(req):
    for level in ("master", "doctorat"):
        result = assess(replace(BASE, diploma_level=level), req)
        assert result.verdict == CONDITIONAL and result.refer_to_referent
        text = describe(result, "", "x@cfwb.be")
        assert "vous semblez remplir les conditions" not in text
        assert "ne dit pas si un diplôme de niveau supérieur est accepté" in text and "x@cfwb.be" in text


def test_signatory_spelling_is_kept_once_with_a_note(offer_data):
    header = offer_data.header
    assert "GUISET" in header["signatory"] and "GUISSSET" not in header["signatory"]
    assert "GUISSSET" in header["signatory_spelling_note"]


# --- missing facts ----------------------------------------------------------------------------


def test_contact_answer_gives_the_circular_contact_too(ask):
    answer = ask("contact")
    assert "Sandrine.GEUQUET@cfwb.be" in answer.text
    assert "GUISET Catherine" in answer.text and "secretariat.sge@cfwb.be" in answer.text and "DGPAP" in answer.text
    assert any("mise en application de la circulaire" in section for section in answer.sections)


def test_publication_date_and_validity(ask):
    deadline = ask("deadline").text
    assert "publié le 18 mai 2021" in deadline and "du 18 mai 2021 au 7 juin 2021" in deadline
    published = ask("deadline", asked="quand l'offre a-t-elle été publiée ?").text
    assert published.startswith("L'appel a été publié le 18 mai 2021")
    before = ask("deadline", now=(2021, 5, 10, 10, 0)).text
    assert "pas encore ouvertes" in before and "ouvertes jusqu'au" not in before


def test_assignment_conditions_are_mentioned(ask):
    answer = ask("selection")
    assert "conditions d'affectation" in answer.text and "lien qui manque" in answer.text
    assert "Conditions d'affectation" in answer.sections


@pytest.mark.parametrize(
    "asked, topic",
    [
        ("les frais de voiture sont-ils remboursés ?", "benefits"),
        ("est-ce qu'on est défrayé pour l'essence ?", "travel"),
        ("il y a une indemnité kilométrique pour la voiture ?", "benefits"),
    ],
)
def test_car_costs_say_the_circular_is_silent(ask, asked, topic):
    text = ask(topic, asked=asked).text
    assert "ne dit rien d'un remboursement des frais de déplacement en voiture" in text
    assert "Titres-repas" not in text and "titres-repas" not in text  # not the benefits list


def test_interview_covers_interest_for_the_post_and_the_field(ask):
    text = ask("selection", selection_step="entretien").text
    assert "intérêt pour la fonction et le domaine" in text and "motivation" in text


# --- self-check rules as written ------------------------------------------------------------------


def test_licence_and_car_are_working_conditions_not_participation(req):
    result = assess(replace(BASE, has_licence_b=False, has_vehicle=False), req)
    assert result.verdict == ELIGIBLE
    text = describe(result, "", "x@cfwb.be")
    assert "ne semblez pas remplir" not in text
    assert "impérativement" in text and "conditions de travail" in text
    assert "Documents à joindre" in text and "Vous postuleriez sous contrat à durée indéterminée" in text


@pytest.mark.parametrize(
    "text, level, ambiguity",
    [
        ("bac en informatique", "bachelier", None),
        ("un bac en comptabilité", "bachelier", None),
        ("baccalauréat", None, "bac"),
        ("bac", None, "bac"),
        ("bac + 1", "cess", None),
        ("études supérieures", None, "higher_studies"),
        ("bac général en France", "cess", None),
    ],
)
def test_typed_diplomas_are_read_or_asked(text, level, ambiguity):
    parsed = parse_diploma(text)
    assert (parsed.level, parsed.ambiguity) == (level, ambiguity)


@pytest.mark.parametrize(
    "text",
    [
        "je termine mon bachelier",
        "je suis en 3e année de bachelier",
        "bachelier en cours",
        "je n'ai pas encore fini mon graduat",
    ],
)
def test_a_diploma_in_progress_is_not_held(text, req):
    assert parse_diploma(text).in_progress
    from bot.selfcheck.flow import profile_from_answers

    profile = profile_from_answers(
        {
            **{"sc_experience_months": 36, "sc_licence_b": True, "sc_vehicle": True, "sc_tenured": False},
            "sc_diploma_level": "in_progress",
        }
    )
    assert assess(profile, req).verdict == NOT_ELIGIBLE


@pytest.mark.parametrize(
    "text, status",
    [
        ("en activité de service", True),
        ("je suis en disponibilité par défaut d'emploi", True),
        ("en disponibilité pour convenance personnelle", False),
        ("disponibilité pour raisons de santé", False),
        ("je ne suis pas en disponibilité", None),  # says what it is not: asked again
        ("oui", None),  # no status named: the yes/no parser decides
    ],
)
def test_only_the_two_statuses_of_the_circular_qualify(text, status):
    assert parse_service_status(text) is status


@pytest.mark.parametrize(
    "text, vehicle",
    [
        ("oui, pas de souci, même en automne", None),
        ("oui je suis autorisé à conduire", None),
        ("oui mais pas de voiture", False),
        ("oui et j'ai une auto", True),
    ],
)
def test_vehicle_words_are_whole_words(text, vehicle):
    assert parse_vehicle_mention(text) is vehicle


def test_form_follows_the_offer_for_threshold_and_mobility(req):
    no_mobility = replace(req, licence_b=False, own_vehicle=False)
    assert "sc_licence_b" not in required_questions({}, no_mobility)
    assert "sc_vehicle" not in required_questions({}, no_mobility)
    master_required = replace(req, required_level="master")
    # A bachelier no longer qualifies: the origin questions are not needed.
    assert "sc_diploma_abroad" not in required_questions({"sc_diploma_level": "bachelier"}, master_required)
    assert "sc_diploma_abroad" in required_questions({"sc_diploma_level": "bachelier"}, req)


def test_form_questions_with_facts_come_from_the_offer(req):
    assert "Selor" in question("sc_language_certificate", req)
    assert "Communauté française" in question("sc_equivalence", req)
    assert "par défaut d'emploi" in question("sc_active_service", req)
    changed = replace(req, experience_sector="secteur culturel")
    assert "secteur culturel" in question("sc_experience_months", changed)


# --- wording and sources ----------------------------------------------------------------------


def test_travel_sentence_is_well_formed(ask):
    text = ask("travel").text
    assert "en à" not in text and "déplacements fréquents à Bruxelles et en Wallonie" in text


def test_cv_advice_and_nullity_cite_their_own_sections(ask):
    documents = ask("documents")
    assert "screening" in documents.text
    assert "Procédure de sélection › 1. Présélection" in documents.sections
    apply = ask("apply")
    assert "sous peine de nullité" in apply.text and "Lettre d'accompagnement" in apply.sections


# --- facts live in the offer file only ------------------------------------------------------------


def _code_files():
    files = [ROOT / "domain.yml"]
    for folder, patterns in (("bot", ("*.py",)), ("actions", ("*.py",)), ("webchat", ("*.py", "*.js", "*.html"))):
        for pattern in patterns:
            files += sorted((ROOT / folder).rglob(pattern))
    return files


def _fact_strings(offer_data):
    """Values of the offer file that must never be written in code."""
    from datetime import date

    from bot.domain.french import euros, long_date, number

    found = set()

    def walk(value):
        if isinstance(value, bool):
            return
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, float) and not value.is_integer():
            found.update({number(value), euros(value), f"{value:.2f}"})
        elif isinstance(value, str):
            try:
                day = date.fromisoformat(value)
                found.update({long_date(day, weekday=False), day.strftime("%d/%m/%Y"), value})
            except ValueError:
                if "@" in value or value.startswith("http") or any(ch.isdigit() for ch in value) or value.isupper():
                    found.add(value)

    walk(offer_data.header)
    for topic in offer_data.topics.values():
        walk(topic.facts)
    contact = offer_data.topics["contact"].facts
    found |= {contact["name"], contact["circular_contact_name"], offer_data.header["institution"]}
    return {value for value in found if len(value) >= 4}


# Names and figures of this circular that no sentence in code may carry.
_FACT_PATTERNS = [
    r"\b\d{1,2}/\d{2}/\d{4}\b",
    r"\d+,\d{2}\s?€",
    r"[\w.]+@cfwb\.be",
    r"Wallonie[ -]Bruxelles",
    r"Communauté française",
    r"\bSelor\b",
    r"GEUQUET",
    r"GUISET",
    r"\b(?:12|6) mois\b",
    r"\b27 jours\b",
    r"\b38 ?h",
    r"TestWe",
    r"Webex",
]


def test_no_fact_of_the_offer_is_written_in_code(offer_data):
    import re

    facts = _fact_strings(offer_data)
    offenders = []
    for path in _code_files():
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {fact!r}" for fact in facts if fact in text]
        if "parsing" not in path.parts:  # its word lists recognise places, they state nothing
            offenders += [f"{path.relative_to(ROOT)}: /{p}/" for p in _FACT_PATTERNS if re.search(p, text)]
    assert offenders == []


def test_the_committed_proofreading_document_is_current(offer_data):
    from bot.answers.proofreading import proofreading_text

    committed = (ROOT / "docs" / "answers-proofreading.md").read_text(encoding="utf-8")
    assert committed == proofreading_text(offer_data), (
        "regenerate: python -m bot check-offer data/offers/wbe3-cm-csap-2021-014.yml --answers "
        "--out docs/answers-proofreading.md"
    )


def test_a_failed_participation_condition_stays_the_headline_when_the_car_is_missing(req):
    result = assess(replace(BASE, diploma_level="cess", has_vehicle=False), req)
    text = describe(result, "", "x@cfwb.be")
    assert result.verdict == NOT_ELIGIBLE
    assert text.startswith("D'après vos réponses, vous ne semblez pas remplir")
    assert "impérativement" in text and "un véhicule personnel" in text


def test_holidays_after_a_charge_de_mission_answer_give_its_rule_not_the_contracts_days(ask):
    text = ask("benefits", asked="et les vacances ?", previous_topic="charge_de_mission").text
    assert "vacances annuelles de votre établissement" in text and "27 jours" not in text
    both = ask("benefits", asked="et les vacances ?").text
    assert "27 jours" in both and "vacances annuelles de votre établissement" in both


def test_two_facts_asked_at_once_get_both(ask):
    text = ask("charge_de_mission", asked="quelle durée et quelle allocation ?").text
    assert "12 mois" in text and "86,76" in text


def test_the_language_of_the_diploma_gets_the_language_certificate(ask):
    text = ask("diploma", asked="Mon diplôme est en néerlandais, c'est gênant ?").text
    assert "Selor" in text and "autre langue que le français" in text


def test_the_service_of_the_post(ask):
    assert "Cellule de soutien et d'accompagnement" in ask("post", asked="Dans quel service vais-je travailler ?").text


def test_facts_asked_beside_another_topic(ask):
    assert "valorisée pécuniairement" in ask("experience", asked="10 ans d'expérience, je serai mieux payé ?").text
    assert "Sandrine GEUQUET" in ask("post", asked="Qui peut me renseigner sur la fonction ?").text
    assert "domicile de l'agent" in ask("post", asked="c'est où le boulot ?").text
    assert "équivalence" in ask("diploma", asked="mon diplôme vient du Maroc, il faut quoi ?").text
