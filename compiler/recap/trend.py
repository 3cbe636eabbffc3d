"""The trend over up to five quarters (STANDARD 5), for the kabupaten and kapanewon recaps.

The quarters before come from their own `rekap_data.csv` (compiler/quarter/previous.py finds
them); this quarter's from its rekap. Shown as a small table (a row per quarter) and one small
line chart per figure, since rupiah, people and shares do not share an axis. Nothing is shown
where fewer than two quarters exist. Both renderers call in here through one hook each, so that
the trend's layout lives in one place.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from markupsafe import Markup, escape

from compiler.recap.format import COLORS, angka, persen

SHEET = "9 Tren"
HEADING = "9. Perkembangan Antar-Triwulan"
TITLE = "Perkembangan lima triwulan terakhir"
NOTE = ("Tingkat pelaporan: WKSBM yang melapor (tanpa kesalahan) dibagi WKSBM terdaftar; tanda - berarti "
        "daftar WKSBM Dinas tidak digunakan pada triwulan itu, atau belum ada laporan yang dihitung.")
# column label, indikator summed over its categories ("" for the share computed from two)
COLUMNS = (("WKSBM Melapor", "wksbm_melapor"), ("WKSBM Terdaftar", "wksbm_terdaftar"),
           ("Tingkat Pelaporan", ""), ("Pemasukan (Rp)", "pemasukan_rp"), ("Pengeluaran (Rp)", "pengeluaran_rp"),
           ("Penerima Manfaat (orang)", "penerima_manfaat_orang"), ("PPKS (orang)", "ppks_orang"))
RATE = 2
CHARTS = (RATE, 3, 4, 5, 6)   # the columns drawn, one small chart each
_FIGURES = ("pemasukan_rp", "pengeluaran_rp", "penerima_manfaat_orang", "ppks_orang")


@dataclass(frozen=True)
class Trend:
    """One area's figures over the quarters, oldest first: values[q][c] for COLUMNS[c]."""

    quarters: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]


def quarter_label(tahun, triwulan) -> str:
    return f"TW {triwulan} {int(tahun)}"


def _order(q: tuple[int, str]) -> tuple[int, int]:
    return q[0], ("I", "II", "III", "IV").index(q[1])


def build_trends(frames: list) -> dict[tuple[str, str], Trend]:
    """(tingkat, kode_wilayah) -> Trend, from rekap frames of several quarters (this one's among
    them); empty when fewer than two quarters are there."""
    import pandas as pd

    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return {}
    cols = ["tahun", "triwulan", "tingkat", "kode_wilayah", "indikator", "nilai"]
    df = pd.concat([f[cols] for f in frames], ignore_index=True)
    df = df[df["tingkat"].isin(("kabupaten", "kapanewon"))]
    df = df.assign(tahun=df["tahun"].astype(int), triwulan=df["triwulan"].astype(str),
                   kode_wilayah=df["kode_wilayah"].astype(str))
    quarters = sorted({(t, w) for t, w in zip(df["tahun"], df["triwulan"])}, key=_order)[-5:]
    if len(quarters) < 2:
        return {}
    sums = df.groupby(["tingkat", "kode_wilayah", "tahun", "triwulan", "indikator"])["nilai"].sum().to_dict()
    out = {}
    for tingkat, kode in sorted({(t, k) for t, k in zip(df["tingkat"], df["kode_wilayah"])}):
        rows = []
        for t, w in quarters:
            get = (lambda ind: sums.get((tingkat, kode, t, w, ind)))
            melapor, terdaftar = get("wksbm_melapor"), get("wksbm_terdaftar")
            rate = melapor / terdaftar if melapor is not None and terdaftar else None
            counted = bool(melapor)
            rows.append((melapor, terdaftar, rate, *((get(i) or 0.0) if counted else None for i in _FIGURES)))
        out[(tingkat, kode)] = Trend(tuple(quarter_label(*q) for q in quarters), tuple(rows))
    return out


def with_trends(recaps: list, frames: list) -> list:
    """The recap views with their area's trend (kabupaten recap: the kabupaten's)."""
    trends = build_trends(frames)
    if not trends:
        return recaps
    return [dataclasses.replace(r, trend=trends.get(("kabupaten" if r.scope == "kabupaten" else "kapanewon", r.kode)))
            for r in recaps]


def text(c: int, x: float | None) -> str:
    return persen(x) if c == RATE else angka(x)


def short(c: int, x: float) -> str:
    """A chart's point label, short enough not to run into the next: 2,62 M; 216,1 jt; 3.939."""
    if c != RATE and abs(x) >= 1e9:
        return f"{angka(round(x / 1e9, 2))} M"
    if c != RATE and abs(x) >= 1e6:
        return f"{angka(round(x / 1e6, 1))} jt"
    return text(c, x)


