"""Correction copies of workbooks with notes, or sent back: the volunteer's notes are added to,
and an earlier check's list, notes and fills taken off, by patching the package too, so that what
openpyxl would drop (pictures, Excel 2010 dropdowns, formula values) stays."""
from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
import xml.etree.ElementTree as ET

import pytest
import xlsxwriter
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from tests.helpers.builder import Book
from compiler.correction.copies import SHEET, patched_copy, write_copy
from compiler.correction.xml_text import Unsupported
from tests.unit.test_correction import ORDER, RED, YELLOW, finding, parts, sheet_part, trimmed


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


def boxed(path) -> None:
    """Each sheet's notes have one box each in its drawing, in a shape-id block the drawing
    declares; no shape id is used twice in the workbook."""
    p, ids = parts(path), []
    for name in (n for n in p if n.startswith("xl/worksheets/_rels/")):
        rels = {r.get("Type").rsplit("/", 1)[1]: posixpath.normpath(posixpath.join("xl/worksheets", t)).lstrip("/")
                for r in ET.fromstring(p[name]) if (t := r.get("Target"))}
        if "comments" not in rels:
            continue
        refs = re.findall(rb'<comment ref="([A-Z]+\d+)"', p[rels["comments"]])
        vml = p[rels["vmlDrawing"]].decode()
        blocks = {int(n) for n in re.search(r'idmap[^>]*data="([\d,]+)"', vml).group(1).split(",")}
        shapes = re.findall(r'id="_x0000_s(\d+)".*?Row>(\d+)<.*?Column>(\d+)<', vml, re.S)
        assert sorted(refs) == sorted(f"{get_column_letter(int(c) + 1)}{int(r) + 1}".encode() for _, r, c in shapes)
        assert {int(n) // 1024 for n, _, _ in shapes} <= blocks
        ids += [n for n, _, _ in shapes]
    assert len(ids) == len(set(ids))


def png() -> bytes:
    """A stamp photo: a 1x1 PNG, made without Pillow."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xc0\x20\x20")) + chunk(b"IEND", b""))


class Picture(Image):
    """openpyxl's Image of PNG bytes as they are (it needs Pillow only to look inside)."""

    def __init__(self, data: bytes):
        self.ref, self.width, self.height, self.format, self.png = None, 60, 60, "png", data

    def _data(self) -> bytes:
        return self.png


def _opens(path, sheets: list[str]) -> None:
    """The copy reads in calamine too, its parts and note boxes in order."""
    copy = CalamineWorkbook.from_path(path)
    assert copy.sheet_names == sheets and all(isinstance(copy.get_sheet_by_name(s).to_python(), list) for s in sheets)
    consistent(path)
    boxed(path)


def test_a_picture_a_volunteer_note_and_formula_values_survive_a_copy(tmp_path, fallback):
    """A stamp photo on Identitas and the treasurer's notes on a marked sheet: patched, not openpyxl's
    path, which would drop the photo and the formula values the next check reads."""
    wb = Workbook()
    wb.active.title = "Identitas"
    wb.active.append(["Nama WKSBM", "WKSBM Depok Sejahtera"])
    wb.active.add_image(Picture(png()), "D2")
    data = wb.create_sheet("Data")
    for row in (["Nama", "Jumlah"], ["Painem", 2], ["Sukiman", 3], ["Total", "=SUM(B2:B3)"]):
        data.append(row)
    data["B2"].comment = Comment("Catatan relawan: dicek RT", "Bu Sri")
    data["A1"].comment = Comment("Judul dari kecamatan", "Pak Dukuh")
    wb.save(tmp_path / "saved.xlsx")
    members, src = parts(tmp_path / "saved.xlsx"), tmp_path / "buku.xlsx"
    sheet = sheet_part(tmp_path / "saved.xlsx", "Data")   # as Excel saves it: the total's value with it
    rezip(src, {**members, sheet: members[sheet].replace(b"<f>SUM(B2:B3)</f><v />", b"<f>SUM(B2:B3)</f><v>5</v>")})
    assert b"<v>5</v>" in parts(src)[sheet]
    out = tmp_path / "copy.xlsx"
    findings = [finding("Data", "B2", 2, message="Jumlah tidak wajar"), finding("Data", "A3", 3, "warning", "Ganda"),
                finding("Identitas", "B1", 1, "warning", "Nama lain")]
    assert write_copy(str(src), findings, out) and fallback == []
    (image,) = [n for n in parts(src) if n.startswith("xl/media/")]
    assert parts(out)[image] == parts(src)[image]
    copy, values = load_workbook(out)["Data"], load_workbook(out, data_only=True)["Data"]
    notes = {ref: (copy[ref].comment.text, copy[ref].comment.author) for ref in ("A1", "B2", "A3")}
    assert notes == {"A1": ("Judul dari kecamatan", "Pak Dukuh"), "A3": ("Perlu diperiksa: Ganda", "wksbm"),
                     "B2": ("Catatan relawan: dicek RT\n\nHarus diperbaiki: Jumlah tidak wajar", "Bu Sri")}
    assert copy["B2"].fill.fgColor.rgb == RED and copy["A3"].fill.fgColor.rgb == YELLOW
    assert copy["A1"].fill.fill_type is None and values["B4"].value == 5 and copy["B4"].value == "=SUM(B2:B3)"
    assert load_workbook(out)["Identitas"]["B1"].comment.text == "Perlu diperiksa: Nama lain"
    _opens(out, [SHEET, "Identitas", "Data"])
    assert CalamineWorkbook.from_path(out).get_sheet_by_name("Data").to_python()[3] == ["Total", 5.0]


def _sent_back(path, libre: bool) -> None:
    """A copy of an earlier check as Excel (or LibreOffice, every note's author " ") keeps it: the
    treasurer's note at B2 with our message after it, ours at A3 and C2, theirs at A1 and D2."""
    wb = xlsxwriter.Workbook(str(path))
    red, yellow = (wb.add_format({"pattern": 1, "bg_color": "#" + rgb[2:]}) for rgb in (RED, YELLOW))
    wb.add_worksheet(SHEET).write_row(0, 0, ["No", "Lembar", "Sel"])
    wb.add_worksheet("Identitas").insert_image("D2", "stempel.png", {"image_data": io.BytesIO(png())})
    ws = wb.add_worksheet("Data")
    for r, row in enumerate([["Nama", "Jumlah", "Desa", "Bukti"], ["Painem", 2, "", "ada"], ["Sukiman", 3]]):
        ws.write_row(r, 0, row)
    ws.write_formula("B4", "=SUM(B2:B3)", None, 5)
    ws.write("B2", 2, red)
    ws.write("A3", "Sukiman", yellow)
    ws.write_blank("C2", None, red)
    notes = {"B2": ("Catatan relawan: dicek RT\n\nHarus diperbaiki: Jumlah tidak wajar", "Bu Sri"),
             "A3": ("Perlu diperiksa: Nama ganda", "wksbm"), "C2": ("Harus diperbaiki: Desa kosong", "wksbm"),
             "A1": ("Judul dari kecamatan", "Pak Dukuh"), "D2": ("Perlu diperiksa: kuitansi dicari", "Bu Sri")}
    for ref, (text, author) in notes.items():
        ws.write_comment(ref, text, {"author": " " if libre else author})
    wb.close()


@pytest.mark.parametrize("program", ["Excel", "LibreOffice"])
def test_notes_mixing_a_volunteer_words_with_ours_lose_ours_in_place(program, tmp_path, fallback):
    back, out, again = tmp_path / "back.xlsx", tmp_path / "second.xlsx", tmp_path / "third.xlsx"
    _sent_back(back, program == "LibreOffice")
    findings = [finding("Data", "C2", 2, message="Desa masih kosong"), finding("Data", "A4", 4, "warning", "Baru")]
    assert write_copy(str(back), findings, out) and fallback == []
    assert patched_copy(back.read_bytes(), findings) == out.read_bytes()
    (image,) = [n for n in parts(back) if n.startswith("xl/media/")]
    assert parts(out)[image] == parts(back)[image]
    copy, values = load_workbook(out)["Data"], load_workbook(out, data_only=True)["Data"]
    theirs = "Relawan" if program == "LibreOffice" else "Bu Sri"   # a nameless note on our fill was ours
    notes = {ref: copy[ref].comment and (copy[ref].comment.text, copy[ref].comment.author.strip())
             for ref in ("A1", "B2", "D2", "A3", "C2", "A4")}
    assert notes == {"A1": ("Judul dari kecamatan", "" if program == "LibreOffice" else "Pak Dukuh"),
                     "B2": ("Catatan relawan: dicek RT", theirs), "A3": None,
                     "D2": ("Perlu diperiksa: kuitansi dicari", "" if program == "LibreOffice" else "Bu Sri"),
                     "C2": ("Harus diperbaiki: Desa masih kosong", "wksbm"), "A4": ("Perlu diperiksa: Baru", "wksbm")}
    assert copy["B2"].fill.fill_type is None and copy["A3"].fill.fill_type is None and copy["B2"].value == 2
    assert copy["C2"].fill.fgColor.rgb == RED and copy["A4"].fill.fgColor.rgb == YELLOW and values["B4"].value == 5
    _opens(out, [SHEET, "Identitas", "Data"])
    assert write_copy(str(out), [finding(message="Berkas lama")], again) and fallback == []   # all fixed
    comments = [body for name, body in parts(again).items() if re.search(r"comments\d*\.xml$", name)]
    assert len(comments) == 1 and b"wksbm" not in comments[0] and comments[0].count(b"<comment ") == 3
    assert load_workbook(again)["Data"]["B2"].comment.text == "Catatan relawan: dicek RT"
    _opens(again, [SHEET, "Identitas", "Data"])


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
    # the fresh list's header prints on each of its pages (issue 19); the others' names follow their sheets
    assert [ws.print_title_rows for ws in copy.worksheets] == ["$1:$1", None, "$1:$1", "$1:$1"]
    assert re.findall(r'localSheetId="(\d)"', parts(out)["xl/workbook.xml"].decode()) == ["0", "2", "3"]
    assert copy.defined_names["Jumlah"].attr_text == "Tiga!$B$3" and copy[SHEET].max_row == 2
    consistent(out)
    wb.defined_names["Lama"] = DefinedName("Lama", attr_text=f"'{SHEET}'!$A$1")  # taking it off breaks this
    wb.save(tmp_path / "rujuk.xlsx")
    with pytest.raises(Unsupported):
        patched_copy((tmp_path / "rujuk.xlsx").read_bytes(), [finding("Tiga", "B3", 3)])


def _data_book(tmp_path, *notes, rows=(("Nama", "Desa"), ("Painem", "Depok"))):
    """buku.xlsx: one sheet "Data" of these rows, with the volunteer's own notes (ref, text, author)."""
    wb = Workbook()
    wb.active.title = "Data"
    for row in rows:
        wb.active.append(list(row))
    for ref, text, author in notes:
        wb["Data"][ref].comment = Comment(text, author)
    wb.save(tmp_path / "buku.xlsx")
    return tmp_path / "buku.xlsx"


def test_a_volunteer_note_beside_ours_stays_when_ours_go(tmp_path, fallback):
    first, out = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(_data_book(tmp_path)), [finding("Data", "B2")], first) and fallback == []
    wb = load_workbook(first)
    wb["Data"]["A1"].comment = Comment("Catatan relawan", "Relawan")
    wb.save(first)
    assert write_copy(str(first), [finding("Data", "A2", 2)], out) and fallback == []
    copy = load_workbook(out)
    assert copy["Data"]["A1"].comment.text == "Catatan relawan" and copy.sheetnames == [SHEET, "Data"]
    assert copy["Data"]["B2"].comment is None and copy["Data"]["B2"].fill.fill_type is None
    assert copy["Data"]["A2"].fill.fgColor.rgb == RED
    consistent(out)
    boxed(out)


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
    first = tmp_path / "first.xlsx"
    src = _data_book(tmp_path, ("B2", "Catatan relawan: pindah RT", "Relawan"))
    assert write_copy(str(src), [finding("Data", "B2", 2)], first)
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


