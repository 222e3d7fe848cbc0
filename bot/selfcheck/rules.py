"""Advisory eligibility self-check, driven by the offer's conditions.

Pure rules: a Profile (what the candidate told us) and Requirements (read from
the offer data) give an Assessment with every reason, the documents to join and
the route (contract or charge de mission). Nothing here is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.french import duration_text, number
from bot.domain.topics import ASSET_KEYS
from bot.selfcheck.profile import LEVEL_NAMES, LEVELS, Profile, Requirements

ELIGIBLE, CONDITIONAL, NOT_ELIGIBLE = "eligible", "conditional", "not_eligible"
MET, NOT_MET, TO_PROVIDE, UNCLEAR, INFO = "met", "not_met", "to_provide", "unclear", "info"


# Licence and car are working conditions ("Conditions de travail et d'engagement"),
# not conditions de participation: they never make the verdict "not eligible".
WORK_CONDITIONS = ("licence_b", "vehicle")


@dataclass(frozen=True)
class Finding:
    condition: str
    status: str
    text: str


@dataclass(frozen=True)
class Assessment:
    verdict: str
    route: str  # "contract" or "charge_de_mission"
    findings: tuple[Finding, ...]
    documents: tuple[str, ...]
    strengths: tuple[str, ...] = ()
    refer_to_referent: bool = False
    notes: tuple[str, ...] = field(default=())
    contract_type: str = "contrat"

    def reasons(self, *statuses: str) -> list[Finding]:
        return [f for f in self.findings if f.status in statuses]

    @property
    def missing_work_conditions(self) -> list[Finding]:
        return [f for f in self.findings if f.condition in WORK_CONDITIONS and f.status == NOT_MET]


def assess(profile: Profile, req: Requirements) -> Assessment:
    findings: list[Finding] = []
    documents = list(req.documents)
    findings += _diploma_findings(profile, req, documents)
    findings.append(_experience_finding(profile, req))
    findings += _mobility_findings(profile, req)
    route, cdm_findings = _charge_de_mission(profile, req)
    findings += cdm_findings
    if profile.tenured:
        documents += list(req.tenured_documents)

    statuses = {f.status for f in findings if f.condition not in WORK_CONDITIONS}
    if NOT_MET in statuses:
        verdict = NOT_ELIGIBLE
    elif statuses & {TO_PROVIDE, UNCLEAR}:
        verdict = CONDITIONAL
    else:
        verdict = ELIGIBLE
    strengths = tuple(req.asset_names[key] for key in ASSET_KEYS if key in profile.assets)
    return Assessment(
        verdict=verdict,
        route=route if verdict != NOT_ELIGIBLE else "contract",
        findings=tuple(findings),
        documents=tuple(dict.fromkeys(documents)),
        strengths=strengths,
        refer_to_referent=UNCLEAR in statuses,
        contract_type=req.contract_type,
    )


def _diploma_findings(profile: Profile, req: Requirements, documents: list[str]) -> list[Finding]:
    level, required = profile.diploma_level, req.required_level
    if profile.diploma_in_progress:
        return [
            Finding(
                "diploma",
                NOT_MET,
                f"Diplôme : la circulaire demande d'en être en possession {req.diploma_held_at} ; "
                "un diplôme encore en cours ne remplit pas cette condition.",
            )
        ]
    if level not in LEVELS:
        return [
            Finding(
                "diploma",
                UNCLEAR,
                "Je n'ai pas pu situer le niveau de votre diplôme : la référente pourra vous dire "
                "s'il correspond à un diplôme de l'enseignement supérieur de type court.",
            )
        ]
    if LEVELS.index(level) < LEVELS.index(required):
        return [
            Finding(
                "diploma",
                NOT_MET,
                f"Diplôme : il faut au moins {LEVEL_NAMES[required]} (enseignement supérieur de type "
                f"court) ou son équivalence ; vous avez indiqué {LEVEL_NAMES[level]}.",
            )
        ]
    if level != required and not req.higher_level_stated:
        findings = [
            Finding(
                "diploma",
                UNCLEAR,
                f"Diplôme : {LEVEL_NAMES[level]}, d'un niveau supérieur à celui demandé. La circulaire "
                "ne cite que le type court et ne dit pas si un diplôme de niveau supérieur est accepté : "
                "la personne de contact pour la fonction peut vous le confirmer.",
            )
        ]
    else:
        findings = [Finding("diploma", MET, f"Diplôme : {LEVEL_NAMES[level]}, cela correspond au niveau demandé.")]
    if profile.diploma_abroad:
        documents.append(req.equivalence_document)
        if profile.has_equivalence:
            findings.append(Finding("equivalence", MET, "Diplôme étranger : vous avez l'attestation d'équivalence."))
        else:
            findings.append(
                Finding(
                    "equivalence",
                    TO_PROVIDE,
                    f"Diplôme obtenu hors de Belgique : il vous faut une "
                    f"{req.equivalence_document}, {req.equivalence_required_at}.",
                )
            )
    if "sc_diploma_abroad" in profile.unsure:
        findings.append(
            Finding(
                "equivalence",
                UNCLEAR,
                f"Origine du diplôme : vous ne savez pas ; s'il a été obtenu hors de Belgique, il vous faut une "
                f"{req.equivalence_document}, {req.equivalence_required_at}.",
            )
        )
    if "sc_diploma_in_french" in profile.unsure:
        findings.append(
            Finding(
                "language",
                UNCLEAR,
                "Langue du diplôme : vous ne savez pas ; s'il n'a pas été obtenu en français, il faut une "
                f"{req.language_certificate}.",
            )
        )
    if profile.diploma_in_french is False:
        documents.append(req.language_certificate)
        if profile.has_language_certificate:
            findings.append(
                Finding(
                    "language",
                    MET,
                    "Diplôme dans une autre langue : vous avez l'attestation de connaissance du français demandée.",
                )
            )
        else:
            findings.append(
                Finding(
                    "language",
                    TO_PROVIDE,
                    f"Diplôme obtenu dans une autre langue que le français : il faut une {req.language_certificate}.",
                )
            )
    return findings


def _experience_finding(profile: Profile, req: Requirements) -> Finding:
    months, needed = profile.experience_months, req.min_experience_months
    years = number(needed / 12)
    if months is None:
        return Finding(
            "experience", UNCLEAR, f"Expérience : il faut au moins {years} ans ; je n'ai pas pu la vérifier."
        )
    if months >= needed:
        return Finding(
            "experience",
            MET,
            f"Expérience : {duration_text(months)} dans l'{req.experience_sector}, pour {years} ans minimum demandés.",
        )
    return Finding(
        "experience",
        NOT_MET,
        f"Expérience : il faut au moins {years} ans d'expérience pertinente dans l'"
        f"{req.experience_sector} ; vous en avez {duration_text(months)} "
        f"(il manque {duration_text(needed - months)}).",
    )


def _mobility_findings(profile: Profile, req: Requirements) -> list[Finding]:
    findings = []
    if req.licence_b and "sc_licence_b" in profile.unsure:
        findings.append(
            Finding(
                "licence_b",
                UNCLEAR,
                "Permis B : vous ne savez pas si vous l'avez ; la fonction l'exige impérativement.",
            )
        )
    elif req.licence_b:
        ok = profile.has_licence_b is True
        findings.append(
            Finding(
                "licence_b",
                MET if ok else NOT_MET,
                "Permis B : vous l'avez."
                if ok
                else "Permis B : la fonction l'exige impérativement (travail itinérant, déplacements fréquents).",
            )
        )
    if req.own_vehicle and "sc_vehicle" in profile.unsure:
        findings.append(
            Finding(
                "vehicle",
                UNCLEAR,
                "Véhicule personnel : vous ne savez pas si vous en aurez un ; la fonction l'exige impérativement.",
            )
        )
    elif req.own_vehicle:
        ok = profile.has_vehicle is True
        findings.append(
            Finding(
                "vehicle",
                MET if ok else NOT_MET,
                "Véhicule personnel : vous en avez un."
                if ok
                else "Véhicule personnel : la fonction l'exige impérativement (déplacements fréquents).",
            )
        )
    return findings


def _charge_de_mission(profile: Profile, req: Requirements) -> tuple[str, list[Finding]]:
    if profile.unsure & {"sc_tenured", "sc_wants_cdm"}:
        return "contract", [
            Finding(
                "charge_de_mission",
                INFO,
                "Charge de mission : elle est réservée aux membres du personnel nommés à titre définitif "
                "à temps plein ; si c'est votre cas et que vous la souhaitez, mentionnez-le dans votre "
                "candidature. Sinon, vous postulez sous contrat.",
            )
        ]
    if not profile.wants_charge_de_mission:
        return "contract", []
    missing, unknown = [], []
    conditions = (
        ("sc_tenured", req.cdm_requires_tenure and not profile.tenured, "être nommé·e à titre définitif"),
        ("sc_full_time", req.cdm_requires_full_time and not profile.full_time, "l'être à temps plein"),
        ("sc_fwb_network", not profile.fwb_network, f"dans l'enseignement {' ou '.join(req.cdm_networks)}"),
        ("sc_active_service", not profile.active_or_available, f"être {' ou '.join(req.cdm_statuses)}"),
    )
    for question, lacking, wording in conditions:
        if question in profile.unsure:
            unknown.append(wording)
        elif lacking:
            missing.append(wording)
    if unknown and not missing:
        return "contract", [
            Finding(
                "charge_de_mission",
                INFO,
                "Charge de mission : je n'ai pas pu vérifier une de ses conditions (il faut "
                + ", ".join(unknown)
                + ") ; si vous la remplissez, mentionnez ce souhait dans votre candidature, "
                "la référente pourra vous le confirmer. Sinon, vous postulez sous contrat.",
            )
        ]
    if missing:
        return "contract", [
            Finding(
                "charge_de_mission",
                INFO,
                "Charge de mission : elle n'est pas possible dans votre situation (il faut "
                + ", ".join(missing)
                + ") ; vous pouvez postuler sous contrat.",
            )
        ]
    return "charge_de_mission", [
        Finding(
            "charge_de_mission",
            MET,
            "Charge de mission : vous remplissez la condition particulière ; "
            "mentionnez ce souhait dans votre candidature. "
            f"{req.cdm_feasibility[:1].upper()}{req.cdm_feasibility[1:]}.",
        )
    ]
