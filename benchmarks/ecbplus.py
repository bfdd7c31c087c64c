"""Reusable ECB+ loader for the benchmarks (reads ../shared/data/ecbplus; never copies it).

ECB+ (Cybulska & Vossen 2014, CC BY 3.0) holds news articles in topics; each topic has two real-world
"seminal events": files ``N_Mecb.xml`` (subtopic ``"ecb"``) and ``N_Mecbplus.xml`` (subtopic ``"ecbplus"``).
Each XML file is a token list, stand-off mentions (markables anchored to token ids) and coreference
relations (``CROSS_DOC_COREF`` pointing at an instance with an ``instance_id``; ``INTRA_DOC_COREF``).

Usage::

    from ecbplus import load_documents          # with benchmarks/ on sys.path
    docs = load_documents()                     # topics 1-35 (the folders present)
    docs[0].text, docs[0].gold_story, docs[0].mentions

``EcbDoc.text`` is the tokens joined with single spaces, one sentence per line.  In the ``ecbplus`` files
sentence 0 is the URL the text was found at: it is kept apart in ``EcbDoc.url`` and left out of ``text``
(a clusterer must not read the answer from a URL slug).  Every :class:`EcbToken` carries its character
offsets into ``text`` so mention spans can be mapped onto any text-based system output.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Where the shared ECB+ copy lives relative to the repository root (the repo is cloned beside ../shared).
DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus"

#: Mention tags that are events (actions, negated actions); every other tag is an entity
#: (HUMAN_PART*, NON_HUMAN_PART*, LOC_*, TIME_*).
EVENT_TAG_PREFIXES = ("ACTION", "NEG_ACTION")


@dataclass(frozen=True, slots=True)
class EcbToken:
    """One corpus token with its character offsets ``[start, end)`` into :attr:`EcbDoc.text`."""

    t_id: int
    sentence: int
    number: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EcbMention:
    """One annotated mention.

    ``chain_id`` is the ``instance_id`` of the cross-document chain it belongs to, ``"<doc_id>/intra/<r_id>"``
    for a within-document-only chain, or ``None`` when the mention is linked to nothing (a singleton).
    ``start``/``end`` are character offsets into :attr:`EcbDoc.text` (first token start, last token end).
    """

    doc_id: str
    sentence: int
    token_ids: tuple[int, ...]
    text: str
    kind: str  # "event" | "entity"
    chain_id: str | None
    tag: str
    m_id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EcbDoc:
    """One ECB+ article: its text, tokens, gold story and mentions."""

    doc_id: str  # file stem, e.g. "1_10ecbplus"
    topic: int
    subtopic: str  # "ecb" | "ecbplus"
    text: str
    tokens: tuple[EcbToken, ...]
    path: Path
    mentions: tuple[EcbMention, ...] = ()
    url: str | None = None
    annotated_sentences: frozenset[int] = frozenset()

    @property
    def gold_story(self) -> str:
        """The gold seminal event: topic + subtopic, e.g. ``"1ecbplus"``."""
        return f"{self.topic}{self.subtopic}"

    def sentences(self) -> list[str]:
        """The text's sentences (one per line)."""
        return self.text.split("\n")


