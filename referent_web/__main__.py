"""`python -m referent_web [--host H] [--port P]`: serve the referents' inbox with waitress."""

from __future__ import annotations

import argparse
import logging

from waitress import serve

from referent_web import create_app
from referent_web.config import load_web_settings


def main(argv: list[str] | None = None) -> int:
    web = load_web_settings()
    parser = argparse.ArgumentParser(prog="python -m referent_web", description="the referents' web inbox")
    parser.add_argument(
        "--host", default=web.host, help="address to listen on (default: REFERENT_WEB_HOST or 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=web.port, help="default: REFERENT_WEB_PORT or 5080")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(web=web)
    print(
        f"==> Referents' inbox on http://{args.host}:{args.port}/ (log in with an account made by "
        "`python -m bot referent add-user`)",
        flush=True,
    )
    serve(app, host=args.host, port=args.port, threads=4, ident="wbe-referent")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
