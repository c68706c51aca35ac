#!/usr/bin/env python3
"""Fills the panel INBOX with a fixed mix of requests, runs `panelmail once --skip-outbox`,
and prints intake throughput and peak resident memory (ru_maxrss of the child)."""
import imaplib
import os
import random
import ssl
import shlex
import subprocess
import sys
import time

binary, work, domain, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stack = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mailstack.sh")
rng = random.Random(42)  # a fixed mix, the same every run
panel = f"panel@{domain}"


def run(*args):
    return subprocess.run(["bash", stack, *args], check=True, capture_output=True, text=True).stdout.strip()


def b64_lines(size):
    import base64
    raw = rng.randbytes(size)
    text = base64.b64encode(raw).decode()
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def message(index):
    body_size = rng.randint(2_000, 50_000)
    words = ["placement", "assessment", "transport", "housing", "cost", "review", "panel", "family"]
    # A complete request form, then narrative up to the body size.
    body = (f"Child or family name: Family {index}\r\nCase ID: {100000 + index}\r\nLocality: Cheltenham\r\n"
            f"Team: Cheltenham East\r\nSocial worker: Worker {index}, worker{index % 3 + 1}@{domain}\r\n"
            f"Team manager: Manager One, manager1@{domain}\r\nResource type: Placement\r\n"
            f"Cost: £{450 + index % 100} per week\r\nStart date: 03/09/2026\r\nReason:\r\n")
    while len(body) < body_size:
        body += " ".join(rng.choice(words) for _ in range(12)) + "\r\n"
    headers = (f"From: Worker {index} <worker{index % 3 + 1}@{domain}>\r\nTo: {panel}\r\n"
               f"Subject: {'URGENT: ' if index == 0 and os.environ.get('BENCH_URGENT') == '1' else ''}Request {index}\r\nMessage-ID: <bench-{index}-{rng.random()}@{domain}>\r\n"
               "Date: Mon, 23 Nov 2026 10:12:00 +0000\r\nMIME-Version: 1.0\r\n")
    if os.environ.get("BENCH_MIX") == "small":
        return headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    if index == 0:
        attachment = 25 * 1024 * 1024 - 4096  # at the limit
    elif index % 20 == 0:
        attachment = rng.randint(1_000_000, 5_000_000)
    else:
        return headers + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body
    return (headers + 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body +
            '\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="report.pdf"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n" + b64_lines(attachment) + "\r\n--b--\r\n")


plain = os.environ.get("BENCH_IMAP") == "plain"


server_port = int(os.environ["MAILSTACK_IMAP_PORT" if plain else "MAILSTACK_IMAPS_PORT"])


def connect(tls=True, port=None):
    """The panel mailbox, logged in: over IMAPS, or plain IMAP on loopback."""
    if tls:
        imap = imaplib.IMAP4_SSL(os.environ["MAILSTACK_HOST"], port or int(os.environ["MAILSTACK_IMAPS_PORT"]),
                                 ssl_context=ssl.create_default_context(cafile=os.environ["MAILSTACK_CA_FILE"]))
    else:
        imap = imaplib.IMAP4(os.environ["MAILSTACK_HOST"], port or int(os.environ["MAILSTACK_IMAP_PORT"]))
    imap.login(panel, os.environ["MAILSTACK_PASSWORD"])
    return imap


run("clear", "panel")
total = 0
print(f"filling the panel INBOX with {count} messages over IMAP APPEND ...", flush=True)
imap = connect()
for i in range(count):
    data = message(i).encode()
    total += len(data)
    imap.append("INBOX", None, None, data)
imap.logout()
print(f"  {count} messages, {total / 1048576:.1f} MB in the INBOX ({run('count', panel)} counted)")

log_path = os.path.join(work, "panelmail.log")
peak_private_kb = 0


def sample_private(pid, done):
    """Samples RssAnon (private memory, not shared library code) every 5 ms."""
    global peak_private_kb
    while not done.is_set():
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        peak_private_kb = max(peak_private_kb, int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.005)


def dovecot_cpu():
    """CPU seconds of Dovecot's finished processes (the master reaps the IMAP session's)."""
    try:
        pid = subprocess.run(["pgrep", "-o", "-f", "dovecot.conf"], capture_output=True, text=True).stdout.split()[0]
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    except (IndexError, OSError):
        return None


# BENCH_LATENCY_MS=N puts N ms each way between panelmail and the server (a relay in
# latency_proxy.py), as if the mailbox were far away: loopback hides what round trips cost.
latency_ms = float(os.environ.get("BENCH_LATENCY_MS", "0"))
child_env = dict(os.environ)
imap_port = server_port
proxy = None
if latency_ms > 0:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        imap_port = probe.getsockname()[1]
    proxy = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "latency_proxy.py"),
                              str(imap_port), os.environ["MAILSTACK_HOST"], str(server_port), str(latency_ms)],
                             stdout=subprocess.PIPE, text=True)
    if proxy.stdout.readline().strip() != "ready":
        sys.exit("the latency relay did not start")
    child_env["IMAP_PORT"] = str(imap_port)
    print(f"  {latency_ms:g} ms each way between panelmail and the server (round trip {2 * latency_ms:g} ms)")

