"""Independent-source groups: the three seed sources, their reasons, and no chaining on weak evidence."""

from __future__ import annotations

import dataclasses
import random

from newsfuse.model import NearDuplicate
from newsfuse.passages import shared_passages
from newsfuse.sources import credit_role, group_sources, narration_words
from test_passages import embedder, make_article, seed_articles, seed_links_with_embeddings  # noqa: F401 - embedder is a fixture


def _named(groups) -> dict[tuple[str, ...], tuple[str, tuple[str, ...]]]:  # noqa: ANN001
    name = {a.id: k for k, a in seed_articles().items()}
    return {tuple(sorted(name[i] for i in g.articles)): (g.name, g.why) for g in groups}


def _check_partition(groups, articles) -> None:  # noqa: ANN001
    members = [i for g in groups for i in g.articles]
    assert sorted(members) == sorted({a.id for a in articles})  # each article in exactly one group
    assert len({g.id for g in groups}) == len(groups)
    assert all(g.why and g.name for g in groups)


def test_seed_groups_with_manifest_metadata_and_all_passages(embedder) -> None:  # noqa: ANN001
    arts = list(seed_articles().values())
    groups = group_sources(arts, seed_links_with_embeddings())
    _check_partition(groups, arts)
    named = _named(groups)
    assert set(named) == {("000", "001"), ("003", "004"), ("002",)}
    assert named[("000", "001")] == ("The Washington Post", ("same outlet: The Washington Post",))
    afp_name, afp_why = named[("003", "004")]
    assert afp_name == "AFP"
    assert afp_why[0] == "both credit AFP copy"
    assert any("verbatim quote" in w for w in afp_why[1:])
    assert named[("002",)] == ("Reuters / BBC", ("only article from Reuters / BBC",))


def test_seed_groups_without_metadata_come_from_shared_reporting(embedder) -> None:  # noqa: ANN001
    # No manifest: no outlet, no credits.  003/004 still group on their verbatim reporting; nothing
    # else chains together on reworded facts or on 002's different translation of the Price quote.
    bare = [dataclasses.replace(a, outlet=None, credits=()) for a in seed_articles().values()]
    groups = group_sources(bare, seed_links_with_embeddings())
    _check_partition(groups, bare)
    named = _named(groups)
    assert set(named) == {("000",), ("001",), ("002",), ("003", "004")}
    assert "verbatim quote" in named[("003", "004")][1][0]
    assert named[("000",)][1][0].startswith("only article from ")


def test_groups_are_deterministic_whatever_the_input_order() -> None:
    arts = list(seed_articles().values())
    links = shared_passages(arts)
    first = group_sources(arts, links)
    shuffled = arts[:]
    random.Random(7).shuffle(shuffled)
    assert group_sources(shuffled, list(reversed(links))) == first


def test_credit_roles_on_the_seeds() -> None:
    s = seed_articles()
    assert credit_role(s["000"], "Reuters") == "cited"  # "..., Reuters reported."
    assert credit_role(s["001"], "The Associated Press") == "cited"  # "The Associated Press, citing ..., reported"
    assert credit_role(s["002"], "Reuters") == "copy"  # "- Reuters / BBC" credit line, "told Reuters"
    assert credit_role(s["002"], "BBC") == "copy"  # on the credit line, though also "the BBC reported"
    assert credit_role(s["003"], "AFP") == "copy"  # "told AFP"
    assert credit_role(s["004"], "Agence France-Presse") == "copy"


def test_a_cited_agency_does_not_merge_an_article_with_that_agencys_copy() -> None:
    s = seed_articles()
    wapo = dataclasses.replace(s["000"], credits=("The Washington Post", "Reuters"))
    groups = group_sources([wapo, s["002"]])
    assert len(groups) == 2


def test_one_shared_quote_of_a_public_figure_is_weak_evidence() -> None:
    quote = "“We are further decreasing our civilian footprint in the capital this week,” Price said."
    a = make_article("The first outlet opened its report with its own words on the day.\n" + quote, "a.txt", outlet="A")
    b = make_article("A second outlet wrote a wholly different opening line today.\n" + quote, "b.txt", outlet="B")
    links = shared_passages([a, b])
    assert len(links) == 1 and links[0].kind == "verbatim"
    assert narration_words(quote) == 2
    assert len(group_sources([a, b], links)) == 2


def test_verbatim_reporting_and_near_duplicates_group() -> None:
    line = "Officials in the northern province said the convoy was stopped at a checkpoint outside the city late on Monday."
    a = make_article("First report opening words are here today.\n" + line, "a.txt", outlet="A")
    b = make_article("Second report begins with other words.\n" + line, "b.txt", outlet="B")
    c = make_article("Third, unrelated article about the weather and the harvest.", "c.txt", outlet="C")
    (g_ab, g_c) = sorted(group_sources([a, b, c], shared_passages([a, b, c])), key=lambda g: len(g.articles), reverse=True)
    assert set(g_ab.articles) == {a.id, b.id}
    assert g_ab.name == "A / B"
    assert g_ab.why == ("share 1 passage incl. 1 verbatim sentence of reporting",)
    assert g_c.articles == (c.id,) and g_c.why == ("only article from C",)
    (g,) = [g for g in group_sources([a, c], duplicates=[NearDuplicate(*sorted((a.id, c.id)), 0.82)]) if len(g.articles) == 2]
    assert g.why == ("near-duplicate texts (82% of word shingles shared)",)


def test_odd_input() -> None:
    assert group_sources([]) == ()
    lone = make_article("", "only.txt")
    (g,) = group_sources([lone])
    assert g.articles == (lone.id,) and g.why == ("only article from only.txt",) and g.id.startswith("s")
    french = make_article("Le gouvernement a annoncé mardi la réouverture du pont.", "fr.txt", credits=("AFP",))
    one_sentence = make_article("Kabul airport reopened.", "one.txt", outlet="X")
    groups = group_sources([lone, french, one_sentence], shared_passages([lone, french, one_sentence]))
    assert sorted(len(g.articles) for g in groups) == [1, 1, 1]
    assert {g.name for g in groups} == {"AFP", "X", "only.txt"}
