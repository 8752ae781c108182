"""Cue words and patterns the stages share.

The word sets are the union of the language packs' sets of the same name (``lang/<code>/
words.toml``); the regular expressions below are still written for both languages at once and
are the next candidates for the packs (the patterns written for one language are the packs'
``patterns.toml``).
"""

from __future__ import annotations

import re

from events.extraction.assemble import EXPLOSION_FAMILIES
from events.extraction.lang import words
from events.extraction.normalize import fold, strip_clitic

DIRECTIONS = {d: words(f"direction_{d}") for d in ("eastern", "western", "northern", "southern")}
DIRECTION_SKIP = words("direction_skip")
LOCATIVE = words("locative")
OUTLETS = words("outlets")
ANNOUNCE = words("announce")
VICTIMS = words("victims")
COUNTRYSIDE = words("countryside")
# Heavy weapons that make "targeting" a shelling ("ردت قسد باستهداف مواقع ... بالأسلحة الثقيلة").
HEAVY = words("heavy")
# A clause answering an attack is a new event with the sides swapped ("ردت القوات الأميركية بقصف").
RESPONSE = words("response")
# "the town", "البلدة": the place already named.
ANAPHORA = words("anaphora")
QUOTE_MARKS = {'"', "«", "»", "“", "”"}
REPORTING = words("reporting")
RAID = ("raid", "مداهم", "دهم", "داهم")
PROVINCE_AFTER = words("province_after")
AIRCRAFT = words("aircraft")
ARTILLERY = words("artillery")
PROVINCE_BEFORE = words("province_before")
REPORT_DATE_CUES = words("report_date_cues")
MILITIA_KINDS = {"foreign_backed_militia", "pro_government_militia", "tribal_force"}
FORCE_KINDS = {"state_force", "kurdish_led_force", "foreign_state_force", "coalition", *MILITIA_KINDS}
GROUP_KINDS = {"jihadist_group", "rebel_group", "foreign_backed_militia", "pro_government_militia", "tribal_force"}
ANAPHOR_KINDS = {
    **{fold(w): MILITIA_KINDS for w in "ميليشيا ميليشيات مليشيا مليشيات militia militias".split()},
    **{fold(w): FORCE_KINDS for w in "قوات forces".split()},
    **{fold(w): GROUP_KINDS for w in "جماعه فصائل فصيل group militants faction".split()},
}
ANAPHOR = re.compile(
    r"(?<!\w)[وفب]?(?:ل)?(?:هذه|تلك|هاتين) (?P<ar>ال(?:ميليشيا|ميليشيات|مليشيا|مليشيات|قوات|جماعه|فصائل|فصيل))(?!\w)"
    r"|(?<![\w-])(?:the|this|these|that|those) (?P<en>militia|militias|group|militants|faction|forces)(?![\w-])"
)
AWAY = words("away")
TOWN_BEFORE = words("town_before")
LATTER = re.compile(r"(?<!\w)[وفب]?(?:الاخيره|للاخيره)(?!\w)|(?<![\w-])the latter(?![\w-])")
DEMONSTRATIVE_WORDS = words("demonstrative_words")
CAUSE = re.compile(r"(?<!\w)(?:[وف]?(?:ردا|رد) علي|in (?:retaliation|response) (?:for|to))(?!\w)")
DATELINE = re.compile(r"[ ,]*(?:\([^()\n]{2,30}\))?\s*[-–—]+\s")
# Words before a state's name that make it a place ("in Iraq", "قادماً من العراق", "داخل الأراضي").
STATE_PLACE = re.compile(
    r"(?<![\w-])(?:in|into|inside|across|(?:coming|crossing|entering|arriving|returning) from)"
    r"(?: (?:neighbouring|neighboring|western|eastern|northern|southern))? $"
    r"|(?<!\w)(?:[وف]?(?:قادم(?:ا|ه|ين)?|قادمه|عائد(?:ا|ه|ين)?) من|[وب]?داخل|[وف]?(?:الي|في)) (?:الاراضي )?$"
)
# A wire dateline naming where the report was filed ("DAMASCUS, Syria (AP) —", "Beirut (AFP) -",
# "WASHINGTON/BEIRUT (Reuters) -", "QAMISHLI, Syria (North Press) –"): not where the event was.
DATELINE_PREFIX = re.compile(r"\s*(?:[^\W\d]['.\w -]{1,25}/)?")
DATELINE_SUFFIX = re.compile(r"(?:,[^\n,()–—-]{2,30})?\s*\([^()\n]{2,30}\)\s*[-–—]")
AFTER_CONNECTORS = words("after_connectors")
MACHINE_GUN = re.compile(r"رشاش|machine")
ESTIMATE_VERBS = words("estimate_verbs")
ACCUSING = words("accusing")
SPEAKING = words("speaking")
OPEN_GLOSS = re.compile(r"\s*\(\s*")
CLOSE_GLOSS = re.compile(r"\s*\)")
EARLIER = words("earlier")
TOLL_NOUNS = words("toll_nouns")
INCIDENT_FAMILIES = {"violence", "arrest", "protest", "abduct", *EXPLOSION_FAMILIES}
RETOLD_FAMILIES = {"violence", "arrest", "abduct", *EXPLOSION_FAMILIES}
VIOLENT = {"violence", *EXPLOSION_FAMILIES}
REGION_REACH_KM = 60.0  # an informal region ("ريف دير الزور الشرقي") is a point with about this reach
# "A second wave hit a logistics site", "وطالت موجة ثانية": the next bout of the strikes just told
NEXT_WAVE = re.compile(
    r"(?<![\w-])(?:(?:second|third|fourth|new|fresh|further|another) waves?|موج(?:ه|ات) (?:ثانيه|ثالثه|جديده|اخري))"
    r"(?![\w-])"
)
BACKGROUND_GAP_DAYS = 10  # a dated incident this long before the lede's, and before publication, is recalled
SHELLS = words("shells")


def strip_bw(word: str) -> str:
    """A leading "ب" or "و" off a word of more than three letters."""
    return strip_clitic(word, "بو")