def load_annotated_sentences(root: Path = DEFAULT_ROOT) -> dict[str, frozenset[int]]:
    """``ECBplus_coreference_sentences.csv`` as ``{doc_id: sentence numbers}`` (score only those)."""
    out: dict[str, set[int]] = {}
    with (Path(root) / "ECBplus_coreference_sentences.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            doc_id = f"{int(row['Topic'])}_{row['File'].strip()}"
            out.setdefault(doc_id, set()).add(int(row["Sentence Number"]))
    return {k: frozenset(v) for k, v in out.items()}


def _is_url(words: list[str]) -> bool:
    joined = "".join(words).lower()
    return joined.startswith(("http", "www.")) or ("/" in joined and " " not in joined and "." in joined)


def parse_document(path: Path, annotated: frozenset[int] = frozenset()) -> EcbDoc:
    """Parse one ECB+ XML file."""
    path = Path(path)
    stem = path.stem  # "1_10ecbplus"
    topic_s, rest = stem.split("_", 1)
    subtopic = "ecbplus" if rest.endswith("ecbplus") else "ecb"
    root = ET.parse(path).getroot()

    raw: list[tuple[int, int, int, str]] = []
    for tok in root.iter("token"):
        raw.append((int(tok.get("t_id", "0")), int(tok.get("sentence", "0")), int(tok.get("number", "0")),
                    (tok.text or "").strip()))
    raw.sort(key=lambda r: r[0])

    url: str | None = None
    by_sentence: dict[int, list[tuple[int, int, int, str]]] = {}
    for r in raw:
        by_sentence.setdefault(r[1], []).append(r)
    if subtopic == "ecbplus" and 0 in by_sentence and _is_url([r[3] for r in by_sentence[0]]):
        url = "".join(r[3] for r in by_sentence.pop(0))

    tokens: list[EcbToken] = []
    lines: list[str] = []
    pos = 0
    for s in sorted(by_sentence):
        words: list[str] = []
        for t_id, sent, num, word in by_sentence[s]:
            if not word:
                continue
            if words:
                pos += 1  # the joining space
            tokens.append(EcbToken(t_id, sent, num, word, pos, pos + len(word)))
            words.append(word)
            pos += len(word)
        if words:
            lines.append(" ".join(words))
            pos += 1  # the newline
    text = "\n".join(lines)
    tok_by_id = {t.t_id: t for t in tokens}

    # Coreference: mention id -> chain id.
    instance_of: dict[int, str] = {}
    markables = root.find("Markables")
    if markables is not None:
        for m in markables:
            if m.get("instance_id"):
                instance_of[int(m.get("m_id", "0"))] = m.get("instance_id", "")
    chain: dict[int, str] = {}
    relations = root.find("Relations")
    if relations is not None:
        for rel in relations:
            targets = [int(t.get("m_id", "0")) for t in rel.findall("target")]
            sources = [int(s.get("m_id", "0")) for s in rel.findall("source")]
            if rel.tag == "CROSS_DOC_COREF":
                cid = next((instance_of[t] for t in targets if t in instance_of), None) or rel.get("note")
            elif rel.tag == "INTRA_DOC_COREF":
                cid = f"{stem}/intra/{rel.get('r_id')}"
                sources = sources + targets  # the target is itself a mention in this document
            else:
                continue
            if cid:
                for s in sources:
                    chain.setdefault(s, cid)

    mentions: list[EcbMention] = []
    if markables is not None:
        for m in markables:
            anchors = [int(a.get("t_id", "0")) for a in m.findall("token_anchor")]
            toks = [tok_by_id[a] for a in anchors if a in tok_by_id]
            if not toks:
                continue  # instance descriptors (no anchors) and mentions inside the URL line
            toks.sort(key=lambda t: t.t_id)
            m_id = int(m.get("m_id", "0"))
            kind = "event" if m.tag.startswith(EVENT_TAG_PREFIXES) else "entity"
            mentions.append(EcbMention(
                doc_id=stem, sentence=toks[0].sentence, token_ids=tuple(t.t_id for t in toks),
                text=" ".join(t.text for t in toks), kind=kind, chain_id=chain.get(m_id), tag=m.tag,
                m_id=m_id, start=toks[0].start, end=toks[-1].end,
            ))
    mentions.sort(key=lambda x: (x.start, x.end, x.m_id))
    return EcbDoc(doc_id=stem, topic=int(topic_s), subtopic=subtopic, text=text, tokens=tuple(tokens),
                  path=path, mentions=tuple(mentions), url=url, annotated_sentences=annotated)


def _sort_key(path: Path) -> tuple[int, str, int]:
    topic_s, rest = path.stem.split("_", 1)
    sub = "ecbplus" if rest.endswith("ecbplus") else "ecb"
    return int(topic_s), sub, int(rest[: -len(sub)])


def load_documents(root: Path = DEFAULT_ROOT, topics: Iterable[int] = range(1, 36)) -> list[EcbDoc]:
    """Every ECB+ document of ``topics`` (missing topic folders, e.g. 15 and 17, are skipped), sorted by
    (topic, subtopic, number).  Raises FileNotFoundError naming the folder when ECB+ is absent."""
    root = Path(root)
    corpus = root / "ECB+"
    if not corpus.is_dir():
        raise FileNotFoundError(f"ECB+ not found at {corpus}: clone the project beside ../shared")
    annotated = load_annotated_sentences(root) if (root / "ECBplus_coreference_sentences.csv").exists() else {}
    paths: list[Path] = []
    for t in sorted(set(topics)):
        folder = corpus / str(t)
        if folder.is_dir():
            paths.extend(folder.glob("*.xml"))
    return [parse_document(p, annotated.get(p.stem, frozenset())) for p in sorted(paths, key=_sort_key)]


def cycled_articles(n: int, topics: Iterable[int] = range(1, 36)) -> list:
    """``n`` newsfuse Articles from the ECB+ documents of ``topics``, cycled to reach ``n``: a cycled copy
    is the same text under another id (a suffix in the id only), as a wire copy would be.  Exits with a
    message naming the folder when ECB+ is absent."""
    import sys

    from newsfuse.model import Article, article_id

    if not (DEFAULT_ROOT / "ECB+").is_dir():
        sys.exit(f"ECB+ not found at {DEFAULT_ROOT}: clone the project beside ../shared")
    docs = load_documents(DEFAULT_ROOT, topics)
    texts = [docs[i % len(docs)].text for i in range(n)]
    return [Article(id=f"{article_id(t)}-{i}", text=t, origins=(f"ecb#{i}",)) for i, t in enumerate(texts)]


if __name__ == "__main__":  # quick look: counts per subtopic
    docs = load_documents()
    n_events = sum(m.kind == "event" for d in docs for m in d.mentions)
    print(f"{len(docs)} documents, {len({d.gold_story for d in docs})} seminal events, "
          f"{sum(len(d.mentions) for d in docs)} mentions ({n_events} events)")

