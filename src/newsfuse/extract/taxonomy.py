"""The event taxonomy: ACLED-style types and sub-types, their PLOVER codes, and the trigger lexicon.

Types
-----
Modelled on ACLED's event types and sub-types (ACLED Codebook 2023: Battles, Explosions/Remote
violence, Violence against civilians, Protests, Riots, Strategic developments), plus newsfuse
types that news of an unfolding conflict needs and ACLED leaves out: troop movements
(deployment, withdrawal), evacuations, and statements/diplomacy (demands, accusations, threats,
talks, ...).  Each sub-type carries one PLOVER code.  PLOVER codes are spelled as in the PLOVER
gold standard records (version 0.5b1, ../shared/data/plover/gsr.json): ``DISAPPROVE`` and
``INVESTIGATE`` there were merged into ``ACCUSE`` in PLOVER 2021 (see :data:`PLOVER_2021`).

Territory changing hands
------------------------
"Non-state actor overtakes territory", "Government regains territory" (both ACLED *Battles*) and
"Non-violent transfer of territory" (a *Strategic development*: a surrender, a hand-over) all say
that a place changed hands; :data:`TERRITORY_SUBTYPES` names them so a reader can ask "which
places fell?" without caring how.

Trigger lexicon
---------------
A trigger is a verb or noun lemma (:data:`VERB_TRIGGERS`, :data:`NOUN_TRIGGERS`), a verb + particle
("take over", "blow up": :data:`PARTICLE_TRIGGERS`) or a light verb + object noun ("seize control",
"claim possession", "impose sanctions": :data:`OBJECT_TRIGGERS`).  Each maps to a :class:`Trigger`
rule: the sub-type, and how the parse fills the roles:

* ``roles="agent"``  (default) subject = actor1 (agent), object = actor2 (patient);
* ``roles="theme"``  the subject is what undergoes the event ("Herat fell", "Qala-i-Naw
  surrendered"): a place subject is the event's place, and "to X" names actor1 ("fell to the
  Taliban"); a non-place subject is actor1 of a surrender ("forces surrendered to the Taliban");
* ``needs`` restricts the trigger to an argument of a kind: ``"place"`` (the object/subject must
  be a place or a place-like noun: "seize Kandahar", not "seize weapons"), ``"troops"`` (the
  object must be forces: "send troops", not "send a letter"), ``"party"`` (a second party: a party
  object, "with" a party, or two subjects: "discussed the plan with Iran", "Norway and Denmark
  share a compound", not "spoke to discuss the situation" nor "a video shared online"; a state is a
  party, a town or region is not: "visited Russia", not "visited Kandahar"), ``"advance"``
  (a move on somewhere: "the Taliban pushed into the city center", "pushed back the insurgents",
  not "pushing them to join the militants"), ``"restriction"`` (what is lifted, eased or opened is a
  restriction or a closed way: "lifted sanctions", "eased the curfew", "opened the border", not
  "lifted from the roof of their car" nor "opened a rest centre"), ``"explosive"`` (what goes off is a
  bomb, mine or shell: "a car bomb exploded", "militants detonated a device", not "tensions exploded"),
  ``"aimed"`` (fired at someone or somewhere: "fired rockets at northern Israel", "launched missiles into
  Ukraine", not "launched a rocket into orbit" nor "fired a missile into the sea"), ``"ruler"`` (who is
  ousted or toppled is a person or a government: "toppled the government", not "toppled a statue").

Territory verbs whose agent is a state force ("government forces recaptured ...") become
"Government regains territory"; :data:`NON_STATE_WORDS` / :data:`STATE_WORDS` decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Roles = Literal["agent", "theme"]
Needs = Literal["", "place", "troops", "party", "advance", "restriction", "explosive", "aimed", "ruler"]


@dataclass(frozen=True, slots=True)
class EventType:
    """One sub-type of the taxonomy: its type, PLOVER code and what it covers."""

    key: str
    type: str
    subtype: str
    plover: str
    acled: bool
    doc: str


def _t(key: str, type_: str, subtype: str, plover: str, doc: str, *, acled: bool = True) -> EventType:
    return EventType(key, type_, subtype, plover, acled, doc)


BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"
TROOPS = "Troop movements"
EVACUATION = "Evacuation"
STATEMENTS = "Statements and diplomacy"

#: Every sub-type, by key.  ``acled=False`` marks the newsfuse additions.
EVENT_TYPES: dict[str, EventType] = {t.key: t for t in (
    # -- ACLED Battles
    _t("armed_clash", BATTLES, "Armed clash", "FIGHT", "armed, organised groups fight each other"),
    _t("government_regains", BATTLES, "Government regains territory", "FIGHT",
       "state forces take back a place from a non-state group"),
    _t("nonstate_overtakes", BATTLES, "Non-state actor overtakes territory", "FIGHT",
       "a non-state group (insurgents, rebels, militia) takes control of a place"),
    # -- ACLED Explosions/Remote violence
    _t("air_strike", REMOTE, "Air/drone strike", "FIGHT", "an attack from aircraft or drones"),
    _t("shelling", REMOTE, "Shelling/artillery/missile attack", "FIGHT", "artillery, mortars, missiles, rockets"),
    _t("suicide_bomb", REMOTE, "Suicide bomb", "ASSAULT", "a suicide bombing"),
    _t("remote_explosive", REMOTE, "Remote explosive/landmine/IED", "ASSAULT", "bombs, mines, IEDs"),
    # -- ACLED Violence against civilians
    _t("attack", VAC, "Attack", "ASSAULT", "killing, wounding, beating or torturing people"),
    _t("abduction", VAC, "Abduction/forced disappearance", "ASSAULT", "kidnapping, hostage taking"),
    # -- ACLED Protests / Riots
    _t("protest", PROTESTS, "Peaceful protest", "PROTEST", "demonstrations, rallies, strikes, hunger strikes, blockades"),
    _t("riot", RIOTS, "Violent demonstration", "PROTEST", "rioting, violent protest"),
    # -- ACLED Strategic developments
    _t("agreement", STRATEGIC, "Agreement", "AGREE", "agreements, ceasefires, deals, promises to act"),
    _t("arrests", STRATEGIC, "Arrests", "COERCE", "arrests and detentions"),
    _t("change_group", STRATEGIC, "Change to group/activity", "RETREAT",
       "a leader or official resigns, a group disbands or changes what it does"),
    _t("base_established", STRATEGIC, "Headquarters or base established", "MOBILIZE",
       "a group sets up a base, a bridgehead or headquarters"),
    _t("transfer_territory", STRATEGIC, "Non-violent transfer of territory", "RETREAT",
       "a place changes hands without fighting: surrender, hand-over, capitulation"),
    _t("looting", STRATEGIC, "Looting/property destruction", "COERCE", "looting, demolition, burning property"),
    _t("other_strategic", STRATEGIC, "Other", "COERCE", "curfews, blockades and other coercion without violence"),
    # -- newsfuse additions
    _t("troop_deployment", TROOPS, "Troop deployment", "MOBILIZE", "troops sent, deployed or mobilised", acled=False),
    _t("troop_withdrawal", TROOPS, "Troop withdrawal", "RETREAT", "forces withdraw, retreat or flee", acled=False),
    _t("evacuation", EVACUATION, "Evacuation", "RETREAT",
       "people (embassy staff, nationals, civilians) taken out of a place", acled=False),
    _t("demand", STATEMENTS, "Demand", "DEMAND", "demands, appeals, calls on someone to act", acled=False),
    _t("accusation", STATEMENTS, "Accusation/criticism", "DISAPPROVE", "accusing, condemning, blaming, suing", acled=False),
    _t("threat", STATEMENTS, "Threat", "THREATEN", "threats and warnings of action", acled=False),
    _t("rejection", STATEMENTS, "Rejection", "REJECT", "rejecting, refusing, vetoing", acled=False),
    _t("talks", STATEMENTS, "Meeting/talks", "CONSULT", "meetings, visits, talks, mediation", acled=False),
    _t("support", STATEMENTS, "Support/praise", "SUPPORT", "praise, endorsement, recognition, signing", acled=False),
    _t("aid", STATEMENTS, "Aid", "AID", "providing aid, asylum, protection", acled=False),
    _t("cooperation", STATEMENTS, "Cooperation", "COOPERATE", "material, military or intelligence cooperation", acled=False),
    _t("concession", STATEMENTS, "Concession", "CONCEDE", "easing restrictions, allowing, lifting bans", acled=False),
    _t("sanction", STATEMENTS, "Sanction/reduced relations", "SANCTION",
       "sanctions, expulsions, suspending aid or relations", acled=False),
    _t("investigation", STATEMENTS, "Investigation", "INVESTIGATE", "investigating, holding hearings", acled=False),
)}

#: ACLED's types of political violence: one incident is often told as each of them ("the attack", "the
#: car bomb exploded", "killing 12"), so a report's mentions of different ones may still be one event.
VIOLENCE_TYPES = frozenset({BATTLES, REMOTE, VAC})
#: Trigger lemmas that name violence of any kind, or its toll, without saying which kind ("the attack",
#: "an assault", "killed 12"): their default sub-type is no reason to keep them apart from a bombing.
GENERIC_VIOLENCE_LEMMAS = frozenset({"attack", "assault", "kill", "wound", "injure", "murder", "violence"})

#: Sub-types that say a place changed hands (see the module doc).
TERRITORY_SUBTYPES: frozenset[str] = frozenset(
    EVENT_TYPES[k].subtype for k in ("nonstate_overtakes", "government_regains", "transfer_territory"))
#: Territory sub-types whose reports name who took the place as actor1 ("the Taliban captured Herat");
#: a surrender's names who gave it up ("the Afghan military surrendered Herat").  ACLED's actor1 of any
#: change of control is whoever gains it.
TAKING_SUBTYPES: frozenset[str] = frozenset(
    EVENT_TYPES[k].subtype for k in ("nonstate_overtakes", "government_regains"))

#: PLOVER 0.5b1 codes (the gold's) renamed in PLOVER 2021.
PLOVER_2021: dict[str, str] = {"DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE"}

#: PLOVER codes of *intended* cooperative acts: "will give aid" is coded AGREE (CAMEO 03 "express
#: intent to cooperate"), and intended hostile acts THREATEN (CAMEO 13).  Used by
#: :func:`intent_plover` for a sentence-level code; an EventMention keeps the act's own code.
COOPERATIVE_CODES = frozenset({"AID", "COOPERATE", "SUPPORT", "CONSULT", "CONCEDE", "RETREAT", "AGREE"})
HOSTILE_CODES = frozenset({"FIGHT", "ASSAULT", "COERCE", "SANCTION", "PROTEST"})
#: Event types of force, pressure or threat by someone (not a protest): a warning that one will come is
#: a threat ("warned that sanctions would follow").
COERCIVE_KEYS = frozenset(k for k, et in EVENT_TYPES.items()
                          if et.plover in (HOSTILE_CODES - {"PROTEST"}) | {"THREATEN"})


def intent_plover(plover: str, modality: str) -> str:
    """The PLOVER code a coder gives a sentence reporting an *intended* or *refused* act.

    A future or hypothetical cooperative act ("X will give Y a grant") is AGREE; a hostile one
    ("X would boycott Y") THREATEN; a negated cooperative act ("X will not accept refugees",
    "failed to reach agreement") REJECT; anything else keeps its code.
    """
    if modality == "negated" and plover in COOPERATIVE_CODES:
        return "REJECT"
    if modality in ("future", "hypothetical"):
        if plover in COOPERATIVE_CODES:
            return "AGREE"
        if plover in HOSTILE_CODES:
            return "THREATEN"
    return plover


@dataclass(frozen=True, slots=True)
class Trigger:
    """How one trigger word becomes an event (see the module doc for ``roles`` and ``needs``)."""

    key: str  # an EVENT_TYPES key
    roles: Roles = "agent"
    needs: Needs = ""
    territory: bool = False  # a place-taking verb: the agent decides overtakes vs regains


def _tr(key: str, *lemmas: str, **kw: object) -> dict[str, Trigger]:
    return {lemma: Trigger(key, **kw) for lemma in lemmas}  # type: ignore[arg-type]


#: What a concession lifts, eases or opens (``needs="restriction"``): measures against someone, and
#: ways that were closed.
RESTRICTION_NOUNS = frozenset({
    "sanction", "ban", "embargo", "restriction", "curfew", "siege", "blockade", "lockdown", "boycott", "tariff",
    "moratorium", "freeze", "suspension", "closure", "quarantine", "cap", "limit", "control",
    "border", "crossing", "checkpoint", "airspace", "port", "corridor", "passage", "access",
})
#: Restrictions named by a phrase ("lifted a state of emergency"; an "emergency funding scheme" is none).
RESTRICTION_PHRASES = ("state of emergency", "emergency rule", "martial law")
#: Prepositions and particles that make "push" a move on somewhere (``needs="advance"``).
ADVANCE_WORDS = frozenset({"into", "toward", "towards", "through", "across", "on", "onto", "out", "forward", "back",
                           "ahead", "deeper", "further"})


#: Verb lemma -> rule.  Territory verbs need a place (or place-like noun) as object.
VERB_TRIGGERS: dict[str, Trigger] = {
    **_tr("nonstate_overtakes", "seize", "capture", "overrun", "conquer", "occupy", "storm", "invade",
          needs="place", territory=True),
    **_tr("government_regains", "retake", "recapture", "regain", "reclaim", "liberate", needs="place"),
    **_tr("transfer_territory", "fall", "succumb", "capitulate", roles="theme"),
    **_tr("transfer_territory", "surrender", roles="theme"),
    **_tr("transfer_territory", "cede", "relinquish", "abandon", needs="place"),
    **_tr("armed_clash", "clash", "fight", "battle", "ambush", "besiege", "attack", "assault", "raid", "fire"),
    **_tr("armed_clash", "push", needs="advance"),
    **_tr("air_strike", "bomb", "airstrike"),
    **_tr("shelling", "shell"),
    **_tr("remote_explosive", "explode", "detonate", needs="explosive"),
    **_tr("attack", "kill", "wound", "injure", "massacre", "execute", "beat", "torture", "assassinate",
          "shoot", "murder", "behead", "stab"),
    **_tr("abduction", "kidnap", "abduct", "hijack"),
    **_tr("protest", "protest", "demonstrate", "march", "rally", "picket", "strike", "block", "blockade",
          "boycott"),
    **_tr("riot", "riot", "loot"),
    **_tr("agreement", "agree", "promise", "pledge", "commit", "offer", "negotiate", "broker", "sign"),
    **_tr("arrests", "arrest", "detain", "jail", "imprison"),
    **_tr("change_group", "resign", "quit", "defect", "disband"),
    **_tr("change_group", "oust", "topple", "overthrow", "depose", needs="ruler"),
    **_tr("base_established", "establish", needs="place"),
    **_tr("looting", "demolish", "destroy", "burn", "raze", "confiscate", "bulldoze", "sack", "ransack", "pillage"),
    **_tr("other_strategic", "impose", "ban", "censor", "hack", "deport"),
    **_tr("troop_deployment", "send", "deploy", "dispatch", "rush", "shuttle", "mobilize", "mobilise",
          "reinforce", "arrive", needs="troops"),
    **_tr("troop_withdrawal", "withdraw", "retreat", "flee"),
    **_tr("troop_withdrawal", "pull", needs="troops"),  # "pulled its troops", not "pulled a driver free"
    **_tr("evacuation", "evacuate", "airlift", "relocate", "extract", "rescue"),
    **_tr("demand", "demand", "urge", "order", "insist", "press", "appeal"),
    **_tr("accusation", "accuse", "condemn", "blame", "criticize", "criticise", "denounce", "sue",
          "complain", "summon"),
    **_tr("threat", "threaten", "warn", "vow", "swear"),
    **_tr("rejection", "reject", "refuse", "decline", "dismiss", "deny", "veto", "renege", "violate", "defy"),
    **_tr("talks", "visit", needs="party"),
    **_tr("talks", "meet", "host", "mediate", "consult"),
    **_tr("talks", "discuss", "talk", needs="party"),
    **_tr("support", "praise", "welcome", "endorse", "defend", "forgive", "recognize", "recognise",
          "back", "support"),
    **_tr("aid", "give", "provide", "grant", "donate", "supply", "deliver"),
    **_tr("cooperation", "cooperate", "share", "collaborate", needs="party"),
    **_tr("concession", "allow", "shorten", "release", "free", "accept"),
    **_tr("concession", "lift", "ease", "open", "reopen", "relax", needs="restriction"),
    **_tr("sanction", "expel", "suspend", "sanction", "halt", "freeze", "prohibit"),
    **_tr("investigation", "investigate", "probe", "question"),
}

#: "send" etc. only count with forces as object; the same lemma without them falls back here.
VERB_FALLBACK: dict[str, Trigger] = {
    **_tr("troop_deployment", "deploy", "mobilize", "mobilise"),
    **_tr("armed_clash", "storm"),  # "gunmen stormed a hotel": a raid (a riot when protesters storm)
}

#: Verb + particle -> rule ("take over", "blow up", "hand over", "pull out").
PARTICLE_TRIGGERS: dict[tuple[str, str], Trigger] = {
    ("take", "over"): Trigger("nonstate_overtakes", needs="place", territory=True),
    ("hand", "over"): Trigger("transfer_territory", needs="place"),
    ("give", "up"): Trigger("transfer_territory"),
    ("blow", "up"): Trigger("remote_explosive"),
    ("beat", "up"): Trigger("attack"),
    ("pull", "out"): Trigger("troop_withdrawal"),
    ("pull", "back"): Trigger("troop_withdrawal"),
    ("draw", "down"): Trigger("troop_withdrawal"),
    ("break", "off"): Trigger("sanction"),
    ("call", "on"): Trigger("demand"),
    ("call", "for"): Trigger("demand"),
    ("set", "up"): Trigger("base_established"),
}

#: Light verb + object noun lemma -> rule ("seize control of X", "impose sanctions on Y").
OBJECT_TRIGGERS: dict[tuple[str, str], Trigger] = {
    **{(v, n): Trigger("nonstate_overtakes", territory=True)
       for v in ("take", "seize", "gain", "claim", "assume", "wrest", "win", "establish")
       for n in ("control", "possession", "hold")},
    **{(v, "control"): Trigger("transfer_territory") for v in ("cede", "lose", "relinquish", "surrender", "hand")},
    ("take", "territory"): Trigger("nonstate_overtakes", territory=True),
    ("establish", "bridgehead"): Trigger("base_established"),
    ("impose", "sanction"): Trigger("sanction"),
    ("impose", "curfew"): Trigger("other_strategic"),
    ("hold", "talk"): Trigger("talks"),
    ("hold", "meeting"): Trigger("talks"),
    ("hold", "hostage"): Trigger("abduction"),
    ("lodge", "protest"): Trigger("accusation"),
    ("launch", "investigation"): Trigger("investigation"),
    ("open", "hearing"): Trigger("investigation"),
    ("launch", "offensive"): Trigger("armed_clash"),
    ("mount", "invasion"): Trigger("armed_clash"),
    ("launch", "attack"): Trigger("armed_clash"),
    **{(v, n): Trigger("agreement") for v in ("reach", "strike", "cut", "seal", "clinch")
       for n in ("agreement", "deal", "truce", "ceasefire", "accord", "pact")},
    ("sign", "agreement"): Trigger("support"),
    # diplomatic relations set up or cut ("established diplomatic ties with", "opened an embassy in Tehran",
    # "severed relations with")
    **{(v, n): Trigger("support") for v in ("establish", "restore", "resume")
       for n in ("tie", "relation", "relationship")},
    **{("open", n): Trigger("support") for n in ("embassy", "consulate", "mission")},
    **{(v, n): Trigger("sanction") for v in ("sever", "cut", "break", "suspend", "downgrade")
       for n in ("tie", "relation")},
    ("stage", "demonstration"): Trigger("protest"),
    ("stage", "protest"): Trigger("protest"),
    ("begin", "strike"): Trigger("protest"),
    ("put", "arm"): Trigger("transfer_territory"),
    ("stop", "work"): Trigger("protest"),
    ("open", "fire"): Trigger("armed_clash"),
    **{(v, "power"): Trigger("change_group") for v in ("seize", "take", "grab", "assume")},  # a coup
    # rockets and missiles fired or launched are artillery's ("Hezbollah fired rockets at northern Israel")
    **{(v, n): Trigger("shelling", needs="aimed") for v in ("fire", "launch", "lob")
       for n in ("rocket", "missile", "mortar", "shell", "projectile")},
    **{(v, "drone"): Trigger("air_strike", needs="aimed") for v in ("fire", "launch", "send", "fly")},
    # prisoners exchanged are prisoners released ("the two sides exchanged prisoners")
    **{(v, n): Trigger("concession") for v in ("exchange", "swap", "trade")
       for n in ("prisoner", "hostage", "captive", "detainee", "pow")},
}

#: Verb + preposition -> rule, for the few pairs the parser attaches as a preposition.
PREP_TRIGGERS: dict[tuple[str, str], Trigger] = {
    ("call", "on"): Trigger("demand"),
    ("call", "for"): Trigger("demand"),
}

#: A noun trigger whose modifier changes its sub-type ("air strike", "suicide bombing").
NOUN_MODIFIERS: dict[tuple[str, str], str] = {
    ("strike", "air"): "air_strike", ("strike", "drone"): "air_strike", ("strike", "missile"): "shelling",
    ("attack", "air"): "air_strike", ("attack", "drone"): "air_strike", ("attack", "rocket"): "shelling",
    ("attack", "missile"): "shelling", ("attack", "suicide"): "suicide_bomb", ("bombing", "suicide"): "suicide_bomb",
    ("attack", "bomb"): "remote_explosive", ("bombing", "aerial"): "air_strike", ("bombing", "air"): "air_strike",
}

#: Noun lemma -> rule, for nominal mentions ("the fall of Ghazni", "the deployment of troops").
NOUN_TRIGGERS: dict[str, Trigger] = {
    **_tr("transfer_territory", "fall", "surrender", "capitulation", "handover", roles="theme"),
    **_tr("nonstate_overtakes", "capture", "takeover", "seizure", "conquest", "occupation", territory=True),
    **_tr("armed_clash", "clash", "fighting", "battle", "offensive", "assault", "siege", "attack", "raid", "ambush",
          "skirmish", "firefight", "gunfight", "incursion"),  # the last six: WEAK_ACT_NOUNS
    **_tr("attack", "massacre"),
    **_tr("change_group", "coup"),
    **_tr("air_strike", "airstrike", "bombardment"),
    **_tr("remote_explosive", "bombing", "explosion", "blast"),
    **_tr("protest", "strike", "boycott"),
    **_tr("shelling", "shelling"),
    **_tr("troop_deployment", "deployment", "reinforcement"),
    **_tr("troop_withdrawal", "withdrawal", "retreat", "pullout", "drawdown"),
    **_tr("evacuation", "evacuation", "airlift"),
    **_tr("agreement", "agreement", "ceasefire", "truce", "deal"),
    **_tr("arrests", "arrest", "detention"),
    **_tr("protest", "protest", "demonstration", "rally"),
    **_tr("riot", "riot"),
    **_tr("sanction", "sanction", "embargo", "suspension", "expulsion"),
    **_tr("talks", "talks", "meeting", "summit", "visit", "negotiation", "mediation"),
    **_tr("investigation", "investigation", "inquiry", "hearing"),
}

#: Act nouns that are also said of robbers, lawyers, tax inspectors and sports teams ("a bank raid", "a
#: legal skirmish", "a 40-point massacre"): no act of violence with a modifier of
#: :data:`FIGURATIVE_MODIFIERS` or a score, nor one "on" a thing (not a place or party) that no force
#: does ("robbers' raid on a bank", "FBI agents' raid on the home of the mayor").
WEAK_ACT_NOUNS = frozenset({"raid", "ambush", "skirmish", "firefight", "gunfight", "incursion", "massacre"})
FIGURATIVE_MODIFIERS = frozenset({"legal", "political", "verbal", "fridge", "tax", "bank", "media", "diplomatic",
                                  "electoral", "courtroom", "boardroom", "kitchen", "procedural", "rhetorical"})

#: Object nouns that make "send/deploy/rush" a troop deployment.
TROOP_NOUNS = frozenset({
    "troop", "soldier", "marine", "force", "personnel", "unit", "battalion", "brigade", "reservist",
    "paratrooper", "army", "military", "contingent", "peacekeeper", "police", "commando", "sailor",
    "warship", "jet", "aircraft", "reinforcement", "division", "regiment", "squadron",
})

#: Protest verbs that name an act of force when forces do them ("US jets struck", "fighters marched
#: into Kabul"); see ``extract.events._protest_or_force`` (what nature does is :data:`NON_AGENT_NOUNS`').
#: A blockade stays a protest whoever mounts it, as PLOVER codes it ("rebels blocked transport into
#: Abidjan").
PROTEST_OR_FORCE = frozenset({"strike", "march"})
#: Agents that make "strike" an air strike, or artillery fire.
AIRCRAFT_NOUNS = frozenset({"jet", "warplane", "aircraft", "plane", "drone", "helicopter", "bomber", "gunship"})
ARTILLERY_NOUNS = frozenset({"missile", "rocket", "artillery", "shell", "mortar", "howitzer"})
#: What goes off when a bomb "explodes" or is "detonated" (``needs="explosive"``): the thing, not a doer.
EXPLOSIVE_NOUNS = frozenset({"bomb", "device", "ied", "mine", "landmine", "explosive", "grenade", "shell", "missile",
                             "rocket", "vest", "munition", "ordnance", "charge"})
#: Who rules, as what a coup ousts, topples or overthrows ("the government", "the regime", "the junta").
RULER_NOUNS = frozenset({"government", "regime", "president", "leader", "ruler", "junta", "cabinet", "administration",
                         "authority", "authorities", "leadership", "council",
                         "king", "monarch", "dictator", "premier", "emir", "sultan", "prime", "minister", "chancellor"})
#: Words that make an act told as the subject of "is ..." a possibility ("a coup is unlikely").
LIKELIHOOD_WORDS = frozenset({"likely", "unlikely", "possible", "impossible", "imminent", "inevitable", "probable",
                              "improbable", "conceivable"})
#: What is fired when "fire" is gunfire or artillery ("fired shots", "fired tear gas", "fired cluster munitions";
#: a rocket or missile not into the sea or into space).
FIRED_NOUNS = frozenset({"shot", "round", "bullet", "gun", "weapon", "salvo", "volley", "grenade", "gas", "canister",
                         "pellet", "cannon", "ammunition", "burst", "fire", "warning", "munition", "artillery",
                         "shell", "mortar", "rocket", "missile", "projectile", "bomb", "rifle", "pistol", "shotgun",
                         "handgun", "revolver", "rpg", "kalashnikov", "machinegun", "drone", "interceptor"})
#: Things forces strike: the object that makes "struck" an attack, not a labour strike nor a figure of
#: speech ("struck a Russian air base", not "struck a chord").
MILITARY_TARGET_NOUNS = frozenset({
    "base", "airbase", "airfield", "depot", "convoy", "position", "target", "ship", "vessel", "tanker",
    "refinery", "facility", "plant", "bridge", "port", "checkpoint", "barracks", "headquarters", "camp",
    "compound", "building", "hospital", "school", "village", "town", "city", "infrastructure", "warehouse",
    "station", "outpost", "stronghold", "hideout",
})
#: Natural forces and things: what they strike, kill or destroy is no act of anyone's ("an earthquake
#: struck", "floods killed 12", "floating debris struck its piers", "the river peaked ..., beating the
#: mark"); newsfuse's taxonomy has no disaster type.
NON_AGENT_NOUNS = frozenset({
    "earthquake", "quake", "tremor", "aftershock", "storm", "hurricane", "typhoon", "cyclone", "tornado",
    "flood", "floodwater", "tsunami", "lightning", "wildfire", "fire", "blaze", "landslide", "mudslide",
    "avalanche", "drought", "epidemic", "outbreak", "disease", "virus", "heatwave", "blizzard", "river",
    "water", "rain", "snow", "wind", "wave", "tide", "ice", "debris", "tree", "rockfall",
})
#: What a party issues, which acts only through it: "the directive called for", "a draft statement would
#: condemn", "a move that allowed the Taliban": the act is its issuer's (or nobody named).
DOCUMENT_NOUNS = frozenset({
    "statement", "directive", "memo", "memorandum", "resolution", "report", "letter", "decree", "order", "move",
    "decision", "plan", "proposal", "declaration", "communique", "announcement", "document", "draft", "bill",
    "law", "measure", "policy", "advisory", "cable", "message", "note", "notice", "guidance", "instruction",
})
#: What is given when words are given: "without giving a figure", "provided details" is no aid.
INFORMATION_NOUNS = frozenset({
    "figure", "number", "detail", "account", "interview", "update", "briefing", "speech", "answer", "estimate",
    "name", "timeline", "timetable", "explanation", "reason", "evidence", "testimony", "warning", "assurance",
    "indication", "sign", "signal", "comment", "view", "opinion", "example", "advice", "information", "news",
    "address", "lecture", "talk", "description", "breakdown", "overview", "insight", "clue", "hint", "glimpse",
})
#: Objects that make a violent verb a comparison ("beating the mark set in 2000", "beat the record").
RECORD_NOUNS = frozenset({"record", "mark", "expectation", "forecast", "estimate", "deadline", "odds", "target",
                          "high", "low", "best", "tally"})
#: What a sanction verb may stop without sanctioning anyone: transport, services, trading and play
#: ("trains were suspended", "flights were halted", "production was frozen").  A sanction suspends aid,
#: relations, talks or membership, or names whom it punishes.
SERVICE_NOUNS = frozenset({
    "train", "rail", "railway", "flight", "bus", "ferry", "tram", "traffic", "service", "line", "route",
    "production", "trading", "share", "stock", "market", "school", "class", "lesson", "exam", "match",
    "game", "fixture", "play", "race", "season", "league", "work", "construction", "mail", "power",
    "electricity", "broadcast", "publication", "operation",
})  # not trade, supplies, deliveries or sales: "suspended arms sales to X" is a sanction
#: Sub-types that are somebody's act of force or protest (a natural force cannot be their agent).
AGENT_ACTS = frozenset({"armed_clash", "air_strike", "shelling", "suicide_bomb", "remote_explosive", "attack",
                        "abduction", "protest", "riot", "looting"})

#: Nouns of towns and provinces: in the plural, with no place named, an argument speaks of several at
#: once ("more provincial capitals", "many districts", "several major regional cities", "urban areas").
SETTLEMENT_NOUNS = frozenset({"city", "town", "capital", "province", "district", "village", "region", "area"})

#: Nouns of a way somewhere: a place "to" or "toward" one ("arrested on the road to Kabul", "the
#: highway to Kandahar") is where it leads, not where anything happens.
PATH_NOUNS = frozenset({"road", "highway", "motorway", "route", "way", "path", "journey", "trip", "drive"})

#: Nouns that stand for a place when no gazetteer place is named ("seized the city").
PLACE_NOUNS = frozenset({
    "city", "town", "capital", "province", "district", "village", "base", "headquarters", "building",
    "compound", "airport", "territory", "area", "region", "country", "jail", "prison", "office", "post",
    "checkpoint", "border", "crossing", "square", "centre", "center", "stronghold", "garrison", "camp",
    "barracks", "palace", "bridge", "road", "highway", "port", "airfield", "outpost", "position",
    "hub", "valley", "settlement", "neighbourhood", "neighborhood", "part", "most", "half", "rest",
})

#: Words whose presence in an agent marks it as a non-state group (insurgents, rebels, ...).
NON_STATE_WORDS = frozenset({
    "taliban", "militant", "insurgent", "insurgency", "rebel", "fighter", "guerrilla", "guerilla", "militia",
    "militiaman", "mujahideen", "jihadist", "separatist", "gunman", "extremist", "terrorist", "group",
    "al-qaeda", "isis", "is", "hezbollah", "hamas", "faction",
})

#: Words whose presence in an agent marks it as state forces.
STATE_WORDS = frozenset({
    "government", "army", "military", "police", "troop", "soldier", "force", "security", "marine",
    "commando", "ministry", "authority", "authorities",
})

#: Agent nouns (lemmas) that name armed men of no side by themselves ("the forces took the city"): whose
#: forces they are takes another word ("government forces", "Afghan forces", "Taliban forces").
SIDELESS_FORCE_WORDS = frozenset({"force"})

#: A violent act whose target holds one of these words is violence against civilians (ACLED
#: "Attack"), not a battle between armed groups.
CIVILIAN_WORDS = frozenset({
    "civilian", "refugee", "villager", "resident", "worker", "student", "protester", "demonstrator",
    "local", "inhabitant", "migrant", "tourist", "displaced", "person",
    "journalist", "child", "children", "woman", "women", "people", "camp", "detainee", "prisoner", "worshipper",
    "pilgrim",
})

#: Heads that stand for their "of" phrase when naming an actor ("hundreds of Afghan forces").
COLLECTIVE_NOUNS = frozenset({
    "group", "hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "ten", "tens", "number",
    "patch", "batch", "wave", "contingent", "some", "all", "most", "many", "several", "members", "member",
    "salvo", "barrage", "volley", "swarm",
})

#: Verbs that dismiss a person from a post when a person is their object ("fired his defence minister",
#: "dismissed the army chief"): a change in the group, not gunfire nor a rejection.
DISMISSING_VERBS = frozenset({"fire", "dismiss", "sack"})
#: Holders of a post, beside :data:`PERSON_NOUNS`, whom those verbs dismiss ("sacked its coach").
POST_NOUNS = frozenset({"coach", "manager", "director", "secretary", "ambassador", "envoy", "adviser", "advisor",
                        "aide", "deputy", "head", "executive", "ceo", "chairman", "chairwoman", "chair", "judge",
                        "prosecutor", "spokeswoman", "premier", "cabinet", "staffer", "employee", "speaker"})
#: Words of people (a subject that is people, not a place, surrenders as actor1; targets).
PERSON_NOUNS = frozenset({
    "governor", "official", "commander", "leader", "minister", "president", "soldier", "civilian",
    "people", "person", "man", "woman", "child", "journalist", "worker", "prisoner", "hostage",
    "diplomat", "staff", "spokesman", "spokesperson", "member", "chief", "national", "citizen",
    "general", "officer", "mayor", "suspect", "gunman", "lawmaker",
})

# ---- modality cues -------------------------------------------------------------------------

#: Auxiliaries (lemmas) marking a hypothetical or future act.
MODAL_AUX = frozenset({"could", "may", "might", "would", "should", "can", "must", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})

#: Governing verbs: "X is expected to send" is future; "X threatened to seize" hypothetical;
#: "X appeared close to capturing" uncertain.
FUTURE_GOVERNORS = frozenset({
    "expect", "plan", "prepare", "intend", "schedule", "set", "aim", "promise", "pledge", "vow",
    "decide", "agree", "offer", "go", "order", "due",
})
HYPOTHETICAL_GOVERNORS = frozenset({
    "threaten", "want", "hope", "seek", "consider", "propose", "demand", "urge", "ask", "implore", "instruct",
    "call", "verge", "brink", "risk", "fail", "refuse", "need", "able", "possible", "likely", "could",
    "plot", "conspire", "conspiracy", "scheme",
})
#: Governors of :data:`HYPOTHETICAL_GOVERNORS` that mark a prepositional phrase only through these
#: prepositions: "called for talks", "called on the Taliban to halt"; not "called after the attack".
GOVERNOR_PREPS: dict[str, frozenset[str]] = {"call": frozenset({"for", "on", "upon"})}
#: Verbs whose clause says what is wished for or called for, not what was done: "residents hope the
#: army will evacuate them", "they demanded that the troops be withdrawn" (the clause, not only an
#: infinitive as with :data:`HYPOTHETICAL_GOVERNORS`: "they considered that the attack failed" is a view).
WISH_GOVERNORS = frozenset({"hope", "wish", "pray", "demand", "urge", "propose", "request", "recommend", "want",
                            "ask"})
#: Verbs that ask someone to do what their infinitive says, which is then still to be done: "told the army
#: to retake Kunduz", "warned residents to evacuate" (only the infinitive: "told of fierce fighting" is a
#: report).
ASKING_VERBS = frozenset({"urge", "ask", "tell", "advise", "encourage", "implore", "beg", "invite", "call", "warn"})
#: Verbs whose object is the one told or made to act by their infinitive: "urged residents to flee" (the
#: residents flee), "forced the army to retreat", "prompted Israel to launch airstrikes", "called on the
#: Taliban to halt".  Verbs of sending and ordering are not among them: "sent troops to evacuate its
#: staff" is the sender's evacuation.
OBJECT_CONTROL_VERBS = ASKING_VERBS | {"persuade", "force", "compel", "allow", "permit", "enable", "prompt", "cause"}
#: Verbs that tell whether or when the act their subject names happens, so that what is said of them is
#: said of the act: "the withdrawal will begin on Monday", "the attack did not happen" (and "take place",
#: "go ahead", "never came", "got off the ground").  What other verbs say of a known act ("the attack")
#: is of its effect when told in the past, negated or guessed ("the attack did not derail the talks"),
#: and :data:`CONTINUATION_VERBS` tell whether it goes on: the act itself happened (see
#: ``extract.events._said_of_known_act``).
OCCURRENCE_VERBS = frozenset({"happen", "occur", "begin", "start", "commence", "proceed", "materialize",
                              "materialise", "unfold", "resume"})
#: Verbs that say whether an act under way goes on: "the fighting will not stop", "the ceasefire could
#: collapse" (the fighting, the ceasefire, are there).
CONTINUATION_VERBS = frozenset({"continue", "stop", "end", "last", "hold", "collapse", "stall", "fail", "spread",
                                "expire", "subside", "cease", "persist", "falter", "break"})
#: Nouns of stopping an act: what is demanded is their end, the act goes on ("demanded an end to the
#: airstrikes", "urged a halt to the fighting").
ENDING_NOUNS = frozenset({"end", "halt", "stop", "cessation", "suspension", "freeze", "ban", "moratorium", "pause"})
#: Nouns of what an act left behind or what is done about it after: a known act they name through
#: "of", "into", "from" or "for" happened, whatever is said of them ("want justice for the victims of
#: the massacre", "demanded an inquiry into the attack"; not "victims of a possible attack would be
#: treated").  Nouns of what an act would cost ("the toll", "the damage") are not among them.
AFTERMATH_NOUNS = frozenset({"victim", "survivor", "footage", "image", "video", "photo", "investigation",
                             "inquiry", "probe", "memorial", "perpetrator", "aftermath", "anniversary", "wreckage",
                             "rubble"})
#: Verbs of stopping an act: what they stop is going on, whatever is said of the stopping ("urged Israel
#: to halt the airstrikes", "the talks aim to end the fighting").
ENDING_VERBS = frozenset({"end", "stop", "halt", "cease", "suspend", "freeze"})
#: Modifiers of an act's noun that make it one still to come: "the planned offensive", "the proposed
#: ceasefire".
PROSPECT_WORDS = frozenset({"planned", "proposed", "expected", "potential", "possible", "looming", "imminent",
                            "future", "anticipated", "threatened", "prospective", "promised", "intended"})
#: Verbs whose subject gets away from or lives through the act their object names, not its doer:
#: "families fled the fighting", "survived the attack".
ESCAPE_VERBS = frozenset({"flee", "escape", "survive", "evade", "endure", "witness"})
#: Verbs whose object names an act foreseen, still to come when it is reported: "NATO expects a Russian
#: offensive", "analysts predicted the fall of Kabul".
FORESEEING_VERBS = frozenset({"expect", "foresee", "predict", "forecast"})
#: Verbs whose subject awaits or dreads the act their object names, not its doer: "soldiers feared an
#: ambush", "Kyiv anticipated a Russian offensive" (the act's modality comes from
#: :data:`ANTICIPATION_GOVERNORS` and :data:`FORESEEING_VERBS`, which are among them).
AWAITING_VERBS = frozenset({"fear", "dread", "anticipate", "await"}) | FORESEEING_VERBS
#: Verbs by which a side takes responsibility for a known act ("claimed responsibility for the attack",
#: "took responsibility for the bombing"; "claim" alone too: "claimed the bombing"): the act happened and
#: the claimer is its doer.
CLAIMING_VERBS = frozenset({"claim", "accept", "admit", "take", "bear"})
#: Verbs whose subject saw or tells of the act their object names, not its doer: "residents described
#: Gaza airstrikes", "journalists filmed the shelling" (who announces or reports an act may be its doer:
#: "the US announced the withdrawal of its troops").
DESCRIBING_VERBS = frozenset({"describe", "recount", "recall", "see", "hear", "watch", "film", "photograph",
                              "document", "record", "depict", "detail"})
#: Verbs (a lemma, or a lemma and its particle) that call off the act their object names: it did not
#: happen (told in the past; "will cancel the talks" leaves them hypothetical).  Their subject is a
#: party to it: "the Taliban called off the offensive", "the government
#: cancelled the talks", "the attack was called off".
CANCELLING_VERBS: frozenset[str | tuple[str, str]] = frozenset({
    "cancel", "scrap", "abort", "shelve", ("call", "off")})
#: Verbs whose subject stops another's act before it happens: "police foiled a bombing", "Congress
#: blocked the deployment" (the police did not bomb).
FOILING_VERBS: frozenset[str | tuple[str, str]] = frozenset({"foil", "thwart", "avert", "block", "veto", "prevent"})
#: Verbs that put off the act their object names: it is still to come ("the talks were postponed").
DEFERRING_VERBS: frozenset[str | tuple[str, str]] = frozenset({
    "postpone", "delay", "defer", "reschedule", ("put", "off"), ("push", "back")})
#: Verbs whose subject holds off an act, not its doer: an act of armed violence is done against it
#: ("troops repelled an attack on the base", "Ukraine resisted the Russian offensive": they were
#: attacked; the attack happened); another act it opposes ("resisted a ceasefire").
DEFENCE_VERBS: frozenset[str | tuple[str, str]] = frozenset({
    "repel", "repulse", "withstand", "resist", ("fend", "off"), ("beat", "back"), ("fight", "off"), ("hold", "off")})
#: Conjunctions after which a past-tense clause under a wish or threat is still to come: "threatened
#: attacks until US troops withdrew", "demanded a ceasefire before they released the hostages".
PENDING_MARKS = frozenset({"before", "until", "till", "once", "unless", "if"})
#: Words that make an act a habit, not a report of one that happened: "it is common for the US military
#: to send in large number of troops".  Such a sentence gives no event.
GENERIC_WORDS = frozenset({"common", "usual", "typical", "customary", "normal", "routine", "standard",
                           "unusual", "uncommon", "rare"})
#: Participles that describe what a body is for, not an act it did: "a core team focused on providing
#: consular and visa services".  Such a description gives no event.
ROLE_GOVERNORS = frozenset({"focus", "dedicate", "devote", "specialise", "specialize"})
#: Participles that give a body a job still to be done: "troops tasked with evacuating the embassy"
#: ("charged with killing" is an accusation: :data:`UNCERTAIN_GOVERNORS`).
ASSIGNMENT_GOVERNORS = frozenset({"task", "assign", "mandate"})
#: Event types whose acts happen in one town or province, so an act with no place of its own can take
#: the one its paragraph has set the scene in; troops sent and people evacuated go from one country to
#: another, and statements are made anywhere.  Strategic developments include agreements, which can
#: be struck far away ("the US and the Taliban signed a deal in Doha"): the scene is only taken when the
#: act's sentence names no town and gives no other date than the scene's.
LOCAL_TYPES = frozenset({BATTLES, REMOTE, VAC, PROTESTS, RIOTS, STRATEGIC})
#: Sub-types of other types that are local too: forces pull out of a town, a town is let go.
LOCAL_KEYS = frozenset({"troop_withdrawal", "concession"})
#: Sub-types of acts two sides do together or to each other, whose sides "between A and B" names.
MUTUAL_KEYS = frozenset({"armed_clash", "agreement", "talks", "cooperation"})
#: Verbs that hold someone to account for an act, the act named by "for"/"of" and a gerund: the one held
#: to account did it ("the governor was arrested for abandoning the city", "accused the governor of
#: allowing the militants in").
ACCOUNT_VERBS = frozenset({"arrest", "detain", "accuse", "blame", "charge", "suspect", "punish", "sack", "fire",
                           "dismiss", "sentence", "convict", "fault", "criticise", "criticize", "praise", "thank",
                           "credit", "commend", "condemn", "reward", "prosecute", "try", "investigate", "jail"})
#: The prepositions that name the act a verb of :data:`ACCOUNT_VERBS` holds someone to account for.
ACCOUNT_PREPS = frozenset({"for", "of"})
#: Verbs of a change in amount: an event noun as their subject names a trend ("the fighting has
#: increased drastically", "the fighting has spread"), no act.  Such a sentence gives no event.  Verbs of
#: a change in force ("intensified", "eased") are left out: one battle can grow fiercer.
TREND_VERBS = frozenset({"increase", "rise", "grow", "spread", "decrease", "decline", "surge", "mount", "soar",
                         "diminish", "double", "multiply"})
#: Governors of an event noun that is awaited or warded off, not reported as done: "raced to prepare for
#: a Taliban takeover of the capital", "fears of an attack", "to prevent the fall of Kabul".
ANTICIPATION_GOVERNORS = frozenset({
    "prepare", "preparation", "brace", "fear", "warn", "warning", "prevent", "avoid", "stave", "threat",
    "ready", "readiness", "anticipate", "await", "contingency", "dread",
})
#: Verbs whose object names an act ordered or planned, still to come when it is reported: "ordered the
#: deployment of hundreds of troops" (the deployment follows the order; the order's date is the day it is
#: not before), "approved the withdrawal", "pledged the release of prisoners".
DIRECTIVE_GOVERNORS = frozenset({"order", "approve", "authorize", "authorise", "plan", "schedule", "pledge", "promise"})
#: Modalities of an act still to come when it is reported ("will send", "would be sent if", "could fall
#: soon"): no date of a clause above it is its date, only the day it is not before.
AHEAD_MODALITIES = frozenset({"future", "hypothetical"})
#: Governors of an act that is claimed, seemed or alleged, not reported as done ("appeared close to
#: capturing Kandahar"; "arrested on suspicion of brokering a deal", "accused of killing").
UNCERTAIN_GOVERNORS = frozenset({"appear", "seem", "claim", "allege", "rumour", "rumor", "speculate", "close",
                                 "suspicion", "suspect", "accuse", "accusation", "charge", "allegation"})

#: Nouns of time an act can date ("in the final days of the U.S. withdrawal", "on the eve of the
#: vote"): the act is the clause's background, whatever the clause's own modality.
TIME_NOUNS = frozenset({"day", "week", "month", "year", "hour", "time", "period", "eve", "aftermath", "wake",
                        "run-up", "era", "anniversary"})

#: Words of a time of day or week, never an actor though the tagger may read one as a name
#: ("Weekend protests blocked roads").
TIME_WORDS = frozenset({"weekend", "overnight", "morning", "afternoon", "evening", "night", "midnight", "dawn",
                        "dusk", "daybreak", "nightfall", "today", "tonight", "yesterday"})

#: Words anywhere in the sentence that make every event in it uncertain ("it was not yet clear").
#: "reportedly"/"allegedly" mark the source's own doubt; a plain "X said" does not.
UNCERTAIN_WORDS = frozenset({"reportedly", "allegedly", "unconfirmed", "unclear", "purportedly", "apparently"})
UNCERTAIN_PHRASES = ("not yet clear", "not clear", "could not confirm", "could not be confirmed",
                     "unable to confirm", "not been confirmed", "not independently verified")

#: Subordinators that make their clause hypothetical.
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
