"""Who may talk to the server: the Host a request names and the Origin of the page behind it.

Any page a player visits could open a websocket to a game server on their machine. Browsers
always say which page opened a websocket (the Origin header), so only the server's own page
is let in. A server bound to loopback also checks the Host, which shuts out DNS rebinding
(a hostile name that resolves to 127.0.0.1 would otherwise look like our own origin).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .options import ServeOptions, is_loopback

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _host_port(netloc: str, scheme: str) -> tuple[str, int] | None:
    """(lower-case host, port) of a `host[:port]`, or None if it is malformed."""
    try:
        parts = urlsplit(f"{scheme}://{netloc}")
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return parts.hostname.lower(), port


class Gate:
    """Decides whether a request's Host and Origin belong to this server."""

    def __init__(self, options: ServeOptions, port: int) -> None:
        self.options = options
        self.port = port
        self.public: tuple[str, tuple[str, int] | None] | None = None
        if options.public_url:
            parts = urlsplit(options.public_url)
            self.public = (parts.scheme, _host_port(parts.netloc, parts.scheme))

    def host_allowed(self, host_header: str | None, scheme: str) -> bool:
        """A loopback server answers only to loopback names (or the public URL's host)."""
        if not self.options.loopback:
            return True
        if host_header is None:
            return False
        named = _host_port(host_header, scheme)
        if named is None:
            return False
        if self.public is not None and named == self.public[1]:
            return True
        return is_loopback(named[0]) and named[1] == self.port

    def origin_allowed(self, origin: str | None, host_header: str | None, scheme: str) -> bool:
        """The Origin is this server: the public URL's origin, or the same host and port the
        request was sent to. A missing Origin is refused (browsers always send one for a
        websocket); "null" (sandboxed frames, files) too."""
        if not origin or origin == "null":
            return False
        parts = urlsplit(origin)
        if parts.scheme not in _DEFAULT_PORTS:
            return False
        claimed = _host_port(parts.netloc, parts.scheme)
        if claimed is None:
            return False
        if self.public is not None:
            return (parts.scheme, claimed) == self.public
        if host_header is None or parts.scheme != scheme:
            return False
        return claimed == _host_port(host_header, scheme)
