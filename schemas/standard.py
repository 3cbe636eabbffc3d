"""The one declaration of the WKSBM workbook standard (STANDARD.md, version 1).

Everything else is derived from this module: the template writer, the reader,
the pandera schemas, the messages and the docs. Change the standard here only.
"""
from __future__ import annotations

from dataclasses import dataclass

from schemas import reference as ref

# --- value kinds -----------------------------------------------------------
DATE, RP, INT, TEXT, NIK, ENUM, PHONE = "date", "rp", "int", "text", "nik", "enum", "phone"


@dataclass(frozen=True)
class Column:
    """One column of a table sheet, or one field of the Identitas form."""

    label: str
    key: str
    kind: str = TEXT
    required: bool = False
    allowed: tuple[str, ...] = ()          # canonical spellings of an enumeration
    aliases: tuple[tuple[str, str], ...] = ()  # extra accepted spelling -> canonical
    minimum: float | None = None           # inclusive lower bound
    maximum: float | None = None           # inclusive upper bound: beyond it, no WKSBM's figure
    positive: bool = False                 # strictly > 0
    period_bound: bool = False             # date must fall inside the reported quarter
    not_after_period: bool = False         # date must not be after the quarter's end
    not_future: bool = False               # date must not be after today
    required_when: tuple[str, str] | None = None  # (other key, canonical value)
    text_format: bool = False              # stored as text in the template (numbers-like text)
    width: int = 16
    hint: str = ""                         # Excel input message on the template
    example: object = ""                   # example value for Petunjuk

    @property
    def is_enum(self) -> bool:
        return bool(self.allowed)


@dataclass(frozen=True)
class Sheet:
    """One administrative book: a table sheet of the workbook."""

    name: str
    book: str
    period_bound: bool
    columns: tuple[Column, ...]
    key: str = ""

    @property
    def required_labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns if c.required)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


NO_LABEL = "No"  # on every table sheet, never validated

YA_TIDAK = ("Ya", "Tidak")
TRIWULAN = ("I", "II", "III", "IV")
BENTUK = ("Uang", "Barang")
JENIS_PENANGANAN = ("Pencegahan", "Rehabilitasi Sosial", "Perlindungan Sosial",
                    "Pemberdayaan Sosial", "Jaminan Sosial", "Rujukan")
PENANGANAN = JENIS_PENANGANAN[1:5]  # the middle four are "Penanganan"

_NIK_HINT = "NIK 16 digit. Ketik sebagai teks (format sel Teks), jangan sebagai angka."
_DATE_HINT = "Ketik tanggal seperti 17/08/2026."
_RP_HINT = "Ketik angka saja tanpa Rp dan titik, misalnya 1500000."
# Upper bounds no padukuhan's book reaches: what lies beyond is a slip (a NIK pasted, zeros
# typed twice) and would swamp the kabupaten's recap.
MAX_RP = 10_000_000_000    # Rp 10 miliar in one row
MAX_COUNT = 1_000_000      # things or people in one row

def _with_words(names, words) -> tuple[tuple[str, str], ...]:
    """"Kapanewon Sewon", "Triwulan III": a name typed after the word for what it is. `names`
    are canonical names or (spelling, canonical) pairs."""
    pairs = [n if isinstance(n, tuple) else (n, n) for n in names]
    return tuple((f"{w}{gap}{typed}", canon) for typed, canon in pairs for w in words for gap in (" ", ""))