def test_a_volunteer_note_worded_like_ours_is_theirs(tmp_path):
    """A treasurer's own "Perlu diperiksa: ..." is their note, not an earlier check's message."""
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(_data_book(tmp_path, ("B2", "Perlu diperiksa: kuitansi belum ada", "Bu Sri"))), [finding("Data", "A2", 2)], out)
    note = load_workbook(out)["Data"]["B2"].comment
    assert (note.text, note.author) == ("Perlu diperiksa: kuitansi belum ada", "Bu Sri")


@pytest.mark.parametrize("again", [False, True])
def test_a_volunteer_note_ending_in_a_line_end_gets_our_message_once(again, tmp_path):
    """Excel's own new note is "Author:" and a line end: our message after it is still ours."""
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(_data_book(tmp_path, ("B2", "Budi:\n", "Bu Sri"))), [finding("Data", "B2", 2)], first)
    assert write_copy(str(first), [finding("Data", "B2" if again else "A2", 2)], second)
    cell = load_workbook(second)["Data"]["B2"]
    assert cell.comment.text == ("Budi:\n\nHarus diperbaiki: Salah" if again else "Budi:")
    assert (cell.fill.fill_type == "solid") == again


@pytest.mark.parametrize("by", ["LibreOffice", "no one"])
def test_a_copy_saved_by_libreoffice_loses_its_old_marks_too(by, tmp_path):
    """LibreOffice writes " " as the author of every note it saves: on a cell a copy filled,
    such a note of our messages is ours; the volunteer's own words in one stay."""
    src = _data_book(tmp_path, rows=(("Nama", "Desa", "Alamat"), ("Painem", "Depok", "RT 3")))
    first, back, second = tmp_path / "first.xlsx", tmp_path / "back.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(src), [finding("Data", "A2", 2), finding("Data", "B2", 2)], first)
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


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_volunteer_answering_a_note_keeps_the_answer_and_a_deleted_note_leaves_no_colour(way, tmp_path,
                                                                                            general_way):
    """Volunteers answer a note on the next line, or write above it, and delete notes they have
    read: the next copy keeps their words, drops our old lines, and unmarks every fixed cell."""
    src = _data_book(tmp_path, rows=(("Nama", "Desa", "Umur"), ("Painem", "Depok", 0)))
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    old = [finding("Data", ref, 2, message=f"Salah {ref}") for ref in ("A2", "B2", "C2")]
    assert write_copy(str(src), old, first)
    wb = load_workbook(first)
    sheet = wb["Data"]
    sheet["A2"].comment = Comment(sheet["A2"].comment.text + "\nBiarkan saja, sudah benar. - Sri", "wksbm")
    sheet["B2"].comment = Comment("Sudah diperbaiki. - Sri\n" + sheet["B2"].comment.text, "wksbm")
    sheet["C2"].comment = None   # read, and deleted
    wb.save(first)
    if way == "openpyxl":
        general_way()
    assert write_copy(str(first), [finding("Data", "A2", 2, message="Masih salah")], second)
    sheet = load_workbook(second)["Data"]
    assert sheet["A2"].comment.text == "Biarkan saja, sudah benar. - Sri\n\nHarus diperbaiki: Masih salah"
    assert sheet["B2"].comment.text == "Sudah diperbaiki. - Sri" and sheet["B2"].fill.fill_type is None
    assert sheet["C2"].comment is None and sheet["C2"].fill.fill_type is None


