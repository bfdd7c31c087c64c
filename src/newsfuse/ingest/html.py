"""HTML pages -> body text and metadata, with trafilatura.

Publication dates come only from the page's markup (meta tags, JSON-LD, ``<time>``, the URL):
htmldate's *extensive* search is off, because it guesses from any year in the text (a
"Copyright 2021" footer gives 2021-01-01).
"""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from trafilatura.settings import use_config

from newsfuse.errors import InputError
from newsfuse.ingest.markup import tree_to_text
from newsfuse.ingest.meta import parse_date
from newsfuse.model import Metadata

__all__ = ["extract_page"]

#: htmldate settings: markup-based dates only (see the module docstring), with the time and zone kept
#: so that the UTC day can be taken.
DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}

#: A page whose extracted main text is shorter than this many characters is navigation or an empty
#: template, not an article: trafilatura's fallback otherwise returns a lone "Home" link.  The
#: shortest real item we expect, a one-sentence wire flash ("Taliban capture Herat, officials say."),
#: is about 40 characters.
MIN_ARTICLE_CHARS = 30

_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))

_WORDS = re.compile(r"\w+")


def _same_words(a: str, b: str) -> bool:
    return _WORDS.findall(a.casefold()) == _WORDS.findall(b.casefold())


def extract_page(html: str, shown: str, url: str | None = None) -> tuple[str, Metadata]:
    """The article text (paragraphs joined by blank lines) and metadata of one HTML page.

    Raises :class:`InputError` when the page cannot be parsed or holds no article text.
    """
    try:
        tree = trafilatura.load_html(html)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise InputError(shown, f"not a readable HTML page ({exc})") from exc
    if tree is None:
        raise InputError(shown, "not a readable HTML page: no HTML document could be parsed from it")
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, with_metadata=True, date_extraction_params=dict(DATE_PARAMS), config=_CONFIG
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        raise InputError(shown, f"trafilatura could not read this page ({type(exc).__name__}: {exc})") from exc
    if doc is None or doc.body is None:
        raise InputError(
            shown,
            "no article text found in the HTML page (trafilatura found no main text: an index page, "
            "a page rendered by scripts, or an empty article)",
        )
    text = tree_to_text(doc.body)
    title = (doc.title or "").strip() or None
    if title:
        first, _, rest = text.partition("\n\n")
        if _same_words(first, title) and rest.strip():
            text = rest  # the headline trafilatura kept as the first line is the title, not the body
    if not text.strip():
        raise InputError(shown, "no article text found in the HTML page (the extracted main text is empty)")
    published, _problem = parse_date(doc.date)
    site = (doc.sitename or "").strip() or None
    meta = Metadata(
        outlet=site,
        url=(doc.url or url or "").strip() or None,
        published=published,
        title=title,
        byline=(doc.author or "").strip() or None,
        site=site,
    )
    return text, meta
