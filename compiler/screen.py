"""Screen the raw bytes of an uploaded workbook before any parser sees them.

python-calamine aborts the whole process (SIGABRT, not an exception) on some hostile
inputs, and openpyxl / pandas can spend minutes and gigabytes on others, so every file
goes through `screen()` first; only bytes whose Verdict has ``code is None`` may be handed
to a parser (`screen_path` returns the bytes only then).

What is checked, in order (the first problem found decides the verdict):

1. The bytes are sniffed, never the extension: empty, zip, OLE/CFB (encrypted OOXML or
   legacy .xls/.doc), PDF, HTML, XML Spreadsheet 2003, CSV / other text, images, archives.
2. The zip end record and central directory before anything is inflated: member count,
   central-directory size, names (duplicates also case-insensitively, ``..``, absolute /
   drive / backslash-absolute paths, control characters, non-ASCII names stored without
   the UTF-8 flag), compression method (stored / deflate only), zip-level encryption,
   declared sizes and compression ratio, local headers agreeing with the central
   directory, member data not overlapping.
3. The package type: ODF, macros (``vbaProject.bin``, macro sheets, a macro-enabled or
   VBA content type), Word / PowerPoint main parts, a spreadsheet main part.
4. Every member is inflated by hand with a hard cap (its declared size, itself capped): a
   member inflating beyond its declared size is a bomb, a bad CRC or deflate stream is
   corruption. Binary members are streamed in 1 MiB chunks and dropped; XML members
   (named .xml/.rels/.vml, or any member whose content starts with '<') are held one at a
   time in a buffer of their declared size and scanned chunk by chunk as they inflate for
   ``<!DOCTYPE`` / ``<!ENTITY`` (any case; the scan overlaps chunk boundaries), so a bomb
   with a DOCTYPE near its start stops early. XML must be UTF-8 or an ASCII-compatible
   single-byte encoding: UTF-16/32 or an exotic declared encoding would hide a DOCTYPE
   from a byte scan, and Excel never writes one.
5. Structure, read from the data and never from a declared ``<dimension>`` or count:
   workbook.xml and its rels (parsed with defusedxml, size-capped) give sheet names, the
   sheet count and the 1904 flag; every part holding ``sheetData`` is scanned as a
   worksheet whatever its name (calamine matches element local names and ignores
   namespace prefixes, so prefixes are stripped first); styles and shared strings are
   checked in the parts calamine (``xl/sharedStrings.xml`` in any case) or openpyxl
   (workbook rels) would read, and in any part with that root element.

Worksheet scan. Cell and row references must be well formed and inside A1:XFD1048576
(empty styled cells included). Cells that hold content (any non-self-closing ``<c>``) are
what a reader materialises: calamine allocates the bounding box of those cells, so the last
content row, the last content column and the area (last row x last column) per sheet and
in total are capped. Styled empty rows and cells cost a reader nothing (python-calamine
reads a sheet with 200,000 styled empty rows in about 0.2 s and drops them), so they only
count towards MAX_CELLS. The true last content row of each sheet is returned in
``Verdict.last_rows`` so that a reader may stop there. A fast path handles the canonical
form written by Excel, openpyxl and LibreOffice (``<c r="A1" ...>``): cheap non-capturing
passes validate every tag, and content cells are matched in the *reversed* sheetData,
where the reversed ``</c>`` occurs only at cells holding content, so empty cells are never
regex candidates. Any other form (no ``r``, other quoting or spacing, CDATA, unusual
content) goes through a per-tag path that infers positions like a reader does; it is
capped at MAX_SLOW_PATH_TAGS tags.

Decisions: a shared-string index out of range, negative or not an integer, and a
non-finite or malformed number in a numeric cell (``NaN``, ``INF``, ``1e999``) make the
file ``file-unreadable`` ("Berkas rusak: ..."). A zip member name stored as UTF-8 without
the UTF-8 flag (any non-ASCII name without flag 0x800) is ``file-unreadable``: readers
disagree on such names (openpyxl then silently sees no sheet) and Excel writes ASCII names.
Case-insensitive duplicate member names are ``file-unsafe`` (OPC part names are
case-insensitive, so two readers could pick different parts). Error cells (``t="e"``)
are reported with their cached text in ``Verdict.error_values``.

Nothing here touches the network or the file system (except `screen_path` reading the
given file); no entity is ever resolved.
"""
from __future__ import annotations

import errno
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import Mapping

from defusedxml import ElementTree as SafeET

__all__ = ["Verdict", "screen", "screen_path", "UNREADABLE", "UNSAFE"]

UNREADABLE = "file-unreadable"
UNSAFE = "file-unsafe"

# ---------------------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------------------
MAX_FILE_BYTES = 50 * 2**20          # the file itself
MAX_MEMBERS = 1_000                  # zip members
MAX_CENTRAL_DIR_BYTES = 2 * 2**20    # size of the zip central directory (bounds zipfile's work)
MAX_MEMBER_BYTES = 64 * 2**20        # declared and real uncompressed size of one member
MAX_TOTAL_BYTES = 200 * 2**20        # declared uncompressed size of all members
MAX_RATIO = 200                      # uncompressed / compressed, for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 2**20
MAX_SHEETS = 300                     # <sheet> entries in workbook.xml
MAX_CELLS = 2_000_000                # all <c> elements of all sheets, styled-empty ones included
MAX_VALUE_CELLS = 250_000            # cells holding content, all sheets
MAX_SHEET_ROWS = 200_000             # last row holding a value, per sheet
MAX_SHEET_COLS = 16_384              # last column holding a value, per sheet (Excel's grid)
MAX_SHEET_AREA = 2_000_000           # last value row x last value column, per sheet
MAX_TOTAL_AREA = 5_000_000           # the same summed over all sheets
MAX_SLOW_PATH_TAGS = 100_000         # <row>/<c> tags scanned one by one (non-canonical sheets)
MAX_STYLES_BYTES = 5 * 2**20         # styles.xml inflated size
MAX_STYLE_XFS = 50_000               # <xf> elements in styles.xml
MAX_STYLE_ELEMENTS = 300_000         # all elements in styles.xml (fonts, fills, borders, ...)
MAX_PARSED_XML_BYTES = 4 * 2**20     # [Content_Types].xml, workbook.xml and its rels (parsed whole)
MAX_SST_BYTES = 32 * 2**20           # sharedStrings.xml inflated size
MAX_SHARED_STRINGS = 500_000         # <si> present, and the declared uniqueCount
SST_DECLARED_SLACK = 100_000         # declared uniqueCount may exceed the <si> present by this
GRID_ROWS = 1_048_576
GRID_COLS = 16_384

_IN_CHUNK = 256 * 1024               # compressed bytes fed to zlib at a time
_OUT_CHUNK = 1024 * 1024             # inflated bytes produced at a time

