"""Email through SMTP settings from the environment; nothing is sent when unset."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from bot.settings import Settings

log = logging.getLogger(__name__)


class MailError(Exception):
    """Sending failed. `permanent`: the server refused the message itself (5xx), retrying is useless."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


def tls_context(settings: Settings) -> ssl.SSLContext:
    """Certificate and host name verified, system CAs plus SMTP_CA_FILE if given."""
    context = ssl.create_default_context()
    if settings.smtp_ca_file:
        context.load_verify_locations(cafile=str(settings.smtp_ca_file))
    return context


def build_message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.smtp_sender, to, subject
    message.set_content(body)
    return message


def deliver(settings: Settings, message: EmailMessage) -> None:
    """Send one message now; raises MailError. Used by the outbox worker (bot.mail.outbox)."""
    if not settings.smtp_host:
        raise MailError("SMTP_HOST unset")
    try:
        smtp: smtplib.SMTP
        if settings.smtp_tls == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout, context=tls_context(settings)
            )
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
        with smtp:
            if settings.smtp_tls == "starttls":
                # Refuses to go on in clear text: smtplib raises if the server does not offer STARTTLS.
                smtp.starttls(context=tls_context(settings))
            if settings.smtp_user:
                if settings.smtp_tls == "none":
                    raise MailError(
                        "SMTP_USER is set but SMTP_TLS=none: the password would travel in clear", permanent=True
                    )
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise MailError(f"recipient refused: {codes}", permanent=all(code >= 500 for code in codes)) from error
    except smtplib.SMTPResponseException as error:
        raise MailError(
            f"SMTP {error.smtp_code}: {error.smtp_error!r}", permanent=error.smtp_code >= 500 and error.smtp_code != 530
        ) from error
    except (OSError, smtplib.SMTPException) as error:
        # Connection refused or lost, timeout, TLS or certificate failure: worth retrying.
        raise MailError(f"{error.__class__.__name__}: {error}") from error


def send_email(settings: Settings, to: str, subject: str, body: str) -> bool:
    """Send one plain-text email now; False (and a log line) when SMTP is off or fails.

    Conversations never call this: they queue their emails in the outbox (bot.mail.outbox).
    """
    if not settings.smtp_host:
        log.info("SMTP_HOST unset: email to %s not sent", to)
        return False
    try:
        deliver(settings, build_message(settings, to, subject, body))
        return True
    except MailError as error:
        log.error("email to %s failed: %s", to, error)
        return False


def new_ticket_email(reference: str, question: str, email: str | None, offer_reference: str) -> tuple[str, str]:
    subject = f"[{offer_reference}] Nouvelle question de candidat {reference}"
    body = (
        f"Une question a été transmise par l'assistant candidats ({offer_reference}).\n\n"
        f"Référence : {reference}\nAdresse de réponse : {email or '(aucune)'}\n\n"
        f"Question :\n{question}\n\n"
        "Pour répondre : dans la page des référents (Questions), ou sur le serveur avec\n"
        f"python -m bot referent answer {reference} --text \"...\"\n"
    )
    return subject, body


def kept_tickets_email(tickets, offer_reference: str) -> tuple[str, str]:
    """One email for the questions kept during a database outage and now in the inbox."""
    subject = f"[{offer_reference}] {len(tickets)} question(s) de candidats reçue(s) pendant une panne"
    body = (
        f"Ces questions ont été posées à l'assistant candidats ({offer_reference}) pendant que la base de "
        "données était indisponible. Elles sont maintenant dans la liste des questions "
        "(python -m bot referent list).\n"
    )
    for ticket in tickets:
        body += (
            f"\nRéférence : {ticket.reference}\nAdresse de réponse : {ticket.email or '(aucune)'}\n"
            f"Question :\n{ticket.question}\n"
        )
    return subject, body


def answer_email(
    reference: str,
    question: str,
    answer: str,
    offer_reference: str,
    retention_days: int,
    contact_email: str,
    institution: str,
) -> tuple[str, str]:
    subject = f"Réponse à votre question {reference} ({offer_reference})"
    body = (
        f"Madame, Monsieur,\n\nVous avez posé la question suivante à l'assistant candidats "
        f"de {institution} :\n\n{question}\n\nRéponse de la référente :\n\n{answer}\n\n"
        f"Votre question et votre adresse sont conservées {retention_days} jours au plus. "
        f"Pour les faire effacer plus tôt, écrivez à {contact_email} en citant la référence {reference}.\n"
    )
    return subject, body


def forwarded_ticket_email(
    reference: str, offer_reference: str, forwarded_by: str, note: str, link: str
) -> tuple[str, str]:
    """To a colleague or service asked to answer: the note and a link, not the candidate's address."""
    subject = f"[{offer_reference}] Question de candidat {reference} transmise par {forwarded_by}"
    body = (
        f"{forwarded_by} vous transmet la question {reference} posée à l'assistant candidats "
        f"({offer_reference}) et vous demande d'y répondre.\n\n"
        + (f"Note :\n{note}\n\n" if note else "")
        + f"La question et le formulaire de réponse : {link}\n"
        "(connexion requise ; si vous n'avez pas encore de compte, demandez-le à la référente).\n"
        "Le candidat recevra une seule réponse : celle qui est envoyée en premier.\n"
    )
    return subject, body
