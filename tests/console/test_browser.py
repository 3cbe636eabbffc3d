"""A real browser (Debian's Chromium, driven by Playwright) on a real `wksbm serve`: an operator
signs in, sees the board count a WKSBM that uploads during the test, sets that upload aside and
sees the counts change, compiles the quarter and opens the recap."""
from __future__ import annotations


import httpx2 as httpx
import pytest

from compiler.archive import accounts
from tests.console.conftest import PASSWORD, REGISTRY
from tests.helpers.builder import Book
from tests.helpers.server import archive_of, chromium, needs_chromium, served

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("console-browser")
    links = archive_of(root, REGISTRY, lambda archive: accounts.add_user(archive, "Budi", "operator", PASSWORD))
    with served(root / "data") as base:
        yield base, links


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _total(page, column: int) -> str:
    """A cell of the kabupaten's row (1 terdaftar, 2 tepat waktu, 3 terlambat, 4 perlu perbaikan, 5 belum)."""
    return page.locator("tfoot tr td").nth(column - 1).inner_text().split()[0]


def test_an_operator_follows_the_quarter_from_sign_in_to_recap(server, browser, tmp_path):
    base, links = server
    page = browser.new_page()
    page.goto(f"{base}/?tahun=2026&triwulan=III")
    page.fill("input[name=nama]", "Budi")
    page.fill("input[name=sandi]", PASSWORD)
    page.click("button:has-text('Masuk')")
    page.goto(f"{base}/?tahun=2026&triwulan=III")
    assert "Papan laporan triwulan III tahun 2026" in page.inner_text("h1")
    assert _total(page, 1) == "3" and _total(page, 5) == "3"

    # a WKSBM uploads while the operator watches (through its API link, as a program would)
    data = Book().write(tmp_path / "depok.xlsx").read_bytes()
    answer = httpx.post(f"{base}/api/lapor/{links['Depok']}", files={"berkas": ("depok.xlsx", data)}, timeout=60)
    assert answer.status_code == 200 and answer.json()["kesalahan"] == 0
    page.reload()
    reported = int(_total(page, 2)) + int(_total(page, 3))     # on time or late, by today's date
    assert reported == 1 and _total(page, 5) == "2"

    # the operator sets the upload aside: Depok has not reported any more
    page.click("a:has-text('Kretek')")
    page.click("a:has-text('WKSBM Depok Sejahtera')")
    page.fill("input[name=alasan]", "dikirim ke alamat yang salah")
    page.click("button:has-text('Sisihkan unggahan ini')")
    assert "dikirim ke alamat yang salah" in page.inner_text("main")
    page.goto(f"{base}/?tahun=2026&triwulan=III")
    assert _total(page, 5) == "3"
    page.click("a:has-text('Kretek')")
    page.click("a:has-text('WKSBM Depok Sejahtera')")
    page.click("button:has-text('Batalkan penyisihan')")
    page.goto(f"{base}/?tahun=2026&triwulan=III")
    assert _total(page, 5) == "2"

    # one button compiles; the page follows the compile, then shows the recap
    page.click("a:has-text('Kompilasi')")
    page.select_option("select[name=triwulan]", "III")
    page.fill("input[name=tahun]", "2026")
    page.click("button:has-text('Kompilasi sekarang')")
    page.wait_for_function("() => !document.body.innerText.includes('sedang berjalan')", timeout=120_000,
                           polling=500)
    if "sedang berjalan" in page.inner_text("main"):   # pragma: no cover - a slow machine
        page.reload()
    assert "Selesai" in page.inner_text("main"), page.inner_text("main")
    frame = page.frame_locator("iframe")
    assert "Bantul" in frame.locator("body").inner_text(timeout=30_000)
    page.click("a:has-text('Buka rekap_kabupaten.html di halaman sendiri')")
    assert "Bantul" in page.inner_text("body")
    page.close()
