"""Take an upload off the wire within the size limit, and refuse what is not a workbook upload
before anything is screened: the limit is kept while receiving (the body is never read past
it), not only said on the page."""
from __future__ import annotations

from starlette.requests import Request

LIMIT = 20 * 2**20          # bytes of a workbook; the screen's own limit is higher
FRAMING = 64 * 2**10        # the multipart envelope and the form's other fields
FIELD = "berkas"
WORKBOOK_NAMES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".xltx", ".xltm", ".ods")


class Refused(Exception):
    """A request that is not a workbook upload; `words` for the person, `status` for HTTP."""

    def __init__(self, status: int, reason: str, words: str):
        super().__init__(reason)
        self.status, self.reason, self.words = status, reason, words


def size_text(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} KB"


def too_large(size: int | None, limit: int) -> Refused:
    said = f"Berkas Anda {size_text(size)}, " if size else "Berkas Anda "
    return Refused(413, "terlalu-besar", f"{said}lebih besar dari batas {size_text(limit)}. Laporan triwulan "
                   f"biasanya kurang dari 1 MB: hapus gambar atau lembar lain yang tidak perlu, simpan, lalu kirim lagi.")


async def upload(request: Request, limit: int = LIMIT) -> tuple[bytes, str, dict]:
    """(the file's bytes, its name, the other form fields); raises Refused."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith("multipart/form-data"):
        raise Refused(415, "bukan-unggahan", "Permintaan ini bukan unggahan berkas. Pilih berkas laporan "
                      "(.xlsx) pada formulir, lalu tekan Kirim.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + FRAMING:
        raise too_large(int(declared) - FRAMING // 2, limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit + FRAMING:
            raise too_large(None, limit)
    sent = bytes(body)
    del body

    async def replay():
        return {"type": "http.request", "body": sent, "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=1, max_fields=8)
    except Exception as exc:   # malformed multipart, too many parts: starlette's own errors
        raise Refused(400, "formulir-rusak", "Unggahan tidak lengkap atau rusak. Coba kirim lagi.") from exc
    item = form.get(FIELD)
    if item is None or isinstance(item, str) or not getattr(item, "filename", None):
        raise Refused(400, "tanpa-berkas", "Belum ada berkas yang dipilih. Pilih berkas laporan (.xlsx), lalu "
                      "tekan Kirim.")
    name = item.filename
    if not name.lower().endswith(WORKBOOK_NAMES):
        raise Refused(415, "bukan-buku-kerja", f"Berkas '{name[-80:]}' bukan buku kerja Excel. Kirim laporan "
                      "dalam bentuk .xlsx (di Excel: Simpan Sebagai, jenis Excel Workbook).")
    data = await item.read()
    if len(data) > limit:
        raise too_large(len(data), limit)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    await form.close()
    return data, name, fields
