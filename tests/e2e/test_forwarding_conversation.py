"""A question forwarded over REST reaches the inbox, is answered, and the answer is emailed."""

from __future__ import annotations

import re
import subprocess
import time

import pytest

from tests.e2e.conftest import APP_PYTHON, ROOT

pytestmark = pytest.mark.e2e


def referent(env, *args):
    result = subprocess.run(
        [str(APP_PYTHON), "-m", "bot", "referent", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_forwarded_question_is_answered_by_email(say, bot_env, session_smtp_server):
    _, env = bot_env
    notice = say("e2e-forward", "je voudrais parler à quelqu'un")
    assert "180 jours" in notice and "Quelle question souhaitez-vous transmettre" in notice
    assert "adresse e-mail" in say("e2e-forward", "Mon graduat en marketing suffit-il pour ce poste ?")
    assert "ne semble pas valide" in say("e2e-forward", "marie at example")
    confirmation = say("e2e-forward", "marie.dupont@example.org")
    reference = re.search(r"Votre référence : (Q-[A-Z0-9]{8})", confirmation).group(1)

    listing = referent(env, "list", "--status", "new")
    assert reference in listing and "graduat en marketing" in listing
    # The action queued the referent's email; the worker sends it within a second or so.
    deadline = time.monotonic() + 20
    while not [m for m in session_smtp_server.messages if reference in m["Subject"]] and time.monotonic() < deadline:
        time.sleep(0.2)
    notified = [m for m in session_smtp_server.messages if reference in m["Subject"]]
    assert len(notified) == 1 and notified[0]["To"] == "Sandrine.GEUQUET@cfwb.be"

    out = referent(env, "answer", reference, "--text", "Oui, un graduat est un diplôme de type court.")
    assert "emailed to marie.dupont@example.org" in out
    answers = [m for m in session_smtp_server.messages if m["To"] == "marie.dupont@example.org"]
    assert answers and "un graduat est un diplôme de type court" in answers[0].get_content()


def test_unknown_question_offer_declined(say):
    first = say("e2e-decline", "est-ce qu'il y a une cantine sur place pour les conseillers ?")
    assert "transmette votre question" in first
    assert "Sandrine.GEUQUET@cfwb.be" in say("e2e-decline", "non")