# ---------------------------------------------------------------------------------------
# Messages (Bahasa Indonesia, shown to volunteers and operators)
# ---------------------------------------------------------------------------------------
MSG_EMPTY = "Berkas kosong (0 byte)."
MSG_ENCRYPTED = "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya, simpan, lalu kirim ulang."
MSG_XLS = "Berkas ini format Excel lama (.xls). Simpan ulang sebagai .xlsx (Excel Workbook)."
MSG_DOC = "Berkas ini dokumen Word lama (.doc), bukan Excel."
MSG_PDF = "Berkas ini sebenarnya PDF, bukan Excel."
MSG_HTML = "Berkas ini sebenarnya halaman web (HTML), bukan Excel. Buka di Excel, lalu simpan sebagai .xlsx (Excel Workbook)."
MSG_XML2003 = "Berkas ini format XML Spreadsheet 2003. Simpan ulang sebagai .xlsx (Excel Workbook)."
MSG_XML = "Berkas ini sebenarnya berkas XML, bukan Excel."
MSG_CSV = "Berkas ini sebenarnya teks CSV, bukan Excel. Buka di Excel, lalu simpan sebagai .xlsx (Excel Workbook)."
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
MSG_MACRO = "Berkas berisi makro. Simpan ulang sebagai .xlsx (Excel Workbook) tanpa makro, lalu kirim ulang."
MSG_BOMB = "Berkas tidak aman: isinya membengkak berlebihan saat dibuka (bom dekompresi)."
MSG_METHOD = "Berkas tidak aman: isinya dipadatkan dengan cara yang tidak dipakai Excel."
MSG_ZIP_STRUCTURE = "Berkas tidak aman: susunan ZIP-nya tidak konsisten."
MSG_DTD = "Berkas tidak aman: berisi deklarasi DOCTYPE/ENTITY yang tidak pernah ditulis Excel."
MSG_XML_ENCODING = "Berkas tidak aman: berisi bagian XML dengan penyandian yang tidak dipakai Excel."


def _n(x: int) -> str:
    """Indonesian thousands separator: 1000000 -> 1.000.000."""
    return f"{x:,}".replace(",", ".")


def _mb(nbytes: int) -> str:
    return f"{nbytes / 2**20:.1f}".replace(".", ",") + " MB"


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    code: str | None        # None = safe to parse; else "file-unreadable" or "file-unsafe"
    sebab: str = ""         # reason in Bahasa Indonesia
    error_cells: frozenset[tuple[str, str]] = frozenset()   # (sheet name, "D7") with t="e"
    date1904: bool = False
    # sheet name -> last row holding a value (0 = none); a reader may stop reading there.
    last_rows: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    # (sheet name, "D7") -> the cached error text ("#DIV/0!", "#REF!" ...; "" if none), for
    # each member of error_cells: calamine itself returns these cells as empty strings.
    error_values: Mapping[tuple[str, str], str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def ok(self) -> bool:
        return self.code is None


class _Reject(Exception):
    def __init__(self, code: str, sebab: str):
        super().__init__(sebab)
        self.code = code
        self.sebab = sebab


def _unsafe(sebab: str) -> _Reject:
    return _Reject(UNSAFE, sebab)


def _unreadable(sebab: str) -> _Reject:
    return _Reject(UNREADABLE, sebab)


def screen(data: bytes) -> Verdict:
    """Decide whether `data` may be handed to a spreadsheet parser. Never raises for bad input."""
    if not isinstance(data, bytes):
        data = bytes(data)
    if not data:
        return Verdict(UNREADABLE, MSG_EMPTY)
    if len(data) > MAX_FILE_BYTES:
        return Verdict(UNSAFE, _too_big(len(data)))
    try:
        if not data.startswith(b"PK"):
            raise _sniff_other(data)
        return _Package(data).run()
    except _Reject as r:
        return Verdict(r.code, r.sebab)
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, ValueError, KeyError,
            IndexError, NotImplementedError, UnicodeError, OSError, SafeET.ParseError):
        return Verdict(UNREADABLE, MSG_CORRUPT)
    except RecursionError:
        return Verdict(UNSAFE, MSG_ZIP_STRUCTURE)
    except Exception:                    # whatever else goes wrong, a file never passes by accident
        return Verdict(UNREADABLE, MSG_CORRUPT)


def screen_path(path: str | bytes | os.PathLike) -> tuple[bytes | None, Verdict]:
    """Read a file with a size cap and screen it.

    Returns (bytes, verdict): the bytes only when the verdict is safe (code None), so that
    what is returned may go straight to a parser; otherwise None.
    """
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, Verdict(UNSAFE, _too_big(size))
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, Verdict(UNREADABLE, f"Berkas tidak dapat dibuka: {_os_reason(e)}.")
    except ValueError:                   # e.g. a NUL byte in the name
        return None, Verdict(UNREADABLE, "Berkas tidak dapat dibuka: nama berkasnya tidak sah.")
    if len(data) > MAX_FILE_BYTES:
        return None, Verdict(UNSAFE, _too_big(len(data)))
    verdict = screen(data)
    return (data if verdict.code is None else None), verdict


def _too_big(size: int) -> str:
    return f"Berkas terlalu besar ({_mb(size)}; batasnya {_mb(MAX_FILE_BYTES)})."


def _os_reason(e: OSError) -> str:
    reasons = {
        errno.ENOENT: "berkas tidak ditemukan",
        errno.EACCES: "tidak ada izin untuk membacanya",
        errno.EPERM: "tidak ada izin untuk membacanya",
        errno.EISDIR: "ini sebuah folder, bukan berkas",
        errno.ENAMETOOLONG: "nama berkasnya terlalu panjang",
        errno.ELOOP: "jalur berkasnya berputar (tautan simbolik)",
        errno.ENOTDIR: "salah satu bagian jalurnya bukan folder",
        errno.EIO: "terjadi kesalahan baca pada perangkat penyimpanan",
    }
    if e.errno in reasons:
        return reasons[e.errno]
    return f"kesalahan sistem (kode {e.errno})" if e.errno else "kesalahan sistem"


# ---------------------------------------------------------------------------------------
# Sniffing non-zip bytes
# ---------------------------------------------------------------------------------------
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_U16 = lambda s: s.encode("utf-16-le")  # noqa: E731


