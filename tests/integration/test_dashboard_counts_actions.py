"""The actions add one to the dashboard's counts after an answer and after a verdict."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import runtime
from actions.offer_questions import ActionAnswerOfferQuestion
from actions.selfcheck_form import ActionEligibilityVerdict
from bot.storage.referent_tables import TopicCount, VerdictCount
from tests.integration.actions_support import tracker
from tests.integration.test_selfcheck_form import ELIGIBLE_ANSWERS


def _rows(table, label):
    assert runtime.flush_counts()  # written by a background thread
    with runtime.offer_reader().session_factory() as session:
        return {
            (getattr(row, label), row.week.isoformat(), row.offer_id): row.count
            for row in session.scalars(select(table))
        }


def test_an_answer_is_counted_under_its_topic_and_week(bot_db):
    for intent in ("ask_salary", "ask_salary", "ask_deadline"):
        ActionAnswerOfferQuestion().run(CollectingDispatcher(), tracker(intent=intent), {})
    # Fixed clock 2021-06-01 (a Tuesday): the week of Monday 31 May.
    assert _rows(TopicCount, "topic") == {
        ("salary", "2021-05-31", "wbe3-cm-csap-2021-014"): 2,
        ("deadline", "2021-05-31", "wbe3-cm-csap-2021-014"): 1,
    }


def test_an_unknown_question_is_not_counted(bot_db):
    ActionAnswerOfferQuestion().run(CollectingDispatcher(), tracker(intent="nlu_fallback", text="cantine ?"), {})
    assert _rows(TopicCount, "topic") == {}


def test_a_verdict_is_counted(bot_db):
    ActionEligibilityVerdict().run(CollectingDispatcher(), tracker(slots=ELIGIBLE_ANSWERS), {})
    answers = {**ELIGIBLE_ANSWERS, "sc_experience_months": 12}
    ActionEligibilityVerdict().run(CollectingDispatcher(), tracker(slots=answers), {})
    assert _rows(VerdictCount, "verdict") == {
        ("eligible", "2021-05-31", "wbe3-cm-csap-2021-014"): 1,
        ("not_eligible", "2021-05-31", "wbe3-cm-csap-2021-014"): 1,
    }
