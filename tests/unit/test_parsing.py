"""Free answers to the eligibility questionnaire are read, or reported as unreadable."""

from __future__ import annotations

import dataclasses
import random
import time

import pytest

from bot.parsing import (
    ASSET_KEYS,
    ExperienceParse,
    TenureParse,
    normalise,
    parse_assets,
    parse_diploma,
    parse_diploma_level,
    parse_diploma_origin,
    parse_experience_months,
    parse_tenure,
    parse_yes_no,
)

ALL_ASSETS = list(ASSET_KEYS)
LONG_TEXT = ("Bonjour, je vous écris au sujet de l'offre. " * 300)[:10_000]

# Inputs no parser may choke on.
HOSTILE_INPUTS = [
    "",
    " ",
    "   \t\n  ",
    "\u00a0\u2003",
    LONG_TEXT,
    "a" * 10_000,
    "9" * 10_000,
    "9" * 10_000 + " ans",
    "<b>3 ans</b>",
    "<script>alert('x')</script>",
    "<<<<<<" * 2000,
    "&lt;b&gt;oui&lt;/b&gt;",
    "😀",
    "😀🎓👍",
    "???",
    "!!!",
    "\x00\x01\x02",
    "\ufeff",
    "🇧🇪",
    "̀́̂",
    "1/0",
    "0/0",
    "-",
    "+/-",
    "- -3",
    "1e999 ans",
    "½ an",
    "٣ ans",
    "３ ans",
    "ﬁn",
    "İstanbul",
    "ß",
    "'",
    "’’’",
    "/",
    "/affirm{\"x\": 1}",
    "/deny",
    "/",
    "/unknown",
    "oui" * 3000,
    "non " * 2500,
    "2" + ",5" * 3000,
    "moins " * 2000 + "3",
]


def test_normalise_strips_accents_case_tags_and_spaces():
    assert normalise("  L’ÉCOLE   <b>Supérieure</b>\n d’Œnologie ") == "l'ecole superieure d'oenologie"
    assert normalise("") == ""


# --- yes / no ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("oui", True),
        ("Oui", True),
        ("OUI !", True),
        ("ouais", True),
        ("ouiii", True),
        ("yes", True),
        ("yep", True),
        ("bien sûr", True),
        ("bien sur", True),
        ("évidemment", True),
        ("evidemment", True),
        ("tout à fait", True),
        ("tout a fait", True),
        ("effectivement", True),
        ("absolument", True),
        ("exact", True),
        ("exactement", True),
        ("c'est ça", True),
        ("c’est ca", True),
        ("affirmatif", True),
        ("j'ai", True),
        ("j’ai un master", True),
        ("jai", True),
        ("je suis", True),
        ("je suis nommée", True),
        ("oui j'ai un bachelier", True),
        ("oui, mais pas en Belgique", True),
        ("/affirm", True),
        ("non", False),
        ("Non.", False),
        ("nan", False),
        ("no", False),
        ("nooon", False),
        ("pas", False),
        ("pas vraiment", False),
        ("aucun", False),
        ("aucune", False),
        ("jamais", False),
        ("pas du tout", False),
        ("absolument pas", False),
        ("négatif", False),
        ("negatif", False),
        ("je n'ai pas", False),
        ("je n’ai pas de diplôme", False),
        ("j'ai pas", False),
        ("j'ai aucun diplôme", False),
        ("je ne suis pas nommé", False),
        ("non, je suis contractuel", False),
        ("non j'ai un master", False),
        ("/deny", False),
        ("/deny{}", False),
        ("peut-être", None),
        ("peut etre", None),
        ("je ne sais pas", None),
        ("je sais pas", None),
        ("sais pas", None),
        ("aucune idée", None),
        ("aucune idee", None),
        ("je ne suis pas sûr", None),
        ("oui et non", None),
        ("ça dépend", None),
        ("bof", None),
        ("", None),
        ("   ", None),
        ("???", None),
        ("😀", None),
        ("qu'est-ce que l'AESS ?", None),
        ("nous verrons", None),
        ("/affirmation", None),
    ],
)
def test_parse_yes_no(text, expected):
    assert parse_yes_no(text) is expected


