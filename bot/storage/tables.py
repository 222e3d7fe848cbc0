"""Tables of the offer data.

An offer has a header (one row in `offers`) and facts grouped by topic
(`offer_facts`); each fact remembers the section of the circular it comes from.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

# declarative_base() works on SQLAlchemy 1.4 (the Rasa server) and 2.x (the app).
Base: Any = declarative_base()


class Offer(Base):
    __tablename__ = "offers"

    id = Column(String(100), primary_key=True)
    reference = Column(String(200), nullable=False)
    circular_number = Column(Integer, nullable=False)
    title = Column(Text, nullable=False)
    published_on = Column(Date, nullable=False)
    valid_from = Column(Date, nullable=False)
    valid_until = Column(Date, nullable=False)
    is_default = Column(Boolean, nullable=False, default=False)
    header = Column(JSON, nullable=False)
    source_file = Column(Text, nullable=False)
    fingerprint = Column(String(64), nullable=False)

    facts = relationship("OfferFact", cascade="all, delete-orphan", back_populates="offer")


class OfferFact(Base):
    __tablename__ = "offer_facts"
    __table_args__ = (UniqueConstraint("offer_id", "topic", "key"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    offer_id = Column(String(100), ForeignKey("offers.id", ondelete="CASCADE"), nullable=False, index=True)
    topic = Column(String(50), nullable=False)
    key = Column(String(100), nullable=False)
    value = Column(JSON, nullable=False)
    section = Column(Text, nullable=False)

    offer = relationship("Offer", back_populates="facts")


class Ticket(Base):
    """A candidate's question forwarded to the referent."""

    __tablename__ = "referent_tickets"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(20), nullable=False, unique=True)
    offer_id = Column(String(100), nullable=False, index=True)
    question = Column(Text, nullable=False)
    email = Column(String(254), nullable=True, index=True)
    conversation_id = Column(String(255), nullable=False)
    reason = Column(String(30), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)
    status = Column(String(10), nullable=False, default="new", index=True)
    answer = Column(Text, nullable=True)
    answered_at = Column(DateTime(timezone=True), nullable=True)


class UnansweredMessage(Base):
    """A message the bot could not answer, for the referents' report."""

    __tablename__ = "unanswered_messages"

    id = Column(Integer, primary_key=True, autoincrement=True)
    offer_id = Column(String(100), nullable=False, index=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    text = Column(Text, nullable=False)
    intent = Column(String(100), nullable=True)
    confidence = Column(Float, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, index=True)
