#!/usr/bin/env python3
"""Sends the demo's sample emails to the panel mailbox, as workers would (fictional data).

    send-samples.py HOST PORT DOMAIN REPOSITORY          the first round of requests
    send-samples.py HOST PORT DOMAIN REPOSITORY --reply  worker3 answers what was missing
    send-samples.py HOST PORT DOMAIN REPOSITORY --decide the duty member approves the urgent request

The first round: a complete request, an urgent one, an incomplete one, a Word form,
two siblings in one email, a question with no form, a PDF panelmail cannot read as a
form, an out-of-office reply and a request from outside the council."""
import imaplib
import os
import smtplib
import ssl
import sys
from email import policy
from email.message import EmailMessage
from email.utils import make_msgid, formatdate

host, port, domain, repository = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
# Start dates two weeks ahead, so no sample reads as retrospective.
import datetime
START = (datetime.date.today() + datetime.timedelta(days=14)).strftime("%d/%m/%Y")
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


def form(child, case, resource, cost, tm="Tina Manager, manager1@" + domain, extra=""):
    return (f"Child's name: {child}\nCase ID: {case}\nLocality: Cheltenham\nTeam: Cheltenham East\n"
            f"Team manager: {tm}\nResource type: {resource}\nCost: {cost}\nStart date: {START}\n"
            f"End date: 12 weeks\nReason: Court has directed an assessment under PLO;\n"
            f"no in-house service can do it in time.\n{extra}")


def send(messages):
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        for m in messages:
            sender = m["From"].addresses[0].addr_spec
            smtp.send_message(m, from_addr=sender, to_addrs=[panel])
            print(f"  sent: {m['From']}: {m['Subject']}")


def first_round():
    docx = open(os.path.join(repository, "Tests/PanelCoreTests/Fixtures/forms/table-form.docx"), "rb").read()
    send([
        message(f"worker1@{domain}", "Alex Worker", "Resource request: PAMs parenting assessment",
                "Hello panel,\n\n" + form("Family B", "123456", "Expert assessment (PAMs)", "£4,800") + "\nThanks,\nAlex\n"),
        message(f"worker2@{domain}", "Bea Worker", "URGENT: emergency placement tonight",
                form("Casey D", "654321", "Residential placement", "£650 per day")),
        message(f"worker3@{domain}", "Cal Worker", "School transport request",
                "Child's name: Eli F\nLocality: Stroud\nTeam: Stroud CiN\nResource type: School transport\n"
                f"Cost: about 200\nStart date: {START}\nReason: New school is 9 miles away.\n"),
        message(f"worker1@{domain}", "Alex Worker", "Placement request, form attached",
                "Please see the attached form.\n\nAlex\n",
                attachment=("Panel form.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx)),
        message(f"worker2@{domain}", "Bea Worker", "Mentoring for the G siblings",
                form("Gina G", "700001", "Mentoring", "£40 per week") + "\n" + form("Gary G", "700002", "Mentoring", "£40 per week")),
        message(f"worker3@{domain}", "Cal Worker", "Question about the panel",
                "Hi, is the panel still sitting on Thursdays over Christmas?\n\nCal\n"),
        message(f"worker3@{domain}", "Cal Worker", "Housing costs request",
                "Please see the attached form.\n",
                attachment=("panel-form.pdf", "application/pdf", b"%PDF-1.4\n% demo form\n" + b"0" * 20000 + b"\n%%EOF\n")),
        message(f"worker1@{domain}", "Alex Worker", "Automatic reply: Resource request",
                "I am out of the office until Monday.\n", headers={"Auto-Submitted": "auto-replied"}),
        message("outsider@elsewhere.test", "Out Sider", "Stair gate",
                form("H", "1", "Equipment", "£200", tm="Tina Manager, manager1@" + domain)),
    ])


def reply():
    """worker3 finds panelmail's list of what is missing and replies with just those lines."""
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    with imaplib.IMAP4_SSL(host, int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context) as imap:
        imap.login(f"worker3@{domain}", os.environ["MAILSTACK_PASSWORD"])
        imap.select("INBOX", readonly=True)
        _, data = imap.search(None, "SUBJECT", '"School transport request"')
        ids = data[0].split()
        if not ids:
            sys.exit("send-samples: worker3 has no answer to 'School transport request' yet")
        _, parts = imap.fetch(ids[0], "(BODY.PEEK[])")
    import email
    ack = email.message_from_bytes(parts[0][1], policy=policy.default)
    text = ack.get_body(preferencelist=("plain",)).get_content()
    quoted = "\n".join("> " + line for line in text.splitlines())
    m = message(f"worker3@{domain}", "Cal Worker", "RE: " + ack["Subject"],
                "Case ID: 445566\nTeam manager: Tina Manager, manager1@" + domain + "\nCost: £200 per week\n\n"
                f"On {ack['Date']}, {ack['From']} wrote:\n{quoted}\n",
                headers={"In-Reply-To": ack["Message-ID"], "References": ack["Message-ID"]})
    send([m])


def decide():
    """The duty member replies APPROVE to the duty notice, through the submission port with
    a login, as a mail client does: the stack signs it (DKIM) and the receiving side writes
    the Authentication-Results that panelmail checks."""
    context = ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"])
    duty = f"duty@{domain}"
    with imaplib.IMAP4_SSL(host, int(os.environ["MAILSTACK_IMAPS_PORT"]), ssl_context=context) as imap:
        imap.login(duty, os.environ["MAILSTACK_PASSWORD"])
        imap.select("INBOX", readonly=True)
        _, data = imap.search(None, "SUBJECT", '"Urgent decision by"')
        ids = data[0].split()
        if not ids:
            print("  no duty notice yet: the urgent request arrived outside working time, so it waits for 09:00")
            return
        _, parts = imap.fetch(ids[0], "(BODY.PEEK[])")
    import email
    notice = email.message_from_bytes(parts[0][1], policy=policy.default)
    m = EmailMessage()
    m["From"] = f"Dana Duty <{duty}>"
    m["To"] = notice["Reply-To"]
    m["Subject"] = "RE: " + notice["Subject"]
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain=domain)
    m["In-Reply-To"] = notice["Message-ID"]
    m["References"] = notice["Message-ID"]
    m.set_content("APPROVE\nEmergency placement agreed for tonight; review at the weekly panel.\n\nDana\n")
    with smtplib.SMTP_SSL(host, int(os.environ["MAILSTACK_SUBMISSIONS_PORT"]), context=context, timeout=30) as smtp:
        smtp.login(duty, os.environ["MAILSTACK_PASSWORD"])
        smtp.send_message(m)
    print(f"  sent: {m['From']}: {m['Subject']}")


if "--reply" in sys.argv:
    reply()
elif "--decide" in sys.argv:
    decide()
else:
    first_round()
