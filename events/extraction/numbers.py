"""Casualty figures from digits and Arabic/English number words.

Works on the tokens of one sentence (normalised: folded letters, lower case, ASCII digits).
A figure is a number bound to a casualty cue next to it:

- number then cue: "12 قتيلا", "5 قتلى", "ثلاثة جرحى", "12 people were killed";
- cue then number: "مقتل ثلاثة عناصر", "إصابة ثمانية", "اعتقلت حوالي 40 شخصا", "killing at
  least 12", "arrested 40";
- a cue before a singular person noun counts one: "مقتل قيادي", "قتلت ... القيادي",
  "إصابة المدعو ...", "أحد ضباطهم قتيلا", "killed a commander".

Figures of the same kind in one sentence are added up ("إصابة ثمانية عناصر من الحرس الثوري،
ومقتل ثلاثة عناصر أفغان" gives 8 wounded and 3 killed; "مقتل 3 من قسد و2 من داعش" 5 killed).
Vague plurals ("سقوط قتلى وجرحى") give no figure. "عشرات"/"dozens" count 12, "مئات"/"hundreds"
100, following ACLED's conventions for vague counts.
"""

from __future__ import annotations

import re

from events.extraction.lang import pack

_UNITS_AR = dict(pack("ar").numbers["units"])
_TENS_AR = dict(pack("ar").numbers["tens"])
_BIG_AR = dict(pack("ar").numbers["hundreds"])
_VAGUE = {"عشرات": 12, "مئات": 100, "dozens": 12, "hundreds": 100, "scores": 20}
_UNITS_EN = dict(pack("en").numbers["units"])
_TENS_EN = dict(pack("en").numbers["tens"])
# The one table of number words (folded forms), for casualty figures and for dates alike.
NUMBER_WORDS: dict[str, int] = {**_UNITS_AR, **_TENS_AR, **_BIG_AR, **_UNITS_EN, **_TENS_EN}


def number_word(word: str) -> int | None:
    """The value of one number word ("nine", "تسعه", "twenty", "عشرين"), or None."""
    return NUMBER_WORDS.get(word)


# Dual nouns that are a count of two people on their own.
_DUAL = {
    "عنصرين",
    "قتيلين",
    "جريحين",
    "شابين",
    "طفلين",
    "ضابطين",
    "جنديين",
    "شخصين",
    "عنصران",
    "قتيلان",
    "جريحان",
    "شابان",
    "طفلان",
    "ضابطان",
    "جنديان",
    "شخصان",
    "قياديان",
    "مدنيان",
}

KILLED, WOUNDED, CAPTURED = "killed", "wounded", "captured"

