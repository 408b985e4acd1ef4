"""What `iss-adventure serve` was asked to do, checked once before the server starts."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .visitors import DEFAULT_FORGET_DAYS

DEFAULT_MAX_SESSIONS = 8
DEFAULT_MAX_VISITORS = 1000
DEFAULT_VISITOR_BYTES = 20_000_000


class OptionsError(ValueError):
    """An option that cannot work; str() says which and why."""


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """Every setting of one server."""

    data_dir: Path
    story: Path | None = None
    mods: tuple[Path, ...] = ()
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_visitors: int = DEFAULT_MAX_VISITORS
    max_visitor_bytes: int = DEFAULT_VISITOR_BYTES
    forget_after_days: float = DEFAULT_FORGET_DAYS
    extra_env: dict[str, str] = field(default_factory=dict)

    def check(self) -> None:
        """Raise OptionsError for settings that cannot work."""
        if not 0 <= self.port <= 65535:
            raise OptionsError(f"--port {self.port}: a port is a number from 0 to 65535")
        if self.max_sessions < 1:
            raise OptionsError("--max-sessions must be at least 1")
        if self.max_visitors < 1:
            raise OptionsError("--max-visitors must be at least 1")
        if self.forget_after_days < 1:
            raise OptionsError("--forget-after-days must be at least 1")
        if self.max_visitor_bytes < 64 * 1024:
            raise OptionsError("--max-visitor-mb is too small for a profile and saves")
        if self.public_url is not None:
            parts = urlsplit(self.public_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise OptionsError(f"--public-url {self.public_url!r}: give a full "
                                   "http:// or https:// address, like https://iss.example.org")

    @property
    def secure(self) -> bool:
        """Visitors reach the server over https (so the cookie is marked Secure)."""
        return self.public_url is not None and self.public_url.startswith("https:")

    @property
    def loopback(self) -> bool:
        """Only this machine can reach the server."""
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: an address other machines cannot reach."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(options: ServeOptions) -> str | None:
    """The warning printed when the server listens where other machines can reach it."""
    if options.loopback:
        return None
    return (f"warning: listening on {options.host}, so other machines can reach this server. "
            "Every visitor starts a game process on this machine; put it behind a reverse "
            "proxy with https and give --public-url (see the README).")