_TRIWULAN_ALIASES = (("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV"))
KAPANEWON_WORDS = ("Kapanewon", "Kecamatan", "Kec.", "Kec")
KALURAHAN_WORDS = ("Kalurahan", "Kelurahan", "Desa", "Ds.", "Ds", "Kel.", "Kel")
# Identitas: a form, labels in column A, values in column B.
IDENTITAS = Sheet("Identitas", "Identitas WKSBM", False, (
    Column("Kapanewon", "kapanewon", ENUM, True, allowed=ref.KAPANEWON, width=28, example="Kretek",
           aliases=_with_words(ref.KAPANEWON, KAPANEWON_WORDS)),
    Column("Kalurahan", "kalurahan", ENUM, True, allowed=ref.KALURAHAN,
           aliases=(("Catuharjo", "Caturharjo"),) + _with_words(ref.KALURAHAN + (("Catuharjo", "Caturharjo"),),
                                                                  KALURAHAN_WORDS),
           example="Parangtritis"),
    Column("Padukuhan", "padukuhan", TEXT, True, example="Depok"),
    Column("Nama WKSBM", "nama_wksbm", TEXT, True, example="WKSBM Depok Sejahtera"),
    Column("Nomor SK Pengesahan", "nomor_sk", TEXT, text_format=True, example="188/012/2024"),
    Column("Tanggal SK Pengesahan", "tanggal_sk", DATE, hint=_DATE_HINT, example="12/03/2024"),
    Column("Nama Ketua", "nama_ketua", TEXT, True, example="Suharjo"),
    Column("Nomor HP Ketua", "hp_ketua", PHONE, hint="Ketik sebagai teks, misalnya 081234567890.",
           example="081234567890"),
    Column("Tahun", "tahun", INT, True, minimum=2019, example=2026),  # up to next year
    Column("Triwulan", "triwulan", ENUM, True, allowed=TRIWULAN,
           aliases=_TRIWULAN_ALIASES + _with_words(TRIWULAN + _TRIWULAN_ALIASES, ("Triwulan", "TW", "Tw.")),
           example="III"),
    Column("Saldo Kas Awal (Rp)", "saldo_awal", RP, True, minimum=0, maximum=MAX_RP, hint=_RP_HINT, example=1500000),
    Column("Tanggal Laporan", "tanggal_laporan", DATE, True, hint=_DATE_HINT, example="05/10/2026",
           not_future=True),   # and not before its quarter starts (schemas/frames.py)
    Column("Nama Pelapor", "nama_pelapor", TEXT, True, example="Sri Lestari"),
), key="identitas")

CHECKLIST_TITLE = "Kelengkapan Administrasi"
CHECKLIST = ("Buku Agenda Surat", "Buku Pemasukan Dana", "Buku Pengeluaran", "Buku Tamu",
             "Buku Inventaris", "Buku Notulensi Rapat", "Daftar Hadir Rapat", "Laporan Kegiatan",
             "Data PPKS", "Data PSKS", "Data Donatur", "Data Jejaring Kerja", "Cap/Stempel WKSBM")


def _date(label, key, required=True, **kw):
    return Column(label, key, DATE, required, hint=_DATE_HINT, width=14, **kw)


def _rp(label, key, required=True, **kw):
    return Column(label, key, RP, required, minimum=0, maximum=MAX_RP, hint=_RP_HINT, width=16, **kw)


def _enum(label, key, allowed, required=True, **kw):
    return Column(label, key, ENUM, required, allowed=tuple(allowed),
                  width=max(14, min(40, max(len(a) for a in allowed) + 2)), **kw)


def _text(label, key, required=False, width=24, **kw):
    return Column(label, key, TEXT, required, width=width, **kw)