# Cues that follow a number ("12 قتيلا") and cues that precede it ("مقتل 12").
_AFTER = {
    KILLED: {
        "قتيل",
        "قتيلا",
        "قتلي",
        "قتلا",
        "قتيلين",
        "شهيد",
        "شهيدا",
        "شهداء",
        "جثه",
        "جثث",
        "killed",
        "dead",
        "deaths",
        "fatalities",
        "died",
        "bodies",
    },
    WOUNDED: {
        "جريح",
        "جريحا",
        "جرحي",
        "جريحين",
        "مصاب",
        "مصابا",
        "مصابين",
        "اصابات",
        "wounded",
        "injured",
        "injuries",
        "hurt",
        "casualties",
    },
    CAPTURED: {
        "اسير",
        "اسيرا",
        "اسري",
        "معتقل",
        "معتقلا",
        "معتقلين",
        "مختطفا",
        "مختطفين",
        "موقوفين",
        "detained",
        "arrested",
        "captured",
        "abducted",
        "kidnapped",
        "detainees",
        "prisoners",
    },
}
_BEFORE = {
    KILLED: {
        "مقتل",
        "قتل",
        "قتلت",
        "قتلوا",
        "قتلا",
        "مصرع",
        "استشهاد",
        "اعدام",
        "اعدمت",
        "تصفيه",
        "killing",
        "killed",
        "kills",
        "kill",
        "executed",
        "executing",
        "toll",
    },
    WOUNDED: {
        "اصابه",
        "اصيب",
        "اصيبت",
        "اصيبوا",
        "جرح",
        "جرحت",
        "اصابت",
        "wounding",
        "wounded",
        "injuring",
        "injured",
        "wounds",
    },
    CAPTURED: {
        "طالت",  # "حملة اعتقالات طالت 15 شاباً": a campaign that took 15
        "شملت",
        "اسر",
        "اسرت",
        "اسروا",
        "اعتقال",
        "اعتقل",
        "اعتقلت",
        "اعتقلوا",
        "اختطاف",
        "اختطفت",
        "خطف",
        "خطفت",
        "احتجاز",
        "احتجزت",
        "توقيف",
        "arresting",
        "arrested",
        "arrest",
        "detaining",
        "detained",
        "capturing",
        "captured",
        "abducted",
        "abducting",
        "kidnapped",
        "kidnapping",
        "seized",
    },
}
# Verbs: the object may come after the subject ("قتلت قوات سوريا الديمقراطية ... القيادي").
_VERB_CUES = {
    "قتلت",
    "قتلوا",
    "اعتقلت",
    "اعتقلوا",
    "اعتقل",
    "اسرت",
    "اسروا",
    "اختطفت",
    "خطفت",
    "احتجزت",
    "اعدمت",
    "killed",
    "arrested",
    "detained",
    "captured",
    "abducted",
    "kidnapped",
    "executed",
}
_SINGULAR_PERSON = {
    "قيادي",
    "القيادي",
    "قائد",
    "القائد",
    "عنصر",
    "العنصر",
    "شخص",
    "الشخص",
    "مدني",
    "المدني",
    "طفل",
    "الطفل",
    "طفله",
    "شاب",
    "الشاب",
    "ضابط",
    "الضابط",
    "جندي",
    "الجندي",
    "رجل",
    "الرجل",
    "امراه",
    "المراه",
    "المدعو",
    "مقاتل",
    "المقاتل",
    "مسؤول",
    "المسؤول",
    "امير",
    "الامير",
    "commander",
    "soldier",
    "fighter",
    "civilian",
    "man",
    "woman",
    "child",
    "member",
    "leader",
    "officer",
    "boy",
    "girl",
    "militant",
    "gunman",
    "jihadist",
}
_SINGULAR_PERSON |= {
    "الشيخ",
    "شيخ",
    "وجيه",
    "الوجيه",
    "مختار",
    "المختار",
    "الطبيب",
    "طبيب",
    "المعلم",
    "راع",
    "الراعي",
    "contractor",
    "worker",
    "journalist",
    "doctor",
    "teacher",
    "farmer",
    "shepherd",
    "sheikh",
    "official",
    "activist",
    "موظف",
    "الموظف",
    "تاجر",
    "التاجر",
    "trader",
    "merchant",
    "driver",
    "smuggler",
    "student",
    "resident",
    "villager",
    "teenager",
    "youth",
    "guard",
    "policeman",
    "elder",
    "notable",
    "co-chair",
    "chair",
    "chairman",
    "mayor",
    "engineer",
    "nurse",
    "سائق",
    "السائق",
    "مهرب",
    "المهرب",
    # one person named through another: "قتل القيادي وأصيب مرافقه"
    "مرافقه",
    "مرافقها",
    "سائقه",
    "شقيقه",
    "نجله",
    "ابنه",
    "زوجته",
}
# "قيادي في قسد واثنان من مرافقيه": companions counted after a singular person.
_ESCORTS = ("مرافقي", "عناصر", "رفاق", "حراس", "his ")
# "امرأة وطفلها": a second singular person joined to the first.
_COMPANION_PERSON = ("طفل", "ابن", "زوج", "شقيق", "امراه", "رجل", "شاب", "والد", "son", "wife", "husband", "child")
_ASSASSINATION = {"اغتال", "اغتالت", "اغتالوا", "assassinated"}
_VERB_CUES |= _ASSASSINATION | {"dead"}  # "shot dead a council official"
# Cues that are a verb when they open a clause and a noun elsewhere (see verb_opening_clause).
_CLAUSE_OPENING_VERBS = {"قتل", "خطف"}
_BEFORE[KILLED] |= {"dead"}
_BEFORE[KILLED] |= _ASSASSINATION
_FILLERS = {
    "فيها",  # "اشتباكات قُتل فيها أربعة عناصر"
    "فيه",
    "خلالها",
    "حوالي",
    "نحو",
    "قرابه",
    "زهاء",
    "اكثر",
    "اقل",
    "من",
    "ما",
    "لا",
    "يقل",
    "عن",
    "يزيد",
    "اخرين",
    "at",
    "least",
    "about",
    "around",
    "nearly",
    "some",
    "more",
    "than",
    "over",
    "up",
    "to",
    "a",
    "an",
    "the",
    "of",
    "approximately",
    "almost",
    "roughly",
    "another",
    "rose",
    "risen",
    "rises",
    "climbed",
    "reached",
    "stood",
    "stands",
    "jumped",
    "ارتفع",
    "ارتفعت",
    "الي",
    "وصل",
    "بين",  # "مقتل ما بين 3 و5": a range read with its lower figure
    "between",
}
_PERSON_NOUNS = {
    "مواطنين",
    "مواطنا",
    "مسلحين",
    "مسلحا",
    "نساء",
    "gunmen",
    "jihadists",
    "residents",
    "guards",
    "policemen",
    "عناصر",
    "عنصرا",
    "عنصر",
    "اشخاص",
    "شخصا",
    "شخص",
    "مدنيين",
    "مدنيا",
    "مدني",
    "اطفال",
    "طفلا",
    "مقاتلين",
    "مقاتلا",
    "جنود",
    "جنديا",
    "ضباط",
    "ضابطا",
    "قياديين",
    "قياديا",
    "شبان",
    "شابا",
    "افغان",
    "من",
    "people",
    "persons",
    "civilians",
    "fighters",
    "soldiers",
    "members",
    "troops",
    "militants",
    "militiamen",
    "children",
    "men",
    "women",
    "others",
    "were",
    "was",
    "have",
    "had",
    "been",
    "are",
    "reportedly",
    "and",
    "also",
    "more",
}
_DIGITS = re.compile(r"^\d{1,5}$")
# "between three and five", "ما بين 3 و5", "two or three", "three to five": the lower figure,
# following ACLED's rule of the most conservative count.
_RANGE_BEFORE = {"between", "بين"}
_RANGE_JOIN = {"or", "to", "او", "الي"}
# "قتل عنصران ... وأحد مقاتلي العشائر": one more person after a figure.
_ONE_MORE = {"واحد", "واحدي"}
_ONE_MORE_NEXT = ("مقاتل", "عناصر", "عنصر", "جنود", "مسلح", "افراد", "المقاتل", "العناصر", "من", "مدني", "المدني")
# "Another member sustained injuries", "one soldier later died of his wounds".
_ANOTHER = {"another", "one"}
_LATER_CUES = {
    WOUNDED: {"wounded", "injured", "injuries", "injury", "hurt", "wounds"},
    KILLED: {"killed", "died", "dead"},
}


