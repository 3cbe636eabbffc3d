"""The `wksbm` command: parse options, call the library, print a summary, set the exit status.

Exit status (STANDARD 3, as csvkit): 0 no errors, 1 errors found in the inputs, 2 the command
itself could not run. Heavy modules (pandas, pandera, openpyxl) are imported inside the
commands that need them, so `wksbm --help` starts at once.
"""
from __future__ import annotations

import errno
import functools
import gc
import gettext
import os
import signal
import sys
from pathlib import Path

import click

from compiler import __version__

# click's own words (usage errors, help headings) in Bahasa Indonesia too, whatever the
# machine's language: operators read Bahasa Indonesia only. Set before the options below are
# declared, as click translates some words (a path's kind, --version's text) right then.
os.environ["LANGUAGE"] = "id"
gettext.bindtextdomain("wksbm", str(Path(__file__).with_name("locale")))
gettext.textdomain("wksbm")

OK, FOUND_ERRORS, CANNOT_RUN = 0, 1, 2


class _Triwulan(click.ParamType):
    """I, II, III or IV (also 1-4, any case, spaces around); refused in the operator's words."""
    name = "triwulan"
    _ALL = {"I": "I", "II": "II", "III": "III", "IV": "IV", "1": "I", "2": "II", "3": "III", "4": "IV"}

    def convert(self, value, param, ctx):
        got = self._ALL.get(str(value).strip().upper())
        if got is None:
            self.fail(f"Triwulan '{value}' tidak dikenal. Tulis I, II, III atau IV (boleh juga 1 sampai 4).",
                      param, ctx)
        return got


class _Tahun(click.ParamType):
    name = "tahun"

    def convert(self, value, param, ctx):
        try:
            year = int(str(value).strip())
        except ValueError:
            year = None
        if year is None or not 2019 <= year <= 2100:
            self.fail(f"Tahun '{value}' tidak dapat dipakai. Tulis tahunnya dengan empat angka, antara 2019 dan "
                      "2100, misalnya 2026.", param, ctx)
        return year


class _Tanggal(click.ParamType):
    """A day written YYYY-MM-DD (the form every locale reads the same)."""
    name = "tanggal"

    def convert(self, value, param, ctx):
        import datetime as dt

        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"Tanggal '{value}' tidak dapat dipakai. Tulis tahun-bulan-tanggal, misalnya 2026-10-10.",
                      param, ctx)


TRIWULAN, TAHUN, TANGGAL = _Triwulan(), _Tahun(), _Tanggal()


def _triwulan(value: str) -> str:
    return TRIWULAN.convert(value, None, None)


def _fail(message: str) -> None:
    click.echo(f"Gagal: {message}", err=True)
    sys.exit(CANNOT_RUN)


_CANCELLED = "dibatalkan (Ctrl+C). Jalankan lagi perintahnya bila perlu."
_LOCKED = "tidak ada izin menulis, atau berkasnya sedang terbuka di program lain seperti Excel"
_WRITE_ERRORS = {errno.ENOSPC: "disk penuh", errno.EDQUOT: "jatah ruang disk Anda penuh",
                 errno.EACCES: _LOCKED, errno.EPERM: _LOCKED, errno.EBUSY: _LOCKED,
                 errno.EROFS: "disk hanya bisa dibaca", errno.ENOENT: "folder tidak ditemukan",
                 errno.ENOTDIR: "bagian jalurnya bukan folder",
                 errno.EISDIR: "sudah ada folder dengan nama berkas itu",
                 errno.ENAMETOOLONG: "nama berkas atau foldernya terlalu panjang",
                 errno.EMFILE: "terlalu banyak berkas terbuka", errno.ENFILE: "terlalu banyak berkas terbuka",
                 errno.EIO: "disk tidak dapat dibaca atau ditulisi",
                 errno.EEXIST: "sudah ada berkas atau pintasan (link) dengan nama itu",
                 errno.ELOOP: "pintasan (link) di jalurnya menunjuk ke dirinya sendiri"}


def _why(exc: OSError) -> str:
    return _WRITE_ERRORS.get(exc.errno, f"kesalahan sistem, kode {exc.errno}")


