"""The safety net before "I did not understand": find the topic a question names.

When the classifier is unsure, the message is matched against the words
candidates use for each topic (the `keywords` of the offer file). Only a clear
match is answered: one topic ahead of all others, in a message that reads as a
question about the offer. Anything else gets the honest fallback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from bot.parsing import normalise
from bot.understanding.message_focus import focus_message

# Subjects that make a question about something else than this vacancy
# ("le salaire d'un directeur", "la capitale de l'Australie").
_ELSEWHERE = re.compile(
    r"(?<![a-z])(?<!je suis )(?<!j'etais )(?:d'un|d'une|un|une)\s+(?:directeur|directrice|instituteur|institutrice|prof|professeur|enseignant|"
    r"educateur|educatrice|secretaire|comptable|infirmier|infirmiere|ouvrier|medecin|avocat)e?s?\b"
    r"|(?<![a-z])(?:meteo|recette|capitale|football|foot|garagiste|film|musique|blague|impots?|horoscope)(?![a-z])"
    r"|dates?\s+(?:des\s+)?(?:vacances|conges)|(?:calendrier|rentree)\s+scolaires?|conges?\s+(?:de\s+)?(?:carnaval|detente|printemps|"
    r"toussaint|automne|paques)|(?:autres?|une\s+autre)\s+(?:offres?|postes?|emplois?)"
    # A task for the bot ("peux-tu rédiger ma lettre ?"), not a question about the offer.
    r"|(?:peux|pourrais|pouvez|pourriez)[\s-]+(?:tu|vous)\s+(?:me\s+)?(?:rediger|ecrire|corriger|relire|traduire)"
    r"|a\s+ma\s+place"
)
# "dans quel secteur ?", "pour quelle durée ?": a question on a detail of what was just answered.
_ELLIPSIS = re.compile(
    r"^(?:et|mais|ok|d'accord|dans\s+ce\s+cas|alors|donc|sinon|(?:dans|pour|sur|de|a|en)\s+(?:n'importe\s+)?quel(?:le)?s?)\b"
)
# "Quel est le salaire et combien d'heures ?": a second question joined by "et".
_AND_QUESTION = re.compile(
    r"\s+(?:et|ainsi\s+que|puis)\s+(?=(?:quel|quelle|quels|quelles|combien|quand|comment|où|ou|est-ce|y\s+a-t-il|"
    r"faut-il|des|du|de\s+la|le|la|les|l'|un|une|si|s'|savoir|connaitre|connaître)\b)",
    re.IGNORECASE,
)
# A follow-up this short with no topic word of its own continues the conversation's topic.
SHORT_FOLLOW_UP_WORDS = 8


@dataclass(frozen=True)
class Match:
    topic: str
    score: int
    runner_up: int


# Built once per keyword: rank() runs several times per message over every keyword of the
# offer, and normalising and escaping them again each time was most of its cost.
@lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    # A keyword matches at a word start; its end may carry a plural or a verb ending,
    # and a keyword written in the plural ("conges") also matches the singular.
    stem = normalise(keyword)
    if len(stem) > 4 and stem.endswith("s") and not stem.endswith("ss"):
        stem = stem[:-1]
    # A verb keyword in the infinitive ("postuler") also matches its other forms ("je postule", "postulez").
    if len(stem) > 5 and stem.endswith("er") and stem[-3] != " ":
        return re.compile(
            r"(?<![a-z0-9])" + re.escape(stem[:-2]) + r"(?:e|es|ent|er|ez|ons|ee|ees|ais|ait)(?![a-z0-9])"
        )
    return re.compile(r"(?<![a-z0-9])" + re.escape(stem) + r"[a-z]{0,3}(?![a-z0-9])")


def unstated_subject(text: str, unstated: Mapping[str, Iterable[str]]) -> str | None:
    """The subject the circular is silent on that the message asks about ("une période d'essai"), or None."""
    norm = normalise(focus_message(text).text)
    found = [
        (max(len(word) for word in words if _keyword_pattern(word).search(norm)), subject)
        for subject, words in unstated.items()
        if any(_keyword_pattern(word).search(norm) for word in words)
    ]
    # The longest matching words name the subject most precisely.
    return max(found)[1] if found else None


def rank(text: str, keywords: Mapping[str, Iterable[str]]) -> list[tuple[str, int]]:
    """Topics by the number of their keywords found in the text, best first."""
    norm = normalise(text)
    scores = {
        topic: sum(1 for word in words if _keyword_pattern(word).search(norm)) for topic, words in keywords.items()
    }
    return sorted(((t, s) for t, s in scores.items() if s), key=lambda item: -item[1])


_PURPOSE_ONLY = re.compile(r"\b(?:pour|avant\s+de|afin\s+de)\s+(?:pouvoir\s+)?postuler\b")


def _widest_keyword(norm: str, words: Iterable[str]) -> int:
    """The number of words of the longest keyword found in the (normalised) text."""
    return max((len(word.split()) for word in words if _keyword_pattern(word).search(norm)), default=0)


def best_topic(text: str, keywords: Mapping[str, Iterable[str]], previous_topic: str | None = None) -> Match | None:
    """The topic a message clearly asks about, or None when unclear or off the offer."""
    focused = focus_message(text).text
    norm = normalise(focused)
    if not norm or _ELSEWHERE.search(norm):
        return None
    ranking = rank(focused, keywords)
    if ranking:
        top, score = ranking[0]
        runner_up = ranking[1][1] if len(ranking) > 1 else 0
        if score > runner_up:
            return Match(top, score, runner_up)
        tied = [t for t, s in ranking if s == score]
        # "mon expérience est-elle suffisante pour postuler ?": applying is the purpose, not the question.
        if (
            "apply" in tied
            and len(tied) == 2
            and _PURPOSE_ONLY.search(norm)
            and rank(_PURPOSE_ONLY.sub(" ", norm), {"apply": keywords["apply"]}) == []
        ):
            return Match(next(t for t in tied if t != "apply"), score, runner_up)
        # "Avant de rédiger ma lettre de motivation, j'aimerais savoir la rémunération": the clause after
        # the lead-in asks.
        stripped = norm.rstrip(" ,;.?!")
        if "," in stripped:
            clause = [t for t, _ in rank(stripped.rsplit(",", 1)[1], keywords) if t in tied]
            if len(clause) == 1:
                return Match(clause[0], score, runner_up)
        # "rappeler la date limite pour postuler": a topic named in several words is named more precisely.
        widths = {t: _widest_keyword(norm, keywords[t]) for t in tied}
        widest = max(widths.values())
        if widest > 1 and list(widths.values()).count(widest) == 1 and previous_topic not in tied:
            return Match(max(widths, key=widths.__getitem__), score, runner_up)
        # A tie broken by the conversation: "et les vacances ?" after a charge-de-mission answer.
        if previous_topic and any(t == previous_topic and s == score for t, s in ranking):
            return Match(previous_topic, score, runner_up)
        return None
    # A short follow-up with no keyword ("et au plus tard ?", "c'est inclus ?") stays on the last topic.
    if previous_topic and is_short_follow_up(focused):
        return Match(previous_topic, 0, 0)
    return None


def about_something_else(text: str) -> bool:
    """The message asks about another job, the school calendar, the weather...: not this vacancy."""
    return bool(_ELSEWHERE.search(normalise(focus_message(text).text)))


def is_short_follow_up(text: str) -> bool:
    norm = normalise(text)
    return (
        len(norm.split()) <= SHORT_FOLLOW_UP_WORDS
        and not _ELSEWHERE.search(norm)
        and (text.rstrip().endswith("?") or bool(_ELLIPSIS.match(norm)))
    )


_QUESTION_WORD = re.compile(
    r"(?<![a-z])(?:qui|quoi|quand|ou|comment|combien|quel|quelle|quels|quelles|pourquoi)(?![a-z])"
)


def is_short_question(text: str) -> bool:
    """ "faut l'accord de qui ?": a short question with a question word, never small talk."""
    if not isinstance(text, str) or not text.rstrip().endswith("?"):
        return False
    norm = normalise(text)
    return 3 <= len(norm.split()) <= SHORT_FOLLOW_UP_WORDS and bool(_QUESTION_WORD.search(norm))


def is_elliptical_question(text: str) -> bool:
    """ "et au plus tard ?", "et si je ne le suis pas ?": a short question that continues the
    conversation, whatever social words it holds ("à plus tard" is a goodbye, "au plus tard" is not)."""
    if not isinstance(text, str):
        return False
    norm = normalise(text)
    return bool(_ELLIPSIS.match(norm)) and text.rstrip().endswith("?") and len(norm.split()) <= SHORT_FOLLOW_UP_WORDS


# "l'allocation prévue, l'horaire à prester, et le régime de vacances ?": the items of a list of questions.
_LIST_ITEM = re.compile(
    r",\s+(?=(?:l'|le|la|les|leur|leurs|son|sa|ses|du|des|quel|quelle|quels|quelles|combien|comment|quand)\b)",
    re.IGNORECASE,
)


def _split_question(question: str) -> list[str]:
    pieces = _AND_QUESTION.split(question)
    if len(pieces) == 1:
        return pieces
    # Only a question already joined by "et" is read as a list: a lone comma often sets a frame
    # ("pour la charge de mission, le salaire est-il le même ?").
    return [item for piece in pieces[:-1] for item in _LIST_ITEM.split(piece)] + pieces[-1:]


def sub_questions(text: str) -> list[str]:
    """Each question of a message, "et"-joined ones split: the first is the classifier's."""
    focused = focus_message(text)
    questions = list(focused.questions or (focused.text,))
    # "J'aurais besoin d'un aménagement. Est-ce prévu ?": the first question read with what it points back to.
    if focused.text != questions[0] and focused.text.endswith(questions[0]):
        questions[0] = focused.text
    parts = [piece for question in questions for piece in _split_question(question)]
    return [part.strip() for part in parts if len(normalise(part).split()) >= 2]
