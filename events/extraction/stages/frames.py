"""Stage 4, frames: one candidate event (a ``Draft``) per trigger family of a sentence, with its
arguments: the parties and their roles, the place, a crossing, the figures.

Triggers first pass the sentence's vetoes (negations, plans, causes, parts of names), then are
re-typed by their weapons (aircraft make a strike, artillery a shelling), then pruned (a killing
inside a battle is the battle), then grouped by family; each family gets the words of its clause.
"""

from __future__ import annotations

from bisect import bisect_left

from events.extraction.assemble import (
    EXPLOSION_FAMILIES,
    FAMILY,
    PLACE_RANK,
    Assembler,
    Draft,
    SentenceView,
    place_compatible,
    related,
)
from events.extraction.cues import (
    AFTER_CONNECTORS,
    AIRCRAFT,
    ANAPHORA,
    ANNOUNCE,
    ARTILLERY,
    EARLIER,
    ESTIMATE_VERBS,
    HEAVY,
    MACHINE_GUN,
    RAID,
    REPORTING,
    RESPONSE,
    SHELLS,
    TOLL_NOUNS,
    TOWN_BEFORE,
    VICTIMS,
    strip_bw,
)
from events.extraction.dictionary import Dictionary, Entity
from events.extraction.document import Document
from events.extraction.normalize import strip_clitic
from events.extraction.numbers import casualties, parse_number
from events.extraction.triggers import TYPES, Trigger, cancelled

_DRAFTED_FAMILIES = {"violence", "arrest", "abduct", *EXPLOSION_FAMILIES}
_FIGURE_FAMILIES = {"violence", *EXPLOSION_FAMILIES, "abduct", "arrest"}
_KEEP, _DEFER, _DROP = "keep", "defer", "drop"


def sentence_drafts(
    dictionary: Dictionary, doc: Document, view: SentenceView, trend: bool, last_place: Entity | None = None
) -> list[tuple[Draft, int]]:
    """The drafts of one sentence with the position of each one's head trigger."""
    kept = admitted_triggers(doc, view)
    if not kept or trend:
        return []
    kept = pruned(retyped(kept, doc, view), doc, view)
    heads = family_heads(kept, doc, view)
    out: list[tuple[Draft, int]] = []
    for index, (_position, _family, triggers, _response) in enumerate(heads):
        head = next((t for t in triggers if t.type.strength == 2), triggers[0])
        draft, parts = frame(dictionary, doc, view, heads, index, last_place)
        if parts:
            out.extend((part, head.start) for part in parts)
            view.event_place = parts[-1].place
            continue
        out.append((draft, head.start))
        if draft.place is not None:
            view.event_place = draft.place
    return out


# --- which triggers stand ------------------------------------------------------------------------
def admitted_triggers(doc: Document, view: SentenceView) -> list[Trigger]:
    """The sentence's triggers that report an event of their own (a cause or a fight "after"
    something only when nothing else is reported)."""
    kept, deferred = [], []
    named = [(m.start, m.end) for m in view.places]
    actor_names = [(m.start, m.end) for m in view.raw_actors]
    for trigger in view.triggers:
        verdict = trigger_verdict(doc, view, trigger, named, actor_names)
        if verdict == _KEEP:
            kept.append(trigger)
        elif verdict == _DEFER:
            deferred.append(trigger)
    if deferred and not kept:
        kept = deferred
    if any(t.type.tag == "control" for t in kept):
        # "سيطروا على البصيرة بعد انسحاب قسد منها": the withdrawal is how control changed
        kept = [t for t in kept if t.type.tag != "withdraw"]
    return kept or implicit_clash(view, doc.words)


