"""The scene graph as Graphviz dot or Mermaid text, acts as clusters, endings marked."""

from __future__ import annotations

from .model import Story


def _edges(story: Story) -> list[tuple[str, str, str]]:
    edges = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            for r in choice.routes:
                edges.append((scene.id, r.target, choice.id))
    return edges


def _by_act(story: Story) -> dict[int, list[str]]:
    acts: dict[int, list[str]] = {}
    for scene in story.scenes.values():
        acts.setdefault(scene.act, []).append(scene.id)
    return dict(sorted(acts.items()))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(story: Story) -> str:
    lines = [f"digraph {_q(story.title)} {{", "  rankdir=LR;", "  node [shape=box];"]
    for act, ids in _by_act(story).items():
        lines.append(f"  subgraph cluster_act{act} {{")
        lines.append(f"    label={_q(f'Act {act}: {story.act_title(act)}')};")
        for sid in ids:
            scene = story.scenes[sid]
            attrs = f"label={_q(scene.title)}"
            if scene.ending is not None:
                attrs += ", shape=doubleoctagon, style=filled, fillcolor=lightgrey"
            if sid == story.start:
                attrs += ", penwidth=2"
            lines.append(f"    {_q(sid)} [{attrs}];")
        lines.append("  }")
    for src, dst, cid in _edges(story):
        lines.append(f"  {_q(src)} -> {_q(dst)} [label={_q(cid)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(story: Story) -> str:
    names = {sid: f"s{i}" for i, sid in enumerate(story.scenes)}

    def label(text: str) -> str:
        return text.replace('"', "'")

    lines = ["flowchart LR"]
    for act, ids in _by_act(story).items():
        lines.append(f'  subgraph act{act}["Act {act}: {label(story.act_title(act))}"]')
        for sid in ids:
            scene = story.scenes[sid]
            shape = ('(["', '"])') if scene.ending is not None else ('["', '"]')
            lines.append(f"    {names[sid]}{shape[0]}{label(scene.title)}{shape[1]}")
        lines.append("  end")
    for src, dst, cid in _edges(story):
        lines.append(f"  {names[src]} -->|{label(cid)}| {names[dst]}")
    return "\n".join(lines) + "\n"
