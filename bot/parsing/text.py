"""Text helpers shared by the parsers: normalisation, whole-word patterns, negation.

Answers are informal French, often typed without accents. Every parser works on
`normalise(text)` and never raises on a str: an answer it cannot read gives
None (or an "unclear" problem) so the bot asks again instead of guessing.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<[^<>]*>")
_CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u2032": "'",
        "\u2212": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2044": "/",
        "\u00b1": "+/-",
        "\u0153": "oe",
        "\u0152": "oe",
        "\u00e6": "ae",
        "\u00c6": "ae",
    }
)


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


def words(*patterns: str) -> re.Pattern[str]:
    """Alternatives that must stand as whole words (lookarounds, since some end with ' or %)."""
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")


FILLERS = r"(?:de|du|des|un|une|encore|le|la|les|en|dans|au|a|mon|ma|son|sa|ecoles?|reseau|enseignement)"
NEGATORS = ("pas", "aucun", "aucune", "sans", "ni", "hors", "jamais")


def negation_window(negators: tuple[str, ...]) -> re.Pattern[str]:
    # A negator, then only small filler words, right before the match: "pas de master",
    # "pas encore nommée", "hors Belgique", "pas dans une école FWB".
    return re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(negators) + r")(?:\s+|\s*-\s*)"
        r"(?:(?:" + FILLERS + r")\s+|d'\s*|l'\s*|d'une?\s+)*$"
    )


NEGATED = negation_window(NEGATORS)
NEGATED_OR_NON = negation_window(NEGATORS + ("non",))


def hits(pattern: re.Pattern[str], text: str, negation: re.Pattern[str] = NEGATED) -> tuple[bool, bool]:
    """(found as such, found negated)."""
    plain = negated = False
    for match in pattern.finditer(text):
        # 60 characters are enough for the negator and its filler words.
        if negation.search(text[max(0, match.start() - 60) : match.start()]):
            negated = True
        else:
            plain = True
    return plain, negated


# "I don't know" and its cousins: the parsers then give None instead of guessing.
UNSURE = words(
    r"sai[st]\s+(?:pas|plus|rien)",
    r"ne\s+sai[st]",
    r"chai[st]?\s+pas",
    r"jsp",
    r"aucune?\s+idee",
    r"peut[\s-]?etre",
    r"ptet",
    r"pas\s+(?:tres\s+)?sure?s?",
    r"pas\s+(?:tres\s+)?certaine?s?",
    r"(?:ca|cela)\s+depend",
    r"depend",
    r"je\s+doute",
    r"hesite",
    r"souvien[st]\s+(?:pas|plus)",
)
