#!/usr/bin/env bash
# Private, loopback-only mail stack (Dovecot + Postfix) for panelmail
# development, tests, the demo and the benchmark. See deploy/dev/README.md.
#
#   deploy/dev/mailstack.sh start|stop|status|reset
#   deploy/dev/mailstack.sh deliver USER FILE | clear USER | count USER [FOLDER]
#   deploy/dev/mailstack.sh mailq|flush
#
# Stack folder: $PANELMAIL_STACK_DIR (default /tmp/panelmail-mailstack).
# `start` prints the path of $DIR/stack.env (KEY=VALUE lines) on stdout and
# nothing else; progress and errors go to stderr. Needs root (re-runs itself
# through sudo otherwise). Nothing here listens on a non-loopback address.
set -euo pipefail

PROG=${0##*/}

die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

usage() {
    cat >&2 <<'EOF'
usage: mailstack.sh COMMAND [ARGS]
  start                 start (or reuse) the stack, print the path of stack.env
  stop                  stop Dovecot and Postfix, keep the files
  status                exit 0 if the servers are up and answering
  reset                 stop and delete the stack folder
  deliver USER FILE     store FILE (.eml, or - for stdin) in USER's INBOX
  clear USER            expunge every message in every folder of USER
  count USER [FOLDER]   print the number of messages (default INBOX; 0 if absent)
  mailq                 print the Postfix queue
  flush                 ask Postfix to retry all deferred mail now
USER is a local part (panel, worker1, outsider, ...) or a full address.
Environment: PANELMAIL_STACK_DIR, and before `start` MAILSTACK_IMAP_PORT,
MAILSTACK_IMAPS_PORT, MAILSTACK_SMTP_PORT, MAILSTACK_SUBMISSIONS_PORT,
MAILSTACK_LMTP_PORT, MAILSTACK_DKIM_PORT.
EOF
}

# --- settings ---------------------------------------------------------------

DIR=${PANELMAIL_STACK_DIR:-/tmp/panelmail-mailstack}
[[ $DIR == /* ]] || DIR=$PWD/$DIR
while [[ $DIR == */ && $DIR != / ]]; do DIR=${DIR%/}; done

readonly HOST=127.0.0.1
readonly DOMAIN=council.test
readonly OTHER_DOMAIN=elsewhere.test
readonly COUNCIL_USERS=(panel worker1 worker2 worker3 manager1 admin duty clerk lead)
readonly OTHER_USERS=(outsider)

readonly ENV_FILE=$DIR/stack.env
readonly MARKER=$DIR/.panelmail-mailstack
readonly TLS_DIR=$DIR/tls
readonly DOVE_DIR=$DIR/dovecot
readonly DOVE_CONF=$DOVE_DIR/dovecot.conf
readonly DOVE_USERS=$DOVE_DIR/users
readonly DOVE_RUN=$DOVE_DIR/run
readonly DOVE_PID=$DOVE_RUN/master.pid
readonly PF_DIR=$DIR/postfix
# Queue and data must not sit inside the config folder, or `postfix start`'s
# integrity check walks them and warns that they are not owned by root.
readonly PF_QUEUE=$DIR/postfix-queue
readonly PF_DATA=$DIR/postfix-data
readonly PF_PID=$PF_QUEUE/pid/master.pid
readonly MAIL_DIR=$DIR/mail
# OpenDKIM refuses files (configuration, key, pid) in a folder others may
# write to, such as /tmp: they live under /run, named after the stack folder.
DKIM_DIR=/run/panelmail-mailstack/$(printf '%s' "$DIR" | sha256sum | cut -c1-12)
readonly DKIM_DIR
readonly DKIM_CONF=$DKIM_DIR/opendkim.conf
readonly DKIM_PID=$DKIM_DIR/opendkim.pid
readonly DKIM_SELECTOR=panel
readonly LOG_DIR=$DIR/log
readonly LOCK_FILE=$DIR.lock
readonly PORT_VARS=(MAILSTACK_IMAP_PORT MAILSTACK_IMAPS_PORT MAILSTACK_SMTP_PORT
    MAILSTACK_SUBMISSIONS_PORT MAILSTACK_LMTP_PORT MAILSTACK_DKIM_PORT)

# --- privileges -------------------------------------------------------------

ensure_root() {
    if [[ $EUID -eq 0 ]]; then return 0; fi
    command -v sudo >/dev/null 2>&1 || die "must run as root (sudo not found)"
    local -a passenv=("PANELMAIL_STACK_DIR=$DIR")
    local v
    for v in "${PORT_VARS[@]}"; do
        if [[ -n ${!v:-} ]]; then passenv+=("$v=${!v}"); fi
    done
    exec sudo -n -- env "${passenv[@]}" "$(readlink -f "$0")" "$@"
}

# Serialise start/stop/reset between concurrent callers (parallel tests).
# The lock file sits next to the folder so `reset` can delete the folder.
# Daemons are started with fd 9 closed, or they would hold the lock forever.
take_lock() {
    mkdir -p "$(dirname "$DIR")"
    exec 9>"$LOCK_FILE"
    flock -w 180 9 || die "timed out waiting for $LOCK_FILE"
}

# --- small helpers ----------------------------------------------------------

# Prints the PID in FILE if that process is alive and its name is COMM.
live_pid() {
    local file=$1 comm=$2 pid
    [[ -r $file ]] || return 1
    pid=$(tr -dc '0-9' <"$file" 2>/dev/null || true)
    [[ -n $pid ]] || return 1
    [[ -r /proc/$pid/comm && $(</proc/"$pid"/comm) == "$comm" ]] || return 1
    printf '%s\n' "$pid"
}
dovecot_pid() { live_pid "$DOVE_PID" dovecot; }
postfix_pid() { live_pid "$PF_PID" master; }
opendkim_pid() { live_pid "$DKIM_PID" opendkim; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Reads the greeting on PORT and checks it starts with EXPECT, then says
# goodbye with BYE so the servers do not log lost connections.
probe_banner() {
    local port=$1 expect=$2 bye=$3
    (
        exec 3<>"/dev/tcp/$HOST/$port" || exit 1
        line=
        IFS= read -r -t 3 line <&3 || true
        printf '%s\r\n' "$bye" >&3 2>/dev/null || true
        exec 3>&- 3<&-
        [[ $line == "$expect"* ]]
    ) 2>/dev/null
}

# Full TLS handshake on PORT, verified against our CA and 127.0.0.1.
probe_tls() {
    timeout 5 openssl s_client -connect "$HOST:$1" -CAfile "$TLS_DIR/ca.pem" \
        -verify_return_error -verify_ip "$HOST" -brief </dev/null >/dev/null 2>&1
}

check_port_var() {
    local name=$1 value=$2
    if [[ ! $value =~ ^[0-9]+$ ]] || ((value < 1 || value > 65535)); then
        die "$name must be a TCP port number, got '$value'"
    fi
}

# Reads stack.env into MS_<KEY> shell variables (without sourcing it).
load_env() {
    [[ -r $ENV_FILE ]] || die "no stack at $DIR (run: $PROG start)"
    local key value
    while IFS='=' read -r key value; do
        [[ $key =~ ^MAILSTACK_[A-Z_]+$ ]] || continue
        printf -v "MS_${key#MAILSTACK_}" '%s' "$value"
    done <"$ENV_FILE"
}

# Full address for a local part (or a full address), from the users file.
address_of() {
    local user=${1,,} addr
    [[ -n $user ]] || die "missing USER"
    [[ -r $DOVE_USERS ]] || die "no stack at $DIR (run: $PROG start)"
    addr=$(awk -F: -v u="$user" '
        { a = tolower($1); split(a, p, "@") }
        a == u || p[1] == u { print a; exit }
    ' "$DOVE_USERS")
    [[ -n $addr ]] || die "unknown user '$1'"
    printf '%s\n' "$addr"
}

doveadm_cmd() { doveadm -c "$DOVE_CONF" "$@"; }

require_dovecot() { dovecot_pid >/dev/null || die "Dovecot is not running (run: $PROG start)"; }
require_postfix() { postfix_pid >/dev/null || die "Postfix is not running (run: $PROG start)"; }

# --- health -----------------------------------------------------------------

healthy() {
    [[ -r $ENV_FILE ]] || return 1
    dovecot_pid >/dev/null || return 1
    postfix_pid >/dev/null || return 1
    opendkim_pid >/dev/null || return 1
    load_env
    [[ -n ${MS_DKIM_PORT:-} ]] || return 1
    probe_banner "$MS_IMAP_PORT" '* OK' 'a LOGOUT' &&
        probe_banner "$MS_SMTP_PORT" '220' 'QUIT' &&
        probe_banner "$MS_LMTP_PORT" '220' 'QUIT' &&
        probe_tls "$MS_IMAPS_PORT" &&
        probe_tls "$MS_SUBMISSIONS_PORT"
}

# Waits until every listener answers (TLS ports with a verified handshake).
wait_ready() {
    local deadline=$((SECONDS + 30))
    local imap=0 imaps=0 smtp=0 smtps=0 lmtp=0 dkim=0
    while ((SECONDS < deadline)); do
        ((imap)) || { probe_banner "$IMAP_PORT" '* OK' 'a LOGOUT' && imap=1; }
        ((imaps)) || { probe_tls "$IMAPS_PORT" && imaps=1; }
        ((lmtp)) || { probe_banner "$LMTP_PORT" '220' 'QUIT' && lmtp=1; }
        ((smtp)) || { probe_banner "$SMTP_PORT" '220' 'QUIT' && smtp=1; }
        ((smtps)) || { probe_tls "$SUBMISSIONS_PORT" && smtps=1; }
        ((dkim)) || { port_open "$DKIM_PORT" && dkim=1; }
        ((imap && imaps && smtp && smtps && lmtp && dkim)) && return 0
        opendkim_pid >/dev/null || { show_logs; die "OpenDKIM exited during start-up"; }
        dovecot_pid >/dev/null || { show_logs; die "Dovecot exited during start-up"; }
        postfix_pid >/dev/null || { show_logs; die "Postfix exited during start-up"; }
        sleep 0.1
    done
    show_logs
    die "timed out waiting for the servers (imap=$imap imaps=$imaps smtp=$smtp submissions=$smtps lmtp=$lmtp opendkim=$dkim)"
}

show_logs() {
    local f
    for f in "$LOG_DIR"/*; do
        [[ -s $f ]] || continue
        say "--- last lines of $f"
        tail -n 15 "$f" >&2 || true
    done
}

# --- generation -------------------------------------------------------------

random_password() {
    local s=
    while ((${#s} < 24)); do
        s+=$(openssl rand -base64 48)
        s=${s//[^A-Za-z0-9]/}
    done
    printf '%s\n' "${s:0:24}"
}

prepare_folder() {
    if [[ -e $DIR && ! -e $MARKER ]]; then
        [[ -d $DIR && -z $(ls -A "$DIR") ]] \
            || die "$DIR exists and is not a mail stack folder; refusing to use it"
    fi
    # Sockets live under the folder; keep room for Dovecot's longest names.
    ((${#DIR} <= 64)) || die "PANELMAIL_STACK_DIR is too long for Unix socket paths (max 64 chars): $DIR"
    mkdir -p "$DIR"
    chmod 0755 "$DIR"
    touch "$MARKER"
    local u
    for u in dovecot dovenull postfix mail; do
        getent passwd "$u" >/dev/null || die "system user '$u' is missing (run deploy/dev/install-deps.sh)"
        runuser -u "$u" -- test -x "$DIR" \
            || die "$DIR is not reachable by user '$u': make its parent folders world-traversable (chmod o+x)"
    done
    mkdir -p "$LOG_DIR" "$TLS_DIR" "$DOVE_DIR" "$PF_DIR" "$MAIL_DIR"
    chmod 0755 "$LOG_DIR" "$TLS_DIR" "$DOVE_DIR" "$PF_DIR"
    chown mail:mail "$MAIL_DIR"
    chmod 0750 "$MAIL_DIR"
    make_postfix_dirs
}

# Creates the queue and data folders exactly as Postfix's own postfix-files
# list says. `postfix start` would create them too, but its create-missing
# pass takes about 1.5 s on a fresh folder.
# shellcheck disable=SC2016 # '$queue_directory' etc. are literal text here
make_postfix_dirs() {
    local files
    files=$(postconf -h meta_directory 2>/dev/null || echo /etc/postfix)/postfix-files
    mkdir -p "$PF_QUEUE" "$PF_DATA"
    chown root:root "$PF_QUEUE"
    chmod 0755 "$PF_QUEUE"
    chown postfix:postfix "$PF_DATA"
    chmod 0700 "$PF_DATA"
    [[ -r $files ]] || return 0
    local path type owner group mode rest dir
    while IFS=: read -r path type owner group mode rest; do
        [[ $type == d && $path == '$queue_directory/'* ]] || continue
        dir=$PF_QUEUE/${path#'$queue_directory/'}
        if [[ $owner == '$mail_owner' ]]; then owner=postfix; fi
        if [[ $group == '$setgid_group' ]]; then group=postdrop; fi
        if [[ $group == - ]]; then group=root; fi
        mkdir -p "$dir"
        chown "$owner:$group" "$dir"
        chmod "$mode" "$dir"
    done <"$files"
}

tls_is_usable() {
    local d=$TLS_DIR
    [[ -s $d/ca.pem && -s $d/server.pem && -s $d/server.key ]] || return 1
    openssl x509 -in "$d/server.pem" -noout -checkend 86400 >/dev/null 2>&1 || return 1
    openssl verify -CAfile "$d/ca.pem" "$d/server.pem" >/dev/null 2>&1
}

generate_tls() {
    local d=$TLS_DIR cnf=$TLS_DIR/openssl.cnf
    rm -f "$d"/*
    cat >"$cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
nameConstraints = critical,permitted;DNS:localhost,permitted;IP:127.0.0.0/255.0.0.0
[v3_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    (
        umask 077
        openssl req -x509 -config "$cnf" -extensions v3_ca -newkey rsa:2048 -nodes \
            -sha256 -days 3650 -subj "/O=panelmail dev stack/CN=panelmail dev CA $(date -u +%Y%m%d%H%M%S)" \
            -keyout "$d/ca.key" -out "$d/ca.pem"
        openssl req -new -config "$cnf" -newkey rsa:2048 -nodes -sha256 \
            -subj "/O=panelmail dev stack/CN=localhost" -keyout "$d/server.key" -out "$d/server.csr"
        openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
            -set_serial "0x1$(openssl rand -hex 15)" -days 825 -sha256 \
            -extfile "$cnf" -extensions v3_server -out "$d/server.pem"
    ) >>"$LOG_DIR/openssl.log" 2>&1 || { tail -n 20 "$LOG_DIR/openssl.log" >&2; die "TLS generation failed"; }
    # The CA signs only this one certificate; drop its key so ca.pem can never
    # vouch for anything else, even if someone trusts it system-wide.
    rm -f "$d/ca.key" "$d/server.csr"
    chmod 0644 "$d/ca.pem" "$d/server.pem"
    chmod 0600 "$d/server.key"
}

write_users() {
    local uid gid u tmp=$DOVE_USERS.tmp
    uid=$(id -u mail)
    gid=$(id -g mail)
    : >"$tmp"
    chown root:dovecot "$tmp"
    chmod 0640 "$tmp"
    for u in "${COUNCIL_USERS[@]}"; do
        printf '%s@%s:{PLAIN}%s:%s:%s::%s/%s/%s::\n' "$u" "$DOMAIN" "$PASSWORD" "$uid" "$gid" \
            "$MAIL_DIR" "$DOMAIN" "$u" >>"$tmp"
    done
    for u in "${OTHER_USERS[@]}"; do
        printf '%s@%s:{PLAIN}%s:%s:%s::%s/%s/%s::\n' "$u" "$OTHER_DOMAIN" "$PASSWORD" "$uid" "$gid" \
            "$MAIL_DIR" "$OTHER_DOMAIN" "$u" >>"$tmp"
    done
    mv -f "$tmp" "$DOVE_USERS"
}

write_dovecot_conf() {
    local uid gid dh=
    uid=$(id -u mail)
    gid=$(id -g mail)
    [[ -r /usr/share/dovecot/dh.pem ]] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
    cat >"$DOVE_CONF" <<EOF
# Generated by deploy/dev/mailstack.sh on every start: edits are overwritten.
instance_name = panelmail-mailstack
# The name in the Received field LMTP adds: the council's mailbox server.
hostname = imap.$DOMAIN
base_dir = $DOVE_RUN
state_dir = $DOVE_DIR/state
listen = $HOST
protocols = imap lmtp
log_path = $LOG_DIR/dovecot.log
log_timestamp = "%Y-%m-%d %H:%M:%S "
verbose_proctitle = yes
auth_verbose = yes

ssl = yes
ssl_cert = <$TLS_DIR/server.pem
ssl_key = <$TLS_DIR/server.key
ssl_min_protocol = TLSv1.2
$dh

# Plain-text login is allowed too: everything is on loopback.
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
recipient_delimiter = +

mail_location = maildir:$MAIL_DIR/%d/%n
mail_uid = $uid
mail_gid = $gid
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
last_valid_gid = $gid

namespace inbox {
  inbox = yes
}

# Login by full address only (panel@$DOMAIN).
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DOVE_USERS
}
userdb {
  driver = passwd-file
  args = username_format=%u $DOVE_USERS
}

default_process_limit = 200
service imap-login {
  inet_listener imap {
    address = $HOST
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = $HOST
    port = $IMAPS_PORT
    ssl = yes
  }
  # High-performance mode: TLS sessions do not each pin a login process.
  service_count = 0
  process_min_avail = 1
}
service imap {
  process_limit = 1024
}
service lmtp {
  inet_listener lmtp {
    address = $HOST
    port = $LMTP_PORT
  }
}
# No brute-force penalty: every client is 127.0.0.1, and one wrong-password
# test would otherwise slow every later login (up to 15 s) for everyone.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
protocol imap {
  mail_max_userip_connections = 50
}
protocol lmtp {
  recipient_delimiter = +
  lmtp_save_to_detail_mailbox = no
}
EOF
}

write_postfix_conf() {
    local reject="error:5.7.1 external delivery is disabled in the panelmail dev stack"
    cat >"$PF_DIR/main.cf" <<EOF
# Generated by deploy/dev/mailstack.sh on every start: edits are overwritten.
compatibility_level = 3.6
queue_directory = $PF_QUEUE
data_directory = $PF_DATA
mail_owner = postfix
setgid_group = postdrop
maillog_file = $LOG_DIR/postfix.log
maillog_file_prefixes = $LOG_DIR

# The council's receiving server (MX): its Received fields and the
# Authentication-Results OpenDKIM writes for it carry this name.
myhostname = mx.$DOMAIN
mydomain = $DOMAIN
myorigin = \$mydomain
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_banner = \$myhostname ESMTP panelmail dev stack
biff = no
append_dot_mydomain = no
alias_maps =
alias_database =
local_recipient_maps =
smtpd_peername_lookup = no

# Every address at these domains is accepted at RCPT time and handed to
# Dovecot; unknown users are refused by LMTP and bounced here with a DSN.
virtual_mailbox_domains = $DOMAIN $OTHER_DOMAIN
virtual_mailbox_maps =
virtual_alias_maps =
virtual_transport = lmtp:inet:$HOST:$LMTP_PORT
smtpd_reject_unlisted_recipient = no
smtpd_reject_unlisted_sender = no
recipient_delimiter = +
# Nothing ever leaves the machine: other domains bounce at once.
relay_domains =
default_transport = $reject
relay_transport = $reject

smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination
smtpd_recipient_restrictions =
authorized_submit_users = static:anyone
authorized_mailq_users = static:anyone
authorized_flush_users = static:anyone

smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = $DOVE_RUN/auth-postfix
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous
smtpd_tls_security_level = may
smtpd_tls_auth_only = no
smtpd_tls_cert_file = $TLS_DIR/server.pem
smtpd_tls_key_file = $TLS_DIR/server.key
smtpd_tls_protocols = >=TLSv1.2
smtpd_tls_received_header = yes
lmtp_tls_security_level = none

message_size_limit = 104857600
mailbox_size_limit = 0
virtual_mailbox_limit = 0
in_flow_delay = 0
default_process_limit = 200

# OpenDKIM signs what members submit (port 465, SUBMISSION) and verifies
# what arrives on the receiving port, writing Authentication-Results for
# mx.$DOMAIN: the evidence panelmail trusts for a decision's sender.
smtpd_milters = inet:$HOST:$DKIM_PORT
milter_default_action = accept
milter_connect_macros = j {daemon_name} {daemon_addr} v _

# Fast retries and short lifetimes for tests.
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 10s
maximal_queue_lifetime = 5m
bounce_queue_lifetime = 5m
delay_warning_time = 0h
EOF

    # master.cf: the packaged one, minus every inet service (port 25 too),
    # with chroot off everywhere, plus our two loopback smtpd listeners.
    local src=/usr/share/postfix/master.cf.dist
    [[ -r $src ]] || src=/etc/postfix/master.cf
    [[ -r $src ]] || die "no master.cf template found (is postfix installed?)"
    {
        echo "# Generated by deploy/dev/mailstack.sh from $src: edits are overwritten."
        awk '
            /^#/ || /^[ \t]*$/ { next }
            /^[ \t]/ { if (keep) print; next }
            {
                keep = ($2 != "inet")
                if (!keep) next
                if ($1 == "postlog") seen_postlog = 1
                $5 = "n"
                printf "%-10s %-10s %-5s %-5s %-5s %-7s %-5s", $1, $2, $3, $4, $5, $6, $7
                for (i = 8; i <= NF; i++) printf " %s", $i
                printf "\n"
            }
            END { if (!seen_postlog) print "postlog    unix-dgram n     -     n     -       1     postlogd" }
        ' "$src"
        cat <<EOF
$HOST:$SMTP_PORT inet n - n - - smtpd
$HOST:$SUBMISSIONS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submissions
  -o myhostname=submit.$DOMAIN
  -o milter_macro_daemon_name=SUBMISSION
  -o content_filter=to-mx:[$HOST]:$SMTP_PORT
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
to-mx      unix  -       -       n       -       -       smtp
  -o syslog_name=postfix/to-mx
  -o myhostname=submit.$DOMAIN
  -o smtp_tls_security_level=none
EOF
    } >"$PF_DIR/master.cf.tmp"
    mv -f "$PF_DIR/master.cf.tmp" "$PF_DIR/master.cf"
    chmod 0644 "$PF_DIR/main.cf" "$PF_DIR/master.cf"
    # Postfix will not read a table whose mtime is this second or later (it
    # sleeps in 300 ms steps until the file looks "stable"): backdate them.
    touch -d "@$((EPOCHSECONDS - 5))" "$PF_DIR/main.cf" "$PF_DIR/master.cf"
}

# A 2048-bit signing key for $DOMAIN, kept across restarts; its public half
# goes in a TestPublicKeys file, since nothing here has DNS.
generate_dkim_key() {
    mkdir -p "$DKIM_DIR"
    chmod 0700 "${DKIM_DIR%/*}" "$DKIM_DIR"
    [[ -s $DKIM_DIR/$DKIM_SELECTOR.private ]] && return 0
    openssl genrsa -out "$DKIM_DIR/$DKIM_SELECTOR.private.tmp" 2048 2>/dev/null || die "openssl could not make a DKIM key"
    chmod 0600 "$DKIM_DIR/$DKIM_SELECTOR.private.tmp"
    mv -f "$DKIM_DIR/$DKIM_SELECTOR.private.tmp" "$DKIM_DIR/$DKIM_SELECTOR.private"
}

write_opendkim_conf() {
    local public
    public=$(openssl rsa -in "$DKIM_DIR/$DKIM_SELECTOR.private" -pubout -outform DER 2>/dev/null | base64 -w0) \
        || die "openssl could not read the DKIM key"
    printf '%s v=DKIM1; k=rsa; p=%s\n' "$DKIM_SELECTOR._domainkey.$DOMAIN" "$public" >"$DKIM_DIR/keys"
    cat >"$DKIM_CONF" <<EOF
# Generated by deploy/dev/mailstack.sh on every start: edits are overwritten.
Mode                sv
Socket              inet:$DKIM_PORT@$HOST
PidFile             $DKIM_PID
Background          yes
Syslog              no
Domain              $DOMAIN
Selector            $DKIM_SELECTOR
KeyFile             $DKIM_DIR/$DKIM_SELECTOR.private
TestPublicKeys      $DKIM_DIR/keys
Canonicalization    relaxed/relaxed
OversignHeaders     From
# Sign only what a member submitted with AUTH; every client here is on
# loopback, so no host counts as internal.
MacroList           daemon_name|SUBMISSION
InternalHosts       192.0.2.1
AuthservID          mx.$DOMAIN
AlwaysAddARHeader   yes
# Results a sender wrote in for mx.$DOMAIN are removed.
RemoveARFrom        mx.$DOMAIN
RemoveARAll         yes
EOF
    chmod 0600 "$DKIM_CONF"
}

write_env() {
    local tmp=$ENV_FILE.tmp users=() u
    for u in "${COUNCIL_USERS[@]}" "${OTHER_USERS[@]}"; do users+=("$u"); done
    local IFS=,
    cat >"$tmp" <<EOF
MAILSTACK_DIR=$DIR
MAILSTACK_HOST=$HOST
MAILSTACK_IMAP_PORT=$IMAP_PORT
MAILSTACK_IMAPS_PORT=$IMAPS_PORT
MAILSTACK_SMTP_PORT=$SMTP_PORT
MAILSTACK_SUBMISSIONS_PORT=$SUBMISSIONS_PORT
MAILSTACK_LMTP_PORT=$LMTP_PORT
MAILSTACK_DKIM_PORT=$DKIM_PORT
MAILSTACK_DOMAIN=$DOMAIN
MAILSTACK_OTHER_DOMAIN=$OTHER_DOMAIN
MAILSTACK_PASSWORD=$PASSWORD
MAILSTACK_CA_FILE=$TLS_DIR/ca.pem
MAILSTACK_USERS=${users[*]}
EOF
    chmod 0644 "$tmp"
    mv -f "$tmp" "$ENV_FILE"
}

# --- commands ---------------------------------------------------------------

# Waits up to 10 s for PID to exit, then kills it (both are our own masters).
wait_gone() {
    local pid=$1 name=$2 i
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    say "$name master $pid did not stop; killing it"
    kill -KILL "$pid" 2>/dev/null || true
}

# Both servers are told to stop first, then waited for together: Dovecot
# alone takes about 3 s to shut down, Postfix about 1 s.
stop_servers() {
    local pf_pid="" dc_pid="" dk_pid=""
    if pf_pid=$(postfix_pid); then
        postfix -c "$PF_DIR" stop </dev/null >>"$LOG_DIR/postfix.stdout" 2>&1 9>&- || true
    fi
    if dc_pid=$(dovecot_pid); then
        kill -TERM "$dc_pid" 2>/dev/null || true
    fi
    if dk_pid=$(opendkim_pid); then
        kill -TERM "$dk_pid" 2>/dev/null || true
    fi
    [[ -z $dk_pid ]] || wait_gone "$dk_pid" OpenDKIM
    [[ -z $pf_pid ]] || wait_gone "$pf_pid" Postfix
    [[ -z $dc_pid ]] || wait_gone "$dc_pid" Dovecot
}

cmd_start() {
    take_lock
    if healthy; then
        printf '%s\n' "$ENV_FILE"
        return 0
    fi
    if [[ -e $MARKER ]] && { dovecot_pid >/dev/null || postfix_pid >/dev/null || opendkim_pid >/dev/null; }; then
        say "stack at $DIR is only partly up; restarting it"
        stop_servers
    fi

    IMAP_PORT=${MAILSTACK_IMAP_PORT:-14143}
    IMAPS_PORT=${MAILSTACK_IMAPS_PORT:-14993}
    SMTP_PORT=${MAILSTACK_SMTP_PORT:-14025}
    SUBMISSIONS_PORT=${MAILSTACK_SUBMISSIONS_PORT:-14465}
    LMTP_PORT=${MAILSTACK_LMTP_PORT:-14024}
    DKIM_PORT=${MAILSTACK_DKIM_PORT:-14891}
    if [[ -e $DIR && ! -e $MARKER ]] && [[ ! -d $DIR || -n $(ls -A "$DIR") ]]; then
        die "$DIR exists and is not a mail stack folder; refusing to use it"
    fi
    local v p
    for v in "${PORT_VARS[@]}"; do
        p=${v#MAILSTACK_}
        check_port_var "$v" "${!p}"
    done
    for p in "$IMAP_PORT" "$IMAPS_PORT" "$SMTP_PORT" "$SUBMISSIONS_PORT" "$LMTP_PORT" "$DKIM_PORT"; do
        if port_open "$p"; then
            die "port $HOST:$p is already in use (another stack? set PANELMAIL_STACK_DIR or MAILSTACK_*_PORT)"
        fi
    done

    prepare_folder
    # Keep the password (and TLS, and mail) of an existing stack across
    # stop/start; `reset` gives a fresh one.
    PASSWORD=
    if [[ -r $ENV_FILE ]]; then
        PASSWORD=$(sed -n 's/^MAILSTACK_PASSWORD=\([A-Za-z0-9]\{24\}\)$/\1/p' "$ENV_FILE")
    fi
    [[ -n $PASSWORD ]] || PASSWORD=$(random_password)
    tls_is_usable || generate_tls
    write_users
    write_dovecot_conf
    write_postfix_conf
    generate_dkim_key
    write_opendkim_conf
    write_env

    command -v opendkim >/dev/null || die "opendkim is missing (run deploy/dev/install-deps.sh)"
    opendkim -x "$DKIM_CONF" </dev/null >>"$LOG_DIR/opendkim.stdout" 2>&1 9>&- || {
        show_logs
        die "OpenDKIM failed to start"
    }
    # Dovecot first: Postfix needs its SASL socket and LMTP.
    dovecot -c "$DOVE_CONF" </dev/null >>"$LOG_DIR/dovecot.stdout" 2>&1 9>&- || {
        show_logs
        die "Dovecot failed to start"
    }
    postfix -c "$PF_DIR" start </dev/null >>"$LOG_DIR/postfix.stdout" 2>&1 9>&- || {
        show_logs
        die "Postfix failed to start"
    }
    wait_ready
    printf '%s\n' "$ENV_FILE"
}

cmd_stop() {
    [[ -e $DIR ]] || return 0
    take_lock
    [[ -e $MARKER ]] || return 0
    stop_servers
}

cmd_status() {
    if healthy; then
        say "up: $DIR (IMAP $MS_IMAP_PORT, IMAPS $MS_IMAPS_PORT, SMTP $MS_SMTP_PORT, submissions $MS_SUBMISSIONS_PORT, LMTP $MS_LMTP_PORT, OpenDKIM $MS_DKIM_PORT)"
        return 0
    fi
    local d=down p=down
    dovecot_pid >/dev/null && d=running
    postfix_pid >/dev/null && p=running
    say "not healthy: $DIR (dovecot $d, postfix $p)"
    return 1
}

cmd_reset() {
    [[ -e $DIR ]] || return 0
    take_lock
    if [[ -e $DIR ]]; then
        if [[ ! -e $MARKER ]]; then
            [[ -d $DIR && -z $(ls -A "$DIR") ]] \
                || die "$DIR is not a mail stack folder; refusing to delete it"
        else
            stop_servers
        fi
        rm -rf --one-file-system -- "$DIR" "$DKIM_DIR"
    fi
}

cmd_deliver() {
    (($# == 2)) || die "usage: $PROG deliver USER FILE"
    local addr file=$2
    addr=$(address_of "$1")
    require_dovecot
    if [[ $file == - ]]; then
        doveadm_cmd save -u "$addr" -m INBOX
    else
        [[ -f $file && -r $file ]] || die "cannot read $file"
        doveadm_cmd save -u "$addr" -m INBOX <"$file"
    fi
}

cmd_clear() {
    (($# == 1)) || die "usage: $PROG clear USER"
    local addr
    addr=$(address_of "$1")
    require_dovecot
    doveadm_cmd expunge -u "$addr" mailbox '*' all
}

cmd_count() {
    (($# == 1 || $# == 2)) || die "usage: $PROG count USER [FOLDER]"
    local addr folder=${2:-INBOX} out err
    addr=$(address_of "$1")
    require_dovecot
    err=$(mktemp)
    if out=$(doveadm_cmd -f flow mailbox status -u "$addr" messages "$folder" 2>"$err"); then
        rm -f "$err"
        out=${out##*messages=}
        [[ $out =~ ^[0-9]+$ ]] || die "unexpected doveadm output for $addr $folder: $out"
        printf '%s\n' "$out"
        return 0
    fi
    if grep -qi "doesn't exist\|not found" "$err"; then
        rm -f "$err"
        echo 0
        return 0
    fi
    cat "$err" >&2
    rm -f "$err"
    die "count failed for $addr $folder"
}

cmd_mailq() {
    require_postfix
    postqueue -c "$PF_DIR" -p
}

cmd_flush() {
    require_postfix
    postqueue -c "$PF_DIR" -f
}

main() {
    (($# >= 1)) || { usage; exit 2; }
    local cmd=$1
    shift
    case $cmd in
        -h | --help | help) usage; exit 0 ;;
        start | stop | status | reset | deliver | clear | count | mailq | flush) ;;
        *) usage; die "unknown command '$cmd'" ;;
    esac
    ensure_root "$cmd" "$@"
    case $cmd in
        start) (($# == 0)) || die "usage: $PROG start"; cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        reset) cmd_reset ;;
        deliver) cmd_deliver "$@" ;;
        clear) cmd_clear "$@" ;;
        count) cmd_count "$@" ;;
        mailq) cmd_mailq ;;
        flush) cmd_flush ;;
    esac
}

main "$@"
