"""The one registry of the offer's topics. Everything else derives from it:

- the offer-file schema (`bot.domain.offer` checks each topic's facts with `fields`);
- the NLU intent that asks about the topic (`intent`), hence `TOPIC_BY_INTENT`;
- the rules that answer those intents (data/rules/offer_questions.yml) and the
  intents in domain.yml, both written by `python -m bot generate-rules`
  (tests/unit/test_topic_registry.py fails when they are stale);
- the composer of each topic's answer (`bot.answers.composers`, keyed by `name`;
  the same test fails when one is missing);
- the referents' label of the topic on their dashboard (`label`, French).

Adding a topic: docs/architecture.md, "Adding a topic".
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.offer_fields import (
    TEXTS,
    FieldCheck,
    competence_field,
    date_field,
    email_field,
    flag_field,
    integer_field,
    keyed_texts,
    list_of,
    number_field,
    text_field,
    timezone_field,
    url_field,
)

# The assets (atouts) the self-check asks about, named in the offer file under
# topics.assets.facts.items and recognised in answers by bot.parsing.assets.
ASSET_KEYS = ("adult_training", "project_management", "tech_innovation", "digital_integration")


@dataclass(frozen=True)
class TopicSpec:
    name: str  # key under `topics:` in the offer file
    intent: str  # the NLU intent that asks about it
    label: str  # how referents see it (dashboard, French)
    fields: dict[str, FieldCheck]  # its facts in the offer file, each with its checker


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec(
        "post",
        "ask_post",
        "Le poste",
        {"role": text_field, "objectives": TEXTS, "tasks": TEXTS, "tasks_exhaustive": flag_field},
    ),
    TopicSpec(
        "institution",
        "ask_institution",
        "L'institution",
        {
            "name": text_field,
            "description": text_field,
            "schools": integer_field,
            "related_institutions": integer_field,
            "pupils": text_field,
            "staff": text_field,
            "direction": text_field,
            "service": text_field,
            "service_missions": TEXTS,
        },
    ),
    TopicSpec(
        "contract",
        "ask_contract",
        "Le contrat",
        {
            "posts": integer_field,
            "contract_type": text_field,
            "level": text_field,
            "category": text_field,
            "scale_code": text_field,
            "charge_de_mission_possible": flag_field,
            "letter_wording": text_field,
        },
    ),
    TopicSpec(
        "diploma",
        "ask_diploma",
        "Le diplôme",
        {
            "required_level": text_field,
            "wording": text_field,
            "accepted_names": TEXTS,
            "higher_level_stated": flag_field,
            "field_stated": flag_field,
            "recognition_service": text_field,
            "held_at": text_field,
        },
    ),
    TopicSpec(
        "foreign_diploma",
        "ask_foreign_diploma",
        "Diplôme étranger",
        {
            "equivalence_required_outside_belgium": flag_field,
            "equivalence_document": text_field,
            "equivalence_phone": text_field,
            "language_certificate_required_if_not_french": flag_field,
            "language_certificate": text_field,
            "language_certificate_website": url_field,
            "equivalence_required_at": text_field,
            "language_certificate_when_stated": flag_field,
        },
    ),
    TopicSpec(
        "experience",
        "ask_experience",
        "L'expérience",
        {"min_years": number_field, "sector": text_field, "relevant_only": flag_field},
    ),
    TopicSpec("assets", "ask_assets", "Les atouts", {"items": keyed_texts(ASSET_KEYS)}),
    TopicSpec(
        "competences",
        "ask_competences",
        "Les compétences",
        {
            "behavioural": list_of(competence_field),
            "technical": list_of(competence_field),
            "motivation_weighs_more": flag_field,
            "eliminatory_statement": text_field,
            "italic_competences_marked": flag_field,
            "motivation_eliminatory": flag_field,
        },
    ),
    TopicSpec(
        "charge_de_mission",
        "ask_charge_de_mission",
        "La charge de mission",
        {
            "condition": text_field,
            "requires_tenure": flag_field,
            "requires_full_time": flag_field,
            "accepted_networks": TEXTS,
            "accepted_statuses": TEXTS,
            "legal_basis": text_field,
            "duration_months": integer_field,
            "renewal": text_field,
            "scale": text_field,
            "monthly_allocation_gross": number_field,
            "weekly_hours": number_field,
            "holidays": text_field,
            "mention_in_application": text_field,
            "mention_in_letter": text_field,
            "feasibility": text_field,
            "conditions_adapted": text_field,
            "extra_document": text_field,
        },
    ),
    TopicSpec(
        "salary",
        "ask_salary",
        "Le salaire",
        {
            "min_annual_gross": number_field,
            "min_condition": text_field,
            "max_annual_gross": number_field,
            "scale_code": text_field,
            "level": text_field,
            "indexation": text_field,
            "experience_valued": text_field,
            "net_stated": flag_field,
        },
    ),
    TopicSpec(
        "hours",
        "ask_hours",
        "L'horaire",
        {
            "weekly_hours": number_field,
            "flexible_schedule": flag_field,
            "arrival_window": text_field,
            "departure_window": text_field,
        },
    ),
    TopicSpec(
        "travel",
        "ask_travel",
        "Les déplacements",
        {
            "itinerant": flag_field,
            "frequent_travel": flag_field,
            "administrative_residence": text_field,
            "regions": TEXTS,
            "licence_b_required": flag_field,
            "own_vehicle_required": flag_field,
            "car_costs_reimbursement_stated": flag_field,
        },
    ),
    TopicSpec(
        "telework",
        "ask_telework",
        "Le télétravail",
        {"possible": flag_field, "after_months": integer_field, "condition": text_field},
    ),
    TopicSpec(
        "benefits",
        "ask_benefits",
        "Les avantages",
        {
            "items": TEXTS,
            "meal_voucher_value": number_field,
            "meal_voucher_deduction": number_field,
            "bike_allowance_per_km": number_field,
            "monthly_flat_rate": number_field,
            "flat_rate_purpose_stated": flag_field,
            "min_leave_days": integer_field,
            "leave_between_christmas_and_new_year": flag_field,
        },
    ),
    TopicSpec(
        "apply",
        "ask_apply",
        "Comment postuler",
        {
            "channel": text_field,
            "website": url_field,
            "form_link_in_circular": flag_field,
            "nullity": text_field,
        },
    ),
    TopicSpec("documents", "ask_documents", "Les documents", {"items": TEXTS, "tenured_items": TEXTS}),
    TopicSpec(
        "deadline",
        "ask_deadline",
        "La date limite",
        {"date": date_field, "inclusive": flag_field, "timezone": timezone_field},
    ),
    TopicSpec(
        "selection",
        "ask_selection",
        "La sélection",
        {
            "preselection": text_field,
            "written_exam": text_field,
            "written_exam_pass_mark": text_field,
            "interview_candidates": integer_field,
            "interview": text_field,
            "interview_pass_mark": text_field,
            "total_pass_mark": text_field,
            "ranking": text_field,
            "tie_break": text_field,
            "cv_advice": text_field,
            "assignment_conditions": text_field,
            "assignment_details_in_circular": flag_field,
        },
    ),
    TopicSpec(
        "contact",
        "ask_contact",
        "Le contact",
        {
            "name": text_field,
            "role": text_field,
            "email": email_field,
            "circular_contact_name": text_field,
            "circular_contact_service": text_field,
            "circular_contact_email": email_field,
            "circular_writer": text_field,
        },
    ),
    TopicSpec(
        "diversity",
        "ask_diversity",
        "La diversité",
        {
            "statement": text_field,
            "reasonable_accommodation": flag_field,
            "policy_link_in_circular": flag_field,
            "accommodation_contact_named": flag_field,
        },
    ),
)

TOPIC_NAMES: tuple[str, ...] = tuple(topic.name for topic in TOPICS)
TOPIC_BY_INTENT: dict[str, str] = {topic.intent: topic.name for topic in TOPICS}
TOPIC_FIELDS: dict[str, dict[str, FieldCheck]] = {topic.name: topic.fields for topic in TOPICS}
TOPIC_LABELS: dict[str, str] = {topic.name: topic.label for topic in TOPICS}
