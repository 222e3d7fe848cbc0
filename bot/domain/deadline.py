"""Is the call still open? Dates are compared in the offer's timezone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.french import long_date


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: date
    is_open: bool
    # Whole days between today and the last day (0 on the last day).
    days_left: int
    # First day of the call, when today is before it.
    opens_on: date | None = None

    def describe(self) -> str:
        last_day = long_date(self.deadline)
        if self.opens_on is not None:
            return (
                f"Les candidatures ne sont pas encore ouvertes : l'appel est publié le {long_date(self.opens_on)}, "
                f"et vous pourrez postuler jusqu'au {last_day} inclus."
            )
        if not self.is_open:
            return (
                f"L'appel est clôturé : les candidatures étaient possibles jusqu'au {last_day} inclus. "
                "Il n'est plus possible de postuler à cette offre."
            )
        if self.days_left == 0:
            # The circular gives a day ("inclus"), no hour.
            return (
                f"C'est aujourd'hui, {last_day}, le dernier jour pour postuler : la circulaire indique "
                "« inclus », sans préciser d'heure limite."
            )
        plural = "s" if self.days_left > 1 else ""
        return (
            f"Les candidatures sont ouvertes jusqu'au {last_day} inclus : il vous reste {self.days_left} jour{plural}."
        )


def deadline_status(
    deadline: date, inclusive: bool, timezone: str, now: datetime, opens_on: date | None = None
) -> DeadlineStatus:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(ZoneInfo(timezone)).date()
    last_day = deadline if inclusive else date.fromordinal(deadline.toordinal() - 1)
    days_left = (last_day - today).days
    not_yet = opens_on if opens_on is not None and today < opens_on else None
    return DeadlineStatus(
        deadline=last_day, is_open=days_left >= 0 and not_yet is None, days_left=max(days_left, 0), opens_on=not_yet
    )
