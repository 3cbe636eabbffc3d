"""Every reason the screen gives, in Bahasa Indonesia, for volunteers and operators.

Kept together so the wording stays consistent (one or two short sentences, saying what to
do) and can be reviewed without reading the checks.
"""
from __future__ import annotations

import errno

from compiler.screen.limits import (MAX_CELLS, MAX_FILE_BYTES, MAX_MEMBERS, MAX_PARSED_XML_BYTES,
                                    MAX_SHARED_STRINGS, MAX_SHEETS, MAX_SST_BYTES, MAX_STYLE_ELEMENTS,
                                    MAX_STYLE_XFS, MAX_STYLES_BYTES, MAX_VALUE_CELLS)

MSG_EMPTY = "Berkas kosong (0 byte)."
MSG_ENCRYPTED = "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya, simpan, lalu kirim ulang."
MSG_XLS = "Berkas ini format Excel lama (.xls). Simpan ulang sebagai .xlsx (Excel Workbook)."
MSG_DOC = "Berkas ini dokumen Word lama (.doc), bukan Excel."
MSG_PDF = "Berkas ini sebenarnya PDF, bukan Excel."
MSG_HTML = "Berkas ini sebenarnya halaman web (HTML), bukan Excel."
MSG_XML2003 = "Berkas ini format XML Spreadsheet 2003. Simpan ulang sebagai .xlsx (Excel Workbook)."
MSG_XML = "Berkas ini sebenarnya berkas XML, bukan Excel."
MSG_CSV = "Berkas ini sebenarnya teks CSV, bukan Excel."
MSG_TEXT = "Berkas ini sebenarnya berkas teks biasa, bukan Excel."
MSG_RTF = "Berkas ini sebenarnya dokumen RTF, bukan Excel."
MSG_IMAGE = "Berkas ini sebenarnya gambar, bukan Excel."
MSG_ARCHIVE = "Berkas ini sebenarnya arsip terkompresi, bukan Excel. Ekstrak dulu, lalu kirim berkas .xlsx-nya."
MSG_NOT_EXCEL = "Berkas ini bukan berkas Excel (.xlsx)."
MSG_ZIP_NOT_EXCEL = "Berkas ini arsip ZIP biasa, bukan berkas Excel (.xlsx)."
MSG_DOCX = "Berkas ini dokumen Word (.docx), bukan Excel."
MSG_PPTX = "Berkas ini presentasi PowerPoint (.pptx), bukan Excel."
MSG_ODS = "Berkas ini format OpenDocument (.ods). Simpan ulang sebagai .xlsx (Excel Workbook)."
MSG_ODF = "Berkas ini dokumen OpenDocument, bukan Excel."
MSG_CORRUPT = "Berkas rusak atau tidak lengkap (mungkin terpotong saat dikirim). Simpan ulang dari Excel, lalu kirim ulang."
MSG_NO_MAIN = "Berkas ini bukan berkas Excel (.xlsx) yang utuh: bagian utamanya tidak ditemukan. Simpan ulang dari Excel, lalu kirim ulang."
MSG_NAME_ENCODING = ("Nama bagian di dalam berkas ditulis secara tidak baku, sehingga lembarnya tidak terbaca. "
                     "Buka di Excel, simpan ulang sebagai .xlsx, lalu kirim ulang.")
MSG_MACRO_NAME = ("Berkas disimpan sebagai buku kerja bermakro (.xlsm). Simpan ulang sebagai .xlsx (Excel Workbook), "
                  "lalu kirim ulang.")
MSG_MACRO = "Berkas berisi makro. Simpan ulang sebagai .xlsx (Excel Workbook) tanpa makro, lalu kirim ulang."
MSG_BOMB = "Berkas tidak aman: isinya membengkak berlebihan saat dibuka (bom dekompresi)."
MSG_METHOD = "Berkas tidak aman: isinya dipadatkan dengan cara yang tidak dipakai Excel."
MSG_ZIP_STRUCTURE = "Berkas tidak aman: susunan ZIP-nya tidak konsisten."
MSG_DTD = "Berkas tidak aman: berisi deklarasi DOCTYPE/ENTITY yang tidak pernah ditulis Excel."
MSG_XML_ENCODING = "Berkas tidak aman: berisi bagian XML dengan penyandian yang tidak dipakai Excel."
MSG_BAD_FILE_NAME = "Berkas tidak dapat dibuka: nama berkasnya tidak sah."
MSG_TOTAL_TOO_WIDE = ("Berkas terlalu besar: data di semua lembarnya terlalu luas untuk dibaca. "
                      "Hapus isi sel di luar tabel, simpan, lalu kirim ulang.")


def num(x: int) -> str:
    """Indonesian thousands separator: 1000000 -> 1.000.000."""
    return f"{x:,}".replace(",", ".")


def mb(nbytes: int) -> str:
    return f"{nbytes / 2**20:.1f}".replace(".", ",") + " MB"


def col_letters(n: int) -> str:
    """Column number -> Excel letters (1 -> A), for references shown to people."""
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


_OS_REASONS = {
    errno.ENOENT: "berkas tidak ditemukan",
    errno.EACCES: "tidak ada izin untuk membacanya",
    errno.EPERM: "tidak ada izin untuk membacanya",
    errno.EISDIR: "ini sebuah folder, bukan berkas",
    errno.ENAMETOOLONG: "nama berkasnya terlalu panjang",
    errno.ELOOP: "jalur berkasnya berputar (tautan simbolik)",
    errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
    errno.EIO: "terjadi kesalahan baca pada perangkat penyimpanan",
}


