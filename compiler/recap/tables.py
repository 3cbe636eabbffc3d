"""The recap's tables as data: each section, each table, and the rekap_data figures it shows.

`recap.view` reads this declaration to build a recap's view, and both renderers draw the view,
so a table is changed here, in one place: its title, its columns (figures of `rekap_data.csv`,
see `compiler.figures.workbook`), its notes and its chart. `{per}` in a text is the area of a
row ("Kalurahan" in a kapanewon recap, "Kapanewon" in the kabupaten's).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from schemas import reference as ref
from schemas import standard as std

# How a table is laid out
AREA = "area"                # a row per area and the total; columns as declared (`columns`)
BY_CATEGORY = "by_category"  # a row per area; a column per category of `indikator`, and their sum
CATEGORY_ROWS = "rows"       # a row per category of `indikator` (wide breakdowns), a column per area
CHECKLIST = "checklist"      # a row per checklist item, a column per area: the share answering Ya

# When a note's sentence is said
ALWAYS, NO_REGISTRY, UNPLACED = "", "no_registry", "unplaced"


def _allowed(sheet: str, key: str) -> tuple[str, ...]:
    return std.TABLE_BY_KEY[sheet].column(key).allowed


SUMBER_DANA = _allowed("pemasukan", "sumber_dana")
JENIS_PENGELUARAN = _allowed("pengeluaran", "jenis_pengeluaran")
JENIS_KEGIATAN = _allowed("kegiatan", "jenis_kegiatan")
JENIS_KELAMIN = _allowed("data_ppks", "jenis_kelamin")
STATUS_PENANGANAN = _allowed("data_ppks", "status")
JENIS_DONATUR = _allowed("data_donatur", "jenis_donatur")
JENIS_LEMBAGA = _allowed("data_jejaring", "jenis_lembaga")
JENIS_SURAT = _allowed("agenda_surat", "jenis_surat")
KONDISI = _allowed("inventaris", "kondisi")
KELAMIN_LABEL = {"L": "Laki-laki", "P": "Perempuan"}


@dataclass(frozen=True)
class One:
    """One column: a figure (indikator, kategori) per area."""

    label: str
    indikator: str
    kategori: str = ""
    group: str = ""          # the header above it, shared with its neighbours of the same group


@dataclass(frozen=True)
class Each:
    """A column per category of an indicator: the declared ones, then any other found."""

    indikator: str
    categories: tuple[str, ...]
    labels: dict = field(default_factory=dict)   # category -> header, where it differs
    prefix: str = ""
    group: str = ""


@dataclass(frozen=True)
class Total:
    """One column: the sum of an indicator over the given categories."""

    label: str
    indikator: str
    categories: tuple[str, ...]
    group: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    columns: tuple[int, ...]   # indices into the table's columns
    stacked: bool


@dataclass(frozen=True)
class TableSpec:
    sheet: str                 # the table's id (and its Excel name, <= 31 characters)
    title: str
    layout: str
    columns: tuple = ()        # AREA: One, Each and Total entries
    indikator: str = ""        # BY_CATEGORY, CATEGORY_ROWS
    categories: tuple[str, ...] = ()
    corner: str = ""           # CATEGORY_ROWS: the header of the label column
    notes: tuple[tuple[str, str], ...] = ()   # (when, sentence)
    chart: Chart | None = None


@dataclass(frozen=True)
class SectionSpec:
    number: int
    title: str
    tables: tuple[TableSpec, ...]
    always: bool = False       # also in a recap of an area where nothing is counted


SECTIONS = (
    SectionSpec(1, "Status Pelaporan", (
        TableSpec("1a Status", "Status pelaporan WKSBM per {per} (jumlah WKSBM)", AREA, columns=(
            One("Terdaftar", "wksbm_terdaftar"), One("Melapor", "wksbm_melapor"),
            One("Perlu Perbaikan", "wksbm_perlu_perbaikan"), One("Belum Melapor", "wksbm_belum_melapor")),
            notes=((ALWAYS, "Melapor: laporan tanpa kesalahan, dihitung dalam rekap."),
                   (NO_REGISTRY, " Tanda - berarti data tidak tersedia karena daftar WKSBM Dinas tidak digunakan."),
                   (UNPLACED, " Laporan yang {per}-nya tidak dapat dikenali hanya masuk baris Jumlah (lihat "
                              "daftar WKSBM).")),
            chart=Chart("Status pelaporan per {per}", (1, 2, 3), True)),), always=True),
    SectionSpec(2, "Dana", (
        TableSpec("2a Kas", "Ringkasan kas (Rp)", AREA, columns=(
            One("Saldo Awal", "saldo_awal_rp", group="Kas (bentuk uang)"),
            One("Pemasukan Uang", "pemasukan_uang_rp", group="Kas (bentuk uang)"),
            One("Pengeluaran Uang", "pengeluaran_uang_rp", group="Kas (bentuk uang)"),
            One("Saldo Akhir", "saldo_akhir_rp", group="Kas (bentuk uang)"),
            Total("Jumlah Pemasukan", "pemasukan_rp", SUMBER_DANA, group="Uang dan barang"),
            Total("Jumlah Pengeluaran", "pengeluaran_rp", JENIS_PENGELUARAN, group="Uang dan barang")),
            notes=((ALWAYS, "Saldo Akhir = Saldo Awal + Pemasukan Uang - Pengeluaran Uang. Jumlah Pemasukan "
                            "dan Jumlah Pengeluaran mencakup bentuk uang dan barang (barang menurut nilainya "
                            "dalam rupiah), seperti tabel 2b dan 2c."),),
            chart=Chart("Pemasukan dan pengeluaran per {per} (Rp)", (4, 5), False)),
        TableSpec("2b Pemasukan", "Pemasukan menurut Sumber Dana (Rp)", BY_CATEGORY, indikator="pemasukan_rp",
                  categories=SUMBER_DANA),
        TableSpec("2c Pengeluaran", "Pengeluaran menurut Jenis Pengeluaran (Rp)", BY_CATEGORY,
                  indikator="pengeluaran_rp", categories=JENIS_PENGELUARAN))),
    SectionSpec(3, "Kegiatan", (
        TableSpec("3a Jumlah Kegiatan", "Jumlah kegiatan menurut Jenis Kegiatan", BY_CATEGORY,
                  indikator="kegiatan_jumlah", categories=JENIS_KEGIATAN),
        TableSpec("3b Penerima Manfaat", "Penerima manfaat menurut Jenis Kegiatan (orang)", BY_CATEGORY,
                  indikator="penerima_manfaat_orang", categories=JENIS_KEGIATAN),
        TableSpec("3c Nilai Bantuan", "Nilai bantuan menurut Jenis Kegiatan (Rp)", BY_CATEGORY,
                  indikator="nilai_bantuan_rp", categories=JENIS_KEGIATAN))),
    SectionSpec(4, "Pemerlu Pelayanan Kesejahteraan Sosial (PPKS)", (
        TableSpec("4a PPKS Jenis", "PPKS menurut Jenis PPKS (orang)", CATEGORY_ROWS, indikator="ppks_orang",
                  categories=ref.PPKS, corner="Jenis PPKS"),
        TableSpec("4b PPKS Kelamin Status", "PPKS menurut jenis kelamin dan Status Penanganan (orang)", AREA,
                  columns=(Each("ppks_jenis_kelamin", JENIS_KELAMIN, KELAMIN_LABEL, group="Jenis Kelamin"),
                           Each("ppks_status", STATUS_PENANGANAN, group="Status Penanganan"))))),
    SectionSpec(5, "Potensi dan Sumber Kesejahteraan Sosial (PSKS)", (
        TableSpec("5 PSKS", "PSKS menurut Jenis PSKS (jumlah)", CATEGORY_ROWS, indikator="psks_jumlah",
                  categories=ref.PSKS, corner="Jenis PSKS"),)),
    SectionSpec(6, "Donatur", (
        TableSpec("6 Donatur", "Donatur menurut Jenis Donatur (jumlah)", BY_CATEGORY, indikator="donatur_jumlah",
                  categories=JENIS_DONATUR),)),
    SectionSpec(7, "Jejaring Kerja", (
        TableSpec("7 Jejaring", "Jejaring kerja menurut Jenis Lembaga (jumlah)", BY_CATEGORY,
                  indikator="jejaring_jumlah", categories=JENIS_LEMBAGA),)),
    SectionSpec(8, "Administrasi", (
        TableSpec("8a Administrasi", "Rapat, surat dan tamu (jumlah)", AREA, columns=(
            One("Rapat", "rapat_jumlah"), One("Kehadiran Rapat (orang)", "kehadiran_rapat_orang"),
            Each("surat_jumlah", JENIS_SURAT, prefix="Surat "), One("Tamu", "tamu_jumlah"))),
        TableSpec("8b Inventaris", "Inventaris menurut Kondisi", AREA,
                  columns=(Each("inventaris_barang", KONDISI, group="Jumlah Barang"),
                           Each("inventaris_nilai_rp", KONDISI, group="Nilai (Rp)"))),
        TableSpec("8c Kelengkapan", "Kelengkapan administrasi (% WKSBM yang melapor)", CHECKLIST,
                  notes=((ALWAYS, "Persentase WKSBM yang melapor dan menjawab Ya untuk setiap kelengkapan. "
                                  "Tanda - berarti belum ada WKSBM yang melapor."),)))),
)


def indicators() -> set[str]:
    """Every rekap_data indicator the recap tables show."""
    out = set()
    for section in SECTIONS:
        for t in section.tables:
            out |= {t.indikator} if t.indikator else set()
            out |= {c.indikator for c in t.columns}
            out |= {"administrasi_ada"} if t.layout == CHECKLIST else set()
    return out
