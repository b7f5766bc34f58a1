#!/usr/bin/env bash
# Project-local ClickHouse for bdg: install Debian's package when missing, start an
# instance whose config, data and logs live in a folder bdg owns, stop it by pid.
#
#   deploy/clickhouse.sh install
#   deploy/clickhouse.sh start DIR [TCP_PORT HTTP_PORT]   # prints KEY=VALUE lines (also in DIR/clickhouse.env)
#   deploy/clickhouse.sh stop DIR
#   deploy/clickhouse.sh status DIR
#
# Safe to run twice: start on a running instance only reports it; stop on a stopped one does nothing.
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

start() {
  local dir tcp http
  dir=$(mkdir -p "$1" && cd "$1" && pwd)
  if alive "$dir"; then
    cat "$dir/clickhouse.env"
    return 0
  fi
  install
  tcp=${2:-$(free_port)}
  http=${3:-$(free_port)}
  mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
  sed -e "s#@DIR@#$dir#g" -e "s#@HTTP_PORT@#$http#g" -e "s#@TCP_PORT@#$tcp#g" \
      -e "s#@REMOTE_SERVERS@#${CLICKHOUSE_REMOTE_SERVERS:-}#g" \
      "$here/clickhouse-config.xml.tmpl" >"$dir/config.xml"
  cp "$here/clickhouse-users.xml.tmpl" "$dir/users.xml"
  setsid "$(server_bin)" --config-file="$dir/config.xml" >>"$dir/log/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/clickhouse.pid"
  printf 'CH_DIR=%s\nCH_TCP_PORT=%s\nCH_HTTP_PORT=%s\nCH_PID=%s\n' "$dir" "$tcp" "$http" "$(cat "$dir/clickhouse.pid")" >"$dir/clickhouse.env"
  for _ in $(seq 1 150); do
    if clickhouse-client --host 127.0.0.1 --port "$tcp" -q "SELECT 1" >/dev/null 2>&1; then
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
  start) [ $# -ge 2 ] || { echo "usage: $0 start DIR [TCP_PORT HTTP_PORT]" >&2; exit 2; }; start "${@:2}" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 2; }; stop "$2" ;;
  status) [ $# -eq 2 ] || { echo "usage: $0 status DIR" >&2; exit 2; }; status "$2" ;;
  *) echo "usage: $0 install | start DIR [TCP_PORT HTTP_PORT] | stop DIR | status DIR" >&2; exit 2 ;;
esac
