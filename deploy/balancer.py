"""A small round-robin HTTP reverse proxy: one address in front of several Rasa servers.

Every instance shares the tracker store (PostgreSQL) and the lock store (Redis),
so any of them can take any message. An instance that refuses the connection is
skipped and the request goes to the next one.

    python deploy/balancer.py --port 5005 --upstream http://127.0.0.1:5006 --upstream http://127.0.0.1:5007
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import logging

import aiohttp
from aiohttp import web

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "host", "content-length"}
log = logging.getLogger("balancer")


def make_app(upstreams: list[str], timeout: float = 60) -> web.Application:
    turn = itertools.cycle(range(len(upstreams)))

    async def start_session(app):
        app["client"] = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout),
                                              auto_decompress=False)

    async def close_session(app):
        await app["client"].close()

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        first = next(turn)
        for offset in range(len(upstreams)):
            upstream = upstreams[(first + offset) % len(upstreams)]
            try:
                async with request.app["client"].request(request.method, upstream + request.path_qs,
                                                         headers=headers, data=body) as reply:
                    payload = await reply.read()
                    out = {k: v for k, v in reply.headers.items() if k.lower() not in HOP_BY_HOP}
                    return web.Response(status=reply.status, body=payload, headers=out)
            except (aiohttp.ClientConnectionError, asyncio.TimeoutError) as error:
                log.warning("%s unavailable (%s), trying the next instance", upstream, error)
        return web.json_response({"error": "Le service est momentanément indisponible."}, status=503)

    app = web.Application(client_max_size=1024 * 1024)
    app.on_startup.append(start_session)
    app.on_cleanup.append(close_session)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--upstream", action="append", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s balancer %(levelname)s %(message)s")
    web.run_app(make_app([u.rstrip("/") for u in args.upstream]), host=args.host, port=args.port,
                access_log=None)


if __name__ == "__main__":
    main()
