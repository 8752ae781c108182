#!/usr/bin/env bash
# Install the headless browser the browser tests drive: Debian's chromium and chromium-driver.
# Playwright's Python package (requirements-test.txt) talks to /usr/bin/chromium; we never run
# `playwright install` (no browser downloads from outside the distribution's archive).
# Safe to run again: does nothing when Chromium is already there.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "install-browser: $(chromium --version 2>/dev/null | head -n1) already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: no apt-get here; install Chromium yourself (the browser tests skip without it," >&2
    echo "install-browser: and fail in CI, where REQUIRE_SERVICES=1)." >&2
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "install-browser: not root and no sudo; cannot install chromium." >&2
        exit 0
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium chromium-driver
echo "install-browser: installed $(chromium --version 2>/dev/null | head -n1)"
