"""POST /api/lapor/<token> (STANDARD 7) and the archive's rules: wksbm-mismatch, submission-late,
period-invalid for a quarter not begun; refusals; the log."""
from __future__ import annotations

import datetime as dt
import logging

from compiler.outputs.findings_list import COLUMNS
from tests.helpers.builder import NIK_PAINEM, Book
from tests.web.conftest import workbook


def _api(client, token, data, name="laporan.xlsx"):
    return client.post(f"/api/lapor/{token}", files={"berkas": (name, data, "application/octet-stream")})


def test_a_clean_workbook_answers_dihitung_with_no_findings(site, tmp_path):
    client, _, links = site
    answer = _api(client, links["Depok"], workbook(tmp_path))
    assert answer.status_code == 200
    assert answer.json() == {"status": "dihitung", "unggahan": 1, "kesalahan": 0, "peringatan": 0, "temuan": []}


def test_findings_carry_the_columns_of_section_4(site, tmp_path):
    client, _, links = site
    book = Book()
    cell = book.set("Pemasukan", 0, "Jumlah (Rp)", -5)
    body = _api(client, links["Depok"], workbook(tmp_path, book), "tw3.xlsx").json()
    assert body["status"] == "perlu_perbaikan" and body["kesalahan"] == 1 and body["peringatan"] == 0
    [row] = body["temuan"]
    assert tuple(row) == COLUMNS
    assert (row["berkas"], row["lembar"], row["sel"], row["kode"], row["tingkat"]) == \
        ("tw3.xlsx", "Pemasukan", cell, "value-range", "error")
    assert row["padukuhan"] == "Depok" and row["baris"] == int(cell[1:])


def test_wksbm_mismatch_is_the_only_finding_of_another_wksbms_workbook(site, tmp_path):
    client, archive, links = site
    body = _api(client, links["Grogol"], workbook(tmp_path)).json()   # Depok's workbook, Grogol's link
    [row] = body["temuan"]
    assert (row["kode"], row["tingkat"], row["lembar"], row["sel"]) == ("wksbm-mismatch", "error", "", "")
    assert "menyebut WKSBM Padukuhan Depok, Kalurahan Parangtritis" in row["pesan"]
    assert "ketik Padukuhan Grogol dan Kalurahan Parangtritis di lembar Identitas" in row["pesan"]
    assert body["status"] == "perlu_perbaikan"
    assert archive.counted(2026, "III") == []        # never counted for Grogol


def test_look_alike_spellings_of_the_same_wksbm_are_no_mismatch(site, tmp_path):
    client, _, links = site
    book = Book()
    book.set("Identitas", 0, "Padukuhan", "  padukuhan   DEPOK ")
    book.set("Identitas", 0, "Kalurahan", "parangtritis")
    body = _api(client, links["Depok"], workbook(tmp_path, book)).json()
    assert "wksbm-mismatch" not in {r["kode"] for r in body["temuan"]}


def test_submission_late_is_a_warning_and_still_counted(site, tmp_path, clock):
    client, archive, links = site
    clock.now = dt.datetime(2026, 10, 10, 17, 30, tzinfo=dt.timezone.utc)   # 11/10/2026 00:30 WIB
    body = _api(client, links["Depok"], workbook(tmp_path)).json()
    [row] = body["temuan"]
    assert (row["kode"], row["tingkat"], row["lembar"]) == ("submission-late", "warning", "")
    assert "11/10/2026 00:30 WIB" in row["pesan"] and "10/10/2026" in row["pesan"]
    assert body["status"] == "dihitung"
    assert [u["id"] for u in archive.counted(2026, "III")] == [body["unggahan"]]


def test_on_the_deadline_day_in_bantul_is_not_late(site, tmp_path, clock):
    client, _, links = site
    clock.now = dt.datetime(2026, 10, 10, 16, 59, tzinfo=dt.timezone.utc)   # 23:59 WIB on the 10th
    assert _api(client, links["Depok"], workbook(tmp_path)).json()["temuan"] == []