def trigger_verdict(
    doc: Document, view: SentenceView, trigger: Trigger, named: list[tuple[int, int]], actor_names
) -> str:
    """Keep, defer (a cause, a fight told "after" something) or drop one trigger."""
    if any(s <= trigger.start and trigger.end <= e for s, e in named):
        return _DROP  # part of a name ("الفيلق الخامس-اقتحام")
    if FAMILY[trigger.type.tag] not in {"air", "shell"} and any(
        s <= trigger.start and trigger.end <= e for s, e in actor_names
    ):
        return _DROP  # "Israeli strikes", "طائرة مسيرة" name the striker and report the strike
    words, starts, tag = doc.words, doc.starts, trigger.type.tag
    clause = view.sentence.clauses[doc.assembler.clause_of(view, trigger.start)]
    t, t_end = bisect_left(starts, trigger.start), bisect_left(starts, trigger.end)
    c_start, c_end = bisect_left(starts, clause.start), bisect_left(starts, clause.end)
    before = [words[i] for i in range(t - 1, c_start - 1, -1)]
    sentence_before = [words[i] for i in range(t - 1, view.tok_start - 1, -1)]
    if cancelled(before, words[t_end:c_end], sentence_before=sentence_before, tag=tag) is not None:
        return _DROP
    if tag == "control" and not control_stands(view, trigger, t_end, sentence_before):
        return _DROP
    if (
        trigger.definite
        and tag in {"clash", "attack"}
        and any(strip_bw(w) in AFTER_CONNECTORS for w in words[t_end : min(t_end + 3, view.tok_end)])
    ):
        # "بدأت المواجهات عقب اعتقال ...", "the fighting erupted after ...": the cause is the
        # news when it is an event of its own; else the sentence goes on about the fighting
        return _DEFER
    if tag == "withdraw" and retreat(words[t_end : min(t_end + 5, view.tok_end)]):
        return _DROP  # "انسحب عناصر التنظيم باتجاه عمق البادية": a retreat, no territory handed over
    if cause(sentence_before):
        return _DEFER  # "in retaliation for drone attacks", "رداً على هجوم": the cause
    if tag == "meeting" and any(strip_bw(w) in {"الي", "to"} for w in before[:2]):
        return _DROP  # "استدعاؤه إلى اجتماع", "invited to a meeting": the pretext, not a meeting held
    return _KEEP


def heavy(trigger: Trigger, words: list[str], starts: list[int], view: SentenceView) -> bool:
    """Heavy weapons after a targeting or an attack: a shelling."""
    i = bisect_left(starts, trigger.end)
    if trigger.type.tag == "attack":  # "لهجوم بعدة قذائف صاروخية": an attack with shells
        return any(strip_bw(w) in SHELLS for w in words[i : min(i + 3, view.tok_end)])
    # "بالرشاشات الثقيلة", "heavy machine guns": gunfire, a clash, not a shelling
    return any(
        (w in HEAVY or w[1:] in HEAVY) and not (j > 0 and MACHINE_GUN.search(words[j - 1]))
        for j, w in enumerate(words[i : min(i + 10, view.tok_end)], start=i)
    )


def retyped(kept: list[Trigger], doc: Document, view: SentenceView) -> list[Trigger]:
    """Targeting or attacks by aircraft are air strikes; with heavy weapons, shelling."""
    words, starts = doc.words, doc.starts
    # "US jets targeted the district", "attacks by drones": an air strike
    kept = [
        Trigger(TYPES["air"], t.start, t.end, t.text, t.definite)
        if t.type.tag in {"target", "attack"}
        and not t.text.startswith((*RAID, "storm", "ambush", "اقتحام", "كمين"))
        and by_aircraft(t, words, starts, view)
        else t
        for t in kept
    ]
    # "استهداف مواقع ... بالأسلحة الثقيلة", "targeted ... with artillery": a shelling
    return [
        Trigger(TYPES["shell"], t.start, t.end, t.text, t.definite)
        if t.type.tag in {"target", "attack"} and heavy(t, words, starts, view)
        else t
        for t in kept
    ]