# --- experience ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, months",
    [
        ("2 ans", 24),
        ("3 ans et demi", 42),
        ("2,5 ans", 30),
        ("2.5", 30),
        ("18 mois", 18),
        ("1 an et 11 mois", 23),
        ("1 an 11 mois", 23),
        ("1an11mois", 23),
        ("deux ans", 24),
        ("un an et demi", 18),
        ("six mois", 6),
        ("une année", 12),
        ("une annee", 12),
        ("environ 5 ans", 60),
        ("plus de 10 ans", 120),
        ("0", 0),
        ("aucune", 0),
        ("pas d'expérience", 0),
        ("pas d’experience", 0),
        ("jamais", 0),
        ("aucune expérience", 0),
        ("zéro", 0),
        ("zero", 0),
        ("non", 0),
        ("je n'ai pas encore d'expérience", 0),
        ("j'enseigne depuis 4 ans", 48),
        ("j’enseigne depuis 4", 48),
        ("5", 60),
        ("3 et demi", 42),
        ("<b>3 ans</b>", 36),
        ("  3   ANS  ", 36),
        ("3ans", 36),
        ("dix-huit mois", 18),
        ("dix huit mois", 18),
        ("vingt et un ans", 252),
        ("trente ans", 360),
        ("quarante ans", 480),
        ("vingt-deux mois", 22),
        ("douze ans", 144),
        ("quinze mois", 15),
        ("seize ans", 192),
        ("deux ans et six mois", 30),
        ("au moins 3 ans", 36),
        ("plus ou moins 3 ans", 36),
        ("+/- 3 ans", 36),
        ("+10 ans", 120),
        ("2 ou 3 ans", 24),
        ("2-3 ans", 24),
        ("entre 2 et 3 ans", 24),
        ("2 ans ou 3 ans", 24),
        ("2 ans en France et 3 ans en Belgique", 60),
        ("une demi-année", 6),
        ("3 ans ½", 42),
        ("3 ans 1/2", 42),
        ("6 mois et demi", 6),
        ("60 ans", 720),
        ("8 semaines", 1),
        ("2,3 ans", 27),
        ("pas d'expérience en Belgique mais 6 mois de stage", 6),
        ("à peu près 3", 36),
        ("environ deux", 24),
        ("5 ou plus", 60),
        ("10 ans environ", 120),
        ("2 ans 6 mois", 30),
        ("quarante-deux ans", 504),
    ],
)
def test_parse_experience_months(text, months):
    assert parse_experience_months(text) == ExperienceParse(months, None)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("-3", "negative"),
        ("-3 ans", "negative"),
        ("moins 3 ans", "negative"),
        ("moins trois ans", "negative"),
        ("−2 ans", "negative"),
        ("j'ai -1 an", "negative"),
        ("61 ans", "too_large"),
        ("100 ans", "too_large"),
        ("1000 mois", "too_large"),
        ("soixante-dix ans", "too_large"),
        ("9" * 400 + " ans", "too_large"),
        ("moins de 2 ans", "unclear"),
        ("moins d'un an", "unclear"),
        ("presque 3 ans", "unclear"),
        ("beaucoup", "unclear"),
        ("pas mal", "unclear"),
        ("longtemps", "unclear"),
        ("azerty", "unclear"),
        ("", "unclear"),
        ("   ", "unclear"),
        ("😀", "unclear"),
        ("aucune idée", "unclear"),
        ("je ne sais pas", "unclear"),
        ("quelques années", "unclear"),
        ("depuis 2015", "unclear"),
        ("dans 3 écoles", "unclear"),
        ("80 %", "unclear"),
        ("j'en ai un peu", "unclear"),
        ("3 4", "unclear"),
        ("un peu", "unclear"),
        ("3a", "unclear"),
        ("quatre-vingts ans", "too_large"),
    ],
)
def test_parse_experience_problems(text, problem):
    assert parse_experience_months(text) == ExperienceParse(None, problem)


