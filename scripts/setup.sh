#!/usr/bin/env bash
# Installs what Schoolveilig needs and is missing on this machine (Debian/Ubuntu, as root or
# with sudo): SQLite's development files (GRDB links the system SQLite), the sqlite3 tool
# (benchmark, checks), libxlsxwriter (packs), pkg-config, unzip (the tests read workbook parts),
# LibreOffice Calc without GUI and poppler-utils (the tests print every pipeline's workbook to PDF and
# count its pages), HiGHS for Python (the attacker test), and PostgreSQL (the shared store; the tests
# run on both stores against a throwaway server, scripts/pg-test-cluster.sh).
# Safe to run again: it installs only what is missing.
#   scripts/setup.sh          everything
#   scripts/setup.sh build    only what `swift build` needs (CI builds while the rest installs)
set -euo pipefail

packages=(libsqlite3-dev sqlite3 libxlsxwriter-dev pkg-config unzip libreoffice-calc-nogui poppler-utils postgresql postgresql-client)
[ "${1:-}" = "build" ] && packages=(libsqlite3-dev libxlsxwriter-dev pkg-config)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installeren: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The attacker tests bound hidden cells with HiGHS, from PyPI: Tests/attacker/attack.py through
# highspy, Tests/attacker/revision_attack.py through SciPy's linprog (method "highs").
if [ "${1:-}" != "build" ] && ! python3 -c "import highspy, numpy, scipy" >/dev/null 2>&1; then
  echo "installeren: highspy, numpy en scipy (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check highspy numpy scipy
fi

command -v swift >/dev/null || { echo "swift ontbreekt: installeer Swift 6 (swift.org) en zet het in PATH" >&2; exit 1; }
echo "systeempakketten aanwezig: ${packages[*]}"
