"""A real `wksbm serve` on a free loopback port, and Debian's Chromium driven by Playwright,
for the tests that need a real server or a real browser."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

WKSBM = Path(sys.executable).with_name("wksbm")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="Debian's chromium is not installed (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(data: Path, port: int) -> subprocess.Popen:
    """`wksbm serve` on the archive in `data`, once it answers."""
    proc = subprocess.Popen([str(WKSBM), "serve", "--data", str(data), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("the server did not start")


@contextlib.contextmanager
def served(data: Path):
    """The base URL of a server on `data`, stopped at the end."""
    port = free_port()
    proc = serve(data, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def archive_of(root: Path, registry: str, prepare=None) -> dict[str, str]:
    """An archive in root/data with this registry (`prepare(archive)` may add to it, e.g. an
    account); each padukuhan's link token."""
    from compiler.archive.db import Archive

    (root / "daftar_wksbm.csv").write_text(registry, encoding="utf-8")
    archive = Archive(root / "data")
    archive.import_registry(root / "daftar_wksbm.csv")
    if prepare:
        prepare(archive)
    links = {w.padukuhan: archive.token_of(w.id) for w in archive.all_wksbm()}
    archive.close()
    return links
