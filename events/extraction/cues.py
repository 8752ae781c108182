"""Cue words and patterns the stages share (both languages, folded forms).

Moved out of the old one-class extractor unchanged; what is specific to one language is on its
way into the language packs (``events.extraction.lang``).
"""

from __future__ import annotations

import re

from events.extraction.assemble import EXPLOSION_FAMILIES
from events.extraction.normalize import fold, strip_clitic

DIRECTIONS = {
    "eastern": {fold(w) for w in "شرق شرقي الشرق الشرقي بشرق east eastern".split()},
    "western": {fold(w) for w in "غرب غربي الغرب الغربي بغرب west western".split()},
    "northern": {fold(w) for w in "شمال شمالي الشمال الشمالي بشمال north northern".split()},
    "southern": {fold(w) for w in "جنوب جنوبي الجنوب الجنوبي بجنوب south southern".split()},
}
DIRECTION_SKIP = {
    fold(w) for w in "من مدينة محافظة ريف بريف الريف بالريف الى إلى في of the city province countryside".split()
}
LOCATIVE = {
    fold(w)
    for w in (
        "في من الى إلى قرب بالقرب مدينة مدينتي بلدة بلدات بلدتي قرية قرى حي ريف بريف محافظة منطقة مناطق "
        "شرق غرب شمال جنوب شرقي غربي شمالي جنوبي مخيم معبر قاعدة حقل دوار طريق جسر سد مطار ساحة شارع "
        "in at near from to into outside "
        "town city village province camp base"
    ).split()
}
OUTLETS = {fold(w) for w in "موقع شبكة وكالة صحيفة قناة جريدة إذاعة website network agency outlet".split()}
ANNOUNCE = {fold(w) for w in "اعلن اعلنت أعلن أعلنت أعلنوا announced declared said".split()}
VICTIMS = {
    fold(w)
    for w in (
        "اشخاص شخصا شخص أشخاص مدنيين مدنيا مدني شبان شابا مواطنين مواطنا أهالي الأهالي نساء أطفال "
        "امرأة امراة طفل طفلة رجل شاب راع مزارع وجيه الشيخ مختار "
        "طفلين أطفال طفلا امرأتين نساء موظف مدرس معلم طبيب "
        "people civilians residents villagers men youths woman child man boy girl farmer shepherd official "
        "officials activist journalist teacher doctor worker workers children women"
    ).split()
}
COUNTRYSIDE = {fold(w) for w in "ريف بريف الريف بالريف وريف countryside".split()}
# Heavy weapons that make "targeting" a shelling ("ردت قسد باستهداف مواقع ... بالأسلحة الثقيلة").
HEAVY = {fold(w) for w in "الثقيله بالمدفعيه المدفعيه بالصواريخ بالقذائف بقذائف artillery rockets mortars".split()}
# A clause answering an attack is a new event with the sides swapped ("ردت القوات الأميركية بقصف").
RESPONSE = {fold(w) for w in "ردت رد ردا وردت ورد ردت responded retaliated retaliation retaliating".split()}
# "the town", "البلدة": the place already named.
ANAPHORA = {fold(w) for w in "البلده بالبلده المدينه بالمدينه القريه بالقريه town village city".split()}
QUOTE_MARKS = {'"', "«", "»", "“", "”"}
REPORTING = {fold(w) for w in "said says told added قال قالت اضاف اضافت وقال وقالت واضاف واضافت".split()}
RAID = ("raid", "مداهم", "دهم", "داهم")
PROVINCE_AFTER = {"province", "governorate"}
AIRCRAFT = {"jets", "warplanes", "aircraft", "planes", "drones", "drone", "helicopters", "helicopter", "warplane"}
ARTILLERY = {
    fold(w) for w in "مدفعي مدفعيه المدفعيه صاروخي صاروخيه الهاون هاون قذائف صواريخ راجمات المدفعي الصاروخي".split()
}
PROVINCE_BEFORE = {fold(w) for w in "محافظة بمحافظة لمحافظة ومحافظة governorate province".split()}
REPORT_DATE_CUES = {"said", "says", "told", "reported", "announced", "added", "rose", "risen", "climbed", "reached"}
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
AWAY = {fold(w) for w in "بعيدا بعيد away".split()}
TOWN_BEFORE = {fold(w) for w in "في in at near of قرب بمدينة مدينة بلدة ببلدة".split()}
LATTER = re.compile(r"(?<!\w)[وفب]?(?:الاخيره|للاخيره)(?!\w)|(?<![\w-])the latter(?![\w-])")
DEMONSTRATIVE_WORDS = {"هذه", "وهذه", "تلك", "وتلك"}
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
AFTER_CONNECTORS = {fold(w) for w in "عقب اثر إثر بعد after following".split()}
MACHINE_GUN = re.compile(r"رشاش|machine")
ESTIMATE_VERBS = {fold(w) for w in "put puts estimated estimates قدرت قدر تقدر يقدر وقدرت".split()}
ACCUSING = {
    fold(w)
    for w in "accused accusing accuses blamed blaming blames urged urging اتهمت اتهم واتهمت واتهم حملت وحملت".split()
}
SPEAKING = {"said", "says", "denied", "denies", "accused", "accuses", "announced", "warned", "claimed", "insists"}
OPEN_GLOSS = re.compile(r"\s*\(\s*")
CLOSE_GLOSS = re.compile(r"\s*\)")
EARLIER = {fold(w) for w in "earlier previously initially initial first سابقا السابقه سابقه اوليه".split()}
TOLL_NOUNS = {fold(w) for w in "toll number figure الحصيله حصيله عدد".split()}
INCIDENT_FAMILIES = {"violence", "arrest", "protest", "abduct", *EXPLOSION_FAMILIES}
RETOLD_FAMILIES = {"violence", "arrest", "abduct", *EXPLOSION_FAMILIES}
VIOLENT = {"violence", *EXPLOSION_FAMILIES}
REGION_REACH_KM = 60.0  # an informal region ("ريف دير الزور الشرقي") is a point with about this reach
# English sentences that tell history rather than the news: "clashes last year", "similar
# protests", "raids of this kind", "the latest in a series", "came two weeks after"
YEARS_AFTER = r"(?<![\w-])[\w-]+ (?:years|decades) (?:after|since)(?![\w-])"
BACKGROUND_EN = re.compile(
    r"(?<![\w-])(?:last year|earlier this year|(?:a|the) series of|latest in a series|similar"
    r"|of (?:this|its) kind|once before|(?:has|have) long|(?:came|comes|come) (?:[\w-]+ ){0,3}after)(?![\w-])"
    r"|" + YEARS_AFTER
)
# "Five years after the group lost its last village": history even where no incident came before
YEARS_AFTER_EN = re.compile(YEARS_AFTER)
TOLL_UPDATE_EN = re.compile(
    r"(?<![\w-])toll(?: [\w-]+){0,4} (?:rose|risen|rises|climbed|increased|reached|jumped)(?![\w-])"
)
# A definite noun for an incident already told ("the attack", "the raid", "the attackers"); a
# sentence that names one retells it, unless it says the incident is another one.
REFERENCE_EN = re.compile(
    r"(?<![\w-])the (?:attacks?|attackers|strikes?|ambush|raid|blast|explosion|bombing|operation|shooting"
    r"|killing|assault|clash|clashes|drone|gunmen|militants|incident)(?![\w-])"
)
SEPARATE_EN = re.compile(
    r"(?<![\w-])(?:separate|separately|another|second wave|elsewhere|in (?:retaliation|response)"
    r"|(?:came|comes|come) (?:[\w-]+ ){0,3}after)(?![\w-])"
)
# "A second wave hit a logistics site", "وطالت موجة ثانية": the next bout of the strikes just told
NEXT_WAVE = re.compile(
    r"(?<![\w-])(?:(?:second|third|fourth|new|fresh|further|another) waves?|موج(?:ه|ات) (?:ثانيه|ثالثه|جديده|اخري))"
    r"(?![\w-])"
)
DAYS_AFTER_EN = re.compile(r"(?<![\w-])(a|one|the|two|three|four|five|six) days? after(?![\w-])")
BACKGROUND_GAP_DAYS = 10  # a dated incident this long before the lede's, and before publication, is recalled
SHELLS = {fold(w) for w in "قذائف قذيفه صواريخ صاروخ rockets missiles mortars shells mortar".split()}


def strip_bw(word: str) -> str:
    """A leading "ب" or "و" off a word of more than three letters."""
    return strip_clitic(word, "بو")