def _sniff_other(data: bytes) -> _Reject:
    """The reject for bytes that are not a zip: say what they look like."""
    if data.startswith(_CFB_MAGIC) or data.startswith(b"\xd0\xcf\x11\xe0"):
        if _U16("EncryptionInfo") in data or _U16("EncryptedPackage") in data:
            return _unreadable(MSG_ENCRYPTED)
        if _U16("WordDocument") in data:
            return _unreadable(MSG_DOC)
        return _unreadable(MSG_XLS)
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return _unreadable(MSG_PDF)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return _unreadable(MSG_IMAGE)
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        return _unreadable(MSG_ARCHIVE)
    text = _as_text(head)
    if text is None:
        return _unreadable(MSG_NOT_EXCEL)
    t = text.lstrip().lower()
    if t.startswith("{\\rtf"):
        return _unreadable(MSG_RTF)
    if t.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in t:
            return _unreadable(MSG_XML2003)
        if re.search(r"<(!doctype\s+html|html|head|body|table|meta|title)\b", t):
            return _unreadable(MSG_HTML)
        return _unreadable(MSG_XML)
    lines = [ln for ln in t.splitlines()[:20] if ln.strip()]
    if lines:
        for sep in (",", ";", "\t", "|"):
            counts = [ln.count(sep) for ln in lines[:-1] or lines]
            if counts and min(counts) >= 1:
                return _unreadable(MSG_CSV)
    return _unreadable(MSG_TEXT)