def _strip_waw(token: str) -> str:
    if token.startswith("و") and (len(token) > 2 or token[1:].isdigit()):
        return token[1:]
    return token


# Words before a four-digit number that make it a year ("7 July 2016", "since 2011", "عام 2019").
_YEAR_BEFORE = {
    "in",
    "since",
    "of",
    "year",
    "during",
    "until",
    "early",
    "late",
    "mid",
    "عام",
    "العام",
    "لعام",
    "سنه",
    "منذ",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "كانون",
    "شباط",
    "اذار",
    "نيسان",
    "ايار",
    "حزيران",
    "تموز",
    "اب",
    "ايلول",
    "تشرين",
    "يناير",
    "فبراير",
    "مارس",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "اغسطس",
    "سبتمبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "الثاني",
    "الاول",
}
# Words that introduce a part of a toll already given: "including five children", "بينهم طفلان".
_SUBSET_BEFORE = {"including", "among", "incl", "بينهم", "بينهن", "منهم", "منهن", "بينها", "ضمنهم"}
_SUBSET_AFTER = ({"of", "them"}, {"among"}, {"منهم"}, {"بينهم"})


def _is_year(tokens: list[str], i: int, value: int) -> bool:
    """A four-digit number after a month, a day or "in/since/عام" is a year, not a toll."""
    if not 1900 <= value <= 2100:
        return False
    previous = [_strip_waw(t) for t in tokens[max(0, i - 2) : i]]
    if any(w in _YEAR_BEFORE or w.isdigit() for w in previous) or i == 0:
        return True
    following = tokens[i + 1] if i + 1 < len(tokens) else ""
    return 1990 <= value <= 2030 and following not in _PERSON_NOUNS and not any(following in c for c in _AFTER.values())


