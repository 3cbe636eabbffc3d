"""Signing in and out: `/` shows the sign-in form to a visitor without a session (and the
quarter's board after it)."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse
from starlette.routing import Route

from compiler.archive import accounts, audit, sessions
from compiler.web.console.core import SESSION_COOKIE, SIGNIN_COOKIE, page, secure, set_cookie

WHY = {"salah": "Nama akun atau kata sandi salah. Periksa lalu coba lagi.",
       "terkunci": "Terlalu banyak percobaan yang salah: akun ini dikunci 15 menit. Coba lagi nanti, atau minta "
                   "admin membukanya.",
       "nonaktif": "Akun ini sudah dinonaktifkan. Hubungi admin."}


def signin_form(console, request, message: str = "", name: str = "", status_code: int = 200):
    token, fresh = console.signin_token(request)
    response = console.render(request, "masuk.html", status_code=status_code, csrf=token, message=message,
                              name=name, user=None)
    if fresh:
        set_cookie(request, response, SIGNIN_COOKIE, fresh, None)
    return response


def routes(console) -> list[Route]:
    async def masuk(request):
        if request.method == "GET":
            return signin_form(console, request)
        form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
        if not console.signin_ok(request, form.get("csrf")):
            return signin_form(console, request, "Formulir ini sudah kedaluwarsa. Silakan isi lagi.", status_code=403)
        name = str(form.get("nama", ""))[:60]
        user, why = await run_in_threadpool(   # argon2 takes ~0.1 s of CPU: not on the event loop
            accounts.sign_in, console.archive, name, str(form.get("sandi", ""))[:200], console.clock())
        if user is None:
            return signin_form(console, request, WHY[why], name, status_code=401)
        sid = sessions.open_session(console.archive, user["id"], console.clock())
        response = secure(RedirectResponse("/", status_code=303))
        set_cookie(request, response, SESSION_COOKIE, sid, int(sessions.LIFETIME.total_seconds()))
        return response

    @page(console)
    async def keluar(request, user, form):
        sessions.close(console.archive, request.cookies.get(SESSION_COOKIE))
        audit.record(console.archive, user["name"], "keluar", "", user["kapanewon"])
        response = secure(RedirectResponse("/", status_code=303))
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    return [Route("/konsol/masuk", masuk, methods=["GET", "POST"]), Route("/konsol/keluar", keluar, methods=["POST"])]
