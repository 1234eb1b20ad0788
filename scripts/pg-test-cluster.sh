#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a local socket only (no TCP port):
#   eval "$(scripts/pg-test-cluster.sh start DIR)"   # initdb into DIR, start, create a database;
#                                                     # prints `export SCHOOLVEILIG_TEST_PG=postgresql://…`
#   scripts/pg-test-cluster.sh stop DIR               # stops the server (DIR can then be removed)
# The server binaries come from Debian's postgresql package (scripts/setup.sh installs it).
# initdb refuses to run as root: as root the cluster belongs to the `postgres` system user.
set -euo pipefail

action=${1:?start of stop}
dir=${2:?map voor het cluster}

bin=""
for candidate in /usr/lib/postgresql/*/bin; do
  [ -x "$candidate/initdb" ] && bin=$candidate
done
if [ -z "$bin" ]; then
  echo "PostgreSQL-server ontbreekt: draai scripts/setup.sh (Debian-pakket postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=200" start >/dev/null
    # A Dutch ICU collation, not byte order: sorting that forgets COLLATE "C" shows in the tests.
    as_owner "$bin/createdb" -h "$dir" -U postgres -T template0 --locale-provider=icu --icu-locale=nl-NL --locale=C.UTF-8 \
      schoolveilig_test 2>/dev/null || as_owner "$bin/createdb" -h "$dir" -U postgres schoolveilig_test
    echo "export SCHOOLVEILIG_TEST_PG='postgresql://postgres@/schoolveilig_test?host=$dir'"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "gebruik: $0 start|stop MAP" >&2
    exit 2
    ;;
esac
