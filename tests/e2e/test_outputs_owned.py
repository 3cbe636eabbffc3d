"""What the commands write and never touch: each command's own outputs (listed in a manifest),
correction copies kept per report, a folder checked again, files the operator put there."""
from __future__ import annotations

import csv
import re

from tests.helpers.builder import Book
from tests.e2e.test_cli import run


def test_validate_and_compile_never_read_each_others_outputs(tmp_path):
    """`wksbm validate .` then `wksbm compile .` in the folder of reports, in either order and
    whatever --out was: what wksbm wrote is not a report."""
    bad = Book()
    for label, value in {"Kapanewon": "Sewon", "Kalurahan": "Panggungharjo", "Padukuhan": "Glugo"}.items():
        bad.set("Identitas", 0, label, value)   # another WKSBM: both reports count
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    bad.write(tmp_path / "salah.xlsx")
    Book().write(tmp_path / "baik.xlsx")
    for args in (["validate", tmp_path, "--out", tmp_path / "output"],
                 ["compile", tmp_path, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path / "rekap"],
                 ["validate", tmp_path, "--out", tmp_path / "periksa"],
                 ["compile", tmp_path, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path]):
        result = run(*args)
        assert result.exit_code == 1, result.output
        if args[0] == "validate":
            assert "\n2 berkas diperiksa: 1 baik, 0 perlu diperiksa (hanya peringatan), 1 perlu perbaikan." in result.output, result.output
        else:
            assert re.search(r"Berkas ditemukan +2\n", result.output), result.output


def test_validate_removes_its_old_copies_and_keeps_what_it_did_not_write(tmp_path):
    masuk, out = tmp_path / "masuk", tmp_path / "periksa"
    masuk.mkdir()
    for name in ("a.xlsx", "b.xlsx"):
        bad = Book()
        bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
        bad.write(masuk / name)
    assert run("validate", masuk, "--out", out).exit_code == 1
    assert sorted(p.name for p in (out / "perbaikan").iterdir()) == ["a_perbaikan.xlsx", "b_perbaikan.xlsx"]
    Book().write(masuk / "b.xlsx")                       # b corrected: its old copy must not be sent again
    assert run("validate", masuk, "--out", out).exit_code == 1
    assert sorted(p.name for p in (out / "perbaikan").iterdir()) == ["a_perbaikan.xlsx"]
    returned = out / "perbaikan" / "a_perbaikan.xlsx"     # the volunteer's corrected copy, saved over ours
    Book().write(returned)
    data = returned.read_bytes()
    result = run("validate", masuk, "--out", out)
    assert result.exit_code == 2 and "a_perbaikan.xlsx" in result.output and "Pindahkan" in result.output
    assert returned.read_bytes() == data


def test_validate_leaves_a_compiles_quarter_folder_alone(tmp_path):
    Book().write(tmp_path / "baik.xlsx")
    assert run("compile", tmp_path, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path / "rekap").exit_code == 0
    before = (tmp_path / "rekap" / "2026-T3" / "daftar_temuan.csv").read_bytes()
    result = run("validate", tmp_path, "--out", tmp_path / "rekap" / "2026-T3")
    assert result.exit_code == 2 and "berisi rekap triwulan" in result.output
    assert (tmp_path / "rekap" / "2026-T3" / "daftar_temuan.csv").read_bytes() == before


