"""Correction copies made by patching the package: marks, notes, the findings sheet, fallbacks."""
from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.table import Table
from python_calamine import CalamineWorkbook

from tests.helpers.builder import Book
from compiler.correction import copies as correction
from compiler.correction.copies import SHEET, patched_copy, write_copy
from compiler.model.findings import Finding
from compiler.correction.xml_text import Unsupported

RED, YELLOW = "FFFF9999", "FFFFEB84"
ORDER = ("sheetPr dimension sheetViews sheetFormatPr cols sheetData sheetCalcPr sheetProtection protectedRanges "
         "scenarios autoFilter sortState dataConsolidate customSheetViews mergeCells phoneticPr conditionalFormatting "
         "dataValidations hyperlinks printOptions pageMargins pageSetup headerFooter rowBreaks colBreaks "
         "customProperties cellWatches ignoredErrors smartTags drawing legacyDrawing legacyDrawingHF drawingHF "
         "picture oleObjects controls webPublishItems tableParts extLst").split()


def finding(sheet="", cell="", row=None, severity="error", message="Salah", value="", column=""):
    return Finding("kode", severity, "buku.xlsx", sheet, cell, row, column, value, message)


def values(path) -> dict[str, list[list]]:
    wb = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def trimmed(rows: list[list]) -> list[list]:
    """calamine rows without trailing empty rows and cells (a marked empty cell adds none)."""
    rows = [list(r) for r in rows]
    for r in rows:
        while r and r[-1] in ("", None):
            r.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def sheet_part(path, title: str) -> str:
    """The worksheet part holding a sheet, through workbook.xml and its relationships."""
    p = parts(path)
    rid = re.search(rf'<sheet name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', p["xl/workbook.xml"].decode()).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"',
                       p["xl/_rels/workbook.xml.rels"].decode())
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")


def test_marks_cells_notes_and_lists_every_finding(tmp_path, fallback):
    book = Book()
    date_cell = book.set("Buku Tamu", 0, "Tanggal", "besok pagi")  # an existing cell
    empty_cell = book.set("Pengeluaran", 1, "Uraian", None)  # an empty cell in an existing row
    src = book.write(tmp_path / "buku.xlsx")
    findings = [
        finding("Buku Tamu", date_cell, int(date_cell[1:]), message="Tanggal tidak dikenali", value="besok pagi"),
        finding("pengeluaran ", empty_cell, int(empty_cell[1:]), "warning", "Uraian kosong"),  # other case, space
        finding("Buku Tamu", "E40", 40, "warning", "Baris tidak ada"),  # a row the sheet does not have
        finding("Kegiatan", "", 5, "warning", "Baris ganda"),  # row level: column A
        finding("Inventaris", message="Lembar kosong"),  # sheet level: listed, linked to the sheet
        finding(message="Berkas lama"),  # file level: listed only
        finding("Buku Tamu", date_cell, int(date_cell[1:]), "warning", "Juga aneh"),  # a second note, same cell
    ]
    out = tmp_path / "buku_perbaikan.xlsx"
    assert write_copy(str(src), findings, out) and fallback == []

    wb = load_workbook(out)
    assert wb.sheetnames == [SHEET] + load_workbook(src).sheetnames
    assert wb.active.title == SHEET and wb[SHEET].sheet_view.tabSelected
    assert not any(ws.sheet_view.tabSelected for ws in wb.worksheets[1:])
    marked = {("Buku Tamu", date_cell): RED, ("Pengeluaran", empty_cell): YELLOW, ("Buku Tamu", "E40"): YELLOW,
              ("Kegiatan", "A5"): YELLOW}
    for (sheet, ref), colour in marked.items():
        cell = wb[sheet][ref]
        assert cell.fill.fgColor.rgb == colour and cell.comment.author == "wksbm", (sheet, ref)
    note = wb["Buku Tamu"][date_cell].comment.text
    assert note == "Harus diperbaiki: Tanggal tidak dikenali\n\nPerlu diperiksa: Juga aneh"
    assert wb["Buku Tamu"]["E40"].comment.text == "Perlu diperiksa: Baris tidak ada"
    assert wb["Buku Tamu"]["A4"].fill.fgColor.rgb != RED  # its neighbours stay as they were

    before, after = values(src), values(out)
    for sheet, rows in before.items():
        assert after[sheet][:len(rows)] == [r + [None] * (len(after[sheet][0]) - len(r)) for r in rows], sheet
    original, copy = CalamineWorkbook.from_path(src), CalamineWorkbook.from_path(out)
    for sheet in original.sheet_names:
        assert trimmed(copy.get_sheet_by_name(sheet).to_python()) == \
            trimmed(original.get_sheet_by_name(sheet).to_python()), sheet

    summary = wb[SHEET]
    rows = [[c.value for c in row] for row in summary.iter_rows()]
    assert rows[0] == list(correction.HEADER)
    assert rows[3] == [3, "Buku Tamu", date_cell, int(date_cell[1:]), None, "Harus diperbaiki", "besok pagi",
                       "Tanggal tidak dikenali"]
    # the file's own finding first, then sheet by sheet in tab order, row by row
    assert [r[1] for r in rows[1:]] == [None, "pengeluaran ", "Buku Tamu", "Buku Tamu", "Buku Tamu", "Inventaris",
                                        "Kegiatan"]
    links = {c.coordinate: c.hyperlink.location for row in summary.iter_rows() for c in row if c.hyperlink}
    assert links == {"C3": f"'Pengeluaran'!{empty_cell}", "C4": f"'Buku Tamu'!{date_cell}",
                     "C5": f"'Buku Tamu'!{date_cell}", "C6": "'Buku Tamu'!E40", "B7": "'Inventaris'!A1",
                     "B8": "'Kegiatan'!A5"}
    assert summary["A1"].font.b and summary.freeze_panes == "A2"
    assert summary["F2"].fill.fgColor.rgb == RED and summary["F3"].fill.fgColor.rgb == YELLOW
    assert summary["H2"].alignment.wrap_text and summary.column_dimensions["H"].width == 60   # printable: issue 19


