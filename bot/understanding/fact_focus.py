"""Which single fact a question asks about, when it names one.

"Combien de jours de congé ?" is a benefits question, but the candidate wants
the leave rule, not the nine benefits. The focus picks a composer of that fact
(bot.answers.composers.FOCUSED); without one, the topic's whole answer is given.
"""

from __future__ import annotations

import re

from bot.parsing import normalise, parse_diploma_origin

_CAR = r"(?:voitures?|vehicules?|autos?|automobiles?|essence|carburants?|kilometr\w*|km)"
_COST = r"(?:rembours\w*|frais|defray\w*|indemni\w*|paye\w*|pris\s+en\s+charge|intervention|prime)"

# Checked in this order; the first that matches wins.
FOCUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # A disability and the arrangements it needs, at the interview or anywhere ("je suis malentendante").
    (
        "accommodation",
        re.compile(
            r"(?<![a-z])(?:amenagements?|handicap\w*|malentend\w*|malvoyan\w*|sourde?s?|aveugles?|pmr|"
            r"fauteuil\s+roulant|dyslex\w*|mobilite\s+reduite)(?![a-z])"
        ),
    ),
    # "pécule de vacances" is holiday pay, a benefit, not leave.
    (
        "leave",
        re.compile(
            r"(?<![a-z])(?:conges?|(?<!pecule de )vacances?|jours?\s+(?:de\s+)?(?:repos|off)|recup\w*)"
            r"(?![a-z])"
        ),
    ),
    (
        "car_costs",
        re.compile(
            rf"(?<![a-z])(?:{_COST}(?:\s+\S+){{0,4}}\s+(?:[ld]')?{_CAR}|{_CAR}(?:\s+\S+){{0,4}}\s+(?:[ld]')?{_COST}|"
            r"frais\s+de\s+(?:deplacements?|route|trajets?|transport))(?![a-z])"
        ),
    ),
    ("publication", re.compile(r"(?<![a-z])(?:publie\w*|publication|parue?s?|mise?\s+en\s+ligne|sortie?)(?![a-z])")),
    ("duration", re.compile(r"(?<![a-z])(?:duree|combien\s+de\s+temps|renouvel\w*|dure(?:ra)?)(?![a-z])")),
    # The monthly allowance of a charge de mission.
    (
        "allocation",
        re.compile(
            r"(?<![a-z])(?:allocation|indemnite\s+mensuelle|prime\s+mensuelle|avantages?\s+financiers?|"
            r"en\s+plus\s+du\s+(?:traitement|salaire))(?![a-z])"
        ),
    ),
    # The language of the diploma ("mon diplôme est en néerlandais", "faut-il un test linguistique ?").
    (
        "language",
        re.compile(
            r"(?<![a-z])(?:(?:en|langue)\s+(?:neerlandais|flamand|anglais|allemand|espagnol|italien|portugais|arabe|"
            r"roumain|polonais|turc|russe|grec|chinois)|autre\s+langue|test\s+linguistique|"
            r"connaissance\s+(?:du|de\s+la\s+langue)\s+francais\w*|langue\s+du\s+diplome)(?![a-z])"
        ),
    ),
    # Pay asked beside experience or a diploma ("10 ans d'expérience, je serai mieux payé ?").
    # The net pay ("combien en net par mois ?"), which the circular does not give.
    ("net", re.compile(r"(?<![a-z])(?:nets?|nettes?|en\s+poche)(?![a-z])")),
    # "... ou est-ce que mes années seront reprises ?", "au minimum du barème" (seniority in the pay).
    (
        "pay",
        re.compile(
            r"(?<![a-z])(?:paye\w*|remuner\w*|valoris\w*|bareme|(?:seront|sera|serait|seraient|etre)\s+"
            r"(?:reprises?|comptees?|prises?\s+en\s+compte)|reprise\s+(?:de\s+(?:l'\s*|mon\s+|mes\s+)?)?anciennete|"
            r"anciennete\W+(?:\w+\W+){0,2}(?:compt|repris)\w*)(?![a-z])"
        ),
    ),
    # Who to ask, whatever the topic ("qui peut me renseigner sur la fonction ?").
    (
        "contact",
        re.compile(
            r"(?<![a-z])(?:qui\s+(?:peut|pourrait|pourra)\s+me\s+renseigner|(?:a|aupres\s+de)\s+qui\s+"
            r"(?:m'?\s*adresser|poser|demander|ecrire)|qui\s+contacter|personne\s+de\s+contact)(?![a-z])"
        ),
    ),
    # How many posts ("cb de postes dispo ?", "combien en engagez-vous ?"), not how many
    # candidates are invited to a step.
    (
        "posts",
        re.compile(
            r"(?<![a-z])(?:(?:combien|cb|cmb|nombre)\s+(?:de\s+|d'\s*)?(?:postes?|places?|recrutements?|engagements?)"
            r"|combien\s+(?:en\s+)?(?:recrutez|engagez|cherchez|prenez))(?![a-z])"
        ),
    ),
    # Where the work is ("c'est où le boulot ?", "lieu de travail").
    (
        "place",
        re.compile(
            r"(?<![a-z])(?:(?:c'?\s*est|ce|cest|se\s+situe|se\s+trouve|travaill\w*|bosse\w*|boulot|bureau|poste)\s+ou|"
            r"ou\s+(?:le|la|l'|se\s+fait\s+le)\s*(?:boulot|travail|job|poste|bureau)|"
            r"ou\s+(?:est|sera|se\s+situe|se\s+trouve|travaill\w*|bosse\w*)|lieu\s+de\s+travail|localisation|"
            r"residence\s+administrative|(?:on\s+est|suis|serai|serais|sera|serait|seront|sommes|etre)\s+basee?s?|"
            r"basee?s?\s+ou|se\s+fait\s+ou|(?:dans\s+un|au|a\s+un)\s+bureau|present\w*\s+(?:\w+\s+){0,4}(?:bureau|bruxelles))(?![a-z])"
        ),
    ),
    # The service the post belongs to ("dans quel service vais-je travailler ?").
    (
        "service",
        re.compile(
            r"(?<![a-z])(?:(?:quel|quelle|dans\s+quel|dans\s+quelle)\s+(?:service|cellule|direction|departement)|"
            r"rattache\w*|cellule\s+de\s+soutien)(?![a-z])"
        ),
    ),
)


