"""What every `wksbm` command shares: the group, the exit statuses, the operator's words for
slips and failures, and the option types (tahun, triwulan, a date).

Exit status (STANDARD 3, as csvkit): 0 no errors, 1 errors found in the inputs, 2 the command
itself could not run. Heavy modules (pandas, pandera, openpyxl) are imported inside the
commands that need them, so `wksbm --help` starts at once.
"""
from __future__ import annotations

import errno
import gettext
import os
import sys
from pathlib import Path

import click

from compiler import __version__

# click's own words (usage errors, help headings) in Bahasa Indonesia too, whatever the
# machine's language: operators read Bahasa Indonesia only. Set before the options below are
# declared, as click translates some words (a path's kind, --version's text) right then.
os.environ["LANGUAGE"] = "id"
gettext.bindtextdomain("wksbm", str(Path(__file__).parent.with_name("locale")))
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


def as_triwulan(value: str) -> str:
    return TRIWULAN.convert(value, None, None)


def fail(message: str) -> None:
    click.echo(f"Gagal: {message}", err=True)
    sys.exit(CANNOT_RUN)


CANCELLED = "dibatalkan (Ctrl+C). Jalankan lagi perintahnya bila perlu."
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


def why(exc: OSError) -> str:
    return _WRITE_ERRORS.get(exc.errno, f"kesalahan sistem, kode {exc.errno}")


def writable(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".wksbm-tulis"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        fail(f"folder keluaran {out} tidak dapat ditulisi ({why(exc)}).")
    return out


EACH_FILE = 30   # files named one by one in validate's list, when all are; more: only those not good


class WksbmGroup(click.Group):
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
            fail(CANCELLED)
        except OSError as exc:   # what a command did not foresee: inputs are read before this
            name = exc.filename2 or exc.filename   # os.replace(tmp, target): the target
            where = f"{name}: " if name else ""
            fail(f"keluaran tidak dapat ditulis ({where}{why(exc)}).")
        except MemoryError:
            fail("memori komputer tidak cukup. Tutup program lain, lalu jalankan lagi.")


@click.group(cls=WksbmGroup, context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[PILIHAN]",
             subcommand_metavar="PERINTAH [ISIAN]...")
@click.version_option(__version__, prog_name="wksbm")
def main() -> None:
    """wksbm: memeriksa dan merekap laporan triwulan WKSBM Kabupaten Bantul."""
