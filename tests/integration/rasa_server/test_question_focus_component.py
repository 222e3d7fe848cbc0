"""The NLU pipeline steps of rasa_server.question_focus, on Rasa's own Message objects."""

from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_server.question_focus import HumanRequest, QuestionFocus


def process(text, intent="ask_salary"):
    message = Message(data={TEXT: text})
    QuestionFocus().process([message])
    message.set(INTENT, {"name": intent, "confidence": 0.9}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.9}], add_to_output=True)
    HumanRequest().process([message])
    return message


def test_an_email_is_classified_on_its_question():
    message = process("Bonjour,\n\nJe suis institutrice depuis dix ans. Quel est le salaire ?\n\nMerci, Anne")
    assert message.get(TEXT) == "Quel est le salaire ?"
    assert message.get(INTENT)["name"] == "ask_salary"


def test_a_request_for_a_person_wins_and_keeps_the_question_ranked():
    message = process("Quel est le salaire ? Je voudrais parler à quelqu'un.")
    assert message.get(INTENT) == {"name": "request_human", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["request_human", "ask_salary"]


def test_short_messages_and_bad_text_are_left_alone():
    assert process("quel est le salaire ?").get(TEXT) == "quel est le salaire ?"
    empty = Message(data={TEXT: ""})
    assert QuestionFocus().process([empty])[0].get(TEXT) == ""
    assert QuestionFocus().process_training_data("unchanged") == "unchanged"


def test_a_follow_up_question_read_as_small_talk_goes_to_the_search():
    from rasa_server.question_focus import FollowUpQuestion, QuestionFocus

    for text, intent, expected in [
        ("et au plus tard ?", "goodbye", "nlu_fallback"),
        ("et si je ne le suis pas ?", "deny", "nlu_fallback"),
        ("à plus tard !", "goodbye", "goodbye"),
        ("et merci pour tout", "thank", "thank"),
        ("et le salaire ?", "ask_salary", "ask_salary"),
        # A fact of this job named alone is not small talk either.
        ("Qui peut me renseigner sur la fonction ?", "help", "nlu_fallback"),
        ("Que savez-vous faire ?", "help", "help"),
        # A long question in an e-mail is no small talk; one about the assistant is.
        (
            "Bonjour, je me demandais à partir de quand les lauréats entreront en fonction ? Merci",
            "help",
            "nlu_fallback",
        ),
        ("Bonjour, quelles questions est-ce que je peux vous poser sur cette offre ? Merci", "help", "help"),
        ("Mon voisin fait trop de bruit le soir, je fais quoi ?", "help", "help"),
        ("Suis-je en train de parler à un humain ou à une machine ?", "bot_challenge", "bot_challenge"),
        # "rappeler" as remind, not call back.
        ("Pourriez-vous me rappeler la date limite ?", "request_human", "nlu_fallback"),
        ("Pourriez-vous me rappeler demain ?", "request_human", "request_human"),
    ]:
        message = Message(data={TEXT: text})
        QuestionFocus().process([message])
        message.set(INTENT, {"name": intent, "confidence": 0.9}, add_to_output=True)
        FollowUpQuestion().process([message])
        assert message.get(INTENT)["name"] == expected, text


def test_an_e_mail_describing_the_candidate_gets_the_rules_it_meets():
    from rasa_server.question_focus import FULL_TEXT, DescribedSituation

    for whole, expected in [
        (
            "Bonjour, je suis nommée à titre définitif à mi-temps. Puis-je postuler en charge de mission ? Merci",
            "inform",
        ),
        ("Bonjour, une question. Est-ce que je peux postuler ? Merci", "check_eligibility"),
    ]:
        message = Message(data={TEXT: "Puis-je postuler ?"})
        message.set(FULL_TEXT, whole, add_to_output=True)
        message.set(INTENT, {"name": "check_eligibility", "confidence": 0.9}, add_to_output=True)
        DescribedSituation().process([message])
        assert message.get(INTENT)["name"] == expected, whole
    # A short message is left to the self-check.
    short = Message(data={TEXT: "je suis nommée, je peux postuler ?"})
    short.set(INTENT, {"name": "check_eligibility", "confidence": 0.9}, add_to_output=True)
    DescribedSituation().process([short])
    assert short.get(INTENT)["name"] == "check_eligibility"


def test_an_e_mail_asking_a_fact_read_as_eligibility_goes_to_the_search():
    from rasa_server.question_focus import DescribedSituation, QuestionFocus

    for whole, expected in [
        (
            "Hello ! C'est jusqu'à quand qu'on peut rentrer sa candidature ? Une collègue m'a transféré l'appel, "
            "je suis prof de néerlandais à Tournai depuis 5 ans et je pense que ça pourrait me plaire. Merci !",
            "nlu_fallback",
        ),
        (
            "Bonjour, je suis prof de néerlandais à Tournai depuis 5 ans, nommée à temps plein dans une école "
            "de la Fédération. Est-ce que je peux postuler en charge de mission ? Merci pour votre réponse.",
            "inform",
        ),
    ]:
        message = Message(data={TEXT: whole})
        QuestionFocus().process([message])
        message.set(INTENT, {"name": "check_eligibility", "confidence": 0.5}, add_to_output=True)
        DescribedSituation().process([message])
        assert message.get(INTENT)["name"] == expected, whole
