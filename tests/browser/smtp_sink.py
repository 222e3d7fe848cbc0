"""A local SMTP server for the browser tests: every message received is written to
OUT_DIR/<n>.eml. `python tests/browser/smtp_sink.py OUT_DIR PORT` (runs until killed)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class FolderInbox:
    def __init__(self, folder: Path):
        self.folder, self.count, self.lock = folder, 0, threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            target = self.folder / f"{self.count:04d}.eml"
        partial = target.with_suffix(".part")
        partial.write_bytes(envelope.content)
        partial.rename(target)  # readers never see half a message
        return "250 OK"


def main() -> None:
    folder, port = Path(sys.argv[1]), int(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(FolderInbox(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{port}, writing to {folder}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
