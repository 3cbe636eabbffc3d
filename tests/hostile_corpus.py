"""Hostile and odd workbooks for the screening tests, built at test time (no committed binaries).

Every builder returns the file's bytes. Real base workbooks are written by openpyxl and
then manipulated member by member; archives that zipfile refuses to write (duplicate or
forged entries, a 1 GB bomb) are written by `raw_zip`. `CASES` maps a case name to its
builder, the expected verdict code and, where useful, a fragment of the reason.

Run ``python -m tests.hostile_corpus`` to print, for each case, the time and the
tracemalloc peak of `screen()`; ``--calamine`` also runs python-calamine on the raw bytes
of each case in a memory-limited subprocess and reports how it ends.
"""
from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable

import openpyxl
import openpyxl.styles

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
REL_SST = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
SHEET1 = "xl/worksheets/sheet1.xml"


# ---------------------------------------------------------------------------------------
# Zip helpers
# ---------------------------------------------------------------------------------------
def rewrite(data: bytes, replace: dict[str, bytes | None] | None = None,
            add: dict[str, bytes] | None = None, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A copy of the zip `data` with members replaced (None deletes) and members added."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", compression) as zout:
        for name in zin.namelist():
            new = replace.get(name, zin.read(name))
            if new is not None:
                zout.writestr(name, new)
        for name, new in (add or {}).items():
            zout.writestr(name, new)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


@dataclass
class RawEntry:
    name: bytes
    payload: bytes            # the bytes stored in the archive (already compressed)
    method: int               # 0 stored, 8 deflate, 12 bzip2 ...
    crc: int
    usize: int                # declared uncompressed size (central directory and local header)
    flags: int = 0
    local_name: bytes | None = None


def raw_zip(entries: list[RawEntry]) -> bytes:
    """A zip written byte by byte, so that it can say things zipfile would not write."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        lname = e.name if e.local_name is None else e.local_name
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21,
                           e.crc, len(e.payload), e.usize, len(lname), 0)
        out += lname + e.payload
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, e.flags, e.method, 0, 0x21,
                               e.crc, len(e.payload), e.usize, len(e.name), 0, 0, 0, 0, 0, offset)
        central += e.name
    cd_offset = len(out)
    out += central
    out += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                       len(central), cd_offset, 0)
    return bytes(out)


def deflated(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def raw_entries_of(data: bytes) -> list[RawEntry]:
    """The members of a real zip as RawEntry objects (deflated again), for raw_zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [RawEntry(i.filename.encode(), deflated(z.read(i)), 8, i.CRC, i.file_size)
                for i in z.infolist()]


# ---------------------------------------------------------------------------------------
# Base workbooks
# ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def base_workbook() -> bytes:
    """A small WKSBM-like workbook written by openpyxl: Identitas and Pemasukan."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Identitas"
    for i, (label, value) in enumerate([("Kapanewon", "Sewon"), ("Kalurahan", "Panggungharjo"),
                                         ("Padukuhan", "Glugo"), ("Tahun", 2026), ("Triwulan", "III")], 1):
        ws.cell(i, 1, label)
        ws.cell(i, 2, value)
    ws2 = wb.create_sheet("Pemasukan")
    ws2.append(["No", "Tanggal", "Sumber Dana", "Uraian", "Bentuk", "Jumlah (Rp)"])
    for cell in ws2[1]:
        cell.font = openpyxl.styles.Font(bold=True)      # so styles.xml has a cell format no. 1
    for n in range(1, 21):
        ws2.append([n, f"{n:02d}/08/2026", "Donatur", f"Sumbangan {n}", "Uang", 10000 * n])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def single_sheet(cells_xml: str, extra_before_sheetdata: str = "", sheet_attrs: str = "") -> bytes:
    """The base workbook reduced to one sheet 'Sheet' whose sheetData is `cells_xml`."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    buf = io.BytesIO()
    wb.save(buf)
    sheet = (f'<worksheet xmlns="{MAIN_NS}"{sheet_attrs}>{extra_before_sheetdata}'
             f"<sheetData>{cells_xml}</sheetData></worksheet>")
    return rewrite(buf.getvalue(), {SHEET1: sheet.encode()})


