"""Forwarding a candidate's question to the referent named in the offer."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.answers.replies import DataUnavailable, OfferReader
from bot.mail.mailer import kept_tickets_email, new_ticket_email
from bot.mail.outbox import queue_email
from bot.referents.spool import Spool
from bot.referents.submission import record_unanswered, submit_ticket
from bot.referents.tickets import NewTicket, SubmitResult
from bot.settings import Settings
from bot.storage.offer_loading import offer_from_files

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Forwarder:
    reader: OfferReader
    settings: Settings

    def notice(self) -> str:
        """Information at collection (GDPR art. 13), read from the offer and settings."""
        contact = self.reader.contact_details()
        institution = self.reader.offer().header["institution"]
        return (
            f"Je peux transmettre votre question à {contact['name']}, {contact['role']}, la personne de "
            "contact que la circulaire indique pour la fonction ; si une réponse vous est donnée, elle vous "
            "sera envoyée par e-mail. Ce que vous m'écrivez pour cela (votre question et votre adresse "
            "e-mail) sert uniquement à traiter votre question, dans le cadre de la mission de service "
            f"public de recrutement de {institution}. Ces données sont conservées "
            f"{self.settings.retention_days} jours au plus ; pour les faire effacer plus tôt, écrivez à "
            f"{contact['email']} en citant la référence que je vous donnerai. "
            "Vous pouvez dire « annuler » à tout moment."
        )

    def forward(self, question: str, email: str, conversation_id: str, reason: str, now: datetime) -> SubmitResult:
        """Queue the question (database or spool) and the referent's notification (email outbox).

        Nothing here talks to an SMTP server: the worker (bot.cli.worker) sends the email.
        """
        offer_id, offer_reference = self._offer_ids()
        ticket = NewTicket(
            offer_id=offer_id,
            question=question,
            email=email,
            conversation_id=conversation_id,
            reason=reason,
            created_at=now,
        )
        result = submit_ticket(self.reader.session_factory, Spool(self.settings.spool_dir), ticket)
        if result.stored_in == "database":
            if not result.repeated:
                self._notify(
                    *new_ticket_email(result.reference, question, email, offer_reference),
                    now=now,
                    reference=result.reference,
                )
            if result.drained:
                # Questions kept during an outage reach the database now: one email lists them.
                self._notify(*kept_tickets_email(result.drained, offer_reference), now=now)
        return result

    def _notify(self, subject: str, body: str, now: datetime, reference: str | None = None) -> None:
        try:
            to = self.settings.referent_email or self.reader.contact_email()
        except DataUnavailable:
            log.warning("referent not notified: %s", subject)
            return
        queue_email(self.reader.session_factory, self.settings, to, subject, body, now, reference)

    def log_unanswered(
        self, conversation_id: str, text: str, intent: str | None, confidence: float | None, now: datetime
    ) -> bool:
        offer_id, _ = self._offer_ids()
        return record_unanswered(self.reader.session_factory, offer_id, conversation_id, text, intent, confidence, now)

    def _offer_ids(self) -> tuple[str, str]:
        try:
            offer = self.reader.offer()
            return offer.offer_id, offer.reference
        except DataUnavailable:
            # The question must still be kept: name the offer from the data files.
            chosen = offer_from_files(self.settings.offers_dir, self.reader.offer_id)
            return chosen.offer_id, chosen.header["reference"]
