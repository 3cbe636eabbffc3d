"""The figures of one human recap (kabupaten, or one kapanewon), ready to lay out.

Both renderers (HTML and Excel) draw the same view, so the two outputs show the same
numbers and neither one holds figure logic. Category columns come from the declaration
(schemas.standard, schemas.reference) so every canonical category appears even when 0.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from schemas import reference as ref
from schemas import standard as std

TOTAL = "total"
NO_DATA = "Belum ada laporan yang dapat direkap."
STATUS_LABEL = {"belum_melapor": "Belum melapor", "perlu_perbaikan": "Perlu perbaikan"}
STATUS_INDICATORS = ("wksbm_terdaftar", "wksbm_melapor", "wksbm_perlu_perbaikan",
                     "wksbm_belum_melapor")


@dataclass(frozen=True)
class Fig:
    """One figure cell, with its origin in rekap_data so a reader can trace it back."""

    value: float | None      # None: not known (printed as "-")
    indikator: str
    kategori: str
    wilayah: str             # area code, or TOTAL
    agregat: bool = False    # the sum over every category of `indikator`
    pembagi: float | None = None  # for shares: the WKSBM reporting in that area
    percent: bool = False

    @property
    def share(self) -> float | None:
        if self.value is None or not self.pembagi:
            return None
        return self.value / self.pembagi


@dataclass(frozen=True)
class Row:
    label: str
    figs: tuple[Fig, ...]
    total: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """A bar chart of some columns of a table, one bar per area row (total row excluded)."""

    title: str
    columns: tuple[int, ...]  # indices into Table.columns
    stacked: bool


@dataclass(frozen=True)
class Table:
    sheet: str               # Excel sheet name (<= 31 characters)
    title: str
    corner: str              # header of the label column
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    groups: tuple[tuple[str, int], ...] = ()  # header row above the columns: (label, span)
    note: str = ""
    chart: ChartSpec | None = None


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Pending:
    """A WKSBM that has not reported, or whose workbook must be corrected."""

    kalurahan: str
    padukuhan: str
    nama_wksbm: str
    status: str
    jumlah_error: int | None
    kapanewon: str = ""


@dataclass(frozen=True)
class Recap:
    scope: str               # "kabupaten" or "kapanewon"
    kode: str
    nama: str
    stem: str                # output file name without extension
    title_lines: tuple[str, str, str]
    area_label: str          # "Kalurahan" or "Kapanewon"
    has_data: bool
    sections: tuple[Section, ...]  # section 1 always; the others only when has_data
    pending: tuple[Pending, ...]   # WKSBM that have not reported or must correct
    dibuat: str
    trend: object = None           # compiler.recap.trend.Trend over the quarters, when two or more exist


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


def file_stem(kode: str, nama: str) -> str:
    """rekap_34.02.01_Srandakan: the reference code as is, the name safe for any file system."""
    return f"rekap_{kode}_{re.sub(r'[^A-Za-z0-9.-]+', '_', nama).strip('_')}"


class Figures:
    """rekap_data of one quarter as a lookup: (tingkat, kode, indikator, kategori) -> nilai."""

    def __init__(self, rekap: pd.DataFrame, tahun: int, triwulan: str):
        df = rekap.copy()
        df["kategori"] = df["kategori"].fillna("").astype(str)
        df = df[(df["tahun"].astype(str) == str(tahun)) & (df["triwulan"].astype(str) == str(triwulan))]
        df["nilai"] = pd.to_numeric(df["nilai"], errors="coerce").fillna(0)
        grouped = df.groupby(["tingkat", "kode_wilayah", "indikator", "kategori"])["nilai"].sum()
        keys = zip(*(grouped.index.get_level_values(i).astype(str).tolist() for i in range(4)))
        self.values = dict(zip(keys, grouped.to_numpy(dtype=float).tolist()))
        self.known = set(df["indikator"].astype(str).tolist())
        self.extra: dict[str, list[str]] = {}
        for ind, kat in sorted({(k[2], k[3]) for k in self.values}):
            self.extra.setdefault(ind, []).append(kat)

    def categories(self, ind: str, canonical: tuple[str, ...]) -> tuple[str, ...]:
        """The declared categories, then any other spelling found in the data (kept, not lost)."""
        extra = [k for k in self.extra.get(ind, []) if k not in canonical and k != ""]
        return tuple(canonical) + tuple(extra)

    def get(self, tingkat: str, kode: str, ind: str, kat: str = "") -> float | None:
        return self.values.get((tingkat, kode, ind, kat))


class _Scope:
    """The areas of one recap (children) and the area the total row stands for (parent)."""

    def __init__(self, fig: Figures, areas: list[tuple[str, str]], level: str,
                 parent: tuple[str, str]):
        self.data, self.areas, self.level, self.parent = fig, areas, level, parent

    def value(self, kode: str, ind: str, kat: str = "") -> float | None:
        """A figure; the total is the parent's own row, or the sum of the areas if absent.
        None ("-" on paper, STANDARD 1.1 section 5) for a figure of an area where no workbook
        is counted: nothing is known there, which 0 would not say."""
        status = ind in STATUS_INDICATORS
        if status and ind not in self.data.known:
            return None
        if not status and not self.counted(kode):
            return None
        if kode != TOTAL:
            v = self.data.get(self.level, kode, ind, kat)
            return 0.0 if v is None else v
        v = self.data.get(*self.parent, ind, kat)
        if v is None:
            v = sum(self.value(k, ind, kat) or 0.0 for k, _ in self.areas)
        return v

    def counted(self, kode: str) -> bool:
        """Whether the area has a counted workbook (True when the data does not say)."""
        if "wksbm_melapor" not in self.data.known:
            return True
        return (self.value(kode, "wksbm_melapor") or 0) > 0

    def fig(self, kode: str, ind: str, kat: str = "") -> Fig:
        return Fig(self.value(kode, ind, kat), ind, kat, kode)

    def agregat(self, kode: str, ind: str, cats: tuple[str, ...]) -> Fig:
        total = sum(self.value(kode, ind, k) or 0.0 for k in cats) if self.counted(kode) else None
        return Fig(total, ind, "", kode, agregat=True)

    def codes(self) -> list[tuple[str, str, bool]]:
        return [(k, n, False) for k, n in self.areas] + [(TOTAL, "Jumlah", True)]

    def table(self, sheet: str, title: str, headers: tuple[str, ...], figs, **kw) -> Table:
        """One row per area plus the total row; figs(kode) gives the cells of a row."""
        rows = tuple(Row(nama, tuple(figs(kode)), total) for kode, nama, total in self.codes())
        return Table(sheet, title, self.area_label, tuple(headers), rows, **kw)

    def area_table(self, sheet: str, title: str, cols: list[tuple[str, str, str]],
                   jumlah_of: tuple[str, tuple[str, ...]] | None = None, **kw) -> Table:
        """cols are (header, indikator, kategori); jumlah_of adds the row sum of an indicator."""
        headers = tuple(h for h, _, _ in cols) + (("Jumlah",) if jumlah_of else ())
        return self.table(sheet, title, headers, lambda k: [self.fig(k, i, c) for _, i, c in cols]
                          + ([self.agregat(k, *jumlah_of)] if jumlah_of else []), **kw)

    def by_category(self, sheet: str, title: str, ind: str, canonical: tuple[str, ...], **kw) -> Table:
        """Area table of one indicator, a column per category and the row sum."""
        cats = self.data.categories(ind, canonical)
        return self.area_table(sheet, title, [(c, ind, c) for c in cats], jumlah_of=(ind, cats), **kw)

    def category_rows(self, sheet: str, title: str, ind: str, canonical: tuple[str, ...],
                      corner: str, **kw) -> Table:
        """For wide breakdowns (26 PPKS): a row per category, a column per area."""
        cats = self.data.categories(ind, canonical)
        codes = self.codes()
        rows = [Row(c, tuple(self.fig(k, ind, c) for k, _, _ in codes)) for c in cats]
        rows.append(Row("Jumlah", tuple(self.agregat(k, ind, cats) for k, _, _ in codes), True))
        return Table(sheet, title, corner, tuple(n for _, n, _ in codes), tuple(rows), **kw)

    def checklist(self, sheet: str, title: str, **kw) -> Table:
        """Share of the reporting WKSBM that keep each administrative item."""
        codes = self.codes()
        melapor = {k: self.value(k, "wksbm_melapor") for k, _, _ in codes}
        ind = "administrasi_ada"
        rows = [Row(item, tuple(Fig(self.value(k, ind, item), ind, item, k, pembagi=melapor[k],
                                    percent=True) for k, _, _ in codes))
                for item in self.data.categories(ind, std.CHECKLIST)]
        return Table(sheet, title, "Kelengkapan", tuple(n for _, n, _ in codes), tuple(rows), **kw)

    @property
    def area_label(self) -> str:
        return "Kalurahan" if self.level == "kalurahan" else "Kapanewon"


def _unplaced(s: _Scope) -> bool:
    """Whether a status total counts reports that no area row does (their region is unknown)."""
    return any((s.value(TOTAL, ind) or 0) > sum(s.value(k, ind) or 0 for k, _ in s.areas)
               for ind in ("wksbm_melapor", "wksbm_perlu_perbaikan"))


def _sections(s: _Scope, has_data: bool) -> tuple[Section, ...]:
    per = s.area_label
    status = s.area_table("1a Status", f"Status pelaporan WKSBM per {per} (jumlah WKSBM)", [
        ("Terdaftar", "wksbm_terdaftar", ""), ("Melapor", "wksbm_melapor", ""),
        ("Perlu Perbaikan", "wksbm_perlu_perbaikan", ""), ("Belum Melapor", "wksbm_belum_melapor", "")],
        note="Melapor: laporan tanpa kesalahan, dihitung dalam rekap." + (
            "" if "wksbm_terdaftar" in s.data.known else
            " Tanda - berarti data tidak tersedia karena daftar WKSBM Dinas tidak digunakan.") + (
            f" Laporan yang {per}-nya tidak dapat dikenali hanya masuk baris Jumlah (lihat daftar WKSBM)."
            if _unplaced(s) else ""),
        chart=ChartSpec(f"Status pelaporan per {per}", (1, 2, 3), True))
    out = [Section(1, "Status Pelaporan", (status,))]
    if not has_data:
        return tuple(out)
    sumber = s.data.categories("pemasukan_rp", SUMBER_DANA)
    keluar = s.data.categories("pengeluaran_rp", JENIS_PENGELUARAN)
    kas = s.table("2a Kas", "Ringkasan kas (Rp)",
                  ("Saldo Awal", "Pemasukan Uang", "Pengeluaran Uang", "Saldo Akhir",
                   "Jumlah Pemasukan", "Jumlah Pengeluaran"),
                  lambda k: (s.fig(k, "saldo_awal_rp"), s.fig(k, "pemasukan_uang_rp"),
                             s.fig(k, "pengeluaran_uang_rp"), s.fig(k, "saldo_akhir_rp"),
                             s.agregat(k, "pemasukan_rp", sumber), s.agregat(k, "pengeluaran_rp", keluar)),
                  groups=(("Kas (bentuk uang)", 4), ("Uang dan barang", 2)),
                  note="Saldo Akhir = Saldo Awal + Pemasukan Uang - Pengeluaran Uang. Jumlah Pemasukan "
                       "dan Jumlah Pengeluaran mencakup bentuk uang dan barang (barang menurut nilainya "
                       "dalam rupiah), seperti tabel 2b dan 2c.",
                  chart=ChartSpec(f"Pemasukan dan pengeluaran per {per} (Rp)", (4, 5), False))
    out.append(Section(2, "Dana", (
        kas,
        s.by_category("2b Pemasukan", "Pemasukan menurut Sumber Dana (Rp)", "pemasukan_rp", SUMBER_DANA),
        s.by_category("2c Pengeluaran", "Pengeluaran menurut Jenis Pengeluaran (Rp)", "pengeluaran_rp",
                      JENIS_PENGELUARAN))))
    out.append(Section(3, "Kegiatan", (
        s.by_category("3a Jumlah Kegiatan", "Jumlah kegiatan menurut Jenis Kegiatan", "kegiatan_jumlah",
                      JENIS_KEGIATAN),
        s.by_category("3b Penerima Manfaat", "Penerima manfaat menurut Jenis Kegiatan (orang)",
                      "penerima_manfaat_orang", JENIS_KEGIATAN),
        s.by_category("3c Nilai Bantuan", "Nilai bantuan menurut Jenis Kegiatan (Rp)", "nilai_bantuan_rp",
                      JENIS_KEGIATAN))))
    kelamin = s.data.categories("ppks_jenis_kelamin", JENIS_KELAMIN)
    penanganan = s.data.categories("ppks_status", STATUS_PENANGANAN)
    out.append(Section(4, "Pemerlu Pelayanan Kesejahteraan Sosial (PPKS)", (
        s.category_rows("4a PPKS Jenis", "PPKS menurut Jenis PPKS (orang)", "ppks_orang", ref.PPKS,
                        "Jenis PPKS"),
        s.area_table("4b PPKS Kelamin Status", "PPKS menurut jenis kelamin dan Status Penanganan (orang)",
                     [(KELAMIN_LABEL.get(k, k), "ppks_jenis_kelamin", k) for k in kelamin]
                     + [(k, "ppks_status", k) for k in penanganan],
                     groups=(("Jenis Kelamin", len(kelamin)), ("Status Penanganan", len(penanganan)))))))
    out.append(Section(5, "Potensi dan Sumber Kesejahteraan Sosial (PSKS)", (
        s.category_rows("5 PSKS", "PSKS menurut Jenis PSKS (jumlah)", "psks_jumlah", ref.PSKS,
                        "Jenis PSKS"),)))
    out.append(Section(6, "Donatur", (
        s.by_category("6 Donatur", "Donatur menurut Jenis Donatur (jumlah)", "donatur_jumlah",
                      JENIS_DONATUR),)))
    out.append(Section(7, "Jejaring Kerja", (
        s.by_category("7 Jejaring", "Jejaring kerja menurut Jenis Lembaga (jumlah)", "jejaring_jumlah",
                      JENIS_LEMBAGA),)))
    surat = s.data.categories("surat_jumlah", JENIS_SURAT)
    kondisi = s.data.categories("inventaris_barang", KONDISI)
    kondisi_nilai = s.data.categories("inventaris_nilai_rp", KONDISI)
    out.append(Section(8, "Administrasi", (
        s.area_table("8a Administrasi", "Rapat, surat dan tamu (jumlah)", [
            ("Rapat", "rapat_jumlah", ""), ("Kehadiran Rapat (orang)", "kehadiran_rapat_orang", "")]
            + [(f"Surat {k}", "surat_jumlah", k) for k in surat] + [("Tamu", "tamu_jumlah", "")]),
        s.area_table("8b Inventaris", "Inventaris menurut Kondisi", [
            (k, "inventaris_barang", k) for k in kondisi]
            + [(k, "inventaris_nilai_rp", k) for k in kondisi_nilai],
            groups=(("Jumlah Barang", len(kondisi)), ("Nilai (Rp)", len(kondisi_nilai)))),
        s.checklist("8c Kelengkapan", "Kelengkapan administrasi (% WKSBM yang melapor)",
                    note="Persentase WKSBM yang melapor dan menjawab Ya untuk setiap kelengkapan. "
                         "Tanda - berarti belum ada WKSBM yang melapor."))))
    return tuple(out)


def _pending(status: pd.DataFrame) -> dict[str, tuple[Pending, ...]]:
    """Per kapanewon name: its WKSBM that have not reported or must correct, in reference
    order. A WKSBM belongs to the kapanewon whose code starts its kalurahan code, or, without
    a kalurahan code, to the kapanewon it names (a name not in the reference, or none, is
    listed in the kabupaten recap only)."""
    by_name: dict[str, list[Pending]] = {}
    names = [(kode + ".", nama) for nama, kode in ref.KAPANEWON_KODE.items()]
    for r in status.fillna("").itertuples(index=False):
        if r.status not in STATUS_LABEL:
            continue
        kal = str(r.kode_kalurahan)
        nama = next((n for prefix, n in names if kal.startswith(prefix)), None) if kal else str(r.kapanewon)
        fix = r.status == "perlu_perbaikan" and str(r.jumlah_error) != ""
        by_name.setdefault(nama or "", []).append(Pending(str(r.kalurahan), str(r.padukuhan), str(r.nama_wksbm),
                                                          STATUS_LABEL[r.status],
                                                          int(float(r.jumlah_error)) if fix else None,
                                                          nama or ""))
    out = {}
    for nama, rows in by_name.items():
        order = {k: i for i, k in enumerate(ref.KALURAHAN_OF.get(nama, ()))}
        out[nama] = tuple(sorted(rows, key=lambda p: (order.get(p.kalurahan, len(order)), p.kalurahan,
                                                      p.padukuhan, p.nama_wksbm, p.status)))
    return out


def build_recaps(rekap: pd.DataFrame, status: pd.DataFrame, tahun: int, triwulan: str,
                 dibuat: str | Mapping[str, str]) -> list[Recap]:
    """The kabupaten recap first, then one recap per kapanewon in reference order.
    `dibuat`: the date each recap's data reach (its footer), by area code (the kabupaten's and
    each kapanewon's, "" where none), or one date for all."""
    date_of = (lambda kode: dibuat) if isinstance(dibuat, str) else (lambda kode: dibuat.get(kode, ""))
    fig = Figures(rekap, tahun, triwulan)
    head = (f"REKAPITULASI LAPORAN TRIWULAN {triwulan} TAHUN {tahun}",
            "WAHANA KESEJAHTERAAN SOSIAL BERBASIS MASYARAKAT (WKSBM)")
    kab_kode, kab_nama = ref.KABUPATEN
    kab = _Scope(fig, [(ref.KAPANEWON_KODE[k], k) for k in ref.KAPANEWON], "kapanewon",
                 ("kabupaten", kab_kode))
    pending = _pending(status)
    everywhere = tuple(p for nama in [*ref.KAPANEWON, *sorted(set(pending) - set(ref.KAPANEWON))]
                       for p in pending.get(nama, ()))
    recaps = [_recap(kab, "kabupaten", kab_kode, kab_nama, "rekap_kabupaten",
                     head + (f"KABUPATEN {kab_nama.upper()}",), everywhere, date_of(kab_kode))]
    for nama in ref.KAPANEWON:
        kode = ref.KAPANEWON_KODE[nama]
        areas = [(r["kode_kalurahan"], r["kalurahan"]) for r in ref.WILAYAH if r["kapanewon"] == nama]
        scope = _Scope(fig, areas, "kalurahan", ("kapanewon", kode))
        recaps.append(_recap(scope, "kapanewon", kode, nama, file_stem(kode, nama),
                             head + (f"KAPANEWON {nama.upper()}, KABUPATEN {kab_nama.upper()}",),
                             pending.get(nama, ()), date_of(kode)))
    return recaps


def _recap(scope: _Scope, kind: str, kode: str, nama: str, stem: str, lines: tuple[str, str, str],
           pending: tuple[Pending, ...], dibuat: str) -> Recap:
    has_data = (scope.value(TOTAL, "wksbm_melapor") or 0) > 0
    return Recap(kind, kode, nama, stem, lines, scope.area_label, has_data, _sections(scope, has_data),
                 pending, dibuat)