def test_experience_parse_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_experience_months("2 ans").months = 3


# --- diploma level -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, level",
    [
        ("doctorat", "doctorat"),
        ("Docteur en physique", "doctorat"),
        ("PhD", "doctorat"),
        ("Ph.D.", "doctorat"),
        ("bac+8", "doctorat"),
        ("master", "master"),
        ("Master's degree", "master"),
        ("licence en histoire", "master"),
        ("licencié en philologie romane", "master"),
        ("licenciée", "master"),
        ("ingénieur civil", "master"),
        ("ingénieure industrielle", "master"),
        ("AESS", "master"),
        ("agrégé de l'enseignement secondaire supérieur", "master"),
        ("agrégée de l’enseignement secondaire supérieur en mathématiques", "master"),
        ("master en sciences de l'éducation", "master"),
        ("bac+5", "master"),
        ("bac+4", "master"),
        ("bac + 5", "master"),
        ("bachelier puis master", "master"),
        ("un bachelier et un master", "master"),
        ("enseignement supérieur de type long", "master"),
        ("bachelier", "bachelier"),
        ("bachelière en communication", "bachelier"),
        ("bachelor", "bachelier"),
        ("graduat en informatique", "bachelier"),
        ("gradué", "bachelier"),
        ("graduée", "bachelier"),
        ("régendat", "bachelier"),
        ("régent en français", "bachelier"),
        ("régente", "bachelier"),
        ("AESI", "bachelier"),
        ("agrégé de l'enseignement secondaire inférieur", "bachelier"),
        ("instituteur primaire", "bachelier"),
        ("institutrice maternelle", "bachelier"),
        ("bachelier instituteur primaire", "bachelier"),
        ("enseignement supérieur de type court", "bachelier"),
        ("brevet d'enseignement supérieur", "bachelier"),
        ("BES", "bachelier"),
        ("bac+3", "bachelier"),
        ("bac + 3", "bachelier"),
        ("bac+2", "bachelier"),
        ("je n'ai pas de master mais un bachelier", "bachelier"),
        ("BTS", "bachelier"),
        ("CESS", "cess"),
        ("cess", "cess"),
        ("C.E.S.S.", "cess"),
        ("humanités", "cess"),
        ("humanites générales", "cess"),
        ("secondaire supérieur", "cess"),
        ("diplôme du secondaire", "cess"),
        ("le bac en France", "cess"),
        ("bac pro", "cess"),
        ("bac + 1", "cess"),
        ("bac+0", "cess"),
        ("bac en informatique", "bachelier"),
        ("un bac d'institutrice", "bachelier"),
        # Two levels possible: no level, parse_diploma asks (issue #12).
        ("bac", None),
        ("baccalauréat", None),
        ("études supérieures", None),
        ("aucun", "none"),
        ("aucun diplôme", "none"),
        ("pas de diplôme", "none"),
        ("rien", "none"),
        ("non", "none"),
        ("je n'en ai pas", "none"),
        ("un diplôme d'ostéopathe", None),
        ("CAP", None),
        ("bof", None),
        ("", None),
        ("   ", None),
        ("😀", None),
        ("pas de master", None),
        ("je ne sais pas", None),
        ("aucune idée", None),
        ("j'ai cessé mes études", None),
        ("institut Saint-Louis", None),
        ("masterclass de piano", None),
    ],
)
def test_parse_diploma_level(text, level):
    assert parse_diploma_level(text) == level


