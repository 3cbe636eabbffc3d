"""Correction copies of workbooks sent back: an earlier check's list, notes and fills are taken
off by patching the package too, so that what openpyxl would drop (Excel 2010 dropdowns) stays."""
from __future__ import annotations

import posixpath
import re
import zipfile
import xml.etree.ElementTree as ET

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from python_calamine import CalamineWorkbook

from builder import Book
from compiler.correction import SHEET, patched_copy, write_copy
from compiler.xml_text import Unsupported
from test_correction import ORDER, RED, YELLOW, finding, parts, sheet_part, trimmed


def rezip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)



X14 = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/'
       b'spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/'
       b'2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Identitas!$A$3:$A$5</xm:f>'
       b'</x14:formula1><xm:sqref>C4:C20</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>')


def consistent(path) -> None:
    """Relationships and overrides name parts that are there, and every part but the package's
    own is some relationship's target: no earlier note left behind."""
    p, targets = parts(path), set()
    for name in (n for n in p if n.endswith(".rels")):
        base = posixpath.dirname(posixpath.dirname(name))
        targets |= {posixpath.normpath(t[1:] if t.startswith("/") else posixpath.join(base, t)).lower()
                    for rel in ET.fromstring(p[name]) if (t := rel.get("Target")) and not rel.get("TargetMode")}
    overrides = {o.get("PartName", "/")[1:].lower() for o in ET.fromstring(p["[Content_Types].xml"])} - {""}
    names = {n.lower() for n in p if not n.endswith(".rels")} - {"[content_types].xml"}
    assert targets == names and overrides <= names


@pytest.mark.filterwarnings("ignore:Data Validation extension")  # openpyxl reading (and dropping) the dropdown
@pytest.mark.parametrize("how", ["as sent, Excel dropdown kept", "saved by openpyxl", "without its list"])
def test_a_copy_sent_back_gets_a_fresh_findings_sheet(how, tmp_path, fallback):
    book = Book()
    date_cell, spent = book.set("Buku Tamu", 0, "Tanggal", "besok pagi"), book.cell("Pengeluaran", 0, "Uraian")
    src, first, back = book.write(tmp_path / "buku.xlsx"), tmp_path / "first.xlsx", tmp_path / "back.xlsx"
    old = [finding("Buku Tamu", date_cell, 4), finding("Pengeluaran", spent, 4, "warning", "Lama"),
           finding("Kegiatan", "", 5, "warning"), finding("Data PPKS", "B4", 4)]
    assert write_copy(str(src), old, first) and fallback == []
    members, ppks = parts(first), sheet_part(first, "Data PPKS")
    rezip(back, {**members, ppks: members[ppks].replace(b"</worksheet>", X14 + b"</worksheet>")})  # a dropdown
    if how != "as sent, Excel dropdown kept":
        wb = load_workbook(back)
        if how == "without its list":
            del wb[SHEET]
        wb.save(back)
    new = [finding("Pengeluaran", spent, 4, "error", "Masih salah"), finding("Data PPKS", "C4", 4, "warning", "Baru")]
    second, again = tmp_path / "second.xlsx", tmp_path / "again.xlsx"
    assert write_copy(str(back), new, second) and write_copy(str(back), new, again) and fallback == []
    assert second.read_bytes() == again.read_bytes()
    wb, names = load_workbook(second), load_workbook(src).sheetnames
    assert wb.sheetnames == [SHEET] + names and wb.active.title == SHEET
    assert [wb[SHEET][f"H{r}"].value for r in (1, 2, 3, 4)] == ["Pesan", "Masih salah", "Baru", None]
    assert wb[SHEET]["C3"].hyperlink.location == "'Data PPKS'!C4"
    # the earlier check's marks are gone where this check found nothing; a note is said once
    for sheet, ref in (("Buku Tamu", date_cell), ("Kegiatan", "A5"), ("Data PPKS", "B4")):
        assert wb[sheet][ref].comment is None and wb[sheet][ref].fill.fill_type is None, (sheet, ref)
    assert wb["Pengeluaran"][spent].comment.text == "Harus diperbaiki: Masih salah"
    assert wb["Pengeluaran"][spent].fill.fgColor.rgb == RED and wb["Data PPKS"]["C4"].fill.fgColor.rgb == YELLOW
    consistent(second)
    xml = parts(second)[sheet_part(second, "Data PPKS")]
    order = [child.tag.split("}")[1] for child in ET.fromstring(xml)]
    assert xml.count(X14) == (how == "as sent, Excel dropdown kept") and order == sorted(order, key=ORDER.index)
    original, copy = CalamineWorkbook.from_path(src), CalamineWorkbook.from_path(second)
    assert copy.sheet_names == [SHEET] + names and all(trimmed(copy.get_sheet_by_name(s).to_python()) ==
                                                       trimmed(original.get_sheet_by_name(s).to_python()) for s in names)


