#!/usr/bin/env bash
# A local PostgreSQL for the collector's tests (Debian's postgresql package).
#   tests/postgres.sh start     start the cluster if it is down, create role and database
#                               ruhr_test if missing (idempotent); prints nothing but errors
#   tests/postgres.sh stop      stop the cluster, but only if `start` started it
#   tests/postgres.sh conninfo  print the libpq conninfo for RUHR_TEST_POSTGRES
# Needs root or sudo for start/stop. The test password is not a secret: the role can only
# reach its own throw-away database, over 127.0.0.1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
marker="${RUHR_BUILD_DIR:-$root/build}/postgres-started-by-tests"
role=ruhr_test
password=ruhr_test
database=ruhr_test

die() { echo "postgres.sh: $*" >&2; exit 1; }

cluster() {
    command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed (./setup.sh --test)"
    # version, name, port, status of the first cluster
    local line
    line="$(pg_lsclusters --no-header | head -n 1)"
    [ -n "$line" ] || die "no PostgreSQL cluster (pg_createcluster 15 main)"
    read -r version name port status _ <<<"$line"
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo -n "$@"
    else die "need root or sudo to run: $*"
    fi
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    elif command -v sudo >/dev/null; then sudo -n -u postgres "$@"
    else die "need root or sudo to run as postgres: $*"
    fi
}

psql_admin() { as_postgres psql --port "$port" -X -q -v ON_ERROR_STOP=1 -tA "$@"; }

case "${1:-}" in
start)
    cluster
    if [ "$status" != "online" ]; then
        as_root pg_ctlcluster "$version" "$name" start || die "cannot start cluster $version/$name"
        mkdir -p "$(dirname "$marker")"
        echo "$version $name" >"$marker"
    fi
    for _ in $(seq 1 50); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 0.2
    done
    pg_isready -q -h 127.0.0.1 -p "$port" || die "the cluster does not accept connections on port $port"
    if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
        psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password'" >/dev/null
    fi
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
        psql_admin -c "CREATE DATABASE $database OWNER $role ENCODING 'UTF8' TEMPLATE template0" >/dev/null
    fi
    ;;
stop)
    if [ -f "$marker" ]; then
        read -r version name <"$marker"
        as_root pg_ctlcluster "$version" "$name" stop || die "cannot stop cluster $version/$name"
        rm -f "$marker"
    fi
    ;;
conninfo)
    cluster
    # The password goes into a libpq password file, not the conninfo: the collector refuses a
    # password on its command line (every user sees it in ps), and the tests pass --db too.
    passfile="${RUHR_BUILD_DIR:-$root/build}/pgpass"
    mkdir -p "$(dirname "$passfile")"
    (umask 077 && echo "127.0.0.1:$port:$database:$role:$password" >"$passfile")
    echo "host=127.0.0.1 port=$port dbname=$database user=$role passfile='$passfile' connect_timeout=5"
    ;;
*)
    echo "usage: tests/postgres.sh start|stop|conninfo" >&2
    exit 2
    ;;
esac
