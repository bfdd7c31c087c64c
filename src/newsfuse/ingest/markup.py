"""Markup trees -> plain text with paragraph breaks kept.

Paragraphs are joined with a blank line (``"\\n\\n"``) so that the normaliser never mistakes two
short HTML paragraphs for one hard-wrapped block; a ``<br>`` inside a paragraph is one ``"\\n"``.
Inside a paragraph, HTML whitespace (source line ends, indentation) collapses to one space, as a
browser renders it.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

__all__ = ["fragment_to_text", "tree_to_text"]

_BLOCK = "\x01"
_BREAK = "\x02"
_SPACES = re.compile(r"[ \t\r\n\f\v]+")

#: HTML elements that start a new paragraph.
HTML_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr thead tbody tfoot section article "
    "header footer aside main nav figure figcaption address hr details summary caption".split()
)
#: Elements whose content is never text.
HTML_SKIP = frozenset("script style noscript template head title svg iframe object".split())
#: trafilatura's output XML: block elements and the line-break element.
TRAFILATURA_BLOCKS = frozenset("p head item list quote row table code div".split())


def _walk(el: etree._Element, out: list[str], blocks: frozenset[str], breaks: frozenset[str], cells: frozenset[str], skip: frozenset[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    tag = tag.rsplit("}", 1)[-1].lower()
    if tag in skip or not isinstance(el.tag, str):  # comments, processing instructions, scripts
        return
    if tag in breaks:
        out.append(_BREAK)
        return
    is_block = tag in blocks
    if is_block:
        out.append(_BLOCK)
    if tag in cells:
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out, blocks, breaks, cells, skip)
        if child.tail:
            out.append(child.tail)
    if is_block:
        out.append(_BLOCK)


def _assemble(parts: list[str]) -> str:
    stream = _SPACES.sub(" ", "".join(parts))
    paragraphs: list[str] = []
    for block in stream.split(_BLOCK):
        lines = [line.strip() for line in block.split(_BREAK)]
        para = "\n".join(line for line in lines if line)
        if para:
            paragraphs.append(para)
    return "\n\n".join(paragraphs)


def tree_to_text(root: etree._Element) -> str:
    """trafilatura's extracted body (``Document.body``) as paragraphs."""
    out: list[str] = []
    _walk(root, out, TRAFILATURA_BLOCKS, frozenset({"lb"}), frozenset({"cell"}), frozenset({"graphic", "ref_skip"}))
    return _assemble(out)


def fragment_to_text(html: str) -> str:
    """An HTML fragment (a feed entry's content) as paragraphs; plain text passes through."""
    if "<" not in html:
        # Plain text content: keep its own line structure.
        return "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", html) if p.strip())
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    out: list[str] = []
    _walk(root, out, HTML_BLOCKS, frozenset({"br"}), frozenset({"td", "th"}), HTML_SKIP)
    return _assemble(out)
