"""The report document -> ``report.html``: one self-contained page (inline CSS and JS, no
external resource) that works opened from disk, offline.

Templates live in ``templates/`` (flat, so package data ships them all); jinja2 runs with
autoescape on, so every article word is escaped.  The page is a list of *sections*, each a
partial ``_<name>.html.j2``: a later stage adds its view by dropping in a partial and a
:class:`Section` entry in :data:`SECTIONS`; until it does, its items show in a generic
section.  Character ranges are addressable as ``#<article id>-<start>-<end>``
(:func:`anchor`): the page's script highlights any such range, element or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from newsfuse.render.report_json import LATER_STAGE_KEYS
from newsfuse.render.segments import label, noise_kinds, paragraphs, snippet


@dataclass(frozen=True, slots=True)
class Section:
    """One panel of the page: rendered by ``_<name>.html.j2`` when ``doc[key]`` is non-empty
    (``key=None``: always)."""

    name: str
    title: str
    key: str | None = None


#: The page's panels in reading order.  Later stages insert theirs (summary, timeline, map,
#: matrix) here with a partial of the same name.
SECTIONS: tuple[Section, ...] = (
    Section("articles", "Articles"),
    Section("sources", "Independent sources", "sources"),
    Section("stories", "Stories", "stories"),
    Section("passages", "Shared passages", "passages"),
    Section("duplicates", "Near-duplicates", "duplicates"),
    Section("skipped", "Skipped inputs", "skipped"),
    Section("texts", "Article texts"),
)


def anchor(article: str, start: int, end: int) -> str:
    """The element id / URL fragment naming ``text[start:end]`` of ``article``."""
    return f"{article}-{start}-{end}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsfuse.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(anchor=anchor, label=label, noise_kinds=noise_kinds, snippet=snippet)
    return env


def _sections(env: jinja2.Environment, doc: Mapping[str, Any]) -> list[dict[str, str]]:
    known = set(env.list_templates())
    shown = [
        {"name": s.name, "title": s.title, "template": f"_{s.name}.html.j2"}
        for s in SECTIONS
        if s.key is None or doc.get(s.key)
    ]
    listed = {s.name for s in SECTIONS}
    for key in LATER_STAGE_KEYS:
        if doc.get(key) and key not in listed:
            partial = f"_{key}.html.j2"
            shown.insert(-1, {"name": key, "title": key.capitalize(), "template": partial if partial in known else "_generic.html.j2"})
    return shown


def render_html_doc(doc: Mapping[str, Any]) -> str:
    """``report.html`` text for a report document (the output of :func:`to_dict`)."""
    env = _environment()
    arts = doc["articles"]
    view = {
        "doc": doc,
        "by_id": {a["id"]: a for a in arts},
        "paras": {a["id"]: paragraphs(a) for a in arts},
        "sections": _sections(env, doc),
        "counts": [
            (len(arts), "articles"),
            (len({a["outlet"] for a in arts if a["outlet"]}), "named outlets"),
            (len(doc["sources"]), "independent sources"),
            (len(doc["stories"]), "stories"),
            (len(doc["passages"]), "shared passages"),
            (len(doc["duplicates"]), "near-duplicates"),
            (len(doc["skipped"]), "skipped"),
            (sum(1 for a in arts if not a["published"]), "undated"),
        ],
    }
    return env.get_template("report.html.j2").render(view)
