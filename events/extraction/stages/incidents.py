"""Stage 6, incidents: drafts that tell one incident become one event.

``merge`` tries its rules in order (the order matters: a part of a split toll or an answer to an
attack is never merged; an aftermath, a raid already reported as an arrest, a definite "the
attack" after a strike, the captives of a raid and a retelling join the event they tell again),
then continues the nearest event of the same family with a compatible place and date, or adds
the draft as a new event. ``attach`` lets a sentence with no trigger add a toll or a crossing.
"""

from __future__ import annotations

from events.extraction.assemble import (
    EXPLOSION_FAMILIES,
    MERGE_WINDOW,
    PLACE_RANK,
    Draft,
    distance_km,
    more_specific,
    place_compatible,
    related,
)
from events.extraction.cues import INCIDENT_FAMILIES, RAID, REGION_REACH_KM, RETOLD_FAMILIES
from events.extraction.dictionary import Entity
from events.extraction.numbers import casualties
from events.extraction.stages.frames import other_estimate


def merge(events: list[Draft], draft: Draft) -> None:
    """Merge a draft into the incident it continues, or add it as a new event.

    A draft continues an event of the same family within a few sentences when places are
    compatible and dates do not conflict. A definite trigger without a date of its own
    ("الاجتماع", "the meeting") refers back to an event of its family however far back."""
    for rule in MERGE_RULES:
        if rule(events, draft):
            return
    definite = not draft.date_explicit and draft.definite
    current = draft.sentences[0]
    for event in reversed(events):
        if current - event.sentences[-1] > MERGE_WINDOW and not definite:
            break
        if event.family == draft.family and place_compatible(event.place, draft.place):
            if dates_compatible(event, draft, definite):
                absorb(event, draft)
                return
    events.append(draft)


def split_part(events: list[Draft], draft: Draft) -> bool:
    """ "US jets struck ... late on Thursday." then "the strikes hit a depot in X, killing nine,
    and a position near Y, where six were killed": each part continues the lead, and is kept."""
    if not draft.split:
        return False
    current = draft.sentences[0]
    lead = next(
        (
            e
            for e in reversed(events)
            if e.family == draft.family and not e.split and 0 < current - e.sentences[-1] <= 2
        ),
        None,
    )
    if lead is not None and dates_compatible(lead, draft, False):
        for slug, actor in lead.actors.items():
            draft.actors.setdefault(slug, actor)
        draft.sentences = sorted(set(lead.sentences) | set(draft.sentences))
        if (
            lead.place is None
            or lead.place.meta.get("location_kind") == "country"
            or place_compatible(lead.place, draft.place)
        ):
            lead.superseded = True
    events.append(draft)
    return True


def response(events: list[Draft], draft: Draft) -> bool:
    """An answer to an attack is an event of its own, never merged."""
    if draft.response:
        events.append(draft)
    return draft.response


def aftermath_of_last(events: list[Draft], draft: Draft) -> bool:
    """ "وقال مصدر إن دوريات انتشرت ... وأقامت حواجز", "بعد الانفجار داهمت الميليشيات منازل":
    how the incident just reported was carried out or answered, not an event of its own."""
    if not aftermath(events, draft):
        return False
    events[-1].sentences.extend(s for s in draft.sentences if s not in events[-1].sentences)
    return True


def raid_of_arrest(events: list[Draft], draft: Draft) -> bool:
    """ "during the raid": the arrest already reported."""
    if not (
        draft.family == "violence"
        and draft.definite
        and all(w.startswith(RAID) for w in draft.trigger_words)
        and not draft.date_explicit
    ):
        return False
    arrest = next((e for e in reversed(events) if e.family == "arrest"), None)
    if arrest is not None:
        absorb(arrest, draft)
    return arrest is not None


def attack_of_strike(events: list[Draft], draft: Draft) -> bool:
    """ "ويأتي الاستهداف بعد ...", "the attack came as": the strike just reported."""
    if (
        draft.family == "violence"
        and draft.definite
        and not draft.date_explicit
        and events
        and events[-1].family in EXPLOSION_FAMILIES
        and draft.sentences[0] - events[-1].sentences[-1] <= MERGE_WINDOW
    ):
        absorb(events[-1], draft)
        return True
    return False