def test_files_that_share_a_name_keep_their_own_findings_and_copies(tmp_path):
    """The same name in two folders, two long names that begin alike, names that differ only in
    characters a file name cannot hold or in case: one copy each, told apart in the findings."""
    long = "Laporan Triwulan III Tahun 2026 Wahana Kesejahteraan Sosial Berbasis Masyarakat " * 2
    names = ["a/laporan.xlsx", "b/laporan.xlsx", f"c/{long}Pucung.xlsx", f"c/{long}Gesikan.xlsx",
             "d/x:1.xlsx", "d/x?1.xlsx", "e/Data.xlsx", "e/data.xlsx"]
    for name in names:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        bad = Book()
        bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
        bad.write(tmp_path / name)
    result = run("validate", *(tmp_path / d for d in "abcde"), "--out", tmp_path / "hasil")
    assert result.exit_code == 1 and f"{len(names)} berkas diperiksa" in result.output
    copies = list((tmp_path / "hasil" / "perbaikan").iterdir())
    assert len({p.name.casefold() for p in copies}) == len(names), sorted(p.name for p in copies)
    with open(tmp_path / "hasil" / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        shown = {row["berkas"] for row in csv.DictReader(fh)}
    assert len(shown) == len(names) and {"a/laporan.xlsx", "b/laporan.xlsx"} <= shown


def test_a_csv_renamed_xls_is_told_once_what_to_do(tmp_path):
    (tmp_path / "laporan.xls").write_text("a,b\n1,2\n", encoding="utf-8")
    assert run("validate", tmp_path, "--out", tmp_path / "hasil").exit_code == 1
    with open(tmp_path / "hasil" / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        (row,) = csv.DictReader(fh)
    assert row["pesan"].startswith("Berkas ini sebenarnya teks CSV, bukan Excel. Buka berkas di Excel")
    assert row["pesan"].count("simpan sebagai") == 1


def test_a_manifest_edited_by_hand_reaches_nothing_outside_its_folder(tmp_path):
    """.wksbm-hasil.txt lists what wksbm wrote; a line pointing out of its folder is ignored."""
    import hashlib

    secret = tmp_path / "rahasia.xlsx"
    Book().write(secret)
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    out = tmp_path / "hasil"
    out.mkdir()
    (out / ".wksbm-hasil.txt").write_text(f"wksbm validate\n{digest}  ../rahasia.xlsx\n{digest}  {secret}\n")
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    Book().write(masuk / "baik.xlsx")
    assert run("validate", masuk, "--out", out).exit_code == 0
    assert secret.read_bytes() and hashlib.sha256(secret.read_bytes()).hexdigest() == digest


def test_one_commands_outputs_are_never_removed_by_another(tmp_path):
    """template --registry, then validate into the same folder: the templates stay, and the
    operator is asked for another folder."""
    registry = tmp_path / "daftar.csv"
    registry.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
                        "34.02.03.2002,Parangtritis,Depok,WKSBM Depok\n", encoding="utf-8")
    folder = tmp_path / "laporan"
    assert run("template", "--registry", registry, "--out-dir", folder).exit_code == 0
    templates = sorted(folder.glob("*.xlsx"))
    Book().write(folder / "kiriman_relawan.xlsx")   # a report, among the blank templates
    result = run("validate", folder, "--out", folder)
    assert result.exit_code == 2 and "berisi templat" in result.output and "--out" in result.output
    assert sorted(folder.glob("wksbm_*.xlsx")) == templates


def test_odd_lines_in_a_manifest_are_ignored_not_a_traceback(tmp_path):
    masuk = tmp_path / "masuk"
    masuk.mkdir()
    Book().write(masuk / "baik.xlsx")
    (masuk / ".wksbm-hasil.txt").write_bytes(b"wksbm validate\nabc  baik\x00.xlsx\n0  /dev/zero\n\xff\xfe\n")
    result = run("validate", masuk, "--out", tmp_path / "hasil")
    assert result.exit_code == 0 and "1 berkas diperiksa" in result.output


def test_an_interrupted_validation_still_knows_its_own_files(tmp_path, monkeypatch):
    import compiler.correction.copies

    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    bad.write(tmp_path / "salah.xlsx")
    out = tmp_path / "hasil"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt   # after the findings list is written

    monkeypatch.setattr(compiler.correction.copies, "write_copies", interrupted)
    stopped = run("validate", tmp_path / "salah.xlsx", "--out", out)
    assert stopped.exit_code == 2 and (out / "daftar_temuan.csv").exists()
    monkeypatch.undo()
    again = run("validate", tmp_path / "salah.xlsx", "--out", out)
    assert again.exit_code == 1, again.output   # its own findings list, not "a file wksbm did not write"


def test_template_never_overwrites_a_file(tmp_path):
    report = Book().write(tmp_path / "templat_wksbm.xlsx")   # sent back filled, under its own name
    data = report.read_bytes()
    result = run("template", "-o", report)
    assert result.exit_code == 2 and "sudah ada dan tidak ditimpa" in result.output
    assert report.read_bytes() == data


def test_validating_a_few_files_at_a_time_keeps_the_earlier_copies(tmp_path):
    for name in ("a", "b"):
        bad = Book()
        bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
        (tmp_path / name).mkdir()
        bad.write(tmp_path / name / f"{name}.xlsx")
        assert run("validate", tmp_path / name, "--out", tmp_path / "periksa").exit_code == 1
    assert sorted(p.name for p in (tmp_path / "periksa" / "perbaikan").iterdir()) == [
        "a_perbaikan.xlsx", "b_perbaikan.xlsx"]


def test_an_annotated_findings_list_is_still_not_a_report(tmp_path):
    """The operator adds notes to the findings list in the reports folder: still not a report."""
    import openpyxl

    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    bad.write(tmp_path / "salah.xlsx")
    assert run("validate", tmp_path, "--out", tmp_path / "periksa").exit_code == 1
    listing = tmp_path / "periksa" / "daftar_temuan.xlsx"
    wb = openpyxl.load_workbook(listing)
    wb.active["M1"] = "dikirim lewat WA"
    wb.save(listing)
    again = run("validate", tmp_path, "--out", tmp_path / "periksa2")
    assert again.exit_code == 1 and "\n1 berkas diperiksa" in again.output


def test_nothing_is_written_inside_a_compiles_quarter_folder_and_lock_files_do_not_block(tmp_path):
    Book().write(tmp_path / "baik.xlsx")
    compile_args = ["compile", tmp_path, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path / "rekap"]
    assert run(*compile_args).exit_code == 0
    quarter = tmp_path / "rekap" / "2026-T3"
    inside = run("validate", tmp_path / "baik.xlsx", "--out", quarter / "cek")
    assert inside.exit_code == 2 and "berada di dalam folder rekap triwulan" in inside.output
    assert not (quarter / "cek").exists()
    (quarter / "~$rekap_kabupaten.xlsx").write_bytes(b"")          # left by Excel after a crash
    (quarter / ".~lock.rekap_kabupaten.xlsx#").write_bytes(b"")    # and by LibreOffice
    assert run(*compile_args).exit_code == 0


def _bad(path):
    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    path.parent.mkdir(parents=True, exist_ok=True)
    return bad.write(path)


def test_a_copy_is_removed_only_for_its_own_report(tmp_path):
    """The same file name from two folders, checked one after the other: the first report's
    copy stays when the second needs none; it goes once its own report is checked and clean."""
    _bad(tmp_path / "kretek" / "templat_wksbm.xlsx")
    (tmp_path / "sanden").mkdir()
    Book().write(tmp_path / "sanden" / "templat_wksbm.xlsx")
    out = tmp_path / "periksa"
    assert run("validate", tmp_path / "kretek", "--out", out).exit_code == 1
    assert run("validate", tmp_path / "sanden", "--out", out).exit_code == 0
    assert [p.name for p in (out / "perbaikan").iterdir()] == ["templat_wksbm_perbaikan.xlsx"]
    Book().write(tmp_path / "kretek" / "templat_wksbm.xlsx")   # corrected
    assert run("validate", tmp_path / "kretek", "--out", out).exit_code == 0
    assert list((out / "perbaikan").iterdir()) == []


def test_a_copy_changed_by_the_operator_stays_listed_through_later_runs(tmp_path):
    laporan = tmp_path / "laporan"
    _bad(laporan / "a.xlsx")
    _bad(laporan / "b.xlsx")
    out = laporan / "periksa"
    assert run("validate", laporan, "--out", out).exit_code == 1
    noted = out / "perbaikan" / "a_perbaikan.xlsx"
    noted.write_bytes(noted.read_bytes() + b"\0")   # changed: no longer wksbm's to replace
    assert run("validate", laporan / "b.xlsx", "--out", out).exit_code == 1
    again = run("validate", laporan, "--out", tmp_path / "lagi")
    assert again.exit_code == 1 and "\n2 berkas diperiksa" in again.output, again.output
    mine = run("validate", laporan / "a.xlsx", "--out", out)   # still protected: never replaced
    assert mine.exit_code == 2 and "a_perbaikan.xlsx" in mine.output


def test_a_template_filled_where_it_was_made_is_a_report(tmp_path):
    import openpyxl

    registry = tmp_path / "daftar.csv"
    registry.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
                        "34.02.03.2002,Parangtritis,Depok,WKSBM Depok\n", encoding="utf-8")
    folder = tmp_path / "laporan"
    assert run("template", "--registry", registry, "--out-dir", folder).exit_code == 0
    (template,) = folder.glob("*.xlsx")
    wb = openpyxl.load_workbook(template)
    wb["Buku Tamu"]["B5"] = "diisi"
    wb.save(template)
    result = run("validate", template.parent, "--out", tmp_path / "periksa")
    assert "\n1 berkas diperiksa" in result.output, result.output


