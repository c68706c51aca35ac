#!/usr/bin/env bash
# Intake benchmark (README.md): 1,000 queued requests in the local Dovecot, fetched,
# parsed, stored, acknowledgements queued, and moved, with the production durability
# settings (WAL, synchronous=FULL). Prints messages per second and peak memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD

bash deploy/dev/install-deps.sh
export PANELMAIL_STACK_DIR=${PANELMAIL_STACK_DIR:-/tmp/panelmail-mailstack}
env_file=$(bash deploy/dev/mailstack.sh start)
# shellcheck disable=SC1090
source "$env_file"

swift build -c release --product panelmail 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path)/panelmail

work=$(mktemp -d /tmp/panelmail-bench.XXXXXX)
chmod 755 "$work"
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
export IMAP_PASSWORD=$MAILSTACK_PASSWORD SMTP_PASSWORD=$MAILSTACK_PASSWORD
export MAILSTACK_HOST MAILSTACK_IMAPS_PORT MAILSTACK_CA_FILE MAILSTACK_PASSWORD
python3 deploy/dev/bench.py "$bin" "$work" "$MAILSTACK_DOMAIN" "${BENCH_MESSAGES:-1000}"