def test_a_name_local_to_a_sheet_after_an_earlier_list_keeps_its_sheet(tmp_path, fallback):
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    wb.active.title = "Satu"
    for title in (SHEET, "Dua", "Tiga"):  # the earlier list, not first: what follows it moves up
        wb.create_sheet(title).append(["No", "Nama"])
        wb[title].print_title_rows = "1:1"
    wb.defined_names["Jumlah"] = DefinedName("Jumlah", attr_text="Tiga!$B$3")
    wb.active = 3
    wb.save(tmp_path / "nama.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "nama.xlsx"), [finding("tiga", "B3", 3)], out) and fallback == []
    copy = load_workbook(out)
    assert copy.sheetnames == [SHEET, "Satu", "Dua", "Tiga"] and copy.active.title == SHEET
    assert [ws.print_title_rows for ws in copy.worksheets] == [None, None, "$1:$1", "$1:$1"]
    assert re.findall(r'localSheetId="(\d)"', parts(out)["xl/workbook.xml"].decode()) == ["2", "3"]
    assert copy.defined_names["Jumlah"].attr_text == "Tiga!$B$3" and copy[SHEET].max_row == 2
    consistent(out)
    wb.defined_names["Lama"] = DefinedName("Lama", attr_text=f"'{SHEET}'!$A$1")  # taking it off breaks this
    wb.save(tmp_path / "rujuk.xlsx")
    with pytest.raises(Unsupported):
        patched_copy((tmp_path / "rujuk.xlsx").read_bytes(), [finding("Tiga", "B3", 3)])


def test_a_volunteer_note_beside_ours_takes_the_openpyxl_path(tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Data"
    for row in (["Nama", "Desa"], ["Painem", "Depok"]):
        wb.active.append(row)
    wb.save(tmp_path / "buku.xlsx")
    first, out = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(tmp_path / "buku.xlsx"), [finding("Data", "B2")], first) and fallback == []
    wb = load_workbook(first)
    wb["Data"]["A1"].comment = Comment("Catatan relawan", "Relawan")
    wb.save(first)
    assert write_copy(str(first), [finding("Data", "A2", 2)], out) and fallback == [str(first)]
    copy = load_workbook(out)
    assert copy["Data"]["A1"].comment.text == "Catatan relawan" and copy.sheetnames == [SHEET, "Data"]
    assert copy["Data"]["B2"].comment is None and copy["Data"]["B2"].fill.fill_type is None
    assert copy["Data"]["A2"].fill.fgColor.rgb == RED


def test_a_note_drawing_with_parts_of_its_own_is_left_to_openpyxl(tmp_path, fallback):
    """A note with a picture fill gives its VML drawing relationships of its own: taking the
    drawing off would leave them behind, so the copy is made the general way."""
    src, first, back = Book().write(tmp_path / "buku.xlsx"), tmp_path / "first.xlsx", tmp_path / "back.xlsx"
    assert write_copy(str(src), [finding("Buku Tamu", "B4", 4)], first) and fallback == []
    members = parts(first)
    (vml,) = [n for n in members if n.endswith(".vml")]
    folder, name = posixpath.split(vml)
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"/>')
    rezip(back, {**members, f"{folder}/_rels/{name}.rels": rels})
    with pytest.raises(Unsupported):
        patched_copy(back.read_bytes(), [finding("Buku Tamu", "C4", 4)])


@pytest.mark.parametrize("author", ["Relawan", "wksbm"])   # wksbm: as copies before this change wrote it
def test_a_volunteer_note_a_copy_added_to_keeps_its_words_in_the_next_rounds(author, tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Data"
    for row in (["Nama", "Desa"], ["Painem", "Depok"]):
        wb.active.append(row)
    wb["Data"]["B2"].comment = Comment("Catatan relawan: pindah RT", "Relawan")
    wb.save(tmp_path / "buku.xlsx")
    first = tmp_path / "first.xlsx"
    assert write_copy(str(tmp_path / "buku.xlsx"), [finding("Data", "B2", 2)], first)
    copy = load_workbook(first)
    note = copy["Data"]["B2"].comment
    assert (note.text, note.author) == ("Catatan relawan: pindah RT\n\nHarus diperbaiki: Salah", "Relawan")
    if author == "wksbm":
        copy["Data"]["B2"].comment = Comment(note.text, "wksbm")
        copy.save(first)
    back = first
    for n in (2, 3):   # fixed: no finding there any more, round after round
        out = tmp_path / f"round{n}.xlsx"
        assert write_copy(str(back), [finding("Data", "A2", 2)], out)
        cell = load_workbook(out)["Data"]["B2"]
        assert cell.comment.text == "Catatan relawan: pindah RT" and cell.fill.fill_type is None
        back = out


def _noted(tmp_path, text: str):
    wb = Workbook()
    wb.active.title = "Data"
    for row in (["Nama", "Desa"], ["Painem", "Depok"]):
        wb.active.append(row)
    wb["Data"]["B2"].comment = Comment(text, "Bu Sri")
    wb.save(tmp_path / "buku.xlsx")
    return tmp_path / "buku.xlsx"


def test_a_volunteer_note_worded_like_ours_is_theirs(tmp_path):
    """A treasurer's own "Perlu diperiksa: ..." is their note, not an earlier check's message."""
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(_noted(tmp_path, "Perlu diperiksa: kuitansi belum ada")), [finding("Data", "A2", 2)], out)
    note = load_workbook(out)["Data"]["B2"].comment
    assert (note.text, note.author) == ("Perlu diperiksa: kuitansi belum ada", "Bu Sri")


@pytest.mark.parametrize("again", [False, True])
def test_a_volunteer_note_ending_in_a_line_end_gets_our_message_once(again, tmp_path):
    """Excel's own new note is "Author:" and a line end: our message after it is still ours."""
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(_noted(tmp_path, "Budi:\n")), [finding("Data", "B2", 2)], first)
    assert write_copy(str(first), [finding("Data", "B2" if again else "A2", 2)], second)
    cell = load_workbook(second)["Data"]["B2"]
    assert cell.comment.text == ("Budi:\n\nHarus diperbaiki: Salah" if again else "Budi:")
    assert (cell.fill.fill_type == "solid") == again


