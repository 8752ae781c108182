"""Generic descriptions of actors and crossings, resolved to dictionary entries.

Reports often name a party by a description rather than a name: "ميليشيا عراقية مدعومة
إيرانيًا", "المليشيات المدعومة من روسيا", "قوات الأسد", "قافلة عسكرية روسية",
"Iran-backed militias". These patterns map such descriptions onto the generic actors of the
reference data (by slug; a pattern whose slug is missing from the dictionary is ignored).

Choices, documented in docs/extraction.md: a militia "تابعة لنظام الأسد / للنظام" resolves to
``syrian-government-forces`` (the regime's umbrella; the reports rarely say which militia);
Iranian "forces", "commanders" or "officers" resolve to ``irgc`` (Iran's forces in Syria are
the Revolutionary Guard's), Iranian "militias" to ``iran-backed-militias``; "التنظيم" alone
is the Islamic State (the usage of eastern-Syria outlets); "التحالف" alone is the
international coalition unless qualified ("التحالف الروسي").
"""

from __future__ import annotations

import re

from events.extraction.normalize import fold

_P = r"(?<!\w)(?:و|ف|ب|ل|وب|ول|لل|ولل|فب)?"
_MIL = r"(?:ال)?(?:مي?ليشي(?:ا|ات|اتها|اته)|فصائل|مجموعات|مجموعه|عصابات|ميلشيات|اخري|اخريات)"
_FORCE = (
    r"(?:ال)?(?:قوات|جنود|ضباط(?:ا)?|قافل(?:ه|ات)|رتل(?:ا)?|ارتال|دوري(?:ه|ات)|طائر(?:ه|ات)|مقاتلات|جيش|"
    r"عناصر|قيادات|قياده|مسير(?:ه|ات)|القوات|الجيش|وحدات|خبراء|مستشارين|تعزيزات|قاعده|الطيران|طيران)"
)
_BACKED = r"(?:ال)?(?:مدعوم(?:ه)?|تابع(?:ه)?|موالي(?:ه)?|مرتبط(?:ه)?|الموالي(?:ه)?)"
_OF = r"(?: (?:من|ل|الي|ب)| من قبل)? ?"