def _is_subset(tokens: list[str], i: int, j: int) -> bool:
    """ "including five children", "eight of them children", "six children were among those killed",
    "بينهم ثلاثة أطفال": a part of a figure given before it, not a figure to add."""
    k, steps = i - 1, 0
    while k >= 0 and steps < 3:
        token = _strip_waw(tokens[k])
        if token in _SUBSET_BEFORE:
            return True
        if token not in _FILLERS and token not in {"من"}:
            break
        k -= 1
        steps += 1
    after = tokens[j : j + 4]
    if after[:2] == ["of", "them"] or (after[:1] and _strip_waw(after[0]) in {"منهم", "بينهم"}):
        return True
    return "among" in after and "them" not in after[:1] and any(w in {"those", "the", "them"} for w in after)


def _range_end(tokens: list[str], i: int, j: int) -> int | None:
    """The index after the upper figure when the figure at ``i`` (ending at ``j``) opens a range."""
    if j >= len(tokens):
        return None
    before = _strip_waw(tokens[i - 1]) if i > 0 else ""
    join = tokens[j]
    if join in {"and", "و"} and before in _RANGE_BEFORE:
        upper = parse_number(tokens, j + 1)
    elif join.startswith("و") and len(join) > 1 and before in _RANGE_BEFORE:
        upper = parse_number(tokens, j)  # "بين 3 و5": the conjunction is a clitic
    elif join in _RANGE_JOIN and before not in {"from", "من"}:  # "rose from 3 to 5" is an update
        upper = parse_number(tokens, j + 1)
    else:
        return None
    return upper[1] if upper else None


def _whole(tokens: list[str], i: int, j: int, kind: str) -> bool:
    """With no figure before it, a figure after "among" or a kill verb's "N of them" is the whole
    toll: "a minister among 12 dead", "ambushed a convoy, killing eight of them" (of the convoy)."""
    k = i - 1
    while k >= 0 and _strip_waw(tokens[k]) in _FILLERS - {"of", "the"}:  # "among the 23 killed" restates
        k -= 1
    before = _strip_waw(tokens[k]) if k >= 0 else ""
    if before == "among":
        return True
    return tokens[j : j + 2] == ["of", "them"] and before in _BEFORE[kind]


