"""Parse candidates' free answers to the eligibility questionnaire.

Answers are informal French, often typed without accents. Every parser works on
`normalise(text)` and never raises on a str: an answer it cannot read gives
None (or an "unclear" problem) so the bot asks again instead of guessing.
"""
from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass

# Kept in the order the assets are listed in the offer.
ASSET_KEYS = ("adult_training", "project_management", "tech_innovation", "digital_integration")
DIPLOMA_LEVELS = ("none", "cess", "bachelier", "master", "doctorat")

# Above this, the answer is a typo or a joke rather than a career.
MAX_EXPERIENCE_MONTHS = 60 * 12

_TAG = re.compile(r"<[^<>]*>")
_CHAR_MAP = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'", "\u2032": "'",
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
    "\u2044": "/", "\u00b1": "+/-", "\u0153": "oe", "\u0152": "oe", "\u00e6": "ae", "\u00c6": "ae",
})


def normalise(text: str) -> str:
    """Lower-case, accent-free, single-spaced text with ASCII apostrophes and no HTML tags."""
    if not isinstance(text, str):
        return ""
    # Tags become spaces so "<b>3</b>ans" does not glue words together.
    text = html.unescape(_TAG.sub(" ", text)).translate(_CHAR_MAP)
    text = unicodedata.normalize("NFKD", text)
    # NFKD turns "½" into "1⁄2": map the fraction slash again.
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_CHAR_MAP)
    return " ".join(text.lower().split())