@pytest.mark.parametrize("by", ["LibreOffice", "no one"])
def test_a_copy_saved_by_libreoffice_loses_its_old_marks_too(by, tmp_path):
    """LibreOffice writes " " as the author of every note it saves: on a cell a copy filled,
    such a note of our messages is ours; the volunteer's own words in one stay."""
    wb = Workbook()
    wb.active.title = "Data"
    for row in (["Nama", "Desa", "Alamat"], ["Painem", "Depok", "RT 3"]):
        wb.active.append(row)
    wb.save(tmp_path / "buku.xlsx")
    first, back, second = tmp_path / "first.xlsx", tmp_path / "back.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(tmp_path / "buku.xlsx"), [finding("Data", "A2", 2), finding("Data", "B2", 2)], first)
    wb = load_workbook(first)
    for ref in ("A2", "B2"):
        wb["Data"][ref].comment = Comment(wb["Data"][ref].comment.text, " " if by == "LibreOffice" else "")
    wb["Data"]["C2"].comment = Comment("Harus diperbaiki: alamat lengkap", " ")   # a volunteer's, unmarked
    wb.save(back)
    assert write_copy(str(back), [finding("Data", "B2", 2, message="Masih salah")], second)
    sheet = load_workbook(second)["Data"]
    assert sheet["A2"].comment is None and sheet["A2"].fill.fill_type is None
    assert sheet["B2"].comment.text == "Harus diperbaiki: Masih salah"
    assert sheet["C2"].comment.text == "Harus diperbaiki: alamat lengkap"
