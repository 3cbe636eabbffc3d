"""`wksbm archive backup DEST` while the server takes uploads: a consistent snapshot (every
upload the copy names has its file), and a restore (starting on the copy) that gives the same
board and compiles the same quarter; `wksbm user add` reads the password twice, never from
the command line."""
from __future__ import annotations

import threading

from click.testing import CliRunner

from compiler.archive import accounts
from compiler.archive.db import Archive
from compiler.cli import main
from compiler.jobs import console_compile
from compiler.jobs.board import board
from tests.console.conftest import ON_TIME, upload
from tests.helpers.builder import Book


def test_backup_while_uploads_arrive_then_restore(archive, checker, tmp_path):
    import datetime as dt

    upload(archive, checker, "Depok", tmp_path)
    stop = threading.Event()
    sent = []

    def keep_uploading():
        n = 0
        while not stop.is_set() and n < 12:
            n += 1
            book = Book()
            book.identity["Saldo Kas Awal (Rp)"] = 1000 + n    # new bytes each time
            sent.append(upload(archive, checker, "Grogol", tmp_path / "x", book,
                               when=ON_TIME + dt.timedelta(minutes=n)))

    (tmp_path / "x").mkdir()
    worker = threading.Thread(target=keep_uploading)
    worker.start()
    try:
        while len(sent) < 2:
            threading.Event().wait(0.05)
        result = CliRunner().invoke(main, ["archive", "backup", str(tmp_path / "cadangan"), "--data", str(archive.dir)])
    finally:
        stop.set()
        worker.join()
    assert result.exit_code == 0, result.output
    assert "Cadangan arsip ditulis" in result.output
    copy = Archive(tmp_path / "cadangan")
    rows = copy.db().execute("SELECT sha256, copy_sha256 FROM uploads").fetchall()
    assert 3 <= len(rows) <= 1 + len(sent)
    for sha, copy_sha in rows:
        assert copy.files.get(sha) == archive.files.get(sha)
        if copy_sha:
            assert copy.files.path(copy_sha).exists()
    # restore: the copy is a data folder; the board and a compile work on it as on the original
    on_copy = board(copy, 2026, "III", now=ON_TIME)
    assert on_copy.total.counts["tepat_waktu"] == 2 and on_copy.total.terdaftar == 3
    assert copy.by_token(archive.token_of(1)) is not None       # links still good after a restore
    record_id = console_compile.start(copy, 2026, "III", "Budi", workers=1, wait=True)
    assert copy.db().execute("SELECT state FROM compiles WHERE id = ?", (record_id,)).fetchone()[0] == "selesai"


def test_backup_refuses_a_folder_that_is_not_empty_or_inside_the_archive(archive, tmp_path):
    (tmp_path / "penuh").mkdir()
    (tmp_path / "penuh" / "a.txt").write_text("x")
    runner = CliRunner()
    full = runner.invoke(main, ["archive", "backup", str(tmp_path / "penuh"), "--data", str(archive.dir)])
    assert full.exit_code != 0 and "tidak kosong" in full.output
    inside = runner.invoke(main, ["archive", "backup", str(archive.dir / "cadangan"), "--data", str(archive.dir)])
    assert inside.exit_code != 0 and "di dalam folder data" in inside.output


def test_user_add_reads_the_password_twice_from_standard_input(tmp_path):
    data = tmp_path / "data"
    runner = CliRunner()
    ok = runner.invoke(main, ["user", "add", "Wati", "--role", "kapanewon", "--kapanewon", "sewon", "--data", str(data)],
                       input="kata-sandi-1\nkata-sandi-1\n")
    assert ok.exit_code == 0, ok.output
    archive = Archive(data)
    [wati] = accounts.users(archive)
    assert wati["kapanewon"] == "Sewon" and wati["role"] == "kapanewon"
    assert accounts.sign_in(archive, "Wati", "kata-sandi-1")[1] == "ok"
    differ = runner.invoke(main, ["user", "add", "Tono", "--role", "operator", "--data", str(data)],
                           input="kata-sandi-1\nkata-sandi-2\n")
    assert differ.exit_code != 0 and "tidak sama" in differ.output
    short = runner.invoke(main, ["user", "add", "Tono", "--role", "operator", "--data", str(data)], input="abc\nabc\n")
    assert short.exit_code != 0 and "terlalu pendek" in short.output
    no_area = runner.invoke(main, ["user", "add", "Tini", "--role", "kapanewon", "--data", str(data)],
                            input="kata-sandi-1\nkata-sandi-1\n")
    assert no_area.exit_code != 0 and "sebutkan kapanewonnya" in no_area.output
    assert [u["name"] for u in accounts.users(archive)] == ["Wati"]


def test_user_add_has_no_password_option():
    result = CliRunner().invoke(main, ["user", "add", "--help"])
    assert result.exit_code == 0 and "--password" not in result.output and "--role" in result.output


def test_backup_leaves_an_upload_being_written_alone(archive, tmp_path):
    part = archive.files.tmp / "abcdef012345.x.part"     # a running server's upload, half written
    part.write_bytes(b"PK half")
    result = CliRunner().invoke(main, ["archive", "backup", str(tmp_path / "cadangan"), "--data", str(archive.dir)])
    assert result.exit_code == 0, result.output
    assert part.read_bytes() == b"PK half"


def test_user_add_beside_a_running_server_leaves_its_uploads_alone(archive, tmp_path):
    part = archive.files.tmp / "abcdef012345.y.part"
    part.write_bytes(b"PK half")
    result = CliRunner().invoke(main, ["user", "add", "Tono", "--role", "operator", "--data", str(archive.dir)],
                                input="kata-sandi-1\nkata-sandi-1\n")
    assert result.exit_code == 0, result.output
    assert part.read_bytes() == b"PK half"
    assert "Tono" in [u["name"] for u in accounts.users(archive)]