def test_a_symlink_loop_as_out_is_a_message_not_a_traceback(tmp_path):
    loop = tmp_path / "putar"
    loop.symlink_to(loop)
    result = run("validate", Book().write(tmp_path / "baik.xlsx"), "--out", loop)
    assert result.exit_code == 2 and "Gagal:" in result.output and "Traceback" not in result.output


def test_a_folder_of_wksbms_own_outputs_says_so(tmp_path):
    _bad(tmp_path / "masuk" / "salah.xlsx")
    out = tmp_path / "periksa"
    assert run("validate", tmp_path / "masuk", "--out", out).exit_code == 1
    result = run("validate", out, "--out", tmp_path / "lagi")
    assert result.exit_code == 2 and "2 berkas .xlsx di sana ditulis wksbm sendiri" in result.output


def test_reports_with_the_same_name_keep_their_own_copies_even_after_an_interruption(tmp_path, monkeypatch):
    import compiler.correction.copies

    out = tmp_path / "periksa"
    _bad(tmp_path / "kretek" / "a.xlsx")
    assert run("validate", tmp_path / "kretek", "--out", out).exit_code == 1
    kretek = (out / "perbaikan" / "a_perbaikan.xlsx").read_bytes()
    _bad(tmp_path / "sanden" / "a.xlsx")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(compiler.correction.copies, "write_copies", interrupted)
    assert run("validate", tmp_path / "sanden", "--out", out).exit_code == 2
    monkeypatch.undo()
    assert run("validate", tmp_path / "sanden", "--out", out).exit_code == 1
    assert len(list((out / "perbaikan").iterdir())) == 2   # sanden's copy has a name of its own
    (tmp_path / "sanden" / "a.xlsx").unlink()
    Book().write(tmp_path / "sanden" / "a.xlsx")               # sanden corrected
    assert run("validate", tmp_path / "sanden", "--out", out).exit_code == 0
    assert [p.read_bytes() for p in (out / "perbaikan").iterdir()] == [kretek]


