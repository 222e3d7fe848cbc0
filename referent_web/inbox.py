"""The questions: the list, one question, and what a referent does with it."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from bot.mail import outbox
from bot.referents import audit, retention
from bot.referents import desk as desk
from bot.referents.accounts import list_users
from bot.referents.inbox import count_by_status, export_csv, get_ticket, list_tickets
from bot.referents.spool import Spool, drain_spool
from bot.referents.tickets import STATUSES, AlreadyAnswered, TicketNotFound, valid_email
from bot.storage.offer_queries import get_offer, get_topic
from referent_web.context import actor, db, now, services

blueprint = Blueprint("inbox", __name__)


@blueprint.route("/")
def index():
    status = request.args.get("statut", "new")
    status = status if status in STATUSES else None
    offer_id = request.args.get("offre") or None
    search = (request.args.get("recherche") or "").strip()[:200] or None
    moved = drain_spool(services().sessions, Spool(services().settings.spool_dir))
    if moved:
        flash(f"{len(moved)} question(s) reçue(s) pendant une panne de la base de données ajoutée(s).", "info")
    tickets = list_tickets(db(), status=status, offer_id=offer_id, search=search, newest_first=True)
    return render_template(
        "inbox.html",
        tickets=tickets,
        status=status or "all",
        offer_id=offer_id or "",
        search=search or "",
        holders=desk.holders(db(), [t.reference for t in tickets]),
        counts=count_by_status(db()),
        offers=_offer_ids(),
        statuses=STATUSES,
        undelivered=outbox.list_messages(db(), outbox.DEAD, limit=50),
        waiting_emails=outbox.count_by_status(db()).get(outbox.PENDING, 0),
    )


@blueprint.route("/questions/<reference>")
def show(reference: str):
    ticket = _ticket(reference)
    offer = get_offer(db(), ticket.offer_id)
    return render_template(
        "ticket.html",
        ticket=ticket,
        offer=offer,
        history=desk.history(db(), ticket.reference),
        holder=desk.holders(db(), [ticket.reference]).get(ticket.reference),
        excerpt=desk.conversation_excerpt(db(), ticket),
        forward_targets=_forward_targets(offer),
        marked=desk.is_marked_for_knowledge(db(), ticket.reference),
    )


@blueprint.route("/questions/<reference>/repondre", methods=["POST"])
def answer(reference: str):
    ticket = _ticket(reference)
    try:
        outcome = desk.answer_and_notify(
            db(), services().settings, ticket.reference, request.form.get("answer") or "", now(), actor=actor()
        )
    except AlreadyAnswered:
        flash(
            "Cette question a déjà reçu une réponse : le candidat n'en reçoit qu'une. "
            "Votre réponse n'a pas été envoyée.",
            "error",
        )
        return _back(ticket.reference)
    except ValueError:
        flash("La réponse est vide : écrivez-la avant de l'envoyer.", "error")
        return _back(ticket.reference)
    audit.record(db(), actor(), "answer", now(), reference=ticket.reference)
    sent = _send_now(outcome.email_id)
    if sent:
        flash("Réponse enregistrée et envoyée au candidat par e-mail.", "success")
    elif outcome.email_id is not None:
        flash(
            "Réponse enregistrée. Le serveur d'e-mail ne l'a pas acceptée pour l'instant : elle reste en "
            "file d'envoi et partira automatiquement dès que possible.",
            "info",
        )
    elif outcome.has_email:
        flash(
            "Réponse enregistrée, mais l'envoi d'e-mails n'est pas configuré : répondez au candidat "
            "depuis votre messagerie.",
            "error",
        )
    else:
        flash("Réponse enregistrée (le candidat n'a pas laissé d'adresse : rien n'a été envoyé).", "info")
    return _back(ticket.reference)


@blueprint.route("/questions/<reference>/classer", methods=["POST"])
def close(reference: str):
    ticket = desk.close(db(), _ticket(reference).reference, now(), actor=actor())
    audit.record(db(), actor(), "close", now(), reference=ticket.reference)
    flash("Question classée.", "success")
    return _back(ticket.reference)


@blueprint.route("/questions/<reference>/rouvrir", methods=["POST"])
def reopen(reference: str):
    ticket = _ticket(reference)
    try:
        desk.reopen(db(), ticket.reference, now(), actor=actor())
    except desk.NotAllowed:
        flash("Seule une question classée sans réponse peut être rouverte.", "error")
        return _back(ticket.reference)
    audit.record(db(), actor(), "reopen", now(), reference=ticket.reference)
    flash("Question rouverte : elle est de nouveau en attente.", "success")
    return _back(ticket.reference)


@blueprint.route("/questions/<reference>/transmettre", methods=["POST"])
def forward(reference: str):
    ticket = _ticket(reference)
    to = (request.form.get("other") or "").strip() or (request.form.get("to") or "").strip()
    link = (services().web.public_url or request.url_root.rstrip("/")) + url_for(
        "inbox.show", reference=ticket.reference
    )
    try:
        email_id = desk.forward(
            db(),
            services().settings,
            ticket.reference,
            to,
            request.form.get("note") or "",
            now(),
            actor=actor(),
            link=link,
        )
    except desk.NotAllowed:
        flash("Choisissez une adresse e-mail valide ; seule une question en attente peut être transmise.", "error")
        return _back(ticket.reference)
    audit.record(db(), actor(), "forward", now(), reference=ticket.reference, detail=f"to {to.lower()}")
    sent = _send_now(email_id)
    flash(
        f"Question transmise à {to}"
        + (
            " (e-mail envoyé)."
            if sent
            else " ; l'e-mail est en file d'envoi et partira dès que possible."
            if email_id is not None
            else " ; l'envoi d'e-mails n'est pas configuré : prévenez la personne."
        ),
        "success" if sent else "info" if email_id is not None else "error",
    )
    return _back(ticket.reference)


@blueprint.route("/questions/<reference>/connaissances", methods=["POST"])
def mark_for_knowledge(reference: str):
    ticket = _ticket(reference)
    try:
        desk.mark_for_knowledge(db(), ticket.reference, now(), actor=actor())
    except desk.NotAllowed:
        flash("Seule une question répondue peut être proposée.", "error")
        return _back(ticket.reference)
    audit.record(db(), actor(), "knowledge", now(), reference=ticket.reference)
    flash("Réponse proposée pour les connaissances de l'assistant.", "success")
    return _back(ticket.reference)


@blueprint.route("/export.csv")
def export():
    status = request.args.get("statut")
    out = io.StringIO()
    count = export_csv(db(), out, status=status if status in STATUSES else None)
    audit.record(db(), actor(), "export", now(), detail=f"{count} question(s)")
    return _csv(out.getvalue(), "questions-candidats.csv")


@blueprint.route("/effacer", methods=["GET", "POST"])
def erase():
    if request.method == "GET":
        return render_template("erase.html", email="")
    email = (request.form.get("email") or "").strip()
    if valid_email(email) is None or request.form.get("confirm") != "oui":
        flash("Indiquez une adresse e-mail valide et cochez la confirmation.", "error")
        return render_template("erase.html", email=email), 400
    try:
        removed = retention.erase_candidate(db(), services().settings, email)
    except retention.TrackerStoreUnreachable:
        flash(
            "Rien n'a été effacé : la base des conversations ne répond pas. Réessayez dans quelques minutes.", "error"
        )
        return render_template("erase.html", email=email), 503
    audit.record(
        db(),
        actor(),
        "erase",
        now(),
        detail=f"{removed.tickets} question(s), {removed.messages} message(s), {removed.events} conversation event(s)",
    )
    flash(
        f"Données effacées : {removed.tickets} question(s), {removed.messages} message(s) enregistré(s), "
        f"{removed.emails} e-mail(s) et {removed.events} élément(s) de conversation.",
        "success",
    )
    return redirect(url_for("inbox.index"), 303)


@blueprint.route("/envois/<int:message_id>/renvoyer", methods=["POST"])
def send_again(message_id: int):
    try:
        message = outbox.send_again(db(), message_id)
    except LookupError:
        abort(404)
    audit.record(db(), actor(), "email_retry", now(), reference=message.reference, detail=f"email {message_id}")
    flash("L'e-mail est remis en file d'envoi : il partira dans quelques secondes.", "success")
    return redirect(url_for("inbox.index"), 303)


def _send_now(email_id: int | None) -> bool:
    """Commit the request's work, then try the queued email at once (the worker retries it otherwise)."""
    if email_id is None:
        return False
    db().commit()
    return outbox.send_now(services().sessions, services().settings, email_id)


def _ticket(reference: str):
    try:
        return get_ticket(db(), reference)
    except TicketNotFound:
        abort(404)


def _back(reference: str):
    return redirect(url_for("inbox.show", reference=reference), 303)


def _csv(text: str, filename: str) -> Response:
    return Response(
        "\ufeff" + text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _offer_ids() -> list[str]:
    from sqlalchemy import select

    from bot.storage.tables import Offer

    return list(db().scalars(select(Offer.id).order_by(Offer.id)))


def _forward_targets(offer) -> list[tuple[str, str]]:
    """(address, label) of the usual recipients: the other referents and the offer's services."""
    targets = [(user.email, f"{user.name} (référent·e)") for user in list_users(db()) if user.email != actor()]
    contact = get_topic(db(), offer.offer_id, "contact").facts.get("email")
    circular = offer.header.get("circular_contact_email")
    if circular:
        targets.append((circular, "Contact pour la circulaire"))
    if contact and contact.lower() not in {address.lower() for address, _ in targets}:
        targets.append((contact, "Contact de l'offre"))
    return targets
