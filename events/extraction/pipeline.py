"""The extractor: text in, events (plain dicts in the API's event shape) out."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

from events.extraction.assemble import (
    _PLACE_RANK,
    CONTEXT_WINDOW,
    EXPLOSION_FAMILIES,
    FAMILY,
    GEO_PRECISION,
    MERGE_WINDOW,
    Assembler,
    Draft,
    SentenceView,
    distance_km,
    more_specific,
    place_compatible,
    related,
    resolve_type,
)
from events.extraction.dates import UNKNOWN, WEEK, find_dates, scan_dates
from events.extraction.dictionary import ACTOR, CROSSING, LOCATION, Dictionary, Entity, Mention, tokenize
from events.extraction.generic import GenericActors, find_generic_crossings, generic_crossing
from events.extraction.language import arabic_ratio, detect_language, is_arabic
from events.extraction.normalize import fold, normalize_text, strip_chrome, strip_clitic
from events.extraction.numbers import casualties, number_word, parse_number
from events.extraction.sentences import split_sentences
from events.extraction.triggers import TYPES, Trigger, cancelled, find_triggers

EXTRACTOR_VERSION = "1.7.1"
HISTORY_DAYS = 92

_DIRECTIONS = {
    "eastern": {fold(w) for w in "شرق شرقي الشرق الشرقي بشرق east eastern".split()},
    "western": {fold(w) for w in "غرب غربي الغرب الغربي بغرب west western".split()},
    "northern": {fold(w) for w in "شمال شمالي الشمال الشمالي بشمال north northern".split()},
    "southern": {fold(w) for w in "جنوب جنوبي الجنوب الجنوبي بجنوب south southern".split()},
}
_DIRECTION_SKIP = {
    fold(w) for w in "من مدينة محافظة ريف بريف الريف بالريف الى إلى في of the city province countryside".split()
}
_LOCATIVE = {
    fold(w)
    for w in (
        "في من الى إلى قرب بالقرب مدينة مدينتي بلدة بلدات بلدتي قرية قرى حي ريف بريف محافظة منطقة مناطق "
        "شرق غرب شمال جنوب شرقي غربي شمالي جنوبي مخيم معبر قاعدة حقل دوار طريق جسر سد مطار ساحة شارع "
        "in at near from to into outside "
        "town city village province camp base"
    ).split()
}
_OUTLETS = {fold(w) for w in "موقع شبكة وكالة صحيفة قناة جريدة إذاعة website network agency outlet".split()}
_ANNOUNCE = {fold(w) for w in "اعلن اعلنت أعلن أعلنت أعلنوا announced declared said".split()}
_VICTIMS = {
    fold(w)
    for w in (
        "اشخاص شخصا شخص أشخاص مدنيين مدنيا مدني شبان شابا مواطنين مواطنا أهالي الأهالي نساء أطفال "
        "امرأة امراة طفل طفلة رجل شاب راع مزارع وجيه الشيخ مختار "
        "طفلين أطفال طفلا امرأتين نساء موظف مدرس معلم طبيب "
        "people civilians residents villagers men youths woman child man boy girl farmer shepherd official "
        "officials activist journalist teacher doctor worker workers children women"
    ).split()
}
_COUNTRYSIDE = {fold(w) for w in "ريف بريف الريف بالريف وريف countryside".split()}
# Heavy weapons that make "targeting" a shelling ("ردت قسد باستهداف مواقع ... بالأسلحة الثقيلة").
_HEAVY = {fold(w) for w in "الثقيله بالمدفعيه المدفعيه بالصواريخ بالقذائف بقذائف artillery rockets mortars".split()}
# A clause answering an attack is a new event with the sides swapped ("ردت القوات الأميركية بقصف").
_RESPONSE = {fold(w) for w in "ردت رد ردا وردت ورد ردت responded retaliated retaliation retaliating".split()}
# "the town", "البلدة": the place already named.
_ANAPHORA = {fold(w) for w in "البلده بالبلده المدينه بالمدينه القريه بالقريه town village city".split()}
_QUOTE_MARKS = {'"', "«", "»", "“", "”"}
_REPORTING = {fold(w) for w in "said says told added قال قالت اضاف اضافت وقال وقالت واضاف واضافت".split()}
_RAID = ("raid", "مداهم", "دهم", "داهم")
_PROVINCE_AFTER = {"province", "governorate"}
_AIRCRAFT = {"jets", "warplanes", "aircraft", "planes", "drones", "drone", "helicopters", "helicopter", "warplane"}
_ARTILLERY = {
    fold(w) for w in "مدفعي مدفعيه المدفعيه صاروخي صاروخيه الهاون هاون قذائف صواريخ راجمات المدفعي الصاروخي".split()
}
_PROVINCE_BEFORE = {fold(w) for w in "محافظة بمحافظة لمحافظة ومحافظة governorate province".split()}
_REPORT_DATE_CUES = {"said", "says", "told", "reported", "announced", "added", "rose", "risen", "climbed", "reached"}
_MILITIA_KINDS = {"foreign_backed_militia", "pro_government_militia", "tribal_force"}
_FORCE_KINDS = {"state_force", "kurdish_led_force", "foreign_state_force", "coalition", *_MILITIA_KINDS}
_GROUP_KINDS = {"jihadist_group", "rebel_group", "foreign_backed_militia", "pro_government_militia", "tribal_force"}
_ANAPHOR_KINDS = {
    **{fold(w): _MILITIA_KINDS for w in "ميليشيا ميليشيات مليشيا مليشيات militia militias".split()},
    **{fold(w): _FORCE_KINDS for w in "قوات forces".split()},
    **{fold(w): _GROUP_KINDS for w in "جماعه فصائل فصيل group militants faction".split()},
}
_ANAPHOR = re.compile(
    r"(?<!\w)[وفب]?(?:ل)?(?:هذه|تلك|هاتين) (?P<ar>ال(?:ميليشيا|ميليشيات|مليشيا|مليشيات|قوات|جماعه|فصائل|فصيل))(?!\w)"
    r"|(?<![\w-])(?:the|this|these|that|those) (?P<en>militia|militias|group|militants|faction|forces)(?![\w-])"
)
_AWAY = {fold(w) for w in "بعيدا بعيد away".split()}
_TOWN_BEFORE = {fold(w) for w in "في in at near of قرب بمدينة مدينة بلدة ببلدة".split()}
_LATTER = re.compile(r"(?<!\w)[وفب]?(?:الاخيره|للاخيره)(?!\w)|(?<![\w-])the latter(?![\w-])")
_DEMONSTRATIVE_WORDS = {"هذه", "وهذه", "تلك", "وتلك"}
_CAUSE = re.compile(r"(?<!\w)(?:[وف]?(?:ردا|رد) علي|in (?:retaliation|response) (?:for|to))(?!\w)")
_DATELINE = re.compile(r"[ ,]*(?:\([^()\n]{2,30}\))?\s*[-–—]+\s")
# Words before a state's name that make it a place ("in Iraq", "قادماً من العراق", "داخل الأراضي").
_STATE_PLACE = re.compile(
    r"(?<![\w-])(?:in|into|inside|across|(?:coming|crossing|entering|arriving|returning) from)"
    r"(?: (?:neighbouring|neighboring|western|eastern|northern|southern))? $"
    r"|(?<!\w)(?:[وف]?(?:قادم(?:ا|ه|ين)?|قادمه|عائد(?:ا|ه|ين)?) من|[وب]?داخل|[وف]?(?:الي|في)) (?:الاراضي )?$"
)
# A wire dateline naming where the report was filed ("DAMASCUS, Syria (AP) —", "Beirut (AFP) -",
# "WASHINGTON/BEIRUT (Reuters) -", "QAMISHLI, Syria (North Press) –"): not where the event was.
_DATELINE_PREFIX = re.compile(r"\s*(?:[^\W\d]['.\w -]{1,25}/)?")
_DATELINE_SUFFIX = re.compile(r"(?:,[^\n,()–—-]{2,30})?\s*\([^()\n]{2,30}\)\s*[-–—]")
_AFTER_CONNECTORS = {fold(w) for w in "عقب اثر إثر بعد after following".split()}
_MACHINE_GUN = re.compile(r"رشاش|machine")
_ESTIMATE_VERBS = {fold(w) for w in "put puts estimated estimates قدرت قدر تقدر يقدر وقدرت".split()}
_ACCUSING = {
    fold(w)
    for w in "accused accusing accuses blamed blaming blames urged urging اتهمت اتهم واتهمت واتهم حملت وحملت".split()
}
_SPEAKING = {"said", "says", "denied", "denies", "accused", "accuses", "announced", "warned", "claimed", "insists"}
_OPEN_GLOSS = re.compile(r"\s*\(\s*")
_CLOSE_GLOSS = re.compile(r"\s*\)")
_EARLIER = {fold(w) for w in "earlier previously initially initial first سابقا السابقه سابقه اوليه".split()}
_TOLL_NOUNS = {fold(w) for w in "toll number figure الحصيله حصيله عدد".split()}
_INCIDENT_FAMILIES = {"violence", "arrest", "protest", "abduct", *EXPLOSION_FAMILIES}
_RETOLD_FAMILIES = {"violence", "arrest", "abduct", *EXPLOSION_FAMILIES}
_VIOLENT = {"violence", *EXPLOSION_FAMILIES}
_REGION_REACH_KM = 60.0  # an informal region ("ريف دير الزور الشرقي") is a point with about this reach
# English sentences that tell history rather than the news: "clashes last year", "similar
# protests", "raids of this kind", "the latest in a series", "came two weeks after"
_YEARS_AFTER = r"(?<![\w-])[\w-]+ (?:years|decades) (?:after|since)(?![\w-])"
_BACKGROUND_EN = re.compile(
    r"(?<![\w-])(?:last year|earlier this year|(?:a|the) series of|latest in a series|similar"
    r"|of (?:this|its) kind|once before|(?:has|have) long|(?:came|comes|come) (?:[\w-]+ ){0,3}after)(?![\w-])"
    r"|" + _YEARS_AFTER
)
# "Five years after the group lost its last village": history even where no incident came before
_YEARS_AFTER_EN = re.compile(_YEARS_AFTER)
_TOLL_UPDATE_EN = re.compile(
    r"(?<![\w-])toll(?: [\w-]+){0,4} (?:rose|risen|rises|climbed|increased|reached|jumped)(?![\w-])"
)
# A definite noun for an incident already told ("the attack", "the raid", "the attackers"); a
# sentence that names one retells it, unless it says the incident is another one.
_REFERENCE_EN = re.compile(
    r"(?<![\w-])the (?:attacks?|attackers|strikes?|ambush|raid|blast|explosion|bombing|operation|shooting"
    r"|killing|assault|clash|clashes|drone|gunmen|militants|incident)(?![\w-])"
)
_SEPARATE_EN = re.compile(
    r"(?<![\w-])(?:separate|separately|another|second wave|elsewhere|in (?:retaliation|response)"
    r"|(?:came|comes|come) (?:[\w-]+ ){0,3}after)(?![\w-])"
)
# "A second wave hit a logistics site", "وطالت موجة ثانية": the next bout of the strikes just told
_NEXT_WAVE = re.compile(
    r"(?<![\w-])(?:(?:second|third|fourth|new|fresh|further|another) waves?|موج(?:ه|ات) (?:ثانيه|ثالثه|جديده|اخري))"
    r"(?![\w-])"
)
_DAYS_AFTER_EN = re.compile(r"(?<![\w-])(a|one|the|two|three|four|five|six) days? after(?![\w-])")
BACKGROUND_GAP_DAYS = 10  # a dated incident this long before the lede's, and before publication, is recalled
_SHELLS = {fold(w) for w in "قذائف قذيفه صواريخ صاروخ rockets missiles mortars shells mortar".split()}


def _strip_clitic(word: str) -> str:
    return strip_clitic(word, "بو")


@dataclass
class ExtractionOutput:
    language: str
    version: str
    events: list[dict] = field(default_factory=list)


class Extractor:
    """Extracts events with one dictionary version. Thread-compatible: ``extract`` keeps no state."""

    version = EXTRACTOR_VERSION

    def __init__(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.known_slugs = set(dictionary.by_slug)
        self.generic_actors = GenericActors(self.known_slugs)
        self.crossings_by_location: dict[str, Entity] = {}
        for entity in dictionary.entities:
            if entity.kind == CROSSING and entity.meta.get("location"):
                self.crossings_by_location.setdefault(entity.meta["location"], entity)

    # --- mentions ----------------------------------------------------------------------------
    def _mentions(self, text: str, tokens, cased: str, words: list[str], starts: list[int]) -> list[Mention]:
        found = [
            m
            for m in self.dictionary.find(text, tokens, cased)
            # "a Britain-based monitor", "U.S.-led": a description, not a party
            if not (m.entity.kind == ACTOR and text[m.end : m.end + 7] in {"-based ", " based "})
            and not (m.entity.kind == ACTOR and self._state_as_place(text, m))
        ]
        generic = []
        for start, end, slug in self.generic_actors.find(text, words, starts):
            t = bisect_left(starts, start)
            t_end = bisect_left(starts, end)
            generic.append(Mention(self.dictionary.by_slug[slug], start, end, t, t_end, generic=True))
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

    @staticmethod
    def _state_as_place(text: str, mention: Mention) -> bool:
        """ "attacks on U.S. personnel in Iraq and Syria", "قادماً من العراق": a state named as a
        place, not as a party."""
        meta = mention.entity.meta
        if meta.get("actor_kind") != "foreign_state_force" or meta.get("parent"):
            return False  # only the states themselves (a force of one has the state as parent)
        return bool(_STATE_PLACE.search(text, max(0, mention.start - 30), mention.start))

    @staticmethod
    def _dateline(text: str, mention: Mention) -> bool:
        window = max(0, mention.start - 40)  # a dateline's prefix is short: no long look back
        line_start = text.rfind("\n", window, mention.start) + 1
        if line_start == 0 and window > 0:
            return False
        return bool(
            _DATELINE_PREFIX.fullmatch(text, line_start, mention.start) and _DATELINE_SUFFIX.match(text, mention.end)
        )

    @staticmethod
    def _anaphora(text: str, mentions: list[Mention], starts: list[int]) -> list[Mention]:
        """ "تلك الميليشيات", "هذه القوات", "the militia", "the group": the actor of that kind
        mentioned last before it (within a few sentences); nothing when none fits."""
        found = []
        # cheap gates first (the scan costs a few percent of an article otherwise)
        latter = Extractor._latter(text, mentions, starts)
        if not any(k in text for k in ("هذه ال", "تلك ال", "هاتين ال")) and not any(
            k in text for k in ("militia", "group", "militant", "faction", "forces")
        ):
            return sorted(mentions + latter, key=lambda x: x.start) if latter else mentions
        for m in _ANAPHOR.finditer(text):
            noun = m.group("ar") or m.group("en")
            kinds = _ANAPHOR_KINDS[fold(noun).lower().removeprefix("ال")]
            start, end = m.span("ar") if m.group("ar") else m.span("en")
            if any(x.start <= start < x.end for x in mentions):
                continue
            after = text[end : end + 2]
            if after[:1].isalpha() or after in {"'s"}:
                continue  # "the group's", "the militia leader": not a reference on its own
            antecedent = None
            for x in reversed(mentions):
                if x.start >= start:
                    continue
                if start - x.end > 600:
                    break
                if x.entity.kind == ACTOR and x.entity.meta.get("actor_kind") in kinds:
                    antecedent = x
                    break
            if antecedent is not None:
                t = bisect_left(starts, start)
                found.append(Mention(antecedent.entity, start, end, t, max(t + 1, bisect_left(starts, end))))
        found.extend(latter)
        if not found:
            return mentions
        return sorted(mentions + found, key=lambda x: x.start)

    @staticmethod
    def _latter(text: str, mentions: list[Mention], starts: list[int]) -> list[Mention]:
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
                m = (_LATTER.match(text, at - 1) if at > 0 else None) or _LATTER.match(text, at)
                if m is not None:
                    spans.append(m.span())
                at = text.find(key, at + len(key))
        for start, end in sorted(set(spans)):
            if any(x.start <= start < x.end for x in mentions):
                continue
            head = text[max(0, start - 30) : start].rstrip()
            previous = head.split()[-1] if head and start > 0 and text[start - 1] == " " else ""
            if previous and _strip_clitic(previous).startswith("ال") and previous not in _DEMONSTRATIVE_WORDS:
                continue
            antecedent = None
            for x in reversed(mentions):
                if x.start >= start:
                    continue
                if start - x.end > 400:
                    break
                kind = x.entity.meta.get("actor_kind")
                if x.entity.kind == ACTOR and kind not in {None, "civilians", "protesters", "rioters", "other"}:
                    antecedent = x
                    break
            if antecedent is not None:
                t = bisect_left(starts, start)
                out.append(Mention(antecedent.entity, start, end, t, max(t + 1, bisect_left(starts, end))))
        return out

    @staticmethod
    def _speaks(words: list[str], mention: Mention) -> bool:
        """ "accused Damascus of stirring up trouble", "Damascus denied", "اتهمت دمشق": a capital
        standing for its government, which is accused or speaks; a place does neither."""
        before = words[mention.token - 1] if mention.token > 0 else ""
        after = words[mention.end_token] if mention.end_token < len(words) else ""
        return before in _ACCUSING or after in _SPEAKING

    @staticmethod
    def _reports(words: list[str], mention: Mention) -> bool:
        after = words[mention.end_token] if mention.end_token < len(words) else ""
        return after in _REPORTING or after in {"reported", "say"}

    @staticmethod
    def _glossed(text: str, mentions: list[Mention]) -> list[Mention]:
        """ "قوى الأمن الداخلي (الأسايش)": a name glossed in brackets by another party's name is
        that party (the gloss is the outlet's own name for it); the first name, ambiguous
        between two forces, is dropped."""
        actors = [m for m in mentions if m.entity.kind == ACTOR]
        dropped = set()
        for first, gloss in pairwise(actors):
            if first.entity.slug == gloss.entity.slug:
                continue
            if _OPEN_GLOSS.fullmatch(text[first.end : gloss.start]) and _CLOSE_GLOSS.match(text, gloss.end):
                dropped.add(id(first))
        return [m for m in mentions if id(m) not in dropped] if dropped else mentions

    def _coherent(self, mentions: list[Mention], words: list[str]) -> list[Mention]:
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
            if m.entity.kind == LOCATION and m.token > 0 and self._outlet(words[m.token - 1]):
                continue  # «دير الزور 24», «Deir Ezzor 24»: a news outlet, not a place
            if m.entity.kind == LOCATION and m.entity.meta.get("location_kind") in {"town", "neighbourhood", "site"}:
                if m.entity.meta.get("admin1") not in {main, "", None} and not self._locative(
                    m, words, previous_place_end
                ):
                    continue
            if m.entity.kind == LOCATION:
                previous_place_end = m.end_token
            kept.append(m)
        return kept

    @staticmethod
    def _outlet(word: str) -> bool:
        for prefix in ("ل", "و", "ب"):
            if word.startswith(prefix) and word[1:] in _OUTLETS:
                return True
        return word in _OUTLETS

    @staticmethod
    def _locative(m: Mention, words: list[str], previous_place_end: int) -> bool:
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
                if previous[len(prefix) :] in _LOCATIVE:
                    return True
        return previous in _LOCATIVE

    def _province(self, mention: Mention, words: list[str]) -> Mention:
        """ "Deir Ezzor province", "محافظة دير الزور" spelled only as the city: the governorate."""
        if mention.entity.meta.get("location_kind") != "town":
            return mention
        after = words[mention.end_token] if mention.end_token < len(words) else ""
        before = words[mention.token - 1] if mention.token > 0 else ""
        if after in _PROVINCE_AFTER or before in _PROVINCE_BEFORE:
            governorate = self.dictionary.get(f"{mention.entity.slug}-governorate")
            if governorate is not None:
                return Mention(governorate, mention.start, mention.end, mention.token, mention.end_token)
        return mention

    def _regionalise(self, mention: Mention, words: list[str]) -> Mention:
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
            if stripped not in _DIRECTION_SKIP and word not in _DIRECTION_SKIP:
                break
            i -= 1
        after = words[mention.end_token : mention.end_token + 1]
        if any(w in _PROVINCE_AFTER for w in looked):
            # "the eastern province of Deir Ezzor": the province lies in the east, it is no region
            return Mention(
                self.dictionary.get(f"{base}-governorate") or entity,
                mention.start,
                mention.end,
                mention.token,
                mention.end_token,
            )
        countryside = any(w in _COUNTRYSIDE for w in looked)
        for direction, cues in _DIRECTIONS.items():
            if any(w in cues for w in looked) or (countryside and any(w in cues for w in after)):
                region = self.dictionary.get(f"{direction}-{base}-countryside")
                if region is not None:
                    return Mention(region, mention.start, mention.end, mention.token, mention.end_token, generic=True)
        return mention

    # --- extraction --------------------------------------------------------------------------
    def extract(
        self, text: str, published: date | None = None, language: str | None = None, title: str = ""
    ) -> ExtractionOutput:
        text = text or ""
        # One script for the whole text unless it really mixes: then each sentence decides.
        ratio = arabic_ratio(text[:20000])
        if language not in {"ar", "en"}:
            language = detect_language(text or title, ratio=ratio if text else None)
        script = True if ratio >= 0.97 else (False if ratio <= 0.03 else None)
        norm = strip_chrome(normalize_text(text))
        ntext = norm.text
        tokens = tokenize(ntext)
        words = [ntext[s:e] for s, e in tokens.spans]
        starts = [s for s, _ in tokens.spans]
        mentions = self._mentions(ntext, tokens, norm.cased, words, starts)
        mentions = [self._regionalise(m, words) if m.entity.kind == LOCATION else m for m in mentions]
        mentions = [self._province(m, words) if m.entity.kind == LOCATION else m for m in mentions]
        mentions = self._coherent(mentions, words)
        mentions = self._glossed(ntext, mentions)
        mentions = [m for m in mentions if not (m.entity.kind == LOCATION and self._speaks(words, m))]
        # "Residents said ...", "locals told ...": civilians as the source of the news, not its victims
        mentions = [m for m in mentions if not (m.entity.slug == "civilians" and self._reports(words, m))]
        mentions = self._anaphora(ntext, mentions, starts)
        mentions = [m for m in mentions if not (m.entity.kind == LOCATION and self._dateline(ntext, m))]
        generic_crossings = find_generic_crossings(ntext)
        sentences = split_sentences(ntext)
        # One trigger scan of the whole article per script it uses (each scan skips the other
        # script's letters fast); each sentence then takes the triggers of its own script.
        scans: dict[bool, tuple[list, list[int]]] = {}
        for arabic_script in (True, False) if script is None else (script,):
            found = find_triggers(ntext, english=not arabic_script)
            scans[arabic_script] = (found, [t.start for t in found])

        salience = Counter(m.entity.slug for m in mentions)
        if title:
            for m in self.dictionary.find(normalize_text(title).text):
                salience[m.entity.slug] += 2
        assembler = Assembler(text=ntext, words=words, token_starts=starts, salience=salience)

        # Paragraph sizes, for headings.
        per_paragraph = Counter(s.paragraph for s in sentences)
        arabic_text = ratio >= 0.5
        # A short line of several parts without a full stop ("U.S. strikes ... border; rockets hit
        # U.S. base in Syria") is a headline too.
        paragraph_span: dict[int, list[int]] = {}
        for s in sentences:
            span = paragraph_span.setdefault(s.paragraph, [s.start, s.end])
            span[1] = s.end
        headline_paragraphs = {
            p
            for p, (p_start, p_end) in paragraph_span.items()
            if bisect_left(starts, p_end) - bisect_left(starts, p_start) <= (20 if per_paragraph[p] > 1 else 16)
            and ntext[p_start : p_end + 2].split("\n")[0].rstrip()[-1:] not in {".", "!", "?", "؟", ":", '"', "»", "”"}
            and (per_paragraph[p] > 1 or not arabic_text)
        }
        views: list[SentenceView] = []
        m_index = 0
        for sentence in sentences:
            while m_index < len(mentions) and mentions[m_index].start < sentence.start:
                m_index += 1
            in_sentence = []
            j = m_index
            while j < len(mentions) and mentions[j].start < sentence.end:
                in_sentence.append(mentions[j])
                j += 1
            tok_start = bisect_left(starts, sentence.start)
            tok_end = bisect_left(starts, sentence.end)
            line_end = ntext[sentence.end : sentence.end + 1]
            heading = (
                (
                    per_paragraph[sentence.paragraph] == 1
                    and line_end in {"", "\n", " "}
                    and (
                        tok_end - tok_start <= 12
                        # a longer title line at the top without a full stop
                        or (
                            sentence.paragraph <= 2
                            and tok_end - tok_start <= 18
                            and ntext[sentence.start : sentence.end + 2].split("\n")[0].rstrip()[-1:]
                            not in {".", "!", "?", "؟", ":", "،", ","}
                        )
                    )
                )
                or sentence.paragraph in headline_paragraphs
            )
            arabic = script if script is not None else is_arabic(ntext[sentence.start : sentence.end])
            actors = [m for m in in_sentence if m.entity.kind == ACTOR]  # filtered lazily by the view
            places = [m for m in in_sentence if m.entity.kind == LOCATION]
            crossings = []
            for m in in_sentence:
                if m.entity.kind == CROSSING:
                    crossing = {**m.entity.public(), "kind": m.entity.meta.get("crossing_kind", "river")}
                    crossings.append((m.token, crossing, m.entity))
                    location = self.dictionary.get(m.entity.meta.get("location") or "")
                    if location is not None:
                        places.append(Mention(location, m.start, m.end, m.token, m.end_token))
            for start, end, kind in generic_crossings:
                if sentence.start <= start < sentence.end and not any(
                    k.start <= start < k.end for k in in_sentence if k.entity.kind == CROSSING
                ):
                    at = bisect_left(starts, start)
                    if any(
                        w in _AWAY or _strip_clitic(w) in _AWAY
                        for w in words[max(bisect_left(starts, sentence.start), at - 2) : at]
                    ):
                        continue  # "بعيداً عن المعبر الرسمي", "away from the crossing": not at it
                    crossings.append((at, generic_crossing(kind, ntext[start:end]), None))
            article_triggers, trigger_starts = scans[arabic]
            lo = bisect_left(trigger_starts, sentence.start)
            hi = bisect_left(trigger_starts, sentence.end)
            triggers = article_triggers[lo:hi]
            if (triggers and triggers[-1].end > sentence.end) or (
                lo > 0 and article_triggers[lo - 1].end > sentence.start
            ):
                # a match ran across a sentence end: scan this sentence alone
                triggers = find_triggers(ntext, sentence.start, sentence.end, english=not arabic)
            views.append(
                SentenceView(
                    sentence, tok_start, tok_end, heading, arabic, actors, places, crossings, [], triggers, assembler
                )
            )

        events: list[Draft] = []
        date_matches = scan_dates(ntext)
        anchor = None
        anchor_precision = UNKNOWN
        for view in views:
            sentence = view.sentence
            matches = [x for x in date_matches if sentence.start <= x[1].start() < sentence.end]
            view.dates = find_dates(
                ntext[sentence.start : sentence.end], published, anchor, matches=matches, offset=sentence.start
            )
            dated = [
                d
                for d in view.dates
                if d.kind != "trend"
                and d.date is not None
                # "BEIRUT, March 24 (Reuters) -": the dateline gives the report's date, not the event's
                and not _DATELINE.match(ntext, sentence.start + d.end)
            ]
            trend = any(d.kind == "trend" for d in view.dates) and not dated
            last_place = next((e.place for e in reversed(events) if e.place is not None), None)
            drafts = self._sentence_drafts(view, assembler, words, starts, trend, last_place)
            sentence_date = dated[0] if dated else None
            if (
                drafts
                and not view.arabic
                and (events or (not dated and _YEARS_AFTER_EN.search(ntext, sentence.start, sentence.end)))
                and self._background(ntext, sentence, dated, published)
            ):
                continue  # "clashes last year ... killed dozens": history, and not this incident's toll
            for draft, _ in drafts:
                draft.english = not view.arabic
                draft.refers_back = draft.english and self._refers_back(ntext, sentence)
            if drafts and events:
                self._next_wave(events[-1], drafts, ntext, sentence)
            if drafts and not dated and events and self._restates(view, words):
                # '"An IS leader was killed and two detained," said the monitor': the incident
                # just reported, quoted; its figures and actors join it
                if view.sentence.index - events[-1].sentences[-1] <= 2:
                    for draft, _ in drafts:
                        self._absorb(events[-1], draft)
                    drafts = []
            latest = max(events, key=lambda e: e.sentences[-1]) if drafts and events and not dated else None
            if (
                latest is not None
                and latest.family in {"violence", *EXPLOSION_FAMILIES}
                and view.sentence.index - latest.sentences[-1] <= 2
                and all(set(d.tags) <= {"kill"} and d.place is None for d, _ in drafts)
                and all(slug == "civilians" or r == "side_b" for d, _ in drafts for slug, (_, r) in d.actors.items())
            ):
                # "Three people were killed, according to local sources", "قُتل فيها ثلاثة": the
                # toll of the incident just reported, not a killing of its own
                for draft, _ in drafts:
                    self._absorb(latest, draft, keep_place=True)
                drafts = []
            for draft, trigger_pos in drafts:
                if sentence_date is not None:
                    near = min(dated, key=lambda d: abs(sentence.start + d.start - trigger_pos))
                    draft.date, draft.date_precision, draft.date_explicit = near.date, near.precision, True
                    draft.date_source = "explicit"
                    if not view.arabic and self._report_date(words, starts, sentence.start + near.start):
                        # "the toll rose to nine on Saturday", "a monitor said on Friday": when the
                        # news was given, which may follow the incident by a day
                        draft.date_explicit, draft.date_source = False, "anchor"
                    shift = self._days_before(ntext, sentence.start, trigger_pos) if not view.arabic else 0
                    if shift and draft.date is not None:
                        # "protested on Sunday a day after a young man was killed": the day before
                        draft.date = draft.date - timedelta(days=shift)
                elif anchor is not None:
                    draft.date, draft.date_precision, draft.date_source = anchor, anchor_precision, "anchor"
                elif published is not None:
                    draft.date, draft.date_precision = published, WEEK
                self._merge(events, draft)
            if not drafts:
                self._attach(events, view, assembler, words)
            cause = _CAUSE.search(ntext, sentence.start, sentence.end) if dated else None
            if cause is not None:
                # "جاءت الضربات رداً على هجوم ... في الخامس عشر": the date of what was answered does
                # not anchor what follows ("وبعد ساعات")
                dated = [d for d in dated if sentence.start + d.start < cause.start()]
            if dated:
                anchor, anchor_precision = dated[-1].date, dated[-1].precision
        return ExtractionOutput(language, EXTRACTOR_VERSION, self._finish(events, views, norm, salience, published))

    @staticmethod
    def _next_wave(previous: Draft, drafts: list, ntext: str, sentence) -> None:
        """ "The strikes hit Al-Bukamal ... A second wave hit a site near Al-Mayadin, killing four":
        a wave with an ordinal, told with no weapon of its own, is another bout of the strikes or
        shelling just reported, not a clash."""
        if previous.family not in EXPLOSION_FAMILIES or sentence.index - previous.sentences[-1] > 2:
            return
        if not _NEXT_WAVE.search(ntext, sentence.start, sentence.end):
            return
        for draft, _ in drafts:
            if draft.family == "violence" and set(draft.tags) <= {"kill", "attack", "target"}:
                draft.family, draft.tags, draft.types = previous.family, list(previous.tags), list(previous.types)

    def _sentence_drafts(
        self, view, assembler: Assembler, words, starts, trend: bool, last_place: Entity | None = None
    ) -> list[tuple[Draft, int]]:
        sentence = view.sentence
        kept = []
        named = [(m.start, m.end) for m in view.places]
        actor_names = [(m.start, m.end) for m in view.raw_actors]
        deferred: list[Trigger] = []
        for trigger in view.triggers:
            if any(s <= trigger.start and trigger.end <= e for s, e in named):
                continue  # part of a name ("الفيلق الخامس-اقتحام")
            if FAMILY[trigger.type.tag] not in {"air", "shell"} and any(
                s <= trigger.start and trigger.end <= e for s, e in actor_names
            ):
                continue  # "Israeli strikes", "طائرة مسيرة" name the striker and report the strike
            clause = sentence.clauses[assembler._clause_of(view, trigger.start)]
            t = bisect_left(starts, trigger.start)
            t_end = bisect_left(starts, trigger.end)
            c_start = bisect_left(starts, clause.start)
            c_end = bisect_left(starts, clause.end)
            before = [words[i] for i in range(t - 1, c_start - 1, -1)]
            sentence_before = [words[i] for i in range(t - 1, view.tok_start - 1, -1)]
            after = words[t_end:c_end]
            if cancelled(before, after, sentence_before=sentence_before, tag=trigger.type.tag) is not None:
                continue
            if trigger.type.tag == "control" and not self._control_stands(view, trigger, t_end, sentence_before):
                continue
            if (
                trigger.definite
                and trigger.type.tag in {"clash", "attack"}
                and any(_strip_clitic(w) in _AFTER_CONNECTORS for w in words[t_end : min(t_end + 3, view.tok_end)])
            ):
                # "بدأت المواجهات عقب اعتقال ...", "the fighting erupted after ...": the cause is the
                # news when it is an event of its own; else the sentence goes on about the fighting
                deferred.append(trigger)
                continue
            if trigger.type.tag == "withdraw" and self._retreat(words[t_end : min(t_end + 5, view.tok_end)]):
                continue  # "انسحب عناصر التنظيم باتجاه عمق البادية": a retreat, no territory handed over
            if self._cause(sentence_before):
                deferred.append(trigger)  # "in retaliation for drone attacks", "رداً على هجوم": the cause
                continue
            if trigger.type.tag == "meeting" and any(_strip_clitic(w) in {"الي", "to"} for w in before[:2]):
                continue  # "استدعاؤه إلى اجتماع", "invited to a meeting": the pretext, not a meeting held
            kept.append(trigger)
        if deferred and not kept:
            kept = deferred
        if any(t.type.tag == "control" for t in kept):
            # "سيطروا على البصيرة بعد انسحاب قسد منها": the withdrawal is how control changed
            kept = [t for t in kept if t.type.tag != "withdraw"]
        if not kept:
            kept = self._implicit_clash(view, words)
        if not kept or trend:
            return []

        def heavy(t: Trigger) -> bool:
            i = bisect_left(starts, t.end)
            if t.type.tag == "attack":  # "لهجوم بعدة قذائف صاروخية": an attack with shells
                return any(_strip_clitic(w) in _SHELLS for w in words[i : min(i + 3, view.tok_end)])
            # "بالرشاشات الثقيلة", "heavy machine guns": gunfire, a clash, not a shelling
            return any(
                (w in _HEAVY or w[1:] in _HEAVY) and not (j > 0 and _MACHINE_GUN.search(words[j - 1]))
                for j, w in enumerate(words[i : min(i + 10, view.tok_end)], start=i)
            )

        # "US jets targeted the district", "attacks by drones": an air strike
        kept = [
            Trigger(TYPES["air"], t.start, t.end, t.text, t.definite)
            if t.type.tag in {"target", "attack"}
            and not t.text.startswith((*_RAID, "storm", "ambush", "اقتحام", "كمين"))
            and self._by_aircraft(t, words, starts, view)
            else t
            for t in kept
        ]
        # "استهداف مواقع ... بالأسلحة الثقيلة", "targeted ... with artillery": a shelling
        kept = [
            Trigger(TYPES["shell"], t.start, t.end, t.text, t.definite)
            if t.type.tag in {"target", "attack"} and heavy(t)
            else t
            for t in kept
        ]
        if any(t.type.tag == "arrest" for t in kept):
            if not any(t.type.tag == "kill" for t in kept):
                # "a raid captures a cell leader", "حملة دهم واعتقال": the raid is the arrest
                kept = [t for t in kept if not (t.type.tag == "attack" and t.text.startswith(_RAID))]
            if any(FAMILY[t.type.tag] == "violence" and t.type.strength == 2 for t in kept):
                # "killed a commander and captured two": the captives are the battle's
                kept = [t for t in kept if t.type.tag != "arrest"]
        families = {FAMILY[t.type.tag] for t in kept}
        strong_violence = any(FAMILY[t.type.tag] == "violence" and t.type.strength == 2 for t in kept)
        explosion = families & EXPLOSION_FAMILIES
        filtered = []
        for t in kept:
            tag = t.type.tag
            if tag == "kill" and (explosion or strong_violence):
                continue
            if tag in {"attack", "target"} and explosion:
                continue
            if tag == "shell" and "air" in families and self._bare_bombing(t, words, starts):
                continue  # "قصفت طائرات حربية روسية": the bombing is the air strike
            if tag == "deploy" and ("violence" in families or explosion):
                continue
            if tag == "seize" and len(families) > 1:
                continue
            filtered.append(t)
        response_at = next((starts[i] for i in range(view.tok_start, view.tok_end) if words[i] in _RESPONSE), None)
        groups: dict[tuple[str, bool], list] = {}
        for t in filtered:
            groups.setdefault((FAMILY[t.type.tag], response_at is not None and t.start > response_at), []).append(t)
        heads = sorted(((ts[0].start, fam, ts, part) for (fam, part), ts in groups.items()), key=lambda x: x[0])
        out = []
        for index, (position, family, triggers, response) in enumerate(heads):
            scope_start = sentence.start if index == 0 else self._scope_start(view, assembler, heads, index)
            scope_end = self._scope_start(view, assembler, heads, index + 1) if index + 1 < len(heads) else sentence.end
            if scope_end <= scope_start:
                scope_end = sentence.end
            draft = Draft(
                family=family,
                tags=[t.type.tag for t in triggers],
                types=[t.type for t in triggers],
                sentences=[sentence.index],
                heading_only=view.heading,
                trigger_words=[t.text for t in triggers],
                definite=triggers[0].definite,
                # an answer with a strike or an attack of its own ("ردت ... بقصف"), not a
                # reference back ("ردت على مصادر النيران ... في الهجوم") or an arrest after it
                response=response
                and (family == "violence" or family in EXPLOSION_FAMILIES)
                and any(not t.definite for t in triggers),
            )
            scoped = [m for m in view.actors if scope_start <= m.start < scope_end] or (
                view.actors if len(heads) == 1 else []
            )
            if index > 0 and not any(m.start < position for m in scoped):
                # Coordinated verbs share the subject: "The SDF ... raided X and arrested Y".
                subject = [m for m in view.actors if m.start < heads[0][0]]
                scoped = subject + [m for m in scoped if m not in subject]
            draft.actors = assembler.roles(scoped, family)
            head = next((t for t in triggers if t.type.strength == 2), triggers[0])
            draft.place = assembler.best_place(view, head, family, (scope_start, scope_end))
            if (
                last_place is not None
                and _PLACE_RANK.get(last_place.meta.get("location_kind", "town"), 3) == 0
                and (draft.place is None or _PLACE_RANK.get(draft.place.meta.get("location_kind", "town"), 3) >= 2)
                and place_compatible(last_place, draft.place)
                and any(
                    words[i] in _ANAPHORA
                    for i in range(bisect_left(starts, scope_start), bisect_left(starts, scope_end))
                )
            ):
                draft.place = last_place  # "in the town, which lies ... in Deir Ezzor province"
            draft.place_in_text = draft.place is not None
            crossings = [c for c in view.crossings if scope_start <= starts[min(c[0], len(starts) - 1)] < scope_end]
            crossings = crossings or (view.crossings if len(heads) == 1 else [])
            if crossings:
                draft.crossing = crossings[0][1]
            t0 = bisect_left(starts, scope_start)
            t1 = bisect_left(starts, scope_end)
            figures = casualties(words[view.tok_start : view.tok_end], t0 - view.tok_start, t1 - view.tok_start)
            if family in {"violence", *EXPLOSION_FAMILIES, "abduct", "arrest"}:
                draft.killed, draft.wounded, draft.captured = figures["killed"], figures["wounded"], figures["captured"]
                draft.estimate = self._other_estimate(words[view.tok_start : view.tok_end])
                if family == "arrest":
                    draft.killed = draft.wounded = None
            # ("Residents said ...": the source of the news, not its victims)
            victims = any(
                words[i] in _VICTIMS and (i + 1 >= len(words) or words[i + 1] not in _REPORTING) for i in range(t0, t1)
            )
            if victims and family in {"violence", "arrest", "abduct", *EXPLOSION_FAMILIES}:
                if not any(r == "side_b" for _, r in draft.actors.values()) and "civilians" in self.known_slugs:
                    draft.actors["civilians"] = (self.dictionary.by_slug["civilians"], "side_b")
            draft.civilian_victims = "civilians" in draft.actors
            parts = self._split_tolls(draft, view, words, t0, t1) if family != "arrest" else None
            if parts:
                out.extend((part, head.start) for part in parts)
                view.event_place = parts[-1].place
                continue
            out.append((draft, head.start))
            if draft.place is not None:
                view.event_place = draft.place
        return out

    @staticmethod
    def _background(ntext: str, sentence, dated: list, published: date | None) -> bool:
        """An English sentence marked as history ("last year", "similar", "of this kind", "came
        after") whose own dates, if any, are not of the days of publication."""
        if not _BACKGROUND_EN.search(ntext, sentence.start, sentence.end):
            return False
        if published is None:
            return not dated
        return all(d.date is None or (published - d.date).days > 7 for d in dated)

    @staticmethod
    def _days_before(ntext: str, start: int, trigger_pos: int) -> int:
        """ "a day after", "two days after" shortly before a trigger: how many days the incident
        it names lies before the sentence's own date (0 when none)."""
        matches = list(_DAYS_AFTER_EN.finditer(ntext, max(start, trigger_pos - 80), trigger_pos))
        if not matches:
            return 0
        count = matches[-1].group(1)
        return 1 if count in {"a", "one", "the"} else (number_word(count) or 0)

    @staticmethod
    def _refers_back(ntext: str, sentence) -> bool:
        """ "The ambush was the deadliest ...", "gunfire could be heard during the raid": the
        incident already reported, told again, unless the sentence says it is another one."""
        return bool(_REFERENCE_EN.search(ntext, sentence.start, sentence.end)) and not _SEPARATE_EN.search(
            ntext, sentence.start, sentence.end
        )

    @staticmethod
    def _retreat(after: list[str]) -> bool:
        for word in after:
            word = _strip_clitic(word)
            if word in {"من", "منها", "منه", "from", "out"}:
                return False
            if word in {"باتجاه", "اتجاه", "نحو", "الي", "towards", "toward", "to", "into"}:
                return True
        return False

    @staticmethod
    def _cause(sentence_before: list[str]) -> bool:
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
                and _strip_clitic(near[i + 1]) in {"ردا", "رد", "انتقاما", "احتجاجا"}
            ):
                return True
        return False

    @staticmethod
    def _split_tolls(draft: Draft, view, words: list[str], t0: int, t1: int) -> list[Draft] | None:
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
            town = _PLACE_RANK.get(mention.entity.meta.get("location_kind", "town"), 3) <= 1
            if kinds and town and mention.token > 0 and words[mention.token - 1] in {"في", "in", "at"}:
                if all(mention.entity.slug != p.slug and not related(mention.entity, p) for p, _ in parts):
                    parts.append((mention.entity, segment))
                last_kind = kinds[0] if len(kinds) == 1 else None
            lo = mention.end_token
        if len(parts) >= 2:
            Extractor._drop_total(parts, places[0], view, words, sentence_words, t0)
        if len(parts) < 2 and (draft.killed or draft.wounded):
            parts = Extractor._tolls_after(places, view, words, sentence_words, t1)
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

    @staticmethod
    def _drop_total(parts: list, first, view, words: list[str], sentence_words: list[str], t0: int) -> None:
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

    @staticmethod
    def _tolls_after(places, view, words: list[str], sentence_words: list[str], t1: int) -> list:
        """ "hit a depot in Deir ez-Zor city, killing nine, and a position near Al-Mayadin, where six
        were killed": each town followed by its own toll before the next town is named."""
        parts: list[tuple[Entity, dict]] = []
        for index, mention in enumerate(places):
            end = places[index + 1].token if index + 1 < len(places) else t1
            segment = casualties(sentence_words, mention.end_token - view.tok_start, end - view.tok_start)
            if not any(v is not None for v in segment.values()):
                continue
            town = _PLACE_RANK.get(mention.entity.meta.get("location_kind", "town"), 3) <= 1
            if not (town and mention.token > 0 and words[mention.token - 1] in _TOWN_BEFORE):
                return []
            if any(mention.entity.slug == p.slug or related(mention.entity, p) for p, _ in parts):
                return []
            parts.append((mention.entity, segment))
        return parts

    @staticmethod
    def _by_aircraft(trigger: Trigger, words: list[str], starts: list[int], view) -> bool:
        t = bisect_left(starts, trigger.start)
        lo, hi = max(view.tok_start, t - 4), min(view.tok_end, t + 5)
        return any(w in _AIRCRAFT for w in words[lo:hi])

    @staticmethod
    def _restates(view, words: list[str]) -> bool:
        """A quotation followed or preceded by a reporting verb ("... ," said X)."""
        span = words[view.tok_start : view.tok_end]
        text = view.sentence.text[view.sentence.start : view.sentence.end]
        return any(q in text for q in _QUOTE_MARKS) and any(w in _REPORTING for w in span)

    @staticmethod
    def _bare_bombing(trigger: Trigger, words: list[str], starts: list[int]) -> bool:
        """ "قصف" with no artillery word after it: a bombing of any kind."""
        if "قصف" not in trigger.text:
            return False
        t = bisect_left(starts, trigger.end)
        return not any(_strip_clitic(w) in _ARTILLERY for w in words[t : t + 2])

    @staticmethod
    def _report_date(words: list[str], starts: list[int], position: int) -> bool:
        t = bisect_left(starts, position)
        before = words[max(0, t - 4) : t]
        return any(w in _REPORT_DATE_CUES for w in before)

    def _control_stands(self, view, trigger, t_end: int, sentence_before: list[str]) -> bool:
        """A verb ("سيطرت على") reports a change of control; the noun ("السيطرة على") only when
        it is announced or names a town or village right after it, otherwise it is an aim or a
        state of affairs ("فرض السيطرة على مناطق شرقي سوريا")."""
        text = trigger.text
        if text.startswith(("سيطرت", "سيطروا", "سيطر ")) or not ("سيطره" in text or text.startswith("control")):
            return True
        if any(w.lstrip("و") in _ANNOUNCE for w in sentence_before):
            return True
        for m in view.places:
            if (
                m.token >= t_end
                and m.token - t_end <= 6
                and m.entity.meta.get("location_kind") in {"town", "site", "neighbourhood"}
            ):
                return True
        return False

    def _scope_start(self, view, assembler: Assembler, heads, index: int) -> int:
        """Where the words of the ``index``-th trigger family start: its clause, or the trigger
        itself when it shares a clause with the previous family's trigger."""
        position = heads[index][0]
        start = self._clause_start(view, assembler, position)
        return position if start <= heads[index - 1][0] else start

    def _clause_start(self, view, assembler: Assembler, position: int) -> int:
        return view.sentence.clauses[assembler._clause_of(view, position)].start

    def _implicit_clash(self, view, words) -> list:
        """ "أسفر عن سقوط قتلى وجرحى بين الطرفين": casualties between two armed parties."""
        span = words[view.tok_start : view.tok_end]
        cues = {"قتلي", "جرحي", "قتيل", "قتيلا", "مقتل", "casualties", "dead"}
        if not any(strip_clitic(w, "وب", longer_than=0) in cues for w in span):
            return []
        armed = {m.entity.slug for m in view.actors if m.entity.slug != "civilians"}
        both_sides = "الطرفين" in span or "الجانبين" in span or "both" in span
        if len(armed) < 2 and not both_sides:
            return []
        from events.extraction.triggers import TYPES, Trigger

        position = view.sentence.start
        return [Trigger(TYPES["clash"], position, position, "")]

    # --- merging ---------------------------------------------------------------------------
    def _merge(self, events: list[Draft], draft: Draft) -> None:
        """Merge a draft into the incident it continues, or add it as a new event.

        A draft continues an event of the same family within a few sentences when places are
        compatible and dates do not conflict. A definite trigger without a date of its own
        ("الاجتماع", "the meeting") refers back to an event of its family however far back."""
        current = draft.sentences[0]
        if draft.split:
            # "US jets struck ... late on Thursday." then "the strikes hit a depot in X, killing
            # nine, and a position near Y, where six were killed": each part continues the lead
            lead = next(
                (
                    e
                    for e in reversed(events)
                    if e.family == draft.family and not e.split and 0 < current - e.sentences[-1] <= 2
                ),
                None,
            )
            if lead is not None and self._dates_compatible(lead, draft, False):
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
            return
        if draft.response:
            events.append(draft)
            return
        if self._aftermath(events, draft):
            # "وقال مصدر إن دوريات انتشرت ... وأقامت حواجز", "بعد الانفجار داهمت الميليشيات منازل":
            # how the incident just reported was carried out or answered, not an event of its own
            events[-1].sentences.extend(s for s in draft.sentences if s not in events[-1].sentences)
            return
        if (
            draft.family == "violence"
            and draft.definite
            and all(w.startswith(_RAID) for w in draft.trigger_words)
            and not draft.date_explicit
        ):
            arrest = next((e for e in reversed(events) if e.family == "arrest"), None)
            if arrest is not None:  # "during the raid": the arrest already reported
                self._absorb(arrest, draft)
                return
        if (
            draft.family == "violence"
            and draft.definite
            and not draft.date_explicit
            and events
            and events[-1].family in EXPLOSION_FAMILIES
            and current - events[-1].sentences[-1] <= MERGE_WINDOW
        ):
            self._absorb(events[-1], draft)  # "ويأتي الاستهداف بعد ...", "the attack came as": that strike
            return
        definite = not draft.date_explicit and draft.definite
        if (
            definite
            and events
            and events[-1].family == draft.family
            and current - events[-1].sentences[-1] <= 2
            and not draft.heading_only
            and not events[-1].heading_only
            and events[-1].place is not None
            and not place_compatible(events[-1].place, draft.place)
        ):
            # "قبل أن تنفجر بهم الألغام", "the attack took place on the road ...": the incident just
            # reported, whatever other place the sentence names (the victims' home town, a road)
            self._absorb(events[-1], draft, keep_place=not self._narrows(events[-1].place, draft.place))
            return
        if (
            draft.family == "arrest"
            and draft.english
            and not draft.date_explicit
            and events
            and events[-1].family == "violence"
            and current - events[-1].sentences[-1] <= 1
            and not any(role == "side_a" for _, role in draft.actors.values())
            and place_compatible(events[-1].place, draft.place)
        ):
            # "... killed the official and another militant. A third man was detained.": the
            # captives of the raid just told, not an arrest of its own
            self._fold(events[-1], draft)
            return
        if draft.refers_back and not draft.date_explicit:
            told = next(
                (
                    e
                    for e in reversed(events)
                    if e.family in _RETOLD_FAMILIES
                    and not e.heading_only
                    and (draft.place is None or place_compatible(e.place, draft.place))
                ),
                None,
            )
            if told is not None and told.family != draft.family:
                # "The attackers struck the checkpoint ...", "explosions could be heard during the
                # raid": the incident told again in other words; it keeps its type and actors
                self._fold(told, draft)
                return
        for event in reversed(events):
            if current - event.sentences[-1] > MERGE_WINDOW and not definite:
                break
            if event.family != draft.family:
                continue
            if not place_compatible(event.place, draft.place):
                continue
            if not self._dates_compatible(event, draft, definite):
                continue
            self._absorb(event, draft)
            return
        events.append(draft)

    @staticmethod
    def _opposed(one: Draft, other: Draft) -> bool:
        """An actor on side A of one and side B of the other: an attack and the answer to it."""
        return any(
            slug in other.actors and other.actors[slug][1] != role and role in {"side_a", "side_b"}
            for slug, (_, role) in one.actors.items()
        )

    @staticmethod
    def _fold(event: Draft, draft: Draft) -> None:
        """The draft tells ``event`` again: its sentence and any larger figure join the event,
        which keeps its own type, place and actors."""
        event.sentences.extend(s for s in draft.sentences if s not in event.sentences)
        for name in ("killed", "wounded", "captured"):
            value = getattr(draft, name)
            if value is not None and (getattr(event, name) is None or value > getattr(event, name)):
                setattr(event, name, value)
        if draft.place is not None and (
            event.place is None
            or event.place.meta.get("location_kind") == "country"
            or Extractor._narrows(event.place, draft.place)
        ):
            # "an attack in Deir Ezzor province" then "the attackers struck ... Al-Kasrah"
            event.place, event.place_in_text = draft.place, True
        event.heading_only = event.heading_only and draft.heading_only

    @staticmethod
    def _aftermath(events: list[Draft], draft: Draft) -> bool:
        """A deployment, checkpoints or house searches without arrests told in the next sentences
        of an attack, an arrest or a protest at the same place and time."""
        if not events or draft.date_explicit:
            return False
        event = events[-1]
        if event.family not in _INCIDENT_FAMILIES or event.family == draft.family:
            return False
        if draft.sentences[0] - event.sentences[-1] > 2 or not place_compatible(event.place, draft.place):
            return False
        if draft.family in {"other", "base"}:
            return all(tag in {"deploy", "base"} for tag in draft.tags)
        return (
            draft.family == "arrest"
            and draft.captured is None
            and all(w.startswith(_RAID) for w in draft.trigger_words)
        )

    @staticmethod
    def _narrows(coarse: Entity, place: Entity | None) -> bool:
        """ "fighting in eastern Deir Ezzor province" then "the fighting was centred on the town
        of Diban": a town inside the informal region, district or governorate already given."""
        if place is None:
            return False
        rank = _PLACE_RANK.get(coarse.meta.get("location_kind", "town"), 3)
        if rank < 2 or _PLACE_RANK.get(place.meta.get("location_kind", "town"), 3) > 1:
            return False
        if coarse.slug in (place.meta.get("ancestors") or ()):
            return True
        return rank == 2 and distance_km(coarse, place) <= _REGION_REACH_KM

    @staticmethod
    def _dates_compatible(event: Draft, draft: Draft, definite: bool) -> bool:
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

    def _absorb(self, event: Draft, draft: Draft, keep_place: bool = False) -> None:
        event.sentences.extend(s for s in draft.sentences if s not in event.sentences)
        event.tags.extend(draft.tags)
        event.types.extend(draft.types)
        event.trigger_words.extend(draft.trigger_words)
        # A meeting's parties are named where it is reported; later sentences about it name the
        # factions it discussed ("الاجتماع ... ناقش وضع الميليشيات"): they join only a meeting
        # that has no second party yet (nothing on side B, nor two unrelated parties).
        if event.family != "agreement" or not self._two_parties(event):
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

    @staticmethod
    def _two_parties(event: Draft) -> bool:
        entities = [e for e, _ in event.actors.values() if e.slug != "civilians"]
        if any(r == "side_b" for _, r in event.actors.values()):
            return True
        return any(not related(a, b) and a.slug != b.slug for a in entities for b in entities)

    def _attach(self, events: list[Draft], view, assembler, words) -> None:
        """A sentence without a trigger may still add figures or a crossing to the last event."""
        if not events:
            return
        event = events[-1]
        if view.sentence.index - event.sentences[-1] > 2 and not (
            # "By Saturday the toll had risen to 14": the incident's toll, updated, however far back
            not view.arabic
            and event.family in {"violence", *EXPLOSION_FAMILIES}
            and _TOLL_UPDATE_EN.search(view.assembler.text, view.sentence.start, view.sentence.end)
        ):
            return
        if any(d.kind == "trend" for d in view.dates):
            return  # "منذ مطلع العام ... مقتل 187": a running total, not this incident's toll
        figures = casualties(words[view.tok_start : view.tok_end])
        added = False
        if event.family in {"violence", *EXPLOSION_FAMILIES} and any(v is not None for v in figures.values()):
            estimate = self._other_estimate(words[view.tok_start : view.tok_end])
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

    @staticmethod
    def _other_estimate(tokens: list[str]) -> bool:
        """ "put the death toll at 10", "estimated the toll at", "وقدرت مصادر أخرى الحصيلة بـ":
        another source's figure for the same toll."""
        if any(w in _EARLIER for w in tokens):
            return False  # "the source earlier put the death toll at 5": a figure since updated
        for i, word in enumerate(tokens):
            near = tokens[i + 1 : i + 5]
            if word in _ESTIMATE_VERBS and any(w in _TOLL_NOUNS for w in near):
                return True
        return False

    # --- output ------------------------------------------------------------------------------
    def _finish(
        self, events: list[Draft], views: list[SentenceView], norm, salience: Counter, published: date | None
    ) -> list[dict]:
        kept = [e for e in events if not e.heading_only and not e.superseded]
        if published is not None:
            # Reports recall history ("a sarin attack in Ghouta in August 2013"): an event dated
            # by the text itself more than three months before publication is background.
            kept = [
                e
                for e in kept
                if not (e.date_source == "explicit" and e.date and (published - e.date).days > HISTORY_DAYS)
            ]
        lede = next((e for e in kept if e.date is not None and e.date_source != "default"), None)
        if lede is not None and published is not None:
            # "On Dec. 28, gunmen killed a commander in the nearby town": an incident dated well
            # before the one the report leads with, and before its publication, is recalled
            gap = timedelta(days=BACKGROUND_GAP_DAYS)
            kept = [
                e
                for e in kept
                if not (
                    e.english
                    and lede.family in _VIOLENT
                    and e.family in _VIOLENT
                    and e.date_source in {"explicit", "anchor"}
                    and e.date is not None
                    and e.date < lede.date - gap
                    and e.date < published - gap
                )
            ]
        # One incident told twice in an English report ("a shell hit the market in X on Sunday,
        # killing two", then a quoted agency: "two dead as a mortar round struck X's market"):
        # same family, same place, same date, no party on both sides.
        merged: list[Draft] = []
        for e in kept:
            twin = next(
                (
                    m
                    for m in merged
                    if e.english
                    and m.english
                    and m.family == e.family
                    and e.family in _RETOLD_FAMILIES
                    and m.place is not None
                    and e.place is not None
                    and m.place.slug == e.place.slug
                    and m.date == e.date
                    and not (m.split or e.split or m.response or e.response)
                    and not self._opposed(m, e)
                ),
                None,
            )
            if twin is None:
                merged.append(e)
            else:
                self._fold(twin, e)
        kept = merged
        # Deployments that are part of a battle at the same place and date are that battle.
        battles = [e for e in kept if e.family == "violence"]
        kept = [
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
        dominant = self._dominant_place(salience)
        out = []
        for event in kept:
            if "control" in event.tags and event.family == "violence":
                self._opponent(event, views)
            if event.family == "protest":
                self._protest_roles(event)
            if event.family == "air" and not any(r == "side_a" for _, r in event.actors.values()):
                unknown = event.actors.get("unidentified-armed-group")
                if unknown is not None and unknown[1] == "side_b":
                    # "استهداف طائرة مسيّرة مجهولة الهوية رتلاً لـ...": the unidentified aircraft
                    # struck; with no other striker named it is side A, not a target
                    event.actors["unidentified-armed-group"] = (unknown[0], "side_a")
            if event.place is None:
                event.place = self._context_place(views, event.sentences[0]) or dominant
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
            if event.place is not None and event.place.meta.get("location_kind") == "country":
                continue  # "strikes in Syria": no place a coder could record; mostly background
            out.append(self._render(event, views, norm))
        return out

    def _protest_roles(self, event: Draft) -> None:
        """A protest's side A is the protesters (with the residents or tribesmen named as
        protesting); an armed force named in it is what they protest against, side B."""
        protesters = self.dictionary.by_slug.get("protesters")
        if protesters is None:
            return
        actors = {"protesters": (protesters, "side_a")}
        for slug, (entity, _role) in event.actors.items():
            if slug == "protesters":
                continue
            kind = entity.meta.get("actor_kind")
            armed = kind != "tribal_force" and (kind in _FORCE_KINDS or kind in _GROUP_KINDS)
            actors[slug] = (entity, "side_b" if armed else "side_a")
        event.actors = actors

    @staticmethod
    def _opponent(event: Draft, views) -> None:
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

    def _context_place(self, views, index: int) -> Entity | None:
        """The place of the nearest preceding sentence that has one (an event's place first)."""
        for previous in range(index - 1, max(-1, index - CONTEXT_WINDOW - 1), -1):
            if views[previous].event_place is not None:
                return views[previous].event_place
            towns = sorted(
                views[previous].places, key=lambda m: (m.entity.meta.get("location_kind") != "town", m.start)
            )
            if towns:
                return towns[0].entity
        for view in views[index + 1 : index + 2]:
            if view.places:
                return view.places[0].entity
        return None

    def _dominant_place(self, salience: Counter) -> Entity | None:
        best = None
        for slug, _count in salience.most_common():
            entity = self.dictionary.get(slug)
            if entity is not None and entity.kind == LOCATION and entity.meta.get("location_kind") != "country":
                best = entity
                break
        return best

    def _render(self, event: Draft, views, norm) -> dict:
        event_type, sub_type = resolve_type(event)
        place = event.place
        location = None
        if place is not None:
            kind = place.meta.get("location_kind", "town")
            location = {
                **place.public(),
                "latitude": place.meta.get("latitude"),
                "longitude": place.meta.get("longitude"),
                "admin1": place.meta.get("admin1", ""),
                "admin2": place.meta.get("admin2", ""),
                "geo_precision": GEO_PRECISION.get(kind, "town"),
            }
        crossing = event.crossing
        if crossing is not None and crossing.get("id") is None and place is not None:
            known = self.crossings_by_location.get(place.slug)
            if known is not None and known.meta.get("crossing_kind") == crossing.get("kind"):
                crossing = {**known.public(), "kind": known.meta.get("crossing_kind")}
        if crossing is not None:
            crossing = {k: v for k, v in crossing.items() if k != "mention"}
        actors = [{**entity.public(), "role": role} for entity, role in event.actors.values()]
        evidence = []
        for index in sorted(event.sentences):
            s = views[index].sentence
            start, end = norm.to_original(s.start, s.end)
            evidence.append({"start": start, "end": end, "text": norm.original[start:end]})
        confidence = 0.35
        confidence += 0.15 if event.place_in_text else 0.0
        confidence += 0.1 if actors else 0.0
        confidence += 0.1 if len(actors) > 1 else 0.0
        confidence += 0.1 if event.date_explicit else 0.0
        confidence += 0.05 if any(t.strength == 2 for t in event.types) else 0.0
        confidence += 0.03 * min(len(event.sentences) - 1, 3)
        side_a = ", ".join(a["name"] for a in actors if a["role"] == "side_a") or "Unidentified actor"
        side_b = ", ".join(a["name"] for a in actors if a["role"] == "side_b")
        summary = f"{sub_type}: {side_a}" + (f" vs {side_b}" if side_b else "")
        if location:
            summary += f" in {location['name']}"
        if event.date:
            summary += f" on {event.date.isoformat()}"
        return {
            "event_type": event_type,
            "sub_event_type": sub_type,
            "date": event.date.isoformat() if event.date else None,
            "date_precision": event.date_precision if event.date else UNKNOWN,
            "location": location,
            "actors": actors,
            "crossing": crossing,
            "fatalities": {"killed": event.killed, "wounded": event.wounded, "captured": event.captured},
            "confidence": round(min(confidence, 0.95), 2),
            "summary": summary,
            "evidence": evidence,
            "triggers": event.trigger_words,
        }
