"""Stage 2, mentions: the actors, places and crossings the article names, with what the words
around each name say about it (a region "east of" a town, a province, a capital that speaks, a
dateline, a gloss in brackets, a pronoun-like "the militia"), and how salient each entity is."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from itertools import pairwise

from events.extraction.cues import (
    ACCUSING,
    ANAPHOR,
    ANAPHOR_KINDS,
    CLOSE_GLOSS,
    COUNTRYSIDE,
    DATELINE_PREFIX,
    DATELINE_SUFFIX,
    DEMONSTRATIVE_WORDS,
    DIRECTION_SKIP,
    DIRECTIONS,
    LATTER,
    LOCATIVE,
    OPEN_GLOSS,
    OUTLETS,
    PROVINCE_AFTER,
    PROVINCE_BEFORE,
    REPORTING,
    SPEAKING,
    STATE_PLACE,
    strip_bw,
)
from events.extraction.dictionary import ACTOR, LOCATION, Dictionary, Mention
from events.extraction.document import Document
from events.extraction.generic import GenericActors
from events.extraction.normalize import fold, normalize_text, strip_clitic


class MentionStage:
    """Finds the mentions of one dictionary's entities (built once per dictionary version)."""

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.generic_actors = GenericActors(set(dictionary.by_slug))

    def __call__(self, doc: Document) -> Document:
        """Fill ``mentions`` (in text order) and ``salience`` (mentions per entity, the title's
        counting double)."""
        text, words, starts = doc.ntext, doc.words, doc.starts
        found = dictionary_mentions(
            self.dictionary, self.generic_actors, text, doc.tokens, doc.norm.cased, words, starts
        )
        found = [regionalise(self.dictionary, m, words) if m.entity.kind == LOCATION else m for m in found]
        found = [province(self.dictionary, m, words) if m.entity.kind == LOCATION else m for m in found]
        found = coherent(found, words)
        found = glossed(text, found)
        found = [m for m in found if not (m.entity.kind == LOCATION and speaks(words, m))]
        # "Residents said ...", "locals told ...": civilians as the source of the news, not its victims
        found = [m for m in found if not (m.entity.slug == "civilians" and reports(words, m))]
        found = anaphora(text, found, starts)
        doc.mentions = [m for m in found if not (m.entity.kind == LOCATION and dateline(text, m))]
        doc.salience = Counter(m.entity.slug for m in doc.mentions)
        if doc.title:
            for m in self.dictionary.find(normalize_text(doc.title).text):
                doc.salience[m.entity.slug] += 2
        return doc


def dictionary_mentions(
    dictionary: Dictionary,
    generic_actors: GenericActors,
    text: str,
    tokens,
    cased: str,
    words: list[str],
    starts: list[int],
) -> list[Mention]:
    """Names of the dictionary in the text, with the generic descriptions of armed parties."""
    found = [
        m
        for m in dictionary.find(text, tokens, cased)
        # "a Britain-based monitor", "U.S.-led": a description, not a party
        if not (m.entity.kind == ACTOR and text[m.end : m.end + 7] in {"-based ", " based "})
        and not (m.entity.kind == ACTOR and state_as_place(text, m))
    ]
    generic = []
    for start, end, slug in generic_actors.find(text, words, starts):
        t = bisect_left(starts, start)
        t_end = bisect_left(starts, end)
        generic.append(Mention(dictionary.by_slug[slug], start, end, t, t_end, generic=True))
    if not generic:
        return found
    # Longest wins; a named actor inside a generic description ("قوات النظام السوري")
    # gives way to the description only when the description is longer.
    merged = sorted(found + generic, key=lambda m: (-(m.end - m.start), m.start))
    taken = bytearray(len(starts) + 1)
    kept: list[Mention] = []
    for m in merged:
        if any(taken[m.token : max(m.end_token, m.token + 1)]):
            continue
        taken[m.token : max(m.end_token, m.token + 1)] = b"\x01" * (max(m.end_token, m.token + 1) - m.token)
        kept.append(m)
    kept.sort(key=lambda m: m.start)
    return kept


def state_as_place(text: str, mention: Mention) -> bool:
    """ "attacks on U.S. personnel in Iraq and Syria", "قادماً من العراق": a state named as a
    place, not as a party."""
    meta = mention.entity.meta
    if meta.get("actor_kind") != "foreign_state_force" or meta.get("parent"):
        return False  # only the states themselves (a force of one has the state as parent)
    return bool(STATE_PLACE.search(text, max(0, mention.start - 30), mention.start))


