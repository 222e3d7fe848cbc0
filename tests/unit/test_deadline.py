"""The call is open until the end of the deadline day, Brussels time."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.domain.deadline import deadline_status

DEADLINE = date(2021, 6, 7)


@pytest.mark.parametrize(
    "moment, is_open, days_left",
    [
        ((2021, 5, 18, 9, 0), True, 20),
        ((2021, 6, 6, 12, 0), True, 1),
        ((2021, 6, 7, 0, 0), True, 0),
        ((2021, 6, 7, 23, 59), True, 0),
        ((2021, 6, 8, 0, 0), False, 0),
        ((2026, 11, 28, 12, 0), False, 0),
    ],
)
def test_status_around_the_deadline(brussels, moment, is_open, days_left):
    status = deadline_status(DEADLINE, True, "Europe/Brussels", brussels(*moment))
    assert (status.is_open, status.days_left) == (is_open, days_left)


def test_the_day_is_read_in_brussels_not_utc():
    # 22:30 UTC on 7 June is already 8 June in Brussels (UTC+2 in summer).
    late_utc = datetime(2021, 6, 7, 22, 30, tzinfo=timezone.utc)
    assert not deadline_status(DEADLINE, True, "Europe/Brussels", late_utc).is_open
    # 21:30 UTC is 23:30 in Brussels: still the last day.
    assert deadline_status(DEADLINE, True, "Europe/Brussels", late_utc.replace(hour=21)).is_open


def test_an_exclusive_deadline_closes_the_day_before(brussels):
    status = deadline_status(DEADLINE, False, "Europe/Brussels", brussels(2021, 6, 7, 10, 0))
    assert not status.is_open


def test_sentences_before_on_and_after(brussels):
    def describe(*m):
        return deadline_status(DEADLINE, True, "Europe/Brussels", brussels(*m)).describe()

    assert describe(2021, 6, 1, 10, 0) == (
        "Les candidatures sont ouvertes jusqu'au lundi 7 juin 2021 inclus : il vous reste 6 jours."
    )
    assert "il vous reste 1 jour." in describe(2021, 6, 6, 10, 0)
    assert describe(2021, 6, 7, 18, 0).startswith("C'est aujourd'hui, lundi 7 juin 2021, le dernier jour")
    assert describe(2021, 6, 8, 8, 0).startswith(
        "L'appel est clôturé : les candidatures étaient possibles jusqu'au lundi 7 juin 2021 inclus."
    )


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        deadline_status(DEADLINE, True, "Europe/Brussels", datetime(2021, 6, 1))


def test_the_last_day_names_no_hour_the_circular_does_not_give(brussels):
    # The circular says "07/06/2021 inclus": a day, no hour (issue #12).
    text = deadline_status(DEADLINE, True, "Europe/Brussels", brussels(2021, 6, 7, 18, 0)).describe()
    assert "minuit" not in text and "heure de Bruxelles" not in text
    assert "sans préciser d'heure" in text


def test_before_publication_the_call_is_not_open_yet(brussels):
    opens = date(2021, 5, 18)
    before = deadline_status(DEADLINE, True, "Europe/Brussels", brussels(2021, 5, 17, 10, 0), opens_on=opens)
    assert not before.is_open
    assert before.describe().startswith("Les candidatures ne sont pas encore ouvertes")
    assert "18 mai 2021" in before.describe() and "7 juin 2021" in before.describe()
    on_the_day = deadline_status(DEADLINE, True, "Europe/Brussels", brussels(2021, 5, 18, 8, 0), opens_on=opens)
    assert on_the_day.is_open and on_the_day.opens_on is None