import threading
dovecot_before = dovecot_cpu()
start = time.monotonic()
with open(log_path, "w") as log:
    # BENCH_WRAP runs panelmail under a profiler, e.g. BENCH_WRAP="perf record -g -o /tmp/perf.data".
    wrap = shlex.split(os.environ.get("BENCH_WRAP", ""))
    proc = subprocess.Popen([*wrap, binary, "once", "--skip-outbox", "--config", os.path.join(work, "panelmail.yaml")],
                            stdout=log, stderr=log, env=child_env)
    done = threading.Event()
    sampler = threading.Thread(target=sample_private, args=(proc.pid, done))
    sampler.start()
    proc.wait()
    done.set()
    sampler.join()
    status = proc.returncode
elapsed = time.monotonic() - start
own = os.times()
time.sleep(0.3)  # the IMAP session's process has exited; let the master reap it
dovecot_after = dovecot_cpu()
code = status
log_text = open(log_path).read()
if code != 0:
    print(log_text[-3000:])
    sys.exit(f"panelmail exited with {code}")
# panelmail reports its own peak (getrusage RUSAGE_SELF): a forked child's ru_maxrss
# would also count this Python process's pages from before the exec.
import re
peak = re.search(r"peak_memory_mb=([0-9.]+)", log_text)
timing = re.search(r"fetching=([0-9.]+) seconds.*?reading=([0-9.]+) seconds.*?recording=([0-9.]+) seconds", log_text)
left = int(run("count", panel))
processed = int(run("count", panel, "Processed"))
print(f"intake: {count} messages in {elapsed:.2f} s = {count / elapsed:.0f} messages/s, "
      f"{total / 1048576 / elapsed:.1f} MB/s")
print(f"peak resident memory: {peak.group(1) if peak else '?'} MB (VmHWM, shared library code included); "
      f"peak private memory: {peak_private_kb / 1024:.1f} MB (RssAnon, sampled every 5 ms)")
if timing:
    print(f"time waiting for the server {float(timing.group(1)):.2f} s, parsing {float(timing.group(2)):.2f} s, "
          f"writing (disk and database) {float(timing.group(3)):.2f} s")
print(f"CPU: panelmail {own.children_user + own.children_system:.2f} s "
      f"(user {own.children_user:.2f}, system {own.children_system:.2f})"
      + (f", Dovecot {dovecot_after - dovecot_before:.2f} s" if dovecot_before is not None and dovecot_after is not None else ""))
print(f"left in INBOX: {left}, moved to Processed: {processed}")

# The ceiling set by the server (and TLS) alone, with nothing done with the messages
# (Python's imaplib, no parsing or storing), on one connection: the same messages fetched
# one by one, and sixteen to a command (one round trip for sixteen, as panelmail fetches
# small ones). panelmail cannot take messages in faster than the second.
imap = connect(tls=not plain, port=imap_port)
imap.select("Processed", readonly=True)
uids = imap.uid("SEARCH", None, "ALL")[1][0].split()
server = "the server" + ("" if plain else " and TLS") + (f" {2 * latency_ms:g} ms away" if latency_ms else "")
for label, size in (("one by one", 1), ("sixteen to a command", 16)):
    start = time.monotonic()
    fetched = 0
    for i in range(0, len(uids), size):
        group = b",".join(uids[i:i + size])
        fetched += sum(len(part[1]) for part in imap.uid("FETCH", group, "(BODY.PEEK[])")[1] if isinstance(part, tuple))
    alone = time.monotonic() - start
    print(f"fetching alone, {label} ({server}, no processing): {len(uids)} messages in {alone:.2f} s = "
          f"{len(uids) / alone:.0f} messages/s, {fetched / 1048576 / alone:.1f} MB/s")
imap.logout()
if proxy:
    proxy.terminate()
