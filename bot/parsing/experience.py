"""Durations of professional experience ("3 ans et demi", "environ 18 mois"), in months."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bot.parsing.text import UNSURE, normalise, words

# Above this, the answer is a typo or a joke rather than a career.
MAX_EXPERIENCE_MONTHS = 60 * 12


@dataclass(frozen=True)
class ExperienceParse:
    months: int | None
    problem: str | None  # None, "negative", "too_large" or "unclear"


_NUMBER_WORDS = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "troix": 3,
    "quatre": 4,
    "quatres": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    # "une dizaine d'années": about ten, enough to place it against a minimum of years.
    "dizaine": 10,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    # Belgian and Swiss French.
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
}
_TENS = {20, 30, 40, 50, 60, 70, 80, 90}
_UNIT_MONTHS = {
    "an": 12,
    "ans": 12,
    "annee": 12,
    "annees": 12,
    "anne": 12,
    "annes": 12,
    "anee": 12,
    "anees": 12,
    "mois": 1,
    "semaine": 12 / 52,
    "semaines": 12 / 52,
    "jour": 12 / 365,
    "jours": 12 / 365,
}
_HALF_WORDS = {"demi", "demie"}
_RANGE_WORDS = {"ou", "a", "-", "voire", "/"}
# Words around a bare number that leave it meaning years: "environ 5", "plus de 10", "5 ou plus".
_BARE_BEFORE = {
    "environ",
    "approximativement",
    "approx",
    "plus",
    "de",
    "d",
    "bien",
    "au",
    "moins",
    "ou",
    "pres",
    "mettons",
    "disons",
    "+",
}
_BARE_AFTER = {"environ", "approximativement", "approx", "plus", "minimum", "min", "ou", "+"}
_NOT_MINUS = {"au", "du", "le", "pas", "ou"}  # "au moins 3 ans", "plus ou moins 3 ans"
_UPPER_BOUND_ONLY = {"presque", "quasi", "quasiment"}
_HALF = re.compile(r"(?<![\d/])1\s*/\s*2(?![\d/])")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|[-+/%]")
_ZERO = words(
    r"aucune?s?",
    r"jamais",
    r"zero",
    r"rien",
    r"neant",
    r"nulle?",
    r"sans\s+experience",
    r"pas\s+(?:encore\s+)?(?:d'\s*|de\s+)(?:vraie\s+)?experiences?",
    r"pas\s+encore",
    r"n'?\s*en\s+ai\s+pas",
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
        if match.group() == "-" and norm[match.end() : match.end() + 1].isdigit():
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
        following = items[i + 1]
        if (
            item == "-"
            and not isinstance(previous, _Num)
            and previous not in ("+", "/")
            and ((isinstance(following, _Num) and following.minus_attached) or i == 0)
        ):
            return True
        if item == "moins" and previous not in _NOT_MINUS:
            return True
    return False


def _is_upper_bound_only(items: list[object]) -> bool:
    """ "moins de 2 ans", "presque 3 ans": no lower bound, so no usable figure."""
    for i, item in enumerate(items):
        if item in _UPPER_BOUND_ONLY:
            return True
        if (
            item == "moins"
            and i + 1 < len(items)
            and items[i + 1] in ("de", "d")
            and (i == 0 or items[i - 1] not in _NOT_MINUS)
        ):
            return True
    return False


def _durations(items: list[object]) -> float | None:
    """Total of the durations in months; a range counts for its lower bound."""

    def word(k: int) -> object:
        return items[k] if 0 <= k < len(items) and not isinstance(items[k], _Num) else None

    def unit(k: int) -> float | None:
        found = word(k)
        return _UNIT_MONTHS.get(found) if isinstance(found, str) else None

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
        if word(j) in _HALF_WORDS and (next_unit := unit(j + 1)):  # "une demi-année"
            months, j = value * next_unit / 2, j + 2
        elif this_unit := unit(j):
            months, j = value * this_unit, j + 1
            if word(j) == "et" and word(j + 1) in _HALF_WORDS:
                months, j = months + this_unit / 2, j + 2
            elif word(j) in _HALF_WORDS:
                months, j = months + this_unit / 2, j + 1
        elif (
            (word(j) in _RANGE_WORDS or (between and word(j) == "et")) and number(j + 1) and (range_unit := unit(j + 2))
        ):
            # "2 ou 3 ans", "2-3 ans", "entre 2 et 3 ans": lower bound.
            months, j = value * range_unit, j + 3
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
    # "une dizaine d'années" -> "une dizaine années"
    norm = re.sub(r"(?<=aine) d'\s*(?=an)", " ", norm)
    items = _experience_items(norm)
    if not items:
        return unclear
    if _is_negative(items):
        return ExperienceParse(None, "negative")
    if _is_upper_bound_only(items):
        return unclear
    months = _durations(items)
    if months is None:
        if UNSURE.search(norm):  # before _ZERO: "aucune idée"
            return unclear
        return ExperienceParse(0, None) if _ZERO.search(norm) else unclear
    if not math.isfinite(months) or months > MAX_EXPERIENCE_MONTHS:
        return ExperienceParse(None, "too_large")
    # Completed months: the eligibility rule counts whole months, and 2.3 * 12 is 27.599...
    return ExperienceParse(int(months + 1e-9), None)
