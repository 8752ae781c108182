"""Assemble events from the sentences of one article.

For each sentence: its kept triggers are grouped into families (all fighting words make one
"violence" family; each kind of explosion, arrests, agreements... their own), each family
becomes a draft event with the actors, place, crossing, figures and date found around its
trigger. Drafts that continue an incident already reported (same family, compatible place,
no new date, within a few sentences) are merged into it, so a report spread over several
sentences is one event. Finally events get a place from context when their sentences name
none, deployments that are part of a battle are folded into it, and headline-only or
trend-only drafts are dropped.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from events.extraction.codebook import (
    ABDUCTION,
    ARMED_CLASH,
    ATTACK,
    BATTLES,
    GEO_PRECISION_BY_KIND,
    GOV_REGAINS,
    NON_STATE_OVERTAKES,
    VAC,
)
from events.extraction.dates import UNKNOWN, DateMention
from events.extraction.dictionary import Entity, Mention
from events.extraction.lang import LanguagePack, words
from events.extraction.sentences import Sentence
from events.extraction.triggers import Trigger, TriggerType
from events.geo import great_circle_km

FAMILY = {
    "clash": "violence",
    "attack": "violence",
    "target": "violence",
    "assassination": "violence",
    "kill": "violence",
    "control": "violence",
    "air": "air",
    "shell": "shell",
    "ied": "ied",
    "suicide": "suicide",
    "grenade": "grenade",
    "abduct": "abduct",
    "arrest": "arrest",
    "deploy": "other",
    "block": "other",
    "crossing": "other",
    "seize": "seize",
    "loot": "seize",
    "withdraw": "transfer",
    "meeting": "agreement",
    "agreement": "agreement",
    "base": "base",
    "protest": "protest",
}
EXPLOSION_FAMILIES = {"air", "shell", "ied", "suicide", "grenade"}
MERGE_WINDOW = 5  # sentences
CONTEXT_WINDOW = 3

GEO_PRECISION = GEO_PRECISION_BY_KIND
PLACE_RANK = {
    "town": 0,
    "neighbourhood": 0,
    "site": 0,
    "subdistrict": 1,
    "region": 2,
    "district": 3,
    "governorate": 4,
    "country": 5,
}


# Role and place cue words: the packs' sets of the same names (lang/<code>/words.toml).
_RELATION = words("relation")
_NEARBY = words("nearby")
_PLACE_FILLER = words("place_filler")
_ORIGIN = words("origin")
_SONS = words("sons")
_TAKEN = words("taken")
_STATIONED = words("stationed")
_DESTINATION = words("destination")
_BETWEEN = words("between")
_BY = words("by")
_PERSONS = words("persons")
_FIRE_OF = words("fire_of")
_COMPANION = words("companion")
_AGAINST = words("against")
_WITH = words("with")
_TO = words("to")
_AFFILIATION = words("affiliation")
_AREA = words("area")
_BORDER = words("border")
_ACCUSED = words("accused")
_TARGET_NOUNS = words("target_nouns")
# A unit that belongs to a party ("ودورية تابعة لفرع الأمن العسكري", "وعناصر تابعة لـ...").
_UNIT_NOUNS = words("unit_nouns")
_DETERMINERS = words("determiners")
_VICTIM_CUES = words("victim_cues")
_PASSIVE = words("passive")
_NUMBERISH = words("numberish")
_LINKS = words("links")
_ROAD = words("road")
_PREPOSITIONS = words("prepositions")
EXCLUDED = 100.0
_HEAD_PREFIXES = ("وبال", "فبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


_OWNER_LINKS = words("owner_links")
_OWNED_BY = words("owned_by")
_ARTICLES = words("articles")
_MODIFIERS = words("modifiers")


def _unit_noun(word: str) -> bool:
    """ "دورية", "الدورية", "patrols": a unit or a target that belongs to a party."""
    bare = word[2:] if word.startswith("ال") and len(word) > 4 else word
    return bare in _TARGET_NOUNS or bare in _UNIT_NOUNS or bare.removesuffix("ا") in _TARGET_NOUNS


def _possessed_noun(word: str) -> bool:
    return word.isascii() and word in _TARGET_NOUNS


def _possessed(after: list[str]) -> str:
    """The noun after a name, past an English possessive ("coalition's garrison": "garrison")."""
    return after[1] if after[:1] == ["s"] and len(after) > 1 else after[0]


@lru_cache(maxsize=65536)  # pure, called for every word around triggers and names
def _strip(word: str) -> str:
    for prefix in ("و", "ف", "ب", "ل"):
        if word.startswith(prefix) and len(word) > 3 and word[1:] not in {"", "ي"}:
            return word[1:]
    return word


@dataclass
class Draft:
    family: str
    tags: list[str]
    types: list[TriggerType]
    sentences: list[int]
    actors: dict[str, tuple[Entity, str]] = field(default_factory=dict)
    place: Entity | None = None
    place_in_text: bool = False
    crossing: dict | None = None
    killed: int | None = None
    wounded: int | None = None
    captured: int | None = None
    date: date | None = None
    date_precision: str = UNKNOWN
    date_explicit: bool = False
    date_source: str = "default"  # default (publication), anchor (an earlier sentence), explicit
    heading_only: bool = True
    definite: bool = False
    trigger_words: list[str] = field(default_factory=list)
    civilian_victims: bool = False
    response: bool = False  # answers an attack ("ردت ... بقصف"): a new event, never merged
    split: bool = False  # one of several places with their own tolls in one sentence: never merged
    superseded: bool = False  # its parts (split by place) report it instead
    estimate: bool = False  # its figures are another source's estimate of a toll ("put the toll at 10")
    pack: LanguagePack | None = None  # the language pack of the sentence it was drafted from
    refers_back: bool = False  # its sentence names the incident already told ("the attack", "the raid")

    def uses(self, rule: str) -> bool:
        """Whether the language of the draft's sentence switches on the optional stage ``rule``."""
        return self.pack is not None and rule in self.pack.rules


