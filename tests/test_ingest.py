"""The ingest stage: every format, metadata sources, encodings and bad input, built by hand in tmp_path."""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
from pathlib import Path

import pytest

from newsfuse.ingest import IngestResult, discover, read_paths
from newsfuse.model import RawArticle

BODY = (
    "Afghanistan's third largest city, Herat, fell to the Taliban on Thursday after weeks of heavy "
    "fighting on its outskirts, officials said.",
    "The militants also appeared close to capturing Kandahar, the country's second largest city and "
    "the spiritual home of the movement, a diplomatic source said.",
    "The United States said it would send about 3,000 troops to Kabul airport within the next 24 to "
    "48 hours to help evacuate embassy staff.",
)


def page(title: str = "Taliban take Herat", *, author: str = "Jane Reporter", date: str | None = "2021-08-12T22:30:00-04:00",
         site: str = "The Daily Example", url: str = "https://example.com/world/herat", body: tuple[str, ...] = BODY) -> str:
    """A realistic article page: navigation, a headline, paragraphs and a footer."""
    date_meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta name="author" content="{author}">{date_meta}<link rel="canonical" href="{url}"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paras}
</article><footer>Copyright 2021 {site}</footer></body></html>"""


def by_origin(result: IngestResult) -> dict[str, RawArticle]:
    return {r.origin: r for r in result.raw}


def reasons(result: IngestResult) -> dict[str, str]:
    return {s.path: s.reason for s in result.skipped}


# ---- plain text + manifest / sidecar ---------------------------------------------------------


def test_text_with_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("First paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another report.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("No manifest line for this one.\n", encoding="utf-8")
    lines = [
        {"file": "a.txt", "outlet": "Example Times", "published": "2021-08-13T01:30:00+04:30", "credits": ["AFP", "Reuters"],
         "title": "A title", "byline": "Jane Doe", "url": "https://example.com/a"},
        "{not json",
        {"file": "b.txt", "outlet": None, "published": "last Thursday", "credits": "AP / BBC"},
        {"file": "missing.txt", "outlet": "Nobody"},
        {"outlet": "no file key"},
    ]
    (tmp_path / "manifest.jsonl").write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")

    result = read_paths([tmp_path])
    got = by_origin(result)
    a, b, c = got[f"{tmp_path.as_posix()}/a.txt"], got[f"{tmp_path.as_posix()}/b.txt"], got[f"{tmp_path.as_posix()}/c.txt"]
    assert a.text == "First paragraph.\n\nSecond paragraph.\n"  # raw text kept as read
    assert a.meta_from == "manifest"
    assert a.meta.outlet == "Example Times" and a.meta.title == "A title" and a.meta.byline == "Jane Doe"
    assert a.meta.url == "https://example.com/a" and a.meta.credits == ("AFP", "Reuters")
    assert a.meta.published == dt.date(2021, 8, 12)  # 01:30 at +04:30 is 21:00 UTC the day before
    # An unparseable date keeps the article, leaves the date empty and is reported as a warning.
    assert b.meta.published is None and b.meta.outlet is None and b.meta.credits == ("AP", "BBC")
    assert any("last Thursday" in w.reason for w in result.warnings)
    assert c.meta_from == "" and c.meta.published is None
    why = reasons(result)
    m = f"{tmp_path.as_posix()}/manifest.jsonl"
    assert why[f"{m}:2"].startswith("line 2: not valid JSON")
    assert "missing.txt" in why[f"{m}:4"]
    assert '"file"' in why[f"{m}:5"]
    assert result.ignored == ()  # the manifest is metadata, not an ignored file


def test_sidecar_wins_over_manifest_and_is_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Body text of the story.\n", encoding="utf-8")
    (tmp_path / "story.json").write_text(json.dumps({"outlet": "Sidecar Post", "date": "2021-08-12", "author": "Ann Lee"}))
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"file": "story.txt", "outlet": "Manifest Daily", "credits": ["AFP"]}) + "\n")
    (tmp_path / "other.json").write_text("{}")  # no X.txt beside it: not a sidecar, ignored
    result = read_paths([tmp_path])
    (raw,) = result.raw
    assert raw.meta_from == "sidecar"
    assert raw.meta.outlet == "Sidecar Post" and raw.meta.byline == "Ann Lee"
    assert raw.meta.published == dt.date(2021, 8, 12)
    assert raw.meta.credits == ("AFP",)  # the manifest still fills what the sidecar leaves empty
    assert result.ignored == (f"{tmp_path.as_posix()}/other.json",)


def test_seed_manifest(seeds_dir: Path) -> None:
    result = read_paths([seeds_dir])
    assert len(result.raw) == 5 and not result.skipped
    assert result.ignored == (f"{seeds_dir.as_posix()}/README.md",)
    assert [Path(r.origin).name[:3] for r in result.raw] == ["000", "001", "002", "003", "004"]
    assert all(r.meta_from == "manifest" for r in result.raw)
    seed = {Path(r.origin).name[:3]: r for r in result.raw}
    assert seed["002"].meta.credits == ("Reuters", "BBC")
    assert seed["002"].meta.outlet is None
    assert seed["000"].meta.outlet == "The Washington Post"
    assert seed["000"].meta.published == dt.date(2021, 8, 13)
    assert all(isinstance(r.meta.published, dt.date) for r in result.raw)
    assert seed["002"].text == (seeds_dir / seed["002"].origin.rsplit("/", 1)[1]).read_text(encoding="utf-8")


# ---- HTML ----------------------------------------------------------------------------------


def test_html_page_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "herat.html").write_text(page(), encoding="utf-8")
    (tmp_path / "nodate.htm").write_text(page("Kandahar next", date=None, url="https://example.com/k"), encoding="utf-8")
    result = read_paths([tmp_path])
    got = by_origin(result)
    raw = got[f"{tmp_path.as_posix()}/herat.html"]
    assert raw.meta_from == "html"
    assert raw.meta.title == "Taliban take Herat"
    assert raw.meta.byline == "Jane Reporter"
    assert raw.meta.site == "The Daily Example" and raw.meta.outlet == "The Daily Example"
    assert raw.meta.url == "https://example.com/world/herat"
    assert raw.meta.published == dt.date(2021, 8, 13)  # 22:30 at -04:00 is the 13th in UTC
    assert raw.text.split("\n\n") == list(BODY)  # paragraphs kept; headline, nav and footer dropped
    # No date in the markup: none guessed (not from "Copyright 2021", not from the clock).
    assert got[f"{tmp_path.as_posix()}/nodate.htm"].meta.published is None


def test_html_manifest_wins_and_bad_pages_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(page(), encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(json.dumps({"file": "p.html", "outlet": "Wire Desk", "published": "2021-08-11"}) + "\n")
    (tmp_path / "empty_page.html").write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>")
    result = read_paths([tmp_path])
    raw = by_origin(result)[f"{tmp_path.as_posix()}/p.html"]
    assert raw.meta_from == "manifest"
    assert raw.meta.outlet == "Wire Desk" and raw.meta.published == dt.date(2021, 8, 11)
    assert raw.meta.byline == "Jane Reporter"  # the page still fills what the manifest leaves empty
    assert "no article text" in reasons(result)[f"{tmp_path.as_posix()}/empty_page.html"]


# ---- JSONL ---------------------------------------------------------------------------------


def test_jsonl_bad_lines_skip_only_themselves(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "One.\n\nTwo.", "title": "T1", "outlet": "O1", "published": "2021-08-12T10:00:00Z",
                    "author": "A. Writer", "credits": ["AFP"], "url": "https://x.example/1"}),
        '{"text": "broken" "title": "x"}',
        json.dumps({"title": "no text here"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Last.", "date": "Thu, 12 Aug 2021 23:30:00 -0400", "byline": "B. Writer", "credits": "Reuters"}),
    ] + [json.dumps({"text": f"Filler {i}."}) for i in range(5)]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_paths([path])
    p = path.as_posix()
    assert [r.origin for r in result.raw] == [f"{p}:1", f"{p}:6", f"{p}:7", f"{p}:8", f"{p}:9", f"{p}:10", f"{p}:11"]
    first, last = result.raw[0], result.raw[1]
    assert first.text == "One.\n\nTwo." and first.meta_from == "jsonl"
    assert first.meta == first.meta.__class__(outlet="O1", url="https://x.example/1", published=dt.date(2021, 8, 12),
                                              title="T1", byline="A. Writer", credits=("AFP",))
    assert last.meta.published == dt.date(2021, 8, 13) and last.meta.byline == "B. Writer"
    assert last.meta.credits == ("Reuters",)
    why = reasons(result)
    assert why[f"{p}:2"].startswith("line 2: not valid JSON (Expecting ',' delimiter at col")
    assert why[f"{p}:3"].startswith('line 3: no "text" field')
    assert "JSON object" in why[f"{p}:5"]
    assert len(result.skipped) == 3


# ---- feeds ---------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example Wire</title><link>https://wire.example/</link>
<item><title>Herat falls</title><link>https://wire.example/herat</link>
<pubDate>Thu, 12 Aug 2021 23:30:00 -0400</pubDate><dc:creator>Jane Doe</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>Herat fell on Thursday.</p><p>Kandahar is <b>next</b>,<br>officials said.</p><script>x()</script>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://wire.example/t</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Daily</title><id>urn:x</id><updated>2021-08-13T00:00:00Z</updated>
<entry><title>Troops to Kabul</title><id>urn:1</id><link href="https://atom.example/troops"/>
<updated>2021-08-13T02:00:00+05:00</updated><author><name>Sam Roe</name></author>
<content type="html">&lt;p&gt;The US will send 3,000 troops.&lt;/p&gt;&lt;p&gt;The UK will send 600.&lt;/p&gt;</content></entry>
<entry><title>Summary only</title><id>urn:2</id><updated>2021-08-13T00:00:00Z</updated><summary>Just a summary.</summary></entry>
</feed>"""


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    (tmp_path / "wire.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "daily.xml").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    result = read_paths([tmp_path])
    got = by_origin(result)
    rss = got[f"{tmp_path.as_posix()}/wire.rss#1"]
    assert rss.text == "Herat fell on Thursday.\n\nKandahar is next,\nofficials said."
    assert rss.meta_from == "feed"
    assert rss.meta.outlet == "Example Wire" and rss.meta.title == "Herat falls"
    assert rss.meta.url == "https://wire.example/herat" and rss.meta.byline == "Jane Doe"
    assert rss.meta.published == dt.date(2021, 8, 13)
    atom = got[f"{tmp_path.as_posix()}/daily.xml#1"]
    assert atom.text == "The US will send 3,000 troops.\n\nThe UK will send 600."
    assert atom.meta.outlet == "Atom Daily" and atom.meta.byline == "Sam Roe"
    assert atom.meta.published == dt.date(2021, 8, 12)  # 02:00 at +05:00 is the 12th in UTC
    why = reasons(result)
    assert "no full article text" in why[f"{tmp_path.as_posix()}/wire.rss#2"]
    assert "only a summary" in why[f"{tmp_path.as_posix()}/daily.xml#2"]
    assert result.ignored == (f"{tmp_path.as_posix()}/sitemap.xml",)  # XML that is not a feed
    assert len(result.raw) == 2


def test_malformed_feed_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "bad.rss").write_text("this is <not a feed", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Still read.", encoding="utf-8")
    result = read_paths([tmp_path])
    assert [r.origin for r in result.raw] == [f"{tmp_path.as_posix()}/ok.txt"]
    assert "not an RSS or Atom feed" in reasons(result)[f"{tmp_path.as_posix()}/bad.rss"]


# ---- WARC ----------------------------------------------------------------------------------


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        def response(uri: str, body: bytes, ctype: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))

        req = StatusAndHeaders("GET /world/herat HTTP/1.1", [("Host", "example.com")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://example.com/world/herat", "request", payload=io.BytesIO(b""), http_headers=req))
        response("https://example.com/world/herat", page(date=None).encode("utf-8"), "text/html; charset=utf-8")
        response("https://example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        response("https://example.com/api.json", b'{"a": 1}', "application/json")
        response("https://example.com/empty", b"<html><body><nav>Home</nav></body></html>", "text/html")
        response("https://example.com/k", page("Kandahar", date="2021-08-12", url="https://example.com/k").encode("cp1252"),
                 "text/html; charset=windows-1252")


def test_warc_html_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    result = read_paths([path])
    got = by_origin(result)
    assert sorted(got) == ["https://example.com/k", "https://example.com/world/herat"]  # png, json, request ignored
    herat = got["https://example.com/world/herat"]
    assert herat.meta_from == "warc" and herat.meta.url == "https://example.com/world/herat"
    assert herat.meta.title == "Taliban take Herat" and herat.text.split("\n\n") == list(BODY)
    assert herat.meta.published is None  # the WARC-Date (today, the crawl) is never a publication date
    assert got["https://example.com/k"].meta.published == dt.date(2021, 8, 12)
    assert "no article text" in reasons(result)["https://example.com/empty"]


def test_not_a_warc_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "fake.warc").write_text("hello, I am not an archive\n")
    result = read_paths([tmp_path / "fake.warc"])
    assert result.raw == ()
    assert "not a readable WARC archive" in reasons(result)[f"{tmp_path.as_posix()}/fake.warc"]


# ---- encodings -----------------------------------------------------------------------------

LATIN = "Le président a déclaré à Zürich que la sécurité était préoccupante.\nÜber alles, café crème.\n"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("bom8.txt", b"\xef\xbb\xbf" + LATIN.encode("utf-8"), LATIN),
        ("bom16le.txt", LATIN.encode("utf-16"), LATIN),
        ("bom16be.txt", b"\xfe\xff" + LATIN.encode("utf-16-be"), LATIN),
        ("nobom16.txt", LATIN.encode("utf-16-le"), LATIN),
        ("latin1.txt", LATIN.encode("latin-1"), LATIN),
        ("short_latin1.txt", "Café crème in Zürich, über alles.".encode("latin-1"), "Café crème in Zürich, über alles."),
        ("cp1252.txt", "He said \u201cno\u201d \u2013 it\u2019s over.".encode("cp1252"), "He said \u201cno\u201d \u2013 it\u2019s over."),
        ("utf8.txt", LATIN.encode("utf-8"), LATIN),
        # Not Western: left to charset-normalizer, not forced into cp1252.
        ("cp1251.txt", "Талибы захватили Кандагар и Герат.".encode("cp1251"), "Талибы захватили Кандагар и Герат."),
        ("cp1250.txt", "Talibowie zdobyli miasto, powiedzieli urzędnicy w czwartek: zażółć gęślą jaźń.".encode("cp1250"),
         "Talibowie zdobyli miasto, powiedzieli urzędnicy w czwartek: zażółć gęślą jaźń."),
    ],
)
def test_encodings(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    (tmp_path / name).write_bytes(data)
    (raw,) = read_paths([tmp_path / name]).raw
    assert raw.text == expected


def test_html_declared_charset(tmp_path: Path) -> None:
    html = page("Café in Zürich").replace('charset="utf-8"', 'charset="iso-8859-1"')
    (tmp_path / "p.html").write_bytes(html.encode("latin-1"))
    (raw,) = read_paths([tmp_path]).raw
    assert raw.meta.title == "Café in Zürich"


# ---- bad input -----------------------------------------------------------------------------


def test_bad_files_are_skipped_and_the_rest_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text("A good article.", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\t\n")
    (tmp_path / "big.txt").write_text("word " * 100)
    (tmp_path / "locked.txt").write_text("secret")
    monkeypatch.setattr("newsfuse.settings.MAX_INPUT_BYTES", 400)
    real_open = pathlib.Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pathlib.Path, "open", deny)
    seen: list[str] = []
    result = read_paths([tmp_path], on_file=seen.append)
    p = tmp_path.as_posix()
    assert [r.origin for r in result.raw] == [f"{p}/good.txt"]
    why = reasons(result)
    assert why[f"{p}/image.txt"].startswith("binary file, not text")
    assert why[f"{p}/empty.txt"] == "empty file"
    assert why[f"{p}/blank.txt"] == "empty file"
    assert why[f"{p}/big.txt"].startswith("file too large (500 bytes")
    assert why[f"{p}/locked.txt"] == "cannot read: Permission denied"
    assert sorted(seen) == sorted(f"{p}/{n}" for n in ("good.txt", "image.txt", "empty.txt", "blank.txt", "big.txt", "locked.txt"))


def test_missing_paths_and_unknown_formats(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# notes")
    result = read_paths([tmp_path / "nope.txt", str(tmp_path / "*.html"), tmp_path / "notes.md"])
    p = tmp_path.as_posix()
    assert result.raw == ()
    assert reasons(result) == {
        f"{p}/nope.txt": "no such file or folder",
        f"{p}/*.html": "pattern matched no file",
        f"{p}/notes.md": reasons(result)[f"{p}/notes.md"],
    }
    assert reasons(result)[f"{p}/notes.md"].startswith("not an article format (.md)")


# ---- discovery -----------------------------------------------------------------------------


def test_folder_walk_and_glob(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("hidden, never read")
    (tmp_path / "README.md").write_text("# corpus")
    (tmp_path / "b.txt").write_text("Bee.")
    (tmp_path / "a.txt").write_text("Ay.")
    (tmp_path / "sub" / "c.text").write_text("Sea.")
    (tmp_path / "sub" / "deeper" / "d.txt").write_text("Dee.")
    (tmp_path / "sub" / "photo.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.chdir(tmp_path)

    result = read_paths(["."])
    assert [r.origin for r in result.raw] == ["a.txt", "b.txt", "sub/c.text", "sub/deeper/d.txt"]
    assert result.ignored == ("README.md", "sub/photo.jpg")

    globbed = read_paths(["sub/**/*.txt", "*.txt", "a.txt"])  # a.txt twice: read once
    assert [r.origin for r in globbed.raw] == ["a.txt", "b.txt", "sub/deeper/d.txt"]
    assert globbed.skipped == () and globbed.ignored == ()

    files, skipped, ignored = discover(["sub"])
    assert files == [Path("sub/c.text"), Path("sub/deeper/d.txt")] and skipped == [] and ignored == ["sub/photo.jpg"]


def test_same_input_same_result(tmp_path: Path) -> None:
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps({"text": f"t{i}"}) for i in range(12)))
    (tmp_path / "y.txt").write_text("why")
    first, second = read_paths([tmp_path]), read_paths([tmp_path])
    assert first == second
    assert [r.origin.rsplit(":", 1)[-1] for r in first.raw[:12]] == [str(i) for i in range(1, 13)]  # natural order
