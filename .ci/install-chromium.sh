#!/usr/bin/env bash
# Installs headless Chromium for ReportChromiumTest (report.html rendered in a real browser).
# Safe to run again: does nothing when chromium is already on PATH. Needs root (CI machines run as root).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "install-chromium: $(chromium --version 2>/dev/null | tail -1) already installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
echo "install-chromium: $(chromium --version 2>/dev/null | tail -1) installed"