@dataclass
class SentenceView:
    sentence: Sentence
    tok_start: int
    tok_end: int
    heading: bool
    pack: LanguagePack  # the language pack of the sentence's script
    raw_actors: list[Mention]
    places: list[Mention]
    crossings: list[tuple[int, dict, Entity | None]]  # (token, crossing dict, entity)
    dates: list[DateMention]
    triggers: list[Trigger]
    assembler: Assembler | None = None
    event_place: Entity | None = None  # the place of an event drafted from this sentence
    _actors: list[Mention] | None = None

    @property
    def actors(self) -> list[Mention]:
        """The parties named in the sentence (backers, areas and accusations left out), worked
        out only for the sentences that need them."""
        if self._actors is None:
            kept: list[Mention] = []
            previous = None
            for mention in self.raw_actors:
                if self.assembler is None or self.assembler.keep_actor(mention, previous):
                    kept.append(mention)
                previous = mention
            self._actors = kept
        return self._actors


class Assembler:
    def __init__(self, *, text: str, words: list[str], token_starts: list[int], salience: dict[str, int]) -> None:
        self.text = text
        self.words = words
        self.token_starts = token_starts
        self.salience = salience
        self._penalties: dict[tuple, float] = {}

    # --- helpers -------------------------------------------------------------------------
    def tok(self, position: int) -> int:
        return bisect_left(self.token_starts, position)

    def before(self, token: int, n: int, floor: int = 0) -> list[str]:
        """Up to ``n`` words before ``token`` (not before ``floor``), nearest first."""
        return [self.words[i] for i in range(token - 1, max(floor, token - n) - 1, -1)]

    def clause_of(self, view: SentenceView, position: int) -> int:
        for i, clause in enumerate(view.sentence.clauses):
            if clause.start <= position < clause.end:
                return i
        return len(view.sentence.clauses) - 1

    # --- actors and roles ------------------------------------------------------------------
    def keep_actor(self, mention: Mention, previous: Mention | None) -> bool:
        near = [_strip(w) for w in self.before(mention.token, 2)]
        # "الدفاع الوطني ودورية تابعة لفرع الأمن العسكري": a second party's unit, joined by "و"
        joined = previous is not None and any(
            w[:1] == "و" and _strip(w) in _UNIT_NOUNS for w in self.words[previous.end_token : mention.token]
        )
        # "استهدفت خلايا داعش دورية تابعة لقسد": the owner of the unit or target is a party
        owner = len(near) > 1 and near[0] in _AFFILIATION and _unit_noun(near[1])
        if near and near[0] in _AFFILIATION and previous is not None and mention.token - previous.end_token <= 2:
            if not joined and not owner:
                return False  # "الأمن العسكري التابع للنظام": the backer, not a party
        if near and previous is not None and mention.token - previous.end_token <= 3:
            if any(w in _AFFILIATION for w in near) and not mention.generic and not joined and not owner:
                return False
        if mention.entity.slug == "unidentified-armed-group" and near and near[0] in _TO:
            return False  # "اقتادتهم إلى جهة مجهولة", "took them to an unknown place": where, not who
        window = [_strip(w) for w in self.before(mention.token, 4)]
        if any(w in _AREA for w in window[:2]) or (window[:1] == ["قوات"] and any(w in _AREA for w in window)):
            return False  # "مناطق سيطرة قوات النظام": an area, not a party
        if any(w in _ACCUSED for w in window[:2]):
            return False
        wide = self.before(mention.token, 6)
        if any(_strip(w) in _ACCUSED for w in wide[:6]) and not any(w in {"،", ",", "."} for w in wide[:6]):
            return False  # "بتهمة التعامل مع خلايا تنظيم الدولة": the charge, not a party
        if mention.entity.meta.get("actor_kind") == "foreign_state_force" and not mention.entity.meta.get("parent"):
            if any(w in _BORDER for w in window):
                return False
        return True

    @staticmethod
    def roles_static(mentions: list[Mention], family: str) -> dict[str, tuple[Entity, str]]:
        """Roles by order alone (for actors borrowed from a neighbouring sentence)."""
        out: dict[str, tuple[Entity, str]] = {}
        for mention in mentions:
            entity = mention.entity
            if entity.slug in out:
                continue
            sides_a = [e for e, r in out.values() if r == "side_a"]
            role = "side_a" if not sides_a or any(related(entity, a) for a in sides_a) else "side_b"
            out[entity.slug] = (entity, "side_b" if entity.slug == "civilians" else role)
        return out

    def roles(self, mentions: list[Mention], family: str) -> dict[str, tuple[Entity, str]]:
        """Side A (initiator) and side B (target) from the structure around each mention.

        "بين X و Y" / "between X and Y": X then Y; "من قبل X" / "by X": X is A; companions
        ("برفقة", "بمساندة", "backed by") join A; "ضد X", "على X", "مع X" (in fighting), a target
        noun ("دورية لقسد", "مواقع تابعة للميليشيات"), a victim ("مقتل ستة من عناصر قسد",
        "soldiers were killed") make B; otherwise the first actor is A and the others join A
        when related to it (parent, child, backer) and B when not."""
        out: dict[str, tuple[Entity, str]] = {}
        explicit: set[str] = set()
        agents: set[str] = set()  # named as the doer: "by X", "هجوم شنه X"
        pending_b = False
        violent = family == "violence" or family in EXPLOSION_FAMILIES or family in {"abduct", "arrest"}
        for mention in mentions:
            entity = mention.entity
            if entity.slug in out:
                continue
            agent = False
            if entity.slug == "civilians" or (violent and entity.slug == "protesters"):
                role = "side_b"
            elif pending_b:
                role, pending_b = "side_b", False
            else:
                role, pending_b, agent = self._marked_role(mention, family, violent, first=not out)
            if agent:
                agents.add(entity.slug)
            if role is not None:
                explicit.add(entity.slug)
            else:
                sides_a = [e for e, r in out.values() if r == "side_a"]
                role = "side_a" if not sides_a or any(related(entity, a) for a in sides_a) else "side_b"
            out[entity.slug] = (entity, role)
        _settle_sides(out, explicit, agents)
        return out

    def _marked_role(self, mention: Mention, family: str, violent: bool, first: bool) -> tuple[str | None, bool, bool]:
        """The role the words around a mention mark, if any: (role, the next party is side B,
        it is named as the doer)."""
        near = [_strip(w) for w in self.before(mention.token, 3)]
        wider = [_strip(w) for w in self.before(mention.token, 6)]
        if any(w in _BETWEEN for w in near[:2]) or (first and any(w in _BETWEEN for w in wider[:5])):
            # ("between Afghan fighters of Liwa Fatemiyoun and ...": the party after its members)
            return "side_a", True, False
        if violent and any(w in _FIRE_OF for w in wider[:5]):
            return "side_a", False, True  # "برصاص عناصر حاجز لقسد", "بنيران قوات النظام": whose bullets
        if violent and self._victim_role(mention, family, near, wider):
            return "side_b", False, False
        if any(w in _COMPANION for w in near):
            return "side_a", False, False
        if (near[:1] and near[0] in _BY) or near[:2] == ["قبل", "من"]:
            return "side_a", False, True
        if near[:1] and (near[0] in _AGAINST or (family == "violence" and near[0] in _WITH)):
            return "side_b", False, False
        return None, False, False

    def _victim_role(self, mention: Mention, family: str, near: list[str], wider: list[str]) -> bool:
        """In a violent event, a mention marked as the target or the victim."""
        after = self.words[mention.end_token : mention.end_token + 4]
        # "اعتقلت دورية تابعة لفرع الأمن العسكري": in an arrest the patrol makes the arrest
        targeted = family != "arrest"
        if targeted and any(w in _TARGET_NOUNS or w.removesuffix("ا") in _TARGET_NOUNS for w in near):
            return True
        if targeted and self._owner_of_target(wider):
            return True  # "a patrol of the U.S.-backed SDF", "a convoy belonging to the SDF"
        if any(w in _VICTIM_CUES for w in wider) and ("من" in near[:2] or "of" in near[:2]):
            return True
        if (
            targeted
            and after[:1]
            and after[0].isascii()
            and _possessed(after) in _TARGET_NOUNS
            and near[:1]
            and near[0] in _DETERMINERS
        ):
            # "near an SDF vehicle", "on a regime checkpoint", "targeted the coalition's
            # garrison": whose target it was
            return True
        return self._passive_victim(after) or self._victim_object(wider)

    @staticmethod
    def _owner_of_target(wider: list[str]) -> bool:
        """ "a patrol of the U.S.-backed", "a convoy belonging to the Kurdish-led", "an outpost
        affiliated with the": the words before an English name make it the owner of a target noun.
        Between the name and "of"/"to"/"with" only articles and "<backer>-backed" modifiers."""
        for i, word in enumerate(wider):
            if word in _OWNER_LINKS:
                head = wider[i + 1 : i + 3]
                if head[:1] and head[0] in _OWNED_BY:
                    head = head[1:]  # "belonging to", "affiliated with"
                elif word != "of":
                    return False
                return bool(head) and _possessed_noun(head[0])
            if not word.isascii():
                return False
            modifier = word in _MODIFIERS or word in _ARTICLES or len(word) == 1
            if not modifier and not (i > 0 and wider[i - 1] in _MODIFIERS):
                return False  # ("U.S.-backed": the backer's name before its participle)
        return False

    @staticmethod
    def _victim_object(wider: list[str]) -> bool:
        """ "قتل قيادي في قسد", "killed six SDF fighters", "killing 13 members of the Fourth
        Division": the actor the toll is counted in (a figure or a person noun between the cue
        and the name; "قتلت قسد", the agent right after the verb, is not)."""
        if any(w in _BY or w == "قبل" for w in wider[:6]):
            return False  # "بهجوم شنه مسلحون", "by gunmen": the doer
        for i, word in enumerate(wider[1:6], start=1):
            if word in _VICTIM_CUES:
                between = wider[:i]
                return any(w in _PERSONS or w.isdigit() or w in _NUMBERISH for w in between) and all(
                    w in _PERSONS or w.isdigit() or w in _NUMBERISH or w in _LINKS or w.endswith("'s") for w in between
                )
        return False

    @staticmethod
    def _passive_victim(after: list[str]) -> bool:
        """ "soldiers were killed", "fighters have been wounded" (not "ISIS killed", the active)."""
        for i, word in enumerate(after[:3]):
            if word in {"were", "was", "been"} and after[i + 1 : i + 2] and after[i + 1] in _PASSIVE:
                return True
        return False

    # --- places ------------------------------------------------------------------------------
    def place_score(self, mention: Mention, trigger_tok: int, same_clause: bool, family: str) -> float:
        key = (mention.token, mention.entity.slug, mention.generic, family)
        score = self._penalties.get(key)
        if score is None:
            score = self._penalties[key] = self._place_penalty(mention, family)
        if same_clause:
            score -= 0.5
        score += abs(mention.token - trigger_tok) / 200
        return score

    def _place_penalty(self, mention: Mention, family: str) -> float:
        """The part of a place's score that depends on its words only (cached per article)."""
        entity = mention.entity
        kind = entity.meta.get("location_kind", "town")
        score = float(PLACE_RANK.get(kind, 3))
        wide = self.before(mention.token, 6)
        if not mention.generic:  # direction words already read into a region are not penalties
            near = [w for w in wide[:4] if w not in _PLACE_FILLER]
            if any(_strip(w) in _RELATION for w in near[:2]):
                # "قرب البوكمال", "near Al-Bukamal": that town's area, still better than a region;
                # "جنوب البوكمال", "10 km east of": somewhere else
                score += 1.5 if all(_strip(w) in _NEARBY or _strip(w) not in _RELATION for w in near[:2]) else 3
        near = [_strip(w) for w in wide[:3]]
        if any(w in _SONS for w in near[:2]) and "من" in near[:3]:
            score += 1.5  # "الضحايا من أبناء بلدة الشولا": where the victims come from, often not the place
        if any(w in _ORIGIN for w in near):
            score += EXCLUDED if near[:1] == ["from"] or near[1:2] == ["from"] else 3  # "sent ... from Hasakeh"
        elif family == "other" and near[:1] == ["من"]:
            following = [_strip(w) for w in self.words[mention.end_token : mention.end_token + 3]]
            # "استقدم تعزيزات من محطة T2 إلى المدينة": where they came from, not where they went
            score += EXCLUDED if any(w in {"الي", "إلى"} for w in following) else 3
        if any(_strip(w) in _TAKEN for w in wide):
            score += EXCLUDED  # "نقلوا إلى مراكز التحقيق في الحسكة": where they were taken
        if any(w in _DESTINATION for w in near[:2]):
            score += EXCLUDED  # "انسحبوا باتجاه البادية": where they went, not where it happened
        if any(w in _STATIONED for w in near):
            score += EXCLUDED  # "كانت متمركزة في محطة T2": where they came from
        if any(w in _ROAD for w in near[:2]) or self._road_after(mention):
            score += 1.5  # "طريق السخنة - دير الزور", "the Palmyra-Deir ez-Zor highway": a road, not a town
        score -= min(self.salience.get(entity.slug, 0), 10) / 100
        return score

    def best_place(self, view: SentenceView, trigger: Trigger, family: str, scope: tuple[int, int]) -> Entity | None:
        if not view.places:
            return None
        trigger_tok = self.tok(trigger.start)
        clause = self.clause_of(view, trigger.start)
        clause_span = view.sentence.clauses[clause]
        candidates = [m for m in view.places if scope[0] <= m.start < scope[1]] or view.places
        scored = [
            (self.place_score(m, trigger_tok, clause_span.start <= m.start < clause_span.end, family), m)
            for m in candidates
        ]
        score, best = min(scored, key=lambda x: x[0])
        # Only places the sentence names as a base elsewhere or a road: use the context.
        return best.entity if score < EXCLUDED / 2 else None

    def _road_after(self, mention: Mention) -> bool:
        for word in self.words[mention.end_token : mention.end_token + 4]:
            if word in _ROAD:
                return True
            if word in _PREPOSITIONS:
                return False
        return False


