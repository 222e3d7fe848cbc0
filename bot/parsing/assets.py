"""Which of the offer's assets (atouts) the candidate says they have."""

from __future__ import annotations

from bot.domain.topics import ASSET_KEYS
from bot.parsing.text import NEGATORS, UNSURE, hits, negation_window, normalise, words
from bot.parsing.yes_no import LEADING_NO, leading_yes_no, parse_yes_no, payload_answer

_ASSET_PATTERNS = {
    # Whole phrases before single words, so that a negation before the phrase is seen.
    "adult_training": words(
        r"format(?:ion|eur|rice)s?\s+(?:d'\s*|des\s+|pour\s+|aux\s+)adultes?",
        r"enseignement\s+(?:pour|aux|des)\s+adultes?",
        r"adultes?",
        r"promotion\s+sociale",
        r"andragog\w*",
    ),
    "project_management": words(
        r"(?:gestion(?:naire)?|chef(?:fe)?|coordinat(?:ion|eur|rice)|coordonn\w*|management|manag(?:er|euse)|"
        r"pilot\w*|conduite|responsable|direction|porteu(?:r|se)|men(?:e|er|ee|es)|gere|gerer|gerees?)"
        r"\s+(?:de\s+|des\s+|du\s+|d'\s*)?(?:(?:un|une|mon|mes|nos|plusieurs|gros|grands?|petits?|nombreux)\s+)?"
        r"projets?",
        r"project\s+manag\w*",
        r"gestion\s+projets?",
    ),
    "tech_innovation": words(
        r"innov\w*",
        r"nouvelles?\s+technologies?",
        r"technologies?\s+(?:nouvelles?|emergentes?|innovantes?)",
        r"technologiques?",
        r"veille\s+techno\w*",
    ),
    "digital_integration": words(
        r"integration\s+du\s+numerique",
        r"(?:outils?|referente?s?)\s+numeriques?",
        r"numeriques?",
        r"tice?s?",
        r"plate[\s-]?formes?",
        r"e[\s-]?learning",
        r"digital\w*",
        r"moodle",
        r"teams",
        r"classroom",
        r"tbi",
    ),
}
# "sauf le numérique": the asset is left out; "rien de tout ça": the whole list is.
_ASSET_NEGATED = negation_window(NEGATORS + ("sauf", "excepte", "hormis", "rien"))
_ALL_FOUR = words(
    r"(?:tou(?:te)?s\s+)?les\s+(?:quatre|4)", r"tout\s+(?:ca|cela)", r"l'\s*ensemble", r"^(?:un\s+peu\s+de\s+)?tout$"
)
# Plain "tous" also occurs in "tous les jours": trusted only when no asset is named.
_ALL = words(r"tou(?:te)?s")
# "j'ai bossé 6 ans comme institutrice": the candidate describes their work and names none of the
# domains, which answers the question (none of them) as people do.
_OTHER_WORK = words(
    r"(?:j'ai\s+)?(?:bosse|travaille|enseigne|exerce)",
    r"\d+\s+(?:ans?|annees?|mois)",
    r"(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quelques|plusieurs)\s+(?:ans?|annees?|mois)",
    r"comme\s+\w+",
    r"(?:prof|professeure?|enseignante?|institut(?:eur|rice)|educat(?:eur|rice)|regente?)s?",
)
_NO_ASSET = words(r"aucune?s?", r"rien", r"jamais", r"pas\s+du\s+tout", r"negatif", r"ni\s+l'\s*une?\s+ni")


def parse_assets(text: str) -> list[str] | None:
    """Asset keys mentioned, [] for a negative answer, None when neither can be read."""
    if not isinstance(text, str):
        return None
    if payload_answer(text) is False:
        return []
    norm = normalise(text)
    if not norm:
        return None
    mentions = {key: hits(_ASSET_PATTERNS[key], norm, _ASSET_NEGATED) for key in ASSET_KEYS}
    found = [key for key in ASSET_KEYS if mentions[key][0]]
    all_but_excluded = [key for key in ASSET_KEYS if mentions[key][0] or not mentions[key][1]]
    all_four = hits(_ALL_FOUR, norm, _ASSET_NEGATED)[0]
    if found and not all_four:
        return found
    if all_four:  # "les quatre sauf le numérique"
        return all_but_excluded
    if UNSURE.search(norm):  # before the negatives: "aucune idée"
        return None
    if LEADING_NO.match(norm) or _NO_ASSET.search(norm):
        return []
    every, every_negated = hits(_ALL, norm, _ASSET_NEGATED)
    if every:  # "tous sauf la formation d'adultes"
        return all_but_excluded
    if every_negated:  # "pas tous": some, but which?
        return None
    answer = parse_yes_no(text)
    # Not after a plain "oui" ("oui, comme formatrice": which domain, then?).
    if (
        answer is not False
        and leading_yes_no(norm) is None
        and "?" not in text
        and len(norm.split()) <= 30
        and _OTHER_WORK.search(norm)
    ):
        return []
    return [] if answer is False else None
