"""RSS and Atom feeds -> one article per entry, with feedparser.

The body is the entry's full content (``<content:encoded>``, Atom ``<content>``).  An RSS item
without it falls back to its ``<description>``, which RSS uses for the item's text; an Atom
``<summary>`` is a summary by definition and is never taken as the article.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

import feedparser

from newsfuse.errors import InputError
from newsfuse.ingest.markup import fragment_to_text
from newsfuse.model import Metadata, RawArticle, Skipped

__all__ = ["looks_like_feed", "read_feed"]

_FEED_ROOT = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(rss|feed|RDF)[\s>]")


def looks_like_feed(head: bytes) -> bool:
    """Whether the first bytes of an XML file open an RSS, Atom or RDF feed (skipping the prolog)."""
    text = head.replace(b"\x00", b"")  # crude view of UTF-16 files, good enough to see a root tag name
    first = re.search(rb"<[^?!/]", text)  # the root element, after any <?xml ...?> and comments
    return bool(first and _FEED_ROOT.match(text, first.start()))


def _date(entry: feedparser.FeedParserDict) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)  # feedparser gives UTC
    return None


def _body(entry: feedparser.FeedParserDict, is_rss: bool) -> str:
    texts = [fragment_to_text(c.get("value") or "") for c in entry.get("content") or []]
    texts = [t for t in texts if t.strip()]
    if texts:
        return max(texts, key=len)  # several alternates (text and HTML): the fullest one
    if is_rss and entry.get("summary"):
        return fragment_to_text(entry["summary"])
    return ""


@dataclass(frozen=True, slots=True)
class FeedResult:
    raw: list[RawArticle]
    skipped: list[Skipped]


def read_feed(data: bytes, shown: str) -> FeedResult:
    """Every entry of a feed with body text; entries without one are :class:`Skipped` as ``path#N``."""
    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        raise InputError(shown, f"not an RSS or Atom feed ({problem or 'no <rss> or <feed> root element'})")
    if not entries:
        raise InputError(shown, "the feed has no entries")
    is_rss = str(parsed.get("version", "")).startswith("rss")
    outlet = (parsed.feed.get("title") or "").strip() or None
    raw: list[RawArticle] = []
    skipped: list[Skipped] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{shown}#{n}"
        text = _body(entry, is_rss)
        title = (entry.get("title") or "").strip() or None
        if not text.strip():
            named = f' "{title}"' if title else ""
            why = "only a summary" if entry.get("summary") else "no content"
            skipped.append(Skipped(where, f"entry {n}{named} has {why}, no full article text; the feed carries teasers only"))
            continue
        meta = Metadata(
            outlet=outlet,
            url=(entry.get("link") or "").strip() or None,
            published=_date(entry),
            title=title,
            byline=(entry.get("author") or "").strip() or None,
            site=outlet,
        )
        raw.append(RawArticle(where, text, meta, "feed"))
    return FeedResult(raw, skipped)