TABLES: tuple[Sheet, ...] = (
    Sheet("Agenda Surat", "1. Buku agenda surat masuk dan surat keluar", True, (
        _date("Tanggal", "tanggal", period_bound=True, example="17/08/2026"),
        _enum("Jenis Surat", "jenis_surat", ("Masuk", "Keluar"), example="Masuk",
              aliases=(("Surat Masuk", "Masuk"), ("Surat Keluar", "Keluar"))),
        _text("Nomor Surat", "nomor_surat", text_format=True, example="005/WKSBM/VIII/2026"),
        _text("Asal/Tujuan", "asal_tujuan", True, example="Kalurahan Parangtritis"),
        _text("Perihal", "perihal", True, width=30, example="Undangan rapat koordinasi"),
        _text("Keterangan", "keterangan"),
    ), key="agenda_surat"),
    Sheet("Pemasukan", "2. Buku catatan pemasukan dana", True, (
        _date("Tanggal", "tanggal", period_bound=True, example="17/08/2026"),
        _enum("Sumber Dana", "sumber_dana", ("Usaha WKSBM", "Donatur", "Kerja Sama", "Zakat Maal",
                                             "Barang Bekas", "Jimpitan Beras", "Bantuan Pemerintah",
                                             "Lainnya"), example="Donatur",
              aliases=(("Zakat Mal", "Zakat Maal"),)),
        _text("Uraian", "uraian", True, width=30, example="Sumbangan untuk santunan lansia"),
        _text("Nama Donatur/Pihak", "nama_donatur", required_when=("sumber_dana", "Donatur"),
              example="Toko Makmur"),
        _enum("Bentuk", "bentuk", BENTUK, example="Uang"),
        _rp("Jumlah (Rp)", "jumlah", positive=True, example=1500000),
        _text("Keterangan", "keterangan"),
    ), key="pemasukan"),
    Sheet("Pengeluaran", "3. Buku catatan pengeluaran", True, (
        _date("Tanggal", "tanggal", period_bound=True, example="20/08/2026"),
        _text("Uraian", "uraian", True, width=30, example="Santunan sembako lansia"),
        _enum("Jenis Pengeluaran", "jenis_pengeluaran", JENIS_PENANGANAN + ("Operasional",),
              example="Perlindungan Sosial"),
        _enum("Bentuk", "bentuk", BENTUK, example="Uang"),
        _rp("Jumlah (Rp)", "jumlah", positive=True, example=750000),
        _text("Penerima", "penerima", example="5 lansia telantar"),
        _text("Keterangan", "keterangan"),
    ), key="pengeluaran"),
    Sheet("Buku Tamu", "4. Buku tamu", True, (
        _date("Tanggal", "tanggal", period_bound=True, example="21/08/2026"),
        _text("Nama Tamu", "nama_tamu", True, example="Bambang Triyono"),
        _text("Instansi/Alamat", "instansi", example="TKSK Kretek"),
        _text("Keperluan", "keperluan", True, width=30, example="Monitoring data PPKS"),
    ), key="buku_tamu"),
    Sheet("Inventaris", "5. Buku inventaris barang", False, (
        _text("Nama Barang", "nama_barang", True, example="Tenda"),
        Column("Jumlah", "jumlah", INT, True, minimum=1, maximum=MAX_COUNT, width=10, example=2),
        _text("Satuan", "satuan", True, width=10, example="buah"),
        _date("Tanggal Perolehan", "tanggal_perolehan", required=False, not_after_period=True,
              example="02/01/2025"),
        _enum("Asal Perolehan", "asal_perolehan", ("Pembelian", "Hibah", "Swadaya", "Lainnya"),
              required=False, example="Hibah"),
        _rp("Nilai (Rp)", "nilai", required=False, example=3000000),
        _enum("Kondisi", "kondisi", ("Baik", "Rusak Ringan", "Rusak Berat"), example="Baik"),
        _text("Keterangan", "keterangan"),
    ), key="inventaris"),
    Sheet("Notulensi Rapat", "6. Buku notulensi rapat", True, (
        _date("Tanggal Rapat", "tanggal_rapat", period_bound=True, example="10/08/2026"),
        _text("Tempat", "tempat", example="Balai Padukuhan"),
        _text("Pimpinan Rapat", "pimpinan", True, example="Suharjo"),
        _text("Agenda", "agenda", True, width=30, example="Rencana santunan"),
        _text("Hasil/Keputusan", "hasil", True, width=36, example="Santunan 20 Agustus"),
        Column("Jumlah Hadir", "jumlah_hadir", INT, True, minimum=1, maximum=MAX_COUNT, width=12, example=12),
    ), key="notulensi_rapat"),
    Sheet("Daftar Hadir", "7. Daftar hadir rapat", True, (
        _date("Tanggal Rapat", "tanggal_rapat", period_bound=True, example="10/08/2026"),
        _text("Nama", "nama", True, example="Sri Lestari"),
        _text("Jabatan/Unsur", "jabatan", example="Sekretaris"),
        _text("Keterangan", "keterangan"),
    ), key="daftar_hadir"),
    Sheet("Kegiatan", "8. Laporan kegiatan / penyantunan / penyaluran", True, (
        _date("Tanggal", "tanggal", period_bound=True, example="20/08/2026"),
        _text("Nama Kegiatan", "nama_kegiatan", True, width=30, example="Santunan sembako"),
        _enum("Jenis Kegiatan", "jenis_kegiatan", JENIS_PENANGANAN, example="Perlindungan Sosial"),
        _enum("Jenis PPKS Sasaran", "jenis_ppks", ref.PPKS, required=False,
              aliases=ref.PPKS_ALIASES, example="Lanjut Usia Telantar"),
        Column("NIK Penerima", "nik_penerima", NIK, width=20, hint=_NIK_HINT, example=""),
        Column("Jumlah Penerima", "jumlah_penerima", INT, True, minimum=1, maximum=MAX_COUNT, width=12, example=5),
        _rp("Nilai Bantuan (Rp)", "nilai_bantuan", required=False, example=750000),
        _text("Mitra", "mitra", example="Baznas Bantul"),
        _text("Keterangan", "keterangan"),
    ), key="kegiatan"),
    Sheet("Data PPKS", "9. Data Pemerlu Pelayanan Kesejahteraan Sosial", False, (
        Column("NIK", "nik", NIK, width=20, hint=_NIK_HINT, example="3402035508500001"),
        _text("Nama", "nama", True, example="Painem"),
        _enum("Jenis Kelamin", "jenis_kelamin", ("L", "P"),
              aliases=(("Laki-laki", "L"), ("Laki laki", "L"), ("Laki", "L"), ("Lk", "L"), ("Pria", "L"),
                       ("Perempuan", "P"), ("Pr", "P"), ("Wanita", "P")), example="P"),
        _date("Tanggal Lahir", "tanggal_lahir", required=False, not_future=True, example="15/08/1950"),
        _text("Alamat", "alamat", True, example="RT 03 Depok, Parangtritis"),
        _enum("Jenis PPKS", "jenis_ppks", ref.PPKS, aliases=ref.PPKS_ALIASES,
              example="Lanjut Usia Telantar"),
        _enum("Status Penanganan", "status", ("Belum Ditangani", "Dalam Penanganan",
                                             "Sudah Ditangani", "Dirujuk"), example="Dalam Penanganan"),
        _text("Keterangan", "keterangan"),
    ), key="data_ppks"),
    Sheet("Data PSKS", "10. Data Potensi Sumber Kesejahteraan Sosial", False, (
        _text("Nama", "nama", True, example="Karang Taruna Tunas Muda"),
        _enum("Jenis PSKS", "jenis_psks", ref.PSKS, aliases=ref.PSKS_ALIASES, example="Karang Taruna"),
        _text("Alamat", "alamat", example="Depok, Parangtritis"),
        _enum("Lokasi", "lokasi", ("Dalam Wilayah", "Luar Wilayah"), example="Dalam Wilayah"),
        Column("Nomor HP", "nomor_hp", TEXT, width=16, text_format=True,
               hint="Ketik sebagai teks, misalnya 081234567890.",
               example="081234567890"),
        _text("Keterangan", "keterangan"),
    ), key="data_psks"),
    Sheet("Data Donatur", "11. Data donatur", False, (
        _text("Nama Donatur", "nama_donatur", True, example="Toko Makmur"),
        _enum("Jenis Donatur", "jenis_donatur", ("Perorangan", "Lembaga", "Dunia Usaha", "Pemerintah"),
              example="Dunia Usaha"),
        _text("Alamat", "alamat", example="Jl. Parangtritis Km 20"),
        Column("Nomor HP", "nomor_hp", TEXT, width=16, text_format=True,
               hint="Ketik sebagai teks, misalnya 081234567890.",
               example="0274367123"),
        _text("Keterangan", "keterangan"),
    ), key="data_donatur"),
    Sheet("Data Jejaring", "12. Data jejaring kerja", False, (
        _text("Nama Lembaga", "nama_lembaga", True, example="Baznas Bantul"),
        _enum("Jenis Lembaga", "jenis_lembaga", ("Pemerintah", "Lembaga Kesejahteraan Sosial",
                                                 "Organisasi Kemasyarakatan", "Dunia Usaha",
                                                 "Perguruan Tinggi", "Lainnya"),
              example="Lembaga Kesejahteraan Sosial"),
        _text("Alamat", "alamat", example="Bantul"),
        _text("Kontak", "kontak", text_format=True, example="0274 123456"),
        _text("Bentuk Kerja Sama", "bentuk_kerja_sama", True, width=30, example="Zakat untuk fakir miskin"),
        _text("Keterangan", "keterangan"),
    ), key="data_jejaring"),
)