def detect_foci(text: str | None) -> tuple[str, ...]:
    """Every fact a message names, in FOCUS_PATTERNS order ("quelle durée et quelle allocation ?": two),
    then "abroad" when the message places the candidate's diploma outside Belgium ("diplômée à Madrid")."""
    norm = normalise(text or "")
    foci = tuple(name for name, pattern in FOCUS_PATTERNS if pattern.search(norm))
    return foci + ("abroad",) if norm and parse_diploma_origin(norm) == "abroad" else foci


def detect_focus(text: str | None) -> str | None:
    """The first focus named in a candidate's message, or None."""
    foci = detect_foci(text)
    return foci[0] if foci else None


# Facts whose words belong to this job alone; "en néerlandais" or "la durée" are said of anything.
FACTS_NAMED_ALONE = ("place", "posts", "contact", "service")
# "C'est où ?" alone could be anything ("c'est où la gare ?"): the place of the work only with a work word.
_WORK_WORD = re.compile(r"(?<![a-z])(?:travail\w*|boulot|poste|bureau|job|bosse\w*|fonction)(?![a-z])")


def job_fact_named(text: str | None) -> str | None:
    """The one fact of this job a message names with no topic word ("où travaille-t-on ?",
    "qui peut me renseigner sur la fonction ?"), or None."""
    foci = detect_foci(text)
    if len(foci) != 1 or foci[0] not in FACTS_NAMED_ALONE:
        return None
    if foci[0] == "place" and not _WORK_WORD.search(normalise(text or "")):
        return None
    return foci[0]
