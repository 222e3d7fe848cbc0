"""Composers of the answers on the post, the institution, the contract and the competences."""

from __future__ import annotations

from bot.answers.compose import Context, FactSource
from bot.answers.composers.base import fact_composer, post_contact, topic_composer
from bot.domain.french import bullets


@topic_composer("post")
def _post(facts: FactSource, ctx: Context) -> str:
    f = facts("post").facts
    more = "" if f["tasks_exhaustive"] else "\n(Cette liste n'est pas exhaustive.)"
    title = ""
    if ctx.header.get("title"):
        title = f"Fonction : {ctx.header['title']} (référence {ctx.header['reference']}). "
    return f"{title}{f['role']} Vos missions principales :\n{bullets(f['tasks'])}{more}"


@topic_composer("institution")
def _institution(facts: FactSource, ctx: Context) -> str:
    f = facts("institution").facts
    return (
        f"{f['name']} est {f['description']} : {f['schools']} établissements scolaires, "
        f"{f['related_institutions']} institutions apparentées, {f['pupils']} et {f['staff']}. "
        f"Le poste est rattaché à la {f['service']} de la {f['direction']}, qui a notamment pour rôle de :\n"
        f"{bullets(f['service_missions'])}\nSite : {facts('apply').facts['website']}"
    )


@topic_composer("contract")
def _contract(facts: FactSource, ctx: Context) -> str:
    f = facts("contract").facts
    text = (
        f"{f['posts']} postes sont à pourvoir. Le profil de fonction prévoit un engagement sous "
        f"{f['contract_type']}, niveau {f['level']} (catégorie {f['category']}), barème {f['scale_code']}."
    )
    if f["charge_de_mission_possible"]:
        cdm = facts("charge_de_mission").facts
        text += (
            " Les candidats nommés dans l'enseignement peuvent demander à exercer la fonction dans le "
            f"cadre d'une charge de mission : {cdm['feasibility']}."
        )
        text += (
            f"\nLe texte n'est pas cohérent sur ce point : la lettre d'accompagnement indique que "
            f"« {f['letter_wording']} », alors que le profil prévoit un {f['contract_type']} et présente "
            f"la charge de mission comme une option. Pour une confirmation : {post_contact(facts)}."
        )
    return text


@topic_composer("competences")
def _competences(facts: FactSource, ctx: Context) -> str:
    f = facts("competences").facts

    def names(group: str) -> list[str]:
        return [f"{c['name']}{' (compte davantage)' if c['weighs_more'] else ''}" for c in f[group]]

    text = (
        f"Compétences comportementales :\n{bullets(names('behavioural'))}\n"
        f"Compétences techniques :\n{bullets(names('technical'))}"
    )
    if f["motivation_weighs_more"]:
        text += (
            "\nLes compétences marquées « compte davantage » (en gras dans la circulaire) et la motivation "
            "pèsent plus dans le score final."
        )
    text += f"\nCritères éliminatoires : la circulaire indique « {f['eliminatory_statement']} »"
    if not f["italic_competences_marked"]:
        motivation = " La motivation est donc éliminatoire." if f["motivation_eliminatory"] else ""
        text += (
            f" Or aucune compétence n'est en italique dans le texte.{motivation} Quelles compétences sont "
            f"éliminatoires, la circulaire ne permet pas de le dire : renseignez-vous auprès de "
            f"{post_contact(facts)}."
        )
    return text


@fact_composer("posts", "post", "institution", "contract", "selection")
def _posts(facts: FactSource, ctx: Context) -> str:
    f = facts("contract").facts
    return f"{f['posts']} postes sont à pourvoir, sous {f['contract_type']}."


@fact_composer("service", "post", "institution")
def _service(facts: FactSource, ctx: Context) -> str:
    f = facts("institution").facts
    return (
        f"Le poste relève de la {f['service']} de la {f['direction']}, chez {f['name']}.\n"
        "Ses missions :\n" + bullets(f["service_missions"])
    )
