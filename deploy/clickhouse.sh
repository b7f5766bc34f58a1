#!/usr/bin/env bash
# Project-local ClickHouse for bdg: install Debian's package when missing, start an
# instance whose config, data and logs live in a folder bdg owns, stop it by pid.
# The same server as bdg's Go supervisor (deploy/local.go), from the same templates:
# loopback only, native protocol only, DIR 0700, and the user `default` needs the
# password in DIR/clickhouse.password (0600, generated at the first start).
#
#   deploy/clickhouse.sh install
#   deploy/clickhouse.sh start DIR [TCP_PORT [HTTP_PORT]]   # prints KEY=VALUE lines (also in DIR/clickhouse.env)
#   deploy/clickhouse.sh stop DIR
#   deploy/clickhouse.sh status DIR
#
# No HTTP port unless HTTP_PORT is given. The printed lines name the password file
# (CH_PASSWORD_FILE) and a client config (CH_CLIENT_CONFIG) but never the password:
#   clickhouse-client --config-file "$CH_CLIENT_CONFIG"
# Safe to run twice: start on a running instance only reports it, unless that instance was
# started from older templates (an older bdg's, without a password): then it is restarted.
# stop on a stopped one does nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

server_bin() {
  for b in /usr/bin/clickhouse-server /usr/sbin/clickhouse-server /usr/bin/clickhouse; do
    [ -x "$b" ] && { echo "$b"; return 0; }
  done
  return 1
}

install() {
  if server_bin >/dev/null && command -v clickhouse-client >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "clickhouse.sh: clickhouse-server is missing and installing it needs root (apt-get)" >&2
    exit 1
  fi
  echo "clickhouse.sh: installing clickhouse-server and clickhouse-client (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q clickhouse-server clickhouse-client >/dev/null
  server_bin >/dev/null
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 20000))
    port_busy "$p" || { echo "$p"; return 0; }
  done
  echo "clickhouse.sh: no free port found" >&2
  return 1
}

alive() { # DIR -> 0 when the pid in DIR/clickhouse.pid is a running server on DIR
  local dir=$1 pid
  [ -f "$dir/clickhouse.pid" ] || return 1
  pid=$(cat "$dir/clickhouse.pid")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$dir/config.xml"
}

# The templates' version, as deploy/local.go computes it (CH_TEMPLATE_SHA256).
template_version() {
  cat "$here/clickhouse-config.xml.tmpl" "$here/clickhouse-users.xml.tmpl" | sha256sum | cut -d' ' -f1
}

# password DIR -> the password of DIR, created at the first start. It never goes into a
# command's arguments (ps): printf is a builtin, and the files get it through stdin.
password() {
  local dir=$1 file=$1/clickhouse.password tmp pw
  if [ ! -f "$file" ]; then
    tmp=$(mktemp "$dir/.clickhouse.password.XXXXXX")
    printf '%s\n' "$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" >"$tmp"
    ln "$tmp" "$file" 2>/dev/null || true # another starter won: keep its password
    rm -f "$tmp"
  fi
  chmod 600 "$file"
  pw=$(<"$file")
  if ! [[ $pw =~ ^[A-Za-z0-9_-]{12,128}$ ]]; then
    echo "clickhouse.sh: $file: the password must be 12 to 128 letters, digits, '-' or '_'" >&2
    return 1
  fi
  printf '%s' "$pw"
}

# users_xml PASSWORD -> users.xml for that password (its sha256). Secrets reach sed through
# a script on stdin, not its arguments.
users_xml() {
  printf 's#@PASSWORD_SHA256@#%s#g\n' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)" |
    sed -f - "$here/clickhouse-users.xml.tmpl"
}

# current DIR -> 0 when the running server was started from these templates and its
# users.xml holds the folder's password.
current() {
  local dir=$1 pw
  [ -f "$dir/clickhouse.password" ] || return 1
  grep -qx "CH_TEMPLATE_SHA256=$(template_version)" "$dir/clickhouse.env" 2>/dev/null || return 1
  pw=$(password "$dir") || return 1
  users_xml "$pw" | cmp -s - "$dir/users.xml"
}