def test_untouched_parts_are_copied_byte_for_byte_and_every_part_parses(tmp_path):
    src = Book().write(tmp_path / "buku.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(src), [finding("Buku Tamu", "B4", 4)], out)
    before, after = parts(src), parts(out)
    marked = sheet_part(src, "Buku Tamu")
    changed = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", marked}
    # issue 19: a sheet without a page setup gets one (one page wide), and nothing else
    fitted = {n for n in before if n.startswith("xl/worksheets/sheet") and n not in changed}
    for name in fitted:
        body = re.sub(rb'<pageSetup paperSize="9" orientation="\w+" fitToWidth="1" fitToHeight="0"/>', b"",
                      after[name]).replace(b'<pageSetUpPr fitToPage="1"/>', b"<pageSetUpPr/>")
        assert body.replace(b"<pageSetUpPr/>", b"") == before[name].replace(b"<pageSetUpPr />", b""), name
    changed |= fitted
    assert {n for n in before if before[n] != after[n]} == changed
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        raw = {i.filename: (i.CRC, i.compress_size, i.compress_type) for i in a.infolist()}
        assert all((i.CRC, i.compress_size, i.compress_type) == raw[i.filename]
                   for i in b.infolist() if i.filename in raw and i.filename not in changed)
        assert b.testzip() is None
    for name, body in after.items():
        if name.endswith((".xml", ".rels", ".vml")):
            ET.fromstring(body)  # well-formed
    assert b"<f" not in after["xl/worksheets/sheet14.xml"]


def test_same_inputs_give_the_same_bytes(tmp_path):
    src = Book().write(tmp_path / "buku.xlsx")
    findings = [finding("Buku Tamu", "B4", 4), finding("Kegiatan", "", 5, "warning")]
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert write_copy(str(src), findings, a) and write_copy(str(src), findings, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2019, 1, 1, 0, 0, 0)}