def _settle_sides(out: dict[str, tuple[Entity, str]], explicit: set[str], agents: set[str]) -> None:
    """An actor the structure names as the attacker ("هجوم شنه X", "by X") leaves on side A only
    its allies; the others were A by order alone ("أعلنت قسد مقتل أحد عناصرها بهجوم شنه مسلحون
    مجهولون"). Side A must not be empty when side B was only guessed from the order."""
    attackers = [e for slug, (e, r) in out.items() if r == "side_a" and slug in agents]
    if attackers:
        for slug, (entity, role) in list(out.items()):
            if role == "side_a" and slug not in explicit and not any(related(entity, a) for a in attackers):
                out[slug] = (entity, "side_b")
    if out and all(r == "side_b" for _, r in out.values()):
        for slug, (entity, _) in out.items():
            if slug != "civilians" and slug not in explicit:
                out[slug] = (entity, "side_a")
                break


def related(a: Entity, b: Entity) -> bool:
    """Same side: parent and child, siblings, or one backs the other or the other's parent."""
    pa, pb = a.meta.get("parent"), b.meta.get("parent")
    ba, bb = set(a.meta.get("backers") or ()), set(b.meta.get("backers") or ())
    return bool(
        pa == b.slug
        or pb == a.slug
        or (pa and pa == pb)
        or a.slug in bb
        or b.slug in ba
        or (pa and pa in bb)
        or (pb and pb in ba)
    )


