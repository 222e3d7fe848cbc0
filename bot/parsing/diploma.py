"""The diploma: its level, whether it is still in progress, where and in which language it was obtained."""

from __future__ import annotations

from dataclasses import dataclass

from bot.parsing.text import NEGATED_OR_NON, UNSURE, hits, normalise, words
from bot.parsing.yes_no import parse_yes_no

DIPLOMA_LEVELS = ("none", "cess", "bachelier", "master", "doctorat")


_LEVEL_PATTERNS = {
    "doctorat": words(r"doctorat", r"docteure?s?", r"ph\.?\s?d\.?", r"doctorate", r"bac\s*\+\s*(?:[89]|1\d)"),
    "master": words(
        r"masters?",
        r"master's",
        r"mastere",
        r"mba",
        r"maitrise",
        r"dea",
        r"dess",
        r"licen(?:ce|se|ciee?s?)",
        r"(?:bio[\s-]?)?ingenieure?s?",
        r"aess",
        r"agreg\w*\s+(?:de\s+)?(?:l'\s*)?enseignement\s+secondaire\s+superieur",
        r"(?:enseignement|etudes)\s+superieure?s?\s+de\s+type\s+long",
        r"type\s+long",
        r"bac\s*\+\s*[4-7]",
    ),
    # "baccalauréat" and a bare "bac" are left out on purpose: see _AMBIGUOUS_DIPLOMA.
    "bachelier": words(
        r"bacheli\w*",
        r"bachelors?",
        r"bachelor's",
        r"graduats?",
        r"graduee?s?",
        r"regendats?",
        r"regente?s?",
        r"aesi",
        r"institut(?:eur|rice)s?",
        r"bts",
        r"dut",
        r"deug",
        r"agreg\w*\s+(?:de\s+)?(?:l'\s*)?enseignement\s+secondaire\s+inferieur",
        r"(?:enseignement|etudes)\s+superieure?s?\s+(?:de\s+)?type\s+court",
        r"type\s+court",
        r"brevet\s+(?:d'\s*)?enseignement\s+superieur",
        r"bes",
        r"bac\s*\+\s*[23]",
        # Belgian speech: "un bac en informatique", "bac d'institutrice".
        r"bac\s+(?:en|d'\s*|de)\s*(?!france|belgique)[a-z]+",
    ),
    "cess": words(
        r"c\.?e\.?s\.?s\.?",
        r"humanites?",
        r"secondaire\s+superieur",
        r"(?:etudes|diplome)\s+secondaires?",
        r"diplome\s+(?:du|de)\s+secondaire",
        # Not where one works: "dans une école secondaire", "prof en secondaire", "dans le secondaire".
        r"(?<!ecole\s)(?<!ecoles\s)(?<!enseignement\s)(?<!en\s)(?<!au\s)(?<!dans\sle\s)secondaire(?!\s+inferieur)",
        # One year after the baccalauréat is no higher-education diploma yet.
        r"bac\s*\+\s*[01]",
        r"(?:bac|baccalaureat)\s+(?:pro\w*|s|es|l|stg|stmg|general|technologique|francais|scientifique)",
        r"(?:bac|baccalaureat)\s+(?:obtenu\s+)?(?:en|de)\s+france",
    ),
}
# Words that name two levels: the French baccalauréat ends secondary school, a Belgian "bac"
# is a bachelier, "études supérieures" may be short or long, finished or not. The bot asks.
_AMBIGUOUS_DIPLOMA = {
    "bac": words(r"bacs?", r"baccalaureats?", r"bacalaureats?"),
    "higher_studies": words(r"(?:enseignement|etudes)\s+superieure?s?", r"universite", r"fac"),
}
# Studying for a diploma is not holding it ("au moment de la candidature").
_IN_PROGRESS = words(
    r"en\s+cours",
    r"je\s+(?:termine|finis|fais|prepare|passe|commence)",
    r"en\s+train\s+de",
    r"(?:derniere|premiere|deuxieme|troisieme|1(?:ere|re)|2(?:e|eme)|3(?:e|eme))\s+annee",
    r"etudiante?s?",
    r"pas\s+(?:encore\s+)?(?:fini|termine|obtenu|diplomee?)",
    r"j'?\s*etudie",
    r"je\s+suis\s+en\s+(?:bac|master|bachelier)",
    r"(?:l'|cette\s+)annee\s+prochaine",
    r"en\s+juin\s+prochain",
    r"bientot\s+diplomee?",
)
_POSSESSION = words(
    r"j'?\s*ai\s+(?:deja\s+)?(?:un|une|mon|ma|le|la|deux)",
    r"deja",
    r"obtenue?s?",
    r"titulaire",
    r"diplomee?\s+(?:de|d'|en|du)",
)
_NO_DIPLOMA = words(
    r"aucune?s?",
    r"rien",
    r"neant",
    r"pas\s+(?:de\s+|d'\s*)?diplomee?s?",
    r"sans\s+diplomee?s?",
    r"non\s+diplomee?s?",
    r"^non",
    r"n'?\s*en\s+ai\s+pas",
    r"nada",
)

