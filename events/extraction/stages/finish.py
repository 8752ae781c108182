"""Stage 7, finish: the events worth reporting, completed.

Headlines alone, superseded leads, history (dated long before publication), incidents recalled
from before the lede's, an incident told twice and deployments that are part of a battle go;
the rest get what the text leaves implicit: the other side of a change of control, a protest's
sides, the striker of an unidentified drone, a place and parties from the sentences around.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from events.extraction.assemble import CONTEXT_WINDOW, Assembler, Draft, SentenceView, place_compatible, related
from events.extraction.cues import BACKGROUND_GAP_DAYS, FORCE_KINDS, GROUP_KINDS, RETOLD_FAMILIES, VIOLENT
from events.extraction.dictionary import LOCATION, Dictionary, Entity
from events.extraction.stages.incidents import fold_into, opposed

HISTORY_DAYS = 92  # an event dated by the text this long before publication is background


def finish(
    dictionary: Dictionary, events: list[Draft], views: list[SentenceView], salience: Counter, published: date | None
) -> list[Draft]:
    """The events to report, completed, in the order they were told."""
    if not names_a_place_in_scope(dictionary, salience):
        return []  # a report from Gaza, Kirkuk or Baghdad: nothing this service codes
    kept = [e for e in events if not e.heading_only and not e.superseded]
    kept = without_history(kept, published)
    kept = without_twins(kept)
    kept = without_battle_deployments(kept)
    dominant = dominant_place(dictionary, salience)
    out = []
    for event in kept:
        complete(dictionary, event, views, dominant)
        if event.place is not None and event.place.meta.get("location_kind") == "country":
            continue  # "strikes in Syria": no place a coder could record; mostly background
        out.append(event)
    return out


# Syria and the strip of its neighbours along its borders that the project's places cover (the
# Iraqi side of the Euphrates valley, Al-Qaim, Husaybah), as a box in degrees.
SCOPE_BOX = (32.3, 35.6, 37.4, 42.5)  # min latitude, min longitude, max latitude, max longitude


def names_a_place_in_scope(dictionary: Dictionary, salience: Counter) -> bool:
    """Whether the report names at least one place of the dictionary inside ``SCOPE_BOX``.

    A report that names none (the West Bank, Kirkuk, an encyclopedia page on another country;
    even a Syrian report names "Syria" or a governorate) has no event here, whatever its trigger
    words: its events would have no place a coder could record. On the real-report development
    split this removed 20 false events and no true one."""
    for slug in salience:
        entity = dictionary.get(slug)
        if entity is None or entity.kind != LOCATION:
            continue
        lat, lon = entity.meta.get("latitude"), entity.meta.get("longitude")
        if lat is None or lon is None:
            continue
        if SCOPE_BOX[0] <= lat <= SCOPE_BOX[2] and SCOPE_BOX[1] <= lon <= SCOPE_BOX[3]:
            return True
    return False


def without_history(kept: list[Draft], published: date | None) -> list[Draft]:
    """Reports recall history ("a sarin attack in Ghouta in August 2013"): an event dated by the
    text itself more than three months before publication is background; so is an English
    report's incident dated well before the one it leads with ("On Dec. 28, gunmen killed ...")."""
    if published is None:
        return kept
    kept = [
        e for e in kept if not (e.date_source == "explicit" and e.date and (published - e.date).days > HISTORY_DAYS)
    ]
    lede = next((e for e in kept if e.date is not None and e.date_source != "default"), None)
    if lede is None:
        return kept
    gap = timedelta(days=BACKGROUND_GAP_DAYS)
    return [
        e
        for e in kept
        if not (
            e.uses("recalled_incidents")
            and lede.family in VIOLENT
            and e.family in VIOLENT
            and e.date_source in {"explicit", "anchor"}
            and e.date is not None
            and e.date < lede.date - gap
            and e.date < published - gap
        )
    ]


def twins(m: Draft, e: Draft) -> bool:
    """One incident told twice in an English report ("a shell hit the market in X on Sunday,
    killing two", then a quoted agency: "two dead as a mortar round struck X's market"): same
    family, same place, same date, no party on both sides."""
    return (
        e.uses("retold_twins")
        and m.uses("retold_twins")
        and m.family == e.family
        and e.family in RETOLD_FAMILIES
        and m.place is not None
        and e.place is not None
        and m.place.slug == e.place.slug
        and m.date == e.date
        and not (m.split or e.split or m.response or e.response)
        and not opposed(m, e)
    )


def without_twins(kept: list[Draft]) -> list[Draft]:
    merged: list[Draft] = []
    for e in kept:
        twin = next((m for m in merged if twins(m, e)), None)
        if twin is None:
            merged.append(e)
        else:
            fold_into(twin, e)
    return merged


