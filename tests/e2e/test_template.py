"""The blank standard workbook, checked with openpyxl against schemas.standard."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from compiler.template import workbook as tpl
from compiler.template import registry as template_registry
from schemas import reference as ref
from schemas.standard import (CHECKLIST, CHECKLIST_TITLE, DATE, IDENTITAS, INT, LISTS_SHEET, NIK, NO_LABEL,
                              PETUNJUK, PHONE, RP, TABLES, YA_TIDAK)

IDENTITY = {"kapanewon": "Kretek", "kalurahan": "Parangtritis", "padukuhan": "Depok",
            "nama_wksbm": "WKSBM Depok"}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "templat.xlsx"
    tpl.write_template(path)
    return openpyxl.load_workbook(path)


def _cells(sqref) -> set[str]:
    """Every cell coordinate covered by a validation's sqref."""
    out = set()
    for rng in str(sqref).split():
        c1, r1, c2, r2 = range_boundaries(rng)
        out.update(f"{get_column_letter(c)}{r}" for c in range(c1, c2 + 1) for r in range(r1, r2 + 1))
    return out


def _validation_at(ws, coordinate):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in _cells(dv.sqref)]
    assert len(found) <= 1, f"{ws.title}!{coordinate} has {len(found)} validations"
    return found[0] if found else None


def _list_values(wb, dv) -> list[str]:
    """The values a list validation offers, resolved on the helper sheet."""
    sheet, rng = dv.formula1.rsplit("!", 1)
    assert sheet == f"'{LISTS_SHEET}'"
    return [c.value for row in wb[LISTS_SHEET][rng.replace("$", "")] for c in row]


def _header(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[tpl.HEADER_ROW] if c.value is not None}


def _identity_rows(ws) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def test_sheets_present_in_order_and_helper_hidden(book):
    names = [PETUNJUK, IDENTITAS.name] + [s.name for s in TABLES] + [LISTS_SHEET]
    assert book.sheetnames == names
    assert book[LISTS_SHEET].sheet_state == "hidden"
    assert all(book[n].sheet_state == "visible" for n in names[:-1])
    assert book.active.title == PETUNJUK


@pytest.mark.parametrize("sheet", TABLES, ids=lambda s: s.name)
def test_table_sheet_layout(book, sheet):
    ws = book[sheet.name]
    header = [c.value for c in ws[tpl.HEADER_ROW]][:len(sheet.columns) + 1]
    assert header == [NO_LABEL] + [c.label for c in sheet.columns]
    assert ws.cell(tpl.HEADER_ROW, 2).font.b
    assert ws.freeze_panes == f"A{tpl.HEADER_ROW + 1}"
    first = tpl.HEADER_ROW + 1
    assert [ws.cell(first + i, 1).value for i in range(tpl.NUMBERED_ROWS)] == list(range(1, tpl.NUMBERED_ROWS + 1))
    assert ws.cell(first + tpl.NUMBERED_ROWS, 1).value is None
    assert all(ws.cell(r, j).value is None for r in range(first, first + tpl.VALIDATED_ROWS)
               for j in range(2, len(sheet.columns) + 2))
    assert ws["A1"].value == sheet.book.upper()
    assert ws.print_title_rows == f"${tpl.HEADER_ROW}:${tpl.HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert not ws.merged_cells.ranges


@pytest.mark.parametrize("sheet", TABLES, ids=lambda s: s.name)
def test_table_columns_formats_and_validations(book, sheet):
    ws = book[sheet.name]
    header = _header(ws)
    for col in sheet.columns:
        letter = get_column_letter(header[col.label])
        first, last = f"{letter}{tpl.HEADER_ROW + 1}", f"{letter}{tpl.HEADER_ROW + tpl.VALIDATED_ROWS}"
        assert ws.column_dimensions[letter].width == col.width
        dv = _validation_at(ws, first)
        if col.is_enum:
            assert dv is not None and dv.type == "list", col.label
            assert _list_values(book, dv) == list(col.allowed)
            assert last in _cells(dv.sqref)
        if col.kind == DATE:
            assert ws[first].number_format == ws[last].number_format == "DD/MM/YYYY"
            assert ws[first].is_date
            assert dv.type == "date" and dv.operator == "between"
        if col.kind == RP:
            assert ws[first].number_format == "#,##0"
            assert dv.type == "decimal" and dv.formula1 == "0"
        if col.kind == INT:
            assert dv.type == "whole" and float(dv.formula1) == col.minimum
        if col.kind in (NIK, PHONE) or "Nomor HP" in col.label or "Kontak" in col.label:
            assert ws[first].number_format == ws[last].number_format == "@", col.label
        if col.hint:
            assert dv is not None and dv.showInputMessage and col.hint in dv.prompt


