"""What every console page shares: the archive, the templates, who is signed in, the roles a
page allows, the form token (CSRF) of every POST, the security headers, the answers for
"sign in first", "not for your role" and "not found"."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from functools import wraps
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, RedirectResponse, Response

from compiler.archive import sessions
from compiler.archive.db import WIB, utc_now
from compiler.model import period
from compiler.web.console import words

SESSION_COOKIE = "wksbm_sesi"
SIGNIN_COOKIE = "wksbm_masuk"          # binds the sign-in form's token to this browser
STAFF = ("admin", "operator")
EVERYONE = ("admin", "operator", "kapanewon")
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Cache-Control": "no-store",
}


class Console:
    """The console's state, made once per app: the archive and how pages are written."""

    def __init__(self, archive, base_url: str | None = None, upload=None, workers: int | None = None,
                 clock=utc_now):
        import jinja2

        self.archive = archive
        self.base_url = base_url.rstrip("/") if base_url else None
        self.upload = upload          # upload(wksbm, data, name, sender) -> upload id, from the web intake
        self.workers = workers
        self.clock = clock
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                      autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(tanggal=words.tanggal, waktu=words.waktu, status=words.status, sisa=words.sisa,
                                persen=words.persen, ROLES=words.ROLES, TRIWULAN=period.TRIWULAN)

    def today(self) -> dt.date:
        return self.clock().astimezone(WIB).date()

    def render(self, request, template: str, status_code: int = 200, **context) -> HTMLResponse:
        context.setdefault("user", getattr(request.state, "user", None))
        html = self.env.get_template(template).render(request=request, **context)
        return secure(HTMLResponse(html, status_code=status_code))

    def message(self, request, title: str, text: str, status_code: int) -> HTMLResponse:
        return self.render(request, "pesan.html", status_code=status_code, title=title, text=text)

    def not_found(self, request) -> HTMLResponse:
        return self.message(request, "Tidak ditemukan", "Halaman yang Anda minta tidak ada atau bukan untuk akun Anda.",
                            404)

    def forbidden(self, request) -> HTMLResponse:
        return self.message(request, "Tidak berhak", "Akun Anda tidak berhak membuka atau mengubah ini. "
                            "Hubungi admin bila Anda memerlukannya.", 403)

    def link(self, request, token: str) -> str:
        base = self.base_url or str(request.base_url).rstrip("/")
        return f"{base}/lapor/{token}"

    def quarter(self, request) -> tuple[int, str]:
        """The quarter asked for in ?tahun=&triwulan=, else the one being collected."""
        try:
            tahun = int(request.query_params.get("tahun", ""))
            triwulan = period.TRIWULAN[period.number(request.query_params.get("triwulan", "")) - 1]
            if 2000 <= tahun <= 2100:
                return tahun, triwulan
        except ValueError:
            pass
        return period.collected(self.today())

    def signin_token(self, request) -> tuple[str, str | None]:
        """The sign-in form's token and, when the browser has none yet, the cookie to set."""
        seed = request.cookies.get(SIGNIN_COOKIE)
        fresh = None
        if not seed or len(seed) > 64:
            seed = fresh = secrets.token_urlsafe(24)
        return _mac(self.archive.secret, seed), fresh

    def signin_ok(self, request, token: str) -> bool:
        seed = request.cookies.get(SIGNIN_COOKIE)
        return bool(seed) and hmac.compare_digest(_mac(self.archive.secret, seed), str(token or ""))


def _mac(secret: str, seed: str) -> str:
    return hmac.new(bytes.fromhex(secret), f"masuk\x1f{seed}".encode(), hashlib.sha256).hexdigest()[:32]


def secure(response: Response) -> Response:
    for key, value in HEADERS.items():
        response.headers.setdefault(key, value)
    return response


def set_cookie(request, response: Response, name: str, value: str, max_age: int | None) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def page(console: Console, roles=EVERYONE):
    """A console page: signed in (else to the sign-in page), of one of `roles` (else 403), and
    for a POST, the session's form token (else 403). The handler gets (request, user[, form])."""
    def wrap(handler):
        @wraps(handler)
        async def endpoint(request):
            user = sessions.find(console.archive, request.cookies.get(SESSION_COOKIE), console.clock())
            request.state.user = user
            if user is None:
                if request.method == "GET":
                    return secure(RedirectResponse("/", status_code=303))
                return console.message(request, "Sesi berakhir", "Sesi Anda sudah berakhir. Silakan masuk lagi.",
                                       403)
            if user["role"] not in roles:
                return console.forbidden(request)
            if request.method == "POST":
                try:
                    form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_UPLOAD)
                except HTTPException:
                    return console.message(request, "Formulir tidak dapat dibaca", "Formulir atau berkasnya tidak "
                                           f"dapat dibaca, atau berkasnya lebih dari {MAX_UPLOAD // 2**20} MB. "
                                           "Periksa berkasnya, lalu kirim lagi.", 400)
                if not hmac.compare_digest(str(form.get("csrf", "")), user["csrf"]):
                    return console.message(request, "Formulir kedaluwarsa", "Formulir ini sudah kedaluwarsa. "
                                           "Muat ulang halamannya, lalu kirim lagi.", 403)
                return await handler(request, user, form)
            return await handler(request, user)
        return endpoint
    return wrap


MAX_UPLOAD = 20 * 1024 * 1024


def sees(user: dict, kapanewon: str) -> bool:
    """A kapanewon account sees only its own kapanewon; the others see every one."""
    return user["role"] != "kapanewon" or user["kapanewon"] == kapanewon


def area(user: dict) -> str | None:
    return user["kapanewon"] if user["role"] == "kapanewon" else None
