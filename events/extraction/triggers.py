"""Event triggers: Arabic and English words that report an event, mapped to ACLED types.

Each lexicon entry gives an ACLED (event_type, sub_event_type), a ``tag`` the assembler uses to
refine the type (an "attack" on civilians is violence against civilians, on an armed group a
battle; a "control" by the state is "Government regains territory"), and a strength (weak
triggers such as "قتل" or "تعزيزات" only stand alone when nothing stronger is in the sentence).

Lexicons list past tenses and nouns only: present tenses ("تسيطر", "يستهدف") mostly describe a
state of affairs, not an event. Filters then drop triggers that are negated ("لم", "نفى",
"did not"), hypothetical or future ("قد" + present, "يتوقع", "تخشى", "محتمل", "expected to",
"could"), a purpose or an order ("بهدف", "تسعى", "أوامر بـ"), a topic ("الخلاف حول فتح المعابر")
or a vague series ("سلسلة من الهجمات").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from events.extraction.codebook import (
    ABDUCTION,
    AGREEMENT,
    AIR,
    ARMED_CLASH,
    ARRESTS,
    ATTACK,
    BATTLES,
    EXPLOSIONS,
    GRENADE,
    HQ,
    IED,
    LOOTING,
    NON_STATE_OVERTAKES,
    OTHER,
    PEACEFUL,
    PROTESTS,
    SHELLING,
    STRATEGIC,
    SUICIDE,
    TRANSFER,
    VAC,
)
from events.extraction.normalize import fold, strip_clitic


@dataclass(frozen=True, slots=True)
class TriggerType:
    tag: str
    event_type: str
    sub_event_type: str
    strength: int  # 2 strong, 1 weak


# (tag, event type, sub-type, strength, Arabic pattern, English pattern)
_LEXICON: list[tuple[str, str, str, int, str, str]] = [
    (
        "clash",
        BATTLES,
        ARMED_CLASH,
        2,
        r"اشتباك(?:ات|ين|ا)?|اشتبك(?:ت|وا)?|معارك|معركه|مواجهات|اقتتال|تبادل (?:ل)?اطلاق (?:ال)?نار",
        r"clash(?:es|ed)?|fighting|fought|battles?|firefights?|gunfights?|exchanges? of fire|exchang(?:ed|ing) fire"
        r"|skirmish(?:es)?|infighting|in-fighting",
    ),
    (
        "attack",
        BATTLES,
        ARMED_CLASH,
        2,
        r"هجوم(?:ا|ين)?|هجمات|هاجم(?:ت|وا)?|اقتحام|اقتحم(?:ت|وا)?|كمين(?:ا)?|كمائن|حاصر(?:ت|وا)",
        r"attack(?:s|ed)?|assault(?:s|ed)?|stormed|ambush(?:es|ed)?|raid(?:s|ed)?",
    ),
    ("target", BATTLES, ARMED_CLASH, 2, r"استهداف|استهدف(?:ت|وا)?", r"targeted|targeting"),
    ("assassination", VAC, ATTACK, 2, r"اغتيال|اغتال(?:ت|وا)?", r"assassinat\w+"),
    (
        "kill",
        BATTLES,
        ARMED_CLASH,
        1,
        r"قتل(?:ت|وا)?|مقتل(?:ه|ها|هم|هما)?|مصرع|اعدام|اعدم(?:ت|وا)?|تصفيه|لقي(?: \w+)? حتف\w*",
        r"killed|killing|executed|execution|shot dead",
    ),
    (
        "air",
        EXPLOSIONS,
        AIR,
        2,
        r"غار(?:ه|ات)(?: جوي(?:ه)?)?|قصف(?:ا)? جوي(?:ا)?|ضرب(?:ه|ات) جوي(?:ه)?|طائر(?:ه|ات) (?:مسير(?:ه|ات)?|دون طيار)"
        r"|مسيرات|طيران مسير|مسيره (?:\w+ )?(?:تركيه|اسرائيليه|امريكيه|اميركيه|روسيه|ايرانيه|مجهوله|للتحالف)"
        r"|الطيران الحربي|طائرات حربيه|درون|طائر(?:ه|ات) مجهول(?:ه)?(?: الهويه)?",
        r"air ?strikes?|air ?raids?|drone (?:strikes?|attacks?)|(?:war)?planes? (?:struck|bombed|hit)|jets (?:struck"
        r"|bombed|hit)"
        r"|bombing raids?|barrel[- ]bombs?|aerial (?:bomb\w*|attacks?|bombardment|raids?)|strikes?|struck|bombed",
    ),
    (
        "shell",
        EXPLOSIONS,
        SHELLING,
        2,
        r"ضرب(?:ه|ات) صاروخي(?:ه)?|قصف(?:ت|وا|ا)?|قذائف(?! (?:ال)?صاروخيه)|قذيفه(?! (?:ال)?صاروخيه)"
        r"|هاون|صواريخ|صاروخ(?:ا|ي)?|مدفعي(?:ه)?|راجمات",
        r"(?:missile|rocket) (?:strikes?|attacks?)|shell(?:ing|ed|s)?|mortars?|rockets?(?![- ]propelled)|artillery"
        r"|missiles?",
    ),
    (
        "ied",
        EXPLOSIONS,
        IED,
        2,
        r"عبو(?:ه|ات) ناسف(?:ه)?|ناسفه|لغم(?:ا)?|الغام|مفخخ(?:ه|ات)?|انفجار|تفجير(?:ات)?",
        r"ieds?|roadside bombs?|landmines?|explosive devices?|car bombs?|explosions?|blasts?|bombings?|bombs?"
        r"|unexploded (?:ordnance|shells?|munitions?|bombs?)|(?:remnants?|remains) of (?:the )?war",
    ),
    ("suicide", EXPLOSIONS, SUICIDE, 2, r"انتحاري(?:ه|ون|ين)?", r"suicide (?:bomb\w*|attack\w*)"),
    ("grenade", EXPLOSIONS, GRENADE, 2, r"قنبل(?:ه|ات) يدوي(?:ه)?|قنابل يدويه", r"grenades?"),
    ("abduct", VAC, ABDUCTION, 2, r"اختطاف|اختطف(?:ت|وا)?|خطف(?:ت|وا)?", r"kidnap\w*|abduct\w*"),
    (
        "arrest",
        STRATEGIC,
        ARRESTS,
        2,
        r"اعتقال(?:ات)?|اعتقل(?:ت|وا)?|حمله (?:اعتقالات|امنيه|مداهمات|دهم)|مداهم(?:ه|ات)|داهم(?:ت|وا)?|احتجاز"
        r"|احتجز(?:ت|وا)?"
        r"|توقيف|اوقف(?:ت|وا)",
        r"arrest(?:s|ed|ing)?|detain(?:ed|s|ing)?|rounded up|security (?:campaign|operation|sweep)|crackdown"
        r"|captur(?:e|es|ed|ing) (?:a |an |the |two |three |several )?(?:senior |top |key |local |other )?"
        r"(?:(?:isis|is|islamic state|daesh|cell|group) )*(?:leaders?|commanders?|members?|militants?|suspects?|emirs?"
        r"|officials?)",
    ),
    (
        "control",
        BATTLES,
        NON_STATE_OVERTAKES,
        2,
        r"(?:سيطر(?:ت|وا)?(?:[\s،,()\x22\-]+\w+){0,4}?|السيطره(?: (?:ال)?(?:كامله|تامه))?"
        r"|بسط(?:ت|وا)? سيطرت\w*)[\s،,()\x22\-]+علي|استعاد(?:ت"
        r"|وا)? (?:ال)?سيطره|استعاده (?:ال)?سيطره"
        r"|تقدم(?:ت|وا)? (?:في|نحو|باتجاه|الي)|حرر(?:ت|وا)?|تحرير(?! الشام)",
        r"(?:took|taken|seized|captured|recaptured|retook|regained|wrested) (?:full |complete )?(?:control|the (?:town"
        r"|village|city|area))"
        r"|took over|advanced (?:on|into|towards)",
    ),
    (
        "deploy",
        STRATEGIC,
        OTHER,
        1,
        r"تعزيزات|استقدام|استقدم(?:ت|وا)?|انتشار(?:ا)?|انتشر(?:ت|وا)?|رتل(?:ا)?|ارتال|قافل(?:ه|ات) عسكري(?:ه)?"
        r"|استعراض(?:ا)? عسكري(?:ا)?|نشر(?:ت|وا)? (?:\w+ )?(?:قوات|عناصر|تعزيزات)|دفع(?:ت|وا)? ب(?:تعزيزات|قوات)",
        r"reinforcements|deploy(?:ed|ment|s)?|convoys?|sent (?:troops|forces|reinforcements)|dispatched",
    ),
    (
        "withdraw",
        STRATEGIC,
        TRANSFER,
        2,
        r"انسحاب|انسحب(?:ت|وا)?|سحب(?:ت|وا)?|تسليم|سلم(?:ت|وا)",
        r"withdr(?:ew|awn|awal)|pulled out|handed over|handover",
    ),
    (
        "meeting",
        STRATEGIC,
        AGREEMENT,
        2,
        r"اجتماع(?:ا|ات)?|اجتمع(?:ت|وا)?|التقي|التقت|مفاوضات|محادثات",
        r"met(?: with)?|held (?:a |an |two |several )?(?:\w+ )?(?:talks|meetings?|negotiations)|meeting (?:was )?held",
    ),
    (
        "agreement",
        STRATEGIC,
        AGREEMENT,
        2,
        r"اتفاق(?:ا|يه)?|اتفق(?:ت|وا)?|هدنه|وقف (?:ل)?اطلاق (?:ال)?نار",
        r"agreed (?:to|on|upon)|(?:signed|reached|brokered|struck|concluded|announced) (?:an? |the )?(?:\w+ )?"
        r"(?:agreement|deal|truce|cease-?fire)s?",
    ),
    (
        "base",
        STRATEGIC,
        HQ,
        2,
        r"(?:افتتاح|افتتح(?:ت|وا)?|انشاء|انشا(?:ت|وا)?|اقام(?:ت|وا)?|اقامه|تاسيس|اسس(?:ت"
        r"|وا)?)(?:[\s،,()\x22\-]+\w+){0,8}?[\s،,()\x22\-]+"
        r"(?:معسكر|مقر|قاعده|مكتب|نقطه|مركز|مقرات|قواعد|نقاط|معسكرات)\w*|معسكر(?:ا)? تدريبي(?:ا)?"
        r"|(?:نقطه|قاعده|مقر|معسكر|مقرا|معسكرا|نقاط) (?:عسكري(?:ه|ا)? )?جديد(?:ه|ا)?",
        r"(?:opened|established|set up|built)(?: \w+){0,4}? (?:base|headquarters|hq|camp|office|centre|center)s?"
        r"|new (?:military )?(?:base|headquarters)s?",
    ),
    (
        "crossing",
        STRATEGIC,
        OTHER,
        2,
        r"(?:فتح|افتتاح|اغلاق|اغلق(?:ت|وا)?|فتح(?:ت|وا)?|افتتح(?:ت|وا)?|اعاده فتح)(?:[\s،,()\x22\-]+\w+){0,8}?[\s،,()\x"
        r"22\-]+(?:ال)?(?:معبر|معابر)\w*",
        r"(?:closed|reopened|opened|shut)(?: [\w-]+){0,4}? crossings?",
    ),
    (
        "block",
        STRATEGIC,
        OTHER,
        2,
        r"(?:منع(?:ت|وا)?|اعترض(?:ت|وا)?|اعتراض)(?:[\s،,()\x22\-]+\w+){0,6}?[\s،,()\x22\-]+(?:رتل|قافله|دوريه|ارتال"
        r"|قوافل|دوريات)\w*",
        r"(?:blocked|intercepted|stopped|turned back) (?:a |an |the )?(?:\w+ )?(?:convoy|patrol)s?",
    ),
    (
        "seize",
        STRATEGIC,
        LOOTING,
        1,
        r"مصادره|صادر(?:ت|وا)|ضبط(?:ت|وا)? (?:شحنه|كميه|اسلحه)|الاستيلاء علي|استول(?:ت|ي|وا) علي",
        r"confiscated|looted|seized (?:weapons|property|a shipment)",
    ),
    (
        "loot",
        STRATEGIC,
        LOOTING,
        2,
        r"نهب(?:ت|وا)?|عمليات نهب|سرق(?:ت|وا)|تعفيش|عفش(?:ت|وا)|احرق(?:ت|وا)? (?:\w+ )?(?:منازل|منزل|محال|ممتلكات)",
        r"looted|looting|plundered|ransacked|torched (?:\w+ )?(?:homes|houses|shops)",
    ),
    (
        "protest",
        PROTESTS,
        PEACEFUL,
        2,
        r"مظاهر(?:ه|ات)|تظاهر(?:ه|ات|ت|وا)?|احتجاج(?:ات|ا)?|وقفه احتجاجيه|اعتصام",
        r"protest(?:s|ed|ers)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ied|ies)",
    ),
]

TYPES: dict[str, TriggerType] = {tag: TriggerType(tag, t, s, strength) for tag, t, s, strength, _, _ in _LEXICON}

# The leading look at an Arabic letter lets the engine skip other characters fast (every
# alternative starts with an Arabic letter).
_AR_PREFIX = r"(?=[\u0621-\u064a])(?<!\w)(?:و|ف|ب|ل|وب|ول|فب|ال|وال|بال|فال|لل|وبال|ولل|فلل|كال)?"
# One pass per text: the clitic prefix is factored out of the alternatives (much faster than
# one pattern per entry), and each entry is a named group.
_AR = re.compile(
    _AR_PREFIX + "(?:" + "|".join(f"(?P<{tag}>{fold(ar)})" for tag, _, _, _, ar, _ in _LEXICON) + ")(?!\\w)"
)
_EN = re.compile("(?=[a-z])(?<!\\w)(?:" + "|".join(f"(?P<{tag}>{en})" for tag, _, _, _, _, en in _LEXICON) + ")(?!\\w)")

# Words that cancel a trigger standing right after them (in the same clause).
NEGATIONS = set(
    fold(w).lower()
    for w in (
        "لم لن لا ليس ليست لسنا نفى نفت ينفي تنفي عدم دون بدون not no never denied denies deny without nor didn't didnt"
    ).split()
)
# Words that make any trigger after them in the clause hypothetical, future or a purpose.
HEDGES = set(
    fold(w)
    for w in (
        "سوف يتوقع يُتوقع متوقع توقعات توقع تخشى يخشى خشية مخاوف تخوف تخوفات محتمل محتملة المحتمل احتمال "
        "احتمالات ربما يبدو لعل إذا اذا لو يمكن ستكون سيتم يهدد تهدد تهديد تهديدات يعتزم تعتزم تستعد يستعد "
        "تخطط يخطط تسعى يسعى ترمي يرمي تهدف يهدف بهدف بغية سعيا تحاول يحاول أوامر بوجوب تطالب يطالب "
        "مطالبات دعا دعت تجنب رفض رفضت استباقا شائعات الكاذبة كاذبة حديث يستبعد تستبعد يستبعدون تتحول يتحول "
        "expected expects expect could may might would will plans plan planned planning threaten threatens "
        "threatened threat fear fears feared possible possibly likely aims aim aimed seek seeks seeking "
        "intend intends intended preparing prepare preparations bracing brace if warned warns unless potential "
        "rumours rumors ready stop stopping halt halting "
        "allegedly avoid للمطالبه المطالبه مطالبين مطالبه طالبوا طالبت demanding calling "
        "يرى يري محللون محللين المحلل analysts analyst believe believes "
        "accused accuses accusing blamed blames blaming condemned condemns condemning denounced denounces "
        "vowed vows pledged urged urges demanded demands "
        "متهمة متهم متهمين المتهمين المتهمة بتهمة responsible "
        "تندد يندد ندد نددت نددوا ينددون منددين تنديدا استنكر استنكرت استنكروا تستنكر يستنكر استنكارا "
        "تستهدف يستهدف تهاجم يهاجم تشن يشن تنفذ ينفذ تتبنى يتبنى تتعرض يتعرض تعتمد يعتمد"
    ).split()
)
# "Further clashes ... are likely in the coming weeks": a forecast whose verb follows the trigger.
FORECAST_VERBS = {"are", "is", "be", "remain", "remains", "seem", "seems", "appear", "appears"}
FORECASTS = {"likely", "unlikely", "expected", "possible", "probable", "set", "bound"}
# A hedge right after the trigger also cancels it ("هجوم محتمل", "اتفاق تسعى إليه").
HEDGES_AFTER = set(
    fold(w) for w in "محتمل محتملة المحتمل المحتملة مرتقب المرتقب تسعى يسعى possible planned expected".split()
)
RESULTS = set(fold(w) for w in "أدى ادى أسفر اسفر أسفرت اسفرت".split())
COUNTED_TIMES = set(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty several many multiple "
    "numerous dozens hundreds of".split()
)
AREAS = set(fold(w) for w in "مناطق نفوذ سيطرة areas zones".split())
# "أي انسحاب", "any attack": no particular event.
NEAR_HEDGES = set(fold(w) for w in "أي اي لأي لاي any".split())
# The trigger is the subject matter, not an event ("الخلاف حول فتح المعابر").
TOPICS = set(
    fold(w) for w in "حول بشأن بخصوص about over ناقش ناقشت ناقشوا بحث بحثت بحثوا تناول تناولت discussed discuss".split()
)
SERIES = set(
    fold(w)
    for w in (
        "سلسلة موجة تتكرر يتكرر تكرار تصاعد تزايد ازدياد وتيرة "
        "series wave string continue continues continuing regularly frequently "
        "often daily routinely repeatedly usually typically intensified intensify escalated stepped recently "
        "periodically occasionally sporadically تصاعدا تزايدا ازديادا"
    ).split()
)
WAVES = set(fold(w) for w in "موجة موجات wave waves".split())
ORDINALS = set(
    fold(w)
    for w in (
        "first second third fourth fifth new fresh another latest ثانية الثانية ثالثة الثالثة رابعة الرابعة جديدة "
        "الجديدة أخرى اخرى الأولى أولى"
    ).split()
)
SERIES_AFTER = set(
    fold(w)
    for w in (
        "متكررة متكرر متكررين متواصلة المتكررة مماثلة مماثل المماثلة repeated frequent regular similar every "
        "periodically"
    ).split()
)
# Subjects of "struck"/"strikes" that make it the explosion itself, not an air strike.
BLASTS = {"blast", "explosion", "bomb", "device", "mine", "landmine", "ied", "explosives", "bombs", "blasts"}
ATTRIBUTIVE = {"suspected", "alleged", "apparent", "reported", "deadly", "chemical", "latest", "recent"}
DEMONSTRATIVES = set(fold(w) for w in "هذا هذه تلك ذلك هذين هاتين this these that those such".split())
CAMPAIGN = set(fold(w) for w in "الحمله الحملات حمله العمليه عمليه campaign operation".split())
NOT_TROOPS = set(fold(w) for w in "السلاح الاسلحه المخدرات الفوضي الفساد الامراض الفقر weapons drugs".split())
STATE_VERBS = {"are", "is", "remain", "remains", "remained", "were"}
# Words before a weapon that make it the instrument of another act ("استخدموا ... قنبلة يدوية",
# "attacked the bus with ... rocket-propelled grenades"), not an explosion event of its own.
INSTRUMENT = set(fold(w) for w in "استخدموا استخدمت استخدم مستخدمين مستخدمة باستخدام used using with".split())
# Extra hedges for taking territory: an attempt or an aim is not a change of control.
CONTROL_HEDGES = set(
    fold(w) for w in "محاولة محاولات تحاول يحاول حاولت حاول attempt attempted attempts trying tried".split()
)

_AR_LETTERS = re.compile(r"[\u0600-\u06ff]")


@dataclass(frozen=True, slots=True)
class Trigger:
    type: TriggerType
    start: int
    end: int
    text: str
    definite: bool = False  # "الاجتماع", "the meeting": refers to an event already reported


def find_triggers(text: str, start: int = 0, end: int | None = None, *, english: bool = False) -> list[Trigger]:
    """Trigger words in ``text[start:end]`` (normalised text), in order, unfiltered."""
    end = len(text) if end is None else end
    pattern = _EN if english else _AR
    out = []
    for m in pattern.finditer(text, start, end):
        tag = m.lastgroup
        s, e = m.span(tag)
        prefix = text[m.start() : s]
        definite = "ال" in prefix or "لل" in prefix or text[max(0, s - 4) : s] == "the "
        out.append(Trigger(TYPES[tag], s, e, m.group(tag), definite))
    return out


@lru_cache(maxsize=65536)  # pure, called for every word around triggers and names
def _strip(token: str) -> str:
    if _AR_LETTERS.match(token):
        token = strip_clitic(token, "وف")
    if len(token) > 4 and token.startswith("ال"):
        token = token[2:]
    return token


@dataclass(frozen=True, slots=True)
class _Context:
    """A trigger's words: the clause's before it (nearest first) and after it, the sentence's
    before it (nearest first), and its tag."""

    before: list[str]
    after: list[str]
    sentence_before: list[str] | None
    tag: str


def cancelled(
    words_before: list[str], words_after: list[str], *, sentence_before: list[str] | None = None, tag: str = ""
) -> str | None:
    """Why a trigger does not report an event, or None when it stands.

    ``words_before`` are the clause words before the trigger (nearest first), ``words_after``
    the clause words after it, ``sentence_before`` all sentence words before it (nearest
    first): a hedge or a purpose ("ترمي روسيا من ... إلى ... وتعزيز انتشار") governs the rest of
    the sentence, a negation only the words right after it. The checks run in ``_CHECKS`` order."""
    context = _Context(words_before, words_after, sentence_before, tag)
    for check in _CHECKS:
        reason = check(context)
        if reason is not None:
            return reason
    return None


def _negated(c: _Context) -> str | None:
    near = [_strip(w) for w in c.before[:4]]
    for i, word in enumerate(near):
        if word in NEGATIONS and not (word == "لا" and i == 0 and c.after[:1] == ["سيما"]):
            return "negated"
    return "hypothetical" if any(w in NEAR_HEDGES for w in near[:3]) else None


def _hedged(c: _Context) -> str | None:
    """A hedge or a purpose anywhere before the trigger in the sentence, up to a result."""
    scope = c.sentence_before if c.sentence_before is not None else c.before
    for i, raw in enumerate(scope):
        word = _strip(raw)
        if word in RESULTS:
            return None  # "بعد أن رفض التوقف، ما أدى إلى مقتله": what followed happened
        if word in HEDGES or (c.tag in {"control", "arrest"} and word in CONTROL_HEDGES):
            return "hypothetical"
        if word == "قد" and i > 0:
            following = scope[i - 1]
            if following[:1] in {"ي", "ت", "ن"} and not following.endswith("ت"):
                return "hypothetical"
    return None


def _hedged_after(c: _Context) -> str | None:
    after = c.after
    if any(_strip(w) in HEDGES_AFTER for w in after[:3]):
        return "hypothetical"
    if any(w in FORECAST_VERBS and after[i + 1 : i + 2] and after[i + 1] in FORECASTS for i, w in enumerate(after[:8])):
        return "hypothetical"
    return None


def _series_after(c: _Context) -> str | None:
    instrument = c.tag in {"shell", "air", "grenade"} and c.before[:1] and c.before[0].startswith("ب")
    if not instrument and any(_strip(w) in SERIES_AFTER or w in SERIES_AFTER for w in c.after[:2]):
        # ("بقذائف مماثلة": answered with similar shells, not a series of earlier ones)
        return "series"
    if c.after[:2] and any(_strip(w) in {"تسعي", "يسعي", "سيتم", "will", "would"} for w in c.after[:4]):
        return "hypothetical"
    return None


def _instrument(c: _Context) -> str | None:
    if c.tag in {"grenade", "shell"} and any(
        _strip(w) in INSTRUMENT and (c.tag == "grenade" or w != "with") for w in c.before[:7]
    ):
        return "instrument"
    if any(
        w == "had" and c.before[i + 1 : i + 2] and c.before[i + 1] in {"who", "which", "that"}
        for i, w in enumerate(c.before[:3])
    ):
        return "background"  # "cells who had carried out attacks": earlier deeds, not this event
    return None


def _reference(c: _Context) -> str | None:
    before = c.before
    # (with a clitic prefix the trigger's own word comes first in ``words_before``)
    if any(_strip(w) in DEMONSTRATIVES for w in before[:2]):
        return "reference"  # "هذا الانتشار", "these attacks": an event already reported, or none
    if c.tag == "air" and any(w in BLASTS for w in before[:2]):
        return "reference"  # "the blast struck the last vehicle": the explosion reported, not an air strike
    if c.tag == "kill" and before[:1] and before[0] in {"those", "the"}:
        return "reference"  # "those killed included six women": the toll already reported
    if before[:1] == ["being"] and any(w in {"are", "is"} for w in before[1:3]):
        return "state"  # "are being targeted by airstrikes": a state of affairs
    return None


def _campaign_or_state(c: _Context) -> str | None:
    before, after, sentence_before = c.before, c.after, c.sentence_before
    if c.tag == "target" and (
        any(_strip(w) in CAMPAIGN for w in before[:2])
        or (sentence_before and any(_strip(w) in CAMPAIGN for w in sentence_before[-2:]))
    ):
        return "campaign"  # "الحملة استهدفت خلايا": whom an arrest campaign was after
    if c.tag == "deploy" and (
        (after[:1] and (after[0] in NOT_TROOPS or _strip(after[0]) in NOT_TROOPS))
        or (before[:1] and before[0] in STATE_VERBS)
    ):
        return "state"  # "انتشار السلاح", "militias are deployed across": not a deployment
    return None


def _series_before(c: _Context) -> str | None:
    if any(_strip(w) in SERIES_AFTER or w in SERIES_AFTER for w in c.before[:2]):
        return "series"  # "غارات مماثلة استهدفت": similar strikes before
    after = c.after
    if "times" in after and any(
        w == "times" and i > 0 and (after[i - 1].isdigit() or after[i - 1] in COUNTED_TIMES)
        for i, w in enumerate(after)
    ):
        return "series"  # "have struck militia positions at least five times this month": a tally
    if c.tag == "deploy" and any(_strip(w) in AREAS for w in c.before[:2]):
        return "state"  # "مناطق النفوذ والانتشار": areas, not a deployment
    return None


def _topic_or_past(c: _Context) -> str | None:
    before = c.before
    if any(_strip(w) in TOPICS for w in before[:2]) or (
        # "about Tuesday's suspected attack", "discussed the alleged attack"
        len(before) > 2 and _strip(before[2]) in TOPICS and before[0] in ATTRIBUTIVE
    ):
        return "topic"
    for i, w in enumerate(before[:3]):
        if len(w) == 4 and w.isdigit() and 1900 <= int(w) <= 2099 and before[i + 1 : i + 2] == ["the"]:
            return "background"  # "the 2013 Ghouta attack": a past event named, not reported
    if any(_strip(w) in SERIES and not _one_bout(before, i) for i, w in enumerate(before[:6])):
        return "series"
    return None


# The checks of ``cancelled``, in the order they are tried (the first reason found is given).
_CHECKS = (
    _negated,
    _hedged,
    _hedged_after,
    _series_after,
    _instrument,
    _reference,
    _campaign_or_state,
    _series_before,
    _topic_or_past,
)


def _one_bout(words_before: list[str], i: int) -> bool:
    """ "a second wave of strikes", "موجة ثانية من الغارات": a wave with an ordinal is one bout of
    the incident reported, not a series of earlier ones ("a wave of assassinations")."""
    if _strip(words_before[i]) not in WAVES:
        return False
    # nearest first: the English ordinal comes before "wave" (i + 1), the Arabic one after it (i - 1)
    neighbours = words_before[i + 1 : i + 2] + (words_before[i - 1 : i] if i > 0 else [])
    return any(w in ORDINALS or _strip(w) in ORDINALS for w in neighbours)