def parse_number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The number starting at token ``i`` and the index after it, or None."""
    token = _strip_waw(tokens[i]) if i < len(tokens) else ""
    if not token:
        return None
    if _DIGITS.match(token):
        value = int(token)
        if len(token) == 4 and _is_year(tokens, i, value):
            return None
        return value, i + 1
    if token in _VAGUE:
        return _VAGUE[token], i + 1
    if token in _DUAL:
        return 2, i + 1
    if token == "dozen":
        return 12, i + 1
    if token in _UNITS_EN or token in _TENS_EN:
        return _english_number(tokens, i, token)
    if token in _UNITS_AR:
        return _arabic_number(tokens, i, token)
    if token in _TENS_AR:
        return _TENS_AR[token], i + 1
    if token in _BIG_AR:
        return _BIG_AR[token], i + 1
    return None


def _english_number(tokens: list[str], i: int, token: str) -> tuple[int, int]:
    """ "twenty five", "three hundred"."""
    value = _UNITS_EN.get(token) or _TENS_EN[token]
    j = i + 1
    if token in _TENS_EN and j < len(tokens) and tokens[j] in _UNITS_EN and _UNITS_EN[tokens[j]] < 10:
        value += _UNITS_EN[tokens[j]]
        j += 1
    if j < len(tokens) and tokens[j] == "hundred":
        value *= 100
        j += 1
    return value, j


def _arabic_number(tokens: list[str], i: int, token: str) -> tuple[int, int] | None:
    """ "ثلاثة عشر" = 13, "خمسة وعشرين" = 25; "أحد" alone is "one of"."""
    value = _UNITS_AR[token]
    j = i + 1
    if j < len(tokens):
        nxt = tokens[j]
        if nxt in {"عشر", "عشره"} and value < 10:  # ثلاثة عشر = 13
            return value + 10, j + 1
        tens = _strip_waw(nxt)
        if nxt.startswith("و") and tens in _TENS_AR:  # خمسة وعشرين = 25
            return value + _TENS_AR[tens], j + 1
    if token in {"احد", "احدي"}:
        return None  # "أحد" alone is "one of", handled as a singular
    return value, j


def _cue_after(tokens: list[str], j: int) -> tuple[str, int] | None:
    unknown = 0
    limit = j + 5
    k = j - 1
    while k + 1 < min(len(tokens), limit):
        k += 1
        token = _strip_waw(tokens[k])
        for kind, cues in _AFTER.items():
            if token in cues:
                return kind, k
        if token == "and" and k + 1 < len(tokens) and k > j and parse_number(tokens, k + 1):
            # "leaving three SDF fighters and two tribal gunmen dead": one cue for both
            k = parse_number(tokens, k + 1)[1] - 1
            limit = k + 6
            unknown = 0
            continue
        if token in {"of", "from"} and k > j and _strip_waw(tokens[k - 1]) in _PERSON_NOUNS:
            # "six members of Iran-backed militias were killed", "nine fighters from ... militias"
            limit = k + 7  # whose members
            unknown = -3
            continue
        if token in _SUBSET_BEFORE and k > j:
            limit = k + 7  # "15 people, including a number of children, were killed"
            unknown = -5
            continue
        if token not in _PERSON_NOUNS and token not in _FILLERS:
            unknown += 1  # an adjective: "10 Syrian soldiers were killed", "5 عناصر أفغان"
            if unknown > 1 or parse_number(tokens, k) or any(token in c for c in _BEFORE.values()):
                return None
    return None


_TOLL_VERBS = {"rose", "risen", "rises", "climbed", "reached", "jumped", "increased", "ارتفعت", "ارتفع", "بلغت", "وصلت"}


def _cue_word(token: str) -> str:
    """A cue word without "و" and a "ل"/"ب" clitic ("أدى لمقتل 3", "لإصابة")."""
    token = _strip_waw(token)
    if token[:1] in {"ل", "ب"} and len(token) > 3 and token[1:] in _PREFIXED_CUES:
        return token[1:]
    return token


def _cue_before(tokens: list[str], i: int) -> tuple[str, int] | None:
    return _cue_just_before(tokens, i) or _toll_rose_to(tokens, i) or _verb_before_subject(tokens, i)


def _cue_just_before(tokens: list[str], i: int) -> tuple[str, int] | None:
    """ "مقتل ما لا يقل عن خمسة": a cue before the figure, past up to four fillers."""
    k = i - 1
    steps = 0
    while k >= 0 and steps < 6:
        token = _cue_word(tokens[k])
        for kind, cues in _BEFORE.items():
            if token in cues:
                return kind, k
        if token not in _FILLERS and not (
            # "إصابة مواطنين اثنين": one and two follow the noun they count
            steps == 0 and token in _PERSON_NOUNS and tokens[i] in _POST_NOMINAL
        ):
            return None
        k -= 1
        steps += 1
    return None


def _toll_rose_to(tokens: list[str], i: int) -> tuple[str, int] | None:
    """ "the death toll from clashes ... rose to nine", "ارتفعت حصيلة القتلى ... إلى 12"."""
    before = [_strip_waw(t) for t in tokens[max(0, i - 3) : i]]
    if i > 0 and _strip_waw(tokens[i - 1]) in {"to", "الي"}:
        # "the toll rose on Tuesday morning to four": a time may stand between verb and figure
        before = [_strip_waw(t) for t in tokens[max(0, i - 6) : i]]
    if any(w in _TOLL_VERBS for w in before):
        window = [_strip_waw(t) for t in tokens[max(0, i - 30) : i]]
        if "toll" in window or "حصيله" in window:
            return KILLED, i - 1
    return None


def _verb_before_subject(tokens: list[str], i: int) -> tuple[str, int] | None:
    """A verb whose subject stands between it and the figure."""
    for k in range(i - 1, max(-1, i - 10), -1):
        token = _strip_waw(tokens[k])
        if token in _VERB_CUES:
            for kind, cues in _BEFORE.items():
                if token in cues:
                    return kind, k
        if parse_number(tokens, k):
            break
    return None


_HIS_DEATH = {"مقتله": 1, "مقتلها": 1, "مصرعه": 1, "مصرعها": 1, "مقتلهما": 2, "مصرعهما": 2}
_ALL_CUES = frozenset().union(*_AFTER.values(), *_BEFORE.values(), {"قتيلا", "قتيل"}, _HIS_DEATH)


_ALL_CUES_WAW = frozenset("و" + c for c in _ALL_CUES) | frozenset(
    p + c for c in _ALL_CUES for p in ("ل", "ب", "ول", "وب")
)
_PREFIXED_CUES = frozenset(c for cues in _BEFORE.values() for c in cues if not c.isascii())
_POST_NOMINAL = {"اثنين", "اثنان", "اثنتين", "اثنتان", "واحد", "واحدا"}
_NUMBER_WORDS = frozenset(
    w
    for base in (*_UNITS_AR, *_TENS_AR, *_BIG_AR, *_VAGUE, *_DUAL, *_UNITS_EN, *_TENS_EN, "dozen")
    for w in (base, "و" + base)
)


def _escorts(tokens: list[str], lo: int, hi: int) -> int:
    """ "واثنان من مرافقيه", "وثلاثة من عناصره": the companions of a singular victim."""
    for j in range(lo, hi - 2):
        token = tokens[j]
        if token.startswith("و") and tokens[j + 1] == "من" and tokens[j + 2].startswith(_ESCORTS[:-1]):
            parsed = parse_number([token[1:]], 0)
            if parsed:
                return parsed[0]
    return 0


def casualties(tokens: list[str], lo: int = 0, hi: int | None = None) -> dict[str, int | None]:
    """Killed, wounded and captured figures stated in one sentence (None when not stated).

    With ``lo``/``hi`` only the figures in ``tokens[lo:hi]`` (one event's part of the sentence)
    are counted, while their cues are still read in the whole sentence ("two others were
    detained" stays a capture when the part ends before "detained")."""
    if _ALL_CUES.isdisjoint(tokens) and _ALL_CUES_WAW.isdisjoint(tokens):
        return {KILLED: None, WOUNDED: None, CAPTURED: None}  # no casualty word: the common case, at C speed
    hi = len(tokens) if hi is None else min(hi, len(tokens))
    if "(" in tokens:
        tokens, lo, hi = _without_glosses(tokens, lo, hi)
    tally = _Tally(tokens, lo, hi)
    tally.count_figures()
    tally.count_another_member()
    tally.count_singulars()
    found = tally.found
    for kind, participles in _PASSIVE.items():
        if found[kind] is None:
            found[kind] = _english_single(tokens, lo, hi, kind, participles)
    for kind, end in tally.counted:
        if _and_another(tokens, end, hi):
            found[kind] = (found[kind] or 0) + 1
    return found


class _Tally:
    """The figures of one sentence as they are counted, with the cues already spent."""

    def __init__(self, tokens: list[str], lo: int, hi: int) -> None:
        self.tokens, self.lo, self.hi, self.n = tokens, lo, hi, len(tokens)
        self.found: dict[str, int | None] = {KILLED: None, WOUNDED: None, CAPTURED: None}
        self.used_cues: set[int] = set()
        self.counted: list[tuple[str, int]] = []  # (kind, the token that ends a counted phrase)
        self.last_kind: str | None = None

    def add(self, kind: str, value: int) -> None:
        self.found[kind] = (self.found[kind] or 0) + value

    # --- figures: digits and number words --------------------------------------------------------
    def count_figures(self) -> None:
        tokens, i = self.tokens, self.lo
        while i < self.hi:
            token = tokens[i]
            if not (token[-1:].isdigit() or token in _NUMBER_WORDS):
                i += 1  # not a number: skip the full parse
                continue
            parsed = parse_number(tokens, i)
            if parsed:
                i = self.count_figure(i, *parsed)
                continue
            if self.last_kind and token in _ONE_MORE and i + 1 < self.n and tokens[i + 1].startswith(_ONE_MORE_NEXT):
                self.add(self.last_kind, 1)  # "عنصران من قسد وأحد مقاتلي العشائر"
                self.used_cues.add(i)
            i += 1

    def count_figure(self, i: int, value: int, j: int) -> int:
        """Count the figure ``tokens[i:j]`` under its cue; return where to read on."""
        tokens = self.tokens
        upper = _range_end(tokens, i, j)
        if upper is not None:
            j = upper  # the range counts once, with its lower figure
        if i > 0 and _strip_waw(tokens[i - 1]) in _VERB_CUES:
            # "killed four soldiers and wounded seven": the verb right before it
            hit = _cue_before(tokens, i) or _cue_after(tokens, j)
        else:
            hit = _cue_after(tokens, j) or _cue_before(tokens, i)
        kind = self.figure_kind(hit[0] if hit else None, i, j, value)
        if kind:
            self.add(kind, value)
            self.last_kind = kind
            self.counted.append((kind, j))
            self.used_cues.update(range(i, j))
            if hit and _strip_waw(tokens[hit[1]]) not in _VERB_CUES:
                self.used_cues.add(hit[1])  # this noun cue is spent; a verb may take more objects
        return j

    def figure_kind(self, kind: str | None, i: int, j: int, value: int) -> str | None:
        """The kind a figure counts as: its cue's, the previous figure's in a list, or none (a
        part of a toll already counted, the same figure restated)."""
        tokens, last_kind = self.tokens, self.last_kind
        and_before = i > 0 and tokens[i - 1] in {"and", "و"}
        if (
            kind is None
            and last_kind
            and (tokens[i].startswith("و") or and_before)
            and j < self.n
            and (tokens[j] == "من" or tokens[j] in _PERSON_NOUNS or tokens[j : j + 2][-1] in _PERSON_NOUNS)
        ):
            kind = last_kind  # "مقتل 3 من قسد و2 من داعش", "killing three soldiers and two militants"
        if kind and _is_subset(tokens, i, j) and not (self.found[kind] is None and _whole(tokens, i, j, kind)):
            self.last_kind = None
            return None  # a part of the toll already counted
        if kind and self.found[kind] == value and not and_before and tokens[i][:1] != "و":
            return None  # the same figure restated (a headline and its lead, a quote)
        return kind

    # --- one person ------------------------------------------------------------------------------
    def count_another_member(self) -> None:
        """ "Another member sustained injuries": one more person, the cue after the noun."""
        tokens = self.tokens
        for i in range(self.lo, self.hi - 2):
            if tokens[i] not in _ANOTHER or tokens[i + 1] not in _SINGULAR_PERSON:
                continue
            for kind, cues in _LATER_CUES.items():
                k = next(
                    (k for k in range(i + 2, min(self.n, i + 6)) if tokens[k] in cues and k not in self.used_cues),
                    None,
                )
                if k is not None:
                    self.add(kind, 1)
                    self.used_cues.update(range(i, k + 1))
                    break

    def count_singulars(self) -> None:
        """A cue before a singular person noun, "أحد ... قتيلا", "مقتله"."""
        found, tokens = self.found, self.tokens
        for i in range(self.lo, self.hi):
            if i in self.used_cues:
                continue
            token = _strip_waw(tokens[i])
            kind = next((k for k, cues in _BEFORE.items() if token in cues), None)
            if kind:
                self.count_singular_after(i, token, kind)
            elif token in _HIS_DEATH and found[KILLED] is None:
                found[KILLED] = _HIS_DEATH[token]  # "ما أدى إلى مقتله": the one person just named
            elif token in {"قتيلا", "قتيل"} and found[KILLED] is None:
                if any(_strip_waw(t) in {"احد", "احدي"} for t in tokens[max(0, i - 4) : i]) or (
                    i > 0 and _strip_waw(tokens[i - 1]) in {"سقط", "يسقط", "لقي", "وقع"}
                ):
                    found[KILLED] = 1

    def verb_opening_clause(self, i: int, token: str) -> bool:
        """ "قتل مسلحون مجهولون مدنياً": a bare past verb that opens its clause, whose subject
        comes between it and the victim (verb-subject-object); elsewhere "قتل" is the noun
        ("عمليات قتل"), which names its victim right after it."""
        if token not in _CLAUSE_OPENING_VERBS:
            return False
        return i == self.lo or self.tokens[i - 1] in {",", ".", ";", ":", "،", "؛"}

    def count_singular_after(self, i: int, token: str, kind: str) -> None:
        """The person (and companions) a cue at ``i`` names, or "one of them"."""
        tokens, n = self.tokens, self.n
        window = 8 if token in _VERB_CUES or self.verb_opening_clause(i, token) else 2
        for k in range(i + 1, min(n, i + 1 + window)):
            word = _strip_waw(tokens[k])
            if parse_number(tokens, k) or any(word in c for c in _BEFORE.values()):
                break
            if word in _SINGULAR_PERSON or (word.endswith("ا") and word[:-1] in _SINGULAR_PERSON):
                count = 1
                if k + 1 < n and tokens[k + 1].startswith("و") and tokens[k + 1][1:].startswith(_COMPANION_PERSON):
                    count = 2
                count += _escorts(tokens, k + 1, min(n, k + 8))
                self.add(kind, count)
                self.counted.append((kind, k))
                self.used_cues.update(range(i, k + 1))
                break
        if (
            self.found[kind] is None
            and i + 1 < n
            and _strip_waw(tokens[i + 1]) in {"احد", "احدي"}
            and token not in _VERB_CUES
        ):
            self.found[kind] = 1  # "مقتل أحد عناصرها": one of them


_THEN_OWN_VERB = {"was", "were", "is", "has", "had", "later", "who", "died", "sustained", "suffered"}


def _and_another(tokens: list[str], end: int, hi: int) -> bool:
    """ "killing a fighter and another civilian", "killed three militants and another militant":
    one more person counted with the figure that ends at ``end`` (not "and another was wounded",
    "and another soldier later died", which have a verb of their own)."""
    for a in range(end + 1, min(hi, end + 4)):
        if tokens[a] in {",", ".", ";", ":"}:
            return False
        if tokens[a] == "another" and tokens[a - 1] == "and":
            noun = next((k for k in range(a + 1, min(hi, a + 3)) if tokens[k] in _SINGULAR_PERSON), None)
            return noun is not None and (noun + 1 >= len(tokens) or tokens[noun + 1] not in _THEN_OWN_VERB)
    return False


_GLOSS_MAX = 4  # "(SDF)", "(Internal Security Forces)": a short name in brackets


def _without_glosses(tokens: list[str], lo: int, hi: int) -> tuple[list[str], int, int]:
    """The tokens without short bracketed glosses, so that "Two members of the Syrian
    Democratic Forces (SDF) were killed" keeps its figure within reach of its cue."""
    out: list[str] = []
    new_lo, new_hi = None, None
    i, n = 0, len(tokens)
    while i < n:
        if i == lo and new_lo is None:
            new_lo = len(out)
        if i == hi and new_hi is None:
            new_hi = len(out)
        if tokens[i] == "(":
            close = next((k for k in range(i + 1, min(n, i + _GLOSS_MAX + 2)) if tokens[k] == ")"), None)
            if close is not None and not any(parse_number(tokens, k) for k in range(i + 1, close)):
                if new_lo is None and lo <= close:
                    new_lo = len(out)
                if new_hi is None and hi <= close:
                    new_hi = len(out)
                i = close + 1
                continue
        out.append(tokens[i])
        i += 1
    return out, (len(out) if new_lo is None else new_lo), (len(out) if new_hi is None else new_hi)


_PASSIVE = {
    KILLED: {"killed", "dead"},
    WOUNDED: {"wounded", "injured"},
    CAPTURED: {"detained", "arrested", "captured", "abducted", "kidnapped"},
}


def _english_single(tokens: list[str], lo: int, hi: int, kind: str, participles: set[str]) -> int | None:
    """ "A 19-year-old man was shot dead", "a third man was detained", "killing him instantly":
    one person, when the sentence gives no figure of that kind."""
    for k in range(lo, hi):
        word = tokens[k]
        if kind == KILLED and word in {"him", "her"} and k > lo and tokens[k - 1] in {"killing", "killed"}:
            return 1
        if word not in _SINGULAR_PERSON or tokens[k + 1 : k + 2] != ["was"]:
            continue
        if any(t in {"a", "an"} for t in tokens[max(lo, k - 5) : k]) and any(
            t in participles for t in tokens[k + 2 : k + 4]
        ):
            return 1
    return None