_ACTOR_PATTERNS: list[tuple[str, str]] = [
    # Militias by backer or nationality.
    (rf"{_MIL}(?: (?:ال)?عراقي(?:ه)?)(?: {_BACKED}(?:{_OF}(?:ايران|طهران)| ايرانيا))?", "iran-backed-iraqi-militias"),
    (rf"{_MIL}(?: {_BACKED})?(?:{_OF}(?:ايران|طهران)| ايرانيا)", "iran-backed-militias"),
    (rf"{_MIL}(?: \w+)? (?:ال)?ايراني(?:ه)?", "iran-backed-militias"),
    (rf"{_MIL}(?: {_BACKED})?(?:{_OF}(?:روسيا|موسكو)| روسيا)", "russia-backed-militias"),
    (rf"{_MIL}(?: \w+)? (?:ال)?روسي(?:ه)?", "russia-backed-militias"),
    (
        rf"{_MIL}(?: {_BACKED}{_OF}| )(?:نظام (?:بشار )?الاسد|النظام(?: السوري)?|قوات النظام|الاسد)",
        "syrian-government-forces",
    ),
    # State forces by adjective.
    (rf"{_FORCE}(?: (?:ال)?(?:عسكري|حربي)(?:ه)?)? (?:ال)?روسي(?:ه)?", "russian-armed-forces"),
    (rf"{_FORCE}(?: (?:ال)?(?:عسكري|حربي)(?:ه)?)? (?:ال)?(?:امريكي(?:ه)?|اميركي(?:ه)?)", "us-forces"),
    (rf"{_FORCE}(?: (?:ال)?(?:عسكري|حربي)(?:ه)?)? (?:ال)?تركي(?:ه)?", "turkish-armed-forces"),
    (rf"{_FORCE}(?: (?:ال)?(?:عسكري|حربي)(?:ه)?)? (?:ال)?اسرائيلي(?:ه)?", "israeli-forces"),
    (rf"{_FORCE}(?: (?:ال)?(?:عسكري|حربي)(?:ه)?)? (?:ال)?ايراني(?:ه)?", "irgc"),
    (
        r"(?:ال)?قوات (?:ال)?نظام(?:يه)?|قوات (?:ال)?اسد|(?:ال)?قوات النظاميه|(?:ال)?جيش (?:ال)?نظام"
        r"|نظام (?:بشار )?(?:ال)?اسد"
        r"|النظام السوري|(?:ال)?قوات الحكوميه|(?:ال)?جيش السوري|الاسد|النظام(?! (?:الدولي|العالمي|الايراني|العراقي"
        r"|الداخلي|الاساسي))",
        "syrian-government-forces",
    ),
    (r"التنظيم(?! (?:الدولي|الاداري|العسكري))|خلايا (?:ال)?تنظيم", "islamic-state"),
    (r"التحالف(?! (?:ال)?(?:روسي|ايراني|سوري|عربي|الاستراتيجي|بين))", "international-coalition"),
    (r"(?:ال)?(?:مدنيين|مدنيا|الاهالي|اهالي|مواطنين|المواطنين|السكان)", "civilians"),
    (
        r"(?:ال)?(?:مقاتلي|مقاتلين|ابناء|عناصر|قوات|مسلحي|مسلحين) (?:ال)?عشائر(?: (?:ال)?عربيه)?"
        r"|(?:ال)?قوات (?:ال)?عشائر\w*|(?:ال)?عشائر (?:ال)?عربيه",
        "tribal-forces",
    ),
    (r"(?:ال)?مسلحين مجهولين|مجهولين|(?:ال)?مسلحون مجهولون|مجهولون", "unidentified-armed-group"),
    # English
    (
        r"(?:pro-iranian|iranian-backed|iran-backed|iran backed|iranian) (?:iraqi )?(?:militias?|fighters|groups"
        r"|paramilitaries)",
        "iran-backed-militias",
    ),
    (r"iraqi (?:shiite |shia )?militias?", "iran-backed-iraqi-militias"),
    (
        r"(?:pro-russian|russian-backed|russia-backed|russia backed) (?:militias?|fighters|groups)",
        "russia-backed-militias",
    ),
    (
        r"(?:russian) (?:forces|troops|soldiers|military|army|aircraft|jets|warplanes|convoy|patrols?|military police)",
        "russian-armed-forces",
    ),
    (
        r"(?:u\.?s\.?|us|american|united states) (?:forces|troops|soldiers|military|army|aircraft|jets|warplanes"
        r"|drones?|convoy|patrols?|helicopters?)",
        "us-forces",
    ),
    (r"(?:turkish) (?:forces|troops|soldiers|military|army|drones?|jets)", "turkish-armed-forces"),
    (r"(?:israeli) (?:forces|jets|warplanes|aircraft|military|drones?|strikes?)", "israeli-forces"),
    (r"(?:iranian) (?:forces|troops|officers|commanders|advisers|revolutionary guards?)", "irgc"),
    (
        r"(?:syrian )?(?:government|regime|pro-government|pro-regime|assad) (?:forces|troops|soldiers|army|militias?"
        r"|fighters)|syrian (?:army|troops|soldiers)|the regime",
        "syrian-government-forces",
    ),
    (
        r"(?:us-led |u\.s\.-led |international |anti-isis )coalition|the coalition"
        r"|coalition (?:helicopters|aircraft|jets|warplanes|forces|troops|drones?|patrols?)",
        "international-coalition",
    ),
    (r"tribal (?:fighters|forces|militias?|gunmen)|arab tribes|tribesmen", "tribal-forces"),
    (r"civilians?|residents|villagers", "civilians"),
    (r"(?:unidentified|unknown) (?:gunmen|attackers|assailants|men)", "unidentified-armed-group"),
]

_CROSSING_PATTERNS: list[tuple[str, str]] = [
    (r"(?:ال)?(?:معبر(?:ين)?|معابر|عباره|عبارات) (?:ال)?(?:مائي(?:ه|ين)?|نهري(?:ه)?)", "river"),
    (r"(?:ال)?(?:معبر(?:ا)?|معابر) (?:لل|ال)?تهريب", "smuggling"),
    (r"(?:ال)?(?:معابر|معبر)", "river"),
    (r"(?:river|water|ferry) crossings?|ferr(?:y|ies)", "river"),
    (r"smuggling (?:crossings?|routes?)", "smuggling"),
    (r"(?:border )?crossings?", "border"),
]


def _after_lam(pattern: str) -> str:
    """Let an article at the start of an alternative also follow "لل" ("للنظام" is ل + النظام)."""
    pattern = pattern.replace("(?:ال)?", "(?:ال|(?<=لل))?")
    return re.sub(r"(^|\|)ال(?!\|)", r"\1(?:ال|(?<=لل))", pattern)


def _compile(patterns):
    return [(re.compile(f"{_P}(?:{fold(p)})(?!\\w)"), value) for p, value in patterns]


ACTOR_PATTERNS = _compile(_ACTOR_PATTERNS)
CROSSING_PATTERNS = _compile(_CROSSING_PATTERNS)