# --- diploma origin ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, origin",
    [
        ("France", "abroad"),
        ("en france", "abroad"),
        ("au Maroc", "abroad"),
        ("Tunisie", "abroad"),
        ("Algérie", "abroad"),
        ("Congo", "abroad"),
        ("RDC", "abroad"),
        ("Roumanie", "abroad"),
        ("Espagne", "abroad"),
        ("Italie", "abroad"),
        ("Portugal", "abroad"),
        ("Pays-Bas", "abroad"),
        ("pays bas", "abroad"),
        ("Allemagne", "abroad"),
        ("Suisse", "abroad"),
        ("Canada", "abroad"),
        ("Québec", "abroad"),
        ("Luxembourg", "abroad"),
        ("Sénégal", "abroad"),
        ("Cameroun", "abroad"),
        ("hors Belgique", "abroad"),
        ("à l'étranger", "abroad"),
        ("a l’etranger", "abroad"),
        ("étranger", "abroad"),
        ("diplôme marocain", "abroad"),
        ("un diplôme français", "abroad"),
        ("pas en Belgique", "abroad"),
        ("bachelier à Liège puis master en France", "abroad"),
        ("université de Kinshasa", "abroad"),
        ("Belgique", "belgium"),
        ("belge", "belgium"),
        ("Bruxelles", "belgium"),
        ("Wallonie", "belgium"),
        ("Liège", "belgium"),
        ("Namur", "belgium"),
        ("Mons", "belgium"),
        ("Charleroi", "belgium"),
        ("FWB", "belgium"),
        ("Fédération Wallonie-Bruxelles", "belgium"),
        ("Communauté française", "belgium"),
        ("UCLouvain", "belgium"),
        ("ULB", "belgium"),
        ("ULiège", "belgium"),
        ("haute école", "belgium"),
        ("Haute École Léonard de Vinci", "belgium"),
        ("pas à l'étranger", "belgium"),
        ("province de Luxembourg", "belgium"),
        ("master en espagnol à l'ULB", "belgium"),
        ("", None),
        ("   ", None),
        ("oui", None),
        ("non", None),
        ("à l'université", None),
        ("😀", None),
        ("master en français", None),
        ("je ne sais pas", None),
    ],
)
def test_parse_diploma_origin(text, origin):
    assert parse_diploma_origin(text) == origin


# --- tenure --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("je suis nommée à titre définitif à mi-temps", (True, False, None)),
        ("nommé à temps plein dans une école de la FWB", (True, True, True)),
        ("définitive, temps plein, école subventionnée", (True, True, True)),
        ("je suis temporaire", (False, None, None)),
        ("contractuel", (False, None, None)),
        ("intérimaire", (False, None, None)),
        ("pas nommé", (False, None, None)),
        ("CDD", (False, None, None)),
        ("non nommée", (False, None, None)),
        ("pas encore nommée", (False, None, None)),
        ("temporaire prioritaire", (False, None, None)),
        ("mi-temps", (None, False, None)),
        ("mi temps", (None, False, None)),
        ("temps partiel", (None, False, None)),
        ("4/5", (None, False, None)),
        ("à 80 %", (None, False, None)),
        ("80%", (None, False, None)),
        ("12/22", (None, False, None)),
        ("pas à temps plein", (None, False, None)),
        ("temps plein", (None, True, None)),
        ("temps complet", (None, True, None)),
        ("100 %", (None, True, None)),
        ("22/22", (None, True, None)),
        ("nommée depuis le 01/09/2020", (True, None, None)),
        ("organisé par la FWB", (None, None, True)),
        ("subventionné", (None, None, True)),
        ("WBE", (None, None, True)),
        ("réseau officiel", (None, None, True)),
        ("libre subventionné", (None, None, True)),
        ("communal", (None, None, True)),
        ("école provinciale", (None, None, True)),
        ("enseignement de la Fédération", (None, None, True)),
        ("en France", (None, None, False)),
        ("privé non subventionné", (None, None, False)),
        ("école privée", (None, None, False)),
        ("pas dans une école FWB", (None, None, False)),
        ("nommé à titre définitif en France", (True, None, False)),
        ("nommée à mi-temps et temporaire sur l'autre mi-temps", (True, False, None)),
        ("temps plein mais nommée à mi-temps", (True, False, None)),
        ("oui", (True, None, None)),
        ("non", (False, None, None)),
        ("/affirm", (True, None, None)),
        ("/deny", (False, None, None)),
        ("oui, à mi-temps", (True, False, None)),
        ("tout à fait", (True, None, None)),
        ("je suis stagiaire", (None, None, None)),
        ("je suis dans le libre", (None, None, True)),
        ("nommé en Flandre", (True, None, False)),
        ("non, temps plein", (False, True, None)),
        ("je suis à mi-temps", (None, False, None)),
        ("", (None, None, None)),
        ("   ", (None, None, None)),
        ("bof", (None, None, None)),
        ("😀", (None, None, None)),
        ("je ne sais pas", (None, None, None)),
    ],
)
def test_parse_tenure(text, expected):
    assert parse_tenure(text) == TenureParse(*expected)


