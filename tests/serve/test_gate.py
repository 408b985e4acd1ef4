"""Who may talk to the server: Host and Origin checks, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from iss_adventure.serve.options import (
    OptionsError,
    ServeOptions,
    exposure_warning,
    is_loopback,
)
from iss_adventure.serve.origin import Gate


def _gate(**options: object) -> Gate:
    return Gate(ServeOptions(data_dir=Path("/nonexistent"), **options), 8000)  # type: ignore[arg-type]


def test_loopback_server_answers_only_to_loopback_names() -> None:
    gate = _gate()
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"):
        assert gate.host_allowed(host, "http"), host
    for host in ("evil.example:8000", "127.0.0.1:8001", "127.0.0.1", None, "", "[::1",
                 "127.0.0.1:99999"):
        assert not gate.host_allowed(host, "http"), host


def test_origin_must_be_the_page_the_request_came_to() -> None:
    gate = _gate()
    assert gate.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000", "http")
    assert gate.origin_allowed("http://localhost:8000", "localhost:8000", "http")
    for origin in ("http://evil.example", "http://localhost:8000", "null", "", None,
                   "file://", "http://127.0.0.1:8001", "https://127.0.0.1:8000",
                   "javascript:alert(1)", "http://127.0.0.1:8000@evil.example"):
        assert not gate.origin_allowed(origin, "127.0.0.1:8000", "http"), origin


def test_behind_a_proxy_only_the_public_origin_is_let_in() -> None:
    gate = _gate(host="0.0.0.0", public_url="https://iss.example.org/")
    assert gate.host_allowed("anything:1", "http")  # not loopback: the proxy decides names
    assert gate.origin_allowed("https://iss.example.org", "10.0.0.5:8000", "https")
    assert gate.origin_allowed("https://iss.example.org:443", "10.0.0.5:8000", "https")
    assert not gate.origin_allowed("http://iss.example.org", "iss.example.org", "https")
    assert not gate.origin_allowed("https://evil.example", "evil.example", "https")


def test_options_are_checked_and_an_open_address_warned_about(tmp_path: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")
    assert exposure_warning(ServeOptions(data_dir=tmp_path)) is None
    warning = exposure_warning(ServeOptions(data_dir=tmp_path, host="0.0.0.0"))
    assert warning is not None and "other machines" in warning
    for bad in ({"port": 70000}, {"max_sessions": 0}, {"max_visitors": 0},
                {"max_visitor_bytes": 10}, {"public_url": "iss.example.org"},
                {"public_url": "ftp://iss.example.org"}):
        with pytest.raises(OptionsError):
            ServeOptions(data_dir=tmp_path, **bad).check()  # type: ignore[arg-type]