# --- HTML --------------------------------------------------------------------------------------
def _line_chart(trend: Trend, c: int, color: str) -> str:
    """A small SVG line chart of one column over the quarters; gaps where a value is unknown."""
    w, h, left, top, bottom = 330, 160, 44, 40, 30   # room for the end points' labels and the title
    vals = [row[c] for row in trend.values]
    known = [v for v in vals if v is not None]
    biggest = max(known + [0.0]) or 1.0
    step = (w - 2 * left) / max(1, len(vals) - 1)
    y = (lambda v: top + (h - top - bottom) * (1 - v / biggest))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="tren" role="img" viewBox="0 0 {w} {h}" width="{w}">',
           f"<title>{escape(COLUMNS[c][0])}: "
           + escape("; ".join(f"{q} {text(c, v)}" for q, v in zip(trend.quarters, (r[c] for r in trend.values))))
           + "</title>",
           f'<text x="4" y="13" class="judul">{escape(COLUMNS[c][0])}</text>',
           f'<line x1="{left}" y1="{h - bottom}" x2="{w - left}" y2="{h - bottom}" stroke="#555"/>']
    points = []
    for i, v in enumerate(vals):
        x = left + i * step
        out.append(f'<text x="{x:.1f}" y="{h - 12}" text-anchor="middle">{escape(trend.quarters[i])}</text>')
        if v is None:
            points.append(None)
            continue
        points.append((x, y(v)))
        out.append(f'<circle cx="{x:.1f}" cy="{y(v):.1f}" r="3" fill="{color}"/>'
                   f'<text x="{x:.1f}" y="{y(v) - 6:.1f}" text-anchor="middle" class="nilai">{escape(short(c, v))}</text>')
    runs, run = [], []
    for p in points + [None]:
        if p is None:
            if len(run) > 1:
                runs.append(run)
            run = []
        else:
            run.append(p)
    for run in runs:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
    out.append("</svg>")
    return "".join(out)


def html_section(trend: Trend) -> Markup:
    """The trend as one printable section: the table, then the small charts."""
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label, _ in COLUMNS)
    body = "".join(f'<tr><th scope="row">{escape(q)}</th>'
                   + "".join(f'<td class="n">{escape(text(c, v))}</td>' for c, v in enumerate(row)) + "</tr>"
                   for q, row in zip(trend.quarters, trend.values))
    charts = "".join(_line_chart(trend, c, COLORS[n % len(COLORS)]) for n, c in enumerate(CHARTS))
    return Markup(
        f'<section class="bagian" id="bagian-tren"><h2>{escape(HEADING)}</h2><div class="blok">'
        f"<h3>{escape(TITLE)}</h3><table><thead><tr><th scope=\"col\">Triwulan</th>{head}</tr></thead>"
        f'<tbody>{body}</tbody></table><p class="catatan">Catatan: {escape(NOTE)}</p></div>'
        f"<figure><figcaption>Grafik: {escape(TITLE)}</figcaption>{charts}</figure>"
        "<style>svg.tren{display:inline-block;margin:0 6pt 6pt 0}svg.tren text{font-family:Arial,Helvetica,"
        "sans-serif;font-size:9px}svg.tren text.judul{font-size:11px;font-weight:bold}"
        "svg.tren text.nilai{fill:#333}</style></section>")


# --- Excel -------------------------------------------------------------------------------------
def write_xlsx(sh, trend: Trend, header: int) -> int:
    """The table at `header` of a recap sheet (compiler.recap.xlsx.Sheet) and a native line chart
    per figure below it, three a row; returns the next free row."""
    head = {"border": 1, "border_color": "#444444", "bold": True, "pattern": 1, "bg_color": "#DCE6F1",
            "align": "center", "valign": "vcenter", "text_wrap": True}
    box = {"border": 1, "border_color": "#444444"}
    sh.text(header, 1, "Triwulan", head)
    for c, (label, _) in enumerate(COLUMNS, start=2):
        sh.text(header, c, label, head)
    for r, (q, row) in enumerate(zip(trend.quarters, trend.values), start=header + 1):
        sh.text(r, 1, q, box)
        for c, v in enumerate(row):
            if v is None:
                sh.text(r, c + 2, "-", {**box, "align": "center"})
            else:
                sh.number(r, c + 2, v, {**box, "num_format": "0%" if c == RATE else "#,##0"})
    sh.ws.set_row(header - 1, 45)
    sh.width(1, 14)
    for c in range(2, len(COLUMNS) + 2):
        sh.width(c, 16)
    last = header + len(trend.quarters)
    sh.text(last + 1, 1, f"Catatan: {NOTE}", {"italic": True, "font_size": 9})
    name, top = sh.ws.name, last + 3
    for n, c in enumerate(CHARTS):
        ch = sh.book.wb.add_chart({"type": "line"})
        ch.set_title({"name": COLUMNS[c][0], "name_font": {"size": 10}})
        ch.add_series({"name": COLUMNS[c][0], "categories": [name, header, 0, last - 1, 0],
                       "values": [name, header, c + 1, last - 1, c + 1], "marker": {"type": "circle"},
                       "line": {"color": COLORS[n % len(COLORS)]}})
        ch.set_legend({"none": True})
        ch.set_y_axis({"num_format": "0%" if c == RATE else "#,##0", "min": 0})
        ch.show_blanks_as("gap")
        ch.set_size({"width": 310, "height": 200})
        sh.ws.insert_chart(top - 1 + (n // 3) * 11, (n % 3) * 3, ch, {"x_offset": 2 * (n % 3)})
    sh.ws.fit_to_pages(1, 1)   # the table and its charts on one page
    return top + 11 * -(-len(CHARTS) // 3)