def test_a_volunteer_note_that_gains_our_message_gets_a_box_that_holds_it(tmp_path, fallback):
    """A note box does not grow with its text: the volunteer's small box grows to our notes' size."""
    src = _data_book(tmp_path, ("B2", "Catatan relawan", "Bu Sri"), ("A1", "Judul", "Bu Sri"))   # 144 x 79 px boxes
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(src), [finding("Data", "B2", 2)], out) and fallback == []
    (vml,) = [body.decode() for name, body in parts(out).items() if name.endswith(".vml")]
    boxes = {}
    for shape in re.finditer(r'<(?:\w+:)?shape\s[^>]*?style="([^"]*)"[^>]*>(.*?)</(?:\w+:)?shape>', vml, re.S):
        row, col = (re.search(rf"{name}>(\d+)<", shape[2])[1] for name in ("Row", "Column"))
        boxes[(int(row), int(col))] = shape[1]
    assert "width:240pt" in boxes[(1, 1)] and "height:105pt" in boxes[(1, 1)]   # B2, ours added
    assert "width:144px" in boxes[(0, 0)]                                       # A1, untouched


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_fixed_identitas_answer_gets_the_templates_yellow_back(way, tmp_path, general_way):
    """Identitas says "isi sel berwarna kuning": a fixed answer is yellow again, not blank."""
    from compiler.template.workbook import write_template

    write_template(tmp_path / "templat.xlsx", {"kapanewon": "Kretek", "kalurahan": "Parangtritis"})
    wb = load_workbook(tmp_path / "templat.xlsx")
    ident = wb["Identitas"]
    cell = next(row[1] for row in ident.iter_rows() if row[0].value == "Kalurahan")
    assert cell.fill.fgColor.rgb == "00FFF2CC"
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    assert write_copy(str(tmp_path / "templat.xlsx"), [finding("Identitas", cell.coordinate, cell.row)], first)
    assert load_workbook(first)["Identitas"][cell.coordinate].fill.fgColor.rgb == RED
    if way == "openpyxl":
        general_way()
    assert write_copy(str(first), [finding("Identitas", "B99", 99)], second)
    assert load_workbook(second)["Identitas"][cell.coordinate].fill.fgColor.rgb.endswith("FFF2CC")
