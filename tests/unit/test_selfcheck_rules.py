"""Eligibility rules: every condition and combination that changes the verdict."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.selfcheck.profile import requirements_from_offer
from bot.selfcheck.rules import CONDITIONAL, ELIGIBLE, NOT_ELIGIBLE, NOT_MET, TO_PROVIDE, UNCLEAR, assess
from bot.selfcheck.verdict import describe
from tests.support.profiles import BASE

TENURED_CDM = replace(
    BASE, tenured=True, wants_charge_de_mission=True, full_time=True, fwb_network=True, active_or_available=True
)

CASES = [
    # (name, profile, verdict, route, failing conditions)
    ("bachelier, 3 years", BASE, ELIGIBLE, "contract", set()),
    # The circular names only the short type: a higher diploma is not stated (issue #12).
    ("master", replace(BASE, diploma_level="master"), CONDITIONAL, "contract", {"diploma"}),
    ("doctorat", replace(BASE, diploma_level="doctorat"), CONDITIONAL, "contract", {"diploma"}),
    (
        "diploma still in progress",
        replace(BASE, diploma_level=None, diploma_in_progress=True),
        NOT_ELIGIBLE,
        "contract",
        {"diploma"},
    ),
    ("CESS only", replace(BASE, diploma_level="cess"), NOT_ELIGIBLE, "contract", {"diploma"}),
    ("no diploma", replace(BASE, diploma_level="none"), NOT_ELIGIBLE, "contract", {"diploma"}),
    ("unclear diploma", replace(BASE, diploma_level=None), CONDITIONAL, "contract", {"diploma"}),
    ("exactly 2 years", replace(BASE, experience_months=24), ELIGIBLE, "contract", set()),
    ("1 year 11 months", replace(BASE, experience_months=23), NOT_ELIGIBLE, "contract", {"experience"}),
    ("no experience", replace(BASE, experience_months=0), NOT_ELIGIBLE, "contract", {"experience"}),
    ("foreign with equivalence", replace(BASE, diploma_abroad=True, has_equivalence=True), ELIGIBLE, "contract", set()),
    (
        "foreign without equivalence",
        replace(BASE, diploma_abroad=True, has_equivalence=False),
        CONDITIONAL,
        "contract",
        {"equivalence"},
    ),
    (
        "other language with Selor",
        replace(BASE, diploma_in_french=False, has_language_certificate=True),
        ELIGIBLE,
        "contract",
        set(),
    ),
    (
        "other language without Selor",
        replace(BASE, diploma_in_french=False, has_language_certificate=False),
        CONDITIONAL,
        "contract",
        {"language"},
    ),
    # Licence and car are working conditions, not conditions de participation (issue #12).
    ("no licence", replace(BASE, has_licence_b=False), ELIGIBLE, "contract", {"licence_b"}),
    ("licence but no car", replace(BASE, has_vehicle=False), ELIGIBLE, "contract", {"vehicle"}),
    (
        "CESS and 1 year and no car",
        replace(BASE, diploma_level="cess", experience_months=12, has_vehicle=False),
        NOT_ELIGIBLE,
        "contract",
        {"diploma", "experience", "vehicle"},
    ),
    ("tenured full time in organised education", TENURED_CDM, ELIGIBLE, "charge_de_mission", set()),
    (
        "tenured full time in subsidised education",
        replace(TENURED_CDM, fwb_network=True),
        ELIGIBLE,
        "charge_de_mission",
        set(),
    ),
    ("tenured part time", replace(TENURED_CDM, full_time=False), ELIGIBLE, "contract", set()),
    ("tenured outside FWB education", replace(TENURED_CDM, fwb_network=False), ELIGIBLE, "contract", set()),
    (
        "tenured, neither active nor available",
        replace(TENURED_CDM, active_or_available=False),
        ELIGIBLE,
        "contract",
        set(),
    ),
    ("not tenured but wants cdm", replace(TENURED_CDM, tenured=False), ELIGIBLE, "contract", set()),
    ("tenured without cdm wish", replace(TENURED_CDM, wants_charge_de_mission=False), ELIGIBLE, "contract", set()),
    ("cdm wish but 1 year", replace(TENURED_CDM, experience_months=12), NOT_ELIGIBLE, "contract", {"experience"}),
    (
        "foreign, no equivalence, unclear diploma",
        replace(BASE, diploma_level=None, diploma_abroad=True, has_equivalence=False),
        CONDITIONAL,
        "contract",
        {"diploma"},
    ),
]


@pytest.mark.parametrize("name, profile, verdict, route, failing", CASES, ids=[c[0] for c in CASES])
def test_verdict_route_and_reasons(req, name, profile, verdict, route, failing):
    result = assess(profile, req)
    assert result.verdict == verdict
    assert result.route == route
    assert {f.condition for f in result.reasons(NOT_MET, TO_PROVIDE, UNCLEAR)} == failing


def test_documents_follow_the_situation(req):
    plain = assess(BASE, req).documents
    assert any("curriculum vitae" in d for d in plain) and any("lettre de motivation" in d for d in plain)
    assert not any("nomination" in d for d in plain)
    assert any("nomination" in d for d in assess(TENURED_CDM, req).documents)
    foreign = assess(
        replace(
            BASE, diploma_abroad=True, has_equivalence=False, diploma_in_french=False, has_language_certificate=False
        ),
        req,
    ).documents
    assert any("équivalence" in d for d in foreign) and any("Selor" in d for d in foreign)


def test_missing_experience_is_quantified(req):
    text = next(
        f.text for f in assess(replace(BASE, experience_months=23), req).findings if f.condition == "experience"
    )
    assert "1 an et 11 mois" in text and "il manque 1 mois" in text


def test_cdm_refusal_says_why_and_offers_the_contract(req):
    finding = next(
        f for f in assess(replace(TENURED_CDM, full_time=False), req).findings if f.condition == "charge_de_mission"
    )
    assert "temps plein" in finding.text and "sous contrat" in finding.text


def test_assets_are_named_by_key_whatever_their_order_in_the_offer_file(offer_data):
    import yaml

    from bot.domain.offer import validate_offer
    from tests.conftest import OFFER_FILE

    raw = yaml.safe_load(OFFER_FILE.read_text(encoding="utf-8"))
    items = raw["topics"]["assets"]["facts"]["items"]
    raw["topics"]["assets"]["facts"]["items"] = dict(reversed(list(items.items())))
    reordered = requirements_from_offer(validate_offer(raw, "reordered.yml", "x").topics.__getitem__)
    result = assess(replace(BASE, assets=("project_management",)), reordered)
    assert result.strengths == (items["project_management"],) == ("la gestion de projet",)


def test_assets_are_listed_back_as_strengths(req):
    result = assess(replace(BASE, assets=("project_management", "digital_integration")), req)
    assert result.strengths == ("la gestion de projet", "la mise en œuvre de dispositifs d'intégration du numérique")
    assert result.verdict == ELIGIBLE


def test_verdict_text_is_advisory_and_complete(req):
    text = describe(assess(replace(BASE, diploma_level=None), req), "L'appel est clôturé.", "x@cfwb.be")
    assert "indicatif" in text and "procédure de sélection officielle" in text
    assert "x@cfwb.be" in text and "L'appel est clôturé." in text
    assert "Documents à joindre" in text
    refused = describe(assess(replace(BASE, diploma_level="cess"), req), "L'appel est clôturé.", "x@cfwb.be")
    assert refused.startswith("D'après vos réponses, vous ne semblez pas") and "Diplôme" in refused


# --- "je ne sais pas": recorded, not asked forever, and the verdict says what it requires ---


def _unsure_profile(*questions, **fields):
    from bot.selfcheck.flow import UNSURE_ANSWER, profile_from_answers

    answers = {
        "sc_diploma_level": "bachelier",
        "sc_diploma_abroad": False,
        "sc_diploma_in_french": True,
        "sc_experience_months": 36,
        "sc_licence_b": True,
        "sc_vehicle": True,
        "sc_tenured": False,
        "sc_assets": [],
        **fields,
    }
    answers.update({question: UNSURE_ANSWER for question in questions})
    return profile_from_answers(answers)


def test_unsure_answers_are_kept_apart_from_the_profile_fields():
    profile = _unsure_profile("sc_licence_b", "sc_experience_months")
    assert profile.unsure == {"sc_licence_b", "sc_experience_months"}
    assert profile.has_licence_b is None and profile.experience_months is None


def test_an_unsure_diploma_origin_names_the_equivalence_and_goes_to_the_referent(req):
    result = assess(_unsure_profile("sc_diploma_abroad"), req)
    assert result.verdict == CONDITIONAL and result.refer_to_referent
    assert any(f.condition == "equivalence" and "équivalence" in f.text for f in result.findings)


def test_an_unsure_diploma_language_names_the_language_certificate(req):
    result = assess(_unsure_profile("sc_diploma_in_french"), req)
    assert result.verdict == CONDITIONAL
    assert any(f.condition == "language" and "Selor" in f.text for f in result.findings)


def test_unsure_experience_is_unclear_not_missing(req):
    result = assess(_unsure_profile("sc_experience_months"), req)
    assert result.verdict == CONDITIONAL and result.refer_to_referent


def test_an_unsure_licence_says_it_is_required_without_failing_the_verdict(req):
    result = assess(_unsure_profile("sc_licence_b", "sc_vehicle"), req)
    assert result.verdict == ELIGIBLE
    texts = [f.text for f in result.findings if f.condition in ("licence_b", "vehicle")]
    assert len(texts) == 2 and all("exige" in text for text in texts)


def test_unsure_tenure_explains_the_charge_de_mission_and_keeps_the_contract(req):
    result = assess(_unsure_profile("sc_tenured"), req)
    assert result.verdict == ELIGIBLE and result.route == "contract"
    assert any(f.condition == "charge_de_mission" and "nommés à titre définitif" in f.text for f in result.findings)


def test_one_unsure_charge_de_mission_condition_is_named(req):
    profile = _unsure_profile(
        "sc_active_service", sc_tenured=True, sc_wants_cdm=True, sc_full_time=True, sc_fwb_network=True
    )
    result = assess(profile, req)
    assert result.route == "contract"
    finding = next(f for f in result.findings if f.condition == "charge_de_mission")
    assert "activité de service" in finding.text and "pas pu vérifier" in finding.text
