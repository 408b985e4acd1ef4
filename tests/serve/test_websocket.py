"""`iss-adventure serve` played over its websocket with pyte as the terminal.

The same wire the page's xterm.js uses: keys go up as ["stdin", ...], the game's screen
comes down as terminal output. Each test starts a real server process on a free port.
"""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from .conftest import (
    DEMO,
    WAIT,
    ServerProcess,
    Terminal,
    alive,
    game_pids,
    start_server,
    visitor,
)

pytestmark = pytest.mark.timeout(120)


def _saves(server: ServerProcess) -> list[str]:
    return sorted(p.name for p in server.data_dir.glob("v-*/stories/*/save-*.json"))


async def test_a_visitor_plays_a_scene_and_keeps_the_save(server: ServerProcess) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with visitor(server, jar) as game:
        title = await game.wait_text("no saved game yet")  # right after the first frame
        assert "New game" in title
        await game.press("\r")  # New game
        await game.wait_text("The Hatch")
        await game.press(" ")  # show the whole text at once
        await game.wait_text("Knock twice.")
        await game.press("1")
        await game.wait_text("The Module")
        await game.press(" ")
        screen = await game.wait_text("Read the laptop.")
        assert "The Hatch" not in screen
        await game.press("\x1b")  # back to the title
        await game.wait_text("Continue")
        await game.press("q")
        code, reason = await game.wait_closed()
        assert code == 1000
        assert "left the station" in reason
    assert _saves(server), list(server.data_dir.rglob("*"))
    assert len(list(server.data_dir.glob("v-*"))) == 1

    # The same visitor comes back: Continue offers the scene they left.
    async with visitor(server, jar) as game:
        title = await game.wait_for(lambda s: "Continue" in s and "The Module" in s,
                                    "Continue with the saved scene")
        assert "no saved game yet" not in title
        await game.press("q")
        await game.wait_closed()

    # Someone else (another cookie) does not see it.
    async with visitor(server) as other:
        title = await other.wait_text("no saved game yet")  # right after the first frame
        assert "New game" in title
        await other.press("q")
        await other.wait_closed()
    assert len(list(server.data_dir.glob("v-*"))) == 2


async def test_a_foreign_origin_is_refused(server: ServerProcess) -> None:
    async with aiohttp.ClientSession() as session:
        for origin in ("http://evil.example", "null", server.origin.replace("127.0.0.1",
                                                                             "127.0.0.2")):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"{server.url}ws", origin=origin)
            assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as no_origin:
            await session.ws_connect(f"{server.url}ws")
        assert no_origin.value.status == 403
        # DNS rebinding: a hostile name pointing at 127.0.0.1 is not this server's name.
        port = server.url.rsplit(":", 1)[1].strip("/")
        async with session.get(server.url, headers={"Host": f"evil.example:{port}"}) as page:
            assert page.status == 421
    assert game_pids(server.proc.pid) == []


async def test_the_session_cap_holds_and_the_page_says_so(server: ServerProcess) -> None:
    async with visitor(server) as first, visitor(server) as second:  # --max-sessions 2
        await first.wait_text("New game")
        await second.wait_text("New game")
        async with aiohttp.ClientSession() as session, session.get(server.url) as page:
            assert page.status == 503
            body = await page.text()
            assert "station is full" in body
            assert "<title>Demo Orbit" in body
        async with visitor(server) as third:
            code, reason = await third.wait_closed()
            assert code == 4503
            assert "station is full" in reason
        assert len(game_pids(server.proc.pid)) == 2
    # Both left: their games end, and a new visitor gets in.
    deadline = time.monotonic() + WAIT
    while game_pids(server.proc.pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert game_pids(server.proc.pid) == []
    async with visitor(server) as fourth:
        await fourth.wait_text("New game")


async def test_shutdown_leaves_no_game_behind(tmp_path) -> None:  # type: ignore[no-untyped-def]
    server = start_server(tmp_path / "web", story=None)
    try:
        async with visitor(server) as one, visitor(server) as two:
            await one.wait_text("New game")
            await two.wait_text("New game")
            games = game_pids(server.proc.pid)
            assert len(games) == 2
            started = time.monotonic()
            status = await asyncio.to_thread(server.stop)
            stopped_in = time.monotonic() - started
            assert status == 0, "".join(server.output)
            code, reason = await one.wait_closed()
            assert code == 1001 and "shutting down" in reason
        assert not [pid for pid in games if alive(pid)]
        assert stopped_in < WAIT
        assert "Stopped." in "".join(server.output)
    finally:
        server.stop()


async def test_the_page_is_self_contained_and_its_cookie_private(server: ServerProcess) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(server.url) as page:
            assert page.status == 200
            html = await page.text()
            cookie = page.headers["Set-Cookie"]
            policy = page.headers["Content-Security-Policy"]
        assert "<title>Demo Orbit</title>" in html
        assert "RobotoMono-VariableFont_wght.ttf" in html
        assert "http://" not in html and "https://" not in html  # nothing from elsewhere
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        async with session.get(server.url) as again:  # a returning visitor keeps the token
            assert "Set-Cookie" not in again.headers
        for asset in ("static/js/textual.js", "static/css/xterm.css",
                      "static/fonts/RobotoMono-VariableFont_wght.ttf"):
            async with session.get(server.url + asset) as response:
                assert response.status == 200, asset
        async with session.get(server.url + "static/") as listing:
            assert listing.status in (403, 404)  # no directory listings


async def test_behind_a_proxy_the_page_uses_the_public_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    public = "https://iss.example.org"
    server = start_server(tmp_path / "web", "--public-url", public + "/", story=DEMO)
    proxied = {"Host": "iss.example.org", "Origin": public}  # what the proxy passes on
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
            async with session.get(server.url, headers={"Host": "iss.example.org"}) as page:
                assert page.status == 200
                html = await page.text()
                cookie = page.headers["Set-Cookie"]
            assert f'src="{public}/static/js/textual.js"' in html
            assert 'data-session-websocket-url="wss://iss.example.org/ws"' in html
            assert "Secure" in cookie
            token = cookie.split("=", 1)[1].split(";", 1)[0]
            headers = {**proxied, "Cookie": f"iss_visitor={token}"}
            ws = await session.ws_connect(f"{server.url}ws?width=100&height=30",
                                          headers=headers)
            game = Terminal(session, ws)
            await game.wait_text("New game")
            await ws.close()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(f"{server.url}ws", origin=server.origin)
            assert refused.value.status == 403  # only the public origin now
    finally:
        server.stop()
