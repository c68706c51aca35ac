#!/usr/bin/env python3
"""Sends the demo's sample requests to the panel mailbox, as workers would (fictional data)."""
import smtplib
import sys
from email.message import EmailMessage
from email.utils import make_msgid, formatdate

host, port, domain = sys.argv[1], int(sys.argv[2]), sys.argv[3]
panel = f"panel@{domain}"


def message(sender, name, subject, body, attachment=None, headers=None):
    m = EmailMessage()
    m["From"] = f"{name} <{sender}>"
    m["To"] = f"Access to Resources Panel <{panel}>"
    m["Subject"] = subject
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain=domain)
    for key, value in (headers or {}).items():
        m[key] = value
    m.set_content(body)
    if attachment:
        filename, ctype, data = attachment
        maintype, subtype = ctype.split("/")
        m.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return m


samples = [
    message(f"worker1@{domain}", "Alex Worker", "Resource request: PAMs parenting assessment",
            "Child or family name: Family B\nCase ID: 123456\nLocality: Cheltenham\nTeam: Cheltenham East\n"
            "Resource type: Expert assessment (PAMs)\nCost: £4,800\nStart date: 03/09/2026\n"
            "Reason: Court has directed a parenting assessment under PLO.\n"),
    message(f"worker2@{domain}", "Bea Worker", "URGENT: emergency placement tonight",
            "Child or family name: C\nCase ID: 654321\nResource type: Residential placement\nCost: £650 per day\n"
            "Reason: Placement breakdown this afternoon.\n"),
    message(f"worker3@{domain}", "Cal Worker", "School transport request",
            "Please see the attached form.\n",
            attachment=("panel-form.pdf", "application/pdf", b"%PDF-1.4\n% demo form\n" + b"0" * 20000 + b"\n%%EOF\n")),
    message(f"worker1@{domain}", "Alex Worker", "Automatic reply: Resource request",
            "I am out of the office until Monday.\n", headers={"Auto-Submitted": "auto-replied"}),
    message(f"outsider@elsewhere.test", "Out Sider", "Stair gate",
            "Could the panel fund a stair gate? £200.\n"),
]

with smtplib.SMTP(host, port, timeout=30) as smtp:
    for m in samples:
        sender = m["From"].addresses[0].addr_spec
        smtp.send_message(m, from_addr=sender, to_addrs=[panel])
        print(f"  sent: {m['From']}: {m['Subject']}")
