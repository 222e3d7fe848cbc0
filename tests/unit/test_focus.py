"""Which single fact a message asks about (bot.understanding.fact_focus)."""

from __future__ import annotations

import pytest

from bot.understanding.fact_focus import detect_focus


@pytest.mark.parametrize(
    "text, focus",
    [
        ("combien de jours de congé ?", "leave"),
        ("et les vacances ?", "leave"),
        ("j'aurai droit à combien de congés par an", "leave"),
        ("les jours de récup ?", "leave"),
        ("Y a-t-il un pécule de vacances ?", None),
        ("les frais de voiture sont-ils remboursés ?", "car_costs"),
        ("est-ce qu'on est défrayé pour l'essence ?", "car_costs"),
        ("il y a une indemnité kilométrique pour la voiture ?", "car_costs"),
        ("les frais de déplacement sont pris en charge ?", "car_costs"),
        ("faut-il une voiture ?", None),
        ("quand l'offre a-t-elle été publiée ?", "publication"),
        ("l'appel est paru quand ?", "publication"),
        ("combien de temps dure la charge de mission ?", "duration"),
        ("elle est renouvelable ?", "duration"),
        ("quel est le salaire ?", None),
        ("", None),
        (None, None),
    ],
)
def test_detect_focus(text, focus):
    assert detect_focus(text) == focus


@pytest.mark.parametrize(
    "text, foci",
    [
        ("Mon diplôme est en néerlandais.", ("language",)),
        ("faut-il passer un test linguistique ?", ("language",)),
        ("bachelier en langues germaniques, ça va ?", ()),
        ("Dans quel service vais-je travailler ?", ("service",)),
        ("pour la charge de mission : quelle durée et quelle allocation ?", ("duration", "allocation")),
        ("quel est le salaire ?", ()),
    ],
)
def test_detect_foci(text, foci):
    from bot.understanding.fact_focus import detect_foci

    assert detect_foci(text) == foci


@pytest.mark.parametrize(
    "text, foci",
    [
        ("Qui peut me renseigner sur le contenu de la fonction ?", ("contact",)),
        ("cest ou le boulot concretement", ("place",)),
        ("un master ou un bachelier ?", ()),
        ("10 ans d'expérience, je serai mieux payé ?", ("pay",)),
        ("mon diplôme vient du Maroc, il faut quoi ?", ("abroad",)),
        ("je suis en Belgique depuis 4 ans", ()),
        ("cé ou le boulot exactement", ("place",)),
        ("cb de postes dispo ?", ("posts",)),
        ("Combien de postes sont ouverts ?", ("posts",)),
        ("Combien de personnes seront invitées à l'entretien ?", ()),
    ],
)
def test_detect_more_foci(text, foci):
    from bot.understanding.fact_focus import detect_foci

    assert detect_foci(text) == foci


@pytest.mark.parametrize(
    "text, fact",
    [
        ("Qui peut me renseigner sur la fonction ?", "contact"),
        ("Où travaille-t-on ?", "place"),
        ("C'est où la gare ?", None),
        ("cb de postes dispo ?", "posts"),
        ("combien de temps dure la charge de mission ?", None),
        ("Mon diplôme est en néerlandais.", None),
    ],
)
def test_a_fact_of_this_job_named_alone(text, fact):
    from bot.understanding.fact_focus import job_fact_named

    assert job_fact_named(text) == fact