def dateline(text: str, mention: Mention) -> bool:
    window = max(0, mention.start - 40)  # a dateline's prefix is short: no long look back
    line_start = text.rfind("\n", window, mention.start) + 1
    if line_start == 0 and window > 0:
        return False
    return bool(DATELINE_PREFIX.fullmatch(text, line_start, mention.start) and DATELINE_SUFFIX.match(text, mention.end))


def anaphora(text: str, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """ "تلك الميليشيات", "هذه القوات", "the militia", "the group": the actor of that kind
    mentioned last before it (within a few sentences); nothing when none fits."""
    found = []
    # cheap gates first (the scan costs a few percent of an article otherwise)
    latter = latter_mentions(text, mentions, starts)
    if not any(k in text for k in ("هذه ال", "تلك ال", "هاتين ال")) and not any(
        k in text for k in ("militia", "group", "militant", "faction", "forces")
    ):
        return sorted(mentions + latter, key=lambda x: x.start) if latter else mentions
    for m in ANAPHOR.finditer(text):
        noun = m.group("ar") or m.group("en")
        kinds = ANAPHOR_KINDS[fold(noun).lower().removeprefix("ال")]
        start, end = m.span("ar") if m.group("ar") else m.span("en")
        if any(x.start <= start < x.end for x in mentions):
            continue
        after = text[end : end + 2]
        if after[:1].isalpha() or after in {"'s"}:
            continue  # "the group's", "the militia leader": not a reference on its own
        antecedent = last_actor_before(mentions, start, 600, kinds.__contains__)
        if antecedent is not None:
            found.append(reference(antecedent, start, end, starts))
    found.extend(latter)
    if not found:
        return mentions
    return sorted(mentions + found, key=lambda x: x.start)


def latter_mentions(text: str, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """ "لترد الأخيرة بالهجوم", "the latter": the armed party named last before it (within a
    few hundred characters). An adjective ("الاشتباكات الأخيرة", "الآونة الأخيرة") is not a
    reference: the word before it is then a definite noun."""
    if "لاخيره" not in text and "the latter" not in text:
        return []
    out = []
    spans = []
    for key in ("الاخيره", "للاخيره", "the latter"):
        at = text.find(key)
        while at != -1:
            m = (LATTER.match(text, at - 1) if at > 0 else None) or LATTER.match(text, at)
            if m is not None:
                spans.append(m.span())
            at = text.find(key, at + len(key))
    for start, end in sorted(set(spans)):
        if any(x.start <= start < x.end for x in mentions):
            continue
        head = text[max(0, start - 30) : start].rstrip()
        previous = head.split()[-1] if head and start > 0 and text[start - 1] == " " else ""
        if previous and strip_bw(previous).startswith("ال") and previous not in DEMONSTRATIVE_WORDS:
            continue
        antecedent = last_actor_before(mentions, start, 400, _armed_kind)
        if antecedent is not None:
            out.append(reference(antecedent, start, end, starts))
    return out


def _armed_kind(kind: str | None) -> bool:
    return kind not in {None, "civilians", "protesters", "rioters", "other"}


def last_actor_before(mentions: list[Mention], start: int, reach: int, kind_fits) -> Mention | None:
    """The last actor named before ``start`` (ending at most ``reach`` characters before it)
    whose actor kind ``kind_fits``."""
    for x in reversed(mentions):
        if x.start >= start:
            continue
        if start - x.end > reach:
            return None
        if x.entity.kind == ACTOR and kind_fits(x.entity.meta.get("actor_kind")):
            return x
    return None


def reference(antecedent: Mention, start: int, end: int, starts: list[int]) -> Mention:
    """A mention of ``antecedent``'s entity at the referring words ``start``-``end``."""
    t = bisect_left(starts, start)
    return Mention(antecedent.entity, start, end, t, max(t + 1, bisect_left(starts, end)))


def speaks(words: list[str], mention: Mention) -> bool:
    """ "accused Damascus of stirring up trouble", "Damascus denied", "اتهمت دمشق": a capital
    standing for its government, which is accused or speaks; a place does neither."""
    before = words[mention.token - 1] if mention.token > 0 else ""
    after = words[mention.end_token] if mention.end_token < len(words) else ""
    return before in ACCUSING or after in SPEAKING


def reports(words: list[str], mention: Mention) -> bool:
    after = words[mention.end_token] if mention.end_token < len(words) else ""
    return after in REPORTING or after in {"reported", "say"}


def glossed(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "قوى الأمن الداخلي (الأسايش)": a name glossed in brackets by another party's name is
    that party (the gloss is the outlet's own name for it); the first name, ambiguous
    between two forces, is dropped."""
    actors = [m for m in mentions if m.entity.kind == ACTOR]
    dropped = set()
    for first, gloss in pairwise(actors):
        if first.entity.slug == gloss.entity.slug:
            continue
        if OPEN_GLOSS.fullmatch(text[first.end : gloss.start]) and CLOSE_GLOSS.match(text, gloss.end):
            dropped.add(id(first))
    return [m for m in mentions if id(m) not in dropped] if dropped else mentions


def coherent(mentions: list[Mention], words: list[str]) -> list[Mention]:
    """Drop one-off place names far from the article's area that nothing marks as a place.

    Many village names are also common words ("الحراك" is a movement, a village in Daraa).
    A mention is kept when it is in the article's main governorate, is named more than
    once, or follows a locative word ("في", "مدينة", "near", a "ب" clitic...)."""
    places = [m for m in mentions if m.entity.kind == LOCATION]
    if not places:
        return mentions
    admin1 = Counter(m.entity.meta.get("admin1") for m in places if m.entity.meta.get("admin1"))
    if not admin1:
        return mentions
    main = admin1.most_common(1)[0][0]
    kept = []
    previous_place_end = -1
    for m in mentions:
        if m.entity.kind == LOCATION and m.token > 0 and outlet(words[m.token - 1]):
            continue  # «دير الزور 24», «Deir Ezzor 24»: a news outlet, not a place
        if m.entity.kind == LOCATION and m.entity.meta.get("location_kind") in {"town", "neighbourhood", "site"}:
            if m.entity.meta.get("admin1") not in {main, "", None} and not locative(m, words, previous_place_end):
                continue
        if m.entity.kind == LOCATION:
            previous_place_end = m.end_token
        kept.append(m)
    return kept


def outlet(word: str) -> bool:
    for prefix in ("ل", "و", "ب"):
        if word.startswith(prefix) and word[1:] in OUTLETS:
            return True
    return word in OUTLETS


def locative(m: Mention, words: list[str], previous_place_end: int) -> bool:
    first = words[m.token]
    if m.end_token - m.token > 1:  # a name of several words is not a common word
        return True
    if first.startswith(("ب", "وب", "فب", "ل", "ول")) and not m.entity.name_ar.startswith(("ب", "ل")):
        return True
    if first.startswith("و") and previous_place_end == m.token:  # "الميادين والبوكمال"
        return True
    previous = words[m.token - 1] if m.token > 0 else ""
    for prefix in ("وب", "و", "ف", "ب", "ل"):
        if previous.startswith(prefix) and len(previous) > len(prefix) + 2:
            if previous[len(prefix) :] in LOCATIVE:
                return True
    return previous in LOCATIVE


def province(dictionary: Dictionary, mention: Mention, words: list[str]) -> Mention:
    """ "Deir Ezzor province", "محافظة دير الزور" spelled only as the city: the governorate."""
    if mention.entity.meta.get("location_kind") != "town":
        return mention
    after = words[mention.end_token] if mention.end_token < len(words) else ""
    before = words[mention.token - 1] if mention.token > 0 else ""
    if after in PROVINCE_AFTER or before in PROVINCE_BEFORE:
        governorate = dictionary.get(f"{mention.entity.slug}-governorate")
        if governorate is not None:
            return Mention(governorate, mention.start, mention.end, mention.token, mention.end_token)
    return mention


def regionalise(dictionary: Dictionary, mention: Mention, words: list[str]) -> Mention:
    """ "شرقي دير الزور", "ريف دير الزور الشرقي" → the eastern countryside region, if known."""
    entity = mention.entity
    if entity.meta.get("location_kind") not in {"town", "governorate", "district"}:
        return mention
    base = entity.slug.removesuffix("-governorate")
    looked = []
    i = mention.token - 1
    while i >= 0 and len(looked) < 3:
        word = words[i]
        stripped = strip_clitic(word, "وبل")
        looked.append(stripped)
        if stripped not in DIRECTION_SKIP and word not in DIRECTION_SKIP:
            break
        i -= 1
    after = words[mention.end_token : mention.end_token + 1]
    if any(w in PROVINCE_AFTER for w in looked):
        # "the eastern province of Deir Ezzor": the province lies in the east, it is no region
        return Mention(
            dictionary.get(f"{base}-governorate") or entity,
            mention.start,
            mention.end,
            mention.token,
            mention.end_token,
        )
    countryside = any(w in COUNTRYSIDE for w in looked)
    for direction, cues in DIRECTIONS.items():
        if any(w in cues for w in looked) or (countryside and any(w in cues for w in after)):
            region = dictionary.get(f"{direction}-{base}-countryside")
            if region is not None:
                return Mention(region, mention.start, mention.end, mention.token, mention.end_token, generic=True)
    return mention
