"""A real browser (Debian's Chromium, driven by Playwright) on a real `wksbm serve`: a volunteer
opens the link, uploads a workbook with a planted mistake, reads the finding's cell and
message, downloads the correction copy; another uploads a clean one and sees it counted."""
from __future__ import annotations


import openpyxl
import pytest

from tests.helpers.builder import Book
from tests.helpers.server import archive_of, chromium, needs_chromium, served

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.web.conftest import REGISTRY

    root = tmp_path_factory.mktemp("browser")
    links = archive_of(root, REGISTRY)
    with served(root / "data") as base:
        yield base, links


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_a_planted_mistake_is_shown_at_its_cell_and_marked_in_the_copy(server, browser, tmp_path):
    base, links = server
    book = Book()
    cell = book.set("Pemasukan", 0, "Jumlah (Rp)", -5)
    path = book.write(tmp_path / "laporan_depok.xlsx")
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{base}/lapor/{links['Depok']}")
    assert page.url == f"{base}/wksbm"                     # the token is gone from the address
    assert "WKSBM Depok Sejahtera" in page.inner_text("h1")
    big = {"name": "besar.xlsx", "mimeType": "application/octet-stream", "buffer": b"\0" * (21 * 2**20)}
    page.set_input_files("input[name=berkas]", big)          # said before sending, with JavaScript
    assert "besar.xlsx 21,0 MB, lebih besar dari batas 20,0 MB" in page.inner_text("#ukuran")
    assert page.locator("button[type=submit]").is_disabled()
    page.set_input_files("input[name=berkas]", str(path))
    kb = max(1, round(path.stat().st_size / 1024))
    assert page.inner_text("#ukuran") == f"Berkas dipilih: laporan_depok.xlsx, {kb} KB (batas 20,0 MB)."
    page.click("button[type=submit]")
    page.wait_for_url("**/wksbm?unggahan=*")
    row = page.locator("table.temuan tr.error").first
    assert row.locator(".sel").inner_text() == cell and row.locator(".lembar").inner_text() == "Pemasukan"
    assert "Nilai '-5' pada Jumlah (Rp)" in row.inner_text()
    page.reload()
    assert page.locator("table.temuan .sel").first.inner_text() == cell
    with page.expect_download() as info:
        page.click("text=Unduh salinan perbaikan")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "laporan_depok_perbaikan.xlsx"
    marked = openpyxl.load_workbook(saved)["Pemasukan"][cell]
    assert marked.comment is not None and "Jumlah (Rp)" in marked.comment.text
    assert marked.fill.fgColor.rgb == "FFFF9999"
    page.close()


def test_a_clean_workbook_is_seen_counted(server, browser, tmp_path):
    base, links = server
    book = Book()
    book.set("Identitas", 0, "Padukuhan", "Grogol")
    book.set("Identitas", 0, "Nama WKSBM", "WKSBM Grogol Makmur")
    path = book.write(tmp_path / "grogol.xlsx")
    context = browser.new_context(java_script_enabled=False)   # the page works without JavaScript
    page = context.new_page()
    page.goto(f"{base}/lapor/{links['Grogol']}")
    assert "Belum ada laporan yang dikirim" in page.inner_text("main")
    page.set_input_files("input[name=berkas]", str(path))
    page.click("button[type=submit]")
    page.wait_for_url("**/wksbm?unggahan=*")
    assert "Laporan diterima dan dihitung" in page.inner_text("#hasil")
    assert "Diterima dan dihitung" in page.inner_text("ul.riwayat")
    assert "laporan_depok" not in page.content()            # the other WKSBM's upload is not here
    context.close()