def without_battle_deployments(kept: list[Draft]) -> list[Draft]:
    """Deployments that are part of a battle at the same place and date are that battle."""
    battles = [e for e in kept if e.family == "violence"]
    return [
        e
        for e in kept
        if not (
            e.family == "other"
            and set(e.tags) <= {"deploy"}
            and any(
                place_compatible(e.place, b.place)
                and (e.date == b.date or (e.date and b.date and abs((e.date - b.date).days) <= 1))
                for b in battles
            )
        )
    ]


def complete(dictionary: Dictionary, event: Draft, views: list[SentenceView], dominant: Entity | None) -> None:
    """What the text leaves implicit: sides, the place and the parties."""
    if "control" in event.tags and event.family == "violence":
        opponent(event, views)
    if event.family == "protest":
        protest_roles(dictionary, event)
    if event.family == "air" and not any(r == "side_a" for _, r in event.actors.values()):
        unknown = event.actors.get("unidentified-armed-group")
        if unknown is not None and unknown[1] == "side_b":
            # "استهداف طائرة مسيّرة مجهولة الهوية رتلاً لـ...": the unidentified aircraft
            # struck; with no other striker named it is side A, not a target
            event.actors["unidentified-armed-group"] = (unknown[0], "side_a")
    if event.place is None:
        event.place = context_place(views, event.sentences[0]) or dominant
    if not event.actors:
        for view in reversed(views[max(0, event.sentences[0] - 2) : event.sentences[0]]):
            if view.actors:
                event.actors = Assembler.roles_static(view.actors, event.family)
                break
    if (
        event.place is not None
        and event.place.meta.get("location_kind") == "country"
        and event.date_source == "explicit"
    ):
        # "detained three ... in a raid in eastern Syria on Wednesday" then "helicopters landed
        # on the outskirts of Abu Hamam": a dated incident placed by the next sentence
        following = [m for view in views[event.sentences[0] + 1 : event.sentences[0] + 2] for m in view.places]
        towns = [m for m in following if m.entity.meta.get("location_kind") == "town"]
        if towns:
            event.place = towns[0].entity


def protest_roles(dictionary: Dictionary, event: Draft) -> None:
    """A protest's side A is the protesters (with the residents or tribesmen named as
    protesting); an armed force named in it is what they protest against, side B."""
    protesters = dictionary.by_slug.get("protesters")
    if protesters is None:
        return
    actors = {"protesters": (protesters, "side_a")}
    for slug, (entity, _role) in event.actors.items():
        if slug == "protesters":
            continue
        kind = entity.meta.get("actor_kind")
        armed = kind != "tribal_force" and (kind in FORCE_KINDS or kind in GROUP_KINDS)
        actors[slug] = (entity, "side_b" if armed else "side_a")
    event.actors = actors


def opponent(event: Draft, views) -> None:
    """Control taken with only the taker named ("SDF took Al-Sha'fah"): side B is the one
    other armed party the paragraph names ("... ISIS still holds Al-Susah"), when there is
    exactly one; none when the paragraph names several or none."""
    sides_a = [e for e, r in event.actors.values() if r == "side_a"]
    if not sides_a or any(r == "side_b" for _, r in event.actors.values()):
        return
    paragraph = views[event.sentences[0]].sentence.paragraph
    others: dict[str, Entity] = {}
    for view in views:
        if view.sentence.paragraph != paragraph:
            continue
        for m in view.actors:
            entity = m.entity
            kind = entity.meta.get("actor_kind")
            if entity.slug in event.actors or kind in {"civilians", "other", None}:
                continue
            if kind == "foreign_state_force" and not entity.meta.get("parent"):
                continue  # "Iran", "Turkey" named as states: not a party on the ground
            if any(related(entity, a) or entity.slug == a.slug for a in sides_a):
                continue
            others[entity.slug] = entity
    if len(others) == 1:
        entity = next(iter(others.values()))
        event.actors[entity.slug] = (entity, "side_b")


def context_place(views, index: int) -> Entity | None:
    """The place of the nearest preceding sentence that has one (an event's place first)."""
    for previous in range(index - 1, max(-1, index - CONTEXT_WINDOW - 1), -1):
        if views[previous].event_place is not None:
            return views[previous].event_place
        towns = sorted(views[previous].places, key=lambda m: (m.entity.meta.get("location_kind") != "town", m.start))
        if towns:
            return towns[0].entity
    for view in views[index + 1 : index + 2]:
        if view.places:
            return view.places[0].entity
    return None


def dominant_place(dictionary: Dictionary, salience: Counter) -> Entity | None:
    best = None
    for slug, _count in salience.most_common():
        entity = dictionary.get(slug)
        if entity is not None and entity.kind == LOCATION and entity.meta.get("location_kind") != "country":
            best = entity
            break
    return best