SHEETS: tuple[Sheet, ...] = (IDENTITAS,) + TABLES
TABLE_BY_KEY = {s.key: s for s in TABLES}
PETUNJUK = "Petunjuk"
LISTS_SHEET = "Daftar Pilihan"  # the template's hidden helper sheet of dropdown lists
CORRECTIONS_SHEET = "Daftar Perbaikan"  # what a correction copy adds: a volunteer may send it back
# A finding's severity as people read it (correction copies, daftar_temuan.xlsx); the CSV keeps error/warning
SEVERITY_LABEL = {"error": "Harus diperbaiki", "warning": "Perlu diperiksa"}
ANSWER_FILL = "FFF2CC"  # the template's Identitas answer cells (column B): "isi sel berwarna kuning"
IGNORED_SHEETS = (PETUNJUK, LISTS_SHEET, CORRECTIONS_SHEET)


# Characters no one sees, pasted in from chats and web pages (a zero-width space, a soft hyphen,
# a BOM, a bell): removed from what is read, so that "Zakat Maal" with one is Zakat Maal.
_INVISIBLE = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xAD, *range(0x200C, 0x2010),
                            *range(0x202A, 0x202F), *range(0x2060, 0x2070), 0xFEFF, 0xFFFE, 0xFFFF]) | {0x200B: " "}


