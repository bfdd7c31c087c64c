"""Entity mentions, article-local keys and roles, bundle-wide linking (annotate/entities.py)."""

from __future__ import annotations

import pytest

from newsfuse.annotate.entities import entity_at, find_entities, link_entities
from newsfuse.annotate.places import find_places
from newsfuse.model import Entity, EntityMention, Place, Span

SEEDS = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def seed_mentions(seeds_dir, nlp, gaz):
    """Every seed article's text and entity mentions, parsed once for the module."""
    out = {}
    for name in SEEDS:
        (path,) = seeds_dir.glob(f"{name}_*.txt")
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        out[name] = (text, find_entities(doc, name, find_places(doc, nlp, gaz)))
    return out


@pytest.fixture(scope="module")
def seed_entities(seed_mentions):
    return link_entities(m for _, ms in seed_mentions.values() for m in ms)


def _by_name(entities, name):
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.kind, e.name) for e in entities if name.split()[-1] in e.name]
    return found[0]


def _mentions(nlp, gaz, text, article="t"):
    doc = nlp(text)
    return find_entities(doc, article, find_places(doc, nlp, gaz))


# ----------------------------------------------------------------------------- seeds


def test_every_span_quotes_its_article_and_mentions_do_not_overlap(seed_mentions):
    for name, (text, ms) in seed_mentions.items():
        assert ms, name
        assert ms == sorted(ms, key=lambda m: m.span)
        for m in ms:
            assert m.span.article == name
            assert text[m.span.start : m.span.end] == m.text
            assert m.key.strip() and m.text.strip()
            assert m.kind in {"person", "org", "group", "place"}
            assert 0.0 < m.confidence <= 1.0
        for a, b in zip(ms, ms[1:]):
            assert a.span.end <= b.span.start, (a, b)


def test_ned_price_links_across_three_articles_with_his_role(seed_mentions, seed_entities):
    price = _by_name(seed_entities, "Ned Price")
    assert price.kind == "person"
    assert {s.article for s in price.mentions} == {"002", "003", "004"}
    assert "Price" in price.aliases and "Ned Price" in price.aliases  # "Price said" joins the full name
    assert any("State Department spokesman" in r for r in price.roles)
    # within an article the short form carries the full name as its key
    short = [m for m in seed_mentions["002"][1] if m.text == "Price"]
    assert short and all(m.key == "Ned Price" for m in short)


def test_hashimi_keeps_both_roles(seed_mentions, seed_entities):
    hashimi = _by_name(seed_entities, "Ghulam Habib Hashimi")
    assert "a legislative official" in hashimi.roles
    assert "a provincial council member" in hashimi.roles
    # "Hashimi, a provincial council member" (spaCy: ORG) is the same person in article 000
    later = [m for m in seed_mentions["000"][1] if m.text == "Hashimi"]
    assert later and later[0].kind == "person" and later[0].key == "Ghulam Habib Hashimi"
    assert later[0].role == "a provincial council member"


def test_roles_from_title_premodifiers_and_fronted_appositions(seed_entities):
    assert "Pentagon spokesman" in _by_name(seed_entities, "John Kirby").roles
    assert "An Interior Ministry spokesman" in _by_name(seed_entities, "Mirwais Stanikzai").roles


def test_misparsed_person_names_are_people(seed_entities):
    # spaCy: "Mirwais Khadem" ORG, "Khadem" GPE, "Seylab" ORG
    khadem = _by_name(seed_entities, "Mirwais Khadem")
    assert khadem.kind == "person" and "Khadem" in khadem.aliases
    assert "a parliament member" in khadem.roles
    seylab = _by_name(seed_entities, "Sayed Ahmad Seylab")
    assert seylab.kind == "person" and "Seylab" in seylab.aliases
    assert not [e for e in seed_entities if e.name in {"Khadem", "Seylab", "Hashimi", "Price"}]


@pytest.mark.parametrize("name", ["Lashkar Gāh", "Herāt"])
def test_misread_places_are_places_with_coordinates(seed_entities, name):
    ent = _by_name(seed_entities, name)
    assert ent.kind == "place"
    assert ent.place is not None and ent.place.country_code == "AF"
    assert 29 < ent.place.lat < 38 and 60 < ent.place.lon < 72
    plain = name.replace("ā", "a")
    assert not [e for e in seed_entities if e.kind in {"person", "org"} and plain in e.aliases]