def test_sheet_scoped_names_follow_their_sheets(tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Satu"
    for title in ("Dua", "Tiga"):
        ws = wb.create_sheet(title)
        ws.append(["Judul"])
        ws.append(["No", "Nama"])
        ws.append([1, "Painem"])
        ws.print_title_rows = "1:2"
    wb.active = 2
    wb.save(tmp_path / "nama.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "nama.xlsx"), [finding("tiga", "B3", 3)], out) and fallback == []
    copy = load_workbook(out)
    assert copy.sheetnames == [SHEET, "Satu", "Dua", "Tiga"] and copy.active.title == SHEET
    # the list's own header prints on each of its pages (issue 19); the others' names follow their sheets
    assert [ws.print_title_rows for ws in copy.worksheets] == ["$1:$1", None, "$1:$2", "$1:$2"]
    assert re.findall(r'localSheetId="(\d)"', parts(out)["xl/workbook.xml"].decode()) == ["0", "2", "3"]
    assert not copy["Tiga"].sheet_view.tabSelected and copy["Tiga"]["B3"].fill.fgColor.rgb == RED


def test_empty_sheet_table_and_validation_keep_schema_order(tmp_path, fallback):
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Nama", "Jumlah"])
    ws.append(["Tenda", 2])
    ws.add_table(Table(displayName="Barang", ref="A1:B2"))
    dv = DataValidation(type="whole", operator="greaterThan", formula1="0")
    ws.add_data_validation(dv)
    dv.add("B2:B10")
    wb.create_sheet("Kosong")
    wb.save(tmp_path / "tabel.xlsx")
    out = tmp_path / "copy.xlsx"
    findings = [finding("Data", "B2"), finding("Data", "C5", 5, "warning"), finding("Kosong", "D7", 7)]
    assert write_copy(str(tmp_path / "tabel.xlsx"), findings, out) and fallback == []
    for title in ("Data", "Kosong"):
        root = ET.fromstring(parts(out)[sheet_part(out, title)])
        names = [child.tag.split("}")[1] for child in root]
        assert "legacyDrawing" in names and names == sorted(names, key=ORDER.index), names
    copy = load_workbook(out)
    assert copy["Data"].tables["Barang"].ref == "A1:B2" and copy["Data"].data_validations.dataValidation
    assert copy["Data"]["B2"].value == 2 and copy["Data"]["B2"].fill.fgColor.rgb == RED
    assert copy["Kosong"]["D7"].fill.fgColor.rgb == RED and copy["Kosong"]["D7"].comment


def test_notes_elsewhere_keep_their_own_drawing(tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Catatan"
    wb.active["A1"] = "Isi"
    wb.active["A1"].comment = Comment("Catatan relawan", "Relawan")
    wb.create_sheet("Data").append(["x", "y"])
    wb.save(tmp_path / "catatan.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "catatan.xlsx"), [finding("Data", "B1")], out) and fallback == []
    copy = load_workbook(out)
    assert copy["Catatan"]["A1"].comment.text == "Catatan relawan"
    assert copy["Data"]["B1"].comment.text == "Harus diperbaiki: Salah"
    drawings = [body for name, body in parts(out).items() if name.endswith(".vml")]
    blocks = sorted(re.search(rb'data="(\d+)"', body).group(1) for body in drawings)
    assert len(drawings) == 2 and len(set(blocks)) == 2  # distinct shape-id blocks


def test_a_sheet_with_notes_keeps_them_and_gains_ours(tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Data"
    wb.active["B2"] = "Depok"
    wb.active["B2"].comment = Comment("Catatan relawan", "Relawan")
    wb.save(tmp_path / "catatan.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "catatan.xlsx"), [finding("Data", "B2")], out) and fallback == []
    cell = load_workbook(out)["Data"]["B2"]
    assert cell.value == "Depok" and cell.fill.fgColor.rgb == RED
    assert (cell.comment.text, cell.comment.author) == ("Catatan relawan\n\nHarus diperbaiki: Salah", "Relawan")
    members = parts(tmp_path / "catatan.xlsx")   # a drawing with a button as well: openpyxl's path
    vml = "xl/drawings/commentsDrawing1.vml"
    with zipfile.ZipFile(tmp_path / "tombol.xlsx", "w") as z:
        for name, body in members.items():
            z.writestr(name, body.replace(b'ObjectType="Note"', b'ObjectType="Button"') if name == vml else body)
    with pytest.raises(Unsupported):
        patched_copy((tmp_path / "tombol.xlsx").read_bytes(), [finding("Data", "B2")])


def test_text_is_escaped_and_never_a_formula(tmp_path, fallback):
    src = Book().write(tmp_path / "buku.xlsx")
    evil = '=HYPERLINK("http://contoh.invalid","klik")'
    findings = [finding("Buku Tamu", "B4", 4, message='Nilai <b>&"aneh"\x01\x1f', value=evil)]
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(src), findings, out) and fallback == []
    summary = load_workbook(out)[SHEET]
    assert summary["G2"].value == evil and summary["G2"].data_type == "s"
    assert summary["H2"].value == 'Nilai <b>&"aneh"'
    assert load_workbook(out)["Buku Tamu"]["B4"].comment.text == 'Harus diperbaiki: Nilai <b>&"aneh"'
    assert b"<f" not in parts(out)[sheet_part(out, SHEET)]


def test_unusual_packages_are_left_to_openpyxl(tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Data"
    wb.active.append(["a", "b"])
    wb.active.append(["c", "d"])
    wb.save(tmp_path / "biasa.xlsx")
    members = parts(tmp_path / "biasa.xlsx")

    def variant(name: str, sheet_xml: bytes):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for member, body in members.items():
                z.writestr(member, sheet_xml if member == "xl/worksheets/sheet1.xml" else body)
        return path

    sheet = members["xl/worksheets/sheet1.xml"]
    no_r = variant("tanpa_r.xlsx", re.sub(rb' r="[A-Z]*\d+"', b"", sheet))
    prefixed = variant("awalan.xlsx", re.sub(rb"<(/?)(?!\?)", rb"<\1x:", sheet).replace(
        b'xmlns="', b'xmlns:x="'))
    for path in (no_r, prefixed):
        with pytest.raises(Unsupported):
            patched_copy(path.read_bytes(), [finding("Data", "B2")])
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(no_r), [finding("Data", "B2")], out) and fallback == [str(no_r)]
    cell = load_workbook(out)["Data"]["B2"]
    assert cell.value == "d" and cell.fill.fgColor.rgb == RED
    assert not write_copy(str(tmp_path / "tidak_ada.xlsx"), [finding("Data", "B2")], out.with_name("x.xlsx"))
    (tmp_path / "rusak.xlsx").write_bytes(b"PK\x03\x04 bukan excel")
    assert not write_copy(str(tmp_path / "rusak.xlsx"), [finding("Data", "B2")], out.with_name("y.xlsx"))


def test_cells_and_rows_are_inserted_in_order():
    from compiler.correction.comments import mark_cells

    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="B2:C4"/>'
           '<sheetData><row r="2" spans="2:3"><c r="B2" s="1"><v>1</v></c><c r="D2"/></row>'
           '<row r="4"/></sheetData></worksheet>')
    marks = {ref: (lambda old, ref=ref: 10 + old) for ref in ("A2", "C2", "D2", "A1", "B3", "C4", "A9")}
    out = mark_cells(xml, marks)
    assert out == ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<dimension ref="A1:D9"/><sheetData><row r="1"><c r="A1" s="10"/></row>'
                   '<row r="2"><c r="A2" s="10"/><c r="B2" s="1"><v>1</v></c><c r="C2" s="10"/><c r="D2" s="10"/>'
                   '</row><row r="3"><c r="B3" s="10"/></row><row r="4"><c r="C4" s="10"/></row>'
                   '<row r="9"><c r="A9" s="10"/></row></sheetData></worksheet>')
    assert mark_cells(out.replace('<row r="', '<row x="1" r="'), {"B2": lambda old: old + 5}).count('s="6"') == 1


def test_many_notes_on_one_sheet_get_enough_shape_ids(tmp_path, fallback):
    wb = Workbook()
    wb.active.title = "Data"
    for r in range(1, 601):
        wb.active.append([r, f"nama {r}"])
    wb.save(tmp_path / "banyak.xlsx")
    findings = [finding("Data", f"{col}{r}", r, "warning") for r in range(1, 601) for col in "BC"]
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "banyak.xlsx"), findings, out) and fallback == []
    (drawing,) = [body for name, body in parts(out).items() if name.endswith(".vml")]
    assert b'data="1,2"' in drawing and drawing.count(b"<v:shape ") == 1200
    copy = load_workbook(out)["Data"]
    assert copy["B600"].value == "nama 600" and copy["C600"].comment and copy["C600"].value is None


def test_the_findings_sheet_follows_the_workbook_tab_order(tmp_path, fallback):
    """Identitas first, as in the workbook, not after Data PPKS as an alphabetical sort puts it."""
    src = Book().write(tmp_path / "buku.xlsx")
    out = tmp_path / "copy.xlsx"
    findings = [finding("Data PPKS", "B4", 4), finding("Identitas", "B3", 3, "warning", "Baru")]
    assert write_copy(str(src), sorted(findings, key=lambda f: f.sheet), out)
    summary = load_workbook(out)[SHEET]
    assert [summary["B2"].value, summary["B3"].value] == ["Identitas", "Data PPKS"]


@pytest.mark.parametrize("with_note", [False, True])   # True: the volunteer's note on the sheet, kept
def test_a_hidden_sheet_with_a_mark_is_shown_in_the_copy(with_note, tmp_path, fallback):
    from openpyxl.comments import Comment

    wb = load_workbook(Book().write(tmp_path / "buku.xlsx"))
    wb["Data PPKS"].sheet_state = "hidden"
    wb["Buku Tamu"].sheet_state = "hidden"
    if with_note:
        wb["Data PPKS"]["H1"].comment = Comment("catatan relawan", "Sri")
    wb.save(tmp_path / "buku.xlsx")
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "buku.xlsx"), [finding("Data PPKS", "B4", 4)], out)
    assert fallback == []
    copy = load_workbook(out)
    assert copy["Data PPKS"].sheet_state == "visible" and copy["Buku Tamu"].sheet_state == "hidden"
    assert not with_note or copy["Data PPKS"]["H1"].comment.text == "catatan relawan"


