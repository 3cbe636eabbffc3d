"""Build real .xlsx workbooks for tests: a clean WKSBM quarter, then one mistake at a time.

Tests change a cell through `Book.set(...)`, which returns the Excel cell reference the
finding must point at, then write the workbook with openpyxl.
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from schemas.standard import CHECKLIST, CHECKLIST_TITLE, NO_LABEL, TABLES, label_key

D = dt.datetime
NIK_PAINEM = "3402035508500001"   # Kretek (03), woman born 15/08/1950
NIK_SUKIMAN = "3402031203450002"  # Kretek, man born 12/03/1945

IDENTITY = {
    "Kapanewon": "Kretek", "Kalurahan": "Parangtritis", "Padukuhan": "Depok",
    "Nama WKSBM": "WKSBM Depok Sejahtera", "Nomor SK Pengesahan": "188/012/2024",
    "Tanggal SK Pengesahan": D(2024, 3, 12), "Nama Ketua": "Suharjo",
    "Nomor HP Ketua": "081234567890", "Tahun": 2026, "Triwulan": "III",
    "Saldo Kas Awal (Rp)": 1500000, "Tanggal Laporan": D(2026, 10, 5), "Nama Pelapor": "Sri Lestari",
}

TABLE_ROWS = {
    "Agenda Surat": [
        {"Tanggal": D(2026, 7, 14), "Jenis Surat": "Masuk", "Nomor Surat": "140/311",
         "Asal/Tujuan": "Kalurahan Parangtritis", "Perihal": "Undangan rapat koordinasi"},
        {"Tanggal": D(2026, 8, 2), "Jenis Surat": "Keluar", "Nomor Surat": "005/WKSBM/VIII/2026",
         "Asal/Tujuan": "Dinas Sosial Bantul", "Perihal": "Laporan triwulan"},
    ],
    "Pemasukan": [
        {"Tanggal": D(2026, 7, 20), "Sumber Dana": "Donatur", "Uraian": "Sumbangan santunan lansia",
         "Nama Donatur/Pihak": "Toko Makmur", "Bentuk": "Uang", "Jumlah (Rp)": 1000000},
        {"Tanggal": D(2026, 7, 31), "Sumber Dana": "Jimpitan Beras", "Uraian": "Jimpitan beras RT 01-05",
         "Bentuk": "Barang", "Jumlah (Rp)": 300000},
    ],
    "Pengeluaran": [
        {"Tanggal": D(2026, 8, 20), "Uraian": "Santunan sembako lansia", "Jenis Pengeluaran": "Perlindungan Sosial",
         "Bentuk": "Uang", "Jumlah (Rp)": 750000, "Penerima": "Painem"},
        {"Tanggal": D(2026, 9, 5), "Uraian": "Fotokopi buku administrasi", "Jenis Pengeluaran": "Operasional",
         "Bentuk": "Uang", "Jumlah (Rp)": 50000},
    ],
    "Buku Tamu": [
        {"Tanggal": D(2026, 8, 21), "Nama Tamu": "Bambang Triyono", "Instansi/Alamat": "TKSK Kretek",
         "Keperluan": "Monitoring data PPKS"},
    ],
    "Inventaris": [
        {"Nama Barang": "Tenda", "Jumlah": 2, "Satuan": "buah", "Tanggal Perolehan": D(2025, 1, 2),
         "Asal Perolehan": "Hibah", "Nilai (Rp)": 3000000, "Kondisi": "Baik"},
        {"Nama Barang": "Kursi lipat", "Jumlah": 40, "Satuan": "buah", "Asal Perolehan": "Swadaya",
         "Nilai (Rp)": 2000000, "Kondisi": "Rusak Ringan"},
    ],
    "Notulensi Rapat": [
        {"Tanggal Rapat": D(2026, 8, 10), "Tempat": "Balai Padukuhan", "Pimpinan Rapat": "Suharjo",
         "Agenda": "Rencana santunan", "Hasil/Keputusan": "Santunan tanggal 20 Agustus", "Jumlah Hadir": 2},
    ],
    "Daftar Hadir": [
        {"Tanggal Rapat": D(2026, 8, 10), "Nama": "Suharjo", "Jabatan/Unsur": "Ketua"},
        {"Tanggal Rapat": D(2026, 8, 10), "Nama": "Sri Lestari", "Jabatan/Unsur": "Sekretaris"},
    ],
    "Kegiatan": [
        {"Tanggal": D(2026, 8, 20), "Nama Kegiatan": "Santunan sembako", "Jenis Kegiatan": "Perlindungan Sosial",
         "Jenis PPKS Sasaran": "Lanjut Usia Telantar", "NIK Penerima": NIK_PAINEM, "Jumlah Penerima": 1,
         "Nilai Bantuan (Rp)": 750000, "Mitra": "Baznas Bantul"},
        {"Tanggal": D(2026, 9, 12), "Nama Kegiatan": "Penyuluhan narkoba", "Jenis Kegiatan": "Pencegahan",
         "Jumlah Penerima": 35},
    ],
    "Data PPKS": [
        {"NIK": NIK_PAINEM, "Nama": "Painem", "Jenis Kelamin": "P", "Tanggal Lahir": D(1950, 8, 15),
         "Alamat": "RT 03 Depok", "Jenis PPKS": "Lanjut Usia Telantar", "Status Penanganan": "Dalam Penanganan"},
        {"NIK": NIK_SUKIMAN, "Nama": "Sukiman", "Jenis Kelamin": "L", "Tanggal Lahir": D(1945, 3, 12),
         "Alamat": "RT 01 Depok", "Jenis PPKS": "Fakir Miskin", "Status Penanganan": "Belum Ditangani"},
    ],
    "Data PSKS": [
        {"Nama": "Karang Taruna Tunas Muda", "Jenis PSKS": "Karang Taruna", "Lokasi": "Dalam Wilayah"},
    ],
    "Data Donatur": [
        {"Nama Donatur": "Toko Makmur", "Jenis Donatur": "Dunia Usaha", "Nomor HP": "0274367123"},
    ],
    "Data Jejaring": [
        {"Nama Lembaga": "Baznas Bantul", "Jenis Lembaga": "Lembaga Kesejahteraan Sosial",
         "Bentuk Kerja Sama": "Zakat untuk fakir miskin"},
    ],
}


def _put(cell, value) -> None:
    """Text is typed as text, as a volunteer's '=... or +62... stays text in Excel."""
    cell.value = value
    if isinstance(value, str) and not value.startswith("#"):
        cell.data_type = "s"


class Book:
    """A workbook under construction; every table starts with `titles` title rows."""

    def __init__(self, titles: int = 2):
        self.identity = dict(IDENTITY)
        self.checklist = {label: "Ya" for label in CHECKLIST}
        self.headers = {s.name: [NO_LABEL] + [c.label for c in s.columns] for s in TABLES}
        self.rows = copy.deepcopy(TABLE_ROWS)
        self.titles = {s.name: titles for s in TABLES}
        self.sheets = ["Identitas"] + [s.name for s in TABLES]
        self.extra_sheets: dict[str, list[list]] = {}
        self.blank_between: set[str] = set()
        self.numbered_empty = 0

    # --- positions -------------------------------------------------------
    def identity_cell(self, label: str) -> str:
        keys = list(self.identity)
        return f"B{keys.index(label) + 3}"

    def checklist_cell(self, label: str) -> str:
        return f"B{len(self.identity) + 4 + list(self.checklist).index(label)}"

    def header_row(self, sheet: str) -> int:
        return self.titles[sheet] + 1

    def row_of(self, sheet: str, i: int) -> int:
        return self.header_row(sheet) + 1 + i * (2 if sheet in self.blank_between else 1)

    def cell(self, sheet: str, i: int, label: str) -> str:
        return f"{get_column_letter(self.headers[sheet].index(label) + 1)}{self.row_of(sheet, i)}"

    # --- changes ---------------------------------------------------------
    def set(self, sheet: str, i: int, label: str, value) -> str:
        """Set one cell of record i (None blanks it); returns its cell reference."""
        if sheet == "Identitas":
            self.identity[label] = value
            return self.identity_cell(label)
        self.rows[sheet][i][label] = value
        return self.cell(sheet, i, label)

    def add_row(self, sheet: str, record: dict) -> int:
        self.rows[sheet].append(dict(record))
        return len(self.rows[sheet]) - 1

    # --- writing -----------------------------------------------------------
    def write(self, path: Path) -> Path:
        wb = Workbook()
        wb.remove(wb.active)
        for name in self.sheets:
            ws = wb.create_sheet(name)
            if name == "Identitas":
                self._write_identity(ws)
            elif name in self.headers:
                self._write_table(ws, name)
        for name, rows in self.extra_sheets.items():
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
        wb.save(path)
        return Path(path)

    def _write_identity(self, ws) -> None:
        ws["A1"] = "IDENTITAS WKSBM"
        for r, (label, value) in enumerate(self.identity.items(), start=3):
            ws.cell(r, 1, label)
            _put(ws.cell(r, 2), value)
        r = len(self.identity) + 3
        ws.cell(r, 1, CHECKLIST_TITLE)
        for k, (label, value) in enumerate(self.checklist.items(), start=r + 1):
            ws.cell(k, 1, label)
            ws.cell(k, 2, value)

    def _write_table(self, ws, name: str) -> None:
        for t in range(self.titles[name]):
            ws.cell(t + 1, 1, f"BUKU {name.upper()}" if t == 0 else None)
        h = self.header_row(name)
        headers = self.headers[name]
        for c, label in enumerate(headers, start=1):
            ws.cell(h, c, label)
        records = self.rows[name]
        for i, rec in enumerate(records):
            r = self.row_of(name, i)
            ws.cell(r, 1, i + 1)
            values = {label_key(k): v for k, v in rec.items()}
            for c, label in enumerate(headers, start=1):
                if values.get(label_key(label)) is not None:
                    _put(ws.cell(r, c), values[label_key(label)])
        last = self.row_of(name, len(records) - 1) if records else h
        for k in range(self.numbered_empty):
            ws.cell(last + 1 + k, 1, len(records) + k + 1)
