"""`wksbm sample --quarters ... --data DIR`: a sample archive for the server's demo, each sample
workbook received through its WKSBM's link at the time its quarter's diterima.csv gives."""
from __future__ import annotations

import csv
import datetime as dt

from click.testing import CliRunner

from compiler.archive.db import WIB, Archive
from compiler.cli import main


def test_the_sample_chain_is_received_into_an_archive(tmp_path):
    done = CliRunner().invoke(main, ["sample", "--quarters", "2026-I..2026-II", "--count", "8", "--seed", "5",
                                     "--out", str(tmp_path / "contoh"), "--data", str(tmp_path / "arsip")])
    assert done.exit_code == 0, done.output
    archive = Archive(tmp_path / "arsip")
    uploads = {u["original_name"]: u for w in archive.all_wksbm() for u in archive.uploads_of(w.id)}
    expected, late = {}, set()
    for quarter in ("2026-T1", "2026-T2"):
        with (tmp_path / "contoh" / f"laporan_{quarter}" / "diterima.csv").open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                expected[row["berkas"]] = dt.datetime.fromisoformat(row["diterima"]).replace(tzinfo=WIB)
                late |= {row["berkas"]} if row["terlambat"] == "ya" else set()
    assert set(uploads) <= set(expected) and len(uploads) >= len(expected) - 2   # the unregistered one(s) aside
    for name, upload in uploads.items():
        assert dt.datetime.fromisoformat(upload["received_at"]) == expected[name], name
        codes = {f["kode"] for f in upload["findings"]}
        assert ("submission-late" in codes) == (name in late and upload["eligible"] == 1), (name, codes)
    assert f"{len(uploads)} unggahan" in done.output
    archive.close()
