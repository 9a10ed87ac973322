#!/usr/bin/env bash
# System packages the server tests need, from Debian's archive: the PostgreSQL server
# (tests/test_postgres_instance.py) and Chromium (tests/test_ui.py drives it with Playwright;
# Playwright's own browser download is not used) and a Java 17 runtime for Apache Spark
# (statinwatch/spark, tests/test_spark_*.py). Installs only what is missing, so it is
# cheap to run before every `make test`.
set -euo pipefail

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v runuser >/dev/null || missing+=(util-linux)
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
        echo "install-system-deps: need root or sudo to apt-get install ${missing[*]}" >&2
        exit 1
    }
    sudo=(sudo)
fi
echo "install-system-deps: apt-get install ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
