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
for user in panel worker1 worker2 worker3 admin duty manager1 lead; do bash deploy/dev/mailstack.sh clear "$user" >/dev/null; done

# The panel: the stack's duty, lead and clerk mailboxes, and a decision secret.
cat > "$demo/panel.yaml" <<YAML
members:
  - name: Dana Duty
    addresses: [duty@$MAILSTACK_DOMAIN]
    roles: [duty]
  - name: Lee Lead
    addresses: [lead@$MAILSTACK_DOMAIN]
    roles: [lead]
  - name: Chris Clerk
    addresses: [clerk@$MAILSTACK_DOMAIN]
    roles: [clerk]
duty_mailbox: panel-duty@$MAILSTACK_DOMAIN
rota: {monday: Dana Duty, tuesday: Dana Duty, wednesday: Dana Duty, thursday: Dana Duty, friday: Dana Duty}
YAML
(umask 077; openssl rand -base64 32 > "$demo/decision.key")

cat > "$demo/panelmail.yaml" <<YAML
panel:
  address: panel@$MAILSTACK_DOMAIN
  admin_address: admin@$MAILSTACK_DOMAIN
  members_file: $demo/panel.yaml
decisions:
  secret_file: $demo/decision.key
  # The stack's receiving server writes the Authentication-Results that vouch for
  # the duty member's reply (deploy/dev/README.md).
  authserv_id: mx.$MAILSTACK_DOMAIN
  receiving_hosts: [mx.$MAILSTACK_DOMAIN, imap.$MAILSTACK_DOMAIN]
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
working_hours:
  bank_holidays_file: $top/Config/bank-holidays.json
form:
  file: $top/Config/request-form.yaml
YAML

echo "== checking the configuration"
"$bin" check-config --config "$demo/panelmail.yaml"

echo "== workers send requests to panel@$MAILSTACK_DOMAIN"
python3 deploy/dev/send-samples.py "$MAILSTACK_HOST" "$MAILSTACK_SMTP_PORT" "$MAILSTACK_DOMAIN" "$top"

echo "== running panelmail (stops by itself after 30 seconds)"
"$bin" run --config "$demo/panelmail.yaml" > "$demo/panelmail.log" 2>&1 &
pid=$!
sleep 12
echo "== worker3 replies to the list of what was missing with just those lines"
MAILSTACK_CA_FILE=$MAILSTACK_CA_FILE MAILSTACK_IMAPS_PORT=$MAILSTACK_IMAPS_PORT MAILSTACK_PASSWORD=$MAILSTACK_PASSWORD \
    python3 deploy/dev/send-samples.py "$MAILSTACK_HOST" "$MAILSTACK_SMTP_PORT" "$MAILSTACK_DOMAIN" "$top" --reply
sleep 6
echo "== the duty panel member replies APPROVE to the urgent request's notice"
MAILSTACK_CA_FILE=$MAILSTACK_CA_FILE MAILSTACK_IMAPS_PORT=$MAILSTACK_IMAPS_PORT MAILSTACK_PASSWORD=$MAILSTACK_PASSWORD \
    MAILSTACK_SUBMISSIONS_PORT=$MAILSTACK_SUBMISSIONS_PORT \
    python3 deploy/dev/send-samples.py "$MAILSTACK_HOST" "$MAILSTACK_SMTP_PORT" "$MAILSTACK_DOMAIN" "$top" --decide
sleep 12
kill -TERM "$pid"
wait "$pid" || true
sed -e 's/^/  log: /' "$demo/panelmail.log" | head -60

echo "== what the workers received"
python3 deploy/dev/show-inbox.py "$MAILSTACK_HOST" "$MAILSTACK_IMAPS_PORT" "$MAILSTACK_CA_FILE" "$MAILSTACK_PASSWORD" \
    "worker1@$MAILSTACK_DOMAIN" "worker2@$MAILSTACK_DOMAIN" "worker3@$MAILSTACK_DOMAIN"
echo "== what the duty panel member and a team manager received"
echo "   (an urgent request that arrives outside working time has its duty notice queued"
echo "   for 09:00 on the next working day: outbox list below shows it waiting)"
SHOW_LINES=16 python3 deploy/dev/show-inbox.py "$MAILSTACK_HOST" "$MAILSTACK_IMAPS_PORT" "$MAILSTACK_CA_FILE" "$MAILSTACK_PASSWORD" \
    "duty@$MAILSTACK_DOMAIN" "manager1@$MAILSTACK_DOMAIN"

echo "== panelmail's own view"
"$bin" requests list --config "$demo/panelmail.yaml"
echo "== the request worker3 completed by reply"
completed=$("$bin" requests list --config "$demo/panelmail.yaml" | awk '/^ARP-/ && /worker3/ {print $1; exit}')
if [ -n "$completed" ]; then
    "$bin" requests show "$completed" --config "$demo/panelmail.yaml"
    echo "== its history"
    "$bin" requests history "$completed" --config "$demo/panelmail.yaml"
fi
"$bin" outbox list --config "$demo/panelmail.yaml"
echo
echo "Demo files are in $demo (config, database, log). Stop the mail stack with: bash deploy/dev/mailstack.sh stop"
