"""The WKSBM page and its link: who sees what, the upload form, the result after a reload."""
from __future__ import annotations

import io

import openpyxl

from tests.helpers.builder import Book
from tests.web.conftest import open_link, text_of, workbook


def _send(client, csrf, data, name="laporan.xlsx"):
    return client.post("/wksbm/unggah", data={"csrf": csrf}, files={"berkas": (name, data, "application/octet-stream")})


def test_link_sets_an_httponly_cookie_and_redirects_to_an_address_without_the_token(site):
    client, _, links = site
    answer = client.get(f"/lapor/{links['Depok']}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/wksbm"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and links["Depok"] in cookie
    assert answer.headers["referrer-policy"] == "same-origin"
    page = client.get("/wksbm")
    assert page.status_code == 200 and links["Depok"] not in page.text
    said = text_of(page.text)
    assert "WKSBM Depok Sejahtera" in said and "Padukuhan Depok, Kalurahan Parangtritis, Kapanewon Kretek" in said
    assert "Triwulan III 2026" in said and "10 Oktober 2026" in said and "paling besar 20,0 MB" in said
    # not used up: the link opens again
    assert client.get(f"/lapor/{links['Depok']}").status_code == 200


def test_a_wrong_token_gets_404_and_nothing_else(site):
    client, _, links = site
    for token in ("x", links["Depok"][:-1] + ("A" if links["Depok"][-1] != "A" else "B"), "a" * 200, "../wksbm"):
        answer = client.get(f"/lapor/{token}", follow_redirects=False)
        assert answer.status_code == 404
        assert "set-cookie" not in answer.headers and "Depok" not in answer.text and "Grogol" not in answer.text
    assert client.get("/wksbm").status_code == 404   # no cookie: no page


def test_a_replaced_link_answers_404_page_and_api_and_the_new_one_works(site, tmp_path):
    client, archive, links = site
    client.get(f"/lapor/{links['Depok']}")
    new = archive.replace_link(archive.by_token(links["Depok"]).id)
    assert client.get("/wksbm").status_code == 404          # the cookie held the old link
    assert client.get(f"/lapor/{links['Depok']}").status_code == 404
    api = client.post(f"/api/lapor/{links['Depok']}", files={"berkas": ("a.xlsx", workbook(tmp_path))})
    assert api.status_code == 404 and api.json() == {"galat": "Tautan tidak ditemukan."}
    assert client.get(f"/lapor/{new}").status_code == 200


def test_upload_with_a_mistake_shows_cell_and_message_also_after_reload(site, tmp_path):
    client, archive, links = site
    _, csrf = open_link(client, links["Depok"])
    book = Book()
    cell = book.set("Pemasukan", 0, "Jumlah (Rp)", -5)
    data = workbook(tmp_path, book)
    answer = _send(client, csrf, data)
    assert answer.status_code == 200 and "unggahan=" in str(answer.url)
    said = text_of(answer.text)
    assert f"Pemasukan {cell} Kesalahan: Nilai '-5' pada Jumlah (Rp)" in said
    assert "ada 1 kesalahan yang harus diperbaiki" in said and "Unduh salinan perbaikan" in said
    assert "Perlu perbaikan (1 kesalahan)" in said      # the history
    again = text_of(client.get("/wksbm").text)          # a reload: the latest result again
    assert f"Pemasukan {cell} Kesalahan" in again
    copy = client.get("/wksbm/unggahan/1/perbaikan")
    assert copy.status_code == 200 and copy.headers["content-disposition"].startswith("attachment")
    wb = openpyxl.load_workbook(io.BytesIO(copy.content))
    assert "Jumlah (Rp)" in wb["Pemasukan"][cell].comment.text
    original = client.get("/wksbm/unggahan/1/asli")
    assert original.content == data


def test_a_clean_workbook_is_counted(site, tmp_path):
    client, _, links = site
    _, csrf = open_link(client, links["Depok"])
    said = text_of(_send(client, csrf, workbook(tmp_path)).text)
    assert "Laporan diterima dan dihitung. Tidak ada yang perlu diperbaiki." in said
    assert "Diterima dan dihitung" in said and "salinan perbaikan" not in said
    assert client.get("/wksbm/unggahan/1/perbaikan").status_code == 404   # no copy of a clean one


def test_another_wksbm_never_sees_or_downloads_the_first_ones_upload(site, tmp_path):
    client, _, links = site
    _, csrf = open_link(client, links["Depok"])
    book = Book()
    book.set("Pemasukan", 0, "Jumlah (Rp)", -5)
    _send(client, csrf, workbook(tmp_path, book), name="depok_tw3.xlsx")
    open_link(client, links["Grogol"])                 # the same browser, now Grogol's link
    page = client.get("/wksbm")
    assert "depok_tw3.xlsx" not in page.text and "Belum ada laporan yang dikirim" in page.text
    for path in ("/wksbm/unggahan/1/perbaikan", "/wksbm/unggahan/1/asli", "/wksbm?unggahan=1"):
        answer = client.get(path)
        assert "depok_tw3" not in answer.text
        assert answer.status_code == 404 or path.startswith("/wksbm?")


def test_the_form_needs_its_csrf_token(site, tmp_path):
    client, archive, links = site
    open_link(client, links["Depok"])
    for csrf in ("", "0" * 32):
        answer = _send(client, csrf, workbook(tmp_path))
        assert answer.status_code == 403 and "Muat ulang halaman WKSBM Anda" in text_of(answer.text)
    assert archive.uploads_of(archive.by_token(links["Depok"]).id) == []


def test_the_form_refuses_another_type_before_reading_it(site):
    client, archive, links = site
    _, csrf = open_link(client, links["Depok"])
    answer = _send(client, csrf, b"%PDF-1.4 laporan", name="laporan.pdf")
    assert answer.status_code == 415 and "bukan buku kerja Excel" in text_of(answer.text)
    assert archive.uploads_of(archive.by_token(links["Depok"]).id) == []


def test_the_same_bytes_again_give_the_earlier_upload(site, tmp_path):
    client, archive, links = site
    _, csrf = open_link(client, links["Depok"])
    data = workbook(tmp_path)
    first = _send(client, csrf, data)
    second = _send(client, csrf, data, name="lagi.xlsx")
    assert "unggahan=1" in str(first.url) and "unggahan=1" in str(second.url)
    assert "persis sama sudah pernah dikirim" in text_of(second.text)
    assert len(archive.uploads_of(archive.by_token(links["Depok"]).id)) == 1
    stored = [p for p in (archive.dir / "files").rglob("*.xlsx")]
    assert len(stored) == 1


def test_a_newer_upload_replaces_the_older(site, tmp_path):
    client, archive, links = site
    _, csrf = open_link(client, links["Depok"])
    book = Book()
    book.set("Pemasukan", 0, "Jumlah (Rp)", -5)
    _send(client, csrf, workbook(tmp_path, book, "a.xlsx"))
    _send(client, csrf, workbook(tmp_path))
    said = text_of(client.get("/wksbm?unggahan=1").text)
    assert "sudah diganti oleh unggahan yang lebih baru" in said
    assert [u["id"] for u in archive.counted(2026, "III")] == [2]


def test_the_prefilled_template_names_this_wksbm(site):
    client, _, links = site
    open_link(client, links["Grogol"])
    answer = client.get("/wksbm/templat")
    assert answer.status_code == 200 and "wksbm_34.02.03.2002_grogol.xlsx" in answer.headers["content-disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(answer.content))["Identitas"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "Grogol" in values and "Parangtritis" in values and "WKSBM Grogol Makmur" in values


def test_pages_need_a_cookie(site):
    client, _, _ = site
    for path in ("/wksbm", "/wksbm/templat", "/wksbm/unggahan/1/perbaikan"):
        assert client.get(path).status_code == 404
    assert client.post("/wksbm/unggah", files={"berkas": ("a.xlsx", b"x")}).status_code == 404


def test_home_and_style_and_wrong_method(site):
    client, _, _ = site
    assert "tautan sendiri" in client.get("/").text
    css = client.get("/gaya.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    js = client.get("/lapor.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    answer = client.delete("/wksbm")
    assert answer.status_code == 405 and "tidak didukung" in answer.text


def test_no_stack_trace_reaches_a_page(site, monkeypatch):
    from starlette.testclient import TestClient

    served, archive, links = site
    client = TestClient(served.app, raise_server_exceptions=False)   # as uvicorn serves it
    open_link(client, links["Depok"])

    def broken(*_):
        raise RuntimeError("database exploded at line 42")
    monkeypatch.setattr(archive, "uploads_of", broken)
    answer = client.get("/wksbm")
    assert answer.status_code == 500
    assert "Terjadi gangguan" in answer.text and "Traceback" not in answer.text and "exploded" not in answer.text


def test_every_answer_carries_the_safety_headers(site, tmp_path):
    client, _, links = site
    answers = [client.get("/"), client.get("/tidak-ada"), client.get(f"/lapor/{links['Depok']}", follow_redirects=False),
               client.get("/wksbm"), client.post(f"/api/lapor/{links['Depok']}", files={"berkas": ("a.xlsx", b"x")})]
    for answer in answers:
        assert answer.headers["referrer-policy"] == "same-origin"
        assert "default-src 'none'" in answer.headers["content-security-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
    assert answers[3].headers["cache-control"] == "no-store"


def test_over_https_the_cookie_is_secure(site):
    from starlette.testclient import TestClient

    served, _, links = site
    client = TestClient(served.app, base_url="https://lapor.example.id")
    cookie = client.get(f"/lapor/{links['Depok']}", follow_redirects=False).headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_an_oversize_file_is_refused_on_the_page_with_its_size_and_the_limit(tmp_path, checker, clock, registry):
    from starlette.testclient import TestClient

    from compiler.web.app import create_app

    app = create_app(tmp_path / "data", checker=checker, clock=clock, limit=30_000)
    app.state.archive.import_registry(registry)
    token = app.state.archive.token_of(app.state.archive.all_wksbm()[0].id)
    with TestClient(app) as client:
        _, csrf = open_link(client, token)
        assert "paling besar 29 KB" in text_of(client.get("/wksbm").text)
        answer = _send(client, csrf, b"PK" + b"\1" * 40_000)
        said = text_of(answer.text)
        assert answer.status_code == 413 and "Berkas tidak diterima" in said
        assert "Berkas Anda 39 KB, lebih besar dari batas 29 KB" in said
        assert app.state.archive.db().execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0


def test_many_findings_are_grouped_by_sheet_errors_first(site, tmp_path):
    client, _, links = site
    _, csrf = open_link(client, links["Depok"])
    book = Book()
    for i in range(2):
        book.set("Pemasukan", i, "Jumlah (Rp)", -5)
        book.set("Pengeluaran", i, "Jumlah (Rp)", -7)
    for i in range(12):
        book.add_row("Buku Tamu", {"Tanggal": Book().rows["Buku Tamu"][0]["Tanggal"], "Nama Tamu": f"Tamu {i}",
                                   "Instansi/Alamat": "Bantul", "Keperluan": "Kunjungan", "Extra": None})
        book.set("Buku Tamu", i + 1, "Keperluan", None)
    said = text_of(_send(client, csrf, workbook(tmp_path, book)).text)
    assert "Lembar Pemasukan (2)" in said and "Lembar Pengeluaran (2)" in said
    assert said.index("Lembar Buku Tamu") < said.index("Lembar Pemasukan")   # by sheet, errors of each first


def test_a_file_name_is_shown_as_text_never_as_markup(site, tmp_path):
    client, _, links = site
    _, csrf = open_link(client, links["Depok"])
    page = _send(client, csrf, workbook(tmp_path), name="<img src=x onerror=alert(1)>.xlsx").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.xlsx" in page


def test_a_file_that_is_not_a_workbook_is_told_to_be_sent_again_not_its_cells(site):
    client, _, links = site
    _, csrf = open_link(client, links["Depok"])
    said = text_of(_send(client, csrf, b"Nama,Jumlah\nA,1\n", name="laporan.xlsx").text)
    assert "Kesalahan: Berkas ini sebenarnya teks CSV, bukan Excel." in said and "triwulannya tidak terbaca" in said
    assert "yang perlu diperbaiki adalah berkasnya sendiri" in said and "Perbaiki setiap sel" not in said