def pruned(kept: list[Trigger], doc: Document, view: SentenceView) -> list[Trigger]:
    """Triggers that only restate another of the sentence go (a killing in a battle, the raid
    that is the arrest, the bombing that is the air strike)."""
    if any(t.type.tag == "arrest" for t in kept):
        if not any(t.type.tag == "kill" for t in kept):
            # "a raid captures a cell leader", "حملة دهم واعتقال": the raid is the arrest
            kept = [t for t in kept if not (t.type.tag == "attack" and t.text.startswith(RAID))]
        if any(FAMILY[t.type.tag] == "violence" and t.type.strength == 2 for t in kept):
            # "killed a commander and captured two": the captives are the battle's
            kept = [t for t in kept if t.type.tag != "arrest"]
    families = {FAMILY[t.type.tag] for t in kept}
    strong_violence = any(FAMILY[t.type.tag] == "violence" and t.type.strength == 2 for t in kept)
    explosion = families & EXPLOSION_FAMILIES
    dropped = {
        "kill": bool(explosion or strong_violence),
        "attack": bool(explosion),
        "target": bool(explosion),
        "deploy": "violence" in families or bool(explosion),
        "seize": len(families) > 1,
    }
    return [
        t
        for t in kept
        if not dropped.get(t.type.tag, False)
        # "قصفت طائرات حربية روسية": the bombing is the air strike
        and not (t.type.tag == "shell" and "air" in families and bare_bombing(t, doc.words, doc.starts))
    ]


def family_heads(kept: list[Trigger], doc: Document, view: SentenceView) -> list[tuple[int, str, list, bool]]:
    """The triggers grouped by family (and by whether they follow a "responded"), in text order:
    (position, family, triggers, is a response)."""
    words, starts = doc.words, doc.starts
    response_at = next((starts[i] for i in range(view.tok_start, view.tok_end) if words[i] in RESPONSE), None)
    groups: dict[tuple[str, bool], list] = {}
    for t in kept:
        groups.setdefault((FAMILY[t.type.tag], response_at is not None and t.start > response_at), []).append(t)
    return sorted(((ts[0].start, fam, ts, part) for (fam, part), ts in groups.items()), key=lambda x: x[0])


# --- one frame -----------------------------------------------------------------------------------
def frame(
    dictionary: Dictionary, doc: Document, view: SentenceView, heads: list, index: int, last_place: Entity | None
) -> tuple[Draft, list[Draft] | None]:
    """The draft of the ``index``-th trigger family, and its parts when it reports a toll per town."""
    _position, family, triggers, response = heads[index]
    scope = frame_scope(doc.assembler, view, heads, index)
    draft = Draft(
        family=family,
        tags=[t.type.tag for t in triggers],
        types=[t.type for t in triggers],
        sentences=[view.sentence.index],
        heading_only=view.heading,
        trigger_words=[t.text for t in triggers],
        definite=triggers[0].definite,
        # an answer with a strike or an attack of its own ("ردت ... بقصف"), not a
        # reference back ("ردت على مصادر النيران ... في الهجوم") or an arrest after it
        response=response
        and (family == "violence" or family in EXPLOSION_FAMILIES)
        and any(not t.definite for t in triggers),
    )
    draft.actors = doc.assembler.roles(frame_actors(view, heads, index, scope), family)
    head = next((t for t in triggers if t.type.strength == 2), triggers[0])
    draft.place = frame_place(doc, view, head, family, scope, last_place)
    draft.place_in_text = draft.place is not None
    crossings = [c for c in view.crossings if scope[0] <= doc.starts[min(c[0], len(doc.starts) - 1)] < scope[1]]
    crossings = crossings or (view.crossings if len(heads) == 1 else [])
    if crossings:
        draft.crossing = crossings[0][1]
    t0, t1 = bisect_left(doc.starts, scope[0]), bisect_left(doc.starts, scope[1])
    frame_figures(dictionary, doc, view, draft, t0, t1)
    parts = split_tolls(draft, view, doc.words, t0, t1) if family != "arrest" else None
    return draft, parts