def with_shared_strings(data: bytes, sst_xml: bytes) -> bytes:
    """Add xl/sharedStrings.xml (and its content type and relationship) to a workbook."""
    ct = member(data, "[Content_Types].xml").replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SST}"/></Types>'.encode())
    rels = member(data, "xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSst" Type="{REL_SST}" Target="sharedStrings.xml"/></Relationships>'.encode())
    return rewrite(data, {"[Content_Types].xml": ct, "xl/_rels/workbook.xml.rels": rels},
                   add={"xl/sharedStrings.xml": sst_xml})


def sst(strings: list[str], unique_count: int | None = None, count: int | None = None) -> bytes:
    uc = len(strings) if unique_count is None else unique_count
    c = len(strings) if count is None else count
    body = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return f'<sst xmlns="{MAIN_NS}" count="{c}" uniqueCount="{uc}">{body}</sst>'.encode()


def sheet_with_shared(cells_xml: str, strings: list[str], **kw) -> bytes:
    return with_shared_strings(single_sheet(cells_xml), sst(strings, **kw))


def set_sheet_xml(data: bytes, name: str, fn: Callable[[str], str]) -> bytes:
    return rewrite(data, {name: fn(member(data, name).decode()).encode()})


# ---------------------------------------------------------------------------------------
# Cases: not a zip
# ---------------------------------------------------------------------------------------
def zero_bytes() -> bytes:
    return b""


def cfb(*stream_names: str) -> bytes:
    """A minimal OLE/CFB file: the signature, a header and directory entry names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(n.encode("utf-16-le").ljust(64, b"\x00") + bytes(64) for n in stream_names)
    return header + directory.ljust(1024, b"\x00")


def encrypted() -> bytes:
    return cfb("Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def legacy_xls() -> bytes:
    return cfb("Root Entry", "Workbook", "\x05SummaryInformation")


def renamed_csv() -> bytes:
    return "No;Tanggal;Uraian;Jumlah\n1;01/08/2026;Sumbangan;10000\n2;02/08/2026;Beras;5000\n".encode()


def renamed_html() -> bytes:
    return b"<!DOCTYPE html>\n<html><head><title>Laporan</title></head><body><table><tr><td>1</td></tr></table></body></html>"


def renamed_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def truncated() -> bytes:
    data = base_workbook()
    return data[:len(data) // 2]


# ---------------------------------------------------------------------------------------
# Cases: other zip packages
# ---------------------------------------------------------------------------------------
def renamed_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                   'wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>')
    return out.getvalue()


def ods() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:'
                   'opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", "<manifest/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("laporan.txt", "isi")
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Cases: macros
# ---------------------------------------------------------------------------------------
VBA = b"\xcc\x61" + bytes(200)         # not a real VBA project: its presence is what counts


def _add_vba(data: bytes, macro_content_type: bool) -> bytes:
    ct = member(data, "[Content_Types].xml")
    if macro_content_type:
        ct = ct.replace(b"spreadsheetml.sheet.main+xml", b"DUMMY").replace(
            b"application/vnd.openxmlformats-officedocument.DUMMY",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    ct = ct.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                    b'vnd.ms-office.vbaProject"/></Types>')
    return rewrite(data, {"[Content_Types].xml": ct}, add={"xl/vbaProject.bin": VBA})


def macro_xlsm() -> bytes:
    """A real .xlsm: macro-enabled main content type and a vbaProject.bin."""
    return _add_vba(base_workbook(), macro_content_type=True)


def macro_renamed_xlsx() -> bytes:
    """vbaProject.bin in a package whose content types claim a plain .xlsx."""
    data = base_workbook()
    return rewrite(data, add={"xl/vbaProject.bin": VBA})


def macro_content_type_only() -> bytes:
    data = base_workbook()
    ct = member(data, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    return rewrite(data, {"[Content_Types].xml": ct})


def xlm_macrosheet() -> bytes:
    return rewrite(base_workbook(), add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})


# ---------------------------------------------------------------------------------------
# Cases: zip structure
# ---------------------------------------------------------------------------------------
GIB = 2**30


@functools.lru_cache(maxsize=None)
def _zero_stream(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zero bytes (size a multiple of 1 MiB) and its CRC,
    built without ever holding the inflated bytes: after Z_FULL_FLUSH the compressor
    forgets its history, so each later 1 MiB block compresses to the same bytes."""
    mib = bytes(2**20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()
    n = size // 2**20
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(mib, crc)
    return first + block * (n - 1) + end, crc


def zip_bomb() -> bytes:
    """A workbook whose sheet1.xml is 1.1 GB of zeros deflated to about 1 MB."""
    size = GIB + GIB // 10 // 2**20 * 2**20
    stream, crc = _zero_stream(size)
    entries = [e for e in raw_entries_of(base_workbook()) if e.name != SHEET1.encode()]
    entries.append(RawEntry(SHEET1.encode(), stream, 8, crc, size))
    return raw_zip(entries)


def zip_bomb_forged_sizes() -> bytes:
    """sheet1.xml declares 2,000 bytes but inflates to 256 MB of '<row/>' (sizes patched in
    both the central directory and the local header)."""
    unit = b"<row/>" * 1000
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = c.compress(unit * 100) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(unit * 100) + c.flush(zlib.Z_FULL_FLUSH)
    reps = 256 * 2**20 // len(unit * 100)
    stream = chunk + block * (reps - 1) + c.flush()
    entries = [e for e in raw_entries_of(base_workbook()) if e.name != SHEET1.encode()]
    entries.append(RawEntry(SHEET1.encode(), stream, 8, 0x12345678, 2000))
    return raw_zip(entries)


def zip_bomb_small_ratio_lie() -> bytes:
    """A member declaring 40 MB that really is 40 MB of zeros: caught by the ratio cap."""
    stream, crc = _zero_stream(40 * 2**20)
    return raw_zip(raw_entries_of(base_workbook()) + [RawEntry(b"xl/media/image1.png", stream, 8, crc, 40 * 2**20)])


def bzip2_member() -> bytes:
    data = base_workbook()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            kind = zipfile.ZIP_BZIP2 if name == SHEET1 else zipfile.ZIP_DEFLATED
            zout.writestr(name, zin.read(name), compress_type=kind)
    return out.getvalue()


def duplicate_member() -> bytes:
    entries = raw_entries_of(base_workbook())
    sheet = next(e for e in entries if e.name == SHEET1.encode())
    return raw_zip(entries + [RawEntry(sheet.name, sheet.payload, 8, sheet.crc, sheet.usize)])


def duplicate_member_case() -> bytes:
    entries = raw_entries_of(base_workbook())
    sheet = next(e for e in entries if e.name == SHEET1.encode())
    return raw_zip(entries + [RawEntry(SHEET1.upper().encode(), sheet.payload, 8, sheet.crc, sheet.usize)])


def _extra_member(name: bytes, flags: int = 0) -> bytes:
    payload = b"<x/>"
    return raw_zip(raw_entries_of(base_workbook()) + [RawEntry(name, payload, 0, zlib.crc32(payload), 4, flags)])


def path_traversal() -> bytes:
    return _extra_member(b"xl/../../evil.xml")


def absolute_path() -> bytes:
    return _extra_member(b"/etc/cron.d/evil")


def drive_path() -> bytes:
    return _extra_member(b"C:\\Windows\\evil.xml")


def utf8_name_without_flag() -> bytes:
    """The worksheet part stored under a UTF-8 name without the UTF-8 flag (zipfile then
    decodes it as cp437 and openpyxl silently sees no sheet)."""
    entries = raw_entries_of(base_workbook())
    name = "xl/worksheets/lémbar1.xml".encode("utf-8")
    for e in entries:
        if e.name == SHEET1.encode():
            e.name = name
        if e.name == b"xl/_rels/workbook.xml.rels":
            xml = zlib.decompress(e.payload, -15).replace(b"worksheets/sheet1.xml", "worksheets/lémbar1.xml".encode())
            e.payload, e.crc, e.usize = deflated(xml), zlib.crc32(xml), len(xml)
    return raw_zip(entries)


def local_header_mismatch() -> bytes:
    entries = raw_entries_of(base_workbook())
    for e in entries:
        if e.name == SHEET1.encode():
            e.local_name = b"xl/worksheets/sheetX.xml"
    return raw_zip(entries)


def zip_encrypted_entries() -> bytes:
    entries = raw_entries_of(base_workbook())
    for e in entries:
        e.flags |= 0x1
    return raw_zip(entries)


def too_many_members() -> bytes:
    return rewrite(base_workbook(), add={f"customXml/item{i}.xml": b"<a/>" for i in range(1200)},
                   compression=zipfile.ZIP_STORED)


# ---------------------------------------------------------------------------------------
# Cases: XML
# ---------------------------------------------------------------------------------------
def _sheet_with_prolog(prolog: str, body: str = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>") -> bytes:
    sheet = f'<?xml version="1.0"?>\n{prolog}<worksheet xmlns="{MAIN_NS}"><sheetData>{body}</sheetData></worksheet>'
    return rewrite(base_workbook(), {SHEET1: sheet.encode()})


def billion_laughs() -> bytes:
    ents = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    return _sheet_with_prolog(f"<!DOCTYPE lolz [{ents}]>",
                              '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>')


def quadratic_blowup() -> bytes:
    big = "A" * 100_000
    refs = "&a;" * 20_000
    return _sheet_with_prolog(f'<!DOCTYPE q [<!ENTITY a "{big}">]>',
                              f'<row r="1"><c r="A1" t="inlineStr"><is><t>{refs}</t></is></c></row>')


def xxe_file() -> bytes:
    return _sheet_with_prolog('<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                              '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')


def xxe_url(port: int) -> bytes:
    """External entity and external DTD pointing at a local port (in workbook.xml too)."""
    data = _sheet_with_prolog(f'<!DOCTYPE x SYSTEM "http://127.0.0.1:{port}/dtd" '
                              f'[<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/x">]>',
                              '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
    wb = member(data, "xl/workbook.xml")
    wb = f'<!DOCTYPE w SYSTEM "http://127.0.0.1:{port}/wb">'.encode() + wb
    return rewrite(data, {"xl/workbook.xml": wb})


def doctype_lowercase_in_rels() -> bytes:
    rels = member(base_workbook(), "_rels/.rels")
    return rewrite(base_workbook(), {"_rels/.rels": b'<!doctype r [<!entity e "x">]>' + rels})


def doctype_split_across_chunks() -> bytes:
    """The DOCTYPE marker straddles the 1 MiB inflation chunk boundary of a large part
    (the padding is a processing instruction of random hex)."""
    import random
    rnd = random.Random(7)
    head = '<?xml version="1.0"?>\n<?pad '
    pad = 2**20 - len(head) - len("?>") - 3
    filler = "".join(rnd.choice("0123456789abcdef") for _ in range(pad))
    sheet = (head + filler + '?><!DOCTYPE x SYSTEM "urn:x">'
             f'<worksheet xmlns="{MAIN_NS}"><sheetData/></worksheet>')
    assert sheet.encode().index(b"<!DOCTYPE") == 2**20 - 3     # "<!D" | "OCTYPE" across the boundary
    # stored, so the screen's 1 MiB inflation chunks fall exactly on that boundary
    return rewrite(base_workbook(), {SHEET1: sheet.encode()}, compression=zipfile.ZIP_STORED)


def doctype_in_unlisted_member() -> bytes:
    """A DOCTYPE in a member with a non-XML name whose content is XML."""
    return rewrite(base_workbook(), add={"xl/media/notes.bin": b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a/>'})


def utf16_part() -> bytes:
    sheet = member(base_workbook(), SHEET1).decode()
    return rewrite(base_workbook(), {SHEET1: "\ufeff".encode("utf-16-le") + sheet.encode("utf-16-le")})


def ebcdic_declared() -> bytes:
    sheet = member(base_workbook(), SHEET1)
    sheet = re.sub(rb"^(<\?xml[^>]*?)\?>", rb'<?xml version="1.0" encoding="cp037"?>', sheet) \
        if sheet.startswith(b"<?xml") else b'<?xml version="1.0" encoding="cp037"?>' + sheet
    return rewrite(base_workbook(), {SHEET1: sheet})


# ---------------------------------------------------------------------------------------
# Cases: structure and sizes
# ---------------------------------------------------------------------------------------
def _many_sheets(n: int) -> bytes:
    data = single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    sheet = member(data, SHEET1)
    wb = (f'<workbook xmlns="{MAIN_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
          'relationships"><sheets>' + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>'
                                              for i in range(1, n + 1)) + "</sheets></workbook>")
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
                      f'2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + "</Relationships>")
    return rewrite(data, {"xl/workbook.xml": wb.encode(), "xl/_rels/workbook.xml.rels": rels.encode()},
                   add={f"xl/worksheets/sheet{i}.xml": sheet for i in range(2, n + 1)})


def sheets_3000() -> bytes:
    return _many_sheets(3000)


def sheets_301() -> bytes:
    return _many_sheets(301)


def dimension_bomb() -> bytes:
    """A tiny sheet declaring <dimension ref="A1:XFD1048576"/>: the declaration is ignored."""
    return set_sheet_xml(base_workbook(), SHEET1,
                         lambda s: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', s))


def cell_at_xfd1048576() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')


def cell_col_xfe() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row>')


def cell_row_1048577() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048577"><c r="A1048577"><v>2</v></c></row>')


def empty_cell_out_of_grid() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c><c r="XFE1" s="0"/></row>')


def malformed_ref() -> bytes:
    return single_sheet('<row r="1"><c r="1A"><v>1</v></c></row>')


def far_corner_data() -> bytes:
    """A1 and XFC1048575 both hold values: in the grid, but calamine would allocate the
    whole 17-billion-cell rectangle."""
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                        '<row r="1048575"><c r="XFC1048575"><v>1</v></c></row>')


def stray_value_far_down() -> bytes:
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048575"><c r="A1048575"><v>1</v></c></row>')


def styles_bomb() -> bytes:
    """1,000,000 cell formats in styles.xml."""
    styles = member(base_workbook(), "xl/styles.xml").decode()
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 1_000_000
    styles = re.sub(r"<cellXfs[^>]*>.*?</cellXfs>", f'<cellXfs count="1000000">{xfs}</cellXfs>', styles, flags=re.S)
    return rewrite(base_workbook(), {"xl/styles.xml": styles.encode()})


def styles_many_xf_small() -> bytes:
    """60,000 compact formats: under the size cap, over the count cap."""
    styles = member(base_workbook(), "xl/styles.xml").decode()
    styles = re.sub(r"<cellXfs[^>]*>.*?</cellXfs>", '<cellXfs count="60000">' + "<xf/>" * 60_000 + "</cellXfs>",
                    styles, flags=re.S)
    return rewrite(base_workbook(), {"xl/styles.xml": styles.encode()})


def sst_amplification() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ["a", "b"],
                             unique_count=4294967295, count=4294967295)


def sst_index_out_of_range() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>', ["a", "b"])


def sst_index_negative() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', ["a", "b"])


def sst_missing() -> bytes:
    return single_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')


def sst_ok() -> bytes:
    return sheet_with_shared('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>', ["a", "b"])


def non_finite(value: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return single_sheet(f'<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>{value}</v></c></row>')
    build.__name__ = f"non_finite_{value}"
    return build


def non_finite_single_quotes() -> bytes:
    """The same, in a form that takes the slow path (single-quoted attributes)."""
    return single_sheet("<row r='1'><c r='A1'><v>1</v></c><c r='B1' t='n'><v>NaN</v></c></row>")


@functools.lru_cache(maxsize=None)
def styled_rows_200k() -> bytes:
    """A real workbook (openpyxl) whose Pemasukan sheet carries 200,000 styled but empty
    rows after its 21 data rows, the way Excel writes pre-formatted template rows: half as
    row-level formats, half as rows of styled empty cells."""
    data = base_workbook()
    name = "xl/worksheets/sheet2.xml"

    def grow(xml: str) -> str:
        parts = []
        for r in range(22, 200_022):
            if r % 2:
                parts.append(f'<row r="{r}" spans="1:6" s="1" customFormat="1"/>')
            else:
                parts.append(f'<row r="{r}" spans="1:6">' + "".join(f'<c r="{c}{r}" s="1"/>' for c in "ABCDEF")
                             + "</row>")
        return xml.replace("</sheetData>", "".join(parts) + "</sheetData>")
    return set_sheet_xml(data, name, grow)


# ---------------------------------------------------------------------------------------
# Cases: well-formed workbooks that must pass
# ---------------------------------------------------------------------------------------
def formula_error() -> bytes:
    """openpyxl writes =1/0 with no cached value; give it the cached error Excel stores."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1/0"
    wb.active["B1"] = 5
    buf = io.BytesIO()
    wb.save(buf)
    return set_sheet_xml(buf.getvalue(), SHEET1, lambda s: re.sub(
        r'<c r="A1"[^>]*>.*?</c>', '<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', s, flags=re.S))


def date1904_openpyxl() -> bytes:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    wb.active["A1"] = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def date1904_true() -> bytes:
    return set_sheet_xml(base_workbook(), "xl/workbook.xml",
                         lambda s: re.sub(r"<workbookPr\s*/>", '<workbookPr date1904="true"/>', s))


def template_content_type() -> bytes:
    ct = member(base_workbook(), "[Content_Types].xml").replace(
        b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
    return rewrite(base_workbook(), {"[Content_Types].xml": ct})


def prefixed_sheet() -> bytes:
    """Every element with an 'x:' prefix (as the OpenXML SDK writes), one error cell."""
    return rewrite(single_sheet(""), {SHEET1: (
        f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
        '<x:c r="B1" t="e"><x:v>#REF!</x:v></x:c></x:row></x:sheetData></x:worksheet>').encode()})


def no_refs_sheet() -> bytes:
    """Rows and cells without r attributes (allowed by the standard): positions are inferred."""
    return single_sheet('<row><c><v>1</v></c><c t="e"><v>#N/A</v></c></row><row/><row><c/><c><v>3</v></c></row>')


def rich_inline_text() -> bytes:
    return single_sheet('<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><color rgb="FFFF0000"/><b/></rPr>'
                        '<t>merah</t></r><r><t> biasa</t></r></is></c><c r="B1"><v>2</v></c></row>')


def mixed_prefix_hidden_cell() -> bytes:
    """A cell in a foreign-prefixed element: calamine still reads it (it matches local names)."""
    return single_sheet('<row r="1"><c r="A1"><v>1</v></c><y:c xmlns:y="urn:y" r="XFC1048575"><y:v>7</y:v></y:c></row>')


@dataclass(frozen=True)
class Case:
    build: Callable[[], bytes]
    code: str | None
    reason: str = ""             # a fragment the verdict's reason must contain
    calamine_aborts: bool = False


UNREADABLE = "file-unreadable"
UNSAFE = "file-unsafe"

CASES: dict[str, Case] = {
    "zero_bytes": Case(zero_bytes, UNREADABLE, "Berkas kosong (0 byte)."),
    "encrypted": Case(encrypted, UNREADABLE, "dilindungi kata sandi"),
    "legacy_xls": Case(legacy_xls, UNREADABLE, "format Excel lama (.xls)"),
    "renamed_csv": Case(renamed_csv, UNREADABLE, "CSV"),
    "renamed_html": Case(renamed_html, UNREADABLE, "HTML"),
    "renamed_pdf": Case(renamed_pdf, UNREADABLE, "Berkas ini sebenarnya PDF, bukan Excel."),
    "renamed_docx": Case(renamed_docx, UNREADABLE, "Berkas ini dokumen Word (.docx), bukan Excel."),
    "ods": Case(ods, UNREADABLE, "Berkas ini format OpenDocument (.ods). Simpan ulang sebagai .xlsx (Excel Workbook)."),
    "plain_zip": Case(plain_zip, UNREADABLE, "arsip ZIP"),
    "truncated": Case(truncated, UNREADABLE, "rusak atau tidak lengkap"),
    "macro_xlsm": Case(macro_xlsm, UNSAFE, "makro"),
    "macro_renamed_xlsx": Case(macro_renamed_xlsx, UNSAFE, "makro"),
    "macro_content_type_only": Case(macro_content_type_only, UNSAFE, "makro"),
    "xlm_macrosheet": Case(xlm_macrosheet, UNSAFE, "makro"),
    "zip_bomb": Case(zip_bomb, UNSAFE, "bom dekompresi", calamine_aborts=True),
    "zip_bomb_forged_sizes": Case(zip_bomb_forged_sizes, UNSAFE, "bom dekompresi"),
    "zip_bomb_ratio": Case(zip_bomb_small_ratio_lie, UNSAFE, "bom dekompresi"),
    "bzip2_member": Case(bzip2_member, UNSAFE, "dipadatkan"),
    "duplicate_member": Case(duplicate_member, UNSAFE, "dua kali"),
    "duplicate_member_case": Case(duplicate_member_case, UNSAFE, "dua kali"),
    "path_traversal": Case(path_traversal, UNSAFE, "nama bagian"),
    "absolute_path": Case(absolute_path, UNSAFE, "nama bagian"),
    "drive_path": Case(drive_path, UNSAFE, "nama bagian"),
    "utf8_name_without_flag": Case(utf8_name_without_flag, UNREADABLE, "tidak baku"),
    "local_header_mismatch": Case(local_header_mismatch, UNSAFE, "ZIP"),
    "zip_encrypted_entries": Case(zip_encrypted_entries, UNREADABLE, "kata sandi"),
    "too_many_members": Case(too_many_members, UNSAFE, "terlalu banyak bagian"),
    "billion_laughs": Case(billion_laughs, UNSAFE, "DOCTYPE"),
    "quadratic_blowup": Case(quadratic_blowup, UNSAFE, "DOCTYPE"),
    "xxe_file": Case(xxe_file, UNSAFE, "DOCTYPE"),
    "doctype_lowercase_in_rels": Case(doctype_lowercase_in_rels, UNSAFE, "DOCTYPE"),
    "doctype_split_across_chunks": Case(doctype_split_across_chunks, UNSAFE, "DOCTYPE"),
    "doctype_in_unlisted_member": Case(doctype_in_unlisted_member, UNSAFE, "DOCTYPE"),
    "utf16_part": Case(utf16_part, UNSAFE, "penyandian"),
    "ebcdic_declared": Case(ebcdic_declared, UNSAFE, "penyandian"),
    "sheets_3000": Case(sheets_3000, UNSAFE, "terlalu banyak lembar"),
    "sheets_301": Case(sheets_301, UNSAFE, "terlalu banyak lembar"),
    "dimension_bomb": Case(dimension_bomb, None),
    "cell_at_xfd1048576": Case(cell_at_xfd1048576, UNSAFE, "terlalu luas", calamine_aborts=True),
    "cell_col_xfe": Case(cell_col_xfe, UNSAFE, "XFE1"),
    "cell_row_1048577": Case(cell_row_1048577, UNSAFE, "1048577"),
    "empty_cell_out_of_grid": Case(empty_cell_out_of_grid, UNSAFE, "XFE1"),
    "malformed_ref": Case(malformed_ref, UNSAFE, "1A"),
    "far_corner_data": Case(far_corner_data, UNSAFE, "terlalu luas", calamine_aborts=True),
    "stray_value_far_down": Case(stray_value_far_down, UNSAFE, "baris 1.048.575"),
    "mixed_prefix_hidden_cell": Case(mixed_prefix_hidden_cell, UNSAFE, "terlalu luas", calamine_aborts=True),
    "styles_bomb": Case(styles_bomb, UNSAFE, "styles.xml"),
    "styles_many_xf_small": Case(styles_many_xf_small, UNSAFE, "format sel"),
    "sst_amplification": Case(sst_amplification, UNSAFE, "tidak masuk akal", calamine_aborts=True),
    "sst_index_out_of_range": Case(sst_index_out_of_range, UNREADABLE, "sel B1"),
    "sst_index_negative": Case(sst_index_negative, UNREADABLE, "sel A1"),
    "sst_missing": Case(sst_missing, UNREADABLE, "teks yang tidak ada"),
    "non_finite_NaN": Case(non_finite("NaN"), UNREADABLE, "sel B1 di lembar 'Sheet' berisi angka tidak sah"),
    "non_finite_INF": Case(non_finite("INF"), UNREADABLE, "angka tidak sah"),
    "non_finite_inf": Case(non_finite("inf"), UNREADABLE, "angka tidak sah"),
    "non_finite_1e999": Case(non_finite("1e999"), UNREADABLE, "angka tidak sah"),
    "non_finite_single_quotes": Case(non_finite_single_quotes, UNREADABLE, "sel B1"),
    # well-formed: must pass
    "base_workbook": Case(base_workbook, None),
    "styled_rows_200k": Case(styled_rows_200k, None),
    "sst_ok": Case(sst_ok, None),
    "formula_error": Case(formula_error, None),
    "date1904_openpyxl": Case(date1904_openpyxl, None),
    "date1904_true": Case(date1904_true, None),
    "template_content_type": Case(template_content_type, None),
    "prefixed_sheet": Case(prefixed_sheet, None),
    "no_refs_sheet": Case(no_refs_sheet, None),
    "rich_inline_text": Case(rich_inline_text, None),
    "number_forms": Case(non_finite("-1.5E-3"), None),
}


def build_all(directory) -> dict[str, str]:
    """Write every case into `directory` (as <name>.xlsx); returns name -> path."""
    import os
    paths = {}
    for name, case in CASES.items():
        path = os.path.join(directory, name + ".xlsx")
        with open(path, "wb") as f:
            f.write(case.build())
        paths[name] = path
    return paths


CALAMINE_PROBE = r"""
import io, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
import python_calamine as pc
data = open(sys.argv[1], "rb").read()
wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python()
print("ok")
"""


def calamine_outcome(path: str, timeout: float = 60) -> str:
    """How python-calamine ends on the raw file, in a subprocess limited to 2 GB of address space."""
    import signal
    import subprocess
    import sys
    try:
        p = subprocess.run([sys.executable, "-c", CALAMINE_PROBE, path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    if p.returncode < 0:
        return f"killed by {signal.Signals(-p.returncode).name}"
    if p.returncode:
        last = p.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        return "exception: " + last[0][:80]
    return "ok"


def main(argv=None) -> None:
    import argparse
    import tempfile
    import tracemalloc

    from compiler.screen import screen

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calamine", action="store_true", help="also run python-calamine on each raw case")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = build_all(tmp)
        print(f"{'case':32} {'size':>10} {'ms':>8} {'peak MB':>8}  verdict")
        for name, case in CASES.items():
            data = open(paths[name], "rb").read()
            best = min(_timed(screen, data) for _ in range(3))
            tracemalloc.start()
            verdict = screen(data)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            line = (f"{name:32} {len(data):>10,} {best * 1000:>8.1f} {peak / 2**20:>8.1f}  "
                    f"{verdict.code or 'ok'}: {verdict.sebab[:70]}")
            if args.calamine:
                line += f"  | calamine: {calamine_outcome(paths[name])}"
            print(line, flush=True)
            del data


def _timed(fn, data) -> float:
    import time
    t = time.perf_counter()
    fn(data)
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