def _writable(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".wksbm-tulis"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        _fail(f"folder keluaran {out} tidak dapat ditulisi ({_why(exc)}).")
    return out


_EACH_FILE = 30   # files named one by one in validate's list, when all are; more: only those not good


class _Wksbm(click.Group):
    def command(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[PILIHAN]")
        return super().command(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        """Ctrl+C stops a command with a word in Bahasa Indonesia and status 2 (it did not run
        to its end), not click's "Aborted!" and status 1, which here means errors in the inputs."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("", err=True)
            _fail(_CANCELLED)
        except OSError as exc:   # what a command did not foresee: inputs are read before this
            name = exc.filename2 or exc.filename   # os.replace(tmp, target): the target
            where = f"{name}: " if name else ""
            _fail(f"keluaran tidak dapat ditulis ({where}{_why(exc)}).")
        except MemoryError:
            _fail("memori komputer tidak cukup. Tutup program lain, lalu jalankan lagi.")


@click.group(cls=_Wksbm, context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[PILIHAN]",
             subcommand_metavar="PERINTAH [ISIAN]...")
@click.version_option(__version__, prog_name="wksbm")
def main() -> None:
    """wksbm: memeriksa dan merekap laporan triwulan WKSBM Kabupaten Bantul."""


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
            _fail("--registry memerlukan --out-dir.")
        from compiler.files.out_folder import OutputFolderError

        try:
            written = write_registry_templates(registry, _writable(out_dir))
        except RegistryRowsSkipped as exc:
            if not exc.written:
                _fail(str(exc))
            # the command ran; rows of its input were wrong: as errors found in the inputs
            click.echo(f"{len(exc.written)} templat ditulis ke {out_dir}")
            click.echo(f"Perhatian: {exc}", err=True)
            sys.exit(FOUND_ERRORS)
        except (RegistryError, OutputFolderError) as exc:
            _fail(str(exc))
        click.echo(f"{len(written)} templat ditulis ke {out_dir}")
        return
    if out_dir is not None:
        _fail("--out-dir hanya dipakai bersama --registry.")
    if output.suffix.lower() != ".xlsx":
        _fail(f"nama berkas templat {output} harus berakhiran .xlsx, misalnya templat_wksbm.xlsx.")
    from compiler.template.workbook import write_template

    if output.exists():   # volunteers send the template back filled, often under its own name
        _fail(f"berkas {output} sudah ada dan tidak ditimpa, karena bisa jadi laporan yang sudah diisi. "
              "Pindahkan atau hapus berkas itu, atau tulis templat ke nama lain dengan -o.")
    try:
        write_template(output)
    except OSError as exc:
        _fail(f"{output} tidak dapat ditulis ({_why(exc)}).")
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
        summary = validate_paths(paths, out, workers, writable=_writable)
    except (NothingToCheck, OutputFolderError) as exc:
        _fail(str(exc))
    quiet = len(summary.results) > _EACH_FILE   # a long list would bury the files to correct among the good
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
        _fail("sebutkan FOLDER_LAPORAN atau --archive FOLDER (salah satu saja).")
    if archive_dir is not None:
        if registry is not None:
            _fail("--registry tidak dipakai bersama --archive: daftar WKSBM diambil dari arsip.")
        from compiler.api import Archive, compile_archive
        if not (archive_dir / "arsip.sqlite3").is_file():   # never make an archive in a wrong folder
            _fail(f"arsip {archive_dir} tidak ditemukan: folder itu bukan folder --data dari wksbm serve.")
        archive = Archive(archive_dir)
        registry = archive_dir / "daftar_wksbm.csv"   # only named in the summary: the archive's own list
        input_dir = archive_dir

        job = functools.partial(_from_archive, compile_archive, archive)
    _writable(out)
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
        summary = job(input_dir, tahun, _triwulan(triwulan), out, registry, workers,
                      progress=lambda n: bar["bar"].update(n), start_progress=start, writing=writing,
                      tenggat=tenggat)
    except (RegistryError, OutputFolderError, NothingToCompile) as exc:
        _close(bar)   # the bar's line ends before the failure is said
        _fail(str(exc))
    except OSError as exc:
        _close(bar)
        _fail(f"keluaran tidak dapat ditulis ({_why(exc)}).")
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
    if wrong := _other_quarter(summary, tahun, _triwulan(triwulan)):
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
def sample(out: Path, count: int, seed: int, tahun: int, triwulan: str, error_rate: float,
           quarters: str | None) -> None:
    """Buat contoh buku kerja WKSBM yang realistis, beserta daftar_wksbm.csv."""
    from compiler.files.out_folder import OutputFolderError
    from compiler.sample.generate import generate

    try:
        if quarters is not None:
            from compiler.sample.chain import generate_chain, parse_quarters
            try:
                chain = parse_quarters(quarters)
            except ValueError as exc:
                _fail(str(exc))
            results = generate_chain(_writable(out), chain, count=count, seed=seed, error_rate=error_rate)
            for result in results:
                click.echo(f"{len(result.files)} buku kerja, {result.registry.name} dan diterima.csv ditulis ke "
                           f"{result.out_dir}")
            return
        result = generate(_writable(out), count=count, seed=seed, tahun=tahun,
                          triwulan=_triwulan(triwulan), error_rate=error_rate)
    except OutputFolderError as exc:
        _fail(str(exc))
    click.echo(f"{len(result.files)} buku kerja dan {result.registry.name} ditulis ke {out}")


_DATA = click.option("--data", "data", type=click.Path(file_okay=False, path_type=Path), default=Path("wksbm-data"),
                     show_default=True, metavar="FOLDER", help="Folder arsip unggahan (dibuat bila belum ada).")


@main.command()
@_DATA
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ALAMAT",
              help="Alamat yang didengarkan; 0.0.0.0 agar dapat dibuka dari komputer lain.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, metavar="PORT",
              help="Nomor port.")
def serve(data: Path, host: str, port: int) -> None:
    """Jalankan layanan unggah laporan (tautan per WKSBM) di atas arsip di --data."""
    import socket

    from compiler.web.serve import run_server

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            _fail(f"alamat {host}:{port} tidak dapat dipakai ({'port sudah dipakai program lain; pakai --port lain' if exc.errno == errno.EADDRINUSE else _why(exc)}).")
    from compiler.api import Archive

    shown = f"[{host}]" if ":" in host else host
    registered = len(Archive(_writable(data)).all_wksbm())   # made here on first start
    hint = (f"{registered} WKSBM terdaftar; tautan masing-masing: wksbm links --data {data} -o tautan_wksbm.xlsx"
            if registered else f"Arsip belum berisi daftar WKSBM: jalankan wksbm links --data {data} --registry "
            "daftar_wksbm.csv -o tautan_wksbm.xlsx")

    def ready() -> None:
        click.echo(f"Layanan laporan WKSBM berjalan di http://{shown}:{port}/ (arsip: {data}). Tekan Ctrl+C untuk "
                   f"berhenti.\n{hint}")
    run_server(data, host, port, ready=ready)


@main.command()
@_DATA
@click.option("--registry", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="BERKAS",
              help="Daftar WKSBM (daftar_wksbm.csv): WKSBM baru mendapat tautan, yang sudah ada tetap.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, metavar="URL",
              help="Alamat layanan seperti dibuka WKSBM, misalnya https://lapor.dinsos.bantulkab.go.id.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              metavar="BERKAS", help="Berkas tautan: .xlsx atau .csv.")
def links(data: Path, registry: Path | None, base_url: str, output: Path) -> None:
    """Tulis tautan unggah setiap WKSBM terdaftar, untuk dikirim Dinas Sosial."""
    from compiler.api import Archive, RegistryError, write_links
    from compiler.intake.registry import skipped_text

    if output.suffix.lower() not in (".xlsx", ".csv"):
        _fail(f"berkas tautan {output} harus berakhiran .xlsx atau .csv.")
    if not base_url.startswith(("http://", "https://")):
        _fail(f"--base-url '{base_url}' harus diawali http:// atau https://.")
    try:
        count, imported = write_links(Archive(_writable(data)), output, base_url, registry)
    except RegistryError as exc:
        _fail(str(exc))
    if imported is not None:
        click.echo(f"Daftar WKSBM: {len(imported.added)} WKSBM baru, {len(imported.kept)} sudah ada (tautannya tetap).")
        if imported.skipped:
            click.echo("Perhatian: " + skipped_text(registry, imported.skipped), err=True)
    click.echo(f"{count} tautan WKSBM ditulis ke {output}.")


@main.group(cls=_Wksbm)
def archive() -> None:
    """Arsip unggahan laporan."""


@archive.command(name="export")
@_DATA
@click.option("--tahun", type=TAHUN, required=True, metavar="TAHUN", help="Tahun laporan, misalnya 2026.")
@click.option("--triwulan", type=TRIWULAN, required=True, metavar="TRIWULAN", help="Triwulan: I, II, III atau IV.")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), required=True,
              metavar="FOLDER", help="Folder tujuan berkas laporan.")
def archive_export(data: Path, tahun: int, triwulan: str, output: Path) -> None:
    """Salin laporan yang dihitung dari setiap WKSBM ke sebuah folder."""
    from compiler.api import Archive, export_counted

    if not (data / "arsip.sqlite3").is_file():
        _fail(f"arsip {data} tidak ditemukan. Sebutkan folder arsip dengan --data.")
    written = export_counted(Archive(data), tahun, _triwulan(triwulan), _writable(output))
    click.echo(f"{len(written)} laporan triwulan {_triwulan(triwulan)} {tahun} disalin ke {output}.")


@archive.command(name="backup")
@_DATA
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), metavar="FOLDER_CADANGAN")
def archive_backup(data: Path, dest: Path) -> None:
    """Cadangkan arsip (basis data dan berkas) ke FOLDER_CADANGAN, juga saat layanan berjalan."""
    from compiler.api import BackupError, SharedArchive, backup

    if not (data / "arsip.sqlite3").is_file():
        _fail(f"arsip {data} tidak ditemukan. Sebutkan folder arsip dengan --data.")
    try:
        made = backup(SharedArchive(data), dest)   # beside a running server: its uploads go on
    except BackupError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cadangan ke {dest} tidak dapat ditulis ({_why(exc)}).")
    click.echo(f"Cadangan arsip ditulis ke {dest}: {made.uploads} unggahan, {made.files} berkas, "
               f"{made.compiles} kompilasi. Untuk memulihkan, jalankan layanan dengan --data {dest}.")


@main.group(cls=_Wksbm)
def user() -> None:
    """Akun operator konsol (admin, operator, kapanewon)."""


@user.command(name="add")
@_DATA
@click.argument("name", metavar="NAMA")
@click.option("--role", type=click.Choice(["admin", "operator", "kapanewon"]), required=True, metavar="PERAN",
              help="admin, operator atau kapanewon.")
@click.option("--kapanewon", default=None, metavar="KAPANEWON", help="Kapanewon akun (hanya untuk peran kapanewon).")
def user_add(data: Path, name: str, role: str, kapanewon: str | None) -> None:
    """Tambah akun NAMA. Kata sandi ditanyakan dua kali (tidak pernah ditulis di baris perintah)."""
    import sys

    from compiler.api import AccountError, add_user, open_archive

    if sys.stdin.isatty():
        password = click.prompt("Kata sandi", hide_input=True, confirmation_prompt="Ulangi kata sandi")
    else:   # from a script: two lines on standard input
        password, again = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
        if password != again:
            _fail("kedua kata sandi tidak sama.")
    try:
        add_user(open_archive(_writable(data)), name, role, password, kapanewon, by="cli")
    except AccountError as exc:
        _fail(str(exc))
    click.echo(f"Akun {name} ({role}{' ' + kapanewon if kapanewon else ''}) ditambahkan.")


@main.command(name="help", hidden=True)
@click.argument("command", required=False)
@click.pass_context
def help_(ctx: click.Context, command: str | None) -> None:
    """`wksbm help [PERINTAH]`, as people type it: the same as `wksbm [PERINTAH] --help`."""
    found = main.get_command(ctx, command) if command else None
    if command and found is None:
        _fail(f"perintah '{command}' tidak dikenal. Perintahnya: template, validate, compile, sample, serve, links, archive, user.")
    click.echo(found.get_help(click.Context(found, info_name=command, parent=ctx.parent)) if found
               else ctx.parent.get_help())


def run() -> None:
    """The console entry point: `main`, then a quick exit that Ctrl+C no longer interrupts.
    Frozen, the heap (pandas, pandera, a quarter's results) is not walked by the interpreter's
    last collection: ~0.2 s less at the end of a compile. Tests call `main` in-process, where
    freezing would keep garbage."""
    try:
        try:
            main()
        finally:
            # The command has ended: Ctrl+C now would only break the interpreter's exit (worker
            # pools closing) with a traceback in English.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
    except KeyboardInterrupt:        # pressed in the instant between the command's end and that line
        _fail(_CANCELLED)
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    run()
