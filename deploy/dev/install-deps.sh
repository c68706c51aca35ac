#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages panelmail needs to build and to run its
# private mail stack (deploy/dev/mailstack.sh). Idempotent: installs only
# what is missing, and runs `apt-get update` only when something is missing.
# Works as root, or through sudo otherwise. Never prompts.
set -euo pipefail

PACKAGES=(
    libcurl4-openssl-dev
    libsqlite3-dev
    dovecot-imapd
    dovecot-lmtpd
    postfix
    opendkim
    openssl
    python3
)

die() { printf 'install-deps.sh: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'install-deps.sh: %s\n' "$*" >&2; }

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    die "needs a Debian-based system (dpkg and apt-get)"
fi

installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true) == installed ]]
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
    say "all packages already installed: ${PACKAGES[*]}"
    exit 0
fi

say "installing: ${missing[*]}"

SUDO=()
if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "run as root, or install sudo"
    SUDO=(sudo)
fi

# Postfix asks for a mailer type at install time. "Local only" keeps the
# system instance (not used by the dev stack) on loopback if it ever starts.
if ! installed postfix; then
    printf '%s\n' \
        'postfix postfix/main_mailer_type select Local only' \
        "postfix postfix/mailname string $(hostname)" \
        | "${SUDO[@]}" debconf-set-selections
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}" </dev/null

for pkg in "${missing[@]}"; do
    installed "$pkg" || die "$pkg did not install"
done
say "done"