def test_a_compile_never_replaces_a_validations_folder(tmp_path):
    Book().write(tmp_path / "baik.xlsx")
    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    bad.write(tmp_path / "salah.xlsx")
    quarter = tmp_path / "hasil" / "2026-T3"
    assert run("validate", tmp_path / "salah.xlsx", "--out", quarter).exit_code == 1
    result = run("compile", tmp_path, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path / "hasil")
    assert result.exit_code == 2 and "daftar_temuan" in result.output
    assert (quarter / "perbaikan" / "salah_perbaikan.xlsx").exists()


def test_other_files_in_a_folder_checked_are_named_not_passed_over(tmp_path):
    """Every file is counted or listed with its reason: a CSV beside the reports is named; the
    registry given to compile is not another file."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    Book().write(inp / "depok.xlsx")
    (inp / "buku_tamu.csv").write_text("Tanggal,Nama\n", encoding="utf-8")
    (inp / "daftar_wksbm.csv").write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
                                          "34.02.03.2002,Parangtritis,Depok,WKSBM Depok\n", encoding="utf-8")
    checked = run("validate", inp, "--out", tmp_path / "periksa")
    assert checked.exit_code == 0 and "2 berkas bukan buku kerja Excel .xlsx" in checked.output
    assert "buku_tamu.csv" in checked.output and "daftar_wksbm.csv" in checked.output
    compiled = run("compile", inp, "--tahun", "2026", "--triwulan", "III", "--registry", inp / "daftar_wksbm.csv",
                   "--out", tmp_path / "hasil")
    assert compiled.exit_code == 0 and "1 berkas bukan buku kerja Excel .xlsx, jadi tidak diperiksa: buku_tamu.csv" \
        in compiled.output
    only_csv = tmp_path / "csv"
    only_csv.mkdir()
    (only_csv / "buku_tamu.csv").write_text("Tanggal,Nama\n", encoding="utf-8")
    refused = run("validate", only_csv, "--out", tmp_path / "p2")
    assert refused.exit_code == 2 and "buku_tamu.csv" in refused.output


def test_the_registry_and_notes_beside_sample_workbooks_are_not_other_files(tmp_path):
    assert run("sample", "--out", tmp_path / "contoh", "--count", "3", "--seed", "5").exit_code == 0
    checked = run("validate", tmp_path / "contoh", "--out", tmp_path / "periksa")
    assert checked.exit_code in (0, 1) and "berkas diperiksa" in checked.output
    assert "bukan buku kerja" not in checked.output   # daftar_wksbm.csv and mistakes.csv are the sample's own
