"""The two inputs of the self-check's rules: what the candidate said (Profile) and
what the offer requires (Requirements, read from the offer's facts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.offer import Topic

LEVELS = ("none", "cess", "bachelier", "master", "doctorat")
LEVEL_NAMES = {
    "none": "aucun diplôme",
    "cess": "un diplôme de l'enseignement secondaire (CESS)",
    "bachelier": "un bachelier ou graduat",
    "master": "un master (ou licence)",
    "doctorat": "un doctorat",
}


@dataclass(frozen=True)
class Profile:
    diploma_level: str | None = None  # one of LEVELS, None when unclear
    diploma_in_progress: bool = False  # still studying for it: not held yet
    diploma_abroad: bool | None = None
    has_equivalence: bool | None = None
    diploma_in_french: bool | None = None
    has_language_certificate: bool | None = None
    experience_months: int | None = None
    has_licence_b: bool | None = None
    has_vehicle: bool | None = None
    tenured: bool | None = None
    wants_charge_de_mission: bool | None = None
    full_time: bool | None = None
    fwb_network: bool | None = None
    active_or_available: bool | None = None
    assets: tuple[str, ...] = ()
    # Questions answered "je ne sais pas" (their fields above stay None): the verdict
    # says what each one requires and leaves it to the referent.
    unsure: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Requirements:
    required_level: str
    higher_level_stated: bool
    diploma_held_at: str
    equivalence_required_at: str
    min_experience_months: int
    experience_sector: str
    licence_b: bool
    own_vehicle: bool
    equivalence_document: str
    language_certificate: str
    documents: tuple[str, ...]
    tenured_documents: tuple[str, ...]
    cdm_requires_tenure: bool
    cdm_requires_full_time: bool
    cdm_networks: tuple[str, ...]
    cdm_statuses: tuple[str, ...]
    cdm_feasibility: str
    contract_type: str
    asset_names: dict[str, str]


def requirements_from_offer(facts: Callable[[str], Topic]) -> Requirements:
    diploma, experience = facts("diploma").facts, facts("experience").facts
    travel, foreign = facts("travel").facts, facts("foreign_diploma").facts
    documents, cdm = facts("documents").facts, facts("charge_de_mission").facts
    assets = facts("assets").facts["items"]
    return Requirements(
        required_level=diploma["required_level"],
        higher_level_stated=diploma["higher_level_stated"],
        diploma_held_at=diploma["held_at"],
        equivalence_required_at=foreign["equivalence_required_at"],
        min_experience_months=round(experience["min_years"] * 12),
        experience_sector=experience["sector"],
        licence_b=travel["licence_b_required"],
        own_vehicle=travel["own_vehicle_required"],
        equivalence_document=foreign["equivalence_document"],
        language_certificate=foreign["language_certificate"],
        documents=tuple(documents["items"]),
        tenured_documents=tuple(documents["tenured_items"]),
        cdm_requires_tenure=cdm["requires_tenure"],
        cdm_requires_full_time=cdm["requires_full_time"],
        cdm_networks=tuple(cdm["accepted_networks"]),
        cdm_statuses=tuple(cdm["accepted_statuses"]),
        cdm_feasibility=cdm["feasibility"],
        contract_type=facts("contract").facts["contract_type"],
        asset_names=dict(assets),
    )
