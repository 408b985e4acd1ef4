"""The plain `play` start read without argparse gives exactly what argparse gives."""

from __future__ import annotations

import pytest

from iss_adventure.cli import quick_play_args
from iss_adventure.cli_args import build_parser

READ_QUICKLY = [
    [], ["play"], ["play", "--story", "some/dir"], ["play", "--story", ""],
    ["play", "--plain", "--continue", "--no-mods", "--dev"], ["play", "--watch"],
    ["play", "--story", "a", "--story", "b", "--plain", "--plain"],
    ["play", "--story", "play"],
]

LEFT_TO_ARGPARSE = [
    ["--plain"], ["check"], ["play", "--help"], ["play", "-h"], ["play", "--seed", "3"],
    ["play", "--story=dir"], ["play", "--sto", "dir"], ["play", "--story"],
    ["play", "--story", "-x"], ["play", "--story", "--plain"], ["play", "--mod", "m"],
    ["play", "--log", "l"], ["play", "--", "x"], ["play", "extra"], ["play", "--pla"],
]


@pytest.mark.parametrize("argv", READ_QUICKLY)
def test_the_quick_read_is_argparses(argv: list[str]) -> None:
    quick = quick_play_args(argv)
    assert quick is not None
    parsed = build_parser().parse_args(argv or ["play"])  # `iss-adventure` alone plays
    assert vars(quick) == vars(parsed)


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE)
def test_anything_else_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_play_args(argv) is None
