"""Scripted self-check conversations over REST reach the right verdict."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def converse(say, sender, turns):
    replies = []
    for message, expected in turns:
        reply = say(sender, message)
        assert expected in reply, f"after {message!r} expected {expected!r}, got:\n{reply}"
        replies.append(reply)
    return replies[-1]


def test_an_eligible_teacher(say):
    verdict = converse(
        say,
        "e2e-eligible",
        [
            ("est-ce que je peux postuler ?", "Quel est votre diplôme le plus élevé"),
            ("j'ai un bachelier instituteur primaire", "hors de Belgique"),
            ("non", "en français"),
            ("oui", "années d'expérience"),
            ("3 ans et demi", "permis B"),
            ("oui j'ai le permis et une voiture", "nommé·e à titre définitif"),
            ("non", "Dernière question"),
            ("de la gestion de projet", "vous semblez remplir les conditions"),
        ],
    )
    assert "sous contrat" in verdict and "gestion de projet" in verdict and "indicatif" in verdict


def test_an_ineligible_profile_with_an_interruption(say):
    verdict = converse(
        say,
        "e2e-ineligible",
        [
            ("je voudrais vérifier si je peux postuler", "Quel est votre diplôme le plus élevé"),
            ("CESS", "années d'expérience"),
            ("quel est le salaire ?", "28\u00a0374,60 €"),
            ("1 an", "permis B"),
            ("non", "véhicule personnel"),
            ("non", "nommé·e à titre définitif"),
            ("non", "Dernière question"),
            ("aucun", "ne semblez pas remplir"),
        ],
    )
    assert "Diplôme : il faut au moins" in verdict and "Permis B" in verdict


def test_stop_cancels_the_self_check(say):
    converse(
        say,
        "e2e-stop",
        [
            ("suis-je éligible ?", "Quel est votre diplôme le plus élevé"),
            ("stop", "j'arrête la vérification"),
        ],
    )
    assert "il vous reste" in say("e2e-stop", "quelle est la date limite ?")
