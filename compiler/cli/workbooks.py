"""The commands on workbooks: template, validate, compile, sample."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from compiler.cli.common import (EACH_FILE, FOUND_ERRORS, OK, TAHUN, TANGGAL, TRIWULAN, as_triwulan, fail, main, why, writable)


@main.command()
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), metavar="BERKAS",
              default=Path("templat_wksbm.xlsx"), show_default=True, help="Berkas templat yang ditulis.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS",
              help="Daftar WKSBM (daftar_wksbm.csv): satu templat berisi identitas untuk tiap WKSBM.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), metavar="FOLDER",
              help="Folder templat per WKSBM (bersama --registry).")
def template(output: Path, registry: Path | None, out_dir: Path | None) -> None:
    """Tulis buku kerja standar yang masih kosong."""
    from compiler.intake.registry import RegistryError

    if registry is not None:
        from compiler.template.registry import RegistryRowsSkipped, write_registry_templates

        if out_dir is None:
            fail("--registry memerlukan --out-dir.")
        from compiler.files.out_folder import OutputFolderError

        try:
            written = write_registry_templates(registry, writable(out_dir))
        except RegistryRowsSkipped as exc:
            if not exc.written:
                fail(str(exc))
            # the command ran; rows of its input were wrong: as errors found in the inputs
            click.echo(f"{len(exc.written)} templat ditulis ke {out_dir}")
            click.echo(f"Perhatian: {exc}", err=True)
            sys.exit(FOUND_ERRORS)
        except (RegistryError, OutputFolderError) as exc:
            fail(str(exc))
        click.echo(f"{len(written)} templat ditulis ke {out_dir}")
        return
    if out_dir is not None:
        fail("--out-dir hanya dipakai bersama --registry.")
    if output.suffix.lower() != ".xlsx":
        fail(f"nama berkas templat {output} harus berakhiran .xlsx, misalnya templat_wksbm.xlsx.")
    from compiler.template.workbook import write_template

    if output.exists():   # volunteers send the template back filled, often under its own name
        fail(f"berkas {output} sudah ada dan tidak ditimpa, karena bisa jadi laporan yang sudah diisi. "
              "Pindahkan atau hapus berkas itu, atau tulis templat ke nama lain dengan -o.")
    try:
        write_template(output)
    except OSError as exc:
        fail(f"{output} tidak dapat ditulis ({why(exc)}).")
    click.echo(f"Templat ditulis: {output}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str), metavar="BERKAS_ATAU_FOLDER...")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), metavar="FOLDER",
              show_default=True, help="Folder daftar temuan dan salinan perbaikan.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="JUMLAH",
              help="Jumlah proses (bawaan: jumlah inti).")
def validate(paths: tuple[str, ...], out: Path, workers: int | None) -> None:
    """Periksa buku kerja (berkas, atau semua .xlsx di dalam folder)."""
    from compiler.api import NothingToCheck, OutputFolderError, not_workbooks, open_in_excel, validate_paths

    try:
        summary = validate_paths(paths, out, workers, writable=writable)
    except (NothingToCheck, OutputFolderError) as exc:
        fail(str(exc))
    quiet = len(summary.results) > EACH_FILE   # a long list would bury the files to correct among the good
    for line in summary.files:
        if not (quiet and line.state == "baik"):
            click.echo(f"{line.file}: {line.errors} kesalahan, {line.warnings} peringatan - {line.state}")
        if line.whole:
            click.echo(f"  {line.whole}")   # the file itself (not a workbook, unreadable): why, here
    good = summary.good
    click.echo(f"\n{len(summary.results)} berkas diperiksa: {good} baik, {summary.warned} perlu diperiksa (hanya "
               f"peringatan), {summary.with_errors} perlu perbaikan."
               + (" Yang baik tidak didaftar satu per satu di atas." if quiet and good else ""))
    click.echo(f"Daftar temuan: {out / 'daftar_temuan.xlsx'}" + (
        f"; {len(summary.copies)} salinan perbaikan di {out / 'perbaikan'}, untuk dikirim ke WKSBM-nya."
        if summary.copies else "."))
    if summary.others:
        click.echo("Catatan: " + not_workbooks(summary.others))
    if summary.locks:
        click.echo("Catatan: " + open_in_excel(summary.locks))
    if summary.earlier_outputs:
        click.echo(f"Catatan: {summary.earlier_outputs} buku kerja yang ditulis wksbm sendiri (templat yang belum "
                   "diisi, rekap, daftar temuan, salinan perbaikan) bukan laporan, jadi tidak diperiksa.")
    sys.exit(FOUND_ERRORS if summary.with_errors else OK)


@main.command(name="compile")
@click.argument("input_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="FOLDER_LAPORAN",
                required=False)
@click.option("--archive", "archive_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              metavar="FOLDER", help="Rekap dari arsip unggahan (folder --data dari wksbm serve), bukan dari "
              "FOLDER_LAPORAN: laporan yang dihitung dari setiap WKSBM.")
@click.option("--tahun", type=TAHUN, required=True, metavar="TAHUN",
              help="Tahun laporan, misalnya 2026.")
@click.option("--triwulan", type=TRIWULAN, required=True, metavar="TRIWULAN", help="Triwulan: I, II, III atau IV.")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS",
              help="Daftar WKSBM (daftar_wksbm.csv), untuk menghitung yang belum melapor.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"), metavar="FOLDER",
              show_default=True, help="Folder keluaran; rekap ditulis ke FOLDER/TAHUN-TW/ (misalnya output/2026-T3/), yang "
              "diganti seluruhnya setiap kali rekap dibuat: simpan berkas lain di luarnya.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="JUMLAH",
              help="Jumlah proses (bawaan: jumlah inti).")
@click.option("--tenggat", type=TANGGAL, default=None, metavar="YYYY-MM-DD",
              help="Batas waktu laporan (bawaan: tanggal 10 bulan sesudah triwulan berakhir). Laporan yang "
              "diterima sesudahnya ditandai terlambat bila waktu terimanya diketahui (unggahan ke arsip).")
def compile_(input_dir: Path | None, tahun: int, triwulan: str, registry: Path | None, out: Path,
             workers: int | None, tenggat, archive_dir: Path | None = None) -> None:
    """Rekap triwulan: periksa semua buku kerja di FOLDER_LAPORAN (atau di arsip, dengan --archive) lalu tulis
    rekap per kapanewon dan kabupaten."""
    from compiler.api import (NothingToCompile, OutputFolderError, RegistryError, compile_quarter, not_workbooks,
                              open_in_excel)

    job = compile_quarter
    if (input_dir is None) == (archive_dir is None):
        fail("sebutkan FOLDER_LAPORAN atau --archive FOLDER (salah satu saja).")
    if archive_dir is not None:
        if registry is not None:
            fail("--registry tidak dipakai bersama --archive: daftar WKSBM diambil dari arsip.")
        from compiler.api import Archive, compile_archive
        if not (archive_dir / "arsip.sqlite3").is_file():   # never make an archive in a wrong folder
            fail(f"arsip {archive_dir} tidak ditemukan: folder itu bukan folder --data dari wksbm serve.")
        archive = Archive(archive_dir)
        registry = archive_dir / "daftar_wksbm.csv"   # only named in the summary: the archive's own list
        input_dir = archive_dir

        job = functools.partial(_from_archive, compile_archive, archive)
    writable(out)
    bar = {}

    def start(total: int) -> None:
        # no time left shown: it starts wildly wrong; width 0 fits the window
        bar["bar"] = click.progressbar(length=total, label="Membaca buku kerja", file=sys.stderr,
                                       show_pos=True, show_eta=False, width=0)
        bar["bar"].__enter__()

    def writing() -> None:
        _close(bar)
        click.echo("Menulis rekap, daftar temuan dan salinan perbaikan...", err=True)

    try:
        summary = job(input_dir, tahun, as_triwulan(triwulan), out, registry, workers,
                      progress=lambda n: bar["bar"].update(n), start_progress=start, writing=writing,
                      tenggat=tenggat)
    except (RegistryError, OutputFolderError, NothingToCompile) as exc:
        _close(bar)   # the bar's line ends before the failure is said
        fail(str(exc))
    except OSError as exc:
        _close(bar)
        fail(f"keluaran tidak dapat ditulis ({why(exc)}).")
    finally:
        _close(bar)
    lines = [("Berkas ditemukan", summary.found), ("Dihitung dalam rekap", summary.counted),
             ("Perlu perbaikan (ada kesalahan)", summary.with_errors),
             ("Diganti laporan yang lebih baru", summary.superseded),
             ("Triwulan lain (tidak dihitung)", summary.other_quarter),
             ("Belum terdaftar di daftar WKSBM", "-" if registry is None else summary.unregistered),
             ("WKSBM terdaftar belum melapor", "-" if summary.not_reported is None else summary.not_reported),
             ("Waktu", f"{summary.seconds:.1f} detik")]
    click.echo("")
    for label, value in lines:
        click.echo(f"  {label:<34} {value:>8}")
    if registry is None:
        click.echo("  (-: dihitung bila daftar WKSBM diberikan dengan --registry)")
    if summary.quarters_before:
        click.echo(f"  Triwulan sebelumnya (saldo dan tren): {', '.join(summary.quarters_before)}")
    if summary.earlier_outputs:
        click.echo(f"\nCatatan: {summary.earlier_outputs} buku kerja yang ditulis wksbm sebelumnya (rekap, daftar "
                   f"temuan, salinan perbaikan) ada di dalam {input_dir}; buku kerja itu bukan laporan, jadi "
                   "tidak diperiksa.")
    if summary.others:
        click.echo("\nCatatan: " + not_workbooks(summary.others))
    if summary.locks:
        click.echo("\nCatatan: " + open_in_excel(summary.locks))
    if registry is None and input_dir is not None and (input_dir / "daftar_wksbm.csv").is_file():
        click.echo(f"\nCatatan: ada daftar_wksbm.csv di {input_dir}. Untuk menghitung WKSBM yang belum melapor, "
                   f"jalankan lagi dengan --registry {input_dir / 'daftar_wksbm.csv'}.")
    if wrong := _other_quarter(summary, tahun, as_triwulan(triwulan)):
        click.echo("\nPerhatian: " + wrong, err=True)
    if summary.registry_skipped:
        from compiler.intake.registry import skipped_text
        click.echo("\nPerhatian: " + skipped_text(registry, summary.registry_skipped), err=True)
    copies = len(list((summary.out_dir / "perbaikan").glob("*.xlsx")))
    click.echo(f"\nRekap ditulis ke {summary.out_dir}. Daftar temuan: {summary.out_dir / 'daftar_temuan.xlsx'}" + (
        f"; {copies} salinan perbaikan di {summary.out_dir / 'perbaikan'}, untuk dikirim ke WKSBM-nya." if copies else "."))
    sys.exit(FOUND_ERRORS if summary.has_errors else OK)


def _from_archive(compile_archive, archive, _inputs, tahun, triwulan, out, _registry, workers, **hooks):
    """`compile --archive`, called as a folder's compile is."""
    return compile_archive(archive, tahun, triwulan, out, workers, **hooks)


