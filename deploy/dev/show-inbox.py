#!/usr/bin/env python3
"""Reads mailboxes over IMAPS as a recipient's client would, and prints each message's
headers that matter for threading and the first lines of its text."""
import email
import imaplib
import ssl
import sys
from email import policy

host, port, cafile, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=cafile)
for user in sys.argv[5:]:
    with imaplib.IMAP4_SSL(host, port, ssl_context=context) as imap:
        imap.login(user, password)
        imap.select("INBOX", readonly=True)
        _, data = imap.search(None, "ALL")
        ids = data[0].split()
        print(f"\n  {user}: {len(ids)} message(s)")
        for num in ids:
            _, parts = imap.fetch(num, "(BODY.PEEK[])")
            msg = email.message_from_bytes(parts[0][1], policy=policy.default)
            print(f"    Subject:     {msg['Subject']}")
            print(f"    From:        {msg['From']}")
            print(f"    In-Reply-To: {msg['In-Reply-To']}")
            body = msg.get_body(preferencelist=("plain",))
            text = body.get_content() if body else ""
            for line in text.strip().splitlines()[:int(__import__("os").environ.get("SHOW_LINES", "40"))]:
                print(f"      | {line}")
