"""Find the question in what a candidate wrote.

Candidates write like e-mails ("Bonjour, je suis institutrice depuis six ans...
Quel est le salaire ? Merci"), greet and ask at once, or ask a question and
for a person in the same message. The classifier reads one intent per
message, so the message is reduced to the question it contains; what else it
held (a second question, a request for a person) is kept for the actions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parsing import normalise

_SPLIT = re.compile(r"(?<=[.?!;])\s+|\n+|(?<=[.?!])(?=[A-ZÀÂÉÈÊÎÔÛÇ])")
_GREETING = re.compile(
    r"^(?:(?:re)?bonjour|bonsoir|salut|hello|coucou|hey|bjr|slt|madame|monsieur|mme|mr|m\.|cher|chere|"
    r"chers|a qui de droit|dear)\b[^a-z]*(?:(?:madame|monsieur|a tous|a toutes|tout le monde|"
    r"l'equipe|la referente|mme|m)\b[^a-z]*)*$"
)
_CLOSING = re.compile(
    r"^(?:merci|mercii+|d'avance merci|bien a vous|bien cordialement|cordialement|bonne (?:journee|soiree|"
    r"fin de journee)|belle journee|au plaisir|salutations|dans l'attente|je vous remercie|avec mes remerciements|"
    r"en vous remerciant|bav|a bientot|meilleures salutations)\b"
)
# A signature: a first name, or two capitalised words, alone on the last line.
_SIGNATURE = re.compile(r"^[A-ZÀÂÉÈÊÎÔÛÇ][\w'-]+(?:\s+[A-ZÀÂÉÈÊÎÔÛÇ][\w'-]+)?\.?$")
_QUESTION_START = re.compile(
    r"^(?:(?:et|mais|donc|alors|aussi|ensuite|enfin)\s+)?(?:quel(?:le)?s?|combien|comment|quand|ou|pourquoi|qui|"
    r"que|quoi|est[\s-]ce|y\s+a[\s-]t[\s-]il|faut[\s-]il|peut[\s-]on|puis[\s-]je|dois[\s-]je|pourriez[\s-]vous|"
    r"pouvez[\s-]vous|pourrais[\s-]tu|peux[\s-]tu|serait[\s-]il|est[\s-]il|sera[\s-]t[\s-]il|existe[\s-]t[\s-]il|"
    r"j'aimerais\s+(?:savoir|connaitre|comprendre)|je\s+(?:voudrais|souhaiterais|souhaite|desire)\s+"
    r"(?:savoir|connaitre|comprendre)|je\s+me\s+demande|pourriez|savez[\s-]vous|a\s+quel|de\s+quel|en\s+quoi|"
    r"dans\s+quel|sur\s+quel|avec\s+quel|"
    # Requests worded as orders or wishes: "Merci de m'indiquer la procédure.", "Je souhaiterais obtenir..."
    r"(?:merci|je\s+vous\s+remercie)\s+(?:de|d')\s*(?:bien\s+vouloir\s+)?(?:me\s+|m'\s*)?"
    r"(?:dire|indiquer|preciser|communiquer|expliquer|envoyer|transmettre|confirmer|informer|renseigner|faire\s+savoir)|"
    r"(?:veuillez|pourriez[\s-]vous)\s+(?:me\s+|m'\s*)?(?:dire|indiquer|preciser|communiquer|expliquer|confirmer)|"
    r"(?:dites|indiquez|precisez|expliquez)[\s-]moi|"
    r"(?:j'aimerais|je\s+(?:voudrais|souhaiterais|souhaite))\s+(?:avoir|obtenir|recevoir)\s+(?:des|plus\s+d'|"
    r"quelques|une|un)\s*(?:informations?|precisions?|renseignements?|details?|explications?|idee))\b"
)
_HUMAN = re.compile(
    r"\b(?:parler|discuter|echanger|etre\s+(?:mis|mise)\s+en\s+contact|etre\s+contactee?|etre\s+rappelee?|"
    r"me\s+mettre\s+en\s+(?:contact|relation)|joindre|contacter|transmettre\s+(?:ma|cette|la)\s+question)\b"
    r".{0,40}\b(?:quelqu(?:'\s*|\s+)?un|une\s+personne|un\s+humain|une\s+vraie\s+personne|un\s+conseiller|une\s+conseillere|"
    r"la\s+referente|le\s+referent|(?:un|une|le|la)\s+responsable|la\s+personne\s+(?:responsable|en\s+charge|de\s+contact)|un\s+agent|l'equipe|un\s+recruteur|"
    r"rh|a\s+qui\s+de\s+droit)\b"
    r"|\b(?:transmettez|transmets|faites\s+suivre|passez)\b.{0,30}\b(?:question|demande)\b"
)
# "Bonjour, quel est le salaire ?": the greeting in front of a question.
_LEADING_GREETING = re.compile(
    r"^\s*(?:re)?(?:bonjour|bonsoir|salut|hello|coucou|bjr|slt)\b(?:\s+(?:madame|monsieur|a\s+tous|tout\s+le\s+monde))*"
    r"\s*[,!.:]*\s+(?=\S)",
    re.IGNORECASE,
)
# "Pourriez-vous m'aider ?", "J'ai une question.": a question that asks nothing yet, when another follows.
_GENERIC_QUESTION = re.compile(
    r"^(?:(?:pourriez|pouvez|pourrais|peux|pourrait)[\s-]+(?:vous|tu|on)\s+(?:m'\s*|me\s+)?"
    r"(?:aider|renseigner|repondre|eclairer|informer)|(?:j'ai|jai)\s+(?:une|quelques|plusieurs|deux)\s+questions?|"
    r"(?:une|petite)\s+question|est[\s-]ce\s+(?:possible|que\s+(?:vous\s+pouvez|tu\s+peux)\s+m'\s*aider))"
    r"\W*(?:svp|s'il\s+vous\s+plait|stp)?\W*$"
)
_POINTS_BACK = re.compile(
    r"^(?:pouvez|pourriez|pourrais|peux|pourrait)[\s-]+(?:vous|tu|on)\s+(?:me\s+|m'\s*)?"
    r"(?:le|la|les|l'|en|y)?\s*(?:preciser|expliquer|dire|indiquer|confirmer|detailler|eclairer|communiquer|donner|"
    r"rappeler\s+"
    r"(?:leur|leurs|son|sa|ses)\b)"
)
# "... dans le cadre d'une charge de mission. Je souhaiterais connaître la durée de ce régime.": "ce régime"
# is named in the sentence before.
_NAMED_BEFORE = re.compile(
    r"\b(?:ce|cette|ces)\s+(?:regime|formule|statut|option|cas(?:-la)?|situation|dernier|derniere|derniers|type\s+de\s+contrat)\b"
)
# "J'ai une assurance hospitalisation en vue. Est-ce qu'elle couvre les enfants ?": "elle" is named before
# (not the impersonal "il est", "il faut", "il y a").
_SUBJECT_BACK = re.compile(
    r"^(?:(?:et|mais|donc|alors)\s+)?(?:est[\s-]ce\s+qu'\s*)?(?:elles?|ils)\b|"
    r"^(?:(?:et|mais|donc|alors)\s+)?est[\s-]ce\s+qu'\s*il\s+(?!est|faut|y|existe|reste|suffit|serait|sera|s'agit)"
)
# "J'ai lu qu'il fallait le mentionner, mais où ?": a short question on "it", named just before.
_OBJECT_BACK = re.compile(
    r"\b(?:le|la|les|l')\s*(?:mentionn|signal|indiqu|precis|obten|obtien|fourn|envoi|envoy|joind|demand|declar|"
    r"prouv|justifi|depos|remet|ajout|inscri|trouv|prepar|pass)\w*\b"
)
# "la rémunération pour ce poste de conseillère techno-pédagogique": the job's title after "ce poste"
# says nothing about what is asked and pulls the classifier to the post's description.
_TITLE_AFTER_POST = re.compile(
    r"\b((?:ce|le|du|au)\s+poste)\s+(?:de\s+|d')?\s*conseill[a-zèé·.]*\s+techno[\s-]*p[ée]dagogiques?"
    r"(?:\s+en\s+charge\s+de\s+l'\s*int[ée]gration\s+du\s+num[ée]rique)?",
    re.IGNORECASE,
)
_ABOUT_THAT = re.compile(
    # "Est-ce que le télétravail est possible ?" names its subject: only "est-ce" with no "que" after.
    r"^(?:(?:et|mais|donc|alors)\s+)?(?:est[\s-]ce\s+que\s+)?(?:c'?\s*est|ca|cela|est[\s-]ce(?!\s+qu)|serait[\s-]ce)\s+"
    r"(?:\S+\s+){0,5}?(?:probleme|possible|grave|genant|bloquant|eliminatoire|obligatoire|pour\s+quoi|"
    r"quoi|normal|ok|bon|acceptable|envisageable|compatible|prevue?s?|souci|autorisee?|acceptee?|admise?|valable)\b"
    r"|^est[\s-]ce\s+(?:possible|grave|genant|bloquant|eliminatoire|envisageable|un\s+probleme)\b"
)
# Messages this short are left as they are: the classifier was trained on such.
SHORT = 90


@dataclass(frozen=True)
class FocusedMessage:
    text: str  # what the classifier should read
    wants_human: bool = False  # the message also asks for a person
    questions: tuple[str, ...] = field(default=())  # every question found, in order


def sentences(text: str) -> list[str]:
    return [part.strip(" ,") for part in _SPLIT.split(text or "") if part and part.strip(" ,")]


# "Avant de me lancer, j'aimerais savoir...": a short lead-in before a request (not before "où",
# "que"...: after a comma these start a clause, "l'enseignement, où j'ai travaillé cinq ans").
_REQUEST_START = re.compile(
    r"^(?:(?:j'aimerais|je\s+(?:voudrais|souhaiterais|souhaite|desire))\s+(?:savoir|connaitre|comprendre|avoir|"
    r"obtenir|recevoir)|(?:merci|je\s+vous\s+remercie)\s+(?:de|d')|pourriez[\s-]vous|pouvez[\s-]vous|"
    r"savez[\s-]vous|veuillez|(?:dites|indiquez|precisez|expliquez)[\s-]moi)\b"
)
# Linear on purpose: a nested repetition here backtracked exponentially on a long sentence without a comma.
_LEAD_IN = re.compile(r"^[^,:;]*[^,:;\s]\s*[,:;]\s*")


# "Je prépare l'écrit et je voudrais savoir quelles connaissances...", "je me demandais si le
# télétravail est possible", "Mon épouse se demande si...": an indirect question, anywhere in a sentence.
_INDIRECT_QUESTION = re.compile(
    r"\b(?:(?:me|se|nous)\s+demand(?:e|ais|ait|ions|ons)|(?:j'aimerais|aimerais|voudrais|voulais|souhaiterais|"
    r"souhaite|desire|veux|besoin\s+de)\s+(?:bien\s+|juste\s+|simplement\s+|donc\s+)?(?:savoir|connaitre|comprendre)|"
    r"m'interroge|me\s+pose\s+la\s+question)\s+(?:(?:simplement|juste|donc|aussi|egalement|surtout|alors|encore)\s+)?"
    r"(?:si|s'|ce\s+qu\w*|quel(?:le)?s?|qu'|combien|comment|quand|ou|pourquoi|a\s+partir|a\s+quel|de\s+quel|"
    r"dans\s+quel|en\s+quoi|sur\s+quel|pour\s+quel|a\s+qui|qui|le|la|les|l')\b"
    # "Je voudrais simplement être sûr que mon diplôme correspond..."
    r"|\b(?:voudrais|voulais|aimerais|souhaiterais|souhaite)\s+(?:bien\s+|juste\s+|simplement\s+)?"
    r"(?:etre\s+sure?s?|m'assurer|verifier|savoir)\s+(?:que|qu'|si|s')"
)


def is_question(sentence: str) -> bool:
    norm = normalise(sentence)
    return (
        sentence.rstrip().endswith("?")
        or bool(_QUESTION_START.match(norm))
        or bool(_REQUEST_START.match(_LEAD_IN.sub("", norm, count=1)))
        or bool(_INDIRECT_QUESTION.search(norm))
    )


def _is_filler(sentence: str, last: bool) -> bool:
    norm = normalise(sentence).strip(" .!,")
    if _QUESTION_START.match(norm):  # "Merci de m'indiquer la procédure." asks, it does not close
        return False
    return (
        not norm
        or bool(_GREETING.match(norm))
        or bool(_CLOSING.match(norm))
        or (last and bool(_SIGNATURE.match(sentence.strip())))
    )


def focus_message(text: str) -> FocusedMessage:
    """The question a message asks, whether it also asks for a person, and every question in it."""
    if not isinstance(text, str):
        return FocusedMessage("")
    focused = _focus(text)
    return FocusedMessage(_TITLE_AFTER_POST.sub(r"\1", focused.text), focused.wants_human, focused.questions)


# "Deux petites questions avant de postuler : quel est le salaire ?": the announcement is not asked.
# Not when the announcement names the subject ("J'ai une question sur l'examen écrit : où se passe-t-il ?").
_QUESTIONS_ANNOUNCED = re.compile(
    r"^(?![^:?]*\b(?:sur|concernant|au\s+sujet|a\s+propos|quant|relatives?|pour\s+la\s+personne|a\s+la\s+personne)\b)"
    r"[^:?]{0,120}\bquestions?\b[^:?]{0,120}:\s*(?=\S)",
    re.IGNORECASE,
)


def _focus(text: str) -> FocusedMessage:
    greeting = _LEADING_GREETING.match(text)
    remainder = text[greeting.end() :] if greeting else ""
    # "salut ça va" is a greeting too: peel only before punctuation or a longer request.
    if greeting and remainder.strip() and (re.search(r"[,!.:]", greeting.group()) or len(remainder.split()) >= 3):
        text = remainder
    parts = [_QUESTIONS_ANNOUNCED.sub("", part, count=1) for part in sentences(text)]
    content = [s for i, s in enumerate(parts) if not _is_filler(s, last=i == len(parts) - 1)]
    human = [s for s in content if _HUMAN.search(normalise(s))]
    rest = [s for s in content if s not in human]
    questions = tuple(s for s in rest if is_question(s))
    wants_human = bool(human)
    if not content:
        return FocusedMessage(text.strip(), False, ())
    if len(text) <= SHORT and len(content) == len(parts) and not wants_human:
        return FocusedMessage(text.strip(), False, questions)
    if wants_human and not rest:
        return FocusedMessage(" ".join(human), True, ())
    asking = [q for q in questions if not _GENERIC_QUESTION.match(normalise(q).strip())]
    if asking and len(asking) < len(questions):
        questions = tuple(asking)
    if questions:
        first = questions[0]
        # "... quel type de contrat est proposé. Pouvez-vous me le préciser ?": the question points back.
        # "Je n'ai pas de voiture. Est-ce un problème ?": so does a short question about "ça".
        points_back = (
            _POINTS_BACK.search(normalise(first))
            or _ABOUT_THAT.match(normalise(first))
            or (_OBJECT_BACK.search(normalise(first)) and len(first.split()) <= 12)
            or _NAMED_BEFORE.search(normalise(first))
            or (_SUBJECT_BACK.match(normalise(first)) and len(first.split()) <= 14)
        )
        if points_back and rest.index(first) > 0:
            first = f"{rest[rest.index(first) - 1]} {first}"
        return FocusedMessage(first, wants_human, questions)
    # No question mark: a statement ("je suis prof depuis un an"), kept without the greetings.
    return FocusedMessage(" ".join(rest or content), wants_human, ())


# "Pourriez-vous me rappeler la date limite ?" asks to be reminded of a fact, not to be called back.
_REMINDER = re.compile(
    r"\brappel(?:er|ez|le)[\s-]+(?:moi\s+|nous\s+)?(?:le|la|les|l'|leur|leurs|son|sa|ses|quel(?:le)?s?|combien|quand|"
    r"ou|comment|ce|cette|ces|si|a\s+quel|jusqu)\b"
)


def asks_for_a_reminder(text: str) -> bool:
    norm = normalise(text or "")
    return bool(_REMINDER.search(norm)) and not _HUMAN.search(norm)


# "Quelles questions puis-je vous poser ?", "pouvez-vous m'aider à comprendre l'offre ?": about the assistant.
_ABOUT_THE_ASSISTANT = re.compile(
    r"\b(?:pouvez|pourriez|savez|sais|peux|pourrais)[\s-]+(?:vous|tu)\s+(?:m'\s*|me\s+|nous\s+)?(?:aider|faire|repondre)\b"
    r"|\bquestions?\b.{0,30}\bposer\b|\bposer\b.{0,30}\bquestions?\b|\b(?:marche|fonctionne)s?\b.{0,20}\b(?:chat|bot|robot|assistant)\b"
    r"|\b(?:chat|bot|robot|assistant|logiciel|programme)\b"
)


def asks_about_the_assistant(text: str) -> bool:
    return bool(_ABOUT_THE_ASSISTANT.search(normalise(text or "")))


# "Puis-je postuler ?", "mon profil correspond-il ?", "c'est bon pour moi ?": whether the candidate may apply.
_ELIGIBILITY_QUESTION = re.compile(
    r"\b(?:puis|peux|pourrais|pourrai|pourrait|peut)[\s-]*(?:je\s+|on\s+)?(?:quand\s+meme\s+|encore\s+|bien\s+|vraiment\s+)?"
    r"(?:postuler|candidater|poser\s+(?:ma|sa)\s+candidature|me\s+presenter|pretendre|participer|y\s+aller)"
    r"|\beligib\w*|\brecevable|\badmissible|\b(?:ok|bon|possible|ouvert)\s+pour\s+moi\b|\bc'?\s*est\s+bon\b|\bca\s+passe\b|\bmon\s+profil\b|"
    r"\bje\s+corresponds?\b|\bsuis[\s-]je\b|\bai[\s-]je\s+(?:le\s+droit|les\s+conditions|le\s+profil)|\bje\s+remplis\b|"
    r"\bremplis[\s-]je\b|\bconditions?\s+(?:pour|de)\s+(?:postuler|participation|candidature)|\bqualifie"
)


def asks_about_eligibility(text: str) -> bool:
    return bool(_ELIGIBILITY_QUESTION.search(normalise(text or "")))
