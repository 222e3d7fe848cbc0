"""The referent's inbox on the command line: `python -m bot referent ...`."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import timedelta
from pathlib import Path

from bot.bootstrap import Services
from bot.mail import outbox
from bot.referents import desk as desk
from bot.referents import retention
from bot.referents.inbox import count_by_status, export_csv, get_ticket, list_tickets, tickets_for_display
from bot.referents.report import unanswered_report
from bot.referents.spool import Spool, drain_spool
from bot.referents.tickets import STATUSES, TicketNotFound, aware
from bot.storage.database import create_schema


def add_parser(commands) -> None:
    referent = commands.add_parser("referent", help="the referent's inbox of forwarded questions")
    sub = referent.add_subparsers(dest="referent_command", required=True)
    listing = sub.add_parser("list", help="list forwarded questions")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--offer")
    listing.add_argument("--search", help="text the question contains")
    show = sub.add_parser("show", help="show one question")
    show.add_argument("reference")
    answer = sub.add_parser("answer", help="answer a question (emailed when SMTP is configured)")
    answer.add_argument("reference")
    source = answer.add_mutually_exclusive_group(required=True)
    source.add_argument("--text")
    source.add_argument("--file", type=Path)
    close = sub.add_parser("close", help="close a question")
    close.add_argument("reference")
    export = sub.add_parser("export", help="export questions to CSV")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.add_argument("--status", choices=STATUSES)
    forget = sub.add_parser("delete-candidate", help="erase one candidate's data (by email)")
    forget.add_argument("email")
    purge = sub.add_parser("purge", help="delete everything older than the retention period")
    purge.add_argument("--days", type=int, help="retention in days (default: RETENTION_DAYS or 180)")
    report = sub.add_parser("report", help="what candidates asked that the bot could not answer")
    report.add_argument("--days", type=int, default=30)
    sub.add_parser("flush-spool", help="move questions kept while the database was down into it")
    mails = sub.add_parser("outbox", help="emails waiting to be sent, or set aside as undeliverable")
    mails.add_argument("--status", choices=outbox.STATUSES, help="default: waiting and undeliverable")
    again = sub.add_parser("outbox-retry", help="send an undeliverable email again (id from `outbox`)")
    again.add_argument("id", type=int)
    user = sub.add_parser("add-user", help="create a referent's account for the web inbox")
    user.add_argument("email")
    user.add_argument("--name", required=True, help="name shown in the inbox and its history")
    user.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (scripts)",
    )


def run(args: argparse.Namespace, shared: Services) -> int:
    settings, clock = shared.settings, shared.clock
    create_schema(shared.engine)
    sessions = shared.sessions
    command = args.referent_command
    spool = Spool(settings.spool_dir)
    try:
        if command == "flush-spool":
            print(f"{spool.flush(sessions)} spooled question(s) moved to the database")
            return 0
        if command == "add-user":
            return _add_user(sessions, args, clock)
        _drain(sessions, spool)
        with sessions.begin() as session:
            status = COMMANDS[command](session, args, settings, clock)
        if command == "answer" and getattr(args, "email_id", None) is not None:
            # Committed: try it now; if the SMTP server is down, the worker retries it.
            sent = outbox.send_now(sessions, settings, args.email_id)
            print(
                f"emailed to {args.email_to}"
                if sent
                else f"email to {args.email_to} queued: the SMTP server did not take it now, the worker "
                "will retry (see `referent outbox`)"
            )
        return status
    except TicketNotFound as error:
        print(f"No question with reference {error}", file=sys.stderr)
        return 1
    except (ValueError, LookupError) as error:
        print(str(error), file=sys.stderr)
        return 1
    except retention.TrackerStoreUnreachable as error:
        print(f"Nothing was deleted: {error}. Run the command again once it is back.", file=sys.stderr)
        return 1


def _drain(sessions, spool: Spool) -> None:
    """Before any command, move the questions kept during a database outage into the
    database (best effort), so that the referent sees them and an erasure covers them."""
    moved = drain_spool(sessions, spool)
    if moved:
        print(
            f"{len(moved)} question(s) kept during a database outage moved to the database "
            f"({', '.join(t.reference for t in moved)})",
            file=sys.stderr,
        )
    elif spool.has_pending():
        print(
            f"Warning: questions kept during a database outage are still waiting in {spool.path} "
            "and are not included; see the log, then run `flush-spool`.",
            file=sys.stderr,
        )


def _list(session, args, settings, clock) -> int:
    tickets = list_tickets(session, status=args.status, offer_id=args.offer, search=args.search)
    for line in tickets_for_display(tickets):
        print(line)
    counts = count_by_status(session)
    print(f"{len(tickets)} shown; " + ", ".join(f"{s}: {counts.get(s, 0)}" for s in STATUSES))
    return 0


def _show(session, args, settings, clock) -> int:
    t = get_ticket(session, args.reference)
    print(
        f"Reference: {t.reference}\nOffer: {t.offer_id}\nStatus: {t.status}\nCreated: {t.created_at}\n"
        f"Reason: {t.reason}\nEmail: {t.email or '-'}\nConversation: {t.conversation_id}\n\n"
        f"Question:\n{t.question}\n"
    )
    if t.answer:
        print(f"Answer ({t.answered_at}):\n{t.answer}")
    return 0


def _answer(session, args, settings, clock) -> int:
    text = args.text if args.text is not None else args.file.read_text(encoding="utf-8")
    outcome = desk.answer_and_notify(session, settings, args.reference, text, clock())
    ticket = outcome.ticket
    args.email_id, args.email_to = outcome.email_id, ticket.email
    if not outcome.has_email:
        print(f"{ticket.reference} answered (no email address: nothing sent)")
    elif outcome.email_id is None:
        print(f"{ticket.reference} answered; NOT emailed (SMTP_HOST unset): reply by hand")
    else:
        print(f"{ticket.reference} answered")
    return 0


def _close(session, args, settings, clock) -> int:
    print(f"{desk.close(session, args.reference, clock()).reference} closed")
    return 0


def _add_user(sessions, args, clock) -> int:
    # argon2 is in the app environment only; the Rasa environment loads offers with this CLI too.
    from bot.referents.accounts import AccountError, add_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            print("The two passwords differ; no account created", file=sys.stderr)
            return 1
    try:
        with sessions.begin() as session:
            user = add_user(session, args.email, args.name, password, clock())
    except AccountError as error:
        print(f"No account created: {error}", file=sys.stderr)
        return 1
    print(f"account created for {user.name} <{user.email}>")
    return 0


def _export(session, args, settings, clock) -> int:
    if args.out:
        with args.out.open("w", newline="", encoding="utf-8") as out:
            count = export_csv(out=out, session=session, status=args.status)
        print(f"{count} question(s) written to {args.out}")
    else:
        export_csv(session, sys.stdout, status=args.status)
    return 0


def _delete_candidate(session, args, settings, clock) -> int:
    removed = retention.erase_candidate(session, settings, args.email)
    print(f"deleted {removed.summary()} for {args.email}")
    return 0


def _purge(session, args, settings, clock) -> int:
    days = args.days if args.days is not None else settings.retention_days
    removed = retention.purge(session, settings, clock(), days)
    print(f"purged {removed.summary()} older than {days} days")
    return 0


def _outbox(session, args, settings, clock) -> int:
    statuses = [args.status] if args.status else [outbox.PENDING, outbox.DEAD]
    shown = [m for status in statuses for m in outbox.list_messages(session, status)]
    for m in shown:
        print(
            f"{m.id:>6}  {m.status:<7} {m.attempts:>2} attempt(s)  {aware(m.created_at):%Y-%m-%d %H:%M}  "
            f"{m.recipient:<30} {m.subject[:50]}" + (f"\n        last error: {m.last_error}" if m.last_error else "")
        )
    counts = outbox.count_by_status(session)
    print(f"{len(shown)} shown; " + ", ".join(f"{s}: {counts.get(s, 0)}" for s in outbox.STATUSES))
    if counts.get(outbox.DEAD):
        print("Undeliverable emails: check the address or the SMTP settings, then `referent outbox-retry ID`.")
    return 0


def _outbox_retry(session, args, settings, clock) -> int:
    message = outbox.send_again(session, args.id)
    print(f"email {message.id} to {message.recipient} queued again: the worker sends it within seconds")
    return 0


def _report(session, args, settings, clock) -> int:
    lines = unanswered_report(session, since=clock() - timedelta(days=args.days))
    print(f"{'count':>5}  {'last seen':<16}  message (last {args.days} days, similar messages grouped)")
    for line in lines:
        print(f"{line.count:>5}  {line.last_seen:%Y-%m-%d %H:%M}  {line.question[:90]}")
    if not lines:
        print("    (nothing)")
    return 0


COMMANDS = {
    "list": _list,
    "show": _show,
    "answer": _answer,
    "close": _close,
    "export": _export,
    "delete-candidate": _delete_candidate,
    "purge": _purge,
    "report": _report,
    "outbox": _outbox,
    "outbox-retry": _outbox_retry,
}
