"""The commands of the web intake and its archive: serve, links, archive export/backup, user add."""
from __future__ import annotations

import errno
from pathlib import Path

import click

from compiler.cli.common import (TAHUN, TRIWULAN, WksbmGroup, as_triwulan, fail, main, why, writable)


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
            fail(f"alamat {host}:{port} tidak dapat dipakai ({'port sudah dipakai program lain; pakai --port lain' if exc.errno == errno.EADDRINUSE else why(exc)}).")
    from compiler.api import Archive

    shown = f"[{host}]" if ":" in host else host
    registered = len(Archive(writable(data)).all_wksbm())   # made here on first start
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
        fail(f"berkas tautan {output} harus berakhiran .xlsx atau .csv.")
    if not base_url.startswith(("http://", "https://")):
        fail(f"--base-url '{base_url}' harus diawali http:// atau https://.")
    try:
        count, imported = write_links(Archive(writable(data)), output, base_url, registry)
    except RegistryError as exc:
        fail(str(exc))
    if imported is not None:
        click.echo(f"Daftar WKSBM: {len(imported.added)} WKSBM baru, {len(imported.kept)} sudah ada (tautannya tetap).")
        if imported.skipped:
            click.echo("Perhatian: " + skipped_text(registry, imported.skipped), err=True)
    click.echo(f"{count} tautan WKSBM ditulis ke {output}.")


@main.group(cls=WksbmGroup)
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
        fail(f"arsip {data} tidak ditemukan. Sebutkan folder arsip dengan --data.")
    written = export_counted(Archive(data), tahun, as_triwulan(triwulan), writable(output))
    click.echo(f"{len(written)} laporan triwulan {as_triwulan(triwulan)} {tahun} disalin ke {output}.")


@archive.command(name="backup")
@_DATA
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), metavar="FOLDER_CADANGAN")
def archive_backup(data: Path, dest: Path) -> None:
    """Cadangkan arsip (basis data dan berkas) ke FOLDER_CADANGAN, juga saat layanan berjalan."""
    from compiler.api import BackupError, SharedArchive, backup

    if not (data / "arsip.sqlite3").is_file():
        fail(f"arsip {data} tidak ditemukan. Sebutkan folder arsip dengan --data.")
    try:
        made = backup(SharedArchive(data), dest)   # beside a running server: its uploads go on
    except BackupError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cadangan ke {dest} tidak dapat ditulis ({why(exc)}).")
    click.echo(f"Cadangan arsip ditulis ke {dest}: {made.uploads} unggahan, {made.files} berkas, "
               f"{made.compiles} kompilasi. Untuk memulihkan, jalankan layanan dengan --data {dest}.")


@main.group(cls=WksbmGroup)
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
            fail("kedua kata sandi tidak sama.")
    try:
        add_user(open_archive(writable(data)), name, role, password, kapanewon, by="cli")
    except AccountError as exc:
        fail(str(exc))
    click.echo(f"Akun {name} ({role}{' ' + kapanewon if kapanewon else ''}) ditambahkan.")
