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

from compiler.recap import tables
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
    """The sections the declaration (compiler.recap.tables) gives; only the first without data."""
    return tuple(Section(spec.number, spec.title, tuple(_table(s, t) for t in spec.tables))
                 for spec in tables.SECTIONS if spec.always or has_data)


def _said(s: _Scope, when: str) -> bool:
    if when == tables.NO_REGISTRY:
        return "wksbm_terdaftar" not in s.data.known
    if when == tables.UNPLACED:
        return _unplaced(s)
    return True


def _table(s: _Scope, t: tables.TableSpec) -> Table:
    """One declared table over the scope's areas."""
    per = s.area_label
    kw = {"note": "".join(text for when, text in t.notes if _said(s, when)).replace("{per}", per)}
    if t.chart:
        kw["chart"] = ChartSpec(t.chart.title.replace("{per}", per), t.chart.columns, t.chart.stacked)
    title = t.title.replace("{per}", per)
    if t.layout == tables.BY_CATEGORY:
        return s.by_category(t.sheet, title, t.indikator, t.categories, **kw)
    if t.layout == tables.CATEGORY_ROWS:
        return s.category_rows(t.sheet, title, t.indikator, t.categories, t.corner, **kw)
    if t.layout == tables.CHECKLIST:
        return s.checklist(t.sheet, title, **kw)
    cells, groups = [], []
    for c in t.columns:
        if isinstance(c, tables.One):
            new = [(c.label, lambda k, c=c: s.fig(k, c.indikator, c.kategori))]
        elif isinstance(c, tables.Total):
            new = [(c.label, lambda k, c=c: s.agregat(k, c.indikator, c.categories))]
        else:
            new = [(c.prefix + c.labels.get(cat, cat), lambda k, c=c, cat=cat: s.fig(k, c.indikator, cat))
                   for cat in s.data.categories(c.indikator, c.categories)]
        cells += new
        if groups and groups[-1][0] == c.group:
            groups[-1] = (c.group, groups[-1][1] + len(new))
        else:
            groups.append((c.group, len(new)))
    if any(label for label, _ in groups):
        kw["groups"] = tuple(groups)
    return s.table(t.sheet, title, tuple(label for label, _ in cells), lambda k: [f(k) for _, f in cells], **kw)


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


