"""Tables of the offer data.

An offer has a header (one row in `offers`) and facts grouped by topic
(`offer_facts`); each fact remembers the section of the circular it comes from.
"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


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