def frame_scope(assembler: Assembler, view: SentenceView, heads: list, index: int) -> tuple[int, int]:
    """Where the words of a trigger family start and end in the sentence."""
    sentence = view.sentence
    scope_start = sentence.start if index == 0 else scope_start_of(view, assembler, heads, index)
    scope_end = scope_start_of(view, assembler, heads, index + 1) if index + 1 < len(heads) else sentence.end
    if scope_end <= scope_start:
        scope_end = sentence.end
    return scope_start, scope_end


def frame_actors(view: SentenceView, heads: list, index: int, scope: tuple[int, int]) -> list:
    """The parties in the family's words (all the sentence's when it has one family)."""
    position = heads[index][0]
    scoped = [m for m in view.actors if scope[0] <= m.start < scope[1]] or (view.actors if len(heads) == 1 else [])
    if index > 0 and not any(m.start < position for m in scoped):
        # Coordinated verbs share the subject: "The SDF ... raided X and arrested Y".
        subject = [m for m in view.actors if m.start < heads[0][0]]
        scoped = subject + [m for m in scoped if m not in subject]
    return scoped


def frame_place(
    doc: Document, view: SentenceView, head: Trigger, family: str, scope: tuple[int, int], last_place: Entity | None
) -> Entity | None:
    """The best place in the family's words, or the town just named when the words say "the town"."""
    place = doc.assembler.best_place(view, head, family, scope)
    if (
        last_place is not None
        and PLACE_RANK.get(last_place.meta.get("location_kind", "town"), 3) == 0
        and (place is None or PLACE_RANK.get(place.meta.get("location_kind", "town"), 3) >= 2)
        and place_compatible(last_place, place)
        and any(
            doc.words[i] in ANAPHORA
            for i in range(bisect_left(doc.starts, scope[0]), bisect_left(doc.starts, scope[1]))
        )
    ):
        return last_place  # "in the town, which lies ... in Deir Ezzor province"
    return place


def frame_figures(dictionary: Dictionary, doc: Document, view: SentenceView, draft: Draft, t0: int, t1: int) -> None:
    """The killed, wounded and captured of the family's words, and civilians as victims."""
    words, family = doc.words, draft.family
    sentence_words = words[view.tok_start : view.tok_end]
    figures = casualties(sentence_words, t0 - view.tok_start, t1 - view.tok_start)
    if family in _FIGURE_FAMILIES:
        draft.killed, draft.wounded, draft.captured = figures["killed"], figures["wounded"], figures["captured"]
        draft.estimate = other_estimate(sentence_words)
        if family == "arrest":
            draft.killed = draft.wounded = None
    # ("Residents said ...": the source of the news, not its victims)
    victims = any(words[i] in VICTIMS and (i + 1 >= len(words) or words[i + 1] not in REPORTING) for i in range(t0, t1))
    if victims and family in _DRAFTED_FAMILIES:
        if not any(r == "side_b" for _, r in draft.actors.values()) and "civilians" in dictionary.by_slug:
            draft.actors["civilians"] = (dictionary.by_slug["civilians"], "side_b")
    draft.civilian_victims = "civilians" in draft.actors


# --- helpers -------------------------------------------------------------------------------------
def retreat(after: list[str]) -> bool:
    for word in after:
        word = strip_bw(word)
        if word in {"من", "منها", "منه", "from", "out"}:
            return False
        if word in {"باتجاه", "اتجاه", "نحو", "الي", "towards", "toward", "to", "into"}:
            return True
    return False


def cause(sentence_before: list[str]) -> bool:
    """The trigger names what an act answered: "in retaliation for", "in response to", "رداً على"."""
    near = sentence_before[:4]
    for i, word in enumerate(near[:3]):
        if word in {"for", "to"} and near[i + 1 : i + 2] and near[i + 1] in {"retaliation", "response", "revenge"}:
            return True
        if word in {"against", "at", "over"} and near[i + 1 : i + 3] and "protest" in near[i + 1 : i + 3]:
            return True  # "in protest at the killing": what was protested
        if (
            word in {"علي", "على"}
            and near[i + 1 : i + 2]
            and strip_bw(near[i + 1]) in {"ردا", "رد", "انتقاما", "احتجاجا"}
        ):
            return True
    return False


