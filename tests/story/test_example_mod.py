"""The example mod's prose meets the shipped story's bar: spelled right, no placeholders."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
EXAMPLE = HERE.parents[1] / "mods" / "ham-radio"


def _prose(doc: dict[str, Any]) -> str:
    parts = [doc.get("title", ""), doc.get("text") or "", doc.get("description", "")]
    for key in ("variants", "add_variants"):
        parts += [v.get("text", "") for v in doc.get(key) or []]
    for key in ("choices", "add_choices", "replace_choices"):
        for choice in doc.get(key) or []:
            parts += [choice.get("text", ""), choice.get("locked") or ""]
    ending = doc.get("ending") or {}
    parts += [ending.get(k, "") for k in ("title", "summary", "hint")]
    return "\n".join(parts)


def _docs() -> dict[str, dict[str, Any]]:
    return {p.relative_to(EXAMPLE).as_posix(): yaml.safe_load(p.read_text())
            for p in sorted(EXAMPLE.rglob("*.yaml"))}


def test_no_placeholder_text() -> None:
    pattern = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem|ipsum|placeholder)\b|\{\{|\[\[", re.I)
    for name, doc in _docs().items():
        assert pattern.search(_prose(doc)) is None, name


def test_spelling() -> None:
    from spellchecker import SpellChecker

    known = {w.strip().lower() for w in (HERE / "wordlist.txt").read_text().splitlines()
             if w.strip() and not w.startswith("#")}
    where: dict[str, str] = {}
    for name, doc in _docs().items():
        for word in re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)*", _prose(doc)):
            word = re.sub(r"['’]s$", "", word).lower()
            if word not in known:
                where.setdefault(word, name)
    unknown = sorted(SpellChecker().unknown(where))
    assert not unknown, "unknown words: " + ", ".join(f"{w} ({where[w]})" for w in unknown)


def test_a_branch_of_at_least_three_scenes_with_its_own_ending() -> None:
    docs = _docs()
    scenes = {n: d for n, d in docs.items() if n != "mod.yaml" and "patch" not in d}
    assert len(scenes) >= 3
    assert sum(1 for d in scenes.values() if d.get("ending")) == 1
    assert sum(1 for d in docs.values() if "patch" in d) == 1
    assert len(docs["mod.yaml"]["variables"]) == 1