# A diploma the candidate does not name: "un autre diplôme", "j'ai un diplôme".
_UNNAMED_DIPLOMA = words(r"autres?", r"diplomee?s?")


@dataclass(frozen=True)
class DiplomaAnswer:
    level: str | None  # a DIPLOMA_LEVELS value, None when not recognised
    in_progress: bool = False  # the candidate is still studying for it
    ambiguity: str | None = None  # why the bot must ask again: "bac", "higher_studies", "studying"
    unsure: bool = False  # "je ne sais pas", "un autre diplôme": the referent decides


def parse_diploma(text: str) -> DiplomaAnswer:
    """Read an answer to "what is your highest diploma?", asking back when it could mean two things."""
    norm = normalise(text)
    level = parse_diploma_level(text)
    if _IN_PROGRESS.search(norm):
        # "je termine mon bachelier": not held. With a diploma already obtained, or a master in
        # progress (often after a bachelier), the highest diploma held is not clear: ask.
        if _POSSESSION.search(norm) or level in ("master", "doctorat"):
            return DiplomaAnswer(None, ambiguity="studying")
        return DiplomaAnswer(None, in_progress=True)
    if level is None:
        for reason, pattern in _AMBIGUOUS_DIPLOMA.items():
            plain, _ = hits(pattern, norm)
            if plain:
                return DiplomaAnswer(None, ambiguity=reason)
        if UNSURE.search(norm) or _UNNAMED_DIPLOMA.search(norm):
            return DiplomaAnswer(None, unsure=True)
    return DiplomaAnswer(level)


def parse_diploma_level(text: str) -> str | None:
    """Highest diploma level mentioned, or "none", or None when no level is recognised."""
    norm = normalise(text)
    if not norm:
        return None
    negated_only = False
    for level in reversed(DIPLOMA_LEVELS[1:]):  # highest first: "bachelier puis master"
        plain, negated = hits(_LEVEL_PATTERNS[level], norm)
        if plain:
            return level
        negated_only = negated_only or negated
    # "pas de master" alone says what the candidate lacks, not what they hold.
    if negated_only:
        return None
    if UNSURE.search(norm):
        return None
    return "none" if _NO_DIPLOMA.search(norm) else None