start() {
  local dir tcp http http_elem pw
  install
  umask 077 # the folder and every file start makes are the owner's only
  mkdir -p "$1"
  dir=$(cd "$1" && pwd)
  if alive "$dir"; then
    if current "$dir"; then
      cat "$dir/clickhouse.env"
      return 0
    fi
    echo "clickhouse.sh: restarting the server on $dir, started from older templates (now with a password, no HTTP port)" >&2
    stop "$dir"
  fi
  chmod 700 "$dir"
  tcp=${2:-$(free_port)}
  http=${3:-}
  http_elem="<!-- no http_port: off unless asked for -->"
  [ -z "$http" ] || http_elem="<http_port>$http</http_port>"
  mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
  pw=$(password "$dir")
  # Each file is written to a temporary name and renamed: a file left 0640 by an older
  # bdg is replaced by a 0600 one (umask 077).
  sed -e "s#@DIR@#$dir#g" -e "s#@HTTP_PORT@#$http_elem#g" -e "s#@TCP_PORT@#$tcp#g" \
      -e "s#@REMOTE_SERVERS@#${CLICKHOUSE_REMOTE_SERVERS:-}#g" \
      "$here/clickhouse-config.xml.tmpl" >"$dir/.config.xml.new"
  users_xml "$pw" >"$dir/.users.xml.new"
  printf 's#@TCP_PORT@#%s#g\ns#@PASSWORD@#%s#g\n' "$tcp" "$pw" | sed -f - "$here/clickhouse-client.xml.tmpl" >"$dir/.client.xml.new"
  mv -f "$dir/.config.xml.new" "$dir/config.xml"
  mv -f "$dir/.users.xml.new" "$dir/users.xml"
  mv -f "$dir/.client.xml.new" "$dir/client.xml"
  setsid "$(server_bin)" --config-file="$dir/config.xml" >>"$dir/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/.clickhouse.pid.new" && mv -f "$dir/.clickhouse.pid.new" "$dir/clickhouse.pid"
  {
    printf 'CH_DIR=%s\nCH_TCP_PORT=%s\n' "$dir" "$tcp"
    [ -z "$http" ] || printf 'CH_HTTP_PORT=%s\n' "$http"
    printf 'CH_PID=%s\nCH_PASSWORD_FILE=%s\nCH_CLIENT_CONFIG=%s\nCH_TEMPLATE_SHA256=%s\n' \
      "$(cat "$dir/clickhouse.pid")" "$dir/clickhouse.password" "$dir/client.xml" "$(template_version)"
  } >"$dir/.clickhouse.env.new"
  mv -f "$dir/.clickhouse.env.new" "$dir/clickhouse.env"
  for _ in $(seq 1 150); do
    if clickhouse-client --config-file "$dir/client.xml" -q "SELECT 1" >/dev/null 2>&1; then
      cat "$dir/clickhouse.env"
      return 0
    fi
    alive "$dir" || break
    sleep 0.2
  done
  echo "clickhouse.sh: ClickHouse did not answer on 127.0.0.1:$tcp; see $dir/log/err.log:" >&2
  tail -n 20 "$dir/log/err.log" >&2 2>/dev/null || true
  stop "$dir"
  return 1
}

stop() {
  local dir=$1 pid
  [ -d "$dir" ] || return 0
  dir=$(cd "$dir" && pwd)
  if alive "$dir"; then
    pid=$(cat "$dir/clickhouse.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/clickhouse.pid"
}

status() {
  if alive "$1"; then cat "$1/clickhouse.env"; else echo "stopped"; return 1; fi
}

cmd=${1:-}
case "$cmd" in
  install) install ;;
  start) [ $# -ge 2 ] || { echo "usage: $0 start DIR [TCP_PORT [HTTP_PORT]]" >&2; exit 2; }; start "${@:2}" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  status) [ $# -eq 2 ] || { echo "usage: $0 status DIR" >&2; exit 2; }; status "$2" ;;
  *) echo "usage: $0 install | start DIR [TCP_PORT [HTTP_PORT]] | stop DIR | status DIR" >&2; exit 2 ;;
esac
