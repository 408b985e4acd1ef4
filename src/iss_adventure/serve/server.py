"""The web server: the page, the websocket, and the games behind it.

textual-serve's Server is subclassed for its routes, page rendering and message relay; what
it lacks is added here: visitors and their folders (`visitors`), the Origin and Host check
(`origin`), a cap on games at once, a page that needs nothing from outside the server, and a
shutdown that ends every game within seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import logging
import secrets
import signal
import sys
from pathlib import Path
from typing import Any, TextIO

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.server import Server, to_int

from ..engine.terminal import visible
from .game_service import GameService
from .options import ServeOptions, exposure_warning
from .origin import Gate
from .visitors import (
    COOKIE,
    COOKIE_MAX_AGE,
    VisitorFolders,
    VisitorRefused,
    folder_name,
    new_token,
    valid_token,
)

log = logging.getLogger("iss-adventure.serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATICS = Path(textual_serve.__file__).resolve().parent / "static"
MAX_MESSAGE = 64 * 1024  # one websocket message from a browser: keys, a resize
CLOSE_GRACE = 2.0  # seconds a browser has to answer our closing of its websocket
SHUTDOWN_GRACE = 3.0
MAX_SIZE = 1000  # columns or rows a browser may ask for

FULL = 4503  # websocket close codes (private range 4000-4999) the page explains
REFUSED = 4403

LEFT = "You left the station. Press Play to board again."
CRASHED = "The game stopped unexpectedly. Press Play to start it again."
REPLACED = "You opened the game in another tab, so it moved there."
SHUTTING_DOWN = "The server is shutting down. Try again in a minute."


class GameServer(Server):
    """textual-serve's server with visitors, limits and a clean shutdown."""

    def __init__(self, options: ServeOptions, title: str, game_argv: list[str]) -> None:
        super().__init__(" ".join(game_argv), host=options.host, port=options.port,
                         title=title, public_url=options.public_url,
                         statics_path=STATICS, templates_path=TEMPLATES)
        self.options = options
        self.game_argv = game_argv
        self.folders = VisitorFolders(options.data_dir, options.max_visitors,
                                      options.max_visitor_bytes, options.forget_after_days)
        self.games: dict[str, GameService] = {}  # by app_service_id
        self.by_visitor: dict[Path, tuple[GameService, web.WebSocketResponse]] = {}
        self.gate = Gate(options, options.port)
        self.stopping = False
        self.url = ""

    # ------------------------------------------------------------------ pages

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_MESSAGE)
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    def _scheme(self, request: web.Request) -> str:
        return "https" if self.options.secure else request.scheme

    def _check_host(self, request: web.Request) -> None:
        if not self.gate.host_allowed(request.host, self._scheme(request)):
            raise web.HTTPMisdirectedRequest(text="This server does not answer to that name.\n")

    def _urls(self) -> tuple[str, str]:
        """The static folder's and the websocket's address as the page should use them:
        from --public-url behind a proxy, else relative to wherever the page was loaded."""
        public = self.options.public_url
        if public is None:
            return "/static/", ""
        base = public.rstrip("/")
        scheme, rest = base.split(":", 1)
        return f"{base}/static/", ("wss:" if scheme == "https" else "ws:") + rest + "/ws"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page; a visitor without a token gets one in a cookie, JavaScript cannot read."""
        self._check_host(request)
        nonce = secrets.token_urlsafe(16)
        static_url, ws_url = self._urls()
        context: dict[str, Any] = {
            "title": self.title,
            "nonce": nonce,
            "static_url": static_url,
            "websocket_url": ws_url,
            "font_size": max(6, min(48, to_int(request.query.get("fontsize", "16"), 16))),
        }
        full = len(self.games) >= self.options.max_sessions
        if full:
            context["message"] = _full(self.options.max_sessions)
        response = aiohttp_jinja2.render_template(
            "full.html" if full else "app_index.html", request, context,
            status=503 if full else 200)
        if full:
            response.headers["Retry-After"] = "60"
        connect = "'self'" if ws_url == "" else f"'self' {ws_url}"
        response.headers.update({
            "Content-Security-Policy": (
                f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; "
                "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
                f"connect-src {connect}; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'none'"),
            "Cache-Control": "no-store",
            "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff",
        })
        if valid_token(request.cookies.get(COOKIE)) is None:
            response.set_cookie(COOKIE, new_token(), max_age=COOKIE_MAX_AGE, path="/",
                                httponly=True, samesite="Strict", secure=self.options.secure)
        return response

    # ------------------------------------------------------------------ games

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One game for one websocket, in the visitor's own folder."""
        self._check_host(request)
        if not self.gate.origin_allowed(request.headers.get("Origin"), request.host,
                                        self._scheme(request)):
            log.warning("refused a websocket from origin %r",
                        request.headers.get("Origin", "")[:100])
            raise web.HTTPForbidden(text="This game only talks to its own page.\n")
        websocket = web.WebSocketResponse(heartbeat=15, timeout=CLOSE_GRACE,
                                          max_msg_size=MAX_MESSAGE)
        refusal: tuple[int, str] | None = None
        visit = None
        token = valid_token(request.cookies.get(COOKIE))
        # A visitor opening a second tab replaces their first game: it does not count.
        replacing = token is not None and self.folders.root / folder_name(token) in self.by_visitor
        if self.stopping:
            refusal = (WSCloseCode.GOING_AWAY, SHUTTING_DOWN)
        elif len(self.games) - replacing >= self.options.max_sessions:
            refusal = (FULL, _full(self.options.max_sessions))
        else:
            try:
                visit = self.folders.visit(token)
            except VisitorRefused as err:
                refusal = (REFUSED, str(err))
            except OSError as err:
                log.error("cannot make a visitor folder: %s", err)
                refusal = (WSCloseCode.INTERNAL_ERROR, "The server cannot store saves now.")
        if refusal is not None or visit is None:
            code, reason = refusal or (WSCloseCode.INTERNAL_ERROR, CRASHED)
            await websocket.prepare(request)
            await websocket.close(code=code, message=_reason(reason))
            return websocket

        async def close(code: int, reason: str) -> None:
            with contextlib.suppress(Exception):
                await websocket.close(code=code, message=_reason(reason))

        async def on_end(exit_code: int | None) -> None:
            if exit_code == 0:
                await close(WSCloseCode.OK, LEFT)
            else:
                log.warning("game %s ended with %s", game.pid, exit_code)
                await close(WSCloseCode.INTERNAL_ERROR, CRASHED)

        game = GameService(
            self.game_argv, home=str(visit.folder), extra_env=self.options.extra_env,
            write_bytes=websocket.send_bytes, write_str=websocket.send_str,
            close=lambda: close(WSCloseCode.OK, LEFT), on_end=on_end)
        self.games[game.app_service_id] = game  # counted before the first await
        earlier = None if visit.guest else self.by_visitor.get(visit.folder)
        try:
            if earlier is not None:
                with contextlib.suppress(Exception):
                    await earlier[1].close(code=REFUSED, message=_reason(REPLACED))
                await earlier[0].stop()
            if not visit.guest:
                self.by_visitor[visit.folder] = (game, websocket)
            await websocket.prepare(request)
            width = _clamp(to_int(request.query.get("width", "80"), 80))
            height = _clamp(to_int(request.query.get("height", "24"), 24))
            await game.start(width, height)
            log.info("game %s started (%d playing)", game.pid, len(self.games))
            await self._relay(websocket, game)
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception:
            log.exception("game %s failed", game.pid)
        finally:
            await game.stop()
            with contextlib.suppress(Exception):
                await websocket.close(code=WSCloseCode.GOING_AWAY,
                                      message=_reason(SHUTTING_DOWN if self.stopping else LEFT))
            del self.games[game.app_service_id]
            if not visit.guest and self.by_visitor.get(visit.folder, (None,))[0] is game:
                del self.by_visitor[visit.folder]
            visit.end()
            log.info("game %s ended (%d playing)", game.pid, len(self.games))
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, game: GameService) -> None:
        """Browser messages to the game; anything malformed is ignored, never a crash."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except (ValueError, RecursionError):  # deep nesting is a RecursionError
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await game.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = data.get("width"), data.get("height")
                if isinstance(width, int) and isinstance(height, int):
                    await game.set_terminal_size(_clamp(width), _clamp(height))
            elif kind == "ping" and isinstance(data, str):
                await websocket.send_json(["pong", data[:64]])
            elif kind == "blur":
                await game.blur()
            elif kind == "focus":
                await game.focus()

    async def on_shutdown(self, app: web.Application) -> None:
        """End every game and close every websocket, all at once."""
        await self.end_all()

    async def end_all(self) -> None:
        self.stopping = True
        games = list(self.games.values())
        sockets = [ws for _, ws in self.by_visitor.values()]
        await asyncio.gather(
            *(ws.close(code=WSCloseCode.GOING_AWAY, message=_reason(SHUTTING_DOWN))
              for ws in sockets),
            *(game.stop() for game in games), return_exceptions=True)

    # ------------------------------------------------------------------ running

    def serve(self, debug: bool = False) -> None:
        """Run until SIGINT or SIGTERM; every game is ended before this returns."""
        self.debug = debug
        # Games' error output is copied to stdout by textual-serve: it may hold story text.
        sys.stdout = _Visible(sys.stdout)
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                            datefmt="%H:%M:%S", stream=sys.stderr)
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self.folders.prepare()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runner = web.AppRunner(await self._make_app(), handle_signals=False,
                               shutdown_timeout=SHUTDOWN_GRACE, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.options.host, self.options.port)
        try:
            await site.start()
            port = _bound_port(runner, self.options.port)
            self.gate = Gate(self.options, port)
            host = self.options.host
            shown = f"[{host}]" if ":" in host else host
            self.url = f"http://{shown}:{port}/"
            warning = exposure_warning(self.options)
            if warning:
                print(warning, file=sys.stderr, flush=True)
            public = self.options.public_url
            public = f", public address {public}" if public else ""
            print(f"Serving {self.title} on {self.url} (at most {self.options.max_sessions} "
                  f"games at once{public}; saves in {self.options.data_dir}). Ctrl+C stops.",
                  flush=True)
            await stop.wait()
            print("Stopping: ending every game...", flush=True)
            await self.end_all()
        finally:
            await runner.cleanup()
        print("Stopped.", flush=True)


class _Visible(io.TextIOBase):
    """A text stream that shows control characters instead of sending them to the terminal."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def writable(self) -> bool:
        return True


def _bound_port(runner: web.AppRunner, asked: int) -> int:
    """The port really listened on (`--port 0` picks a free one)."""
    for site in runner.sites:
        sockets = getattr(getattr(site, "_server", None), "sockets", None) or []
        for sock in sockets:
            return int(sock.getsockname()[1])
    return asked


def _full(sessions: int) -> str:
    who = "one crew member is" if sessions == 1 else f"{sessions} crew members are"
    return (f"The station is full: {who} playing, as many as this server takes. "
            "Try again in a few minutes.")


def _reason(text: str) -> bytes:
    """A websocket close reason: at most 123 bytes of UTF-8, cut at a character."""
    data = text.encode("utf-8")
    if len(data) <= 123:
        return data
    return data[:123].decode("utf-8", "ignore").encode("utf-8")


def _clamp(cells: int) -> int:
    return max(1, min(MAX_SIZE, cells))
