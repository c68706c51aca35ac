#!/usr/bin/env bash
# Intake benchmark (README.md): 1,000 queued requests in the local Dovecot, fetched,
# parsed, stored, acknowledgements queued, and moved, with the production durability
# settings (WAL, synchronous=FULL). Prints messages per second and peak memory.
#   BENCH_MESSAGES=N   how many messages (default 1000)
#   BENCH_MIX=small    only 2-50 KB requests, no attachments
#   BENCH_IMAP=plain   IMAP without TLS (loopback only)
#   BENCH_LATENCY_MS=N N ms each way between panelmail and the server, as for a remote mailbox
#   BENCH_URGENT=1     the 25 MB request is urgent: its duty notice is composed during intake
#   BENCH_WRAP="perf record -g -o FILE"   run panelmail under a profiler
#   BENCH_BIN=FILE     run this panelmail binary instead of the fresh build (to compare two builds)
#   BENCH_KEEP=1       keep the work folder (database, packs, log) for a look afterwards
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
: "${top:?}" "${bin:?}"

work=$(mktemp -d /tmp/panelmail-bench.XXXXXX)
chmod 755 "$work"
# The run stores every message it reads (250 MB): removed afterwards unless BENCH_KEEP=1.
if [ "${BENCH_KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
# BENCH_IMAP=plain measures without TLS on loopback (Dovecot's TLS proxy costs CPU).
if [ "${BENCH_IMAP:-tls}" = plain ]; then
    export IMAP_PORT=$MAILSTACK_IMAP_PORT IMAP_SECURITY=plain IMAP_ALLOW_PLAIN=true
fi
cat > "$work/panelmail.yaml" <<YAML
panel:
  address: panel@$MAILSTACK_DOMAIN
imap:
  host: 127.0.0.1
  port: $MAILSTACK_IMAPS_PORT
  security: tls
  ca_file: $MAILSTACK_CA_FILE
  batch_size: 50
smtp:
  host: 127.0.0.1
  port: $MAILSTACK_SUBMISSIONS_PORT
  security: tls
  ca_file: $MAILSTACK_CA_FILE
store:
  path: $work/panelmail.sqlite
templates:
  directory: $top/Templates
log:
  level: notice
YAML
# BENCH_URGENT=1: a panel with a duty member, so the urgent request's duty notice (which
# reads the stored request back for its files) is composed inside the intake transaction.
if [ "${BENCH_URGENT:-0}" = 1 ]; then
    head -c 48 /dev/urandom > "$work/decision.key"
    chmod 600 "$work/decision.key"
    cat >> "$work/panelmail.yaml" <<YAML
decisions:
  secret_file: $work/decision.key
  authserv_id: mx.$MAILSTACK_DOMAIN
working_hours:
  bank_holidays_file: $top/Config/bank-holidays.json
YAML
    cat > "$work/panel.yaml" <<YAML
members:
  - name: Dana Duty
    addresses: [duty@$MAILSTACK_DOMAIN]
    roles: [duty]
duty_mailbox: panel-duty@$MAILSTACK_DOMAIN
rota:
$(for day in monday tuesday wednesday thursday friday saturday sunday; do echo "  $day: Dana Duty"; done)
YAML
fi
export MAILSTACK_HOST MAILSTACK_IMAP_PORT MAILSTACK_IMAPS_PORT MAILSTACK_CA_FILE MAILSTACK_PASSWORD
python3 deploy/dev/bench.py "${BENCH_BIN:-$bin}" "$work" "$MAILSTACK_DOMAIN" "${BENCH_MESSAGES:-1000}"
