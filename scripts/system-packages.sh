#!/usr/bin/env bash
# Installs the Debian packages Maillage needs, only when they are missing.
#   scripts/system-packages.sh demo   Python venv support and Node.js/npm
#   scripts/system-packages.sh test   the same, plus Chromium and the PostgreSQL 15 server
# `apt-get update` runs only when something has to be installed; any failure stops the build
# with a message that says what is missing, so a test run can never go on without them.
set -euo pipefail

mode="${1:-test}"
python="${PYTHON:-python3}"
pg_bin="${MAILLAGE_PG_BIN:-/usr/lib/postgresql/15/bin}"
chromium="${MAILLAGE_CHROMIUM:-/usr/bin/chromium}"

missing=()

if ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
    missing+=(python3-venv)
fi
if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
if [[ "$mode" == test ]]; then
    [[ -x "$chromium" ]] || missing+=(chromium fonts-liberation)
    for tool in initdb pg_ctl postgres; do
        if [[ ! -x "$pg_bin/$tool" ]]; then
            missing+=(postgresql-15)
            break
        fi
    done
    # PostgreSQL refuses to run as root: the test harness runs it as the `postgres` user,
    # which the postgresql-common package creates.
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        missing+=(postgresql-common)
    fi
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "System packages: all present."
    exit 0
fi

echo "System packages missing: ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "ERROR: cannot install them without root. Run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get update -q \
    || ! "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    echo "ERROR: apt-get could not install: ${missing[*]}" >&2
    exit 1
fi

# Check again: a package that installed but left the tool elsewhere must stop the build too.
if [[ "$mode" == test ]]; then
    [[ -x "$chromium" ]] || { echo "ERROR: $chromium is still missing" >&2; exit 1; }
    [[ -x "$pg_bin/initdb" ]] || { echo "ERROR: $pg_bin/initdb is still missing" >&2; exit 1; }
fi
"$python" -c "import ensurepip, venv" || { echo "ERROR: $python cannot create a venv" >&2; exit 1; }
command -v npm >/dev/null || { echo "ERROR: npm is still missing" >&2; exit 1; }
echo "System packages: installed ${missing[*]}."