def _close(bar: dict) -> None:
    if "bar" in bar:
        bar.pop("bar").__exit__(None, None, None)


def _other_quarter(summary, tahun: int, triwulan: str) -> str:
    """Most reports of another quarter: a slip in --tahun or --triwulan, likely (a recap of the
    few left would pass for the quarter's)."""
    if summary.other_quarter * 2 <= summary.found:
        return ""
    from compiler.api import periods_said
    said = periods_said([r for r in summary.files if any(f.code == "period-mismatch" for f in r.findings)])
    return (f"{summary.other_quarter} dari {summary.found} berkas adalah laporan triwulan lain ({said}), bukan "
            f"triwulan {triwulan} {tahun}. Periksa --tahun dan --triwulan.")


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("sample_workbooks"), metavar="FOLDER",
              show_default=True, help="Folder contoh buku kerja.")
@click.option("--count", type=click.IntRange(1, 100000), default=20, show_default=True, metavar="JUMLAH",
              help="Jumlah buku kerja.")
@click.option("--seed", type=int, default=2026, show_default=True, metavar="ANGKA",
              help="Angka awal acakan: angka yang sama memberi contoh yang sama.")
@click.option("--tahun", type=TAHUN, default=2026, show_default=True, metavar="TAHUN",
              help="Tahun laporan contoh.")
