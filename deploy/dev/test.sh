#!/usr/bin/env bash
# The test command (README.md): installs the system packages, starts the private mail
# stack on loopback, builds, and runs every test (unit, integration, crash).
set -euo pipefail
cd "$(dirname "$0")/../.."

bash deploy/dev/install-deps.sh
export PANELMAIL_STACK_DIR=${PANELMAIL_STACK_DIR:-/tmp/panelmail-mailstack}
bash deploy/dev/mailstack.sh start >/dev/null

swift build --build-tests
swift test --skip-build --no-parallel "$@"
