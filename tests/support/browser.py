"""Debian's Chromium for the browser tests, driven by Playwright without its own download."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# As root in a sandbox-less CI box, with nothing phoning home: the machine has no network but
# the package registries, and every refused connection costs time.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