def test_a_missing_sheet_is_listed_first_and_a_sheet_finding_leads_to_its_sheet(tmp_path, fallback):
    """What keeps the whole book from being read comes before its cells' mistakes."""
    src = Book().write(tmp_path / "buku.xlsx")
    out = tmp_path / "copy.xlsx"
    findings = [finding("Buku Tamu", "B4", 4), finding("Data Lain", message="Lembar tidak ada"),
                finding("Kegiatan", message="Kolom tidak ada")]
    assert write_copy(str(src), findings, out) and fallback == []
    summary = load_workbook(out)[SHEET]
    assert [summary[f"B{r}"].value for r in (2, 3, 4)] == ["Data Lain", "Buku Tamu", "Kegiatan"]
    assert summary["B2"].hyperlink is None and summary["B4"].hyperlink.location == "'Kegiatan'!A1"



@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_hidden_sheet_a_finding_is_about_is_shown_so_its_link_leads_there(way, tmp_path, general_way):
    wb = load_workbook(Book().write(tmp_path / "buku.xlsx"))
    wb["Data PPKS"].sheet_state = "hidden"
    wb.save(tmp_path / "buku.xlsx")
    if way == "openpyxl":
        general_way()
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(tmp_path / "buku.xlsx"), [finding("Data PPKS", message="Kolom tidak ada")], out)
    copy = load_workbook(out)
    assert copy[SHEET]["B2"].hyperlink.location == "'Data PPKS'!A1" and copy["Data PPKS"].sheet_state == "visible"


@pytest.mark.parametrize("way", ["patched", "openpyxl"])
def test_a_number_in_a_date_cell_stays_the_number_typed(way, tmp_path, general_way):
    """A NIK pasted into a date column is the very cell marked; openpyxl read it as no date and
    saved #VALUE! in its place. Dates beside it stay the dates they were."""
    book = Book()
    cell = book.set("Buku Tamu", 0, "Tanggal", "x")
    path = book.write(tmp_path / "buku.xlsx")
    wb = load_workbook(path)
    wb["Buku Tamu"][cell].value = 3402012808100001
    wb["Buku Tamu"][cell].number_format = "DD/MM/YYYY"
    wb.save(path)
    if way == "openpyxl":
        general_way()
    out = tmp_path / "copy.xlsx"
    assert write_copy(str(path), [finding("Buku Tamu", cell, message="Bukan tanggal")], out)

    def numbers(xlsx):   # as stored: openpyxl, reading it back, would turn it into #VALUE! itself
        xml = parts(xlsx)[sheet_part(xlsx, "Buku Tamu")].decode()
        return re.findall(r'<c r="(B\d+)"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]*)</v>', xml)

    assert (cell, "3402012808100001") in numbers(out) and numbers(out) == numbers(path)
