"""The emails the SMTP sink received, as JSON on stdout: [{to, subject, body}, ...].
`python tests/browser/mailbox.py DIR` (the browser tests read emails through it)."""

from __future__ import annotations

import json
import sys
from email import message_from_bytes, policy
from pathlib import Path


def main() -> None:
    messages = []
    for path in sorted(Path(sys.argv[1]).glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        messages.append({"to": str(message["To"]), "subject": str(message["Subject"]), "body": message.get_content()})
    print(json.dumps(messages, ensure_ascii=False))


if __name__ == "__main__":
    main()