def _as_text(head: bytes) -> str | None:
    """The head decoded as text if it looks like text, else None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return head[2:len(head) - (len(head) % 2)].decode("utf-16-le" if head[0] == 0xFF else "utf-16-be")
        except UnicodeDecodeError:
            return None
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:          # a character cut by the 4 KB window
            text = head[:e.start].decode("utf-8")
        else:
            text = head.decode("cp1252", errors="replace")
    if not text:
        return None
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f") + text.count("\ufffd")
    return text if bad <= len(text) // 50 else None


# ---------------------------------------------------------------------------------------
# Regexes and helpers for XML scanning
# ---------------------------------------------------------------------------------------
_DTD_RE = re.compile(rb"<!\s*(?:doctype|entity|element|attlist|notation)", re.I)
_DTD_OVERLAP = 64                    # bytes re-scanned from the previous chunk (marker + spaces)
_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
_ASCII_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"iso8859-1",
                    b"latin-1", b"latin1", b"windows-1252", b"cp1252"}
# An element prefix: "<x:" or "</x:"; stripped so the scan sees local names as calamine does.
_PREFIX_RE = re.compile(rb"<(/?)[A-Za-z_][\w.\-]*:")
# A prefixed element among those calamine reads as cell data (cheap: ':' is the prefix).
_PREFIXED_CELLISH = re.compile(rb":(?:c|row|v|is|sheetData)[\s/>]")
_PREFIXED_SST = re.compile(rb"<[A-Za-z_][\w.\-]*:sst[\s>]")

_BIG_ROW = rb"(?:[2-9]\d{6}|1[1-9]\d{5}|10[5-9]\d{4}|1049\d{3}|1048[6-9]\d\d|10485[89]\d|104857[7-9])"
_BIG_COL = rb"(?:[Y-Z][A-Z]{2}|X[G-Z][A-Z]|XF[E-Z])"
# A well-formed reference inside A1:XFD1048576, followed by its closing quote.
_VALID_REF = rb"(?!" + _BIG_COL + rb"\d)(?![A-Z]{1,3}" + _BIG_ROW + rb'")[A-Z]{1,3}[1-9]\d{0,6}"'
# Canonical form (Excel, openpyxl and LibreOffice write it): every cell tag is
# `<c r="A1" ...>`, every row tag `<row r="1" ...>`. A cheap non-capturing pass finds any
# tag that is not plainly fine (columns of 3 letters and 7-digit rows are merely
# suspicious); only from a hit on does the exact check run.
_SUSPECT_CELL = re.compile(rb'<c(?=[\s/>])(?! r="[A-Z]{1,2}[1-9]\d{0,5}")')
_BAD_OR_ODD_CELL = re.compile(rb'<c(?=[\s/>])(?! r="' + _VALID_REF + rb")")
_SUSPECT_ROW = re.compile(rb'<row(?=[\s/>])(?! r="[1-9]\d{0,5}")')
_BAD_OR_ODD_ROW = re.compile(rb'<row(?=[\s/>])(?! r="(?!' + _BIG_ROW + rb'")[1-9]\d{0,6}")')
# Content-holding cells, matched in the REVERSED sheetData: the reversed "</c>" only
# occurs at cells that hold content, so the many empty styled cells are never candidates.
# Groups (all reversed): <v> text, other attributes, row digits, column letters.
_REV_VALUE_CELL = re.compile(
    rb">c/<(?:(?:>v/<([^<>]*)>v<|>si/<>t/<[^<>]*>[^<>]*t<>si<|>si/<(?:[^>]*>)*?si<)?"
    rb"(?:>f/<[^<>]*>[^<>]*f<|>/[^<>]*f<)?"
    rb'>([^<>]*?)"(\d{1,7})([A-Z]{1,3})"=r c<|)', re.S)
_UNKNOWN_FORM = (b"", b"", b"", b"")     # what the empty alternative gives: a cell of another form
_WINDOW = 2**20                          # sheetData is scanned in windows of about this size
_MIN_CELL_BYTES = len(b'<c r="A1"/>')    # so a region of n bytes holds at most n // 11 cells
_ROOT_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")

# Canonical-form references that are malformed or outside the grid (for the message).
_BAD_CELL_REF = re.compile(rb'<c r="(?!' + _VALID_REF + rb")")
_BAD_ROW_REF = re.compile(rb'<row r="(?:(?![1-9]\d{0,6}")|' + _BIG_ROW + rb'")')
# A numeric <v> text that is not a plain decimal number, in a NUL-joined list of them.
_BAD_NUMBER = re.compile(rb"(?:^|(?<=\x00))(?!(?:[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)?(?:\x00|$))")
_ATTR_T = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")
_ATTR_R = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_REF_RE = re.compile(rb"([A-Z]{1,3})([1-9]\d{0,6})")
_NUMBER_RE = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TAG_RE = re.compile(rb"<(row|c)(?=[\s/>])([^>]*)>|</row>")
_V_RE = re.compile(rb"<v(?:\s[^>]*)?>(.*?)</v>|<v(?:\s[^>]*)?/>", re.S)
_ENTITY_RE = re.compile(rb"&(?:#x([0-9a-fA-F]+)|#(\d+)|(amp|lt|gt|quot|apos));")
_ENTITY_NAMES = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}
_INT_ATTR = r"""\s%s\s*=\s*["']([^"']*)["']"""

# A member name that is absolute, has a drive, a '..' component or a control character.
_BAD_NAME_RE = re.compile(r"^[/\\]|^[A-Za-z]:|(?:^|[/\\])\.\.(?:[/\\]|$)|[\x00-\x1f\x7f]")

_CT_MAIN = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml")
_CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_CT_PPT = "application/vnd.openxmlformats-officedocument.presentationml."


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _col_letters(n: int) -> str:
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def _unescape(raw: bytes) -> bytes:
    if b"&" not in raw:
        return raw

    def one(m: re.Match) -> bytes:
        try:
            if m.group(1):
                return chr(int(m.group(1), 16)).encode()
            if m.group(2):
                return chr(int(m.group(2))).encode()
        except (ValueError, OverflowError):
            return b"?"
        return _ENTITY_NAMES[m.group(3)]
    return _ENTITY_RE.sub(one, raw)


def _finite_number(raw: bytes) -> bool:
    """True if `raw` (the text of a numeric cell's <v>) is a plain finite decimal number."""
    if raw.isdigit():
        return True
    raw = _unescape(raw).strip()
    if raw.startswith(b"<![CDATA[") and raw.endswith(b"]]>"):
        raw = raw[9:-3].strip()
    if not raw:
        return True                        # an empty <v/>: nothing to misread
    if not _NUMBER_RE.fullmatch(raw):
        return False
    x = float(raw)
    return x - x == 0.0                    # False for inf and nan


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# ---------------------------------------------------------------------------------------
# Worksheet scan
# ---------------------------------------------------------------------------------------
@dataclass
class _Sheet:
    part: str
    n_tags: int = 0            # all <c> elements
    n_values: int = 0          # <c> elements holding content
    last_row: int = 0
    last_col: int = 0
    error_refs: list = field(default_factory=list)     # (ref, cached error text)
    s_max: int = -1            # largest shared-string index used
    s_max_ref: str = ""
    bad_s_ref: str | None = None     # a negative / non-integer shared-string index
    bad_num_ref: str | None = None   # a non-finite / malformed number
    bad_ref: str | None = None       # a malformed / out-of-grid reference
    slow_tags: int = 0


def _scan_sheet(x: bytes | bytearray, part: str, slow_budget: int, cell_budget: int,
                n_si: int = GRID_ROWS * GRID_COLS) -> _Sheet:
    sh = _Sheet(part)
    if _PREFIXED_CELLISH.search(x):
        x = _PREFIX_RE.sub(rb"<\1", x)
    i = x.find(b"<sheetData")
    if i < 0:
        return sh
    j = x.rfind(b"</sheetData>")
    if j < i:
        j = len(x)
    # The cell cap first, before any per-cell work: a region of n bytes holds at most n // 4
    # cells (`<c/>`), and at most n // 11 in canonical form (`<c r="A1"/>`).
    n_c = None
    if (j - i) // 4 > cell_budget:
        n_c = x.count(b"<c", i, j)
        if n_c > cell_budget:
            raise _unsafe(f"Berkas terlalu besar: berisi lebih dari {_n(MAX_CELLS)} sel.")
    canonical = True
    m = _SUSPECT_CELL.search(x, i, j)
    if m:
        m = _BAD_OR_ODD_CELL.search(x, m.start(), j)
        canonical = m is None
    if canonical:
        m = _SUSPECT_ROW.search(x, i, j)
        if m:
            m = _BAD_OR_ODD_ROW.search(x, m.start(), j)
            canonical = m is None
    if not canonical:
        m = _BAD_CELL_REF.search(x, i, j) or _BAD_ROW_REF.search(x, i, j)
        if m:                            # a canonical tag with a bad reference: no need to look further
            ref = _ATTR_R.search(x, m.start() + 2, m.start() + 64)
            bad = ref.group(1).decode("ascii", "replace") if ref else "?"
            sh.bad_ref = ("baris " + bad) if x.startswith(b"<row", m.start()) else bad
            return sh
    if canonical and _fast_sheet(sh, x, i, j, n_si):
        sh.n_tags = n_c if n_c is not None else (j - i) // _MIN_CELL_BYTES
        return sh
    if n_c is None:
        n_c = x.count(b"<c", i, j)
    sh.slow_tags = n_c + x.count(b"<row", i, j)
    if sh.slow_tags > slow_budget:
        raise _unsafe(f"Lembar di bagian '{part}' ditulis dalam bentuk tidak lazim dan terlalu besar "
                      "untuk diperiksa. Buka di Excel, simpan ulang, lalu kirim ulang.")
    _slow_sheet(sh, x, i, j)
    return sh


def _fast_sheet(sh: _Sheet, x, i: int, j: int, n_si: int) -> bool:
    """Canonical form with valid references: collect the content cells window by window
    (reversed), then work on them with C-level maps. False if a content cell has a form the
    reversed pattern does not know (the caller then takes the slow path)."""
    found = 0
    rows: set = set()
    cols: set = set()
    last = x.rfind(b"</c>", i, j)          # no content cell after the last </c>
    if last < 0:
        return True
    j = last + 4
    a = i
    while a < j:
        # a window ends before a <row> (never inside a cell), else after a </c>
        b = x.find(b"<row", min(a + _WINDOW, j), j)
        if b < 0:
            b = x.find(b"</c>", min(a + _WINDOW, j), j)
            b = j if b < 0 else b + 4
        rev = x[a:b][::-1]
        cells = _REV_VALUE_CELL.findall(rev)
        del rev
        if _UNKNOWN_FORM in cells:
            sh.error_refs.clear()
            sh.s_max, sh.s_max_ref, sh.bad_s_ref, sh.bad_num_ref = -1, "", None, None
            return False
        found += len(cells)
        if found > MAX_VALUE_CELLS:
            raise _unsafe(f"Berkas terlalu besar: berisi lebih dari {_n(MAX_VALUE_CELLS)} sel berisi data.")
        if cells:
            rows.update(map(itemgetter(2), cells))
            cols.update(map(itemgetter(3), cells))
            _check_values(sh, cells, n_si)
        a = b
    sh.n_values = found
    if found:
        # rows and cols hold reversed digit / letter strings; the references were validated
        sh.last_row = max(map(int, b"\x00".join(rows)[::-1].split(b"\x00")))
        sh.last_col = max(map(_col_number, b"\x00".join(cols)[::-1].split(b"\x00")))
    return True


def _rev_ref(c: tuple) -> str:
    return (c[2] + c[3])[::-1].decode()


def _check_values(sh: _Sheet, cells: list, n_si: int) -> None:
    """Types and values of content cells (tuples from _REV_VALUE_CELL, reversed text)."""
    attrs = list(map(itemgetter(1), cells))
    kind_of = {}
    for a in set(attrs):
        mt = _ATTR_T.search(a[::-1])
        kind_of[a] = mt.group(1) if mt else b"n"
    kinds = list(map(kind_of.__getitem__, attrs))
    present = set(kind_of.values())
    if b"n" in present and sh.bad_num_ref is None:
        numeric = list(compress(cells, map(b"n".__eq__, kinds)))
        joined = b"\x00".join(map(itemgetter(0), numeric))
        joined = joined[::-1]            # the values read forwards, in reverse order
        m = _BAD_NUMBER.search(joined)
        if m:
            k = len(numeric) - 1 - joined.count(b"\x00", 0, m.start())
            sh.bad_num_ref = _rev_ref(numeric[k])
        elif b"e" in joined or b"E" in joined:
            for c in numeric:
                if (b"e" in c[0] or b"E" in c[0]) and not _finite_number(c[0][::-1]):
                    sh.bad_num_ref = _rev_ref(c)
                    break
    if b"s" in present and sh.bad_s_ref is None:
        shared = list(compress(cells, map(b"s".__eq__, kinds)))
        distinct = set(map(itemgetter(0), shared))
        if all(map(bytes.isdigit, distinct)):
            forwards = b"\x00".join(distinct)[::-1].split(b"\x00")
            top = max(map(int, forwards))
            if top > sh.s_max:
                sh.s_max = top
                if top >= n_si:          # out of range: find the cell for the message
                    sh.s_max_ref = next(_rev_ref(c) for c in shared if int(c[0][::-1]) == top)
        else:
            sh.bad_s_ref = next(_rev_ref(c) for c in shared if not c[0].isdigit())
    if b"e" in present:
        sh.error_refs.extend((_rev_ref(c), _error_text(c[0][::-1]))
                             for c in compress(cells, map(b"e".__eq__, kinds)))


def _error_text(raw: bytes | None) -> str:
    return _unescape(raw or b"").decode("utf-8", "replace").strip()[:32]


def _shared_index(sh: _Sheet, v: bytes | None, ref: str) -> None:
    v = (v or b"").strip()
    if v.isdigit():
        k = int(v)
        if k > sh.s_max:
            sh.s_max, sh.s_max_ref = k, ref
    elif sh.bad_s_ref is None:
        sh.bad_s_ref = ref


def _slow_sheet(sh: _Sheet, x, i: int, j: int) -> None:
    """Any form: one tag at a time, positions inferred where `r` is missing (as readers do)."""
    row = 0
    col = 0
    last_row = last_col = 0
    n_tags = n_values = 0
    for m in _TAG_RE.finditer(x, i, j):
        name = m.group(1)
        if name is None:                       # </row>
            continue
        attrs = m.group(2)
        mr = _ATTR_R.search(attrs)
        if name == b"row":
            if mr:
                r = mr.group(1)
                if not (r.isdigit() and r[:1] != b"0" and int(r) <= GRID_ROWS):
                    sh.bad_ref = "baris " + r[:12].decode("ascii", "replace")
                    return
                row = int(r)
            else:
                row += 1
            col = 0
            continue
        n_tags += 1
        if mr:
            mref = _REF_RE.fullmatch(mr.group(1))
            if not mref:
                sh.bad_ref = mr.group(1)[:12].decode("ascii", "replace")
                return
            col, crow = _col_number(mref.group(1)), int(mref.group(2))
            if col > GRID_COLS or crow > GRID_ROWS:
                sh.bad_ref = mr.group(1).decode()
                return
        else:
            col += 1
            crow = row or 1
            if col > GRID_COLS:
                sh.bad_ref = f"{_col_letters(col)}{crow}"
                return
        if attrs[-1:] == b"/":
            continue                           # empty (styled) cell
        n_values += 1
        if crow > last_row:
            last_row = crow
        if col > last_col:
            last_col = col
        mt = _ATTR_T.search(attrs)
        kind = mt.group(1) if mt else b"n"
        if kind != b"n" and kind != b"s" and kind != b"e":
            continue
        end = x.find(b"</c>", m.end(), j)
        mv = _V_RE.search(x, m.end(), end if end >= 0 else j)
        v = mv.group(1) if mv else None
        if kind == b"e":
            if v is not None and v.startswith(b"<![CDATA[") and v.endswith(b"]]>"):
                v = v[9:-3]
            sh.error_refs.append((f"{_col_letters(col)}{crow}", _error_text(v)))
        elif kind == b"n":
            if v and not v.isdigit() and sh.bad_num_ref is None and not _finite_number(v):
                sh.bad_num_ref = f"{_col_letters(col)}{crow}"
        else:
            if v is not None:
                v = _unescape(v)
                if v.startswith(b"<![CDATA[") and v.endswith(b"]]>"):
                    v = v[9:-3]
            _shared_index(sh, v, f"{_col_letters(col)}{crow}")
    sh.n_tags, sh.n_values = n_tags, n_values
    sh.last_row, sh.last_col = last_row, last_col
    if n_values > MAX_VALUE_CELLS:
        raise _unsafe(f"Berkas terlalu besar: berisi lebih dari {_n(MAX_VALUE_CELLS)} sel berisi data.")


# ---------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------
class _Package:
    def __init__(self, data: bytes):
        self.data = data
        self.view = memoryview(data)
        self.sheets: list[_Sheet] = []
        self.sst_sizes: list[int] = []
        self.parts: dict[str, bytes] = {}     # small XML parts kept for parsing
        self.starts: dict[str, int] = {}      # member name -> offset of its compressed data
        self.names_by_part: dict[str, str] = {}   # worksheet member -> sheet name
        self.slow_budget = MAX_SLOW_PATH_TAGS
        self.n_cells = 0
        self.sst_names = {"xl/sharedstrings.xml"}     # calamine's fixed name (any case) ...
        self.styles_names = {"xl/styles.xml"}

    # -- zip level ------------------------------------------------------------------------
    def run(self) -> Verdict:
        self._check_end_record()
        zf = zipfile.ZipFile(io.BytesIO(self.data))
        infos = zf.infolist()
        self._check_members(infos)
        self._check_local_headers(infos)
        byname = {i.filename: i for i in infos}
        self._check_package_type(byname)

        ct_info = byname.get("[Content_Types].xml")
        if ct_info is None:
            raise self._not_excel(byname)
        self._check_parsed_size(ct_info)
        ct = self._read(ct_info, keep=True)
        main = self._content_types(ct, byname)

        wb_rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
        first = [main, wb_rels_name]
        for name in first:
            if name in byname:
                self._check_parsed_size(byname[name])
                self._read(byname[name], keep=True)
        sheet_names, date1904, styles_parts, sst_parts = self._workbook(main, wb_rels_name)
        self.sst_names.update(n.lower() for n in sst_parts)          # ... and openpyxl's (rels)
        self.styles_names.update(n.lower() for n in styles_parts)

        # Declared-size caps on the parts whose role is known by name before inflating them.
        for name in styles_parts:
            if name in byname and byname[name].file_size > MAX_STYLES_BYTES:
                raise _unsafe(self._styles_msg_size(byname[name].file_size))
        for name in sst_parts:
            if name in byname and byname[name].file_size > MAX_SST_BYTES:
                raise _unsafe(self._sst_msg_size(byname[name].file_size))

        done = {"[Content_Types].xml", *first}
        for info in infos:                      # shared strings first: sheets are checked against them
            if info.filename.lower() in self.sst_names and info.filename not in done:
                self._read(info, keep=False)
                done.add(info.filename)
        for info in infos:
            if info.filename not in done and not info.is_dir():
                self._read(info, keep=False)
        return self._conclude(sheet_names, date1904)

    @staticmethod
    def _check_parsed_size(info: zipfile.ZipInfo) -> None:
        if info.file_size > MAX_PARSED_XML_BYTES:
            raise _unsafe(f"Berkas tidak aman: bagian '{info.filename}' terlalu besar "
                          f"({_mb(info.file_size)}; batasnya {_mb(MAX_PARSED_XML_BYTES)}).")

    def _check_end_record(self) -> None:
        """Count and central-directory size from the end record, before zipfile parses it."""
        data = self.data
        k = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
        if k < 0 or len(data) < k + 22:
            raise _unreadable(MSG_CORRUPT)
        _, _, _, _, total, cd_size, _, _ = struct.unpack("<4s4H2LH", data[k:k + 22])
        if k >= 20 and data[k - 20:k - 16] == b"PK\x06\x07":
            off = struct.unpack("<Q", data[k - 12:k - 4])[0]
            if off + 56 <= len(data) and data[off:off + 4] == b"PK\x06\x06":
                total, cd_size = struct.unpack("<QQ", data[off + 32:off + 48])
        if total > 10 * MAX_MEMBERS:     # far too many: do not even let zipfile list them
            raise _unsafe(self._too_many_members_msg(total, None))
        if cd_size > MAX_CENTRAL_DIR_BYTES:
            raise _unsafe(f"Berkas tidak aman: daftar isinya terlalu besar ({_mb(cd_size)}).")

    def _too_many_members_msg(self, count: int, infos) -> str:
        if infos is not None:
            n_ws = sum(1 for i in infos if "/worksheets/" in i.filename.lower())
            if n_ws > MAX_SHEETS:
                return f"Berkas berisi terlalu banyak lembar ({_n(n_ws)}; batasnya {_n(MAX_SHEETS)})."
        return f"Berkas tidak aman: berisi terlalu banyak bagian ({_n(count)}; batasnya {_n(MAX_MEMBERS)})."

    def _check_members(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_MEMBERS:
            raise _unsafe(self._too_many_members_msg(len(infos), infos))
        seen: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            raw = info.orig_filename
            if _BAD_NAME_RE.search(raw):
                raise _unsafe(f"Berkas tidak aman: berisi nama bagian yang tidak sah ({raw[:60]!r}).")
            if not info.flag_bits & 0x800 and not raw.isascii():
                raise _unreadable(MSG_NAME_ENCODING)
            key = name.replace("\\", "/").casefold()
            if key in seen:
                raise _unsafe(f"Berkas tidak aman: bagian '{name[:60]}' muncul dua kali.")
            seen.add(key)
            if info.flag_bits & 0x1:
                raise _unreadable(MSG_ENCRYPTED)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _unsafe(MSG_METHOD)
            low = name.lower()
            if low == "xl/styles.xml" and info.file_size > MAX_STYLES_BYTES:
                raise _unsafe(self._styles_msg_size(info.file_size))
            if low == "xl/sharedstrings.xml" and info.file_size > MAX_SST_BYTES:
                raise _unsafe(self._sst_msg_size(info.file_size))
            if info.file_size > MAX_MEMBER_BYTES:
                raise _unsafe(MSG_BOMB)
            if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
                raise _unsafe(MSG_ZIP_STRUCTURE)
            if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _unsafe(MSG_BOMB)
            total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _unsafe(MSG_BOMB)

    def _check_package_type(self, byname: dict[str, zipfile.ZipInfo]) -> None:
        mt = byname.get("mimetype")
        if mt is not None and mt.file_size <= 200:
            kind = self._head(mt, 200).strip()
            if kind.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                raise _unreadable(MSG_ODS)
            if kind.startswith(b"application/vnd.oasis.opendocument"):
                raise _unreadable(MSG_ODF)
        for name in byname:
            low = name.lower()
            if low.rsplit("/", 1)[-1] == "vbaproject.bin" or "/macrosheets/" in low or low.startswith("macrosheets/"):
                raise _unsafe(MSG_MACRO)

    def _check_local_headers(self, infos: list[zipfile.ZipInfo]) -> None:
        """Local headers agree with the central directory; member data do not overlap."""
        data = self.data
        spans = []
        for info in infos:
            off = info.header_offset
            if off < 0 or off + 30 > len(data) or data[off:off + 4] != b"PK\x03\x04":
                raise _unreadable(MSG_CORRUPT)
            method = struct.unpack("<H", data[off + 8:off + 10])[0]
            nlen, elen = struct.unpack("<HH", data[off + 26:off + 30])
            raw_name = data[off + 30:off + 30 + nlen]
            enc = "utf-8" if info.flag_bits & 0x800 else "cp437"
            try:
                want = info.orig_filename.encode(enc)
            except UnicodeEncodeError:
                want = None
            if method != info.compress_type or raw_name != want:
                raise _unsafe(MSG_ZIP_STRUCTURE)
            start = off + 30 + nlen + elen
            end = start + info.compress_size
            if end > len(data):
                raise _unreadable(MSG_CORRUPT)
            spans.append((off, end, info))
            self.starts[info.filename] = start
        spans.sort(key=itemgetter(0))
        for (_, end, _), (nxt, _, _) in zip(spans, spans[1:]):
            if end > nxt:
                raise _unsafe(MSG_ZIP_STRUCTURE)

    # -- reading one member ---------------------------------------------------------------
    def _compressed(self, info: zipfile.ZipInfo) -> memoryview:
        start = self.starts[info.filename]
        return self.view[start:start + info.compress_size]

    def _head(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        """At most the first `cap` inflated bytes of a member (no checks; it is read again)."""
        out = b""
        try:
            for chunk in self._inflate(info, self._compressed(info)):
                out += chunk[:cap + 1 - len(out)]
                if len(out) > cap:
                    break
        except (_Reject, zlib.error):
            return b""
        return out

    def _read(self, info: zipfile.ZipInfo, keep: bool) -> bytes:
        """Inflate one member with a hard cap, verify size and CRC, scan XML as it arrives.

        A member is XML when its name says so (.xml/.rels/.vml) or its content starts with
        '<'. XML members are held (at most their declared size, itself capped) and inspected
        as worksheets / styles / shared strings when they are; binary members are streamed
        and dropped. Kept parts are returned (and stored in self.parts)."""
        limit = info.file_size
        name = info.filename
        named_xml = name.lower().endswith((".xml", ".rels", ".vml"))
        xml = None                       # decided on the first bytes
        buf = bytearray()
        view = None
        crc = 0
        total = 0
        for chunk in self._inflate(info, self._compressed(info)):
            n = len(chunk)
            if total + n > limit:
                raise _unsafe(MSG_BOMB)
            crc = zlib.crc32(chunk, crc)
            if xml is None:
                kind = _xml_head(chunk[:64], named_xml)
                if kind == "bad-encoding":
                    raise _unsafe(MSG_XML_ENCODING)
                xml = named_xml or kind == "xml"
                if xml:                  # the declared size is the cap: allocate it once
                    buf = bytearray(limit)
                    view = memoryview(buf)
            if xml:
                view[total:total + n] = chunk
                # scan the new bytes, overlapping the previous chunk so no marker is split
                k = buf.find(b"<!", max(0, total - _DTD_OVERLAP), total + n)
                if k >= 0 and _DTD_RE.search(buf, k, total + n):
                    raise _unsafe(MSG_DTD)
            total += n
        if view is not None:
            view.release()
        if total != limit or crc != info.CRC:
            raise _unreadable(MSG_CORRUPT)
        if not xml:
            return b""
        if buf[:64].lstrip().startswith((b"<?xml", b"\xef\xbb\xbf<?xml")):
            m = _ENCODING_RE.match(buf[:256].lstrip(b"\xef\xbb\xbf"))
            if m and m.group(1).lower() not in _ASCII_ENCODINGS:
                raise _unsafe(MSG_XML_ENCODING)
        self._inspect_xml(name, buf)
        if keep:
            out = bytes(buf)
            self.parts[name] = out
            return out
        return b""

    @staticmethod
    def _inflate(info: zipfile.ZipInfo, comp: memoryview):
        """Yield the inflated bytes in chunks of at most _OUT_CHUNK (never more at once)."""
        if info.compress_type == zipfile.ZIP_STORED:
            for k in range(0, len(comp), _OUT_CHUNK):
                yield bytes(comp[k:k + _OUT_CHUNK])
            return
        d = zlib.decompressobj(-15)
        pos = 0
        n = len(comp)
        while not d.eof:
            if d.unconsumed_tail:
                inp = d.unconsumed_tail
            elif pos < n:
                inp = comp[pos:pos + _IN_CHUNK]
                pos += _IN_CHUNK
            else:
                inp = b""
            out = d.decompress(inp, _OUT_CHUNK)
            if out:
                yield out
            elif not inp:
                break                    # input exhausted, no pending output: truncated stream
        if not d.eof:
            raise _unreadable(MSG_CORRUPT)

    def _inspect_xml(self, name: str, x: bytearray) -> None:
        """Role-specific checks. A part is scanned as a worksheet when it holds sheetData,
        whatever its name; as shared strings / styles when it is named as calamine or openpyxl
        look for it, referenced as such by the workbook, or has that root element."""
        if b"sheetData" in x:
            n_si = min(self.sst_sizes) if self.sst_sizes else 0
            sh = _scan_sheet(x, name, self.slow_budget, MAX_CELLS - self.n_cells, n_si)
            self.slow_budget -= sh.slow_tags
            self.n_cells += sh.n_tags
            if sh.bad_ref is not None:
                if sh.bad_ref.startswith("baris "):
                    raise _unsafe(f"Berkas tidak aman: lembar '{self._label(sh)}' berisi nomor baris "
                                  f"'{sh.bad_ref[6:]}' yang rusak atau di luar batas Excel (1048576).")
                raise _unsafe(f"Berkas tidak aman: lembar '{self._label(sh)}' berisi rujukan sel "
                              f"'{sh.bad_ref}' yang rusak atau di luar batas Excel (XFD1048576).")
            self.sheets.append(sh)
        m = _ROOT_RE.search(x, 0, 4096)
        root = m.group(1) if m else b""
        low = name.lower()
        if root == b"sst" or low in self.sst_names:
            self._inspect_sst(name, x)
        if root == b"styleSheet" or low in self.styles_names:
            if len(x) > MAX_STYLES_BYTES:
                raise _unsafe(self._styles_msg_size(len(x)))
            n_el = x.count(b"<") - x.count(b"</")
            if n_el > MAX_STYLE_ELEMENTS:
                raise _unsafe(f"Berkas tidak aman: bagian gaya sel (styles.xml) berisi terlalu banyak unsur "
                              f"({_n(n_el)}; batasnya {_n(MAX_STYLE_ELEMENTS)}).")
            n_xf = x.count(b"<xf")
            if b":xf" in x:
                n_xf += x.count(b":xf ") + x.count(b":xf>") + x.count(b":xf/")
            if n_xf > MAX_STYLE_XFS:
                raise _unsafe(f"Berkas tidak aman: daftar format selnya terlalu banyak "
                              f"({_n(n_xf)}; batasnya {_n(MAX_STYLE_XFS)}).")

    def _label(self, sh: _Sheet) -> str:
        return self.names_by_part.get(sh.part, sh.part)

    def _inspect_sst(self, name: str, x: bytearray) -> None:
        if _PREFIXED_SST.search(x, 0, 4096):
            x = _PREFIX_RE.sub(rb"<\1", x)
        k = x.find(b"<sst")
        if k < 0:
            self.sst_sizes.append(0)
            return
        if len(x) > MAX_SST_BYTES:
            raise _unsafe(self._sst_msg_size(len(x)))
        end = x.find(b">", k)
        tag = bytes(x[k:end if end > 0 else k + 512])
        n_si = x.count(b"<si>") + x.count(b"<si ") + x.count(b"<si/")
        if n_si > MAX_SHARED_STRINGS:
            raise _unsafe(f"Berkas tidak aman: tabel teksnya terlalu besar ({_n(n_si)} teks; "
                          f"batasnya {_n(MAX_SHARED_STRINGS)}).")
        for attr, cap in ((b"uniqueCount", min(MAX_SHARED_STRINGS, n_si + SST_DECLARED_SLACK)),
                          (b"count", MAX_CELLS)):
            m = re.search(_INT_ATTR.encode() % attr, tag)
            if m:
                val = m.group(1).strip()
                if not val.isdigit() or len(val) > 12 or int(val) > cap:
                    raise _unsafe("Berkas tidak aman: tabel teksnya menyatakan jumlah yang tidak masuk akal "
                                  f"({val[:20].decode('ascii', 'replace')}).")
        self.sst_sizes.append(n_si)

    @staticmethod
    def _styles_msg_size(size: int) -> str:
        return f"Berkas tidak aman: bagian gaya sel (styles.xml) terlalu besar ({_mb(size)}; batasnya {_mb(MAX_STYLES_BYTES)})."

    @staticmethod
    def _sst_msg_size(size: int) -> str:
        return f"Berkas tidak aman: tabel teks (sharedStrings.xml) terlalu besar ({_mb(size)}; batasnya {_mb(MAX_SST_BYTES)})."

    # -- package parts --------------------------------------------------------------------
    def _not_excel(self, byname: dict[str, zipfile.ZipInfo]) -> _Reject:
        low = {n.lower() for n in byname}
        if "word/document.xml" in low:
            return _unreadable(MSG_DOCX)
        if "ppt/presentation.xml" in low:
            return _unreadable(MSG_PPTX)
        if "xl/workbook.xml" in low:
            return _unreadable(MSG_NO_MAIN)
        if "content.xml" in low and "meta-inf/manifest.xml" in low:
            return _unreadable(MSG_ODF)
        return _unreadable(MSG_ZIP_NOT_EXCEL)

    def _content_types(self, ct: bytes, byname: dict[str, zipfile.ZipInfo]) -> str:
        """The main part's member name; rejects macros, Word and PowerPoint packages."""
        root = SafeET.fromstring(ct, forbid_dtd=True)
        overrides = []
        for el in root.iter():
            if _local(el.tag) == "Override":
                overrides.append((el.get("PartName", ""), el.get("ContentType", "").strip().lower()))
            elif _local(el.tag) == "Default":
                ctype = el.get("ContentType", "").lower()
                if "macroenabled" in ctype or "vbaproject" in ctype or "macrosheet" in ctype:
                    raise _unsafe(MSG_MACRO)
        main = None
        word = ppt = False
        for part, ctype in overrides:
            if "macroenabled" in ctype or "vbaproject" in ctype or "macrosheet" in ctype:
                raise _unsafe(MSG_MACRO)
            if ctype in _CT_MAIN:
                main = part.lstrip("/")
            elif ctype.startswith(_CT_WORD) and ctype.endswith("main+xml"):
                word = True
            elif ctype.startswith(_CT_PPT) and ctype.endswith("main+xml"):
                ppt = True
        if main is None:
            if word:
                raise _unreadable(MSG_DOCX)
            if ppt:
                raise _unreadable(MSG_PPTX)
            raise _unreadable(MSG_NO_MAIN)
        if main not in byname:
            raise _unreadable(MSG_NO_MAIN)
        return main

    def _workbook(self, main: str, rels_name: str):
        raw = self.parts[main]
        n_sheets = raw.count(b"<sheet ") + raw.count(b":sheet ")
        if n_sheets > MAX_SHEETS:
            raise _unsafe(f"Berkas berisi terlalu banyak lembar ({_n(n_sheets)}; batasnya {_n(MAX_SHEETS)}).")
        wb = SafeET.fromstring(raw, forbid_dtd=True)
        sheets = []
        date1904 = False
        for el in wb.iter():
            tag = _local(el.tag)
            if tag == "workbookPr":
                date1904 = el.get("date1904", "").strip().lower() in ("1", "true")
            elif tag == "sheet":
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), "")
                sheets.append((el.get("name", ""), rid))
        if len(sheets) > MAX_SHEETS:
            raise _unsafe(f"Berkas berisi terlalu banyak lembar ({_n(len(sheets))}; batasnya {_n(MAX_SHEETS)}).")
        targets: dict[str, str] = {}
        styles, sst = [], []
        base = posixpath.dirname(main)
        if rels_name in self.parts:
            rels = SafeET.fromstring(self.parts[rels_name], forbid_dtd=True)
            for el in rels.iter():
                if _local(el.tag) != "Relationship" or el.get("TargetMode", "").lower() == "external":
                    continue
                target = el.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                targets[el.get("Id", "")] = part
                rtype = el.get("Type", "")
                if rtype.endswith("/styles"):
                    styles.append(part)
                elif rtype.endswith("/sharedStrings"):
                    sst.append(part)
        for sname, rid in sheets:
            if rid in targets:
                self.names_by_part[targets[rid]] = sname
        styles.append(posixpath.join(base, "styles.xml"))
        sst.append(posixpath.join(base, "sharedStrings.xml"))
        return [s for s, _ in sheets], date1904, styles, sst

    # -- conclusion -----------------------------------------------------------------------
    def _conclude(self, sheet_names: list[str], date1904: bool) -> Verdict:
        label = self._label
        names_by_part = self.names_by_part

        total_cells = sum(sh.n_tags for sh in self.sheets)
        if total_cells > MAX_CELLS:
            raise _unsafe(f"Berkas terlalu besar: berisi {_n(total_cells)} sel (batasnya {_n(MAX_CELLS)}).")
        total_values = sum(sh.n_values for sh in self.sheets)
        if total_values > MAX_VALUE_CELLS:
            raise _unsafe(f"Berkas terlalu besar: berisi {_n(total_values)} sel berisi data "
                          f"(batasnya {_n(MAX_VALUE_CELLS)}).")
        total_area = 0
        for sh in self.sheets:
            area = sh.last_row * sh.last_col
            total_area += area
            if sh.last_row > MAX_SHEET_ROWS or sh.last_col > MAX_SHEET_COLS or area > MAX_SHEET_AREA:
                raise _unsafe(f"Lembar '{label(sh)}' berisi data sampai baris {_n(sh.last_row)} dan kolom "
                              f"{_col_letters(sh.last_col)}, terlalu luas untuk dibaca. Hapus isi sel di luar "
                              "tabel, simpan, lalu kirim ulang.")
        if total_area > MAX_TOTAL_AREA:
            raise _unsafe("Berkas terlalu besar: data di semua lembarnya terlalu luas untuk dibaca. "
                          "Hapus isi sel di luar tabel, simpan, lalu kirim ulang.")
        n_si = min(self.sst_sizes) if self.sst_sizes else 0
        for sh in self.sheets:
            if sh.bad_s_ref is not None:
                raise _unreadable(f"Berkas rusak: sel {sh.bad_s_ref} di lembar '{label(sh)}' merujuk teks yang tidak ada.")
            if sh.s_max >= n_si:
                where = f"sel {sh.s_max_ref} di lembar '{label(sh)}'" if sh.s_max_ref else f"lembar '{label(sh)}'"
                raise _unreadable(f"Berkas rusak: {where} merujuk teks yang tidak ada.")
            if sh.bad_num_ref is not None:
                raise _unreadable(f"Berkas rusak: sel {sh.bad_num_ref} di lembar '{label(sh)}' berisi angka tidak sah.")
        error_values = {(names_by_part[sh.part], ref): text for sh in self.sheets
                        if sh.part in names_by_part for ref, text in sh.error_refs}
        errors = frozenset(error_values)
        last_rows = {names_by_part[sh.part]: sh.last_row for sh in self.sheets if sh.part in names_by_part}
        for name in sheet_names:
            last_rows.setdefault(name, 0)
        return Verdict(None, "", errors, date1904, last_rows, error_values)


def _xml_head(head: bytes, named_xml: bool) -> str:
    """'xml', 'bad-encoding' or 'other' from a member's first bytes.

    XML that is not UTF-8 (UTF-16/32, with or without a BOM) would hide a DOCTYPE from the
    byte scan; Excel never writes it. For members not named .xml/.rels/.vml only XML-looking
    starts count, so binary parts (images, printer settings) are never misjudged."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    h = head.lstrip()
    if h.startswith(b"<") and h[1:2] != b"\x00":
        return "xml"
    if head.startswith((b"\xff\xfe<\x00", b"\xfe\xff\x00<", b"\xff\xfe\x00\x00<", b"\x00\x00\xfe\xff",
                        b"<\x00?\x00", b"\x00<\x00?", b"<\x00\x00\x00", b"\x00\x00\x00<")):
        return "bad-encoding"
    if named_xml and (head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]):
        return "bad-encoding"
    return "other"
