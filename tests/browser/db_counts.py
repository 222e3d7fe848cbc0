"""What the referents' dashboard should show, read straight from DATABASE_URL with plain SQL
(JSON on stdout), for the browser tests to compare with the page."""

from __future__ import annotations

import json
import os

from sqlalchemy import create_engine, text

from referent_web.formatting import TOPIC_LABELS, VERDICT_LABELS


def main() -> None:
    engine = create_engine(os.environ["DATABASE_URL"], future=True)
    with engine.connect() as connection:
        topics = connection.execute(text("SELECT topic, SUM(count) FROM topic_counts GROUP BY topic")).all()
        verdicts = connection.execute(text("SELECT verdict, SUM(count) FROM verdict_counts GROUP BY verdict")).all()
        statuses = connection.execute(text("SELECT status, COUNT(*) FROM referent_tickets GROUP BY status")).all()
    print(
        json.dumps(
            {
                "topics": {TOPIC_LABELS.get(topic, topic): int(count) for topic, count in topics},
                "verdicts": {VERDICT_LABELS.get(verdict, verdict): int(count) for verdict, count in verdicts},
                "statuses": {status: int(count) for status, count in statuses},
            }
        )
    )


if __name__ == "__main__":
    main()