def place_compatible(a: Entity | None, b: Entity | None) -> bool:
    if a is None or b is None or a.slug == b.slug:
        return True
    if a.slug in (b.meta.get("ancestors") or ()) or b.slug in (a.meta.get("ancestors") or ()):
        return True
    return distance_km(a, b) <= 12


def distance_km(a: Entity, b: Entity) -> float:
    la1, lo1, la2, lo2 = (
        a.meta.get("latitude"),
        a.meta.get("longitude"),
        b.meta.get("latitude"),
        b.meta.get("longitude"),
    )
    if None in (la1, lo1, la2, lo2):
        return math.inf
    return great_circle_km(la1, lo1, la2, lo2)


def more_specific(a: Entity, b: Entity) -> Entity:
    ra = PLACE_RANK.get(a.meta.get("location_kind", "town"), 3)
    rb = PLACE_RANK.get(b.meta.get("location_kind", "town"), 3)
    return b if rb < ra else a


def resolve_type(draft: Draft) -> tuple[str, str]:
    """ACLED type and sub-type of a draft, from its triggers and the victims."""
    tags = set(draft.tags)
    first = draft.types[0]
    if draft.family == "violence":
        if "control" in tags:
            state = any(e.meta.get("actor_kind") == "state_force" for e, r in draft.actors.values() if r == "side_a")
            return BATTLES, GOV_REGAINS if state else NON_STATE_OVERTAKES
        unarmed = {"civilians", "protesters"}
        armed_b = [e for e, r in draft.actors.values() if r == "side_b" and e.slug not in unarmed]
        if tags & {"clash"} or armed_b:
            return BATTLES, ARMED_CLASH
        if draft.civilian_victims or any(e.slug in unarmed for e, _ in draft.actors.values()):
            return VAC, ATTACK
        if tags & {"attack", "target"} and len(draft.actors) >= 1:
            return BATTLES, ARMED_CLASH
        return (VAC, ATTACK) if tags <= {"kill", "assassination"} else (BATTLES, ARMED_CLASH)
    if draft.family == "abduct":
        return VAC, ABDUCTION
    strongest = next((t for t in draft.types if t.strength == 2), first)
    return strongest.event_type, strongest.sub_event_type
