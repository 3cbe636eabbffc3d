"""`wksbm validate`: exit statuses, both findings files, correction copies marked where findings say."""
from __future__ import annotations

import csv
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from tests.helpers.builder import Book
from compiler.cli import main
from compiler.outputs.findings_list import COLUMNS, HEADERS

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_clean_workbook_exits_0_and_writes_empty_lists(tmp_path):
    path = Book().write(tmp_path / "bersih.xlsx")
    out = tmp_path / "out"
    result = run("validate", path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "bersih.xlsx: 0 kesalahan, 0 peringatan" in result.output
    with open(out / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        assert list(csv.reader(fh)) == [list(COLUMNS)]
    assert not (out / "perbaikan").exists() or not any((out / "perbaikan").iterdir())


def test_errors_exit_1_with_findings_files_and_correction_copy(tmp_path):
    book = Book()
    date_cell = book.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    text_cell = book.set("Pengeluaran", 1, "Tanggal", "05/09/2026")
    (tmp_path / "in").mkdir()
    book.write(tmp_path / "in" / "salah.xlsx")
    Book().write(tmp_path / "in" / "bersih.xlsx")
    out = tmp_path / "out"
    result = run("validate", tmp_path / "in", "--out", out)
    assert result.exit_code == 1, result.output
    with open(out / "daftar_temuan.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["berkas"], r["lembar"], r["sel"], r["kode"], r["tingkat"], r["kolom"], r["baris"]) for r in rows] == [
        ("salah.xlsx", "Buku Tamu", date_cell, "type-date", "error", "Tanggal", date_cell[1:]),
        ("salah.xlsx", "Pengeluaran", text_cell, "date-as-text", "warning", "Tanggal", text_cell[1:]),
    ]
    assert rows[0]["kapanewon"] == "Kretek" and rows[0]["padukuhan"] == "Depok"
    assert rows[0]["nilai"] == "besok pagi" and "17/08/2026" in rows[0]["pesan"]

    listing = load_workbook(out / "daftar_temuan.xlsx")["Daftar Temuan"]
    assert [c.value for c in listing[1]] == list(HEADERS)   # for people: Indonesian (the CSV: COLUMNS)
    assert listing.freeze_panes == "A2" and listing.tables
    assert listing.cell(2, 1).fill.fgColor.rgb != listing.cell(3, 1).fill.fgColor.rgb  # error row tinted

    copy = load_workbook(out / "perbaikan" / "salah_perbaikan.xlsx")
    assert copy.sheetnames[0] == "Daftar Perbaikan"
    cell = copy["Buku Tamu"][date_cell]
    assert cell.value == "besok pagi"  # the volunteer's own value, unchanged
    assert "tidak dikenali" in cell.comment.text and cell.fill.fgColor.rgb == "FFFF9999"
    warn = copy["Pengeluaran"][text_cell]
    assert "teks" in warn.comment.text and warn.fill.fgColor.rgb == "FFFFEB84"
    summary = copy["Daftar Perbaikan"]   # in tab order: Pengeluaran, then Buku Tamu
    assert [summary.cell(r, 2).value for r in (2, 3)] == ["Pengeluaran", "Buku Tamu"]
    assert summary.cell(3, 3).value == date_cell
    link = summary.cell(3, 3).hyperlink
    assert (link.target or "#" + link.location) == f"#'Buku Tamu'!{date_cell}"
    assert not (out / "perbaikan" / "bersih_perbaikan.xlsx").exists()


def test_unreadable_file_is_a_finding_not_a_traceback(tmp_path):
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 ini bukan excel")
    result = run("validate", tmp_path / "rusak.xlsx", "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    with open(tmp_path / "out" / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["kode"] == "file-unreadable" and row["lembar"] == "" and row["sel"] == ""


def test_bad_arguments_exit_2(tmp_path):
    assert run("validate", tmp_path / "tidak-ada.xlsx").exit_code == 2
    blocker = tmp_path / "berkas"
    blocker.write_text("x")
    path = Book().write(tmp_path / "a.xlsx")
    assert run("validate", path, "--out", blocker / "sub").exit_code == 2
    assert run("compile").exit_code == 2


def test_help_and_version():
    result = run("--help")
    assert result.exit_code == 0 and "validate" in result.output
    assert run("--version").output.startswith("wksbm")


def test_the_console_entry_point_keeps_each_exit_status(tmp_path):
    """`wksbm` runs `compiler.cli:run` (main, then a quick exit): the status is main's."""
    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    path = bad.write(tmp_path / "salah.xlsx")

    def status(*args):
        return subprocess.run([sys.executable, "-m", "compiler.cli", *map(str, args)], cwd=ROOT,
                              capture_output=True).returncode

    assert status("--version") == 0
    assert status("validate", path, "--out", tmp_path / "out") == 1
    assert status("validate", tmp_path / "tidak-ada.xlsx") == 2


def _interrupted(tmp_path, prelude: str, marker: bytes) -> tuple[int, str]:
    """Run `wksbm validate` on a clean workbook in a child with `prelude` run first, press
    Ctrl+C once it prints `marker`; its status and what it wrote to stderr."""
    path = Book().write(tmp_path / "baik.xlsx")
    code = (prelude + "from compiler.cli import run\n"
            "sys.argv = ['wksbm', 'validate', sys.argv[1], '--out', sys.argv[2]]\n"
            "run()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path), str(tmp_path / "out")], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    for line in proc.stdout:
        if line == marker + b"\n":
            break
    else:
        raise AssertionError(f"the child never printed {marker!r}")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode()


def test_ctrl_c_stops_with_status_2_and_a_word_in_bahasa_indonesia(tmp_path):
    """Not click's English "Aborted!" and status 1, which here would mean errors in the inputs."""
    status, err = _interrupted(tmp_path, "import sys, time\n"
                                         "import compiler.run.batch\n"
                                         "def reading(*args, **kwargs):\n"
                                         "    print('membaca', flush=True)\n"
                                         "    time.sleep(60)\n"
                                         "compiler.run.batch.run = reading\n", b"membaca")
    assert status == 2
    assert "Gagal: dibatalkan (Ctrl+C)" in err and "Aborted" not in err


def test_ctrl_c_after_the_command_ended_does_not_break_the_exit(tmp_path):
    """Once a command has ended, the interpreter's exit (worker pools closing) is not interrupted
    by Ctrl+C, which used to print a traceback in English: the status stays the command's."""
    status, err = _interrupted(tmp_path, "import atexit, sys, time\n"
                                         "def closing():\n"
                                         "    print('menutup', flush=True)\n"
                                         "    time.sleep(2)\n"
                                         "atexit.register(closing)\n", b"menutup")
    assert status == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_sample_then_validate_then_template_from_its_registry(tmp_path):
    made = run("sample", "--out", tmp_path / "contoh", "--count", "4", "--seed", "3", "--error-rate", "0")
    assert made.exit_code == 0, made.output
    files = sorted((tmp_path / "contoh").glob("*.xlsx"))
    assert len(files) == 4
    checked = run("validate", tmp_path / "contoh", "--out", tmp_path / "periksa")
    assert checked.exit_code == 0, checked.output
    templates = run("template", "--registry", tmp_path / "contoh" / "daftar_wksbm.csv",
                    "--out-dir", tmp_path / "templat")
    assert templates.exit_code == 0, templates.output
    assert len(list((tmp_path / "templat").glob("*.xlsx"))) >= 4
    bad = tmp_path / "rusak.csv"
    bad.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n99.99,X,Y,Z\n", encoding="utf-8")
    refused = run("template", "--registry", bad, "--out-dir", tmp_path / "t2")
    assert refused.exit_code == 2 and "baris 2" in refused.output
    bad.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n34.02.03.2002,Parangtritis,Depok,WKSBM Depok\n"
                   "99.99,X,Y,Z\n", encoding="utf-8")
    partly = run("template", "--registry", bad, "--out-dir", tmp_path / "t3")   # it ran: an input was wrong
    assert partly.exit_code == 1 and "1 templat ditulis" in partly.output and "baris 3" in partly.output


def test_findings_workbook_layout_text_and_bytes(tmp_path):
    """daftar_temuan.xlsx: a filterable table, values as typed (text stays text), same bytes each run."""
    from compiler.outputs.findings_list import write_xlsx

    rows = [("a.xlsx", "Kretek", "", "", "Buku Tamu", "B7", 7, "Tanggal", "type-date", "error", "=1+2",
             "Tanggal tidak dikenali."),
            ("a.xlsx", "Kretek", "", "", "Identitas", "", "", "", "period-mismatch", "warning", "-5", "Cek.")]
    write_xlsx(rows, tmp_path / "a.xlsx")
    write_xlsx(rows, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    ws = load_workbook(tmp_path / "a.xlsx")["Daftar Temuan"]
    assert [c.value for c in ws[1]] == list(HEADERS) and ws["A1"].font.b
    table = ws.tables["DaftarTemuan"]
    assert table.ref == "A1:L3" and table.autoFilter.ref == "A1:L3"
    assert table.tableStyleInfo.name == "TableStyleLight9" and not table.tableStyleInfo.showRowStripes
    assert ws["K2"].value == "=1+2" and ws["K2"].data_type == "s" and ws["K3"].value == "-5"
    assert ws["G2"].value == 7 and ws["C2"].value is None and ws["G3"].value is None
    assert all(ws.cell(2, c).fill.fgColor.rgb == "FFF4CCCC" for c in range(1, 13))  # error row tinted
    assert ws["A3"].fill.fill_type is None
    assert ws["L3"].alignment.wrap_text and ws["L3"].alignment.vertical == "top"
    assert ws.freeze_panes == "A2" and ws.column_dimensions["A"].width == 30   # wrapped: one page wide
    assert ws.column_dimensions["L"].width == 50
    write_xlsx([], tmp_path / "kosong.xlsx")
    assert load_workbook(tmp_path / "kosong.xlsx")["Daftar Temuan"].tables["DaftarTemuan"].ref == "A1:L2"


def test_outputs_inside_the_folder_checked_are_not_read_again(tmp_path):
    """`wksbm validate . --out hasil`, twice: the second run does not take the first run's
    correction copies and findings list for submissions; neither do hidden folders count."""
    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    bad.write(tmp_path / "salah.xlsx")
    Book().write(tmp_path / "baik.xlsx")
    (tmp_path / ".cadangan").mkdir()
    Book().write(tmp_path / ".cadangan" / "lama.xlsx")
    for _ in range(2):
        result = run("validate", tmp_path, "--out", tmp_path / "hasil")
        assert result.exit_code == 1
        assert "2 berkas diperiksa: 1 baik, 0 perlu diperiksa (hanya peringatan), 1 perlu perbaikan." in result.output
    assert (tmp_path / "hasil" / "perbaikan" / "salah_perbaikan.xlsx").exists()
    with open(tmp_path / "hasil" / "daftar_temuan.csv", encoding="utf-8-sig") as fh:
        assert {row["berkas"] for row in csv.DictReader(fh)} == {"salah.xlsx"}


def test_clicks_own_words_are_in_bahasa_indonesia(tmp_path):
    """Usage errors and help come from click, in English unless its catalog is ours."""
    missing = run("compile", tmp_path)
    assert missing.exit_code == 2
    assert "Gagal: Pilihan wajib belum diisi: '--tahun'." in missing.output
    typo = run("valdate", tmp_path)
    assert typo.exit_code == 2 and "Perintah 'valdate' tidak dikenal. Mungkin maksud Anda 'validate'?" in typo.output
    nowhere = run("compile", tmp_path / "tidak-ada", "--tahun", "2026", "--triwulan", "I")
    assert nowhere.exit_code == 2 and "Folder" in nowhere.output and "tidak ditemukan" in nowhere.output
    helps = [run(*args, "--help").output for args in [(), ("template",), ("validate",), ("compile",), ("sample",)]]
    for text in [missing.output, typo.output, nowhere.output, *helps, run("--version").output]:
        for english in ("Usage", "Error", "Missing", "Options", "Show this", "Try ", "does not", ", version",
                        "default", "required", "Did you", "DIRECTORY", "FILE", "INTEGER"):
            assert english not in text, (english, text)


def test_the_catalog_of_clicks_words_is_compiled_from_its_source():
    """compiler/locale/id/LC_MESSAGES/wksbm.mo must say what wksbm.po says (msgfmt after editing)."""
    import ast
    import gettext

    folder = ROOT / "compiler" / "locale" / "id" / "LC_MESSAGES"
    with open(folder / "wksbm.mo", "rb") as fh:
        mo = gettext.GNUTranslations(fh)
    entries, entry, key = [], {}, None
    for line in (folder / "wksbm.po").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if entry.get("msgid"):
                entries.append(entry)
            entry, key = {}, None
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, text = line.split(" ", 1)
            entry[key] = ast.literal_eval(text)
    assert len(entries) >= 40
    for e in entries:
        if "msgid_plural" in e:
            assert mo.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr[0]"]
        else:
            assert mo.gettext(e["msgid"]) == e["msgstr"], e["msgid"]


def test_an_output_that_cannot_be_written_is_one_line_in_bahasa_not_a_traceback(tmp_path):
    (tmp_path / "hasil").mkdir()
    (tmp_path / "hasil" / "perbaikan").write_text("")   # a file where the copies' folder goes
    bad = Book()
    bad.set("Buku Tamu", 0, "Tanggal", "besok pagi")
    result = run("validate", bad.write(tmp_path / "salah.xlsx"), "--out", tmp_path / "hasil")
    assert result.exit_code == 2 and not isinstance(result.exception, OSError)
    assert "Gagal: keluaran tidak dapat ditulis" in result.output and "perbaikan" in result.output
    assert "Traceback" not in result.output


def test_an_operators_slips_in_the_options_are_told_in_their_words(tmp_path):
    """A quarter or a year typed otherwise; names with spaces not quoted; most reports of
    another quarter (a recap of the few left would pass for the quarter's)."""
    inp = tmp_path / "masuk"
    inp.mkdir()
    Book().write(inp / "depok.xlsx")
    spaced = run("validate", tmp_path / "Laporan", "TW", "3")
    assert spaced.exit_code == 2 and "'TW', '3'" in spaced.output and "apit dengan tanda kutip" in spaced.output
    word = run("compile", inp, "--tahun", "2026", "--triwulan", "Tiga", "--out", tmp_path / "a")
    assert word.exit_code == 2 and "Triwulan 'Tiga' tidak dikenal. Tulis I, II, III atau IV" in word.output
    year = run("compile", inp, "--tahun", "26", "--triwulan", "III", "--out", tmp_path / "b")
    assert year.exit_code == 2 and "Tahun '26' tidak dapat dipakai" in year.output and "2019<=" not in year.output
    spaces = run("compile", inp, "--tahun", "2026", "--triwulan", " iii ", "--out", tmp_path / "c")
    assert spaces.exit_code == 0, spaces.output
    Book().write(inp / "depok_tw2.xlsx")   # one more file; this quarter's report below is the other
    other = Book()
    other.set("Identitas", 0, "Padukuhan", "Sorobayan")
    other.set("Identitas", 0, "Triwulan", "II")
    other.write(inp / "sorobayan.xlsx")
    wrong = run("compile", inp, "--tahun", "2026", "--triwulan", "II", "--out", tmp_path / "d")
    assert "Perhatian: 2 dari 3 berkas adalah laporan triwulan lain (2 laporan triwulan III 2026)" in wrong.output


def test_a_long_validate_list_names_only_the_files_not_good(tmp_path):
    for i in range(31):
        Book().write(tmp_path / f"baik{i:02d}.xlsx")
    (tmp_path / "catatan.pdf").write_bytes(b"%PDF-1.4 bukan buku kerja")
    (tmp_path / "catatan.pdf").rename(tmp_path / "catatan.xlsx")
    result = run("validate", tmp_path, "--out", tmp_path / "hasil")
    assert result.exit_code == 1
    assert "baik00.xlsx" not in result.output and "catatan.xlsx: 1 kesalahan, 0 peringatan - PERLU PERBAIKAN\n  " in result.output
    assert "32 berkas diperiksa: 31 baik, 0 perlu diperiksa (hanya peringatan), 1 perlu perbaikan." in result.output


def test_a_workbook_open_in_excel_a_registry_left_in_the_folder_and_help_are_said(tmp_path):
    inp = tmp_path / "masuk"
    inp.mkdir()
    Book().write(inp / "depok.xlsx")
    (inp / "~$depok.xlsx").write_bytes(b"\x00" * 165)   # Excel's lock file: depok.xlsx is open
    (inp / "daftar_wksbm.csv").write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n", encoding="utf-8")
    checked = run("validate", inp, "--out", tmp_path / "v")
    assert checked.exit_code == 0 and "Catatan: depok.xlsx sedang dibuka di Excel" in checked.output
    compiled = run("compile", inp, "--tahun", "2026", "--triwulan", "III", "--out", tmp_path / "c")
    assert compiled.exit_code == 0 and "depok.xlsx sedang dibuka di Excel" in compiled.output
    assert f"jalankan lagi dengan --registry {inp / 'daftar_wksbm.csv'}" in compiled.output
    assert "Menulis rekap, daftar temuan dan salinan perbaikan..." in compiled.output
    assert run("help").output == run("--help").output
    assert run("help", "compile").output == run("compile", "--help").output
    named = run("template", "-o", tmp_path / "templat.csv")
    assert named.exit_code == 2 and "harus berakhiran .xlsx" in named.output and not (tmp_path / "templat.csv").exists()


def test_only_a_report_open_in_excel_is_named(tmp_path):
    """Excel's lock beside wksbm's own outputs, in a hidden folder, or left from a workbook since
    deleted names no report; a long name's lock drops its first two characters."""
    name = "wksbm_3402032004_gunturan_2026-T3.xlsx"
    Book().write(tmp_path / name)
    (tmp_path / ("~$" + name[2:])).write_bytes(b"\x00")
    for lock in ("~$sudah_dihapus.xlsx", "~$daftar_temuan.xlsx"):
        (tmp_path / lock).write_bytes(b"\x00")
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache" / "~$x.xlsx").write_bytes(b"\x00")
    result = run("validate", tmp_path, tmp_path / name, "--out", tmp_path / "hasil")
    (note,) = [line for line in result.output.splitlines() if "sedang dibuka di Excel" in line]
    assert note.startswith(f"Catatan: {name} sedang dibuka")
