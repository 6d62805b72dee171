#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks for Kongtun: Python's venv, Qt's
# system libraries (for the window and for offscreen tests), hledger (cross-check of the
# ledger export), poppler-utils (PDF pages to PNG), Xvfb (screenshots) and PostgreSQL (the
# coordinator's tests against a real server, see start-postgres.sh).
# Installs only what is missing; uses sudo when not root. Safe to run again.
set -eu
pkgs="python3-venv python3-pip libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0
  libxrender1 libxi6 libsm6 libice6 hledger poppler-utils xvfb postgresql"
command -v dpkg >/dev/null 2>&1 || { echo "system-deps: not a Debian system; install Qt's libraries and hledger yourself" >&2; exit 0; }
missing=""
for p in $pkgs; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "system-deps: installing$missing"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