def test_lashkar_gah_is_placed_below_full_confidence(seed_mentions):
    ms = [m for m in seed_mentions["000"][1] if m.text == "Lashkar Gah"]
    assert ms and all(m.kind == "place" and m.place is not None for m in ms)
    assert all(m.confidence < 1.0 for m in ms)  # spaCy read it as a PERSON


def test_the_taliban_is_one_group(seed_mentions, seed_entities):
    taliban = _by_name(seed_entities, "Taliban")
    assert taliban.kind == "group"
    assert {s.article for s in taliban.mentions} == set(SEEDS)
    assert "Taliban fighters" in taliban.aliases  # the fighters of a named group are the group
    assert not [e for e in seed_entities if e.name != "Taliban" and e.name.startswith("Taliban")]


def test_state_forces_get_a_canonical_group_key(seed_mentions, seed_entities):
    afghan = _by_name(seed_entities, "Afghan government forces")
    assert afghan.kind == "group"
    assert {"Afghan forces", "Afghan government forces"} <= set(afghan.aliases)
    keys = {m.text: m.key for m in seed_mentions["001"][1]}
    assert keys["U.S. forces"] == keys.get("U.S. forces") == "US government forces"


def test_linked_entities_are_neither_empty_nor_duplicated(seed_mentions, seed_entities):
    ids = [e.id for e in seed_entities]
    assert len(ids) == len(set(ids))
    assert seed_entities == sorted(seed_entities, key=lambda e: (e.kind, e.name))
    seen: set[Span] = set()
    for e in seed_entities:
        assert e.name.strip() and e.mentions and e.aliases
        assert e.id.startswith("e") and len(e.id) == 13
        assert list(e.mentions) == sorted(set(e.mentions))
        assert list(e.aliases) == sorted(set(e.aliases))
        assert not seen & set(e.mentions)  # a mention belongs to one entity
        seen |= set(e.mentions)
    total = sum(len(ms) for _, ms in seed_mentions.values())
    assert len(seen) == total


def test_linking_is_deterministic(seed_mentions):
    ms = [m for _, mm in seed_mentions.values() for m in mm]
    assert link_entities(ms) == link_entities(reversed(ms))


def test_entity_at_finds_the_speaker(seed_mentions, seed_entities):
    text, ms = seed_mentions["002"]
    start = text.index("State Department spokesman Ned Price")
    span = Span("002", start, start + len("State Department spokesman Ned Price"))
    assert entity_at(seed_entities, span).name == "Ned Price"
    told = text.index("told reporters")
    assert entity_at(seed_entities, Span("002", told, told + 14)) is None
    assert entity_at(seed_entities, Span("nope", start, start + 10)) is None


# ----------------------------------------------------------------------------- small inputs


@pytest.mark.parametrize("text", ["", "   \n ", "...!!", "— “” …", "42"])
def test_empty_or_punctuation_only_gives_nothing(nlp, gaz, text):
    assert _mentions(nlp, gaz, text) == []
    assert link_entities([]) == []


def test_odd_characters_do_not_crash(nlp, gaz):
    text = "Ünïcödé ☃ 北京 Herat—Kabul … \u200b Taliban fighters\x00 said."
    ms = _mentions(nlp, gaz, text)
    assert all(text[m.span.start : m.span.end] == m.text for m in ms)


@pytest.mark.parametrize(
    "text,name",
    [
        ("Paris Hilton said she loved the show in Los Angeles.", "Paris"),
        ("Jordan Henderson scored twice for Liverpool on Sunday.", "Jordan"),
        ("Jordan scored a goal on Sunday, the coach said.", "Jordan"),
    ],
)
def test_person_names_that_are_places_are_not_placed_with_full_confidence(nlp, gaz, text, name):
    ms = _mentions(nlp, gaz, text)
    hits = [m for m in ms if name in m.text]
    assert hits
    for m in hits:
        assert m.kind != "place" or m.confidence < 1.0
        if m.kind == "person":
            assert m.place is None


