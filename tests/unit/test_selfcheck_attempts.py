"""Unreadable answers in a row to one self-check question (bot.selfcheck.attempts)."""

from __future__ import annotations

from bot.selfcheck.attempts import unreadable_answers

QUESTIONS = ("sc_diploma_level", "sc_diploma_abroad", "sc_diploma_in_french")


def user(text, intent="inform", confidence=0.9):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": confidence}}}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def side_question(parse):
    return parse["intent"]["name"].startswith("ask_")


def asked_twice_then(*answers):
    """The diploma answered, then the abroad question asked and answered in words not read."""
    events = [user("je peux postuler ?"), {"event": "active_loop", "name": "eligibility_form"}]
    events += [slot("requested_slot", "sc_diploma_level"), user("master"), slot("sc_diploma_level", "master")]
    events += [slot("requested_slot", "sc_diploma_abroad")]
    for text, intent in answers:
        # Each answer is first stored raw in the asked slot, then set back to None.
        events += [user(text, intent), slot("sc_diploma_abroad", text), slot("sc_diploma_abroad", None)]
        events += [slot("requested_slot", "sc_diploma_abroad")]
    return events


def test_each_unread_answer_to_the_question_counts():
    events = asked_twice_then(("hmm", "inform"), ("quoi", "help"), ("bah", "inform"))
    assert unreadable_answers(events, "sc_diploma_abroad", QUESTIONS, side_question) == 3


def test_questions_about_the_offer_in_between_do_not_count():
    events = asked_twice_then(("hmm", "inform"), ("quel est le salaire ?", "ask_salary"))
    assert unreadable_answers(events, "sc_diploma_abroad", QUESTIONS, side_question) == 1


def test_the_count_starts_again_with_each_question():
    events = asked_twice_then(("hmm", "inform"), ("non", "deny"))
    events += [slot("sc_diploma_abroad", False), slot("requested_slot", "sc_diploma_in_french"), user("euh")]
    assert unreadable_answers(events, "sc_diploma_in_french", QUESTIONS, side_question) == 1
    # Right after the self-check starts, the first question has one answer.
    start = [user("je peux postuler ?"), {"event": "active_loop", "name": "eligibility_form"}, user("bof")]
    assert unreadable_answers(start, "sc_diploma_level", QUESTIONS, side_question) == 1
