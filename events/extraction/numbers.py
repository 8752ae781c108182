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

_UNITS_AR = {
    "واحد": 1,
    "واحده": 1,
    "احد": 1,
    "احدي": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "اثنا": 2,
    "اثني": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
}
_TENS_AR = {
    "عشرون": 20,
    "عشرين": 20,
    "ثلاثون": 30,
    "ثلاثين": 30,
    "اربعون": 40,
    "اربعين": 40,
    "خمسون": 50,
    "خمسين": 50,
    "ستون": 60,
    "ستين": 60,
    "سبعون": 70,
    "سبعين": 70,
    "ثمانون": 80,
    "ثمانين": 80,
    "تسعون": 90,
    "تسعين": 90,
}
_BIG_AR = {"مئه": 100, "مائه": 100, "مئتان": 200, "مئتين": 200, "الف": 1000}
_VAGUE = {"عشرات": 12, "مئات": 100, "dozens": 12, "hundreds": 100, "scores": 20}
_UNITS_EN = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_EN = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Dual nouns that are a count of two people on their own.
_DUAL = {"عنصرين", "قتيلين", "جريحين", "شابين", "طفلين", "ضابطين", "جنديين", "شخصين", "مدنيين اثنين"}

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
}
# "امرأة وطفلها": a second singular person joined to the first.
_COMPANION_PERSON = ("طفل", "ابن", "زوج", "شقيق", "امراه", "رجل", "شاب", "والد", "son", "wife", "husband", "child")
_ASSASSINATION = {"اغتال", "اغتالت", "اغتالوا", "assassinated"}
_VERB_CUES |= _ASSASSINATION | {"dead"}  # "shot dead a council official"
_BEFORE[KILLED] |= {"dead"}
_BEFORE[KILLED] |= _ASSASSINATION
_FILLERS = {
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
}
_PERSON_NOUNS = {
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


def _strip_waw(token: str) -> str:
    if token.startswith("و") and (len(token) > 2 or token[1:].isdigit()):
        return token[1:]
    return token


def parse_number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """The number starting at token ``i`` and the index after it, or None."""
    token = _strip_waw(tokens[i]) if i < len(tokens) else ""
    if not token:
        return None
    if _DIGITS.match(token):
        return int(token), i + 1
    if token in _VAGUE:
        return _VAGUE[token], i + 1
    if token in _DUAL:
        return 2, i + 1
    if token == "dozen":
        return 12, i + 1
    if token in _UNITS_EN or token in _TENS_EN:
        value = _UNITS_EN.get(token) or _TENS_EN[token]
        j = i + 1
        if token in _TENS_EN and j < len(tokens) and tokens[j] in _UNITS_EN and _UNITS_EN[tokens[j]] < 10:
            value += _UNITS_EN[tokens[j]]
            j += 1
        if j < len(tokens) and tokens[j] == "hundred":
            value *= 100
            j += 1
        return value, j
    if token in _UNITS_AR:
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
    if token in _TENS_AR:
        return _TENS_AR[token], i + 1
    if token in _BIG_AR:
        return _BIG_AR[token], i + 1
    return None


def _cue_after(tokens: list[str], j: int) -> tuple[str, int] | None:
    unknown = 0
    for k in range(j, min(len(tokens), j + 5)):
        token = _strip_waw(tokens[k])
        for kind, cues in _AFTER.items():
            if token in cues:
                return kind, k
        if token not in _PERSON_NOUNS and token not in _FILLERS:
            unknown += 1  # an adjective: "10 Syrian soldiers were killed", "5 عناصر أفغان"
            if unknown > 1 or parse_number(tokens, k) or any(token in c for c in _BEFORE.values()):
                return None
    return None


def _cue_before(tokens: list[str], i: int) -> tuple[str, int] | None:
    k = i - 1
    steps = 0
    while k >= 0 and steps < 4:
        token = _strip_waw(tokens[k])
        for kind, cues in _BEFORE.items():
            if token in cues:
                return kind, k
        if token not in _FILLERS:
            break
        k -= 1
        steps += 1
    # A verb whose subject stands between it and the figure.
    for k in range(i - 1, max(-1, i - 10), -1):
        token = _strip_waw(tokens[k])
        if token in _VERB_CUES:
            for kind, cues in _BEFORE.items():
                if token in cues:
                    return kind, k
        if parse_number(tokens, k):
            break
    return None


_ALL_CUES = frozenset().union(*_AFTER.values(), *_BEFORE.values(), {"قتيلا", "قتيل"})


def casualties(tokens: list[str]) -> dict[str, int | None]:
    """Killed, wounded and captured figures stated in one sentence (None when not stated)."""
    found: dict[str, int | None] = {KILLED: None, WOUNDED: None, CAPTURED: None}
    if _ALL_CUES.isdisjoint(tokens) and _ALL_CUES.isdisjoint(t[1:] for t in tokens if t[:1] == "و"):
        return found  # no casualty word at all: the common case, answered at C speed
    used_cues: set[int] = set()
    i = 0
    n = len(tokens)
    last_kind = None
    while i < n:
        parsed = parse_number(tokens, i)
        if parsed:
            value, j = parsed
            hit = _cue_after(tokens, j) or _cue_before(tokens, i)
            kind = hit[0] if hit else None
            if kind is None and last_kind and tokens[i].startswith("و") and j < n and tokens[j] == "من":
                kind = last_kind  # "مقتل 3 من قسد و2 من داعش"
            if kind:
                found[kind] = (found[kind] or 0) + value
                last_kind = kind
                used_cues.update(range(i, j))
                if hit and _strip_waw(tokens[hit[1]]) not in _VERB_CUES:
                    used_cues.add(hit[1])  # this noun cue is spent; a verb may take more objects
            i = j
            continue
        i += 1
    # Singulars: a cue before a singular person noun, or "أحد ... قتيلا".
    for i, raw in enumerate(tokens):
        if i in used_cues:
            continue
        token = _strip_waw(raw)
        kind = next((k for k, cues in _BEFORE.items() if token in cues), None)
        if kind:
            window = 8 if token in _VERB_CUES else 2
            for k in range(i + 1, min(n, i + 1 + window)):
                word = _strip_waw(tokens[k])
                if parse_number(tokens, k) or any(word in c for c in _BEFORE.values()):
                    break
                if word in _SINGULAR_PERSON:
                    count = 1
                    if k + 1 < n and tokens[k + 1].startswith("و") and tokens[k + 1][1:].startswith(_COMPANION_PERSON):
                        count = 2
                    found[kind] = (found[kind] or 0) + count
                    used_cues.update(range(i, k + 1))
                    break
            if (
                found[kind] is None
                and i + 1 < n
                and _strip_waw(tokens[i + 1]) in {"احد", "احدي"}
                and token not in _VERB_CUES
            ):
                found[kind] = 1  # "مقتل أحد عناصرها": one of them
        elif token in {"قتيلا", "قتيل"} and found[KILLED] is None:
            if any(_strip_waw(t) in {"احد", "احدي"} for t in tokens[max(0, i - 4) : i]) or (
                i > 0 and _strip_waw(tokens[i - 1]) in {"سقط", "يسقط", "لقي", "وقع"}
            ):
                found[KILLED] = 1
    return found