def test_nik_columns_are_text_with_hint(book):
    niks = [(s, c) for s in TABLES for c in s.columns if c.kind == NIK]
    assert {s.name for s, _ in niks} == {"Kegiatan", "Data PPKS"}
    for sheet, col in niks:
        ws = book[sheet.name]
        cell = ws.cell(tpl.HEADER_ROW + 1, _header(ws)[col.label])
        assert cell.number_format == "@"
        assert "16 digit" in _validation_at(ws, cell.coordinate).prompt


def test_all_validations_are_within_excel_limits(book):
    for ws in book.worksheets:
        covered: set[str] = set()
        for dv in ws.data_validations.dataValidation:
            cells = _cells(dv.sqref)
            assert not covered & cells, f"overlapping validations on {ws.title}"
            covered |= cells
            assert len(dv.prompt or "") <= 255 and len(dv.promptTitle or "") <= 32
            assert len(dv.error or "") <= 255 and len(dv.errorTitle or "") <= 32
            if dv.type == "list":
                assert dv.formula1.startswith(f"'{LISTS_SHEET}'!$") and not dv.formula1.startswith("=")
                assert _list_values(book, dv)


def test_identitas_form(book):
    ws = book[IDENTITAS.name]
    rows = _identity_rows(ws)
    labels = [ws.cell(r, 1).value for r in sorted(rows.values())]
    field_labels = [c.label for c in IDENTITAS.columns]
    start = labels.index(field_labels[0])
    assert labels[start:start + len(field_labels)] == field_labels
    assert labels[start + len(field_labels):] == [CHECKLIST_TITLE, *CHECKLIST]
    assert not set(labels[:start]) & set(field_labels + list(CHECKLIST))  # the title is no label
    assert ws.cell(rows[CHECKLIST_TITLE], 2).value is None
    for col in IDENTITAS.columns:
        cell = ws.cell(rows[col.label], 2)
        assert cell.value is None
        dv = _validation_at(ws, cell.coordinate)
        if col.is_enum:
            assert dv.type == "list" and _list_values(book, dv) == list(col.allowed)
        if col.kind == DATE:
            assert cell.number_format == "DD/MM/YYYY" and dv.type == "date"
        if col.kind == RP:
            assert cell.number_format == "#,##0" and dv.type == "decimal"
        if col.kind == INT:
            assert dv.type == "whole"
        if col.kind == PHONE:
            assert cell.number_format == "@"
        if col.hint:
            assert col.hint in dv.prompt
    assert _list_values(book, _validation_at(ws, ws.cell(rows["Kapanewon"], 2).coordinate)) == list(ref.KAPANEWON)
    assert len(_list_values(book, _validation_at(ws, ws.cell(rows["Kalurahan"], 2).coordinate))) == 75
    for label in CHECKLIST:
        dv = _validation_at(ws, ws.cell(rows[label], 2).coordinate)
        assert dv.type == "list" and _list_values(book, dv) == list(YA_TIDAK)


def test_petunjuk_explains_every_sheet_and_column(book):
    ws = book[PETUNJUK]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for phrase in ("17/08/2026", "16 digit", "tanpa Rp", "judul kolom", "nama lembar"):
        assert phrase in text
    for sheet in (IDENTITAS, *TABLES):
        assert sheet.name in text
        for col in sheet.columns:
            assert col.label in text
            if col.example not in ("", None):
                assert str(col.example) in text
            if col.is_enum and len(col.allowed) <= tpl.INLINE_MAX:
                assert ", ".join(col.allowed) in text
    for row in ref.load("jenis_ppks.csv") + ref.load("jenis_psks.csv"):
        assert row["kode"] in text and row["nama"] in text
    for label in CHECKLIST:
        assert label in text
    assert len(ref.PPKS) == 26 and len(ref.PSKS) == 12


def test_prefilled_identity(tmp_path):
    path = tmp_path / "isi.xlsx"
    tpl.write_template(path, IDENTITY)
    wb = openpyxl.load_workbook(path)
    ws = wb[IDENTITAS.name]
    rows = _identity_rows(ws)
    for col in IDENTITAS.columns:
        assert ws.cell(rows[col.label], 2).value == IDENTITY.get(col.key)
    assert "WKSBM Depok" in wb.properties.title
    with pytest.raises(ValueError, match="nama_desa"):
        tpl.write_template(tmp_path / "x.xlsx", {"nama_desa": "X"})