def split_tolls(draft: Draft, view, words: list[str], t0: int, t1: int) -> list[Draft] | None:
    """One sentence, several towns, a toll for each ("مقتل طفلين في الجنينة وإصابة ثلاثة مدنيين في
    الكسرة", "killed nine in Al-Bukamal and five in Al-Mayadin"): one event per town."""
    places = [m for m in view.places if t0 <= m.token < t1]
    if len(places) < 2:
        return None
    sentence_words = words[view.tok_start : view.tok_end]
    parts: list[tuple[Entity, dict]] = []
    lo = t0
    last_kind = None
    for mention in places:
        segment = casualties(sentence_words, lo - view.tok_start, mention.token - view.tok_start)
        kinds = [k for k, v in segment.items() if v is not None]
        if not kinds and last_kind and any(parse_number(words, i) for i in range(lo, mention.token)):
            # "... and five in Al-Mayadin": the figure takes the kind of the one before
            number = next(parse_number(words, i) for i in range(lo, mention.token) if parse_number(words, i))
            segment = {"killed": None, "wounded": None, "captured": None, last_kind: number[0]}
            kinds = [last_kind]
        town = PLACE_RANK.get(mention.entity.meta.get("location_kind", "town"), 3) <= 1
        if kinds and town and mention.token > 0 and words[mention.token - 1] in {"في", "in", "at"}:
            if all(mention.entity.slug != p.slug and not related(mention.entity, p) for p, _ in parts):
                parts.append((mention.entity, segment))
            last_kind = kinds[0] if len(kinds) == 1 else None
        lo = mention.end_token
    if len(parts) >= 2:
        drop_total(parts, places[0], view, words, sentence_words, t0)
    if len(parts) < 2 and (draft.killed or draft.wounded):
        parts = tolls_after(places, view, words, sentence_words, t1)
    if len(parts) < 2:
        return None
    out = []
    for place, figures in parts:
        part = Draft(**{f: getattr(draft, f) for f in draft.__dataclass_fields__})
        part.actors = dict(draft.actors)
        part.tags, part.types = list(draft.tags), list(draft.types)
        part.sentences, part.trigger_words = list(draft.sentences), list(draft.trigger_words)
        part.place, part.place_in_text, part.split = place, True, True
        part.killed, part.wounded = figures["killed"], figures["wounded"]
        out.append(part)
    return out


def drop_total(parts: list, first, view, words: list[str], sentence_words: list[str], t0: int) -> None:
    """ "Twelve were killed: eight in Al-Bukamal and four in Al-Mayadin": the total before the
    figures by town is not the first town's. It is dropped from the first part only when it is
    exactly the sum of the towns' figures."""
    numbers = [i for i in range(t0, first.token) if parse_number(words, i)]
    if len(numbers) < 2:
        return
    last = numbers[-1]
    while last - 1 in numbers:
        last -= 1  # "twenty five": one figure
    own = casualties(sentence_words, last - view.tok_start, first.token - view.tok_start)
    before = casualties(sentence_words, t0 - view.tok_start, last - view.tok_start)
    figures = parts[0][1]
    for kind, value in own.items():
        if before[kind] is None:
            continue
        if value is None:
            value = parse_number(words, last)[0]  # "12 fighters: eight in ...", the kind of the total
        if before[kind] == value + sum(p[1][kind] or 0 for p in parts[1:]):
            figures[kind] = value


