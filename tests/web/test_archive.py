"""The archive itself: tokens never stored, links kept across imports, files stored once and
create-only, the schema made once and numbered."""
from __future__ import annotations

import base64
import sqlite3

import pytest

from compiler.archive import schema, tokens
from compiler.archive.db import Archive
from compiler.archive.store import FileStore, digest


@pytest.fixture
def archive(tmp_path, registry):
    a = Archive(tmp_path / "data")
    a.import_registry(registry)
    return a


def test_a_token_carries_at_least_128_bits_and_is_never_stored(archive, tmp_path):
    toks = [archive.token_of(w.id) for w in archive.all_wksbm()]
    assert len(set(toks)) == 2
    for tok in toks:
        assert len(base64.urlsafe_b64decode(tok + "==")) * 8 >= 128
    archive.close()
    stored = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("arsip.sqlite3*"))
    assert stored and not any(tok.encode() in stored for tok in toks)
    assert any(tokens.token_hash(tok).encode() in stored for tok in toks)


def test_tokens_depend_on_the_secret_and_the_version(archive, tmp_path, registry):
    other = Archive(tmp_path / "other")
    other.import_registry(registry)
    assert {archive.token_of(w.id) for w in archive.all_wksbm()}.isdisjoint(
        other.token_of(w.id) for w in other.all_wksbm())
    w = archive.all_wksbm()[0]
    old = archive.token_of(w.id)
    new = archive.replace_link(w.id)
    assert new != old and archive.by_token(old) is None and archive.by_token(new).id == w.id


def test_a_registry_imported_again_keeps_the_links_and_adds_the_new(archive, registry):
    before = {w.padukuhan: archive.token_of(w.id) for w in archive.all_wksbm()}
    registry.write_text(registry.read_text() + "34.02.03.2002,Parangtritis,Bungkus,WKSBM Bungkus\n")
    done = archive.import_registry(registry)
    assert len(done.added) == 1 and len(done.kept) == 2
    after = {w.padukuhan: archive.token_of(w.id) for w in archive.all_wksbm()}
    assert {k: after[k] for k in before} == before and "Bungkus" in after


def test_the_schema_is_made_once_and_numbered(archive, tmp_path):
    again = Archive(tmp_path / "data")     # a restart: nothing made twice, the secret kept
    assert again.secret == archive.secret
    conn = sqlite3.connect(tmp_path / "data" / "arsip.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= \
        {"settings", "wksbm", "links", "uploads", "deadlines"}


def test_files_are_stored_once_under_their_digest_and_never_replaced(tmp_path):
    store = FileStore(tmp_path / "files")
    sha = store.put(b"laporan")
    assert sha == digest(b"laporan") and store.path(sha).read_bytes() == b"laporan"
    assert store.path(sha).parent.name == sha[:2]
    store.path(sha).chmod(0o444)
    assert store.put(b"laporan") == sha          # the same bytes: the stored file, untouched
    assert list((tmp_path / "files" / "tmp").iterdir()) == []
    with pytest.raises(ValueError):
        store.path("../../etc/passwd")


def test_a_half_written_file_is_never_visible_and_is_swept(tmp_path):
    store = FileStore(tmp_path / "files")
    (store.tmp / "abc.part").write_bytes(b"half")   # what a crash leaves
    assert not list((tmp_path / "files").glob("*/*.xlsx"))
    FileStore(tmp_path / "files").sweep()
    assert not list(store.tmp.iterdir())


def test_only_the_servers_start_sweeps_an_upload_being_written(tmp_path):
    """`wksbm links`, `archive export` or `compile --archive` run beside a running server open
    the archive too: they must leave the upload it is writing alone; the server's next start
    removes what a crash left."""
    from compiler.web.app import create_app

    Archive(tmp_path / "data").close()
    part = tmp_path / "data" / "files" / "tmp" / "abc.part"
    part.write_bytes(b"being written")
    Archive(tmp_path / "data").close()
    assert part.exists()
    create_app(tmp_path / "data", checker=object())
    assert not part.exists()


def test_the_counted_upload_is_the_newest_not_set_aside(archive):
    w = archive.all_wksbm()[0]

    def add(received, eligible=1, aside=None, tw="III"):
        return archive.add_upload(wksbm_id=w.id, received_at=received, original_name="a.xlsx", tahun=2026,
                                  triwulan=tw, sender_kind="link", sender="tautan", sha256="0" * 64, size=1,
                                  status="dihitung", eligible=eligible, errors=0, warnings=0, findings=[],
                                  set_aside_reason=aside)
    first = add("2026-10-01T01:00:00.000000Z")
    add("2026-10-03T01:00:00.000000Z", aside="salah kirim")
    add("2026-10-04T01:00:00.000000Z", eligible=0)
    add("2026-10-05T01:00:00.000000Z", tw="II")
    assert [u["id"] for u in archive.counted(2026, "III")] == [first]
    second = add("2026-10-02T01:00:00.000000Z")
    assert [u["id"] for u in archive.counted(2026, "III")] == [second]
    states = {u["id"]: u["status_now"] for u in archive.uploads_of(w.id)}
    assert states[first] == "diganti" and states[second] == "dihitung"