@pytest.mark.parametrize("text", ["Ukrainian forces retook Kherson.", "Russian troops shelled Kherson overnight.",
                                  "Russian troops seized Kherson in March."])
def test_a_name_retaken_or_shelled_is_a_place_even_when_tagged_a_person(nlp, gaz, text):
    (m,) = [m for m in _mentions(nlp, gaz, text) if m.text == "Kherson"]
    assert m.kind == "place" and m.place is not None and m.place.country_code == "UA", m


def test_unparsed_and_long_docs_do_not_crash(nlp, gaz):
    bare = nlp.make_doc("State Department spokesman Ned Price said the Taliban took Herat.")
    assert all(m.text for m in find_entities(bare, "x"))  # no parse, no entities: no crash
    text = "Taliban fighters took Herat on Thursday, said Ghulam Habib Hashimi, a council member. " * 25
    ms = _mentions(nlp, gaz, text)
    assert all(text[m.span.start : m.span.end] == m.text for m in ms)
    assert len({m.key for m in ms if m.kind == "person"}) == 1


def test_offset_shifts_spans_into_the_article(nlp, gaz):
    text = "Pentagon spokesman John Kirby said the Taliban have taken Herat."
    doc = nlp(text)
    places = find_places(doc, nlp, gaz)
    plain = find_entities(doc, "x", places)
    shifted = find_entities(doc, "x", places, offset=100)
    assert [(m.span.start + 100, m.span.end + 100) for m in plain] == [(m.span.start, m.span.end) for m in shifted]
    kirby = next(m for m in plain if m.text == "John Kirby")
    assert kirby.kind == "person" and kirby.role == "Pentagon spokesman"


def test_keys_strip_determiners_and_possessives(nlp, gaz):
    ms = _mentions(nlp, gaz, "The Pentagon's plan was clear. The United Nations met. The Pentagon said no.")
    keys = {m.key for m in ms}
    assert "Pentagon" in keys
    assert not any(k.startswith(("the ", "The ")) or k.endswith(("'s", "’s")) for k in keys)


# ----------------------------------------------------------------------------- linking by hand


def _m(article, start, end, text, kind, key, role=None, place=None):
    return EntityMention(Span(article, start, end), text, kind, key, role=role, place=place)


def test_link_by_surname_only_when_unambiguous():
    ms = [
        _m("a", 0, 9, "Ned Price", "person", "Ned Price", role="spokesman"),
        _m("b", 0, 5, "Price", "person", "Price"),
        _m("c", 0, 10, "Alan Smith", "person", "Alan Smith"),
        _m("c", 20, 30, "Beth Smith", "person", "Beth Smith"),
        _m("d", 0, 5, "Smith", "person", "Smith"),
    ]
    ents = {e.name: e for e in link_entities(ms)}
    assert set(ents["Ned Price"].aliases) == {"Ned Price", "Price"}
    assert ents["Ned Price"].roles == ("spokesman",)
    assert "Smith" in ents  # two Smiths: the surname stays on its own


def test_link_by_gazetteer_place_and_not_across_kinds():
    herat = Place("Herāt", 34.34817, 62.19967, "city", "Afghanistan", "AF", "Herat", 1140026)
    ms = [
        _m("a", 0, 5, "Herat", "place", "Herāt", place=herat),
        _m("b", 3, 8, "Herat", "place", "Herāt", place=herat),
        _m("b", 10, 16, "Herat", "person", "Herat"),
    ]
    ents = link_entities(ms)
    place = next(e for e in ents if e.kind == "place")
    assert place.place == herat and len(place.mentions) == 2
    assert [e.kind for e in ents] == ["person", "place"]


def test_entity_at_prefers_the_largest_overlap():
    a = Entity("e1", "A", "person", mentions=(Span("x", 0, 10),))
    b = Entity("e2", "B", "org", mentions=(Span("x", 8, 20),))
    assert entity_at([a, b], Span("x", 5, 12)) is a
    assert entity_at([a, b], Span("x", 9, 19)) is b
    assert entity_at([], Span("x", 0, 1)) is None
