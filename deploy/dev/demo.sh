#!/usr/bin/env bash
# The demo (README.md): a private Dovecot and Postfix on loopback, worker and panel
# mailboxes, sample requests sent by workers, panelmail run, and the acknowledgements
# shown arriving in the workers' inboxes.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
: "${top:?}" "${bin:?}"

demo=$(mktemp -d /tmp/panelmail-demo.XXXXXX)
chmod 700 "$demo"
for user in panel worker1 worker2 worker3 admin; do bash deploy/dev/mailstack.sh clear "$user" >/dev/null; done

cat > "$demo/panelmail.yaml" <<YAML
panel:
  address: panel@$MAILSTACK_DOMAIN
  admin_address: admin@$MAILSTACK_DOMAIN
imap:
  host: 127.0.0.1
  port: $MAILSTACK_IMAPS_PORT
  security: tls
  ca_file: $MAILSTACK_CA_FILE
  poll_interval: 2s
smtp:
  host: 127.0.0.1
  port: $MAILSTACK_SUBMISSIONS_PORT
  security: tls
  ca_file: $MAILSTACK_CA_FILE
store:
  path: $demo/panelmail.sqlite
templates:
  directory: $top/Templates
YAML

echo "== checking the configuration"
"$bin" check-config --config "$demo/panelmail.yaml"

echo "== workers send requests to panel@$MAILSTACK_DOMAIN"
python3 deploy/dev/send-samples.py "$MAILSTACK_HOST" "$MAILSTACK_SMTP_PORT" "$MAILSTACK_DOMAIN"

echo "== running panelmail (stops by itself after 20 seconds)"
"$bin" run --config "$demo/panelmail.yaml" > "$demo/panelmail.log" 2>&1 &
pid=$!
sleep 20
kill -TERM "$pid"
wait "$pid" || true
sed -e 's/^/  log: /' "$demo/panelmail.log" | head -40

echo "== what the workers received"
python3 deploy/dev/show-inbox.py "$MAILSTACK_HOST" "$MAILSTACK_IMAPS_PORT" "$MAILSTACK_CA_FILE" "$MAILSTACK_PASSWORD" \
    "worker1@$MAILSTACK_DOMAIN" "worker2@$MAILSTACK_DOMAIN" "worker3@$MAILSTACK_DOMAIN"

echo "== panelmail's own view"
"$bin" requests list --config "$demo/panelmail.yaml"
"$bin" outbox list --config "$demo/panelmail.yaml"
echo
echo "Demo files are in $demo (config, database, log). Stop the mail stack with: bash deploy/dev/mailstack.sh stop"
