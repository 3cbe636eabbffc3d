"""Our messages in a cell's note: lines a volunteer's words can stand beside, taken off whole
by the next check of a copy sent back."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment

from compiler.correction.copies import write_copy
from tests.unit.test_correction import finding
from tests.unit.test_correction_sent_back import _data_book


@pytest.mark.parametrize("text,words", [
    ("\nCatatan relawan\n\nHarus diperbaiki: Salah", "\nCatatan relawan"),   # Excel, its author line deleted
    ("Bu Sri:\nCatatan\n\nPerlu diperiksa: Cek", "Bu Sri:\nCatatan"),
    ("Harus diperbaiki: Salah\nBiarkan saja. - Sri", "Biarkan saja. - Sri"),
    ("Harus diperbaiki: Salah\n\nPerlu diperiksa: Cek", ""),
    ("Harus diperbaiki: Salah, panjang\n\u00a0\u00a0sekali\nBiarkan. - Sri", "Biarkan. - Sri"),   # its next lines
    ("Catatan\n\u00a0\u00a0menjorok", "Catatan\n\u00a0\u00a0menjorok")])   # theirs: after no message of ours
def test_a_volunteers_words_are_the_note_as_it_was_without_our_lines(text, words):
    """What stays is the note's own text, so that its runs keep their format where it begins it."""
    from compiler.correction.unmark import own_words

    assert own_words(text, ours=True, marked=True) == (words, text != words)


def _first_copy(tmp_path, way: str, general_way, message: str):
    """A copy with one message on A2, made the given way; (its path, the path for the next)."""
    src = _data_book(tmp_path, rows=(("Nama", "Desa"), ("Painem", "Depok")))
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    if way == "openpyxl":
        general_way()
    assert write_copy(str(src), [finding("Data", "A2", 2, message=message)], first)
    return first, second


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_long_message_is_in_lines_that_go_whole_next_time(way, tmp_path, general_way):
    """LibreOffice sizes a note to its longest line: a message is in lines of about 60
    characters, and the next check takes all of them off, leaving the volunteer's answer."""
    long = "Tanggal ini di luar triwulan yang dilaporkan (01/07/2026 s.d. 30/09/2026), yaitu di Triwulan II 2026."
    first, second = _first_copy(tmp_path, way, general_way, long)
    lines = load_workbook(first)["Data"]["A2"].comment.text.split("\n")
    assert len(lines) > 1 and all(len(line) <= 62 for line in lines)
    assert " ".join(line.strip("\u00a0") for line in lines) == "Harus diperbaiki: " + long
    wb = load_workbook(first)
    wb["Data"]["A2"].comment = Comment(wb["Data"]["A2"].comment.text + "\nSudah benar. - Sri", "wksbm")
    wb.save(first)
    assert write_copy(str(first), [finding("Data", "B2", 2, message="Salah")], second)
    assert load_workbook(second)["Data"]["A2"].comment.text == "Sudah benar. - Sri"


@pytest.mark.parametrize("chars", [8.43, 40, 3])
def test_a_note_box_is_as_wide_whatever_the_columns_it_lies_over(chars, tmp_path):
    """Excel and LibreOffice size a note by its anchor's columns: over four columns 40
    characters wide it was 27 cm. The anchor ends where 320 pixels end."""
    import re
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Nama", "Desa"])
    ws.append(["Painem", "Depok"])
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        ws.column_dimensions[letter].width = chars
    wb.save(tmp_path / "lebar.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "lebar.xlsx"), [finding("Data", "A2", 2, message="Salah")], out)
    with zipfile.ZipFile(out) as z:
        vml = next(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    left, left_px, _, _, right, right_px, _, _ = map(int, re.search(r"<x:Anchor>([^<]*)<", vml)[1].split(","))
    column = int(chars * 7 + 5)
    assert abs((right - left) * column + right_px - left_px - 320) <= 1


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_message_whose_first_word_is_long_still_goes_whole(way, tmp_path, general_way):
    """A quoted value longer than a line once left the mark alone on its line ("Harus
    diperbaiki:" without its space): the next check no longer knew the message as ours."""
    long = "'Rp2.000.000,-/unit(hibah-dari-Dinsos-tahun-2024-untuk-lansia)' bukan angka."
    first, second = _first_copy(tmp_path, way, general_way, long)
    assert load_workbook(first)["Data"]["A2"].comment.text.startswith("Harus diperbaiki: 'Rp2.000.000")
    assert write_copy(str(first), [finding("Data", "B2", 2, message="Salah")], second)
    assert load_workbook(second)["Data"]["A2"].comment is None


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_finding_inside_a_merged_range_marks_the_cell_the_person_sees(way, tmp_path, general_way):
    """openpyxl refuses a note on a cell hidden under a merge (the copy used to crash the batch)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Nama", "Desa"])
    ws.append(["Painem", None])
    ws.merge_cells("A2:B2")
    wb.save(tmp_path / "gabung.xlsx")
    if way == "openpyxl":
        general_way()
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "gabung.xlsx"), [finding("Data", "B2", 2, message="Salah")], out)
    copy = load_workbook(out)["Data"]
    notes = [c.coordinate for row in copy.iter_rows() for c in row if getattr(c, "comment", None)]
    assert notes in (["A2"], ["B2"])


def test_two_sheets_named_alike_are_each_marked_where_the_finding_is(tmp_path, general_way):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Pemasukan"
    wb["Pemasukan"].append(["Tanggal"])
    wb.create_sheet("Pemasukan ").append(["Tanggal"])
    wb["Pemasukan "].sheet_state = "hidden"
    wb.save(tmp_path / "mirip.xlsx")
    for way in ("patched", "openpyxl"):
        if way == "openpyxl":
            general_way()
        out = tmp_path / f"{way}.xlsx"
        assert write_copy(str(tmp_path / "mirip.xlsx"), [finding("Pemasukan", "A1", 1, message="Salah")], out)
        copy = load_workbook(out)
        assert copy["Pemasukan"]["A1"].comment is not None and copy["Pemasukan "]["A1"].comment is None, way