def _words(*patterns: str) -> re.Pattern[str]:
    """Alternatives that must stand as whole words (lookarounds, since some end with ' or %)."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


_FILLERS = r"(?:de|du|des|un|une|encore|le|la|les|en|dans|au|a|mon|ma|son|sa|ecoles?|reseau|enseignement)"
_NEGATORS = ("pas", "aucun", "aucune", "sans", "ni", "hors", "jamais")


def _negation_window(negators: tuple[str, ...]) -> re.Pattern[str]:
    # A negator, then only small filler words, right before the match: "pas de master",
    # "pas encore nommée", "hors Belgique", "pas dans une école FWB".
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(negators) + r")(?:\s+|\s*-\s*)"
                      r"(?:(?:" + _FILLERS + r")\s+|d'\s*|l'\s*|d'une?\s+)*$")


_NEGATED = _negation_window(_NEGATORS)
_NEGATED_OR_NON = _negation_window(_NEGATORS + ("non",))


def _hits(pattern: re.Pattern[str], text: str, negation: re.Pattern[str] = _NEGATED) -> tuple[bool, bool]:
    """(found as such, found negated)."""
    plain = negated = False
    for match in pattern.finditer(text):
        # 60 characters are enough for the negator and its filler words.
        if negation.search(text[max(0, match.start() - 60):match.start()]):
            negated = True
        else:
            plain = True
    return plain, negated


# --- yes / no ------------------------------------------------------------------------------

_PAYLOAD = re.compile(r"^\s*/(affirm|deny)(?![a-z_])", re.IGNORECASE)
_YES_AND_NO = _words(r"oui\s+et\s+non", r"non\s+et\s+oui", r"oui\s+(?:ou|mais)\s+non")
_LEADING_YES = re.compile(r"^[^a-z0-9]*(?:o+u+i+|o+u+a+i+s?|y+e+s+|yep|yup|yeah)(?![a-z0-9])")
_LEADING_NO = re.compile(r"^[^a-z0-9]*(?:n+o+n+|n+a+n+|no+|nope)(?![a-z0-9])")
_UNSURE = _words(
    r"sai[st]\s+(?:pas|plus|rien)", r"ne\s+sai[st]", r"chai[st]?\s+pas", r"aucune?\s+idee",
    r"peut[\s-]?etre", r"ptet", r"pas\s+(?:tres\s+)?sure?s?", r"pas\s+(?:tres\s+)?certaine?s?",
    r"(?:ca|cela)\s+depend", r"depend", r"je\s+doute", r"hesite", r"souvien[st]\s+(?:pas|plus)",
)
_NO = _words(r"non", r"nan", r"no", r"nope", r"pas", r"aucune?s?", r"jamais", r"negatif", r"rien",
             r"nullement")
_YES = _words(
    r"oui", r"ouais?", r"yes", r"yep", r"bien\s+sur", r"evidemment", r"tout\s+a\s+fait", r"effectivement",
    r"absolument", r"exact(?:ement)?", r"c'?\s*est\s+(?:bien\s+)?(?:ca|exact)", r"affirmatif",
    r"certainement", r"bien\s+entendu",
)
# Yes only as an answer to "avez-vous... / êtes-vous...": no clue about tenure or assets.
_WEAK_YES = _words(r"j(?:'\s*|\s)?ai", r"je\s+suis")


def _payload(text: str) -> bool | None:
    match = _PAYLOAD.match(text) if isinstance(text, str) else None
    return None if match is None else match.group(1).lower() == "affirm"


def _leading_yes_no(norm: str) -> bool | None:
    if _YES_AND_NO.search(norm):
        return None
    if _LEADING_YES.match(norm):
        return True
    if _LEADING_NO.match(norm):
        return False
    return None


def parse_yes_no(text: str) -> bool | None:
    """True / False for a yes / no answer, None when the candidate is unsure or off topic."""
    return _yes_no(text, weak_yes=True)


def _yes_no(text: str, weak_yes: bool) -> bool | None:
    if not isinstance(text, str):
        return None
    payload = _payload(text)
    if payload is not None:
        return payload
    norm = normalise(text)
    if not norm or _YES_AND_NO.search(norm):
        return None
    # The first word is the answer; what follows is explanation ("non, je suis contractuel").
    leading = _leading_yes_no(norm)
    if leading is not None:
        return leading
    # Checked before the negations: "je ne sais pas" contains "pas".
    if _UNSURE.search(norm):
        return None
    # Negations before affirmations: "j'ai pas", "je ne suis pas".
    if _NO.search(norm):
        return False
    if _YES.search(norm) or (weak_yes and _WEAK_YES.search(norm)):
        return True
    return None


# --- experience ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExperienceParse:
    months: int | None
    problem: str | None  # None, "negative", "too_large" or "unclear"


_NUMBER_WORDS = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "troix": 3, "quatre": 4, "quatres": 4,
    "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}
_TENS = {20, 30, 40, 50, 60, 80}
_UNIT_MONTHS = {
    "an": 12, "ans": 12, "annee": 12, "annees": 12, "anne": 12, "annes": 12, "anee": 12, "anees": 12,
    "mois": 1, "semaine": 12 / 52, "semaines": 12 / 52, "jour": 12 / 365, "jours": 12 / 365,
}
_HALF_WORDS = {"demi", "demie"}
_RANGE_WORDS = {"ou", "a", "-", "voire", "/"}
# Words around a bare number that leave it meaning years: "environ 5", "plus de 10", "5 ou plus".
_BARE_BEFORE = {"environ", "approximativement", "approx", "plus", "de", "d", "bien", "au", "moins", "ou",
                "pres", "mettons", "disons", "+"}
_BARE_AFTER = {"environ", "approximativement", "approx", "plus", "minimum", "min", "ou", "+"}
_NOT_MINUS = {"au", "du", "le", "pas", "ou"}  # "au moins 3 ans", "plus ou moins 3 ans"
_UPPER_BOUND_ONLY = {"presque", "quasi", "quasiment"}
_HALF = re.compile(r"(?<![\d/])1\s*/\s*2(?![\d/])")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|[-+/%]")
_ZERO = _words(
    r"aucune?s?", r"jamais", r"zero", r"rien", r"neant", r"nulle?", r"sans\s+experience",
    r"pas\s+(?:encore\s+)?(?:d'\s*|de\s+)(?:vraie\s+)?experiences?", r"pas\s+encore", r"n'?\s*en\s+ai\s+pas",
    r"^non",
)


@dataclass(frozen=True)
class _Num:
    value: float
    is_word: bool
    # "-3": the minus sign touches the digit.
    minus_attached: bool = False


def _small_number(raw: list[str], i: int) -> tuple[int, int] | None:
    """1..19 written in words at raw[i] ("dix sept" included) -> (value, next index)."""
    if i >= len(raw) or raw[i] not in _NUMBER_WORDS or not 1 <= _NUMBER_WORDS[raw[i]] <= 16:
        return None
    value = _NUMBER_WORDS[raw[i]]
    if value == 10 and i + 1 < len(raw) and raw[i + 1] in ("sept", "huit", "neuf"):
        return 10 + _NUMBER_WORDS[raw[i + 1]], i + 2
    return value, i + 1


def _experience_items(norm: str) -> list[object]:
    """Tokens with numbers (digits or words, "vingt et un", "dix-huit") turned into _Num."""
    raw: list[str] = []
    attached: set[int] = set()
    for match in _TOKEN.finditer(norm):
        if match.group() == "-" and norm[match.end():match.end() + 1].isdigit():
            attached.add(len(raw))
        raw.append(match.group())
    items: list[object] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok[0].isdigit():
            items.append(_Num(float(tok.replace(",", ".")), False, (i - 1) in attached))
            i += 1
            continue
        if tok not in _NUMBER_WORDS:
            items.append(tok)
            i += 1
            continue
        value, i = _NUMBER_WORDS[tok], i + 1
        if value == 4 and i < len(raw) and raw[i] in ("vingt", "vingts"):
            value, i = 80, i + 1
        if value in _TENS:
            j = i + 1 if i < len(raw) and raw[i] == "et" else i
            unit = _small_number(raw, j)
            if unit is not None and (unit[0] <= 9 or value in (60, 80)):
                value, i = value + unit[0], unit[1]
        elif value == 10 and i < len(raw) and raw[i] in ("sept", "huit", "neuf"):
            value, i = 10 + _NUMBER_WORDS[raw[i]], i + 1
        items.append(_Num(float(value), True))
    return items


def _is_negative(items: list[object]) -> bool:
    for i, item in enumerate(items):
        following_number = i + 1 < len(items) and isinstance(items[i + 1], _Num)
        if not following_number:
            continue
        previous = items[i - 1] if i > 0 else None
        # "-3" but not a range "2-3" nor "+/-3"; a dash opening the answer is a minus too.
        if item == "-" and not isinstance(previous, _Num) and previous not in ("+", "/") and (
                items[i + 1].minus_attached or i == 0):
            return True
        if item == "moins" and previous not in _NOT_MINUS:
            return True
    return False


def _is_upper_bound_only(items: list[object]) -> bool:
    """"moins de 2 ans", "presque 3 ans": no lower bound, so no usable figure."""
    for i, item in enumerate(items):
        if item in _UPPER_BOUND_ONLY:
            return True
        if item == "moins" and i + 1 < len(items) and items[i + 1] in ("de", "d") and (
                i == 0 or items[i - 1] not in _NOT_MINUS):
            return True
    return False


def _durations(items: list[object]) -> float | None:
    """Total of the durations in months; a range counts for its lower bound."""
    def word(k: int) -> object:
        return items[k] if 0 <= k < len(items) and not isinstance(items[k], _Num) else None

    def unit(k: int) -> float | None:
        return _UNIT_MONTHS.get(word(k)) if isinstance(word(k), str) else None

    def number(k: int) -> bool:
        return 0 <= k < len(items) and isinstance(items[k], _Num)

    total, found, skip_next, between = 0.0, False, False, False
    bare: list[tuple[float, bool, object, object]] = []
    i = 0
    while i < len(items):
        item = items[i]
        if not isinstance(item, _Num):
            between = between or item == "entre"
            i += 1
            continue
        value, j = item.value, i + 1
        if word(j) in _HALF_WORDS and unit(j + 1):  # "une demi-année"
            months, j = value * unit(j + 1) / 2, j + 2
        elif unit(j):
            months, j = value * unit(j), j + 1
            if word(j) == "et" and word(j + 1) in _HALF_WORDS:
                months, j = months + unit(j - 1) / 2, j + 2
            elif word(j) in _HALF_WORDS:
                months, j = months + unit(j - 1) / 2, j + 1
        elif (word(j) in _RANGE_WORDS or (between and word(j) == "et")) and number(j + 1) and unit(j + 2):
            # "2 ou 3 ans", "2-3 ans", "entre 2 et 3 ans": lower bound.
            months, j = value * unit(j + 2), j + 3
        else:
            if word(j) == "et" and word(j + 1) in _HALF_WORDS:
                value, j = value + 0.5, j + 2
            previous, following = items[i - 1] if i > 0 else None, items[j] if j < len(items) else None
            bare.append((value, item.is_word, previous, following))
            i = j
            continue
        if skip_next:
            skip_next = False
        else:
            total, found = total + months, True
        # "2 ans ou 3 ans", "entre 2 ans et 3 ans": the second figure is the upper bound.
        if number(j + 1) and (word(j) in _RANGE_WORDS or (between and word(j) == "et")):
            skip_next = True
        i = j
    if found:
        return total
    return _bare_years(bare)


def _bare_years(bare: list[tuple[float, bool, object, object]]) -> float | None:
    """A number without unit means years ("2.5"), when nothing says it counts something else."""
    years = []
    for value, is_word, previous, following in bare:
        if isinstance(previous, _Num) or isinstance(following, _Num):
            continue  # "3 4": two figures, no way to tell which one
        if not is_word and value.is_integer() and 1900 <= value <= 2100:
            continue  # "depuis 2015": a calendar year, not a duration
        if following is not None and following not in _BARE_AFTER:
            continue  # "3 écoles", "80 %", "un peu"
        # "un" is usually an article: only a number word opening the answer counts.
        if is_word and previous is not None and previous not in _BARE_BEFORE:
            continue
        years.append(value)
    return years[0] * 12 if len(years) == 1 else None


def parse_experience_months(text: str) -> ExperienceParse:
    """Months of experience, counted in completed months ("1 an et demi" -> 18)."""
    unclear = ExperienceParse(None, "unclear")
    norm = normalise(text)
    # "dix-huit" -> "dix huit", "peut-être" -> "peut etre"; a dash before a digit stays.
    norm = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", norm)
    norm = _HALF.sub(" et demi ", norm)
    items = _experience_items(norm)
    if not items:
        return unclear
    if _is_negative(items):
        return ExperienceParse(None, "negative")
    if _is_upper_bound_only(items):
        return unclear
    months = _durations(items)
    if months is None:
        if _UNSURE.search(norm):  # before _ZERO: "aucune idée"
            return unclear
        return ExperienceParse(0, None) if _ZERO.search(norm) else unclear
    if not math.isfinite(months) or months > MAX_EXPERIENCE_MONTHS:
        return ExperienceParse(None, "too_large")
    # Completed months: the eligibility rule counts whole months, and 2.3 * 12 is 27.599...
    return ExperienceParse(int(months + 1e-9), None)


# --- diploma level -------------------------------------------------------------------------

_LEVEL_PATTERNS = {
    "doctorat": _words(r"doctorat", r"docteure?s?", r"ph\.?\s?d\.?", r"doctorate",
                       r"bac\s*\+\s*(?:[89]|1\d)"),
    "master": _words(
        r"masters?", r"master's", r"mastere", r"mba", r"maitrise", r"dea", r"dess",
        r"licen(?:ce|se|ciee?s?)", r"(?:bio[\s-]?)?ingenieure?s?", r"aess",
        r"agreg\w*\s+(?:de\s+)?(?:l'\s*)?enseignement\s+secondaire\s+superieur",
        r"(?:enseignement|etudes)\s+superieure?s?\s+de\s+type\s+long", r"type\s+long",
        r"bac\s*\+\s*[4-7]",
    ),
    # "baccalauréat" and a bare "bac" are left out on purpose: see _AMBIGUOUS_DIPLOMA.
    "bachelier": _words(
        r"bacheli\w*", r"bachelors?", r"bachelor's", r"graduats?",
        r"graduee?s?", r"regendats?", r"regente?s?", r"aesi", r"institut(?:eur|rice)s?", r"bts", r"dut", r"deug",
        r"agreg\w*\s+(?:de\s+)?(?:l'\s*)?enseignement\s+secondaire\s+inferieur",
        r"(?:enseignement|etudes)\s+superieure?s?\s+(?:de\s+)?type\s+court", r"type\s+court",
        r"brevet\s+(?:d'\s*)?enseignement\s+superieur", r"bes", r"bac\s*\+\s*[23]",
        # Belgian speech: "un bac en informatique", "bac d'institutrice".
        r"bac\s+(?:en|d'\s*|de)\s*(?!france|belgique)[a-z]+",
    ),
    "cess": _words(
        r"c\.?e\.?s\.?s\.?", r"humanites?", r"secondaire\s+superieur", r"(?:etudes|diplome)\s+secondaires?",
        r"diplome\s+(?:du|de)\s+secondaire", r"secondaire(?!\s+inferieur)",
        # One year after the baccalauréat is no higher-education diploma yet.
        r"bac\s*\+\s*[01]",
        r"(?:bac|baccalaureat)\s+(?:pro\w*|s|es|l|stg|stmg|general|technologique|francais|scientifique)",
        r"(?:bac|baccalaureat)\s+(?:obtenu\s+)?(?:en|de)\s+france",
    ),
}
# Words that name two levels: the French baccalauréat ends secondary school, a Belgian "bac"
# is a bachelier, "études supérieures" may be short or long, finished or not. The bot asks.
_AMBIGUOUS_DIPLOMA = {
    "bac": _words(r"bacs?", r"baccalaureats?", r"bacalaureats?"),
    "higher_studies": _words(r"(?:enseignement|etudes)\s+superieure?s?", r"universite", r"fac"),
}
# Studying for a diploma is not holding it ("au moment de la candidature").
_IN_PROGRESS = _words(
    r"en\s+cours", r"je\s+(?:termine|finis|fais|prepare|passe|commence)", r"en\s+train\s+de",
    r"(?:derniere|premiere|deuxieme|troisieme|1(?:ere|re)|2(?:e|eme)|3(?:e|eme))\s+annee", r"etudiante?s?",
    r"pas\s+(?:encore\s+)?(?:fini|termine|obtenu|diplomee?)", r"j'?\s*etudie", r"je\s+suis\s+en\s+(?:bac|master|bachelier)",
    r"(?:l'|cette\s+)annee\s+prochaine", r"en\s+juin\s+prochain", r"bientot\s+diplomee?",
)
_POSSESSION = _words(r"j'?\s*ai\s+(?:deja\s+)?(?:un|une|mon|ma|le|la|deux)", r"deja", r"obtenue?s?",
                     r"titulaire", r"diplomee?\s+(?:de|d'|en|du)")
_NO_DIPLOMA = _words(
    r"aucune?s?", r"rien", r"neant", r"pas\s+(?:de\s+|d'\s*)?diplomee?s?", r"sans\s+diplomee?s?",
    r"non\s+diplomee?s?", r"^non", r"n'?\s*en\s+ai\s+pas", r"nada",
)


@dataclass(frozen=True)
class DiplomaAnswer:
    level: str | None            # a DIPLOMA_LEVELS value, None when not recognised
    in_progress: bool = False    # the candidate is still studying for it
    ambiguity: str | None = None  # why the bot must ask again: "bac", "higher_studies", "studying"


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
            plain, _ = _hits(pattern, norm)
            if plain:
                return DiplomaAnswer(None, ambiguity=reason)
    return DiplomaAnswer(level)


def parse_diploma_level(text: str) -> str | None:
    """Highest diploma level mentioned, or "none", or None when no level is recognised."""
    norm = normalise(text)
    if not norm:
        return None
    negated_only = False
    for level in reversed(DIPLOMA_LEVELS[1:]):  # highest first: "bachelier puis master"
        plain, negated = _hits(_LEVEL_PATTERNS[level], norm)
        if plain:
            return level
        negated_only = negated_only or negated
    # "pas de master" alone says what the candidate lacks, not what they hold.
    if negated_only:
        return None
    if _UNSURE.search(norm):
        return None
    return "none" if _NO_DIPLOMA.search(norm) else None


# --- diploma origin ------------------------------------------------------------------------

# The Belgian province of Luxembourg, removed before looking for the Grand Duchy.
_BELGIAN_LUXEMBOURG = _words(r"province\s+(?:de\s+|du\s+)?luxembourg", r"luxembourg\s+belge", r"arlon",
                             r"bastogne", r"marche[\s-]en[\s-]famenne", r"virton")
_ABROAD = _words(
    r"etrangere?s?", r"etranger", r"hors\s+(?:de\s+(?:la\s+)?)?belgique", r"autre\s+pays",
    r"france", r"maroc", r"tunisie", r"algerie", r"congo", r"rdc", r"roumanie", r"espagne", r"italie",
    r"portugal", r"pays[\s-]+bas", r"hollande", r"allemagne", r"suisse", r"canada", r"quebec",
    r"luxembourg", r"senegal", r"cameroun", r"royaume[\s-]+uni", r"angleterre", r"etats[\s-]+unis", r"usa",
    r"grece", r"pologne", r"turquie", r"liban", r"rwanda", r"burundi", r"cote\s+d'\s*ivoire", r"guinee",
    r"haiti", r"ukraine", r"russie", r"bresil", r"syrie", r"mali", r"niger", r"benin", r"togo", r"gabon",
    r"paris", r"lille", r"lyon", r"marseille", r"kinshasa", r"lubumbashi", r"casablanca", r"rabat",
    r"tunis", r"alger", r"dakar", r"yaounde", r"douala", r"montreal", r"geneve", r"lausanne", r"bucarest",
    # Adjectives that are not also school subjects ("master en espagnol" is no clue).
    r"marocaine?s?", r"tunisienn?e?s?", r"algerienn?e?s?", r"congolaise?s?", r"canadienn?e?s?",
    r"quebecoise?s?", r"luxembourgeoise?s?", r"senegalaise?s?", r"camerounaise?s?", r"roumaine?s?",
    r"(?:diplome|titre|master|bachelier|licence|bac|universite|ecole|cursus|systeme)\s+francaise?s?",
)
_BELGIUM = _words(
    r"belgique", r"belges?", r"bruxelles", r"wallon\w*", r"liege", r"namur", r"mons", r"charleroi",
    r"tournai", r"nivelles", r"wavre", r"verviers", r"louvain(?:[\s-]la[\s-]neuve)?", r"leuven", r"gand",
    r"gent", r"anvers", r"antwerpen", r"flandre", r"fwb", r"wbe", r"communaute\s+francaise",
    r"federation\s+wallonie", r"uclouvain", r"ucl", r"ulb", r"uliege", r"umons", r"unamur", r"vub", r"kul",
    r"ku\s+leuven", r"hautes?\s+ecoles?", r"ichec", r"ephec", r"helmo", r"henallux", r"helha", r"he2b", r"helb",
)


def parse_diploma_origin(text: str) -> str | None:
    """"abroad" or "belgium" for where the diploma was obtained, None when not said."""
    norm = normalise(text)
    if not norm:
        return None
    belgian_lux = _BELGIAN_LUXEMBOURG.search(norm) is not None
    norm = _BELGIAN_LUXEMBOURG.sub(" ", norm)
    abroad, not_abroad = _hits(_ABROAD, norm)
    belgium, not_belgium = _hits(_BELGIUM, norm)
    # Any foreign part wins: it is what triggers the equivalence question.
    if abroad or not_belgium:
        return "abroad"
    if belgium or not_abroad or belgian_lux:
        return "belgium"
    return None


# --- tenure --------------------------------------------------------------------------------

@dataclass(frozen=True)
class TenureParse:
    tenured: bool | None
    full_time: bool | None
    fwb_network: bool | None


_TENURED = _words(r"nommee?s?", r"nomination", r"definiti(?:f|ve|ves|fs|vement)", r"titularisee?s?",
                  r"statutaire")
_NOT_TENURED = _words(r"temporaires?", r"contractuel(?:le)?s?", r"interimaires?", r"interim", r"cdd",
                      r"remplacante?s?", r"remplacements?")
_PART_TIME = _words(
    r"mi[\s-]?temps", r"demi[\s-]?temps", r"temps\s+partiel", r"partiel\w*", r"quart[\s-]?temps",
    r"tiers[\s-]?temps", r"horaire\s+incomplet", r"quatre\s+cinquiemes?", r"trois\s+quarts?",
)
_FULL_TIME = _words(r"temps\s+plein", r"plein[\s-]temps", r"temps\s+complet", r"horaire\s+complet",
                    r"full[\s-]?time")
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s*(?:%|pour\s*cents?|pourcents?)")
# "4/5", "12/22": not part of a date such as 01/09/2020.
_FRACTION = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_FWB = _words(
    r"fwb", r"wbe", r"wallonie[\s-]+bruxelles", r"federation", r"communaute\s+francaise",
    r"subventionn\w*", r"reseau\s+(?:officiel|libre|communal|provincial)", r"officiel(?:le)?s?", r"communal\w*",
    r"provincia\w*", r"(?:enseignement|ecole|reseau)\s+libre", r"libre\s+(?:non\s+)?confessionnel\w*",
    r"athenee", r"segec", r"cecp", r"cpeons", r"felsi", r"(?:dans|du)\s+(?:le\s+libre|l'\s*officiel)",
)
_NOT_FWB = _words(
    r"non[\s-]+subventionn\w*", r"privee?s?", r"communaute\s+(?:flamande|germanophone)", r"flamande?s?",
    r"flandre", r"neerlandophones?", r"germanophones?", r"ecoles?\s+(?:europeennes?|internationales?)",
)


def _full_time(norm: str) -> bool | None:
    part = _hits(_PART_TIME, norm)[0]
    full, full_negated = _hits(_FULL_TIME, norm)
    for match in _PERCENT.finditer(norm):
        share = float(match.group(1).replace(",", "."))
        full = full or share == 100
        part = part or 0 < share < 100
    for match in _FRACTION.finditer(norm):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        full = full or 0 < numerator == denominator
        part = part or 0 < numerator < denominator
    # Any part-time share wins: "nommée à mi-temps, temporaire sur l'autre mi-temps"
    # is not a full-time appointment. "pas à temps plein" is part time too.
    if part or full_negated:
        return False
    return True if full else None


def parse_tenure(text: str) -> TenureParse:
    """Appointment status: tenured (nommé·e à titre définitif), full time, FWB-funded school network."""
    norm = normalise(text)
    if not norm:
        return TenureParse(None, None, None)

    tenured_plain, tenured_negated = _hits(_TENURED, norm, _NEGATED_OR_NON)
    if tenured_negated:  # "pas nommée", "non définitif"
        tenured = False
    elif tenured_plain:  # before the temporary markers: "nommée à mi-temps, temporaire ailleurs"
        tenured = True
    elif _NOT_TENURED.search(norm):
        tenured = False
    else:
        tenured = None

    full_time = _full_time(norm)

    fwb_plain, fwb_negated = _hits(_FWB, norm, _NEGATED_OR_NON)
    abroad = parse_diploma_origin(norm) == "abroad"
    if fwb_negated or abroad or _NOT_FWB.search(norm):
        fwb_network = False  # checked first: "privé non subventionné" contains "subventionné"
    elif fwb_plain:
        fwb_network = True
    else:
        fwb_network = None

    if tenured is None:
        if full_time is None and fwb_network is None:
            # A bare "oui" / "non"; "je suis stagiaire" says nothing about tenure.
            tenured = _yes_no(text, weak_yes=False)
        else:
            # Only an opening oui / non: "je suis à mi-temps" is no answer about tenure.
            tenured = _leading_yes_no(norm)
    return TenureParse(tenured, full_time, fwb_network)


# --- assets --------------------------------------------------------------------------------

_ASSET_PATTERNS = {
    # Whole phrases before single words, so that a negation before the phrase is seen.
    "adult_training": _words(
        r"format(?:ion|eur|rice)s?\s+(?:d'\s*|des\s+|pour\s+|aux\s+)adultes?",
        r"enseignement\s+(?:pour|aux|des)\s+adultes?", r"adultes?", r"promotion\s+sociale", r"andragog\w*",
    ),
    "project_management": _words(
        r"(?:gestion(?:naire)?|chef(?:fe)?|coordinat(?:ion|eur|rice)|coordonn\w*|management|manag(?:er|euse)|"
        r"pilot\w*|conduite|responsable|direction|porteu(?:r|se)|men(?:e|er|ee|es)|gere|gerer|gerees?)"
        r"\s+(?:de\s+|des\s+|du\s+|d'\s*)?(?:(?:un|une|mon|mes|nos|plusieurs|gros|grands?|petits?|nombreux)\s+)?"
        r"projets?",
        r"project\s+manag\w*", r"gestion\s+projets?",
    ),
    "tech_innovation": _words(
        r"innov\w*", r"nouvelles?\s+technologies?", r"technologies?\s+(?:nouvelles?|emergentes?|innovantes?)",
        r"technologiques?", r"veille\s+techno\w*",
    ),
    "digital_integration": _words(
        r"integration\s+du\s+numerique", r"(?:outils?|referente?s?)\s+numeriques?", r"numeriques?",
        r"tice?s?", r"plate[\s-]?formes?", r"e[\s-]?learning", r"digital\w*", r"moodle", r"teams",
        r"classroom", r"tbi",
    ),
}
# "sauf le numérique": the asset is left out; "rien de tout ça": the whole list is.
_ASSET_NEGATED = _negation_window(_NEGATORS + ("sauf", "excepte", "hormis", "rien"))
_ALL_FOUR = _words(r"(?:tou(?:te)?s\s+)?les\s+(?:quatre|4)", r"tout\s+(?:ca|cela)", r"l'\s*ensemble")
# Plain "tous" also occurs in "tous les jours": trusted only when no asset is named.
_ALL = _words(r"tou(?:te)?s")
_NO_ASSET = _words(r"aucune?s?", r"rien", r"jamais", r"pas\s+du\s+tout", r"negatif", r"ni\s+l'\s*une?\s+ni")


def parse_assets(text: str) -> list[str] | None:
    """Asset keys mentioned, [] for a negative answer, None when neither can be read."""
    if not isinstance(text, str):
        return None
    if _payload(text) is False:
        return []
    norm = normalise(text)
    if not norm:
        return None
    hits = {key: _hits(_ASSET_PATTERNS[key], norm, _ASSET_NEGATED) for key in ASSET_KEYS}
    found = [key for key in ASSET_KEYS if hits[key][0]]
    all_but_excluded = [key for key in ASSET_KEYS if hits[key][0] or not hits[key][1]]
    all_four = _hits(_ALL_FOUR, norm, _ASSET_NEGATED)[0]
    if found and not all_four:
        return found
    if all_four:  # "les quatre sauf le numérique"
        return all_but_excluded
    if _UNSURE.search(norm):  # before the negatives: "aucune idée"
        return None
    if _LEADING_NO.match(norm) or _NO_ASSET.search(norm):
        return []
    every, every_negated = _hits(_ALL, norm, _ASSET_NEGATED)
    if every:  # "tous sauf la formation d'adultes"
        return all_but_excluded
    if every_negated:  # "pas tous": some, but which?
        return None
    return [] if parse_yes_no(text) is False else None


# --- charge-de-mission status -----------------------------------------------------------------

_NO_POST = _words(r"(?:par\s+)?defaut\s+d'\s*emplois?", r"dpde")
_AVAILABILITY = _words(r"disponibilites?", r"dispo")
_ACTIVE = _words(r"(?:en\s+)?activite(?:\s+de\s+service)?", r"en\s+service", r"en\s+fonction",
                 r"je\s+travaille", r"j'?\s*enseigne", r"je\s+donne\s+cours")


def parse_service_status(text: str) -> bool | None:
    """Is the candidate "en activité de service ou en disponibilité par défaut d'emploi"?

    True or False when the answer names a status; None when it names none (then a plain
    yes/no applies) or only says what it is not ("je ne suis pas en disponibilité").
    Any other disponibilité (convenance personnelle, maladie...) does not qualify.
    """
    norm = normalise(text)
    if not norm:
        return None
    no_post, no_post_negated = _hits(_NO_POST, norm)
    if no_post:
        return True
    active, active_negated = _hits(_ACTIVE, norm)
    available, _ = _hits(_AVAILABILITY, norm)
    if available and not no_post_negated:
        return False
    if active:
        return True
    if active_negated or no_post_negated:
        return False
    return None


def mentions_service_status(text: str) -> bool:
    """Whether the answer talks about a status at all (then yes/no words are not the answer)."""
    norm = normalise(text)
    return any(p.search(norm) for p in (_NO_POST, _AVAILABILITY, _ACTIVE))


# --- vehicle and language --------------------------------------------------------------------

_VEHICLE = _words(r"voitures?", r"vehicules?", r"autos?", r"automobiles?", r"bagnoles?", r"caisses?")


def parse_vehicle_mention(text: str) -> bool | None:
    """True/False when the text says it has / has no car ("mais pas de voiture"), None when silent."""
    plain, negated = _hits(_VEHICLE, normalise(text))
    if plain:
        return True
    return False if negated else None


_FRENCH = _words(r"francais", r"fr")
_OTHER_LANGUAGE = _words(
    r"neerlandais", r"flamand", r"anglais", r"english", r"allemand", r"espagnol", r"italien", r"portugais",
    r"arabe", r"roumain", r"polonais", r"turc", r"russe", r"ukrainien", r"grec", r"chinois", r"lingala",
    r"autre\s+langue", r"langue\s+etrangere",
)


def parse_diploma_language(text: str) -> bool | None:
    """True when the diploma was obtained in French, False in another language, None when unsure."""
    norm = normalise(text)
    if _UNSURE.search(norm):
        return None
    french, not_french = _hits(_FRENCH, norm, _NEGATED_OR_NON)
    other, _ = _hits(_OTHER_LANGUAGE, norm)
    if other or not_french:
        return False
    if french:
        return True
    return parse_yes_no(text)