# --- assets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("formation d'adultes", ["adult_training"]),
        ("formatrice d’adultes", ["adult_training"]),
        ("formateur d'adultes", ["adult_training"]),
        ("promotion sociale", ["adult_training"]),
        ("andragogie", ["adult_training"]),
        ("gestion de projet", ["project_management"]),
        ("gestion de projets", ["project_management"]),
        ("chef de projet", ["project_management"]),
        ("cheffe de projet", ["project_management"]),
        ("coordination de projets", ["project_management"]),
        ("innovations technologiques", ["tech_innovation"]),
        ("innovation technologique", ["tech_innovation"]),
        ("nouvelles technologies", ["tech_innovation"]),
        ("innovation", ["tech_innovation"]),
        ("intégration du numérique", ["digital_integration"]),
        ("numérique", ["digital_integration"]),
        ("TICE", ["digital_integration"]),
        ("outils numériques", ["digital_integration"]),
        ("plateforme", ["digital_integration"]),
        ("e-learning", ["digital_integration"]),
        ("référente numérique", ["digital_integration"]),
        ("numérique et gestion de projet", ["project_management", "digital_integration"]),
        (
            "j'ai été formateur d'adultes en promotion sociale, chef de projet et référent numérique",
            ["adult_training", "project_management", "digital_integration"],
        ),
        ("les quatre", ALL_ASSETS),
        ("tous", ALL_ASSETS),
        ("toutes", ALL_ASSETS),
        ("les 4", ALL_ASSETS),
        ("oui, tous les quatre", ALL_ASSETS),
        ("tout ça", ALL_ASSETS),
        ("non", []),
        ("Non merci", []),
        ("aucun", []),
        ("aucune", []),
        ("rien de tout ça", []),
        ("rien de tout cela", []),
        ("rien", []),
        ("pas du tout", []),
        ("/deny", []),
        ("je n'en ai pas", []),
        ("pas de gestion de projet", []),
        ("aucun des quatre", []),
        ("ni l'un ni l'autre", []),
        ("tous sauf la formation d'adultes", ["project_management", "tech_innovation", "digital_integration"]),
        ("les quatre sauf le numérique", ["adult_training", "project_management", "tech_innovation"]),
        ("les 4, surtout le numérique", ALL_ASSETS),
        ("tous les jours j'utilise le numérique", ["digital_integration"]),
        ("pas de formation d'adultes mais du numérique", ["digital_integration"]),
        # Work described with none of the domains named: none of them.
        ("j'ai travaillé 6 ans comme institutrice", []),
        ("10 ans comme prof de mécanique", []),
        ("cinq ans d'enseignement en secondaire", []),
        ("j'enseigne l'histoire", []),
        ("un an seulement, j'ai commencé l'an passé", []),
        ("comme prof de français ça compte ?", None),
        ("oui", None),
        ("/affirm", None),
        ("bof", None),
        ("", None),
        ("   ", None),
        ("😀", None),
        ("je ne sais pas", None),
        ("aucune idée", None),
        ("pas tous", None),
        ("azerty", None),
    ],
)
def test_parse_assets(text, expected):
    assert parse_assets(text) == expected


