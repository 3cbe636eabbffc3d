"""Hostile cases that are not an Excel workbook: other formats, other packages, macros.

Each builder returns the file's bytes; `hostile_corpus.CASES` says what the screen must answer.
"""
from __future__ import annotations

import io
import zipfile

from tests.helpers.hostile_build import base_workbook, member, rewrite

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
