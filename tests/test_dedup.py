"""Exact duplicates collapse; lightly edited copies are near-duplicates of their original only."""

from __future__ import annotations

import dataclasses

import pytest

from newsfuse.dedup import NearDuplicateIndex, collapse_exact, near_duplicates, reporting_text
from newsfuse.model import Noise
from test_passages import make_article, seed_articles


def light_edit(text: str) -> str:
    """A re-publication: one sentence cut, a few words changed, two paragraphs swapped."""
    paras = [p for p in text.split("\n") if p.strip()]
    longest = max(range(len(paras)), key=lambda i: len(paras[i]))
    sents = paras[longest].split(". ")
    if len(sents) > 1:
        paras[longest] = ". ".join(sents[1:])  # delete a sentence
    else:
        del paras[longest]
    paras[1], paras[2] = paras[2], paras[1]  # reorder two paragraphs
    edited = "\n\n".join(paras)
    for old, new in (("Taliban", "Taleban"), (" said", " stated"), ("Kabul", "the capital Kabul")):
        edited = edited.replace(old, new, 1)  # change a few words
    return edited


def test_exact_duplicates_collapse_keeping_every_origin() -> None:
    a1 = make_article("Same words, published twice.", "feeds/b.xml#3", outlet="B")
    a2 = make_article("Same words, published twice.", "dir/a.txt", outlet="A")
    other = make_article("Other words entirely.", "dir/c.txt")
    out = collapse_exact([a1, other, a2])
    assert out == collapse_exact([a2, a1, other])  # input order does not matter
    assert [a.id for a in out] == [a1.id, other.id]
    merged = out[0]
    assert merged.origins == ("dir/a.txt", "feeds/b.xml#3")
    assert merged.outlet == "A"  # metadata of the copy with the first origin
    assert collapse_exact([]) == ()


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_lightly_edited_seed_is_a_near_duplicate_of_its_original_only(name: str) -> None:
    arts = seed_articles()
    copy = make_article(light_edit(arts[name].text), "copies/edited.txt")
    assert copy.id != arts[name].id
    pairs = near_duplicates([*arts.values(), copy])
    assert [(p.a, p.b) for p in pairs] == [tuple(sorted((arts[name].id, copy.id)))]
    assert 0.5 <= pairs[0].similarity < 1.0


def test_seeds_are_not_near_duplicates_of_each_other() -> None:
    # 003 and 004 are rewrites of one AFP story, but not copies: no shared shingles to speak of.
    assert near_duplicates(list(seed_articles().values())) == ()


def test_noise_is_left_out_of_the_comparison() -> None:
    body = seed_articles()["002"].text
    a = make_article(body, "a.txt")
    assert reporting_text(a) == body
    trailer = "\n\nRead more: " + " ".join(["unrelated trailer words"] * 200)
    text = body + trailer
    b = make_article(text, "b.txt", noise=(Noise("read_more", len(body) + 2, len(text)),))
    assert "trailer" not in reporting_text(b)
    (pair,) = near_duplicates([a, b])
    assert pair.similarity == 1.0  # identical once the trailer (noise) is set aside


def test_index_is_incremental_and_verifies_candidates() -> None:
    arts = seed_articles()
    index = NearDuplicateIndex()
    for name in ("000", "001", "002"):
        assert index.insert(arts[name].id, arts[name].text)
    assert len(index) == 3
    assert index.query(light_edit(arts["001"].text)) == (arts["001"].id,)
    assert index.query(arts["003"].text) == ()
    index.insert(arts["003"].id, arts["003"].text)  # a later article needs no rebuild
    assert index.query(light_edit(arts["003"].text)) == (arts["003"].id,)
    with pytest.raises(ValueError, match="already"):
        index.insert(arts["003"].id, arts["003"].text)
    assert not index.insert("tiny", "Too short to index.")
    assert "tiny" not in index


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["Only one article here, with one sentence."],
        ["", "", "Breaking news.", "Breaking news!"],
        ["Le gouvernement a annoncé mardi que le pont rouvrirait le mois prochain à la circulation des voitures.",
         "Die Regierung kündigte am Dienstag an, dass die Brücke im nächsten Monat wieder für Autos geöffnet wird."],
    ],
)
def test_odd_input_gives_no_junk_pairs(texts: list[str]) -> None:
    arts = [make_article(t, f"{i}.txt") for i, t in enumerate(texts)]
    assert near_duplicates(arts) == ()
    assert len(collapse_exact(arts)) == len({a.id for a in arts})


def test_non_english_copies_are_still_found() -> None:
    text = " ".join(
        f"Le conseil municipal a voté la phrase numéro {i} du budget de la ville pour l'année prochaine."
        for i in range(12)
    )
    a = make_article(text, "fr1.txt")
    b = make_article(text.replace("numéro 3 ", "numéro trois ").replace("ville", "commune", 1), "fr2.txt")
    assert [(p.a, p.b) for p in near_duplicates([a, b])] == [tuple(sorted((a.id, b.id)))]


def test_duplicate_ids_in_input_are_not_paired_with_themselves() -> None:
    a = seed_articles()["000"]
    b = dataclasses.replace(a, origins=("elsewhere.txt",))
    assert near_duplicates([a, b]) == ()
