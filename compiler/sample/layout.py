"""How one sample volunteer lays out the workbook (titles, moved columns, blank and
pre-numbered rows, accepted spelling variants), and writing it in that layout.

The variety is what the reader must cope with in real submissions; none of it is a mistake.
"""
from __future__ import annotations

import calendar
import os
from pathlib import Path

from compiler.sample.books import BookDrawer
from compiler.sample.period import stamp
from compiler.sample.words import PETUNJUK
from compiler.sample.xlsx import (ST_DATE, ST_HEADER, ST_LABEL, ST_PLAIN, ST_RP, ST_TEXT, ST_TITLE,
                                  Workbook, column_letters)
from schemas import standard as S

LOWER_KEYS = ("sumber_dana", "bentuk", "jenis_surat", "kondisi", "status", "lokasi", "jenis_pengeluaran")


def layout(g: BookDrawer, book: dict) -> dict:
    """How this volunteer writes: title rows, moved columns, blank and pre-numbered rows."""
    r = g.rng
    style = {"titles": r.choices((0, 1, 2, 3, 4), weights=(2, 3, 3, 2, 1))[0],
             "case": r.choices(("plain", "upper", "wrap"), weights=(7, 2, 2))[0],
             "swap": r.random() < 0.3, "blank": r.random() < 0.3, "prenumber": r.random() < 0.5,
             "lower": r.random() < 0.2, "gender_words": r.random() < 0.15,
             "terlantar": r.random() < 0.2, "psks_code": r.random() < 0.2,
             "petunjuk": r.random() < 0.4, "id_titles": r.randint(0, 2)}
    sheets = {}
    for sheet in S.TABLES:
        cols = [c.key for c in sheet.columns]
        if style["swap"] and r.random() < 0.4:
            a, b = r.sample(range(len(cols)), 2)
            cols[a], cols[b] = cols[b], cols[a]
        n_titles = style["titles"] if r.random() < 0.8 else r.randint(0, 4)
        plan = [("title", i) for i in range(n_titles)] + [("header", None)]
        n = len(book[sheet.key])
        for i in range(n):
            if style["blank"] and 0 < i and r.random() < 0.2:
                plan.append(("blank", None))
            plan.append(("rec", i))
        if style["prenumber"]:
            plan += [("num", n + 1 + k) for k in range(max(2, r.choice((10, 15, 20, 25)) - n))]
        sheets[sheet.key] = {"cols": cols, "plan": plan}
    style["sheets"] = sheets
    return style


def _titles(sheet: S.Sheet, g: BookDrawer, n: int) -> list[str | None]:
    period = f"Triwulan {S.TRIWULAN[g.job.q - 1]} Tahun {g.job.tahun}"
    lines = [sheet.book.split(". ", 1)[-1].upper(),
             f"{g.w['nama_wksbm']} - Padukuhan {g.w['padukuhan']}, Kalurahan {g.w['kalurahan']}",
             (f"Keadaan akhir {period}" if not sheet.period_bound else period), None]
    return lines[:n]


def _header_text(label: str, case: str) -> str:
    if case == "upper":
        return label.upper()
    if case == "wrap" and " " in label:
        head, tail = label.rsplit(" ", 1)
        return f"{head}\n{tail}"
    return label


def _shown(value, col: S.Column, style: dict):
    """The value as this volunteer types it: spelling variants that the standard accepts."""
    if not isinstance(value, str) or value not in col.allowed:
        return value
    if col.key == "jenis_kelamin" and style["gender_words"]:
        return "Laki-laki" if value == "L" else "Perempuan"
    if col.key == "jenis_ppks" and style["terlantar"]:
        return value.replace("Telantar", "Terlantar")
    if col.key == "jenis_psks" and style["psks_code"]:
        return dict((canon, code) for code, canon in col.aliases).get(value, value)
    if col.key in LOWER_KEYS and style["lower"]:
        return value.lower()
    return value