@click.option("--triwulan", type=TRIWULAN, default="III", show_default=True, metavar="TRIWULAN",
              help="Triwulan laporan contoh: I, II, III atau IV.")
@click.option("--error-rate", type=click.FloatRange(0, 1), default=0.2, show_default=True, metavar="PROPORSI",
              help="Bagian buku kerja yang diberi kesalahan, antara 0 dan 1.")
@click.option("--quarters", default=None, metavar="AWAL..AKHIR",
              help="Rangkaian triwulan, misalnya 2025-IV..2026-III: satu folder laporan_TAHUN-TW per triwulan, "
              "saldo kas berlanjut antartriwulan (menggantikan --tahun dan --triwulan).")
@click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="FOLDER",
              help="Isi juga arsip contoh untuk demo wksbm serve di FOLDER ini: setiap buku kerja dikirim lewat "
              "tautan WKSBM-nya (dengan --quarters, pada waktu terima di diterima.csv).")
def sample(out: Path, count: int, seed: int, tahun: int, triwulan: str, error_rate: float,
           quarters: str | None, data: Path | None) -> None:
    """Buat contoh buku kerja WKSBM yang realistis, beserta daftar_wksbm.csv."""
    from compiler.files.out_folder import OutputFolderError
    from compiler.sample.generate import generate

    try:
        if quarters is not None:
            from compiler.sample.chain import generate_chain, parse_quarters
            try:
                chain = parse_quarters(quarters)
            except ValueError as exc:
                fail(str(exc))
            results = generate_chain(writable(out), chain, count=count, seed=seed, error_rate=error_rate)
            for result in results:
                click.echo(f"{len(result.files)} buku kerja, {result.registry.name} dan diterima.csv ditulis ke "
                           f"{result.out_dir}")
        else:
            results = [generate(writable(out), count=count, seed=seed, tahun=tahun,
                                triwulan=as_triwulan(triwulan), error_rate=error_rate)]
            click.echo(f"{len(results[0].files)} buku kerja dan {results[0].registry.name} ditulis ke {out}")
    except OutputFolderError as exc:
        fail(str(exc))
    if data is not None:
        from compiler.jobs.demo import load_samples

        loaded = load_samples(results, writable(data))
        click.echo(f"Arsip contoh di {data}: {loaded.uploads} unggahan ({loaded.late} terlambat). Jalankan "
                   f"wksbm serve --data {data}, lalu buat tautan dengan wksbm links --data {data} -o tautan.csv.")