def definite_elsewhere(events: list[Draft], draft: Draft) -> bool:
    """ "قبل أن تنفجر بهم الألغام", "the attack took place on the road ...": the incident just
    reported, whatever other place the sentence names (the victims' home town, a road)."""
    last = events[-1] if events else None
    if (
        last is not None
        and not draft.date_explicit
        and draft.definite
        and last.family == draft.family
        and draft.sentences[0] - last.sentences[-1] <= 2
        and not draft.heading_only
        and not last.heading_only
        and last.place is not None
        and not place_compatible(last.place, draft.place)
    ):
        absorb(last, draft, keep_place=not narrows(last.place, draft.place))
        return True
    return False


def captives_of_raid(events: list[Draft], draft: Draft) -> bool:
    """ "... killed the official and another militant. A third man was detained.": the captives
    of the raid just told, not an arrest of its own."""
    last = events[-1] if events else None
    if (
        last is not None
        and draft.family == "arrest"
        and draft.uses("captives_of_raid")
        and not draft.date_explicit
        and last.family == "violence"
        and draft.sentences[0] - last.sentences[-1] <= 1
        and not any(role == "side_a" for _, role in draft.actors.values())
        and place_compatible(last.place, draft.place)
    ):
        fold_into(last, draft)
        return True
    return False


def retelling(events: list[Draft], draft: Draft) -> bool:
    """ "The attackers struck the checkpoint ...", "explosions could be heard during the raid":
    the incident told again in other words; it keeps its type and actors."""
    if not draft.refers_back or draft.date_explicit:
        return False
    told = next(
        (
            e
            for e in reversed(events)
            if e.family in RETOLD_FAMILIES
            and not e.heading_only
            and (draft.place is None or place_compatible(e.place, draft.place))
        ),
        None,
    )
    if told is not None and told.family != draft.family:
        fold_into(told, draft)
        return True
    return False


# The special cases of ``merge``, in the order they are tried.
MERGE_RULES = (
    split_part,
    response,
    aftermath_of_last,
    raid_of_arrest,
    attack_of_strike,
    definite_elsewhere,
    captives_of_raid,
    retelling,
)


def opposed(one: Draft, other: Draft) -> bool:
    """An actor on side A of one and side B of the other: an attack and the answer to it."""
    return any(
        slug in other.actors and other.actors[slug][1] != role and role in {"side_a", "side_b"}
        for slug, (_, role) in one.actors.items()
    )


def fold_into(event: Draft, draft: Draft) -> None:
    """The draft tells ``event`` again: its sentence and any larger figure join the event,
    which keeps its own type, place and actors."""
    event.sentences.extend(s for s in draft.sentences if s not in event.sentences)
    for name in ("killed", "wounded", "captured"):
        value = getattr(draft, name)
        if value is not None and (getattr(event, name) is None or value > getattr(event, name)):
            setattr(event, name, value)
    if draft.place is not None and (
        event.place is None or event.place.meta.get("location_kind") == "country" or narrows(event.place, draft.place)
    ):
        # "an attack in Deir Ezzor province" then "the attackers struck ... Al-Kasrah"
        event.place, event.place_in_text = draft.place, True
    event.heading_only = event.heading_only and draft.heading_only


def aftermath(events: list[Draft], draft: Draft) -> bool:
    """A deployment, checkpoints or house searches without arrests told in the next sentences
    of an attack, an arrest or a protest at the same place and time."""
    if not events or draft.date_explicit:
        return False
    event = events[-1]
    if event.family not in INCIDENT_FAMILIES or event.family == draft.family:
        return False
    if draft.sentences[0] - event.sentences[-1] > 2 or not place_compatible(event.place, draft.place):
        return False
    if draft.family in {"other", "base"}:
        return all(tag in {"deploy", "base"} for tag in draft.tags)
    return draft.family == "arrest" and draft.captured is None and all(w.startswith(RAID) for w in draft.trigger_words)


def narrows(coarse: Entity, place: Entity | None) -> bool:
    """ "fighting in eastern Deir Ezzor province" then "the fighting was centred on the town
    of Diban": a town inside the informal region, district or governorate already given."""
    if place is None:
        return False
    rank = PLACE_RANK.get(coarse.meta.get("location_kind", "town"), 3)
    if rank < 2 or PLACE_RANK.get(place.meta.get("location_kind", "town"), 3) > 1:
        return False
    if coarse.slug in (place.meta.get("ancestors") or ()):
        return True
    return rank == 2 and distance_km(coarse, place) <= REGION_REACH_KM


