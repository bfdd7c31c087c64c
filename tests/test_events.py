"""Event extraction on the seed articles: places that fell, troop deployments, modality, provenance."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest

from conftest import seed_text
from newsfuse.extract import taxonomy as tx
from newsfuse.extract.events import find_events
from newsfuse.model import Annotations, EntityMention, EventMention, Place, Span, article_id


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    return "".join(c for c in name if not unicodedata.combining(c)).replace("-", " ").lower()


def _annotate(text: str, nlp, gaz, published: dt.date | None = None):
    """Parse and annotate a text the way the pipeline does (entities and dates when those
    stages are installed; place mentions alone otherwise; figures)."""
    from newsfuse.annotate.places import find_places

    aid = article_id(text)
    doc = nlp(text)
    places = find_places(doc, nlp, gaz) if text.strip() else []
    try:
        from newsfuse.annotate.entities import find_entities

        ents = tuple(find_entities(doc, aid, places))
    except ImportError:
        ents = tuple(
            EntityMention(Span(aid, m.start, m.end), m.text, "place", m.text,
                          place=Place(m.entry.name, m.entry.lat, m.entry.lon, m.entry.kind, m.entry.country,
                                      m.entry.country_code, m.entry.admin1, m.entry.geonames_id) if m.entry else None)
            for m in places)
    try:
        from newsfuse.annotate.dates import find_dates

        dates = tuple(find_dates(doc, aid, published))
    except ImportError:
        dates = ()
    from newsfuse.annotate.figures import find_figures

    return doc, Annotations(aid, entities=ents, dates=dates, figures=tuple(find_figures(doc, aid)))


@pytest.fixture(scope="module")
def seed_events(seeds_dir, nlp, gaz) -> dict[str, tuple[str, list[EventMention]]]:
    manifest = {}
    for line in (seeds_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        manifest[row["file"][:3]] = dt.date.fromisoformat(row["published"]) if row.get("published") else None
    out = {}
    for n in ("000", "001", "002", "003", "004"):
        text = seed_text(n)
        doc, ann = _annotate(text, nlp, gaz, manifest.get(n))
        out[n] = (text, find_events(doc, ann, nation=gaz.nation))
    return out


def _events(text: str, nlp, gaz) -> list[EventMention]:
    doc, ann = _annotate(text, nlp, gaz)
    return find_events(doc, ann, nation=gaz.nation)


# (seed, place) for every seed article that reports the place changing hands as a fact
FALLS = [
    ("000", "Herat"), ("000", "Lashkar Gah"),
    ("001", "Herat"), ("001", "Ghazni"),
    ("002", "Herat"), ("002", "Ghazni"),
    ("003", "Kandahar"), ("003", "Lashkar Gah"),
    ("004", "Herat"), ("004", "Ghazni"), ("004", "Qala-i-Naw"),
]


@pytest.mark.parametrize(("seed", "place"), FALLS)
def test_falls_of_cities_are_territory_events_with_the_place(seed_events, seed, place):
    text, events = seed_events[seed]
    hits = [e for e in events if e.subtype in tx.TERRITORY_SUBTYPES and e.place is not None
            and _fold(e.place.name) == _fold(place) and e.modality == "asserted"]
    assert hits, f"no asserted territory event at {place} in seed {seed}"
    for e in hits:
        assert e.plover in ("FIGHT", "RETREAT")
        assert _fold(text[e.place_span.start:e.place_span.end]) == _fold(place)


@pytest.mark.parametrize(("seed", "place"), [("001", "Ghazni"), ("002", "Ghazni"), ("003", "Kandahar"),
                                             ("003", "Lashkar Gah")])
def test_the_taliban_are_actor1_when_the_sentence_names_them(seed_events, seed, place):
    text, events = seed_events[seed]
    hits = [e for e in events if e.subtype == "Non-state actor overtakes territory" and e.place is not None
            and _fold(e.place.name) == _fold(place) and "Taliban" in text[e.sentence.start:e.sentence.end]]
    assert hits
    assert all(e.actor1 and "Taliban" in e.actor1 for e in hits)
    for e in hits:
        assert text[e.actor1_span.start:e.actor1_span.end] == e.actor1


def test_us_and_uk_troop_deployments_are_found(seed_events):
    deployments = {seed: [e for e in evs if e.subtype == "Troop deployment"] for seed, (_, evs) in seed_events.items()}
    assert all(deployments[s] for s in deployments), "every seed reports troops being sent"
    assert all(e.plover == "MOBILIZE" for evs in deployments.values() for e in evs)
    actors = " | ".join(e.actor1 or "" for evs in deployments.values() for e in evs)
    assert "Britain" in actors and "UK" in actors
    assert "United States" in actors and "Biden administration" in actors
    text, _ = seed_events["002"]
    uk = [e for e in deployments["002"] if "600 UK troops" in text[e.sentence.start:e.sentence.end]
          and e.place is not None and e.place.name == "Afghanistan"]
    assert uk and all(e.modality == "future" for e in uk)


def test_could_fall_and_will_send_are_not_asserted(seed_events):
    text, events = seed_events["001"]
    could = [e for e in events if "could fall soon" in text[e.sentence.start:e.sentence.end] and e.lemma == "fall"]
    assert could and all(e.modality == "hypothetical" for e in could)
    will = [e for e in events if e.lemma == "send" and "will send" in text[e.sentence.start:e.sentence.end]]
    assert will and all(e.modality == "future" for e in will)
    text, events = seed_events["003"]
    neg = [e for e in events if text[e.sentence.start:e.sentence.end] == "This isn’t a mandatory evacuation."]
    assert neg and neg[0].modality == "negated"


@pytest.mark.parametrize(("sentence", "lemma", "modality"), [
    ("The Taliban captured Herat on Thursday.", "capture", "asserted"),
    ("The Taliban did not capture Herat.", "capture", "negated"),
    ("Herat may fall to the Taliban within days.", "fall", "hypothetical"),
    ("If the Taliban capture Kandahar, Kabul will be exposed.", "capture", "hypothetical"),
    ("The United States is expected to send 3,000 troops to Kabul.", "send", "future"),
    ("The United States ordered the deployment of 3,000 troops to Kabul.", "deployment", "future"),
    ("The Taliban reportedly captured Kandahar.", "capture", "uncertain"),
    ("U.S. officials on Friday raced to prepare for a Taliban takeover of the capital.", "takeover", "hypothetical"),
    ("Troops were sent to prevent an attack on the airport.", "attack", "hypothetical"),
    ("The Taliban completed their takeover of the capital.", "takeover", "asserted"),
    ("Britain said it would deploy 600 troops.", "deploy", "future"),
    # an alleged act is not reported as done
    ("The governor was arrested on suspicion of brokering a deal with the Taliban.", "broker", "uncertain"),
    ("The governor was arrested on suspicion of brokering a deal with the Taliban.", "arrest", "asserted"),
    ("He was accused of killing two officers.", "kill", "uncertain"),
    ("He was charged with killing two officers.", "kill", "uncertain"),
    # an act that dates the clause is its background: under way, whatever the clause says
    ("Afghan forces surrendered after the militants overran three cities, inching the country closer to collapse "
     "in the final days of the U.S. withdrawal.", "withdrawal", "asserted"),
    ("Kabul is normal again after the Taliban attacked the city.", "attack", "asserted"),
    # a job given is still to do; what a memo or a plan asks for is not reported as done
    ("Hundreds of troops tasked with evacuating the embassy arrived on Sunday.", "evacuate", "future"),
    ("An internal memo to destroy sensitive materials was sent to staff.", "destroy", "hypothetical"),
    ("The Pentagon announced plans to withdraw 2,000 troops.", "withdraw", "future"),
    ("Officials released details of the attack on the airport.", "attack", "asserted"),
    # what talks are about is not agreed or done; talks about an attack are about one that happened
    ("Officials held talks on a ceasefire.", "ceasefire", "hypothetical"),
    ("Negotiations on a ceasefire resumed in Doha.", "ceasefire", "hypothetical"),
    ("Officials held talks on the withdrawal of US troops.", "withdrawal", "hypothetical"),
    ("Officials held a meeting on the attack on the airport.", "attack", "asserted"),
    # a hope or a demand is not a report of the act hoped for or demanded (spaCy lemmatises every form of
    # "hope" as "hop": the lemma repair gives the hope back)
    ("The Taliban hoped to capture Kandahar by Friday.", "capture", "hypothetical"),
    ("The families are hoping to be evacuated soon.", "evacuate", "hypothetical"),
    ("Residents hope the army will evacuate them.", "evacuate", "hypothetical"),
    ("Protesters demanded that the troops be withdrawn from the city.", "withdraw", "hypothetical"),
    ("The Taliban said they had captured Kandahar.", "capture", "asserted"),
    # what the hope or demand is about happened: an act in the clause's subject, a participle hung there
    ("Officials hope the airstrikes have weakened the Islamic State.", "airstrike", "asserted"),
    ("The UN demanded that the attack on the hospital be investigated.", "attack", "asserted"),
    ("They hope the ceasefire, agreed on Monday, holds.", "agree", "asserted"),
    # a finite clause under a verb of wishing has its own tense: what it tells happened
    ("The UN urged calm after the bombing killed 12 people in Kabul.", "kill", "asserted"),
    ("The governor demanded an inquiry after Taliban fighters attacked the market in Herat.", "attack", "asserted"),
    # what is demanded or urged is still to be done
    ("The governor demanded an inquiry after Taliban fighters attacked the market in Herat.", "inquiry",
     "hypothetical"),
    ("The minister urged residents to flee after the Taliban attacked Kandahar.", "attack", "asserted"),
    ("The UN urged calm after the bombing has killed 12 people.", "kill", "asserted"),
    # ... but one that waits on the wish is still to come
    ("The Taliban threatened attacks until US troops withdrew from Afghanistan.", "withdraw", "hypothetical"),
    ("The rebels demanded a ceasefire before they released the hostages.", "release", "hypothetical"),
    ("The Taliban threatened attacks until US troops withdrew from Afghanistan.", "attack", "hypothetical"),
    # a question is no wish
    ("Lawmakers asked why troops had been deployed to the capital.", "deploy", "asserted"),
    ("The senator asked how many civilians were killed in the strike.", "kill", "asserted"),
    ("The president told the army to retake Kunduz.", "retake", "hypothetical"),
    ("Locals wanted the shooting investigated.", "investigate", "hypothetical"),  # a participle done to it
    ("They hope the ceasefire agreed on Monday holds.", "agree", "asserted"),
    ("Locals wanted the shooting immediately investigated.", "investigate", "hypothetical"),
    # telling of an act reports it; only what someone is told to do is still to come
    ("Officials told of fierce fighting in Kunduz.", "fighting", "asserted"),
    ("Officials told reporters about the airstrike on the hospital.", "airstrike", "asserted"),
    ("The embassy advised against travel after the bombing in Kabul.", "bombing", "asserted"),
    ("Officials warned residents to evacuate before the storm.", "evacuate", "hypothetical"),
    ("Israel asked that civilians evacuate northern Gaza.", "evacuate", "hypothetical"),
    # a clause in the present under a wish is still to come
    ("Hamas wants a ceasefire before it releases the hostages.", "release", "hypothetical"),
    ("The rebels want guarantees before they withdraw from the city.", "withdraw", "hypothetical"),
    # an act known to have happened, as the subject of another verb, keeps its own modality ...
    ("The attack did not derail the talks.", "attack", "asserted"),
    ("The fighting will not stop.", "fighting", "asserted"),
    ("The ceasefire did not hold.", "ceasefire", "asserted"),
    ("The attack did not take long.", "attack", "asserted"),
    ("The offensive threatens the talks.", "talk", "asserted"),
    ("Officials said the attack would not derail the talks.", "attack", "asserted"),  # not of the attack
    ("Sunday's bombing will not derail the peace process.", "bombing", "asserted"),
    ("The airstrike may have hit a hospital.", "airstrike", "asserted"),  # a guess about its effect
    ("The promised ceasefire did not hold.", "ceasefire", "asserted"),  # it held, then broke
    ("The ceasefire could collapse.", "ceasefire", "asserted"),
    ("Officials hope the ceasefire will hold.", "ceasefire", "asserted"),
    ("The fighting will not stop until Hamas is destroyed.", "fighting", "asserted"),
    ("The offensive might have ended the siege.", "offensive", "asserted"),
    ("The rebels threatened the resumption of attacks.", "attack", "hypothetical"),
    ("The offensive will end the war.", "offensive", "future"),  # what it will do, not whether it goes on
    ("The strike could stop the advance.", "strike", "hypothetical"),
    ("The army will never withdraw until the war ends.", "withdraw", "negated"),  # never, whatever the until
    ("Protesters demanded an end to the airstrikes on Gaza.", "airstrike", "asserted"),  # the end is demanded
    ("The fighting has not stopped.", "fighting", "asserted"),
    ("The Taliban offensive did not reach Kabul.", "offensive", "asserted"),
    # ... but what is said of whether it happens is said of it, and an act not known is not known
    ("The attack did not happen.", "attack", "negated"),
    ("The withdrawal never came.", "withdrawal", "negated"),
    ("The talks never got off the ground.", "talk", "negated"),
    ("The army has not deployed troops to the border until now.", "deploy", "negated"),
    ("Trump threatened the withdrawal of US troops from Germany.", "withdrawal", "hypothetical"),
    ("The withdrawal will begin on Monday.", "withdrawal", "future"),
    ("An attack would derail the talks.", "attack", "hypothetical"),
    ("The talks will focus on prisoner exchanges.", "talk", "future"),
    ("The proposed ceasefire would last 60 days.", "ceasefire", "hypothetical"),
    ("The attack would have killed hundreds.", "attack", "hypothetical"),
    ("The withdrawal will not begin until September.", "withdrawal", "future"),  # when, not whether
    ("Hamas threatened attacks on Israeli cities.", "attack", "hypothetical"),
    ("They want whoever attacked the convoy to be arrested.", "arrest", "hypothetical"),
    # an act called off or foiled did not happen; one put off is still to come
    ("The attack was called off.", "attack", "negated"),
    ("The government cancelled the talks with the Taliban.", "talk", "negated"),
    ("Police foiled a bombing in Kabul.", "bombing", "negated"),
    ("Talks called off after bombing", "talk", "negated"),  # a headline's passive
    ("Talks called off after bombing", "bombing", "asserted"),  # "called off" is no call for anything
    ("The army will cancel the offensive.", "offensive", "hypothetical"),
    ("The talks were postponed until next week.", "talk", "future"),
    ("Troops repelled an attack on the base.", "attack", "asserted"),  # held off, but it happened
    # an act something would stop is going on
    ("The UN called for an end to the fighting.", "fighting", "asserted"),
    ("The UN urged Israel to halt the airstrikes.", "airstrike", "asserted"),
    ("The army called in airstrikes after the attack.", "attack", "asserted"),
    # what waits on an act to come, or is seen through a verb to come, is to come
    ("The war will not end until Hamas releases the hostages.", "release", "future"),
    ("The deal would see Israel release 150 prisoners.", "release", "hypothetical"),
    ("Witnesses saw troops withdraw from Kunduz.", "withdraw", "asserted"),
    ("Peace talks cancelled after Kabul bombing", "talk", "negated"),  # a headline's bare participle
    ("Negotiators will keep working until the hostages are freed.", "free", "future"),
    ("When the troops withdraw, the Taliban will attack Kabul.", "withdraw", "future"),
    ("When the troops withdrew, the Taliban attacked Kabul.", "withdraw", "asserted"),
    ("Biden called for a pause in the fighting.", "fighting", "asserted"),
    ("The Taliban plotted to attack the embassy.", "attack", "hypothetical"),
    # an act no one did, one denied, one not done so far or one the doer could not do did not happen
    ("No one was arrested after the attack.", "arrest", "negated"),
    ("No troops were sent to Kabul.", "send", "negated"),
    ("The US sent no troops.", "send", "negated"),
    ("No troops will be deployed until parliament approves.", "deploy", "future"),  # when, not whether
    ("No country has sent more troops to Ukraine than Poland.", "send", "asserted"),  # a comparison
    ("The rebels showed no mercy and killed 40 villagers.", "kill", "asserted"),  # no mercy, not no killing
    ("No one but the Taliban could have attacked the base.", "attack", "hypothetical"),
    ("No one was hurt in an attack on a checkpoint.", "attack", "asserted"),
    ("A coup is unlikely, analysts said.", "coup", "hypothetical"),
    ("Fresh clashes are likely to erupt in Tripoli.", "clash", "hypothetical"),
    ("Neither side fired a shot during the standoff in Ladakh.", "fire", "negated"),
    ("The talks are likely to fail.", "talk", "asserted"),  # the talks are there; their failure is guessed
    ("Russia denied that its forces had attacked the hospital.", "attack", "negated"),
    ("The army has yet to retake the town.", "retake", "negated"),
    ("The militants were unable to capture the base.", "capture", "negated"),
    # ... but what it came after, during or despite did happen
    ("No one was arrested after the attack.", "attack", "asserted"),
    ("The Taliban did not retreat after the attack.", "attack", "asserted"),
    ("Nobody was killed in the blast.", "blast", "asserted"),
    # a known act someone claims, or denies claiming, happened
    ("No group has claimed the attack, a police spokesman said.", "attack", "asserted"),
    ("Al-Shabab claimed responsibility for the attack.", "attack", "asserted"),
    # an act its doer is believed or said to have done is believed, not known
    ("The rebels are believed to have seized the airport.", "seize", "uncertain"),
    ("US troops were reported to have withdrawn from the base.", "withdraw", "uncertain"),
    # an act foreseen is still to come; one feared may not come at all
    ("NATO expects a Russian offensive in the spring.", "offensive", "future"),
    ("Analysts predicted the fall of Kabul within weeks.", "fall", "future"),
    ("Soldiers feared an ambush near Kunduz.", "ambush", "hypothetical"),
    # an act named as what left victims, or as what an inquiry is into, happened
    ("The families want justice for the victims of the massacre.", "massacre", "asserted"),
    ("They demanded an inquiry into the attack.", "attack", "asserted"),
    ("Washington wanted the massacre investigated by the UN.", "massacre", "asserted"),
    ("Washington wanted the massacre investigated by the UN.", "investigate", "hypothetical"),
    # ... but not a possible one, nor what an act would cost, nor what is done to bring one about
    ("Victims of a possible attack would be treated at the military hospital.", "attack", "hypothetical"),
    ("If the offensive goes ahead, the toll from the assault could be in the thousands.", "assault", "hypothetical"),
    ("Hawks in Congress want sanctions imposed on Moscow.", "sanction", "hypothetical"),
    ("The general wanted the raid carried out before dawn.", "raid", "hypothetical"),
])
def test_modality_of_single_sentences(nlp, gaz, sentence, lemma, modality):
    events = [e for e in _events(sentence, nlp, gaz) if e.lemma == lemma]
    assert events and events[0].modality == modality


@pytest.mark.parametrize("sentence", [
    "It is common for the US military to send in large number of troops to evacuate personnel in combat zones.",
    "It is rare for the Taliban to attack cities.",
    "It is usual for the army to send troops to Kabul.",
    # what a body is for is no act it did
    "The embassy was reduced to a core team focused on providing consular and visa services.",
])
def test_a_habit_is_no_event(nlp, gaz, sentence):
    """What is usually done is no report of an act: no event (not even a hypothetical one) to join a real one."""
    assert _events(sentence, nlp, gaz) == []


def test_roles_place_and_date_from_the_parse(nlp, gaz):
    text = "Afghan forces surrendered Herat to the Taliban on Thursday. Herat fell to the Taliban."
    doc, ann = _annotate(text, nlp, gaz, dt.date(2021, 8, 13))
    events = find_events(doc, ann)
    surrender = next(e for e in events if e.lemma == "surrender")
    assert surrender.actor1 == "Afghan forces" and surrender.actor2 and "Taliban" in surrender.actor2
    assert surrender.place is not None and _fold(surrender.place.name) == "herat"
    if ann.dates:
        assert surrender.date is not None and surrender.date.start == dt.date(2021, 8, 12)
    fell = next(e for e in events if e.lemma == "fall")
    assert fell.subtype == "Non-state actor overtakes territory" and "Taliban" in (fell.actor1 or "")
    assert fell.place is not None and fell.place_span.start == text.index("Herat fell")


def _dated_events(text: str, nlp, gaz) -> list[EventMention]:
    """Events of a text published on Friday 2021-08-13, its dates resolved (skips without the dates stage)."""
    doc, ann = _annotate(text, nlp, gaz, dt.date(2021, 8, 13))
    if not ann.dates:
        pytest.skip("the dates stage is not installed")
    return find_events(doc, ann)


@pytest.mark.parametrize(("text", "lemma", "day"), [
    # the date of a clause nested in the trigger's dates that clause's verb, not the trigger
    ("The group claimed control over Herat and, in what would be its most significant victory since it began "
     "cutting a swathe through the country in May, also appeared close to capturing Kandahar.", "capture", None),
    # the reporting verb's date is the best there is when the trigger's own clause has none
    ("Officials said on Thursday that the Taliban had captured Herat.", "capture", dt.date(2021, 8, 12)),
    ("On Tuesday, the militants overran the capitals of Badakhshan and Farah.", "overrun", dt.date(2021, 8, 10)),
    # a length of time is no date ("after a siege of three months")
    ("The forces withdrew after a siege of three months, officials said on Thursday.", "withdraw",
     dt.date(2021, 8, 12)),
    # an adjective's infinitive ("keen to end the war by September") is a clause of its own, not the trigger's
    ("The offensive began in early May, after the allies had withdrawn their forces, with the president keen "
     "to end the war by September 11.", "withdraw", dt.date(2021, 5, 1)),
    # an act still to come is not dated by the day it was announced; its own clause's date it keeps
    ("The US announced on Thursday that it will send troops to evacuate embassy workers.", "send", None),
    ("Officials said on Thursday that the troops would be deployed to Kabul on Sunday.", "deploy",
     dt.date(2021, 8, 15)),
])
def test_a_trigger_takes_the_date_of_its_own_clause(nlp, gaz, text, lemma, day):
    found = _dated_events(text, nlp, gaz)
    m = next(e for e in found if e.lemma == lemma)
    assert (m.date.start if m.date else None) == day, m.date
    if day is None:  # nor the claim of Herat
        assert all(e.date is None for e in found), [(e.lemma, e.date) for e in found]


@pytest.mark.parametrize(("text", "lemma", "not_before"), [
    # what is still to come in the clause that dates it happens on or after that date
    ("The US announced on Thursday that it will send troops to evacuate embassy workers.", "send",
     dt.date(2021, 8, 12)),
    ("The US sent troops to Kabul on Thursday to evacuate embassy staff.", "evacuate", dt.date(2021, 8, 12)),
    # an act ordered is to come: the order's date is the day it is not before
    ("On Thursday the United States ordered the deployment of hundreds of troops to Kabul.", "deployment",
     dt.date(2021, 8, 12)),
    # an act with a date of its own, or one done, needs no bound
    ("Officials said on Thursday that the troops would be deployed to Kabul on Sunday.", "deploy", None),
    ("The US sent troops to Kabul on Thursday to evacuate embassy staff.", "send", None),
])
def test_an_act_still_to_come_is_on_or_after_the_date_of_the_clause_above(nlp, gaz, text, lemma, not_before):
    m = next(e for e in _dated_events(text, nlp, gaz) if e.lemma == lemma)
    assert (m.not_before.start if m.not_before else None) == not_before, m.not_before
    if not_before is not None:
        assert m.date is None


@pytest.mark.parametrize(("text", "lemma", "day"), [
    # an act that another clause's act is set in is not dated by that clause
    ("Afghan officials surrendered on Friday, in the final days of the U.S. withdrawal.", "withdrawal", None),
    ("Afghan officials surrendered on Friday, in the final days of the U.S. withdrawal.", "surrender",
     dt.date(2021, 8, 13)),
    ("The Taliban attacked Kandahar on Friday, on the eve of the peace talks.", "talk", None),
    ("The withdrawal of U.S. forces ended on Friday.", "withdrawal", dt.date(2021, 8, 13)),
    ("Three days of protests began in Kabul on Monday.", "protest", dt.date(2021, 8, 9)),
])
def test_an_act_that_sets_the_time_of_another_is_not_dated_by_it(nlp, gaz, text, lemma, day):
    m = next(e for e in _dated_events(text, nlp, gaz) if e.lemma == lemma)
    assert (m.date.start if m.date else None) == day, m.date


@pytest.mark.parametrize(("text", "ongoing"), [
    ("The Biden administration has said it is deploying an additional 3,000 soldiers.", True),
    ("As the Taliban advance, the US and the UK are sending troops.", True),
    ("Hundreds of troops are being sent to Kabul.", True),
    ("The US was deploying troops when the city fell.", False),
    ("The US deployed 3,000 troops.", False),
    ("The US will deploy 3,000 troops.", False),
])
def test_an_act_in_the_present_progressive_is_under_way(nlp, gaz, text, ongoing):
    doc, ann = _annotate(text, nlp, gaz, dt.date(2021, 8, 13))
    (m,) = [e for e in find_events(doc, ann) if e.subtype == "Troop deployment"]
    assert m.ongoing is ongoing, text


@pytest.mark.parametrize(("text", "lemma", "places"), [
    # "they", "both", "the two cities": the towns named together last
    ("Clashes pushed into the center of both Kandahar and Herat. Officials said it was possible they could fall "
     "soon.", "fall", {"kandahar", "herat"}),
    ("Kandahar and Herat were attacked. The AP reported the two cities had been captured.", "capture",
     {"kandahar", "herat"}),
    # one town named before is not "they"
    ("Herat was attacked on Thursday. Officials said they could fall soon.", "fall", set()),
])
def test_a_plural_anaphor_stands_for_the_towns_named_together_before(nlp, gaz, text, lemma, places):
    found = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found
    assert {_fold(e.place.name)[:4] for e in found if e.place} == {p[:4] for p in places}, found


def test_a_blank_line_ends_a_sentence(nlp, gaz):
    """A crosshead is a sentence of its own, not one with the paragraph under it (two acts in one
    sentence are never one event)."""
    text = ("US to reduce Kabul embassy staff, send troops to help\n\nThe United States will reduce staff at the "
            "embassy in Kabul and send about 3000 troops temporarily to the airport.")
    doc, ann = _annotate(text, nlp, gaz, dt.date(2021, 8, 13))
    sends = sorted((e for e in find_events(doc, ann) if e.lemma == "send"), key=lambda e: e.trigger.start)
    assert len(sends) == 2
    assert text[sends[0].sentence.start:sends[0].sentence.end].strip() == \
        "US to reduce Kabul embassy staff, send troops to help"
    assert text[sends[1].sentence.start:sends[1].sentence.end].startswith("The United States")


@pytest.mark.parametrize(("text", "lemma", "place"), [
    ("Ghazni city — about 80 miles southwest of Afghanistan's capital, Kabul — had been under siege by the "
     "militants for over three months.", "siege", "ghazni"),
    ("Herat was on the verge of falling to the Taliban on Thursday amid heavy fighting.", "fighting", "herat"),
    ("The US sent troops amid heavy fighting.", "fighting", None),  # a country in the clause is no place of the fight
    # an act that went before the clause's was where the clause's act set out from
    ("Government soldiers withdrew from Herat on Thursday after weeks of siege.", "siege", "herat"),
    ("The ambassador flew to Kabul after talks with the Taliban.", "talk", None),
])
def test_an_event_noun_under_or_amid_takes_the_town_its_clause_is_about(nlp, gaz, text, lemma, place):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert (_fold(m.place.name) if m.place else None) == place, m.place


@pytest.mark.parametrize(("text", "lemma", "place"), [
    ("In the north, hundreds of soldiers surrendered after a deal was struck at a base on the edge of Kunduz city.",
     "surrender", "kunduz"),
    ("An official said the Herat governor's office had been taken, and government forces were surrendering.",
     "surrender", "herat"),
    ("Hundreds of soldiers surrendered on Friday after talks with elders.", "surrender", None),
    # a withdrawal too, and the act it is conjoined to shares its scene ("from" the town)
    ("Government soldiers withdrew from Herat on Thursday after weeks of siege, and retreated to a district army "
     "barracks.", "retreat", "herat"),
    ("Afghan forces retreated after the Taliban captured Kunduz.", "retreat", "kunduz"),
    # an agreement too, and the clause it is subordinate to shares its scene
    ("Government officials fled Kandahar after reaching a ceasefire agreement with the Taliban.", "reach agreement",
     "kandahar"),
    # a deal about a place named before ("the province"), and the deal noun of its verb
    ("Ghazni's governor was arrested on suspicion of brokering a deal with the Taliban to abandon the province.",
     "broker", "ghazni"),
    ("The governor accepted a deal with the Taliban to abandon Ghazni.", "deal", "ghazni"),
])
def test_a_surrender_withdrawal_or_deal_with_no_place_of_its_own_happens_where_its_linked_clause_does(
        nlp, gaz, text, lemma, place):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert (_fold(m.place.name) if m.place else None) == place, m.place
    assert not m.aggregate


@pytest.mark.parametrize(("text", "lemmas"), [
    ("The surrender deal was brokered by a group of Taliban leaders.", ["broker"]),
    ("The rebels fought a fierce battle with the army.", ["fight"]),
    ("He was arrested on suspicion of brokering a deal with the Taliban.", ["arrest", "broker"]),
    ("Officials struck a deal with the Taliban.", ["strike deal"]),  # a deal struck is no strike
    # what an act is about, if of the same kind, is that act
    ("Last month, the province reached an agreement with the insurgents on a truce.", ["reach agreement"]),
    ("The Taliban struck a deal for the surrender of Herat.", ["strike deal", "surrender"]),
    # an order of one's own troops is told by their move, which is an act of its own (future)
    ("The army ordered the deployment of troops.", ["deployment"]),
])
def test_a_verb_and_the_event_noun_it_takes_are_one_act(nlp, gaz, text, lemmas):
    assert sorted(e.lemma for e in _events(text, nlp, gaz)) == sorted(lemmas)


def test_a_verbs_bare_form_naming_a_kind_of_thing_is_no_act(nlp, gaz):
    text = ('An internal memo implored staff to destroy sensitive materials using incinerators, disintegrators '
            'and "burn bins" present in the compound.')
    assert [e.lemma for e in _events(text, nlp, gaz) if e.lemma == "burn"] == []
    assert [e.lemma for e in _events("Staff began to burn documents in the compound.", nlp, gaz)] == ["burn"]


def test_an_act_on_a_target_in_a_town_happens_in_the_town(nlp, gaz):
    text = "In Helmand province, Taliban fighters besieged the local government compound in Lashkar Gah."
    [ev] = [e for e in _events(text, nlp, gaz) if e.lemma == "besiege"]
    assert ev.place is not None and _fold(ev.place.name) == "lashkar gah", ev.place
    assert ev.actor2 is None  # a town or province is where, never whom


@pytest.mark.parametrize(("text", "lemma", "place"), [
    ("Kandahar's governor and police chief abandoned their offices overnight.", "abandon", "kandahar"),
    ("Fighting reached Herat on Thursday. The city's main officials fled to a military base.", "flee", "herat"),
])
def test_an_act_with_no_place_of_its_own_takes_the_town_its_agent_belongs_to(nlp, gaz, text, lemma, place):
    [ev] = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert ev.place is not None and _fold(ev.place.name) == place
    assert text[ev.place_span.start : ev.place_span.end].lower().startswith(place[:4])


@pytest.mark.parametrize(("text", "lemma", "actor"), [
    ("The U.S. military is scheduled to conclude its withdrawal by Aug. 31.", "withdrawal", "U.S. military"),
    ("Britain said it will deploy 600 troops.", "deploy", "Britain"),
    ("Officials fear that it could collapse. They withdrew.", "withdraw", None),
])
def test_a_pronoun_actor_is_resolved_or_left_out(nlp, gaz, text, lemma, actor):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert (m.actor1 and m.actor1.removeprefix("The ").removeprefix("the ")) == actor, m.actor1


@pytest.mark.parametrize(("text", "lemma", "actor"), [
    # a participle clause with no subject of its own: the main clause's subject acts
    ("The Diplomatic Security Bureau began preparing for a crisis, calling on volunteers with overseas experience.",
     "call", "Diplomatic Security Bureau"),
    ("Taliban fighters entered the city on Friday, seizing the governor's office.", "seize", "Taliban fighters"),
    # ... but not a passive participle ("backed by" names who backs), nor a clause with its own subject
    ("Backed by US air power, Afghan forces defended the city.", "back", None),
    ("The city fell after the army withdrew, officials said.", "withdraw", "army"),
    # ... also when the parser hangs the participle on an object or a prepositional phrase
    ("India's embassy in Kabul issued its second security advisory in as many days calling on its citizens to "
     "leave the country.", "call", "India's embassy"),
])
def test_a_participle_clause_acts_through_the_main_subject(nlp, gaz, text, lemma, actor):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma.startswith(lemma))
    assert (m.actor1 and m.actor1.removeprefix("The ").removeprefix("the ")) == actor, m.actor1


@pytest.mark.parametrize("text", [
    "A powerful earthquake struck the island on Sunday, killing 12 people.",
    "The storm swept the coast, destroying hundreds of homes.",
])
def test_a_participle_clause_of_a_natural_force_is_no_ones_act(nlp, gaz, text):
    assert [e.lemma for e in _events(text, nlp, gaz) if e.lemma in ("kill", "destroy")] == []


@pytest.mark.parametrize(("text", "lemma", "aggregate"), [
    ("As the insurgents seize more provincial capitals, the embassy will close.", "seize", True),
    ("Many districts and a handful of provincial capitals fell to the fighters in recent weeks.", "fall", True),
    ("The Taliban overran several major regional cities on Friday.", "overrun", True),
    ("The militants overran three key cities, officials said.", "overrun", True),
    ("The Taliban also overran the capitals of Ghazni and Badghis provinces on Thursday.", "overrun", False),
    ("Herat fell to the Taliban on Thursday.", "fall", False),
    ("Fighters took control of government buildings in Kandahar.", "take", False),
    ("The Taliban advanced across Afghanistan and seized the city.", "seize", False),
    ("In the weeks before, the fighters began taking urban areas.", "take", True),
    # an act with no place of its own, after acts over several unnamed towns, happened in those towns
    ("Hundreds of soldiers surrendered on Friday after the militants overran three cities.", "surrender", True),
    # a bare plural event noun with no place names a kind of act, several at once: no one act's report
    ("Fears are growing that surrender deals made with the Taliban will only fuel the militants' advance.", "deal",
     True),
    ("The United States is continuing to support Afghan forces with airstrikes.", "airstrike", True),
    ("Two airstrikes hit the base on Thursday.", "airstrike", False),
    ("The clashes lasted all night.", "clash", False),
    ("Clashes broke out in Kandahar on Thursday.", "clash", False),
])
def test_a_report_about_several_unnamed_towns_is_marked_aggregate(nlp, gaz, text, lemma, aggregate):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma.startswith(lemma))
    assert m.aggregate is aggregate, (m.lemma, m.place)


@pytest.mark.parametrize(("text", "lemma", "actor"), [
    ("KABUL — Senior officials surrendered to the Taliban on Friday.", "surrender", "Senior officials"),
    ("KABUL, Afghanistan (AP) — The Taliban captured the country's second-largest city on Friday.", "capture",
     "Taliban"),
    ("LONDON — Britain will send 600 troops.", "send", "Britain"),
])
def test_the_dateline_place_is_never_the_actor(nlp, gaz, text, lemma, actor):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert m.actor1 == actor, m.actor1


@pytest.mark.parametrize(("text", "lemma", "countries"), [
    ("UK troops sent to get Britons out as Taliban advances.", "send", ("GB",)),
    ("Britain has said it will deploy 600 troops.", "deploy", ("GB",)),
    ("The British government will send 600 troops.", "send", ("GB",)),
    ("The US and the UK are sending troops to evacuate nationals.", "send", ("US", "GB")),
    ("American diplomats began destroying classified documents.", "destroy", ("US",)),
    ("Kandahar's governor abandoned administrative buildings overnight.", "abandon", ()),  # a town: no country
    ("Washington and London declared plans to evacuate their citizens.", "evacuate", ()),
    ("Taliban fighters captured Ghazni on Thursday.", "capture", ()),
    ("The Biden administration will send thousands of troops.", "send", ()),  # no country named
    # a troop movement with no sender named: the troops' own country
    ("The British government announced around 600 UK troops are to be sent to Afghanistan.", "send", ("GB",)),
    ("About 3500 additional US troops would be sent to the region.", "send", ("US",)),
    # an evacuation with no evacuator's country named: the evacuees' own
    ("Military personnel will help relocate UK nationals.", "relocate", ("GB",)),
    ("Canada will dispatch military personnel to evacuate embassy staff.", "evacuate", ("CA",)),
    ("Troops will evacuate their citizens from Kabul.", "evacuate", ()),
    # a troop movement with neither: the country of the evacuees it is sent for
    ("The administration is deploying 3,000 soldiers to assist in the evacuation of staff from the U.S. Embassy.",
     "deploy", ("US",)),
    ("The administration will send thousands of troops to help airlift American personnel out of Kabul.", "send",
     ("US",)),
    ("The Pentagon will send troops to evacuate its staff.", "send", ()),
    # an organisation named after its country is that country's; one that is not names none
    ("Soldiers will assist in the evacuation of civilian staff from the U.S. Embassy.", "evacuation", ("US",)),
    ("The British Foreign Office said it would evacuate its staff.", "evacuate", ("GB",)),
    ("The Ministry of Defence will send 600 troops.", "send", ()),
    ("Kabul University will evacuate its students.", "evacuate", ()),
])
def test_the_countries_actor1_names_or_belongs_to(nlp, gaz, text, lemma, countries):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert m.actor1_countries == countries, m.actor1


@pytest.mark.parametrize(("text", "lemma", "countries"), [
    ("The United States is continuing to support Afghan forces with airstrikes.", "support", ("AF",)),
    ("Volunteers were sought for operations supporting the U.S. Embassy in Kabul.", "support", ("US",)),
    ("The Taliban attacked the police.", "attack", ()),
])
def test_the_countries_actor2_names_or_belongs_to(nlp, gaz, text, lemma, countries):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert m.actor2_countries == countries, m.actor2


@pytest.mark.parametrize(("text", "lemma", "actor"), [
    # an institution named with its place: the institution, not the place
    ("Volunteers were sought for potential 24/7 operations supporting U.S. Embassy Kabul.", "support",
     "U.S. Embassy Kabul"),
])
def test_actor2_is_the_whole_name_of_an_institution_named_with_its_place(nlp, gaz, text, lemma, actor):
    m = next(e for e in _events(text, nlp, gaz) if e.lemma == lemma)
    assert m.actor2 == actor


@pytest.mark.parametrize(("text", "lemma", "actor2", "place"), [
    # a town or province attacked is where the act is, not a party to it; a country is both
    ("The Taliban attacked Kabul on Thursday.", "attack", None, "Kabul"),
    ("Militants attacked the southern city Kandahar on Thursday.", "attack", None, "Kandahār"),
    ("Russian troops shelled Kherson overnight.", "shell", None, "Kherson"),  # spaCy's PERSON
    ("Militants attacked the governor of Kandahar.", "attack", "governor", None),
    ("Russia attacked Ukraine in 2022.", "attack", "Ukraine", None),
    ("Islamic State fighters attacked Kirkuk province.", "attack", None, "Kirkūk"),
    ("Insurgents attacked Kabul airport.", "attack", None, "Kabul"),  # a site named by its town
    ("The army shelled inhabited areas of Aleppo.", "shell", None, "Aleppo"),
    ("Israeli forces raided the Jenin refugee camp on Monday.", "raid", "Jenin refugee camp", None),  # who live there
])
def test_a_town_attacked_is_where_not_whom(nlp, gaz, text, lemma, actor2, place):
    found = [(e.actor2, e.place and e.place.name) for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found == [(actor2, place)], found


def test_actor_countries_of_words_found_elsewhere(nlp, gaz):
    from newsfuse.extract.events import actor_countries

    text = "An Indian warship foiled an attack by Somali pirates near Mumbai."
    doc, ann = _annotate(text, nlp, gaz)
    s = text.index("An Indian warship")
    assert actor_countries(doc, ann, s, s + len("An Indian warship"), nation=gaz.nation) == ("IN",)
    assert actor_countries(doc, ann, s, s + len("An Indian warship")) == ()  # no lookup, no place: none
    p = text.index("Somali pirates")
    assert actor_countries(doc, ann, p, p + len("Somali pirates"), nation=gaz.nation) == ("SO",)


def test_state_forces_of_an_afghan_story_are_afghan(seed_events):
    text, events = seed_events["003"]  # "government forces had withdrawn in large numbers" (Kandahar)
    m = next(e for e in events if e.lemma == "withdraw" and e.actor1 == "government forces")
    assert m.actor1_countries == ("AF",)


@pytest.mark.parametrize(("text", "lemma", "subtype"), [
    ("US jets struck Taliban positions near Kandahar.", "strike", "Air/drone strike"),
    ("Missiles struck the city on Monday.", "strike", "Shelling/artillery/missile attack"),
    # an act as the subject: its own kind ("airstrikes struck" is no walkout)
    ("Afghan airstrikes struck Taliban positions in Helmand.", "strike", "Air/drone strike"),
    ("Taliban fighters marched into Kabul on Sunday.", "march", "Troop deployment"),
    ("Protesters marched to the parliament in Kabul.", "march", "Peaceful protest"),
    ("Workers struck at the port of Durban.", "strike", "Peaceful protest"),
    ("An earthquake struck the Philippines.", "strike", None),  # nobody's act: no event
    ("The crossing is closed after floating debris struck its piers on Wednesday.", "strike", None),
    ("Floods killed 12 people in Bangladesh.", "kill", None),
    ("Floodwaters destroyed dozens of homes.", "destroy", None),
    ("The river peaked at 5.61 metres, beating the mark set in the floods of 2000.", "beat", None),
    ("Nobody needs to tell me it was a blocked drain.", "block", None),
    ("Protesters blocked the main road.", "block", "Peaceful protest"),
    ("A wave of protesters marched on parliament.", "march", "Peaceful protest"),
    ("Police beat protesters in the square.", "beat", "Attack"),
    # a stopped service is no sanction
    ("Trains on the Cambrian line were suspended.", "suspend", None),
    ("The airline halted flights to the capital.", "halt", None),
    ("The United States suspended military aid to the government.", "suspend", "Sanction/reduced relations"),
    ("The European Union froze the assets of three ministers.", "freeze", "Sanction/reduced relations"),
    ("Germany halted arms sales to the kingdom.", "halt", "Sanction/reduced relations"),
    # talks and cooperation need a second party
    ("The official spoke on condition of anonymity to discuss the situation.", "discuss", None),
    ("The Security Council is discussing a draft statement.", "discuss", None),
    ("The minister discussed the plan with Iranian officials.", "discuss", "Meeting/talks"),
    ("Iran and Iraq discussed border security.", "discuss", "Meeting/talks"),
    ("A fighter said in a video shared by the group.", "share", None),
    ("Norway and Denmark share a diplomatic compound in Kabul.", "share", "Cooperation"),
    # a visit is to a party: a state, not a town
    ("Taiwan's Vice Foreign Minister visited Russia today.", "visit", "Meeting/talks"),
    ("The floods minister visited Shrewsbury on Thursday.", "visit", None),
    ("The minister visited Kandahar on Thursday.", "visit", None),
    # a push is a fight when it moves on somewhere
    ("The Taliban pushed into the city center.", "push", "Armed clash"),
    ("Government troops pushed back the insurgents near Kunduz.", "push", "Armed clash"),
    ("A recruitment team reaches out to officials, pushing them to join the militants.", "push", None),
    ("The minister pushed for new elections.", "push", None),
    # a concession lifts, eases or opens a restriction or a closed way
    ("The government lifted the curfew on Friday.", "lift", "Concession"),
    ("Sudan's government lifted a state of emergency in West Darfur State.", "lift", "Concession"),
    ("Uzbekistan reopened the border crossing.", "reopen", "Concession"),
    ("A mother and her two young children had to be lifted from the roof of their car.", "lift", None),
    ("The district council opened a rest centre at a leisure centre.", "open", None),
    ("He said the government would open its Bellwin emergency funding scheme to councils.", "open", None),
    # "strike" with a target is a strike by a force; with no object a labour strike; else a figure of speech
    ("Ukraine struck a Russian air base in Crimea with drones.", "strike", "Air/drone strike"),
    ("Israel struck Hamas targets in Gaza.", "strike", "Air/drone strike"),
    ("Government forces struck rebel positions with artillery.", "strike", "Shelling/artillery/missile attack"),
    ("Rail workers struck on Monday.", "strike", "Peaceful protest"),
    ("The speech struck a chord with voters.", "strike", None),
    # what goes off is a bomb, a mine or a shell
    ("A car bomb exploded outside a police station in Mogadishu on Sunday.", "explode",
     "Remote explosive/landmine/IED"),
    ("Militants detonated an explosive device near a convoy in Helmand.", "detonate", "Remote explosive/landmine/IED"),
    ("Tensions exploded after the vote.", "explode", None),
    ("Bomb disposal experts detonated the device safely.", "detonate", None),  # no attack
    ("Russia struck Ukraine's energy grid with missiles.", "strike", "Shelling/artillery/missile attack"),
    ("Israeli jets struck Tuesday near the border.", "strike", "Air/drone strike"),  # Tuesday is no target
    # what is fired is gunfire or artillery; a missile into the sea, questions and a launch into orbit are not
    ("North Korea fired a ballistic missile into the sea.", "fire", None),
    ("North Korea launched a ballistic missile into the sea.", "launch missile", None),
    ("NASA launched the Artemis rocket from Florida.", "launch rocket", None),
    ("Reporters fired questions at the minister.", "fire", None),
    ("The general fired up the crowd.", "fire", None),
    ("The report said Russian forces fired cluster munitions.", "fire", "Armed clash"),
    ("Israeli tanks fired four shell bombs at targets in Jericho.", "fire", "Armed clash"),
    ("The gunman fired a shotgun at police in Minneapolis.", "fire", "Armed clash"),
    ("Fighters fired an RPG at an army vehicle in Idlib.", "fire", "Armed clash"),
    ("Russia launched 30 cruise missiles overnight, Ukraine's air force said.", "launch missile",
     "Shelling/artillery/missile attack"),  # a weapon launched with no aim named is aimed
    ("Russia fired drones at Kyiv overnight.", "fire drone", "Air/drone strike"),
    ("India successfully test-fired an Agni missile from Odisha.", "fire missile", None),  # a test
    ("North Korea fired two short-range missiles off its east coast.", "fire missile", None),
    ("Pyongyang fired a cruise missile into the Yellow Sea on Wednesday.", "fire missile", None),
    ("The ship fired flares to signal distress.", "fire", None),
    ("The military toppled the transitional authorities in Burkina Faso.", "topple", "Change to group/activity"),
    # storming a town takes it; storming a building is a raid, or a riot when protesters do it
    ("The Taliban stormed Kunduz.", "storm", "Non-state actor overtakes territory"),
    ("Gunmen stormed a hotel in Mogadishu on Friday.", "storm", "Armed clash"),
    ("Israeli forces stormed the Nur Shams camp near Tulkarm.", "storm", "Armed clash"),
    ("Protesters stormed the parliament building.", "storm", "Violent demonstration"),
    ("Fans stormed the pitch.", "storm", None),
    ("Iran fired a salvo of missiles at US bases in Iraq.", "fire salvo", "Shelling/artillery/missile attack"),
    ("Riot police fired water cannon at protesters.", "riot", None),  # a kind of police, no riot
    ("Police detonated a suspicious device in a controlled explosion.", "explosion", None),
    # a government or a ruler is toppled in a coup, not a statue, a tree or a football club
    ("Protesters toppled a statue of Colston in Bristol.", "topple", None),
    ("The storm toppled trees and power lines.", "topple", None),
    ("Liverpool ousted Chelsea from the cup.", "oust", None),
    ("The military ousted the president in July.", "oust", "Change to group/activity"),
    # rockets fired are artillery's; prisoners exchanged are released
    ("Hezbollah fired rockets at northern Israel.", "fire rocket", "Shelling/artillery/missile attack"),
    ("Hamas launched rockets at Tel Aviv.", "launch rocket", "Shelling/artillery/missile attack"),
    ("The two sides exchanged prisoners on Friday.", "exchange prisoner", "Concession"),
    # a person fired or dismissed leaves a post; a coup changes who rules
    ("The president fired his defence minister on Tuesday.", "fire", "Change to group/activity"),
    ("The president dismissed the army chief.", "dismiss", "Change to group/activity"),
    ("The court dismissed the case.", "dismiss", "Rejection"),
    ("The team sacked its coach.", "sack", "Change to group/activity"),
    ("Rebels sacked the town and burned the market.", "sack", "Looting/property destruction"),
    ("Troops fired on protesters.", "fire", "Attack"),
    ("Soldiers overthrew the government in a coup.", "overthrow", "Change to group/activity"),
    ("Soldiers overthrew the government in a coup.", "coup", None),  # one act, the verb's
    # diplomatic relations set up or cut
    ("Sri Lanka opened an embassy in Tehran.", "open embassy", "Support/praise"),
    ("Bahrain severed diplomatic relations with Qatar.", "sever relation", "Sanction/reduced relations"),
])
def test_verbs_are_typed_by_who_does_them_to_what(nlp, gaz, text, lemma, subtype):
    found = [e.subtype for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found == ([subtype] if subtype else []), found


def test_an_act_that_is_its_own_verbs_subject_is_one_act(nlp, gaz):
    # "clashes pushed into the center": one clash, placed by the verb, not a second one with no place
    found = [(e.lemma, e.place.name if e.place else None) for e in _events(
        "Clashes pushed into the center of Herat on Thursday.", nlp, gaz) if e.subtype == "Armed clash"]
    assert found == [("push", "Herāt")], found
    # the subject says who fought: it stays an act of its own
    found = [(e.lemma, e.actor1, e.actor2) for e in _events(
        "Clashes between the army and rebels pushed into Goma.", nlp, gaz) if e.subtype == "Armed clash"]
    assert ("clash", "army", "rebels") in found, found
    # "strike" with an act as its subject tells that act, once, with its doer ...
    found = [(e.lemma, e.subtype, e.actor1) for e in _events(
        "The airstrikes struck a hospital in Aleppo. A general strike struck the capital on Monday.", nlp, gaz)]
    assert found == [("strike", "Air/drone strike", None), ("strike", "Peaceful protest", None)], found
    (kill,) = [e for e in _events("Taliban attacks killed 12 soldiers in Ghazni.", nlp, gaz) if e.lemma == "kill"]
    assert (kill.actor1, kill.actor2) == ("Taliban", "12 soldiers")
    # ... and with any other act as its subject it is a figure of speech
    found = [e.lemma for e in _events("The sanctions struck a heavy blow to the economy.", nlp, gaz)]
    assert "strike" not in found, found
    # the subject's kind is the one its modifiers make
    (m,) = [e for e in _events("A suicide attack struck a checkpoint in Kandahar.", nlp, gaz) if e.lemma == "strike"]
    assert m.subtype == "Suicide bomb", m.subtype


@pytest.mark.parametrize(("text", "lemma", "actor1"), [
    ("Hamas attacks prompted Israel to launch airstrikes on Gaza.", "airstrike", "Israel"),  # not Hamas's
    ("Taliban attacks forced government troops to retreat from Kunduz.", "retreat", "government troops"),
    ("The embassy urged its staff to evacuate the compound.", "evacuate", "its staff"),
    ("Biden ordered troops to evacuate the embassy.", "evacuate", "Biden"),  # the sender's evacuation
    ("Locals wanted the shooting investigated.", "investigate", None),  # the shooting investigates nothing
    ("Residents were told to evacuate immediately.", "evacuate", "Residents"),
    ("The commander told them to retreat.", "retreat", None),  # not the commander
    ("The president wanted the troops deployed by Friday.", "deploy", "troops"),  # a deadline does nothing
    # troops moved with no one named moving them move, as in "the withdrawal of US troops"
    ("US troops were withdrawn from Kabul.", "withdraw", "US troops"),
    ("US troops withdrawn from Kabul", "withdraw", "US troops"),  # a headline
    ("Hundreds of Marines were deployed to the airport.", "deploy", "Marines"),
    ("The withdrawal of hundreds of Marines began on Monday.", "withdrawal", "Marines"),
    ("The troops were sent to Kabul by Biden.", "send", "Biden"),
    ("Civilians were evacuated from Kabul.", "evacuate", None),  # the evacuees are not the evacuators
    ("Iraq wants the withdrawal of US forces.", "withdrawal", "US forces"),  # not Iraq's
    ("Families fled the fighting in Khartoum.", "fighting", None),  # they escape it, they do not fight
    ("Soldiers feared an ambush near Kunduz.", "ambush", None),  # they would be its target
    ("A car bomb exploded outside a police station in Mogadishu.", "explode", None),  # the bomb is no doer
    ("Militants detonated an explosive device near a convoy.", "detonate", "Militants"),
    ("Residents hope whoever fired the rockets is caught.", "fire rocket", None),  # no one named
    # who claims a known act did it; no one, or a bomb, is nobody
    ("Al-Shabab claimed responsibility for the attack.", "attack", "Al-Shabab"),
    ("The Islamic State group claimed the bombing.", "bombing", "Islamic State group"),
    ("No group has claimed the attack, a police spokesman said.", "attack", None),
    ("A landmine killed two children in Kherson region.", "kill", None),
    ("Russian missiles struck a hospital in Kyiv.", "strike", "Russian missiles"),
    ("Kyiv anticipated a Russian offensive in the spring.", "offensive", "Russian"),
    ("The Taliban came closer to capturing Kabul on Sunday.", "capture", "Taliban"),  # not yet, but theirs
    ("The rebels are believed to have seized the airport.", "seize", "rebels"),
    ("Hamas wants a ceasefire with Israel.", "ceasefire", "Hamas"),  # a party to what it wants
    ("Russia proposed talks with Ukraine.", "talk", "Russia"),
    ("Protesters demanded talks with the government.", "talk", "Protesters"),
    ("The US condemned talks with the Taliban.", "talk", None),  # others' talks
    ("The Pope urged talks with the rebels.", "talk", None),
    ("The UN wants a ceasefire in Gaza.", "ceasefire", None),  # no party to it
    ("Egypt proposed a ceasefire between Israel and Hamas.", "ceasefire", "Israel"),  # the sides
    ("The rebels demanded negotiations.", "negotiation", None),  # asked of the other side
    ("Police foiled an attack on the embassy.", "attack", None),  # the police stopped it
    ("Congress blocked the deployment of troops.", "deployment", None),  # it stopped it
    ("Troops repelled an attack on the base.", "attack", None),  # held off, not made
    ("The Taliban called off their offensive on Kabul.", "offensive", "Taliban"),  # their own
    ("Residents described Gaza airstrikes overnight.", "airstrike", None),  # seen, not made; Gaza is where
    ("Tourist attacks in Sinai have fallen.", "attack", None),  # done to tourists
    ("Israel stepped up Gaza airstrikes on Monday.", "airstrike", "Israel"),
    ("Houthi attacks on shipping in the Red Sea have disrupted global trade.", "attack", "Houthi"),  # untagged
    ("The NATO deployment in Estonia was expanded last year.", "deployment", "NATO"),  # not a town
    ("Mariupol evacuations resumed on Sunday.", "evacuation", None),
    ("Civilian evacuations resumed on Sunday.", "evacuation", None),  # the evacuees
    ("Ukraine resisted the Russian offensive for months.", "offensive", "Russian"),
    ("Army raids in Helmand killed 12 militants.", "raid", "Army"),
])
def test_one_told_or_made_to_act_does_it(nlp, gaz, text, lemma, actor1):
    found = [e.actor1 for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found == [actor1], found


@pytest.mark.parametrize("text", ["Troops repelled an attack on the base.", "Troops beat back an attack on the base.",
                                  "Soldiers fended off a Taliban assault.", "Troops resisted an assault on the base."])
def test_who_holds_off_an_attack_is_its_target(nlp, gaz, text):  # and who resists one
    found = [(e.lemma, e.actor2) for e in _events(text, nlp, gaz)]
    assert len(found) == 1 and found[0][0] in ("attack", "assault") and found[0][1] in ("Troops", "Soldiers"), found


@pytest.mark.parametrize(("text", "lemma"), [
    ("Congress blocked the deployment of troops to Syria.", "deployment"),  # no protest by Congress
    ("The summit was pushed back to March.", "summit"),  # no push
])
def test_a_verb_that_stops_or_puts_off_an_act_is_no_act_of_its_own(nlp, gaz, text, lemma):
    found = [e.lemma for e in _events(text, nlp, gaz)]
    assert found == [lemma], found


@pytest.mark.parametrize(("text", "subtype"), [
    ("Russian strikes on Kharkiv killed 12 people.", "Air/drone strike"),  # strikes on a place hit it
    ("Israeli strikes on Hamas killed 20.", "Air/drone strike"),
    ("Workers went on strike against the government in Nairobi.", "Peaceful protest"),
    ("The strike on Friday closed schools in Nairobi.", "Peaceful protest"),
    ("A 24-hour strike on the London Underground disrupted millions of commuters.", "Peaceful protest"),
    ("Taxi drivers staged a strike on Lagos Island against new levies.", "Peaceful protest"),
    ("The RMT union announced a strike on ScotRail over the Christmas period.", "Peaceful protest"),
])
def test_strikes_on_a_place_or_party_are_violence(nlp, gaz, text, subtype):
    found = [e.subtype for e in _events(text, nlp, gaz) if e.lemma == "strike"]
    assert found == [subtype], found


@pytest.mark.parametrize(("text", "found"), [
    ("The two parties are locked in a legal skirmish over the election results.", False),
    ("The midnight fridge raid has become a ritual for the team's young players.", False),
    ("The Celtics' 40-point massacre of the Pistons was their biggest win of the season.", False),
    ("A firefight between troops and gunmen lasted several hours in Marawi.", True),
    ("The massacre of more than 8,000 Muslim men at Srebrenica was genocide, the court ruled.", True),
    ("Militants abducted 30 villagers in a raid on Kajuru.", True),
])
def test_words_of_violence_said_figuratively_are_no_act(nlp, gaz, text, found):
    kinds = {e.type for e in _events(text, nlp, gaz) if e.lemma in tx.WEAK_ACT_NOUNS}
    assert bool(kinds) == found, kinds


def test_calling_off_is_no_call_on_anyone(nlp, gaz):
    found = [e.lemma for e in _events("The Taliban called off their offensive on Kabul.", nlp, gaz)]
    assert found == ["offensive"], found


def test_you_is_never_the_speaker(nlp, gaz):
    found = [e.actor1 for e in _events('"You attacked our village," the elder told the soldiers.', nlp, gaz)]
    assert "elder" not in found, found


def test_a_participle_wished_done_to_its_subject_has_it_as_actor2(nlp, gaz):
    (e,) = [e for e in _events("The police wanted the protesters arrested.", nlp, gaz) if e.lemma == "arrest"]
    assert (e.actor1, e.actor2, e.modality) == (None, "protesters", "hypothetical")


@pytest.mark.parametrize(("text", "lemma", "actor1", "actor2", "place"), [
    # a participle or a relative clause about the noun it is done to: that noun is its object
    ("Kandahar, captured by the Taliban on Friday, was quiet.", "capture", "Taliban", None, "Kandahār"),
    ("Kandahar, which was captured by the Taliban on Friday, was quiet.", "capture", "Taliban", None, "Kandahār"),
    ("Kandahar captured by Taliban", "capture", "Taliban", None, "Kandahār"),  # a headline
    ("The soldiers arrested by police were released.", "arrest", "police", "soldiers", None),
    ("Officials confirmed the hostages released by Hamas were safe.", "release", "Hamas", "hostages", None),
    # a town the tagger read as an adverb is still what was taken
    ("Russian forces captured Bakhmut on Saturday.", "capture", "Russian forces", None, "Bakhmut"),
    ("The army said it had retaken Bakhmut, a claim Russia denied.", "retake", "army", None, "Bakhmut"),
    ("The army retook Kunduz.", "retake", "army", None, "Kunduz"),  # "retook" tagged a noun
    ("There is no evidence that Russia attacked the convoy.", "attack", "Russia", None, None),  # a clause of its own
    ("Mosul, seized by Islamic State in 2014, was recaptured three years later.", "seize", "Islamic State", None,
     "Mosul"),  # "Mosul" tagged an adverb
    ("Troops sent to Kabul will secure the airport.", "send", "Troops", None, "Kabul"),  # "sent" tagged VBD
])
def test_a_participle_done_to_the_noun_it_modifies(nlp, gaz, text, lemma, actor1, actor2, place):
    found = [(e.actor1, e.actor2, e.place and e.place.name) for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found == [(actor1, actor2, place)], found


@pytest.mark.parametrize("text", ["Weekend protests blocked roads in Nairobi.", "Overnight clashes killed 12."])
def test_a_time_word_is_no_actor(nlp, gaz, text):
    found = [e.actor1 for e in _events(text, nlp, gaz) if e.lemma in ("protest", "clash")]
    assert found == [None], found


@pytest.mark.parametrize("text", [
    "Taliban attacks forced thousands of residents to flee.",
    "Thousands of civilians fled Kunduz as the Taliban advanced.",
    "Thousands fled Kunduz as the Taliban advanced.",
    "Hundreds of families fled their homes in Darfur.",
    "The floods forced thousands to flee their homes.",
    "Thousands of Afghans fled to Pakistan.",  # a people
    "Residents said they fled the city.",  # "they" are the residents
    "Tens of thousands of Rohingya fled into Bangladesh.",
    "Ukrainians fled the fighting in the east.",
    "Thousands of Rohingya fled to Bangladesh.",  # a people no stage tags
])
def test_civilians_fleeing_are_no_troop_withdrawal(nlp, gaz, text):
    found = [(e.lemma, e.subtype) for e in _events(text, nlp, gaz)]
    assert ("flee", "Troop withdrawal") not in found, found
    for forces in ("Afghan forces fled Kunduz.", "Civilians and soldiers fled the town.",  # soldiers withdraw
                   "The Taliban fled Kunduz.", "Commanders said they fled Kunduz.",
                   "The Russians fled Kherson in November.", "Jihadists fled the town as the army advanced.",
                   "The Soviets withdrew from Afghanistan in 1989."):
        assert "Troop withdrawal" in [e.subtype for e in _events(forces, nlp, gaz)], forces


@pytest.mark.parametrize(("text", "lemma"), [
    ("Monday's attack killed 12 people in Kabul.", "kill"),  # a date is nobody
    ("Gaza airstrikes killed 30 people.", "kill"),  # where, not who
    ("Kenya protests blocked roads in Nairobi.", "block"),
    ("The US withdrawal allowed the Taliban to seize Kabul.", "allow"),  # made possible, not conceded
])
def test_an_act_as_subject_names_no_doer_of_another_act(nlp, gaz, text, lemma):
    found = [e.actor1 for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found == [None], found


@pytest.mark.parametrize("text", [
    "Monday's attack killed 12 people in Kabul.",  # a date's act is nobody's
    "Their attacks killed 12 soldiers.",  # "their" is not the attacks themselves
])
def test_an_act_nouns_doer_is_never_a_date_or_the_act(nlp, gaz, text):
    found = [e.actor1 for e in _events(text, nlp, gaz) if e.lemma == "attack"]
    assert found == [None], found


@pytest.mark.parametrize(("text", "lemma", "role", "actor"), [
    # an event is nobody's actor
    ("Clashes pushed into the center of both Kandahar and Herat.", "push", "actor1", None),
    # a town is where, not whom
    ("The Taliban attacked from Kandahar.", "attack", "actor2", None),
    ("The blast killed 12 people in Kabul.", "kill", "actor1", None),
    ("Taliban fighters pushed into the center of Kandahar.", "push", "actor1", "Taliban fighters"),
    # nor is a thing, or a day, a second party; a party behind the thing is
    ("American diplomats destroyed classified documents.", "destroy", "actor2", None),
    ("Taliban fighters attacked the local government compound.", "attack", "actor2", None),
    ("The governor resigned his post on Friday.", "resign", "actor2", None),
    ("The minister met on Sunday with rebel leaders.", "meet", "actor2", "rebel leaders"),
    ("The Taliban attacked government forces in Ghazni.", "attack", "actor2", "government forces"),
    ("Bangladesh rejected an Indian proposal.", "reject", "actor2", "Indian proposal"),
    ("The government reached a ceasefire agreement with the rebels.", "reach agreement", "actor2", "rebels"),
    ("Moroccan diplomats held their first meeting with President Obama.", "hold meeting", "actor2", "Obama"),
    # a document acts only through whoever issued it
    ("The directive also called for the destruction of embassy logos.", "call for", "actor1", None),
    ("The ministry's directive called for the destruction of embassy logos.", "call for", "actor1", "ministry"),
    ("A UN resolution demanded a ceasefire.", "demand", "actor1", "UN"),
    # who demands or praises an act does not do it; who orders it does
    ("A UN resolution demanded the withdrawal of foreign troops.", "withdrawal", "actor1", "foreign troops"),
    # troops withdrawing are who withdraws, unless a sender is named
    ("Two cities were under threat from Taliban fighters amid the withdrawal of U.S. forces.", "withdrawal",
     "actor1", "U.S. forces"),
    ("Britain completed the withdrawal of its troops on Friday.", "withdrawal", "actor1", "Britain"),
    # an act under a preposition of the object is not the main subject's: who is held to account did it
    ("Police arrested a man for attacking a soldier in Kabul.", "attack", "actor1", "man"),
    ("The court convicted two men of killing a journalist.", "kill", "actor1", "two men"),
    ("Afghan forces surrendered in the final days of the withdrawal of hundreds of troops.", "withdrawal",
     "actor1", "troops"),
    ("The minister praised the evacuation of civilians.", "evacuation", "actor1", None),
    ("The US and the UK ordered the deployment of hundreds of troops.", "deployment", "actor1", "US and the UK"),
    # a joint actor's last party is a collective's "of" phrase: the whole of it
    ("Senior Afghan officials and hundreds of Afghan government forces surrendered to the Taliban on Friday.",
     "surrender", "actor1", "Senior Afghan officials and hundreds of Afghan government forces"),
])
def test_actors_are_parties(nlp, gaz, text, lemma, role, actor):
    found = [getattr(e, role) for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found and set(found) == {actor}, found


def test_a_phrase_around_the_act_is_not_where_it_happens(nlp, gaz):
    text = ("Officials surrendered to the Taliban on Friday, inching the country closer to collapse in the "
            "final days of the U.S. withdrawal.")
    (w,) = [e for e in _events(text, nlp, gaz) if e.lemma == "withdrawal"]
    assert (w.actor1, w.place) == ("U.S.", None)
    # a misparse that hangs the verb under its own object ("captured" as a modifier of "Ghazni") still
    # places the act in its object
    text = "Earlier on Thursday the Taliban captured Ghazni, situated on the Kandahar to Kabul road."
    (c,) = [e for e in _events(text, nlp, gaz) if e.lemma == "capture"]
    assert c.place is not None and c.place.name == "Ghazni"


def test_where_a_road_leads_is_not_where_the_act_happens(nlp, gaz):
    text = "The governor was arrested by government forces on the road to Kabul."
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == "arrest"]
    assert m.place is None, m.place


@pytest.mark.parametrize(("text", "lemma", "place"), [
    # a place a distance is measured from is not where the act happened
    ("The militant group also established a bridgehead within 150km of Kabul.", "establish", None),
    ("Fighters attacked a checkpoint 20 miles from Kandahar on Thursday.", "attack", None),
    ("The Taliban seized a district 50 kilometres south of Kabul.", "seize", None),
    ("Fighters attacked a convoy 30 miles north of Kandahar.", "attack", None),
    # near, outside, from: the place itself
    ("Fighters attacked a checkpoint near Kandahar on Thursday.", "attack", "Kandahar"),
    ("Afghan forces withdrew from Kandahar on Thursday.", "withdraw", "Kandahar"),
])
def test_a_place_measured_from_is_not_where_the_act_happens(nlp, gaz, text, lemma, place):
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma.startswith(lemma)]
    assert (_fold(m.place.name) if m.place is not None else None) == (place and _fold(place)), m.place


@pytest.mark.parametrize(("text", "places"), [
    # every place of a list is a place of the act, also those the parser hangs on a place noun
    ("On Friday, the capitals of Ghowr, Zabul, Logar and Uruzgan provinces fell, the highest number in a "
     "single day.", ["ghor", "logar", "uruzgan", "zabul"]),
    ("The Taliban also overran the capitals of Ghazni and Badghis provinces on Thursday.", ["badghis", "ghazni"]),
])
def test_each_place_of_a_list_has_the_act(nlp, gaz, text, places):
    found = sorted(_fold(e.place.name) for e in _events(text, nlp, gaz) if e.place is not None)
    assert found == places, found


def test_the_province_of_a_capital_named_like_it(nlp, gaz):
    text = ("The Taliban also overran the capitals of Ghazni and Badghis provinces Thursday. "
            "Ghazni's governor fled the city as it fell and was arrested on the road to Kabul on suspicion "
            "of brokering a deal with the Taliban to abandon the province.")
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == "abandon"]
    assert m.place is not None and m.place.name == "Ghazni", m.place  # not Badghis, named before; not Kabul


def test_an_actor_seated_in_a_town_places_its_act_there(nlp, gaz):
    text = ("India's embassy in Kabul issued its second security advisory in as many days calling on its "
            "citizens to leave the country.")
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma.startswith("call")]
    assert m.place is not None and m.place.name == "Kabul", m.place


def test_where_an_actor_sits_is_not_where_its_troops_move(nlp, gaz):
    (m,) = [e for e in _events("US negotiators in Doha agreed to withdraw all troops.", nlp, gaz)
            if e.lemma == "withdraw"]
    assert m.place is None, m.place


def test_a_countrys_official_does_not_place_the_act_in_the_country(nlp, gaz):
    text = "Britain's defence secretary announced the deployment of 600 troops."
    events = _events(text, nlp, gaz)
    assert events and all(e.place is None for e in events)


def test_spans_ids_and_order_are_deterministic(seed_events, nlp, gaz):
    for seed, (text, events) in seed_events.items():
        assert len({e.id for e in events}) == len(events)
        assert events == sorted(events, key=lambda e: (e.trigger.start, e.trigger.end,
                                                       e.place_span.start if e.place_span else -1))
        for e in events:
            assert e.sentence.start <= e.trigger.start < e.trigger.end <= e.sentence.end <= len(text)
            assert len(text[e.trigger.start:e.trigger.end].split()) >= len(e.lemma.split())
            assert text[e.sentence.start:e.sentence.end] == text[e.sentence.start:e.sentence.end].strip()
            assert e.type == tx.EVENT_TYPES[next(k for k, t in tx.EVENT_TYPES.items() if t.subtype == e.subtype)].type
    text = seed_text("004")  # published 2021-08-12 (manifest)
    doc, ann = _annotate(text, nlp, gaz, dt.date(2021, 8, 12))
    assert find_events(doc, ann, nation=gaz.nation) == seed_events["004"][1]


def test_offset_shifts_every_span(nlp, gaz):
    text = "The Taliban captured Ghazni on Thursday."
    doc, ann = _annotate(text, nlp, gaz)
    plain = find_events(doc, ann)
    moved = Annotations(ann.article, entities=tuple(
        EntityMention(Span(m.span.article, m.span.start + 100, m.span.end + 100), m.text, m.kind, m.key,
                      m.role, m.place, m.confidence) for m in ann.entities))
    shifted = find_events(doc, moved, offset=100)
    assert [(e.trigger.start + 100, e.place_span and e.place_span.start + 100) for e in plain] == \
        [(e.trigger.start, e.place_span and e.place_span.start) for e in shifted]
    assert shifted[0].place is not None


def test_taxonomy_is_consistent():
    known = {"AGREE", "ACCUSE", "ASSAULT", "COERCE", "CONSULT", "DEMAND", "FIGHT", "MOBILIZE", "PROTEST",
             "REJECT", "RETREAT", "SANCTION", "SUPPORT", "THREATEN", "COOPERATE", "AID", "CONCEDE",
             "REQUEST", "DISAPPROVE", "INVESTIGATE"}
    assert {t.plover for t in tx.EVENT_TYPES.values()} <= known
    rules = [*tx.VERB_TRIGGERS.values(), *tx.VERB_FALLBACK.values(), *tx.PARTICLE_TRIGGERS.values(),
             *tx.OBJECT_TRIGGERS.values(), *tx.NOUN_TRIGGERS.values()]
    assert all(r.key in tx.EVENT_TYPES for r in rules)
    assert tx.intent_plover("AID", "future") == "AGREE" and tx.intent_plover("FIGHT", "hypothetical") == "THREATEN"
    assert tx.intent_plover("FIGHT", "asserted") == "FIGHT"


@pytest.mark.parametrize("text", ["", "   \n\n ", "Herat.", "\u200b\x00 ¶¶ — ” “", "Kabul, Kandahar; Herat!"])
def test_odd_input_does_not_crash(nlp, gaz, text):
    for e in _events(text, nlp, gaz):
        assert 0 <= e.trigger.start < e.trigger.end <= len(text)


def test_long_text(nlp, gaz):
    sentence = "The Taliban captured Ghazni and government forces withdrew from Herat on Thursday. "
    text = sentence * 50
    events = _events(text, nlp, gaz)
    assert len([e for e in events if e.lemma == "capture"]) == 50
    assert all(text[e.sentence.start:e.sentence.end] == sentence.strip() for e in events)


@pytest.mark.parametrize(("text", "subtype"), [
    # "the forces" with nothing saying whose are no side: the story's fighters, two clauses before
    ("Many districts fell to the fighters in the weeks before the forces began taking urban areas.",
     "Non-state actor overtakes territory"),
    # whose forces the text says: state forces take back, insurgent forces overtake
    ("Government forces retook the city of Kunduz on Tuesday.", "Government regains territory"),
    ("Afghan security forces recaptured the city of Kunduz on Tuesday.", "Government regains territory"),
    ("Taliban forces took the city of Kunduz on Tuesday.", "Non-state actor overtakes territory"),
    ("Their forces took the city of Kunduz on Tuesday.", "Non-state actor overtakes territory"),
])
def test_the_side_that_takes_a_place_is_read_from_the_takers_words(nlp, gaz, text, subtype):
    events = _events(text, nlp, gaz)
    taken = [e for e in events if e.subtype in tx.TERRITORY_SUBTYPES and e.lemma in ("take", "retake", "recapture")]
    assert [e.subtype for e in taken] == [subtype], [(e.lemma, e.subtype, e.actor1) for e in events]


@pytest.mark.parametrize(("text", "subtype", "found"), [
    # pulling someone from a car is a rescue; pulling troops is a withdrawal
    ("Crews pulled a van driver from the cab of his vehicle near Kempsey on Thursday.", "Troop withdrawal", False),
    ("Britain pulled 600 troops from Helmand last year.", "Troop withdrawal", True),
    ("Government forces pulled back from the city.", "Troop withdrawal", True),
    ("The army pulled out on Friday.", "Troop withdrawal", True),
    # words given are no aid
    ("Councils will reclaim the cost, the minister said, without giving a figure.", "Aid", False),
    ("The agency provided details of the plan.", "Aid", False),
    ("The United States gave food and medicine to the refugees.", "Aid", True),
    # a forecast is no threat; a warning of the warner's act, or of force or sanctions, is
    ("Hydrologists warned that levels at Bewdley could rise by more than a metre.", "Threat", False),
    ("The Environment Agency warned that the worst was still to come for Shrewsbury.", "Threat", False),
    ("The Taliban warned that they would attack the city.", "Threat", True),
    ("The United States warned that the Taliban would face sanctions.", "Threat", True),
    ("The Taliban warned the government.", "Threat", True),
    ("Forecasters warned that there could be further flooding in Worcester.", "Threat", False),
    ("Forecasters warned that the storm would strike the coast on Friday.", "Threat", False),
    ("The Taliban warned that foreign troops would pay a heavy price.", "Threat", True),
    ("The United States warned that the Taliban would be punished.", "Threat", True),
    ("The United States provided a number of helicopters to the Afghan air force.", "Aid", True),
    # an event gives nothing: what it brings about is no one's aid
    ("The mass surrenders are supplying the militants with weaponry.", "Aid", False),
    ("The mass surrenders of Afghan security forces and government personnel are accelerating Taliban advances "
     "across Afghanistan, undercutting the military's morale and supplying the militants with weaponry.",
     "Aid", False),
    # ordering a move of one's own troops is told by the move, not as a demand on anyone
    ("The United States and the United Kingdom ordered the deployment of hundreds of troops to Afghanistan.",
     "Demand", False),
    ("The United States and the United Kingdom ordered the deployment of hundreds of troops to Afghanistan.",
     "Troop deployment", True),
    ("The Taliban demanded the release of 5,000 prisoners.", "Demand", True),
    ("The Taliban ordered the withdrawal of all foreign troops.", "Demand", True),  # maybe others' troops
    # details released are words, no concession
    ("Officials released details of the attack on the airport.", "Concession", False),
    ("The Taliban released 300 prisoners on Friday.", "Concession", True),
])
def test_words_that_name_an_act_only_with_the_right_argument(nlp, gaz, text, subtype, found):
    events = _events(text, nlp, gaz)
    assert any(e.subtype == subtype for e in events) is found, [(e.lemma, e.subtype) for e in events]


@pytest.mark.parametrize(("text", "found"), [
    # how much fighting there is, is no report of a fight
    ("Since May, when US-led forces began their departure, the fighting has increased drastically.", False),
    ("Since the spring, the fighting has spread across the north.", False),
    ("The fighting lasted all night.", True),
    ("The fighting intensified overnight.", True),  # one battle can grow fiercer
    ("The fighting grew fiercer in Kandahar on Friday.", True),
    ("The fighting spread to Kandahar city on Thursday.", True),
])
def test_a_trend_is_no_event(nlp, gaz, text, found):
    assert any(e.lemma == "fighting" or e.lemma == "fight" for e in _events(text, nlp, gaz)) is found


@pytest.mark.parametrize(("text", "subtype", "found"), [
    # a simple present in a relative clause says what the antecedent is or does as a rule
    ("Norway and Denmark, who share a diplomatic compound in Kabul, said they would shutter their embassies.",
     "Cooperation", False),
    ("Tewkesbury, where the Severn meets the Avon, could see its highest water of the week.", "Meeting/talks", False),
    # a relative clause that tells an act does
    ("Norway and Denmark, who shared intelligence with Kabul last week, said they would leave.", "Cooperation", True),
    ("The minister, who met the Taliban in Doha on Tuesday, said talks would go on.", "Meeting/talks", True),
])
def test_a_standing_state_in_a_relative_clause_is_no_event(nlp, gaz, text, subtype, found):
    events = _events(text, nlp, gaz)
    assert any(e.subtype == subtype for e in events) is found, [(e.lemma, e.subtype) for e in events]


@pytest.mark.parametrize(("text", "lemma", "actor"), [
    ("The police chief was arrested for abandoning his post in Kandahar.", "abandon", "police chief"),
    ("The commander was sacked for surrendering the base to the insurgents.", "surrender", "commander"),
    ("The president accused the general of abandoning Herat.", "abandon", "general"),
])
def test_who_is_held_to_account_for_an_act_did_it(nlp, gaz, text, lemma, actor):
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert m.actor1 is not None and m.actor1.endswith(actor), m.actor1


@pytest.mark.parametrize(("text", "lemma"), [
    # a practice or a tactic held to account does nothing
    ("The UN condemned the practice of detaining journalists.", "detain"),
    ("Rights groups criticised the tactic of shelling residential areas.", "shell"),
])
def test_a_thing_held_to_account_is_no_actor(nlp, gaz, text, lemma):
    found = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert found and all(e.actor1 is None for e in found), found


@pytest.mark.parametrize(("text", "lemma"), [
    ("Fighting between Bakhmut and Soledar intensified.", "fight"),  # towns: where, not who
    ("Talks between the United States, Russia and China resumed.", "talk"),  # three sides: no one pair
    # three sides the parser hangs on the last one's noun: neither side is the whole phrase
    ("Clashes between the Taliban, ISIS and government forces continued.", "clash"),
    # one noun for both sides ("government forces" and "rebel forces"): no side is a bare "government"
    ("Clashes between government and rebel forces intensified.", "clash"),
    ("Clashes between Sunni and Shia militias erupted in Baghdad.", "clash"),
])
def test_between_towns_or_three_sides_gives_no_pair_of_actors(nlp, gaz, text, lemma):
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert (m.actor1, m.actor2) == (None, None)


def test_an_act_held_against_a_towns_official_happens_in_the_town(nlp, gaz):
    text = "Kunduz's governor was detained for allowing the rebels to enter the city."
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == "allow"]
    assert m.actor1 == "Kunduz's governor" and m.place is not None and m.place.name == "Kunduz", (m.actor1, m.place)


@pytest.mark.parametrize(("text", "lemma", "place"), [
    # the paragraph's first act happened in a town; a later sentence's deal has no place of its own
    ("In the city of Herat, hundreds of soldiers surrendered overnight. A surrender deal was brokered by "
     "tribal elders, officials said.", "broker", "Herat"),
    # a line wrapped inside the paragraph does not end it
    ("On Tuesday hundreds of soldiers surrendered in Kunduz.\nThe soldiers handed over their vehicles in a "
     "move that allowed the insurgents to take the north.", "allow", "Kunduz"),
])
def test_a_local_act_with_no_place_happens_where_its_paragraph_is_set(nlp, gaz, text, lemma, place):
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert m.place is not None and _fold(m.place.name) == _fold(place), m.place


SCENE = "In the city of Herat, hundreds of soldiers surrendered overnight."


@pytest.mark.parametrize(("text", "lemma"), [
    # a new paragraph: the scene is not carried over
    (SCENE + "\n\nA surrender deal was brokered by tribal elders, officials said.", "broker"),
    # the paragraph's acts happened in two towns: no one scene
    ("Fighting raged in Herat and in Kandahar. A surrender deal was brokered by tribal elders.", "broker"),
    # a deployment goes from one country to another: no town's scene
    (SCENE + " Britain said it would deploy 600 troops.", "deploy"),
    # a town named with no act there sets no scene: a dateline, where someone grew up
    ("KABUL — Officials said the Taliban had gained ground. A surrender deal was brokered by tribal elders.",
     "broker"),
    ("The gunman, who grew up in Dallas, had served in the army. He opened fire on worshippers at a church.",
     "open fire"),
    # a sentence that moves away, or an act dated otherwise than the scene's
    (SCENE + " Meanwhile, thousands of people protested outside parliament.", "protest"),
    ("Herat was captured in 1995 by the Taliban. Last week, insurgents attacked a convoy.", "attack"),
    # several acts of a kind, none in particular
    ("Protesters rallied in Minneapolis. Similar protests took place across the country.", "protest"),
])
def test_a_paragraphs_scene_is_only_where_its_last_acts_happened(nlp, gaz, text, lemma):
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert m.place is None, m.place


@pytest.mark.parametrize(("text", "lemma", "actor1", "actor2"), [
    ("Talks between the government and the Taliban resumed in Doha.", "talk", "government", "Taliban"),
    ("Fighting between Israel and Hamas intensified.", "fight", "Israel", "Hamas"),
    ("Forces surrendered after a deal was brokered between Taliban leaders and army commanders.", "broker",
     "Taliban leaders", "army commanders"),
    # parsed as "[the Taliban and government] forces": the sides are the name and the rest of the phrase
    ("Clashes between the Taliban and government forces continued on Thursday.", "clash",
     "Taliban", "government forces"),
    # a side's name runs past its noun phrase
    ("Talks between the Islamic Republic of Iran and the United States resumed in Vienna.", "talk",
     "Islamic Republic of Iran", "United States"),
    ("Talks between Russia and the Organization for Security and Co-operation in Europe resumed.", "talk",
     "Russia", "Organization for Security and Co-operation"),
])
def test_between_names_the_two_sides_of_a_mutual_act(nlp, gaz, text, lemma, actor1, actor2):
    (m,) = [e for e in _events(text, nlp, gaz) if e.lemma == lemma]
    assert (m.actor1, m.actor2) == (actor1, actor2)
    assert (text[m.actor1_span.start:m.actor1_span.end], text[m.actor2_span.start:m.actor2_span.end]) == (actor1, actor2)


def test_between_times_or_things_names_no_side(nlp, gaz):
    (m,) = [e for e in _events("The fighting took place between 2 and 4 pm.", nlp, gaz) if e.lemma == "fighting"]
    assert (m.actor1, m.actor2) == (None, None)


def test_a_toll_told_with_its_act_is_that_act(nlp, gaz):
    """"A car bomb exploded ..., killing 12": one act, the explosion, not a second one (the killing)."""
    found = [e.lemma for e in _events("A car bomb exploded outside a police station in Mogadishu on Sunday, killing 12 "
                                      "people, police said.", nlp, gaz)]
    assert found == ["explode"], found
    found = [e.lemma for e in _events("Gunmen killed two people, police said.", nlp, gaz)]
    assert found == ["kill"], found
    found = [(e.lemma, e.subtype, e.actor2) for e in _events("Israel struck Gaza, killing 40 people.", nlp, gaz)]
    assert found == [("strike", "Air/drone strike", "40 people")], found  # the toll names who was hit
    found = [(e.lemma, e.actor2) for e in _events("Troops shelled the town, wounding five civilians.", nlp, gaz)]
    assert found == [("shell", "five civilians")], found


def test_a_when_clause_places_and_dates_the_act_it_times(nlp, gaz):
    text = ("At least 10 people were killed when a car bomb went off near a police station in the Somali capital, "
            "Mogadishu, on Sunday.")
    (m,) = [e for e in _dated_events(text, nlp, gaz) if e.lemma == "kill"]
    assert m.place is not None and m.place.name == "Mogadishu", m.place
    assert m.date is not None and m.date.start == dt.date(2021, 8, 8), m.date
