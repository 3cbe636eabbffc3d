"""The HTML recap: one self-contained, printable page per recap (no scripts, no external files).

Every figure cell carries data-indikator / data-kategori / data-wilayah / data-nilai, so the
page can be checked against rekap_data.csv by a program as well as read by a person.
"""
from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from compiler.files.atomic import write_with
from compiler.recap.format import COLORS, angka, persen
from compiler.recap import trend
from compiler.recap.view import NO_DATA, Fig, Recap, Table


def mentah(x: float | None) -> str:
    """The raw number for data-nilai: integers without '.0', others as Python writes them."""
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def tampil(f: Fig) -> str:
    return persen(f.share) if f.percent else angka(f.value)


def bar_chart(table: Table) -> Markup:
    """A horizontal bar chart (stacked or grouped) of some columns of an area table, as SVG."""
    spec = table.chart
    rows = [r for r in table.rows if not r.total]
    names = [table.columns[i] for i in spec.columns]
    vals = [[(r.figs[i].value or 0.0) for i in spec.columns] for r in rows]
    colors = COLORS[:3] if spec.stacked else COLORS[3:]
    per_row = 1 if spec.stacked else len(names)
    # 720 wide: drawn on an upright A4 page (190 mm), its 11px text still reads as about 8 pt
    bar_h, gap, left, right, width = 12, 8, 150, 120, 720
    top = 50 if spec.stacked else 34   # a stacked chart explains its numbers on a second line
    row_h = bar_h * per_row + gap
    height = top + row_h * len(rows) + 10
    biggest = max([sum(v) if spec.stacked else max(v) for v in vals] + [0.0]) or 1.0
    scale = (width - left - right) / biggest
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik" role="img" '
           f'viewBox="0 0 {width} {height}" width="100%">', f"<title>{escape(spec.title)}</title>"]
    x = left
    for name, color in zip(names, colors):  # legend
        out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{color}"/>'
                   f'<text x="{x + 16}" y="16">{escape(name)}</text>')
        x += 24 + 8 * len(name)
    if spec.stacked:   # what the numbers at the end of a bar are, in their order
        out.append(f'<text x="{left}" y="34" class="nilai">Angka di ujung batang: '
                   f'{escape(" / ".join(names))}</text>')
    for n, (row, v) in enumerate(zip(rows, vals)):
        y = top + n * row_h
        out.append(f'<text x="{left - 6}" y="{y + bar_h * per_row / 2:.1f}" text-anchor="end" '
                   f'dominant-baseline="middle">{escape(row.label)}</text>')
        x = float(left)
        for k, (value, color) in enumerate(zip(v, colors)):
            w = value * scale
            by = y if spec.stacked else y + k * bar_h
            out.append(f'<rect x="{x:.1f}" y="{by}" width="{w:.1f}" height="{bar_h}" fill="{color}"/>')
            if spec.stacked:
                x += w
            else:
                out.append(f'<text x="{x + w + 4:.1f}" y="{by + bar_h / 2:.1f}" '
                           f'dominant-baseline="middle" class="nilai">{angka(value)}</text>')
        if spec.stacked:
            label = " / ".join(angka(value) for value in v)
            out.append(f'<text x="{x + 4:.1f}" y="{y + bar_h / 2:.1f}" dominant-baseline="middle" '
                       f'class="nilai">{label}</text>')
    out.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 6}" stroke="#555"/>')
    out.append("</svg>")
    return Markup("\n".join(out))


@functools.cache
def environment() -> jinja2.Environment:
    """Templates ship inside the package (compiler/recap/templates); autoescape is always on."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("compiler.recap", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters.update(angka=angka, persen=persen, mentah=mentah, tampil=tampil)
    env.globals.update(bar_chart=bar_chart, trend_section=trend.html_section)
    return env


TEMPLATE = "recap.html.j2"


def render_html(recap: Recap, env: jinja2.Environment | None = None) -> str:
    return (env or environment()).get_template(TEMPLATE).render(r=recap, no_data=NO_DATA)


def write_html(recap: Recap, path: Path, env: jinja2.Environment | None = None) -> Path:
    text = render_html(recap, env)
    return write_with(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
