"""A WKSBM's page for operators: every upload with time, sender, status and findings; the
original and the correction copy; setting aside with a reason, kept and undoable; uploading
on the WKSBM's behalf through the intake's own job."""
from __future__ import annotations

from compiler.archive import audit
from tests.console.conftest import ON_TIME, sign_in, text_of, upload, wksbm_named
from tests.helpers.builder import Book


def _bad_book():
    book = Book()
    cell = book.set("Pemasukan", 0, "Jumlah (Rp)", "banyak")
    return book, cell


def test_every_upload_with_time_sender_status_and_findings(client, archive, checker, tmp_path):
    upload(archive, checker, "Depok", tmp_path)
    book, cell = _bad_book()
    bad = upload(archive, checker, "Depok", tmp_path, book, when=ON_TIME.replace(hour=5))
    sign_in(client, "operator")
    page = client.get(f"/konsol/wksbm/{bad['wksbm_id']}")
    text = text_of(page.text)
    assert "Unggahan (2)" in text
    assert "5 Oktober 2026 12.00 WIB" in text and "5 Oktober 2026 10.00 WIB" in text
    assert "Keadaan Perlu perbaikan (yang dihitung untuk triwulannya)" in text
    assert "Keadaan Diganti unggahan yang lebih baru" in text
    assert f"Pemasukan {cell} Kesalahan" in text
    assert "Pengirim tautan WKSBM" in text


def test_downloads_of_the_original_and_the_correction_copy(client, archive, checker, tmp_path):
    book, _ = _bad_book()
    bad = upload(archive, checker, "Depok", tmp_path, book)
    sign_in(client, "operator")
    original = client.get(f"/konsol/unggahan/{bad['id']}/asli")
    assert original.status_code == 200 and original.content == archive.files.get(bad["sha256"])
    assert "attachment" in original.headers["content-disposition"]
    copy = client.get(f"/konsol/unggahan/{bad['id']}/salinan")
    assert copy.status_code == 200 and copy.content == archive.files.get(bad["copy_sha256"])


def test_a_clean_upload_has_no_copy_to_download(client, archive, checker, tmp_path):
    clean = upload(archive, checker, "Depok", tmp_path)
    assert clean["findings"] == [] and clean["copy_sha256"] is None
    sign_in(client, "operator")
    assert client.get(f"/konsol/unggahan/{clean['id']}/salinan").status_code == 404
    page = client.get(f"/konsol/wksbm/{clean['wksbm_id']}").text
    assert "Unduh berkas asli" in page and "Unduh salinan perbaikan" not in page


def test_set_aside_with_a_reason_kept_shown_and_undone(client, archive, checker, tmp_path):
    older = upload(archive, checker, "Depok", tmp_path)
    book, _ = _bad_book()
    newer = upload(archive, checker, "Depok", tmp_path, book, when=ON_TIME.replace(hour=5))
    token = sign_in(client, "operator")
    answer = client.post(f"/konsol/unggahan/{newer['id']}/sisihkan", data={"csrf": token, "alasan": "berkas keliru"})
    assert answer.status_code == 303
    assert [u["id"] for u in archive.counted(2026, "III")] == [older["id"]]
    text = text_of(client.get(f"/konsol/wksbm/{newer['wksbm_id']}").text)
    assert "Keadaan Disisihkan" in text and "oleh Budi" in text and "berkas keliru" in text
    answer = client.post(f"/konsol/unggahan/{newer['id']}/pulihkan", data={"csrf": token})
    assert answer.status_code == 303
    assert [u["id"] for u in archive.counted(2026, "III")] == [newer["id"]]
    text = text_of(client.get(f"/konsol/wksbm/{newer['wksbm_id']}").text)
    assert "disisihkan oleh Budi (berkas keliru)" in text and "dipulihkan oleh Budi" in text   # history kept
    assert [e["action"] for e in audit.entries(archive)][:2] == ["pulihkan", "sisihkan"]


def test_set_aside_without_a_reason_is_refused_in_words(client, archive, checker, tmp_path):
    up = upload(archive, checker, "Depok", tmp_path)
    token = sign_in(client, "operator")
    answer = client.post(f"/konsol/unggahan/{up['id']}/sisihkan", data={"csrf": token, "alasan": "   "})
    assert answer.status_code == 400 and "Tuliskan alasan" in answer.text
    assert archive.counted(2026, "III")[0]["id"] == up["id"]


def test_upload_on_behalf_is_checked_and_names_the_operator(client, archive, checker, tmp_path):
    w = wksbm_named(archive, "Grogol")
    book = Book()
    book.identity["Padukuhan"] = "Grogol"
    data = book.write(tmp_path / "grogol.xlsx").read_bytes()
    token = sign_in(client, "operator")
    answer = client.post(f"/konsol/wksbm/{w.id}/unggah", data={"csrf": token},
                         files={"berkas": ("laporan grogol.xlsx", data, "application/octet-stream")})
    assert answer.status_code == 303
    [u] = archive.uploads_of(w.id)
    assert u["sender_kind"] == "operator" and u["sender"] == "Budi" and u["original_name"] == "laporan grogol.xlsx"
    assert "Pengirim operator Budi" in text_of(client.get(f"/konsol/wksbm/{w.id}").text)
    assert audit.entries(archive, action="unggah")[0]["actor"] == "operator:Budi"


def test_upload_on_behalf_of_another_wksbm_workbook_is_a_mismatch(client, archive, checker, tmp_path):
    w = wksbm_named(archive, "Grogol")
    data = Book().write(tmp_path / "depok.xlsx").read_bytes()   # Identitas says Depok
    token = sign_in(client, "operator")
    client.post(f"/konsol/wksbm/{w.id}/unggah", data={"csrf": token}, files={"berkas": ("d.xlsx", data)})
    [u] = archive.uploads_of(w.id)
    assert "wksbm-mismatch" in {f["kode"] for f in u["findings"]} and not archive.counted(2026, "III")


def test_upload_on_behalf_refuses_a_file_that_is_not_xlsx(client, archive):
    w = wksbm_named(archive, "Grogol")
    token = sign_in(client, "operator")
    answer = client.post(f"/konsol/wksbm/{w.id}/unggah", data={"csrf": token},
                         files={"berkas": ("laporan.pdf", b"%PDF-1.4", "application/pdf")})
    assert answer.status_code == 400 and ".xlsx" in answer.text
    assert archive.uploads_of(w.id) == []


def test_upload_on_behalf_over_the_limit_is_refused_in_words(client, archive, monkeypatch):
    from compiler.web.console import wksbm_pages

    monkeypatch.setattr(wksbm_pages, "MAX_UPLOAD", 2 * 2**20)
    w = wksbm_named(archive, "Grogol")
    token = sign_in(client, "operator")
    answer = client.post(f"/konsol/wksbm/{w.id}/unggah", data={"csrf": token},
                         files={"berkas": ("besar.xlsx", b"PK" + b"0" * (3 * 2**20), "application/octet-stream")})
    assert answer.status_code == 400 and "Berkas terlalu besar: batasnya 2 MB" in answer.text
    assert archive.uploads_of(w.id) == []


def test_a_broken_form_is_refused_in_words(client, archive):
    w = wksbm_named(archive, "Grogol")
    sign_in(client, "operator")
    answer = client.post(f"/konsol/wksbm/{w.id}/unggah", content=b"--x\r\nnot a form",
                         headers={"content-type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 400 and "Formulir tidak dapat dibaca" in answer.text, answer.text[:300]
    assert archive.uploads_of(w.id) == []