def dates_compatible(event: Draft, draft: Draft, definite: bool) -> bool:
    if definite and draft.date_source != "explicit":
        return True  # "الاجتماع" refers back whatever date an earlier sentence set
    if event.date_source == "default":
        # An undated event continues into a dated sentence only from a headline or when
        # the date is given in that very sentence ("... اندلعت أمس").
        return draft.date_source == "default" or event.heading_only or draft.date_source == "explicit"
    if draft.date_source == "default" or not (event.date and draft.date):
        return True
    if event.date_source == "explicit" and draft.date_source == "explicit":
        return event.date == draft.date  # "on Friday" and "on Thursday" are two events
    return abs((event.date - draft.date).days) <= 1


def absorb(event: Draft, draft: Draft, keep_place: bool = False) -> None:
    event.sentences.extend(s for s in draft.sentences if s not in event.sentences)
    event.tags.extend(draft.tags)
    event.types.extend(draft.types)
    event.trigger_words.extend(draft.trigger_words)
    # A meeting's parties are named where it is reported; later sentences about it name the
    # factions it discussed ("الاجتماع ... ناقش وضع الميليشيات"): they join only a meeting
    # that has no second party yet (nothing on side B, nor two unrelated parties).
    if event.family != "agreement" or not two_parties(event):
        for slug, (entity, role) in draft.actors.items():
            if slug not in event.actors:
                event.actors[slug] = (entity, role)
    if draft.place is not None and not (keep_place and event.place is not None):
        event.place = draft.place if event.place is None else more_specific(event.place, draft.place)
        event.place_in_text = True
    if event.crossing is None or (event.crossing.get("id") is None and draft.crossing and draft.crossing.get("id")):
        event.crossing = draft.crossing or event.crossing
    for name in ("killed", "wounded", "captured"):
        a, b = getattr(event, name), getattr(draft, name)
        if b is not None and a is not None and draft.estimate:
            setattr(event, name, min(a, b))  # two sources for one toll: the more conservative
        elif b is not None and (a is None or b > a):
            setattr(event, name, b)
    if (draft.date_explicit and not event.date_explicit) or (
        event.date_source == "default" and draft.date_source == "anchor"
    ):
        event.date, event.date_precision = draft.date, draft.date_precision
        event.date_explicit, event.date_source = draft.date_explicit, draft.date_source
    event.heading_only = event.heading_only and draft.heading_only
    event.civilian_victims = event.civilian_victims or draft.civilian_victims


def two_parties(event: Draft) -> bool:
    entities = [e for e, _ in event.actors.values() if e.slug != "civilians"]
    if any(r == "side_b" for _, r in event.actors.values()):
        return True
    return any(not related(a, b) and a.slug != b.slug for a in entities for b in entities)


def attach(events: list[Draft], view, assembler, words) -> None:
    """A sentence without a trigger may still add figures or a crossing to the last event."""
    if not events:
        return
    event = events[-1]
    toll_update = view.pack.patterns.get("toll_update")
    if view.sentence.index - event.sentences[-1] > 2 and not (
        # "By Saturday the toll had risen to 14": the incident's toll, updated, however far back
        toll_update is not None
        and event.family in {"violence", *EXPLOSION_FAMILIES}
        and toll_update.search(view.assembler.text, view.sentence.start, view.sentence.end)
    ):
        return
    if any(d.kind == "trend" for d in view.dates):
        return  # "منذ مطلع العام ... مقتل 187": a running total, not this incident's toll
    figures = casualties(words[view.tok_start : view.tok_end])
    added = False
    if event.family in {"violence", *EXPLOSION_FAMILIES} and any(v is not None for v in figures.values()):
        estimate = other_estimate(words[view.tok_start : view.tok_end])
        for name, value in figures.items():
            if value is None:
                continue
            known = getattr(event, name)
            if estimate and known is not None:
                # "a local network put the death toll at 10" after the monitor's eight: two
                # sources for one toll, and ACLED keeps the more conservative
                setattr(event, name, min(value, known))
            else:
                setattr(event, name, (known or 0) + value if name == "wounded" else max(value, known or 0))
        for m in view.actors:
            if m.entity.slug not in event.actors:
                event.actors[m.entity.slug] = (m.entity, "side_b")
        added = True
    if view.crossings and event.crossing is None:
        event.crossing = view.crossings[0][1]
        added = True
    if added and view.sentence.index not in event.sentences:
        event.sentences.append(view.sentence.index)
