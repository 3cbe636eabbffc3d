"""Sum the counted workbooks' figures into the tidy recap, `rekap_data.csv` (STANDARD 5).

Every area (kabupaten, 17 kapanewon, 75 kalurahan) gets every indikator with every canonical
category, 0 where nothing was reported, so consumers and the human recaps see a full grid.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from compiler.figures.workbook import FIGURE_KEYS
from schemas.reference import KABUPATEN, KALURAHAN_KODE, KAPANEWON_KODE, KAPANEWON_OF, WILAYAH

COLUMNS = ("tahun", "triwulan", "tingkat", "kode_wilayah", "nama_wilayah", "indikator", "kategori", "nilai")
STATUS = ("wksbm_terdaftar", "wksbm_melapor", "wksbm_perlu_perbaikan", "wksbm_belum_melapor")
LEVELS = ("kabupaten", "kapanewon", "kalurahan")


def categories() -> list[tuple[str, str]]:
    """(indikator, kategori) in the standard's order, categories in canonical order."""
    return [(s, "") for s in STATUS] + list(FIGURE_KEYS)


def areas() -> pd.DataFrame:
    rows = [("kabupaten", KABUPATEN[0], KABUPATEN[1], KABUPATEN[0])]
    rows += [("kapanewon", code, name, code) for name, code in KAPANEWON_KODE.items()]
    rows += [("kalurahan", r["kode_kalurahan"], r["kalurahan"], r["kode_kapanewon"]) for r in WILAYAH]
    return pd.DataFrame(rows, columns=["tingkat", "kode_wilayah", "nama_wilayah", "induk"])


def _by_level(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum rows keyed by kode_kalurahan / kode_kapanewon up to every level where known."""
    parts = []
    kal = frame[frame["kode_kalurahan"].notna()]
    parts.append(kal.assign(kode_wilayah=kal["kode_kalurahan"]))
    kap = frame[frame["kode_kapanewon"].notna()]
    parts.append(kap.assign(kode_wilayah=kap["kode_kapanewon"]))
    parts.append(frame.assign(kode_wilayah=KABUPATEN[0]))
    both = pd.concat(parts, ignore_index=True)
    return both.groupby(["kode_wilayah", "indikator", "kategori"], as_index=False)["nilai"].sum()


def build(kode_kalurahan: list[str], figures, status: pd.DataFrame, tahun: int, triwulan: str,
          with_registry: bool) -> pd.DataFrame:
    """kode_kalurahan[i] and figures[i] (a vector aligned with FIGURE_KEYS) of each counted
    workbook; status: one row per WKSBM with kode_kalurahan, kapanewon, status, terdaftar."""
    kap_of = {code: KAPANEWON_KODE[KAPANEWON_OF[name]] for name, code in KALURAHAN_KODE.items()}
    matrix = np.asarray(figures, dtype=float).reshape(len(kode_kalurahan), len(FIGURE_KEYS))
    by_kal = pd.DataFrame(matrix).groupby(pd.Index(kode_kalurahan, dtype=object)).sum()
    # long form, kalurahan by kalurahan, figures in FIGURE_KEYS order (what DataFrame.stack
    # gives, at a hundredth of its cost)
    n_kal, n_keys = by_kal.shape
    fig = pd.DataFrame({"kode_kalurahan": np.repeat(by_kal.index.to_numpy(dtype=object), n_keys),
                        "indikator": np.tile(np.array([k for k, _ in FIGURE_KEYS], dtype=object), n_kal),
                        "kategori": np.tile(np.array([c for _, c in FIGURE_KEYS], dtype=object), n_kal),
                        "nilai": by_kal.to_numpy().ravel()})
    fig["kode_kapanewon"] = fig["kode_kalurahan"].map(kap_of)
    st = status.copy()
    st["kode_kapanewon"] = st["kapanewon"].map(KAPANEWON_KODE)
    counts = [st.assign(indikator="wksbm_" + st["status"], kategori="", nilai=1.0)]
    if with_registry:
        reg = st[st["terdaftar"]]
        counts.append(reg.assign(indikator="wksbm_terdaftar", kategori="", nilai=1.0))
    cols = ["kode_kalurahan", "kode_kapanewon", "indikator", "kategori", "nilai"]
    summed = _by_level(pd.concat([fig[cols]] + [c[cols] for c in counts], ignore_index=True))
    grid = areas().merge(pd.DataFrame(categories(), columns=["indikator", "kategori"]), how="cross")
    if not with_registry:
        grid = grid[~grid["indikator"].isin(["wksbm_terdaftar", "wksbm_belum_melapor"])]
    out = grid.merge(summed, on=["kode_wilayah", "indikator", "kategori"], how="left")
    out["nilai"] = out["nilai"].fillna(0.0)
    out.insert(0, "tahun", tahun)
    out.insert(1, "triwulan", triwulan)
    return out[list(COLUMNS)].reset_index(drop=True)


def write_csv(rekap: pd.DataFrame, path) -> None:
    """Plain UTF-8 for the programs that read it; whole numbers written without ".0"."""
    import io

    from compiler.files.atomic import write_bytes

    frame = rekap.copy()
    frame["nilai"] = frame["nilai"].map(lambda v: str(int(v)) if float(v).is_integer() else repr(float(v)))
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\r\n")
    write_bytes(path, buf.getvalue().encode("utf-8"))   # for programs: no BOM (that is the findings list's, for Excel)