# The Belgian province of Luxembourg, removed before looking for the Grand Duchy.
_BELGIAN_LUXEMBOURG = words(
    r"province\s+(?:de\s+|du\s+)?luxembourg",
    r"luxembourg\s+belge",
    r"arlon",
    r"bastogne",
    r"marche[\s-]en[\s-]famenne",
    r"virton",
)
_ABROAD = words(
    r"etrangere?s?",
    r"etranger",
    r"hors\s+(?:de\s+(?:la\s+)?)?belgique",
    r"autre\s+pays",
    r"france",
    r"maroc",
    r"tunisie",
    r"algerie",
    r"congo",
    r"rdc",
    r"roumanie",
    r"espagne",
    r"italie",
    r"portugal",
    r"pays[\s-]+bas",
    r"hollande",
    r"allemagne",
    r"suisse",
    r"canada",
    r"quebec",
    r"luxembourg",
    r"senegal",
    r"cameroun",
    r"royaume[\s-]+uni",
    r"angleterre",
    r"etats[\s-]+unis",
    r"usa",
    r"grece",
    r"pologne",
    r"turquie",
    r"liban",
    r"rwanda",
    r"burundi",
    r"cote\s+d'\s*ivoire",
    r"guinee",
    r"haiti",
    r"ukraine",
    r"russie",
    r"bresil",
    r"syrie",
    r"mali",
    r"niger",
    r"benin",
    r"togo",
    r"gabon",
    r"paris",
    r"lille",
    r"lyon",
    r"marseille",
    r"kinshasa",
    r"lubumbashi",
    r"casablanca",
    r"rabat",
    r"tunis",
    r"alger",
    r"dakar",
    r"yaounde",
    r"douala",
    r"montreal",
    r"geneve",
    r"lausanne",
    r"bucarest",
    # Adjectives that are not also school subjects ("master en espagnol" is no clue).
    r"marocaine?s?",
    r"tunisienn?e?s?",
    r"algerienn?e?s?",
    r"congolaise?s?",
    r"canadienn?e?s?",
    r"quebecoise?s?",
    r"luxembourgeoise?s?",
    r"senegalaise?s?",
    r"camerounaise?s?",
    r"roumaine?s?",
    r"(?:diplome|titre|master|bachelier|licence|bac|universite|ecole|cursus|systeme)\s+francaise?s?",
)
_BELGIUM = words(
    r"belgique",
    r"belges?",
    r"bruxelles",
    r"wallon\w*",
    r"liege",
    r"namur",
    r"mons",
    r"charleroi",
    r"tournai",
    r"nivelles",
    r"wavre",
    r"verviers",
    r"louvain(?:[\s-]la[\s-]neuve)?",
    r"leuven",
    r"gand",
    r"gent",
    r"anvers",
    r"antwerpen",
    r"flandre",
    r"fwb",
    r"wbe",
    r"communaute\s+francaise",
    r"federation\s+wallonie",
    r"uclouvain",
    r"ucl",
    r"ulb",
    r"uliege",
    r"umons",
    r"unamur",
    r"vub",
    r"kul",
    r"ku\s+leuven",
    r"hautes?\s+ecoles?",
    r"ichec",
    r"ephec",
    r"helmo",
    r"henallux",
    r"helha",
    r"he2b",
    r"helb",
)


def parse_diploma_origin(text: str) -> str | None:
    """ "abroad" or "belgium" for where the diploma was obtained, None when not said."""
    norm = normalise(text)
    if not norm:
        return None
    belgian_lux = _BELGIAN_LUXEMBOURG.search(norm) is not None
    norm = _BELGIAN_LUXEMBOURG.sub(" ", norm)
    abroad, not_abroad = hits(_ABROAD, norm)
    belgium, not_belgium = hits(_BELGIUM, norm)
    # Any foreign part wins: it is what triggers the equivalence question.
    if abroad or not_belgium:
        return "abroad"
    if belgium or not_abroad or belgian_lux:
        return "belgium"
    return None


_FRENCH = words(r"francais", r"fr")
_OTHER_LANGUAGE = words(
    r"neerlandais",
    r"flamand",
    r"anglais",
    r"english",
    r"allemand",
    r"espagnol",
    r"italien",
    r"portugais",
    r"arabe",
    r"roumain",
    r"polonais",
    r"turc",
    r"russe",
    r"ukrainien",
    r"grec",
    r"chinois",
    r"lingala",
    r"autre\s+langue",
    r"langue\s+etrangere",
)


def parse_diploma_language(text: str) -> bool | None:
    """True when the diploma was obtained in French, False in another language, None when unsure."""
    norm = normalise(text)
    if UNSURE.search(norm):
        return None
    french, not_french = hits(_FRENCH, norm, NEGATED_OR_NON)
    other, _ = hits(_OTHER_LANGUAGE, norm)
    if other or not_french:
        return False
    if french:
        return True
    return parse_yes_no(text)
