"""Command line: `python -m bot load-offers | check-offer FILE | referent ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot import bootstrap
from bot.cli import referent as referent_cli
from bot.domain.offer import OfferFileError, read_offer_file
from bot.storage.database import create_schema, ensure_database
from bot.storage.offer_loading import load_offers, read_offer_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="WBE vacancy assistant tools")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load-offers", help="validate and load the offer files into DATABASE_URL")
    load.add_argument("--dir", type=Path, help="folder of offer files (default: OFFERS_DIR or data/offers)")
    load.add_argument(
        "--create-database",
        action="store_true",
        help="create the PostgreSQL database of DATABASE_URL if it does not exist",
    )
    check = commands.add_parser("check-offer", help="validate one offer file without loading it")
    check.add_argument("file", type=Path)
    check.add_argument(
        "--answers",
        action="store_true",
        help="also print every answer the bot gives for it, sentence by sentence, with sources",
    )
    check.add_argument("--out", type=Path, help="write the --answers text to this file instead of printing it")
    commands.add_parser(
        "generate-rules", help="write the topic rules and domain.yml's topic intents from the topic registry"
    )
    referent_cli.add_parser(commands)
    worker_command = commands.add_parser("worker", help="send the email outbox and run the daily retention purge")
    worker_command.add_argument("--once", action="store_true", help="one round, then exit")
    args = parser.parse_args(argv)

    if args.command == "generate-rules":
        from bot.cli.rules import DOMAIN_FILE, RULES_FILE, write_domain_intents, write_rules

        print(f"{RULES_FILE}: {'written' if write_rules() else 'already up to date'}")
        print(f"{DOMAIN_FILE} (topic intents): {'written' if write_domain_intents() else 'already up to date'}")
        return 0
    shared = bootstrap.build()  # settings, clock, engine and sessions of this command
    settings = shared.settings
    if args.command == "referent":
        return referent_cli.run(args, shared)
    if args.command == "worker":
        from bot.cli import worker

        return worker.main(settings, shared.clock, once=args.once)
    try:
        if args.command == "check-offer":
            offer = read_offer_file(args.file)
            print(f"{args.file}: valid offer '{offer.offer_id}' ({len(offer.topics)} topics)")
            if args.answers:
                from bot.answers.proofreading import proofreading_text

                text = proofreading_text(offer)
                if args.out:
                    args.out.write_text(text, encoding="utf-8")
                    print(f"answers written to {args.out}")
                else:
                    print(text)
            return 0
        offers = read_offer_dir(args.dir or settings.offers_dir)
        if args.create_database and ensure_database(settings.database_url):
            print("created the database")
        create_schema(shared.engine)
        report = load_offers(shared.sessions, offers)
    except OfferFileError as error:
        print(f"Offer file rejected, database left unchanged:\n  {error}", file=sys.stderr)
        return 2
    for offer_id in report.loaded:
        print(f"loaded offer {offer_id}")
    for offer_id in report.unchanged:
        print(f"offer {offer_id} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