def test_registry_templates(tmp_path):
    registry = tmp_path / "daftar_wksbm.csv"
    registry.write_text(
        "kode_kalurahan,kalurahan,padukuhan,nama_wksbm,catatan\n"
        "34.02.03.2002,Parangtritis,Depok,WKSBM Depok,x\n"
        "34.02.03.2002,Parangtritis,../Grogol VII/,WKSBM Grogol,\n"
        "34.02.03.2002,Parangtritis,Grogol VII!!,WKSBM Grogol Dua,\n"
        ",,,,\n"
        "99.99.99.9999,Entah,Somewhere,WKSBM X,\n"
        "3402032002,Parangtritis,depok ,Dobel,\n"
        "34.02.03.2002,Parangtritis,,Tanpa Padukuhan,\n", encoding="utf-8-sig")
    out = tmp_path / "out"
    with pytest.raises(template_registry.RegistryRowsSkipped) as caught:
        template_registry.write_registry_templates(registry, out)
    err = caught.value
    assert isinstance(err, template_registry.RegistryError)
    assert [line for line, _ in err.skipped] == [6, 7, 8]
    assert "99.99.99.9999" in str(err) and "baris 6" in str(err)
    names = [p.name for p in err.written]
    assert names == ["wksbm_34.02.03.2002_depok.xlsx", "wksbm_34.02.03.2002_grogol_vii.xlsx",
                     "wksbm_34.02.03.2002_grogol_vii_2.xlsx"]
    assert sorted(p.name for p in out.glob("*.xlsx")) == sorted(names)
    ws = openpyxl.load_workbook(err.written[1])[IDENTITAS.name]
    rows = _identity_rows(ws)
    values = {c.key: ws.cell(rows[c.label], 2).value for c in IDENTITAS.columns}
    assert values["kapanewon"] == "Kretek" and values["kalurahan"] == "Parangtritis"
    assert values["padukuhan"] == "../Grogol VII/" and values["nama_wksbm"] == "WKSBM Grogol"
    assert values["tahun"] is None and values["triwulan"] is None


def test_registry_semicolons_and_missing_columns(tmp_path):
    good = tmp_path / "a.csv"
    good.write_text("KODE_KALURAHAN;Kalurahan;Padukuhan;Nama_WKSBM\n34.02.06.2001;Catuharjo;Ngaran;\n",
                    encoding="cp1252")
    [path] = template_registry.write_registry_templates(good, tmp_path / "out")
    ws = openpyxl.load_workbook(path)[IDENTITAS.name]
    rows = _identity_rows(ws)
    assert ws.cell(rows["Kalurahan"], 2).value == "Caturharjo"
    assert ws.cell(rows["Kapanewon"], 2).value == ref.KAPANEWON_OF["Caturharjo"]
    assert ws.cell(rows["Nama WKSBM"], 2).value is None
    bad = tmp_path / "b.csv"
    bad.write_text("kode,padukuhan\n34.02.03.2002,Depok\n")
    with pytest.raises(template_registry.RegistryError, match="kode_kalurahan"):
        template_registry.write_registry_templates(bad, tmp_path / "out2")
    assert not (tmp_path / "out2").exists()


@pytest.mark.parametrize("saved_as, data", [
    ("Unicode Text (UTF-16, tabs)", "\ufeffkode_kalurahan\tkalurahan\tpadukuhan\tnama_wksbm\r\n"
                                   "34.02.03.2002\tParangtritis\tDepok\tWKSBM Depok\r\n".encode("utf-16-le")),
    ("CSV with Excel's sep= line", b"sep=;\r\nkode_kalurahan;kalurahan;padukuhan;nama_wksbm\r\n"
                                   b"34.02.03.2002;Parangtritis;Depok;WKSBM Depok\r\n"),
])
def test_registry_as_excel_saves_it(tmp_path, saved_as, data):
    from compiler.intake.registry import parse_registry

    path = tmp_path / "daftar.csv"
    path.write_bytes(data)
    entries, skipped = parse_registry(path)
    assert [(e.line, e.kalurahan, e.padukuhan, e.nama_wksbm) for e in entries] == [
        (2, "Parangtritis", "Depok", "WKSBM Depok")] and skipped == []


def test_registry_that_cannot_be_used_says_why(tmp_path):
    from compiler.intake.registry import RegistryError, parse_registry

    workbook = tmp_path / "daftar_wksbm.xlsx"
    tpl.write_template(workbook)
    with pytest.raises(RegistryError, match="adalah buku kerja Excel, bukan CSV. Di Excel, pilih Simpan Sebagai"):
        parse_registry(workbook)
    header_only = tmp_path / "kosong.csv"
    header_only.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="tidak berisi satu WKSBM pun"):
        parse_registry(header_only)


# --- a filled template must validate clean ----------------------------------------------
Q3 = (dt.datetime(2026, 7, 1), dt.datetime(2026, 9, 30))


