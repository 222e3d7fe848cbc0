"""A trained bot answers in French over REST, with facts from the database."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_bonjour_gets_a_french_greeting(say):
    reply = say("e2e-greet", "bonjour")
    assert reply.startswith("Bonjour") and "assistant automatique" in reply


def test_salary_question_gets_the_figures(say):
    reply = say("e2e-salary", "quel est le salaire pour ce poste ?")
    assert "28\u00a0374,60 €" in reply and "43\u00a0644,46 €" in reply
    follow_up = say("e2e-salary", "et pour la charge de mission ?")
    assert "86,76 € brut" in follow_up


def test_deadline_uses_the_servers_clock(say):
    assert "il vous reste 6 jours" in say("e2e-deadline", "jusqu'à quand peut-on postuler ?")
