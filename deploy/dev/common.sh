# shellcheck shell=bash
# Sourced by demo.sh and bench.sh: installs what is needed, starts the private mail
# stack, loads its settings (MAILSTACK_*), and builds panelmail in release mode ($bin).
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
export top=$PWD

bash deploy/dev/install-deps.sh
export PANELMAIL_STACK_DIR=${PANELMAIL_STACK_DIR:-/tmp/panelmail-mailstack}
env_file=$(bash deploy/dev/mailstack.sh start)
# shellcheck disable=SC1090
source "$env_file"
export IMAP_PASSWORD=$MAILSTACK_PASSWORD SMTP_PASSWORD=$MAILSTACK_PASSWORD

echo "== building panelmail (release)"
swift build -c release --product panelmail 2>&1 | tail -1
bin=$(swift build -c release --show-bin-path)/panelmail
export bin
