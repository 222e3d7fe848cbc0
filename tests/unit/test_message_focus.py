"""Reading a message as the question it contains (bot.understanding.message_focus)."""

from __future__ import annotations

import pytest

from bot.understanding.message_focus import focus_message, is_question

EMAIL = (
    "Bonjour Madame, Monsieur,\n\nJe suis instituteur depuis douze ans à Namur et je m'occupe du "
    "numérique dans mon école. Votre offre m'intéresse vivement. Quel est le salaire prévu pour ce "
    "poste ?\n\nBien à vous,\nMarc"
)


@pytest.mark.parametrize(
    "text, focused",
    [
        (EMAIL, "Quel est le salaire prévu pour ce poste ?"),
        ("bonjour, quel est le salaire ?", "quel est le salaire ?"),
        ("Bonjour ! je peux postuler ?", "je peux postuler ?"),
        ("Bonjour madame, combien de postes ?", "combien de postes ?"),
        ("bonjour quel est l'horaire de travail", "quel est l'horaire de travail"),
        ("bonjour", "bonjour"),
        ("salut ça va", "salut ça va"),
        ("Merci beaucoup !", "Merci beaucoup !"),
        ("quel est le salaire ?", "quel est le salaire ?"),
        ("Bonjour,\nJe suis prof depuis un an seulement.\nMerci", "Je suis prof depuis un an seulement."),
        (
            "Bonjour, j'aimerais savoir quand a lieu l'entretien. Merci d'avance !",
            "j'aimerais savoir quand a lieu l'entretien.",
        ),
        # A request worded as an order or a wish is the question; "merci de..." does not close then.
        (
            "Bonjour. J'ai lu l'annonce avec intérêt. Je suis éducatrice. Merci de m'indiquer la procédure "
            "pour envoyer mon dossier. Cordialement.",
            "Merci de m'indiquer la procédure pour envoyer mon dossier.",
        ),
        (
            "Bonjour, j'ai une question. Je souhaiterais obtenir des informations sur le télétravail. Merci",
            "Je souhaiterais obtenir des informations sur le télétravail.",
        ),
        # A question that asks nothing yet gives way to the one that follows.
        (
            "Bonjour Madame, je suis institutrice depuis 8 ans. Pourriez-vous m'aider ? Je voudrais connaître "
            "le montant du traitement. Bien à vous, Julie",
            "Je voudrais connaître le montant du traitement.",
        ),
        ("Bonjour, je suis institutrice. Pouvez-vous m'aider ? Merci", "Pouvez-vous m'aider ?"),
        ("Merci de votre réponse.", "Merci de votre réponse."),
        # A short lead-in before a request; not a clause that starts with "où".
        (
            "Bonjour, je suis institutrice. Avant de me lancer, j'aimerais savoir ce que représente la "
            "rémunération pour ce poste de conseillère techno-pédagogique. Merci, Aurélie",
            "Avant de me lancer, j'aimerais savoir ce que représente la rémunération pour ce poste.",
        ),
        (
            "Bonjour, je travaille dans une asbl et je reviens vers l'enseignement, où j'ai travaillé cinq ans. "
            "Quels sont les avantages liés à ce poste ? Nadia",
            "Quels sont les avantages liés à ce poste ?",
        ),
        ("c'est quoi un conseiller techno-pédagogique ?", "c'est quoi un conseiller techno-pédagogique ?"),
        # A short question about "that" takes the sentence it points back to.
        (
            "Bonjour, je suis régente. Je n'ai pas de voiture, je me déplace en train. Est-ce que c'est un "
            "problème pour ce poste ? Merci, Laura",
            "Je n'ai pas de voiture, je me déplace en train. Est-ce que c'est un problème pour ce poste ?",
        ),
        ("Bonjour, je suis prof depuis 6 ans. Quel est le salaire ? Merci", "Quel est le salaire ?"),
        # An announcement of questions before the colon is not what is asked.
        (
            "Bonjour, des questions pratiques, je suis éducatrice : les titres-repas sont de combien ? Merci",
            "les titres-repas sont de combien ?",
        ),
    ],
)
def test_the_question_is_what_the_classifier_reads(text, focused):
    assert focus_message(text).text == focused


@pytest.mark.parametrize(
    "text, wants_human, questions",
    [
        ("Quel est le salaire ? Je voudrais en parler à quelqu'un.", True, ("Quel est le salaire ?",)),
        ("je voudrais parler à quelqu'un", True, ()),
        # Typed without the apostrophe, as on a phone keyboard.
        ("quel est le salaire ? je voudrais parler a quelqu un", True, ("quel est le salaire ?",)),
        ("je peux parler a quelquun ?", True, ()),
        (
            "Est-ce que le télétravail est possible ? Pouvez-vous transmettre ma question à la référente ?",
            True,
            ("Est-ce que le télétravail est possible ?",),
        ),
        (
            "Quel est le salaire ? Et le télétravail, c'est possible ?",
            False,
            ("Quel est le salaire ?", "Et le télétravail, c'est possible ?"),
        ),
        ("quel est le salaire ?", False, ("quel est le salaire ?",)),
    ],
)
def test_a_request_for_a_person_and_every_question_are_kept(text, wants_human, questions):
    focused = focus_message(text)
    assert focused.wants_human is wants_human
    assert focused.questions == questions


