"""Tables of the referents' web inbox: accounts, sessions, login throttling, audit log,
ticket history and the aggregate counts of the dashboard.

Registered on the same metadata as bot.storage.tables, so `create_schema` creates them too.
The count tables hold no personal data: an offer, a topic or verdict, a week, a number.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint

from bot.storage.tables import Base


class ReferentUser(Base):
    """A referent who may log in to the web inbox (created with `referent add-user`)."""

    __tablename__ = "referent_users"

    id = Column(Integer, primary_key=True, autoincrement=True)
    email = Column(String(254), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    password_hash = Column(String(255), nullable=False)
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False)


class ReferentSession(Base):
    """A logged-in browser; the cookie holds a token whose SHA-256 is the id here."""

    __tablename__ = "referent_sessions"

    id = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("referent_users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False)
    last_seen_at = Column(DateTime(timezone=True), nullable=False)
    ended_at = Column(DateTime(timezone=True), nullable=True)


class LoginThrottle(Base):
    """Failed logins in a row for one key ("account:<email>" or "ip:<address>")."""

    __tablename__ = "login_throttle"

    key = Column(String(300), primary_key=True)
    failures = Column(Integer, nullable=False, default=0)
    last_failure_at = Column(DateTime(timezone=True), nullable=True)
    blocked_until = Column(DateTime(timezone=True), nullable=True)


class AuditEntry(Base):
    """Who did what, when. Never a candidate's address or question: a ticket reference at most."""

    __tablename__ = "referent_audit"

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False, index=True)
    actor = Column(String(254), nullable=False)
    action = Column(String(30), nullable=False)
    reference = Column(String(20), nullable=True, index=True)
    detail = Column(String(300), nullable=True)


class TicketEvent(Base):
    """The history of one question: forwarded, answered, closed, reopened, marked for the bot."""

    __tablename__ = "ticket_events"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(20), nullable=False, index=True)
    at = Column(DateTime(timezone=True), nullable=False)
    actor = Column(String(254), nullable=False)
    kind = Column(String(20), nullable=False)
    recipient = Column(String(254), nullable=True)
    note = Column(Text, nullable=True)


class TopicCount(Base):
    """How many answers the bot gave on one topic of one offer in one week (Monday)."""

    __tablename__ = "topic_counts"
    __table_args__ = (UniqueConstraint("offer_id", "topic", "week"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    offer_id = Column(String(100), nullable=False)
    topic = Column(String(50), nullable=False)
    week = Column(Date, nullable=False, index=True)
    count = Column(Integer, nullable=False, default=0)


class VerdictCount(Base):
    """How many self-checks ended with one verdict, per offer and week (Monday)."""

    __tablename__ = "verdict_counts"
    __table_args__ = (UniqueConstraint("offer_id", "verdict", "week"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    offer_id = Column(String(100), nullable=False)
    verdict = Column(String(50), nullable=False)
    week = Column(Date, nullable=False, index=True)
    count = Column(Integer, nullable=False, default=0)