# The cell style of each kind of column (text-formatted NIK and phone, dd/mm/yyyy dates).
KIND_STYLE = {S.DATE: ST_DATE, S.RP: ST_RP, S.NIK: ST_TEXT, S.PHONE: ST_TEXT}


def write_book(path: Path, book: dict, style: dict, g: BookDrawer) -> dict:
    """Write the workbook; return where each record and Identitas field went."""
    ident = book["_identitas"]
    saved = ident["tanggal_laporan"].replace(hour=19, minute=30)
    wb = Workbook()
    where: dict = {}

    if style["petunjuk"]:
        ws = wb.sheet(S.PETUNJUK, [90])
        ws.append([(PETUNJUK[0], ST_TITLE)])
        for line in PETUNJUK[1:]:
            ws.append([line])

    ws = wb.sheet(S.IDENTITAS.name, [30, 44])
    first = len(wb.sheets) - 1
    for text in ("IDENTITAS WKSBM", f"Laporan Triwulan {ident['triwulan']} Tahun {ident['tahun']}")[: style["id_titles"]]:
        ws.append([(text, ST_TITLE)])
    for col in S.IDENTITAS.columns:
        ws.append([(col.label, ST_LABEL), (ident[col.key], KIND_STYLE.get(col.kind, ST_PLAIN))])
        where[("_identitas", None, col.key)] = f"B{len(ws.rows)}"
    ws.append()
    ws.append([(S.CHECKLIST_TITLE, ST_TITLE)])
    for label in S.CHECKLIST:
        ws.append([label, book["_checklist"][label]])

    for sheet in S.TABLES:
        lay = style["sheets"][sheet.key]
        cols = [sheet.column(k) for k in lay["cols"]]
        ws = wb.sheet(sheet.name, [5] + [c.width for c in cols])
        titles = _titles(sheet, g, sum(1 for kind, _ in lay["plan"] if kind == "title"))
        records = book[sheet.key]
        number = 0
        for kind, i in lay["plan"]:
            if kind == "title":
                ws.append([(titles[i], ST_TITLE)] if titles[i] else [])
            elif kind == "header":
                ws.append([(_header_text(x, style["case"]), ST_HEADER)
                           for x in [S.NO_LABEL] + [c.label for c in cols]])
            elif kind == "blank":
                ws.append()
            elif kind == "num":
                ws.append([i])
            else:
                number += 1
                out = [number]
                if sheet.key in book.get("_shifted", {}):   # pasted with a voucher number in front
                    out.append((f"{book['_shifted'][sheet.key]}-{number:02d}", ST_PLAIN))
                for c in cols:
                    v = _shown(records[i][c.key], c, style)
                    if isinstance(v, int) and c.kind == S.NIK:
                        out.append(v)  # the mistake: a NIK stored as a number, no text format
                    else:
                        out.append((v, KIND_STYLE.get(c.kind, ST_PLAIN) if not isinstance(v, str) or c.kind in (S.NIK, S.PHONE) else ST_PLAIN))
                ws.append(out)
                n_row = len(ws.rows)
                for j, c in enumerate(cols, start=2):
                    where[(sheet.key, i, c.key)] = f"{column_letters(j)}{n_row}"

    for name, key, rows in book.get("_extra", ()):   # a sheet per month beside the book
        sheet = S.TABLE_BY_KEY[key]
        ws = wb.sheet(name, [5] + [c.width for c in sheet.columns])
        ws.append([(name.upper(), ST_TITLE)])
        ws.append([(x, ST_HEADER) for x in [S.NO_LABEL] + [c.label for c in sheet.columns]])
        for number, i in enumerate(rows, start=1):
            ws.append([number] + [(v := book[key][i][c.key], KIND_STYLE.get(c.kind, ST_PLAIN) if not isinstance(v, str)
                                   else ST_PLAIN) for c in sheet.columns])

    wb.save(path, ident["nama_pelapor"], stamp(g.start).replace(hour=8), saved, active=first)
    ts = calendar.timegm(saved.timetuple())
    os.utime(path, (ts, ts))
    return where