@pytest.mark.parametrize("bad", [None, 3, "", "   ", "\n\n"])
def test_bad_input_never_raises(bad):
    assert isinstance(focus_message(bad).text, str)


@pytest.mark.parametrize(
    "text, question",
    [
        # An indirect question, ending with a full stop, anywhere in a sentence.
        (
            "Bonjour,\n\nInstitutrice depuis 6 ans, nous venons d'acheter une maison. Avant d'aller plus loin, "
            "je me demandais ce que ce poste rapporte en brut annuel.\n\nMerci,\nCéline",
            "Avant d'aller plus loin, je me demandais ce que ce poste rapporte en brut annuel.",
        ),
        (
            "Bonjour,\nJe prépare l'écrit et je voudrais savoir quelles connaissances sont attendues. "
            "J'enseigne les sciences depuis sept ans à Gembloux.\nMerci",
            "Je prépare l'écrit et je voudrais savoir quelles connaissances sont attendues.",
        ),
        (
            "Madame, Monsieur,\n\nTitulaire d'un AESI obtenu en 2009, j'enseigne depuis lors au premier degré. "
            "Je voudrais simplement être sûr que mon diplôme correspond au diplôme demandé.\n\nCordialement",
            "Je voudrais simplement être sûr que mon diplôme correspond au diplôme demandé.",
        ),
        # An announcement that names its subject keeps it.
        (
            "Bonjour,\n\nJ'ai une question sur l'examen écrit : où et comment se passe-t-il ? "
            "Je suis régente depuis quatre ans.\nMerci",
            "J'ai une question sur l'examen écrit : où et comment se passe-t-il ?",
        ),
        # A short question on "it" is read with the sentence naming it.
        (
            "Bonjour,\n\nJe suis nommé à temps plein et je souhaite postuler en charge de mission. "
            "J'ai lu qu'il fallait le mentionner, mais où exactement ?\n\nMerci",
            "Je suis nommé à temps plein et je souhaite postuler en charge de mission. "
            "J'ai lu qu'il fallait le mentionner, mais où exactement ?",
        ),
        (
            "Bonjour,\nDans les avantages je vois des titres-repas. Pourriez-vous me rappeler leur montant ? "
            "Je suis éducatrice à Mons.\nMerci !",
            "Dans les avantages je vois des titres-repas. Pourriez-vous me rappeler leur montant ?",
        ),
    ],
)
def test_the_question_of_a_long_message_is_found(text, question):
    assert focus_message(text).text == question


@pytest.mark.parametrize(
    "text, question",
    [
        # "Est-ce que X est possible ?" names its subject: read alone.
        (
            "Bonjour,\nJe perds assez de temps dans les bouchons. Est-ce que le télétravail est possible dès le "
            "début ?\nMerci",
            "Est-ce que le télétravail est possible dès le début ?",
        ),
        (
            "Bonjour,\nJ'enseigne depuis quinze ans. Est-ce qu'il est encore possible d'envoyer ma candidature ?\nMerci",
            "Est-ce qu'il est encore possible d'envoyer ma candidature ?",
        ),
        # "elle" is named in the sentence before.
        (
            "Bonjour,\nL'assurance hospitalisation m'intéresse. Est-ce qu'elle couvre aussi les enfants ?\nMerci",
            "L'assurance hospitalisation m'intéresse. Est-ce qu'elle couvre aussi les enfants ?",
        ),
    ],
)
def test_a_question_points_back_only_when_it_lacks_its_subject(text, question):
    assert focus_message(text).text == question


def test_to_be_reminded_of_a_fact_is_not_to_be_called_back():
    from bot.understanding.message_focus import asks_for_a_reminder

    assert asks_for_a_reminder("Pourriez-vous me rappeler la date limite ?")
    assert asks_for_a_reminder("rappelez-moi le montant des titres-repas")
    assert not asks_for_a_reminder("Pourriez-vous me rappeler demain ?")
    assert not asks_for_a_reminder("je voudrais être rappelée par la référente")


def test_a_long_sentence_without_commas_is_read_at_once():
    # The lead-in pattern once backtracked exponentially on such a sentence and blocked the action server.
    sentence = " ".join(["je travaille dans une ecole depuis longtemps et"] * 60) + " voila."
    assert not is_question(sentence)
    assert focus_message(sentence + " Quel est le salaire ?").text == "Quel est le salaire ?"