# --- robustness ----------------------------------------------------------------------------

PARSERS = [parse_yes_no, parse_experience_months, parse_diploma_level, parse_diploma_origin, parse_tenure, parse_assets]


def check_result(parser, result):
    if parser is parse_yes_no:
        assert result in (True, False, None)
    elif parser is parse_experience_months:
        assert isinstance(result, ExperienceParse)
        assert (result.months is None) != (result.problem is None)
        assert result.problem in (None, "negative", "too_large", "unclear")
        assert result.months is None or 0 <= result.months <= 720
    elif parser is parse_diploma_level:
        assert result in (None, "none", "cess", "bachelier", "master", "doctorat")
    elif parser is parse_diploma_origin:
        assert result in (None, "abroad", "belgium")
    elif parser is parse_tenure:
        assert isinstance(result, TenureParse)
        assert all(value in (True, False, None) for value in dataclasses.astuple(result))
    else:
        assert result is None or (isinstance(result, list) and set(result) <= set(ASSET_KEYS))


@pytest.mark.parametrize("parser", PARSERS, ids=lambda parser: parser.__name__)
@pytest.mark.parametrize("text", HOSTILE_INPUTS, ids=range(len(HOSTILE_INPUTS)))
def test_never_raises_and_returns_a_valid_value(parser, text):
    started = time.perf_counter()
    check_result(parser, parser(text))
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("parser", PARSERS, ids=lambda parser: parser.__name__)
def test_never_raises_on_random_text(parser):
    rng = random.Random(8118)
    alphabet = "abcdeéèêàçnoiustmp0123456789 ,.'’-+/%<>&;?!😀\u0301\u00a0"
    words = [
        "non",
        "oui",
        "pas",
        "moins",
        "de",
        "ans",
        "mois",
        "et",
        "demi",
        "un",
        "vingt",
        "bac",
        "+",
        "master",
        "nommé",
        "temps",
        "plein",
        "mi-temps",
        "FWB",
        "France",
        "aucun",
        "tous",
        "-",
        "3",
    ]
    for _ in range(300):
        if rng.random() < 0.5:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        check_result(parser, parser(text))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("<b>3 ans</b>", ExperienceParse(36, None)),
        (LONG_TEXT, ExperienceParse(None, "unclear")),
    ],
)
def test_experience_edge_inputs(text, expected):
    assert parse_experience_months(text) == expected


def test_edge_inputs_read_as_unclear():
    for text in ("", "   ", "😀", LONG_TEXT):
        assert parse_yes_no(text) is None
        assert parse_diploma_level(text) is None
        assert parse_diploma_origin(text) is None
        assert parse_tenure(text) == TenureParse(None, None, None)
        assert parse_assets(text) is None
    assert parse_yes_no("<b>oui</b>") is True
    assert parse_diploma_level("<i>master</i>") == "master"


@pytest.mark.parametrize(
    "text, unsure",
    [
        ("je ne sais pas", True),
        ("aucune idée", True),
        ("un autre diplôme", True),
        ("un diplôme d'ostéopathe", True),
        ("je suis diplômée", True),
        ("chais pas trop", True),
        ("un bachelier", False),
        ("master en sciences", False),
        ("autrement dit un master", False),
        ("le CESS", False),
    ],
)
def test_a_diploma_the_candidate_cannot_name_goes_to_the_referent(text, unsure):
    # Was a substring test in the form ("autre" matched "autrement"); now in the parser, normalised.
    assert parse_diploma(text).unsure is unsure
