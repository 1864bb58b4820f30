#!/usr/bin/env python3
"""Verifies every signed delivery of a simulation transcript with the official Python
`standardwebhooks` library, so our Rust signer is checked by an independent implementation.

Usage: verify_transcript.py TRANSCRIPT.jsonl [SECRET]
The secret may instead come from the WEBHOOK_SECRET environment variable.

Each transcript line is a JSON object with keys id, kind, method, path, status, headers (object,
lowercase names), body (the exact raw body as a string), sent_ms and arrived_ms. Every line whose
headers hold `webhook-signature` is verified. The library compares the timestamp with the current
clock, so the clock is frozen at each message's own `webhook-timestamp`: this checks the
signature, not the age of a recorded run.

Exits 0 when every delivery verifies, 1 when any fails, 2 on bad usage or when the transcript
holds no signed delivery at all (an empty check must not pass silently).
"""

import json
import os
import sys
from datetime import datetime, timezone

from freezegun import freeze_time
from standardwebhooks.webhooks import Webhook


def verify_line(webhook, record):
    """Returns None when the delivery verifies, else a sentence saying why not."""
    headers = {str(k).lower(): str(v) for k, v in record.get("headers", {}).items()}
    body = record.get("body")
    if not isinstance(body, str):
        return "the body is not a string"
    try:
        frozen_at = datetime.fromtimestamp(int(headers.get("webhook-timestamp", "")), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        return f"webhook-timestamp {headers.get('webhook-timestamp')!r} is not whole Unix seconds"
    try:
        with freeze_time(frozen_at):
            webhook.verify(body, headers)
    except Exception as e:  # the library raises several types; each is a failed delivery here
        return f"{type(e).__name__}: {e}"
    return None


def main(argv):
    if len(argv) not in (2, 3):
        print("Usage: verify_transcript.py TRANSCRIPT.jsonl [SECRET]", file=sys.stderr)
        return 2
    secret = argv[2] if len(argv) == 3 else os.environ.get("WEBHOOK_SECRET", "")
    if not secret:
        print("No secret: pass it as the second argument or set WEBHOOK_SECRET.", file=sys.stderr)
        return 2
    try:
        webhook = Webhook(secret)
    except Exception as e:
        print(f"The secret is not usable: {type(e).__name__}: {e}", file=sys.stderr)
        return 2

    passed, failures = 0, []
    try:
        transcript = open(argv[1], encoding="utf-8")
    except OSError as e:
        print(f"Cannot read the transcript: {e}", file=sys.stderr)
        return 2
    with transcript:
        for number, line in enumerate(transcript, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                failures.append(f"line {number}: not JSON ({e})")
                continue
            headers = record.get("headers") if isinstance(record, dict) else None
            if not isinstance(headers, dict):
                continue
            if "webhook-signature" not in {str(k).lower() for k in headers}:
                continue
            why = verify_line(webhook, record)
            if why is None:
                passed += 1
            else:
                failures.append(f"line {number} (id {record.get('id')!r}): {why}")

    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr)
    print(f"{passed} passed, {len(failures)} failed")
    if passed + len(failures) == 0:
        print("No signed deliveries in the transcript: nothing was verified.", file=sys.stderr)
        return 2
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