def _typed(col, value):
    """An example value as a person's Excel stores it: dates as dates, amounts as numbers."""
    if value in ("", None):
        return None
    if col.kind == DATE:
        value = dt.datetime.strptime(str(value), "%d/%m/%Y")
        if col.period_bound and not Q3[0] <= value <= Q3[1]:
            value = dt.datetime(2026, 8, 15)
        return value
    if col.kind in (RP, INT):
        return int(value)
    return str(value)


def test_filled_template_validates_clean(tmp_path):
    """A template made by `wksbm template`, filled with openpyxl, comes back without findings."""
    from click.testing import CliRunner

    from compiler import api
    from compiler.cli import main

    path = tmp_path / "wksbm_depok_2026_T3.xlsx"
    made = CliRunner().invoke(main, ["template", "-o", str(path)])
    assert made.exit_code == 0, made.output
    wb = openpyxl.load_workbook(path)

    ws = wb[IDENTITAS.name]
    rows = _identity_rows(ws)
    identity = {c.key: _typed(c, c.example) for c in IDENTITAS.columns}
    identity.update(tahun=2026, triwulan="III", tanggal_laporan=dt.datetime(2026, 10, 5))
    for col in IDENTITAS.columns:
        ws.cell(rows[col.label], 2, identity[col.key])
    for label in CHECKLIST:
        ws.cell(rows[label], 2, "Ya")

    by_key = {s.key: s for s in TABLES}
    donor = by_key["data_donatur"].column("nama_donatur").example
    partner = by_key["data_jejaring"].column("nama_lembaga").example
    for sheet in TABLES:
        record = {c.key: _typed(c, c.example) for c in sheet.columns}
        if sheet.key == "pemasukan":
            record.update(sumber_dana="Donatur", nama_donatur=donor)
        if sheet.key == "kegiatan":
            record.update(nik_penerima=None, mitra=partner)
        if sheet.key == "notulensi_rapat":
            record["jumlah_hadir"] = 2
        records = [record]
        if sheet.key == "daftar_hadir":  # as many names as Notulensi's Jumlah Hadir
            records.append({**record, "nama": record["nama"] + " Dua", "jabatan": "Anggota"})
        ws = wb[sheet.name]
        header = _header(ws)
        for i, rec in enumerate(records):
            for col in sheet.columns:
                ws.cell(tpl.HEADER_ROW + 1 + i, header[col.label], rec[col.key])
    meeting = by_key["notulensi_rapat"].column("tanggal_rapat").example
    assert by_key["daftar_hadir"].column("tanggal_rapat").example == meeting
    wb.save(path)

    results = api.validate_files([path])
    assert [f for r in results for f in r.findings] == []



def test_registry_templates_never_overwrite_a_filled_report(tmp_path):
    """Templates made again into the same folder replace the blank ones made there before, but
    not a report a volunteer filled and that was saved under its template's name."""
    from compiler.files.out_folder import OutputFolderError

    registry = tmp_path / "daftar.csv"
    registry.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
                        "34.02.03.2002,Parangtritis,Depok,WKSBM Depok\n"
                        "34.02.03.2002,Parangtritis,Grogol,WKSBM Grogol\n", encoding="utf-8")
    out = tmp_path / "templat"
    first = template_registry.write_registry_templates(registry, out)
    assert template_registry.write_registry_templates(registry, out) == first   # its own: replaced
    filled = first[0]
    wb = openpyxl.load_workbook(filled)
    wb[IDENTITAS.name]["B20"] = "diisi relawan"
    wb.save(filled)
    data = filled.read_bytes()
    with pytest.raises(OutputFolderError, match=filled.name):
        template_registry.write_registry_templates(registry, out)
    assert filled.read_bytes() == data


def test_a_registry_value_like_a_formula_is_written_as_text(tmp_path):
    """A registry's "=Grogol" or "=HYPERLINK(..." is a name: text in the template, never a formula."""
    registry = tmp_path / "daftar_wksbm.csv"
    registry.write_text("kode_kalurahan,kalurahan,padukuhan,nama_wksbm\n"
                        '34.02.03.2002,Parangtritis,=Grogol,"=HYPERLINK(""http://x"""\n', encoding="utf-8")
    (path,) = template_registry.write_registry_templates(registry, tmp_path / "out")
    ws = openpyxl.load_workbook(path)[IDENTITAS.name]
    rows = _identity_rows(ws)
    cells = [ws.cell(rows[label], 2) for label in ("Padukuhan", "Nama WKSBM")]
    assert [(c.value, c.data_type) for c in cells] == [("=Grogol", "s"), ('=HYPERLINK("http://x"', "s")]