_CROSSING_NAMES = {
    "river": ("Euphrates river crossing", "معبر نهري"),
    "smuggling": ("Smuggling crossing", "معبر تهريب"),
    "border": ("Border crossing", "معبر حدودي"),
}


# Words a generic description can start with (after clitics). A pattern added above must have
# its first word here (tests/extraction/test_generic.py checks every pattern's examples).
_HEADS = frozenset(
    fold(w)
    for w in (
        "ميليشيا ميليشيات مليشيا مليشيات ميلشيات ميليشياتها ميليشياته فصائل مجموعات مجموعة عصابات أخرى أخريات "
        "قوات جنود ضباط ضباطا قافلة قافلات رتل رتلا أرتال دورية دوريات طائرة طائرات مقاتلات جيش عناصر قيادات "
        "قيادة مسيرة مسيرات وحدات خبراء مستشارين تعزيزات قاعدة طيران نظام النظام الأسد التنظيم خلايا التحالف "
        "مدنيين مدنيا الأهالي أهالي مواطنين السكان مقاتلي مقاتلين أبناء مسلحي مسلحين مسلحون عشائر مجهولين مجهولون "
        "pro iranian iran russian russia u us american united turkish israeli iraqi syrian government regime coalition "
        "assad the international anti tribal arab tribesmen civilians civilian residents villagers unidentified "
        "unknown"
    ).split()
)
_CLITIC_HEADS = ("", "وبال", "ولل", "وال", "بال", "فال", "لل", "ال", "وب", "ول", "فب", "و", "ف", "ب", "ل")
# Every head with every clitic in front, so a word is checked with one set look-up.
_HEAD_FORMS = frozenset(prefix + head for prefix in _CLITIC_HEADS for head in _HEADS)


def _is_head(word: str) -> bool:
    return word in _HEAD_FORMS


class GenericActors:
    """The generic actor patterns whose slug the dictionary knows, as one alternation (one pass
    over the text; at a position the first pattern listed wins, so specific ones come first)."""

    def __init__(self, known: set[str]) -> None:
        kept = [(p, slug) for p, slug in _ACTOR_PATTERNS if slug in known]
        self.slugs = [slug for _, slug in kept]
        self.pattern = (
            re.compile(
                _P + "(?:" + "|".join(f"(?P<g{i}>{_after_lam(fold(p))})" for i, (p, _) in enumerate(kept)) + ")(?!\\w)"
            )
            if kept
            else None
        )

    def find(
        self, text: str, words: list[str] | None = None, starts: list[int] | None = None
    ) -> list[tuple[int, int, str]]:
        """(start, end, slug) of generic actor descriptions.

        With the tokens (``words`` and their ``starts``), the pattern is only tried where a word
        is one of the heads descriptions start with, instead of scanning the whole text."""
        if self.pattern is None:
            return []
        if words is None or starts is None:
            return [(m.start(), m.end(), self.slugs[int(m.lastgroup[1:])]) for m in self.pattern.finditer(text)]
        present = _HEAD_FORMS.intersection(words)  # one C-level pass; usually a few words
        if not present:
            return []
        found = []
        end = -1
        for word, start in zip(words, starts, strict=False):
            if word not in present or start < end:
                continue
            m = self.pattern.match(text, start)
            if m:
                found.append((m.start(), m.end(), self.slugs[int(m.lastgroup[1:])]))
                end = m.end()
        return found


def find_generic_actors(text: str, known: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, slug) of generic actor descriptions whose slug is in ``known``."""
    return GenericActors(known).find(text)


_CROSSINGS = re.compile(
    _P + "(?:" + "|".join(f"(?P<c{i}>{fold(p)})" for i, (p, _) in enumerate(_CROSSING_PATTERNS)) + ")(?!\\w)"
)


_CROSSING_STEMS = tuple(fold(w) for w in ("معبر", "معابر", "عبار", "crossing", "ferr"))


def find_generic_crossings(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of generic crossing descriptions ("المعبر المائي", "معبر تهريب")."""
    if not any(stem in text for stem in _CROSSING_STEMS):
        return []  # most reports name no crossing: a substring look instead of a regex scan
    return [(m.start(), m.end(), _CROSSING_PATTERNS[int(m.lastgroup[1:])][1]) for m in _CROSSINGS.finditer(text)]


def generic_crossing(kind: str, text: str) -> dict:
    name, name_ar = _CROSSING_NAMES.get(kind, _CROSSING_NAMES["river"])
    return {"id": None, "slug": None, "name": name, "name_ar": name_ar, "kind": kind, "mention": text}