def test_an_operators_deadline_replaces_the_default(site, tmp_path, clock):
    client, archive, links = site
    archive.set_deadline(2026, "III", dt.date(2026, 10, 3))
    codes = [r["kode"] for r in _api(client, links["Depok"], workbook(tmp_path)).json()["temuan"]]
    assert codes == ["submission-late"]


def test_a_quarter_not_begun_is_period_invalid_on_the_triwulan_cell(site, tmp_path, clock):
    client, archive, links = site
    clock.now = dt.datetime(2026, 6, 20, 3, 0, tzinfo=dt.timezone.utc)
    book = Book()
    book.set("Identitas", 0, "Tanggal Laporan", dt.datetime(2026, 6, 19))
    body = _api(client, links["Depok"], workbook(tmp_path, book)).json()
    rows = [r for r in body["temuan"] if r["kode"] == "period-invalid"]
    assert len(rows) == 1 and rows[0]["sel"] == book.identity_cell("Triwulan") and rows[0]["lembar"] == "Identitas"
    assert "belum dapat dilaporkan" in rows[0]["pesan"]
    assert "submission-late" not in {r["kode"] for r in body["temuan"]}
    assert archive.counted(2026, "III") == []


def test_refusals_are_4xx_with_words_and_store_nothing(site, tmp_path):
    client, archive, links = site
    token = links["Depok"]
    assert client.post(f"/api/lapor/{token}", content=b"hello", headers={"content-type": "text/plain"}).status_code == 415
    assert client.post(f"/api/lapor/{token}", files={"lain": ("a.xlsx", b"x")}).status_code == 400
    pdf = _api(client, token, b"%PDF-1.4", "laporan.pdf")
    assert pdf.status_code == 415 and "bukan buku kerja Excel" in pdf.json()["galat"]
    assert client.get(f"/api/lapor/{token}").status_code == 405
    assert archive.uploads_of(archive.by_token(token).id) == []


def test_the_size_limit_is_kept_while_receiving(tmp_path, checker, clock, registry):
    from starlette.testclient import TestClient

    from compiler.web.app import create_app

    app = create_app(tmp_path / "data", checker=checker, clock=clock, limit=20_000)
    app.state.archive.import_registry(registry)
    token = app.state.archive.token_of(app.state.archive.all_wksbm()[0].id)
    with TestClient(app) as client:
        big = _api(client, token, b"PK" + b"\0" * 30_000)
        assert big.status_code == 413 and "lebih besar dari batas 20 KB" in big.json()["galat"]
        huge = _api(client, token, b"PK" + b"\0" * 200_000)   # past the envelope too: reading stops
        assert huge.status_code == 413
        assert app.state.archive.db().execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0
        assert not list((tmp_path / "data" / "files").rglob("*.xlsx"))


def test_uploads_and_refusals_are_logged_without_personal_data(site, tmp_path, caplog):
    client, _, links = site
    caplog.set_level(logging.INFO, logger="wksbm.web")
    book = Book()
    book.set("Pemasukan", 0, "Jumlah (Rp)", -5)
    _api(client, links["Depok"], workbook(tmp_path, book), "Painem.xlsx")
    _api(client, links["Depok"], b"%PDF", "x.pdf")
    wrong = links["Depok"][::-1]
    _api(client, wrong, b"x")
    lines = [r.getMessage() for r in caplog.records if r.name == "wksbm.web"]
    assert "ditolak tautan-tidak-dikenal (api)" in lines and not any(wrong in line for line in lines)
    assert any(line.startswith("unggahan wksbm=") and "status=perlu_perbaikan" in line for line in lines)
    assert any(line.startswith("ditolak wksbm=") and "bukan-buku-kerja" in line for line in lines)
    assert not any(NIK_PAINEM in line or "Painem" in line or "Suharjo" in line for line in lines)


def test_a_tahun_out_of_range_is_said_once(site, tmp_path):
    client, archive, links = site
    book = Book()
    cell = book.set("Identitas", 0, "Tahun", 2099)
    rows = [r for r in _api(client, links["Depok"], workbook(tmp_path, book)).json()["temuan"]
            if r["kode"] == "period-invalid"]
    assert [(r["lembar"], r["sel"]) for r in rows] == [("Identitas", cell)]
    assert archive.counted(2099, "III") == []