def cannot_open(e: OSError) -> str:
    if e.errno in _OS_REASONS:
        reason = _OS_REASONS[e.errno]
    else:
        reason = f"kesalahan sistem (kode {e.errno})" if e.errno else "kesalahan sistem"
    # a matter of this computer, not of the workbook: the operator's to mend, not the WKSBM's
    return f"Berkas tidak dapat dibuka di komputer ini: {reason}. Periksa berkas dan izinnya, lalu periksa ulang."


def file_too_big(size: int) -> str:
    return f"Berkas terlalu besar ({mb(size)}; batasnya {mb(MAX_FILE_BYTES)})."


# -- zip ---------------------------------------------------------------------------------
def central_dir_too_big(size: int) -> str:
    return f"Berkas tidak aman: daftar isinya terlalu besar ({mb(size)})."


def too_many_members(count: int) -> str:
    return f"Berkas tidak aman: berisi terlalu banyak bagian ({num(count)}; batasnya {num(MAX_MEMBERS)})."


def bad_member_name(raw: str) -> str:
    return f"Berkas tidak aman: berisi nama bagian yang tidak sah ({raw[:60]!r})."


def duplicate_member(name: str) -> str:
    return f"Berkas tidak aman: bagian '{name[:60]}' muncul dua kali."


def part_too_big(name: str, size: int) -> str:
    return f"Berkas tidak aman: bagian '{name}' terlalu besar ({mb(size)}; batasnya {mb(MAX_PARSED_XML_BYTES)})."


# -- package parts -----------------------------------------------------------------------
def too_many_sheets(n: int) -> str:
    return f"Berkas berisi terlalu banyak lembar ({num(n)}; batasnya {num(MAX_SHEETS)})."


def styles_too_big(size: int) -> str:
    return (f"Berkas tidak aman: bagian gaya sel (styles.xml) terlalu besar ({mb(size)}; "
            f"batasnya {mb(MAX_STYLES_BYTES)}).")


def styles_too_many_elements(n: int) -> str:
    return (f"Berkas tidak aman: bagian gaya sel (styles.xml) berisi terlalu banyak unsur "
            f"({num(n)}; batasnya {num(MAX_STYLE_ELEMENTS)}).")


def styles_too_many_formats(n: int) -> str:
    return f"Berkas tidak aman: daftar format selnya terlalu banyak ({num(n)}; batasnya {num(MAX_STYLE_XFS)})."


def sst_too_big(size: int) -> str:
    return (f"Berkas tidak aman: tabel teks (sharedStrings.xml) terlalu besar ({mb(size)}; "
            f"batasnya {mb(MAX_SST_BYTES)}).")


def sst_too_many(n: int) -> str:
    return f"Berkas tidak aman: tabel teksnya terlalu besar ({num(n)} teks; batasnya {num(MAX_SHARED_STRINGS)})."


def sst_absurd_count(val: bytes) -> str:
    return ("Berkas tidak aman: tabel teksnya menyatakan jumlah yang tidak masuk akal "
            f"({val[:20].decode('ascii', 'replace')}).")


# -- worksheets --------------------------------------------------------------------------
def bad_row_ref(sheet: str, ref: str) -> str:
    return (f"Berkas tidak aman: lembar '{sheet}' berisi nomor baris '{ref}' yang rusak atau di luar "
            "batas Excel (1048576).")


def bad_cell_ref(sheet: str, ref: str) -> str:
    return (f"Berkas tidak aman: lembar '{sheet}' berisi rujukan sel '{ref}' yang rusak atau di luar "
            "batas Excel (XFD1048576).")


def cells_over_cap() -> str:
    return f"Berkas terlalu besar: berisi lebih dari {num(MAX_CELLS)} sel."


def value_cells_over_cap() -> str:
    return f"Berkas terlalu besar: berisi lebih dari {num(MAX_VALUE_CELLS)} sel berisi data."


def too_many_cells(n: int) -> str:
    return f"Berkas terlalu besar: berisi {num(n)} sel (batasnya {num(MAX_CELLS)})."


def too_many_value_cells(n: int) -> str:
    return f"Berkas terlalu besar: berisi {num(n)} sel berisi data (batasnya {num(MAX_VALUE_CELLS)})."


def slow_sheet_too_big(part: str) -> str:
    return (f"Lembar di bagian '{part}' ditulis dalam bentuk tidak lazim dan terlalu besar "
            "untuk diperiksa. Buka di Excel, simpan ulang, lalu kirim ulang.")


def sheet_too_wide(sheet: str, last_row: int, last_col: int) -> str:
    return (f"Lembar '{sheet}' berisi data sampai baris {num(last_row)} dan kolom {col_letters(last_col)}, "
            "terlalu luas untuk dibaca. Hapus isi sel di luar tabel, simpan, lalu kirim ulang.")


def missing_text(where: str) -> str:
    return f"Berkas rusak: {where} merujuk teks yang tidak ada."


def bad_number(ref: str, sheet: str) -> str:
    return f"Berkas rusak: sel {ref} di lembar '{sheet}' berisi angka tidak sah."