def tolls_after(places, view, words: list[str], sentence_words: list[str], t1: int) -> list:
    """ "hit a depot in Deir ez-Zor city, killing nine, and a position near Al-Mayadin, where six
    were killed": each town followed by its own toll before the next town is named."""
    parts: list[tuple[Entity, dict]] = []
    for index, mention in enumerate(places):
        end = places[index + 1].token if index + 1 < len(places) else t1
        segment = casualties(sentence_words, mention.end_token - view.tok_start, end - view.tok_start)
        if not any(v is not None for v in segment.values()):
            continue
        town = PLACE_RANK.get(mention.entity.meta.get("location_kind", "town"), 3) <= 1
        if not (town and mention.token > 0 and words[mention.token - 1] in TOWN_BEFORE):
            return []
        if any(mention.entity.slug == p.slug or related(mention.entity, p) for p, _ in parts):
            return []
        parts.append((mention.entity, segment))
    return parts


def by_aircraft(trigger: Trigger, words: list[str], starts: list[int], view) -> bool:
    t = bisect_left(starts, trigger.start)
    lo, hi = max(view.tok_start, t - 4), min(view.tok_end, t + 5)
    return any(w in AIRCRAFT for w in words[lo:hi])


def bare_bombing(trigger: Trigger, words: list[str], starts: list[int]) -> bool:
    """ "قصف" with no artillery word after it: a bombing of any kind."""
    if "قصف" not in trigger.text:
        return False
    t = bisect_left(starts, trigger.end)
    return not any(strip_bw(w) in ARTILLERY for w in words[t : t + 2])


def control_stands(view, trigger, t_end: int, sentence_before: list[str]) -> bool:
    """A verb ("سيطرت على") reports a change of control; the noun ("السيطرة على") only when
    it is announced or names a town or village right after it, otherwise it is an aim or a
    state of affairs ("فرض السيطرة على مناطق شرقي سوريا")."""
    text = trigger.text
    if text.startswith(("سيطرت", "سيطروا", "سيطر ")) or not ("سيطره" in text or text.startswith("control")):
        return True
    if any(w.lstrip("و") in ANNOUNCE for w in sentence_before):
        return True
    for m in view.places:
        if (
            m.token >= t_end
            and m.token - t_end <= 6
            and m.entity.meta.get("location_kind") in {"town", "site", "neighbourhood"}
        ):
            return True
    return False


def scope_start_of(view, assembler: Assembler, heads, index: int) -> int:
    """Where the words of the ``index``-th trigger family start: its clause, or the trigger
    itself when it shares a clause with the previous family's trigger."""
    position = heads[index][0]
    start = clause_start(view, assembler, position)
    return position if start <= heads[index - 1][0] else start


def clause_start(view, assembler: Assembler, position: int) -> int:
    return view.sentence.clauses[assembler.clause_of(view, position)].start


def implicit_clash(view, words) -> list:
    """ "أسفر عن سقوط قتلى وجرحى بين الطرفين": casualties between two armed parties."""
    span = words[view.tok_start : view.tok_end]
    cues = {"قتلي", "جرحي", "قتيل", "قتيلا", "مقتل", "casualties", "dead"}
    if not any(strip_clitic(w, "وب", longer_than=0) in cues for w in span):
        return []
    armed = {m.entity.slug for m in view.actors if m.entity.slug != "civilians"}
    both_sides = "الطرفين" in span or "الجانبين" in span or "both" in span
    if len(armed) < 2 and not both_sides:
        return []

    position = view.sentence.start
    return [Trigger(TYPES["clash"], position, position, "")]


def other_estimate(tokens: list[str]) -> bool:
    """ "put the death toll at 10", "estimated the toll at", "وقدرت مصادر أخرى الحصيلة بـ":
    another source's figure for the same toll."""
    if any(w in EARLIER for w in tokens):
        return False  # "the source earlier put the death toll at 5": a figure since updated
    for i, word in enumerate(tokens):
        near = tokens[i + 1 : i + 5]
        if word in ESTIMATE_VERBS and any(w in TOLL_NOUNS for w in near):
            return True
    return False