def visible(text: str) -> str:
    """The text without characters no one sees (line breaks and tabs stay); a zero-width space,
    which marks where words may break, is a space."""
    return text if text.isprintable() else text.translate(_INVISIBLE)


def norm(text: object) -> str:
    """Normalise a label or an enumeration value for matching: case, spaces, line breaks,
    characters no one sees."""
    return " ".join(visible(str(text)).split()).casefold()


def label_key(text: object) -> str:
    """Normalise a header label; a '*' (required marker), a ':' and spaces around a '/' are
    ignored too ("Kapanewon :", "Nama Donatur / Pihak")."""
    return norm(str(text).replace("*", " ").replace(":", " ")).replace(" /", "/").replace("/ ", "/")


def enum_lookup(col: Column) -> dict[str, str]:
    """Every accepted spelling of an enumeration, normalised, mapped to its canonical form."""
    table = {norm(a): a for a in col.allowed}
    table.update({norm(alias): canon for alias, canon in col.aliases})
    return table


# --- rule codes --------------------------------------------------------------
ERROR, WARNING = "error", "warning"
FILE, SHEET, CELL, ROW = "file", "sheet", "cell", "row"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    where: str
    message: str  # template; fields: nilai, kolom, lembar and rule-specific ones
    defaults: tuple[tuple[str, str], ...] = ()   # fields a finding may leave out: the usual advice


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("file-unreadable", ERROR, FILE, "{sebab} {saran}"),
    Rule("file-unsafe", ERROR, FILE, "{sebab} {saran}"),
    Rule("sheet-missing", ERROR, SHEET, "Lembar '{lembar}' tidak ada. {saran}"),
    Rule("sheet-unknown", WARNING, SHEET, "Lembar '{lembar}' tidak dibaca: {sebab}. {saran}",
         (("sebab", "bukan bagian dari templat"), ("saran", "Jika isinya penting, pindahkan ke lembar yang sesuai."))),
    Rule("header-not-found", ERROR, SHEET, "Baris judul kolom tidak ditemukan di lembar '{lembar}'. Pastikan ada satu baris berisi judul kolom {judul} seperti pada templat, di 30 baris pertama."),
    Rule("column-missing", ERROR, SHEET, "Kolom '{kolom}' tidak ada di lembar '{lembar}'. {saran}"),
    Rule("column-unknown", WARNING, SHEET, "Kolom '{kolom}' di lembar '{lembar}' bukan bagian dari templat dan tidak dibaca. {saran}"),
    Rule("column-duplicate", ERROR, SHEET, "Kolom '{kolom}' ada dua kali di lembar '{lembar}', di sel {sel}. Periksa isi keduanya, lalu hapus kolom yang berlebih atau ganti judul yang keliru."),
    Rule("identity-missing", ERROR, CELL, "{kolom} {sebab}. {saran}"),
    Rule("region-unknown", ERROR, CELL, "{kolom} '{nilai}' tidak dikenal di Kabupaten Bantul. Pilih nama {kolom} dari daftar pilihan, {contoh}."),
    Rule("region-mismatch", ERROR, CELL, "Kalurahan '{nilai}' tidak berada di Kapanewon {kapanewon}. Periksa kembali Kapanewon dan Kalurahan; Kalurahan di Kapanewon {kapanewon}: {pilihan}."),
    Rule("period-invalid", ERROR, CELL, "{kolom} '{nilai}' tidak sesuai. {saran}"),
    Rule("checklist-missing", WARNING, CELL, "Kelengkapan '{kolom}' {sebab}. Isi dengan Ya atau Tidak."),
    Rule("required-missing", ERROR, CELL, "Kolom {kolom} wajib diisi{syarat}. {saran}"),
    Rule("type-date", ERROR, CELL, "Tanggal '{nilai}' {sebab}. {saran}", (("saran", "Ketik tanggal seperti 17/08/2026."),)),
    Rule("type-number", ERROR, CELL, "'{nilai}' bukan angka{sebab}. Ketik angka saja tanpa titik dan koma, misalnya {contoh}.",
         (("contoh", "1500000"),)),
    Rule("type-integer", ERROR, CELL, "'{nilai}' bukan angka bulat{sebab}. Ketik angka bulat tanpa koma, misalnya {contoh}.", (("contoh", "5"),)),
    Rule("date-as-text", WARNING, CELL, "Tanggal '{nilai}' tersimpan sebagai teks dan dibaca sebagai {dibaca}. Bila itu benar, tidak wajib diubah. {saran}{tertukar}"),
    Rule("number-as-text", WARNING, CELL, "Angka '{nilai}' tersimpan sebagai teks dan dibaca sebagai {dibaca}. Tidak wajib diubah; agar Excel dapat menghitungnya, ketik ulang sebagai angka{tanpa}: {contoh} (di sel yang formatnya bukan Teks, tanpa tanda petik di depannya)."),
    Rule("value-not-allowed", ERROR, CELL, "'{nilai}' {bukan} kolom {kolom}. {pilihan}"),
    Rule("value-range", ERROR, CELL, "Nilai '{nilai}' pada {kolom} tidak mungkin: {sebab}"),
    Rule("date-outside-period", ERROR, CELL, "Tanggal {nilai} {sebab} {saran}",
         (("saran", "Periksa tanggalnya, atau laporkan di triwulan yang sesuai."),)),
    Rule("nik-format", ERROR, CELL, "NIK '{nilai}' {sebab}. Ketik 16 digit angka NIK sesuai KTP atau KK, sebagai teks."),
    Rule("nik-as-number", ERROR, CELL, "NIK '{nilai}' tersimpan sebagai angka sehingga digit terakhirnya hilang. Ubah format sel menjadi Teks, lalu ketik ulang 16 digit NIK sesuai KTP atau KK."),
    Rule("nik-missing", WARNING, CELL, "NIK belum diisi. Jika ada, ketik 16 digit NIK sesuai KTP atau KK.{saran}"),
    Rule("nik-birthdate", WARNING, CELL, "NIK '{nilai}' tidak cocok dengan {sebab}. Periksa NIK, Tanggal Lahir dan Jenis Kelamin (tanggal lahir perempuan di NIK ditambah 40)."),
    Rule("formula-error", ERROR, CELL, "Rumus di sel ini menghasilkan {nilai}, tanda kesalahan rumus (di LibreOffice tampil sebagai Err:...), bukan nilai. Perbaiki rumusnya atau ketik nilainya langsung."),
    Rule("duplicate-record", ERROR, CELL, "NIK '{nilai}' dengan Jenis PPKS {jenis} sudah dicatat di baris {baris_awal}. Hapus salah satu baris."),
    Rule("duplicate-row", WARNING, ROW, "Baris ini berisi data yang sama dengan baris {baris_awal}. Hapus jika tercatat dua kali."),
    Rule("ref-ppks-missing", ERROR, CELL, "NIK Penerima '{nilai}' tidak ada di lembar Data PPKS. {saran}",
         (("saran", "Tambahkan penerima ini ke Data PPKS, atau periksa NIK-nya."),)),
    Rule("ref-donor-missing", WARNING, CELL, "Donatur '{nilai}' belum ada di lembar Data Donatur. Tambahkan donatur ini ke Data Donatur dengan nama yang sama."),
    Rule("ref-partner-missing", WARNING, CELL, "Mitra '{nilai}' belum ada di lembar Data Jejaring. Tambahkan lembaga ini ke Data Jejaring dengan nama yang sama."),
    Rule("ref-meeting-missing", ERROR, CELL, "Tidak ada rapat tanggal {nilai} di lembar Notulensi Rapat{ada}. Samakan tanggalnya dengan notulensinya, atau tambahkan notulensi rapat tanggal itu."),
    Rule("attendance-mismatch", WARNING, CELL, "Jumlah Hadir {nilai} berbeda dengan {hitung} nama di Daftar Hadir untuk rapat tanggal {tanggal}. Samakan jumlahnya."),
    Rule("balance-negative", ERROR, CELL, "Setelah pengeluaran ini saldo kas di bawah nol: uangnya kurang Rp {kurang}. Periksa Saldo Kas Awal, pemasukan dan pengeluaran uang."),
    Rule("period-mismatch", ERROR, FILE, "Buku kerja ini untuk Triwulan {lapor} Tahun {tahun_lapor}, bukan Triwulan {triwulan} Tahun {tahun} yang sedang direkap. Kirim laporan triwulan yang diminta."),
    Rule("submission-superseded", WARNING, FILE, "Sudah ada laporan yang lebih baru dari WKSBM ini untuk triwulan yang sama ({pengganti}); berkas ini tidak dihitung."),
    Rule("wksbm-unregistered", WARNING, FILE, "WKSBM Padukuhan {padukuhan}, Kalurahan {kalurahan} belum ada di daftar WKSBM Dinas. {dihitung}; hubungi Dinas Sosial untuk pendaftaran."),
    Rule("nik-multiple-wksbm", WARNING, CELL, "NIK '{nilai}' juga tercatat di Data PPKS {lain}. Pastikan orang ini hanya didata oleh satu WKSBM."),
    # 1.1: what other locales and habits do to typed values (STANDARD 1.4)
    Rule("amount-decimal", ERROR, CELL, "{kolom} terbaca {dibaca}, bukan rupiah bulat: {sebab} Ketik {contoh}{tanpa}."),
    Rule("amount-small", WARNING, CELL, "{kolom} terbaca {dibaca}, kurang dari Rp 1.000: {sebab} Bila maksudnya {contoh}, ketik {contoh} (tanpa titik); bila memang {dibaca} rupiah, biarkan."),
    Rule("date-swapped", ERROR, CELL, "Tanggal terbaca {dibaca}, {sebab}; mungkin maksudnya {maksud}: hari dan bulannya tertukar, {karena}. Ketik {contoh} (tahun-bulan-tanggal), bentuk yang terbaca benar di komputer mana pun.",
         (("karena", "karena komputer Anda membaca bulan lebih dulu (pengaturan bahasa Inggris)"),)),
    Rule("sheet-extra-data", ERROR, SHEET, "Lembar '{lembar}' berisi {jumlah} baris data dengan judul kolom lembar '{baku}' ({baris}), yang tidak diperiksa dan tidak dihitung, karena data itu hanya dibaca dari lembar '{baku}'. Pindahkan baris data itu ke lembar '{baku}', di bawah baris yang sudah ada, lalu hapus lembar '{lembar}'."),
    Rule("columns-shifted", ERROR, ROW, "Mulai baris ini, {jumlah} baris data (baris {dari} s.d. {sampai}) bergeser {geser} kolom ke {arah} dari judul kolomnya: {contoh}. Data ini belum diperiksa dan tidak dihitung. {saran}"),
    # 1.1, compile: what only a whole quarter, or the quarters before, show (STANDARD 5)
    Rule("value-outlier", WARNING, CELL, "{kolom} {nilai} adalah {kali} kali nilai tengah kabupaten {tengah} untuk kolom ini. Periksa angkanya: mungkin ada nol yang berlebih. Bila angkanya benar, biarkan saja; bila tidak, ketik angka yang benar."),
    Rule("balance-carryover", WARNING, CELL, "Saldo Kas Awal {nilai} berbeda dengan Saldo Akhir triwulan sebelumnya ({sebelumnya}, triwulan {triwulan_lalu}). {saran}"),
    # 1.1, archive (STANDARD 7)
    Rule("submission-late", WARNING, FILE, "Laporan diterima {diterima}, sesudah batas waktu {tenggat}. Laporan tetap dihitung."),
    Rule("wksbm-mismatch", ERROR, FILE, "Lembar Identitas buku kerja ini menyebut WKSBM Padukuhan {padukuhan}, Kalurahan {kalurahan}, tetapi dikirim lewat tautan WKSBM Padukuhan {milik}, Kalurahan {kalurahan_milik}. Bila ini laporan WKSBM Anda, ketik Padukuhan {milik} dan Kalurahan {kalurahan_milik} di lembar Identitas, lalu kirim lagi; bila bukan, kirim laporan WKSBM Anda sendiri."),
)}

# What to do about a file-level problem, when its reason does not already say it.
FILE_ADVICE = {
    "file-unreadable": "Buka berkas di Excel, simpan sebagai \"Excel Workbook (*.xlsx)\" (Buku Kerja Excel), lalu kirim ulang.",
    "file-unsafe": "Salin isinya ke templat WKSBM yang baru (tanpa makro), simpan sebagai .xlsx, lalu kirim ulang.",
}

COMPILE_ONLY = ("period-mismatch", "submission-superseded", "wksbm-unregistered", "nik-multiple-wksbm",
                "value-outlier", "balance-carryover", "submission-late", "wksbm-mismatch")
