"""Dates in a sentence, resolved against the publication date (or a previous anchor).

Each expression gives a ``DateMention`` with a date, a precision ("day", "week", "month") and a
kind: ``absolute`` (29 شباط/فبراير, 2020-03-01, March 3), ``relative`` (أمس الثلاثاء, الاثنين,
قبل أسبوعين, مطلع الأسبوع الفائت, last week), ``chained`` (قبل ذلك بأسبوع: relative to the
previously mentioned event date) or ``trend`` (منذ مطلع عام 2020, خلال الأشهر الفائتة, in recent
months: a period, not an event date). Unknown publication date: relative dates give None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import ahocorasick

from events.extraction.lang import merged
from events.extraction.normalize import fold
from events.extraction.numbers import number_word

DAY, WEEK, MONTH, UNKNOWN = "day", "week", "month", "unknown"

_MONTHS = merged("months")  # from the language packs (lang/<code>/dates.toml)
_HIJRI_MONTHS = merged("hijri_months")  # from the language packs (lang/<code>/dates.toml)
_WEEKDAYS = merged("weekdays")  # from the language packs (lang/<code>/dates.toml)
_COUNT = {
    "يوم": (1, DAY),
    "يوما": (1, DAY),
    "يومين": (2, DAY),
    "ايام": (3, WEEK),
    "اسبوع": (7, WEEK),
    "اسبوعا": (7, WEEK),
    "اسبوعين": (14, WEEK),
    "اسابيع": (21, WEEK),
    "شهرا": (30, MONTH),
    "شهر": (30, MONTH),
    "شهرين": (60, MONTH),
    "اشهر": (90, MONTH),
    "day": (1, DAY),
    "days": (3, WEEK),
    "week": (7, WEEK),
    "weeks": (21, WEEK),
    "month": (30, MONTH),
    "months": (90, MONTH),
}
# Counts that are not number words: "a day ago", "a few weeks ago" (about three).
_VAGUE_COUNTS = {"a": 1, "few": 3, "several": 3}
_UNIT_DAYS = {
    "يوم": 1,
    "يوما": 1,
    "اسبوعا": 7,
    "شهرا": 30,
    "ايام": 1,
    "اسبوع": 7,
    "اسابيع": 7,
    "شهر": 30,
    "اشهر": 30,
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "month": 30,
    "months": 30,
}


@dataclass(frozen=True, slots=True)
class DateMention:
    date: date | None
    precision: str
    kind: str  # absolute, relative, chained, trend
    start: int
    end: int


def _alt(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_P = r"(?<!\w)(?:[وبل]|وب|ول|فب)?"
_MONTH_RE = _alt(_MONTHS)
_WEEKDAY_RE = _alt(_WEEKDAYS)
_HIJRI_RE = _alt(_HIJRI_MONTHS)
_PATTERNS = [
    ("iso", re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<![\d./])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")),
    ("hijri", re.compile(rf"(?<!\d)(\d{{1,2}}) (?:من )?({_HIJRI_RE})(?: (?:عام |سنه )?(\d{{4}}))?(?: ?ه(?!\w))?")),
    (
        "day_month",
        re.compile(
            rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)? (?:of |من )?(?:شهر )?({_MONTH_RE})"
            rf"(?:\s*[/(]\s*(?:{_MONTH_RE})\s*\)?)?"
            rf"(?:,? (?:من )?(?:عام |العام )?(\d{{4}}))?(?!\w)"
        ),
    ),
    ("month_day", re.compile(rf"(?<!\w)({_MONTH_RE}) (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?(?!\w)")),
    (
        "month_year",
        re.compile(rf"(?<!\w)({_MONTH_RE})(?:\s*/\s*(?:{_MONTH_RE}))? (?:من )?(?:عام |العام )?(\d{{4}})(?!\w)"),
    ),
    (
        # "في شباط الفائت", "خلال أيار الماضي", "last February", "in March": the latest such month
        "month_only",
        re.compile(
            rf"(?<!\w)[وف]?(?:(?:في|خلال) )?(?:شهر )?({_MONTH_RE}) (?:ال)?(?:ماضي|فائت|منصرم)(?!\w)"
            r"|(?<!\w)(?:in|last|during|early|late|mid-?) (january|february|march|april|june|july|august"
            r"|september|october|november|december)(?! \d)(?!\w)"
        ),
    ),
    (
        "year",
        re.compile(r"(?<!\w)(?:في |عام |العام |in |during )(?:عام |العام |early |late |mid-?)?(\d{4})(?!\w)"),
    ),
    (
        "trend",
        re.compile(
            r"(?<!\w)[وف]?(?:منذ (?:مطلع |بدايه |اوائل |اواخر )?(?:عام |العام |سنه )?(?:\d{4}|اشهر|سنوات|اعوام|سنين"
            r"|اسابيع)"
            r"|خلال (?:ال)?(?:اشهر|اسابيع|سنوات|اعوام|سنين|الفتره)(?: (?:ال)?(?:ماضيه|فائته|اخيره|منصرمه"
            r"|قليله الماضيه))?"
            r"|in recent (?:days|months|weeks|years)"
            r"|in the past(?= (?:\w+ )?(?:abducted|killed|attacked|carried|targeted|launched|claimed|arrested"
            r"|kidnapped))|في السابق|(?:في )?تقارير سابقه|(?:in )?(?:previous|earlier|past) reports"
            r"|منذ (?:مطلع |بدايه |اوائل )?(?:ال)?(?:عام|سنه|شهر) (?:ال)?(?:ماضي|فائت|الجاري|الحالي|المنصرم)"
            r"|(?:in|over|during|within) the (?:past|last) (?:(?:few|several|\w+) )?(?:days|months|years|weeks)"
            r"|since (?:the )?(?:early |late |mid-?)?(?:(?:january|february|march|april|may|june|july|august"
            r"|september|october|november|december) )?\d{4}"
            r"|since (?:the )?(?:start|beginning|outbreak|onset) of|so far (?:this|in) (?:year|month)|since then"
            r"|since (?:a|an|the|last)(?= )"
            r"|(?:in|over|within) (?:the )?(?:two|three|four|five|six|seven|several|few|\d+) (?:days|weeks|months)"
            r"|(?:war|conflict|crisis|uprising|revolt|violence)(?:,? [^.,]{0,30},)? (?:has|have|had) (?:so far |now )?"
            r"(?:killed|claimed|left)"
            r"|for (?:months|years))(?!\w)"
        ),
    ),
    (
        "chained",
        re.compile(
            r"(?<!\w)[وف]?(قبل|بعد) (?:ذلك|هذا|ها|هذه الاحداث) ب(يوم|يومين|اسبوع|اسبوعين|شهر|شهرين|ايام|ساعات)(?!\w)"
            r"|(?<!\w)(?:a|one|two|three|a few) (days?|weeks?|months?) (earlier|before|later)(?!\w)"
        ),
    ),
    (
        "ago",
        re.compile(
            r"(?<!\w)[وف]?قبل (?:(\w+) )?(يوما|يوم|يومين|ايام|اسبوعا|اسبوع|اسبوعين|اسابيع|شهرا|شهر|شهرين|اشهر)(?!\w)"
            r"|(?<!\w)(?:(\w+) )?(days?|weeks?|months?) ago(?!\w)"
        ),
    ),
    (
        "week",
        re.compile(
            r"(?<!\w)(مطلع|بدايه|اوائل|اواخر|نهايه|منتصف)? ?(?:ال)?(اسبوع|شهر) (?:ال)?(ماضي|فائت|منصرم|الجاري"
            r"|الحالي)(?!\w)"
            r"|(?<!\w)(early|late|earlier|last|this|past)( this)? (week|month)(?!\w)"
        ),
    ),
    ("weekday", re.compile(rf"{_P}(?:امس |يوم |ليله |on |last )?({_WEEKDAY_RE})(?!\w)")),
    (
        "yesterday",
        re.compile(
            r"(?<!\w)(?:[وف])?(امس|البارحه|yesterday|اليوم|today|tonight|this morning)(?!\w)(?! (?:ال)?(?:ثالث|ثاني"
            r"|اول|رابع|خامس|سادس|سابع|التالي|الاخير|واحد))"
        ),
    ),
]


# Patterns that start with a digit get a leading look at one, which lets the engine skip the
# other characters fast.
_DIGIT_LED = {"iso", "dmy", "hijri", "day_month"}
_PATTERNS = [(name, re.compile(("(?=\\d)" if name in _DIGIT_LED else "") + fold(p.pattern))) for name, p in _PATTERNS]
# Words one of which each pattern needs: a pattern is only run on a sentence containing one.
_NEEDS = {
    "iso": ("-",),
    "dmy": ("/", "."),
    "hijri": tuple(fold(k).split()[0] for k in _HIJRI_MONTHS),
    "day_month": tuple(_MONTHS),
    "month_day": tuple(_MONTHS),
    "month_year": tuple(_MONTHS),
    "month_only": tuple(
        fold(w)
        for w in (
            "ماضي فائت منصرم january february march april june july august september october november december"
        ).split()
    ),
    "year": ("19", "20"),
    "trend": tuple(
        fold(w)
        for w in (
            "منذ خلال السابق سابقه reports recent past last since for far war conflict crisis uprising revolt violence"
        ).split()
    ),
    "chained": tuple(fold(w) for w in "قبل بعد earlier before later".split()),
    "ago": tuple(fold(w) for w in "قبل ago".split()),
    "week": tuple(fold(w) for w in "اسبوع شهر week month".split()),
    "weekday": tuple(_WEEKDAYS),
    "yesterday": tuple(fold(w) for w in "امس البارحه اليوم yesterday today tonight morning".split()),
}
_NEEDS_RE = {name: re.compile("|".join(re.escape(w) for w in words)) for name, words in _NEEDS.items()}
# Numeric dates: a cheap look for digits around the separators first ("-" and "." are everywhere).
_NEEDS_RE["iso"] = re.compile(r"\d-\d")
_NEEDS_RE["dmy"] = re.compile(r"\d[/.]\d{1,2}[/.]\d")


# A cheap first look: every pattern above needs a digit or one of these words.
_CUE = re.compile(
    fold(
        r"\d|امس|البارحه|اليوم|قبل|بعد|اسبوع|اسابيع|شهر|اشهر|منذ|خلال|ago|earlier|later|week|month|year|since|"
        r"yesterday|today|tonight|morning|recent|past|for|far|war|conflict|crisis|uprising|revolt|violence|"
        + _WEEKDAY_RE
        + "|"
        + _MONTH_RE
    )
)


_LAST_YEAR = re.compile(r",? (?:of )?last year(?!\w)")


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    candidate = _safe(year, month, day)
    if candidate and candidate > published + timedelta(days=2):
        year -= 1
    return year


def patterns_needed(text: str) -> frozenset[str]:
    """The date patterns worth running on (the sentences of) ``text``: one look per article."""
    if not _CUE.search(text):
        return frozenset()
    return frozenset(name for name, regex in _NEEDS_RE.items() if regex.search(text))


# Patterns that start with a word are only tried around their keywords, found in one pass by an
# Aho-Corasick automaton: scanning 4 KB with each such pattern costs far more.
_WORD_LED = {"trend", "chained", "ago", "week", "weekday", "yesterday", "month_day", "month_year", "month_only"}
_KEYWORDS = ahocorasick.Automaton()
for _name in _WORD_LED:
    for _word in _NEEDS[_name]:
        _names = _KEYWORDS.get(_word, (0, ()))[1]
        _KEYWORDS.add_word(_word, (len(_word), (*_names, _name) if _name not in _names else _names))
_KEYWORDS.make_automaton()
_KEYWORD_PREFIXES = frozenset(fold(w) for w in "و ف ب ل ال وال فال بال لل ولل وبال ول وب فب فل".split())


def scan_dates(text: str) -> list[tuple[str, re.Match]]:
    """Raw date matches in a whole article, in pattern order (earlier patterns win overlaps)."""
    if not _CUE.search(text):
        return []
    windows: dict[str, list[int]] = {}
    for end, (length, names) in _KEYWORDS.iter(text):
        # Keywords start a word, maybe after clitics ("وقبل", "الأسبوع"): "may" in "mayadin",
        # "war" in "warplanes" or "امس" in "الخامس" need no regex search.
        start = end - length + 1
        word_start = start
        while word_start > 0 and text[word_start - 1].isalnum() and start - word_start <= 4:
            word_start -= 1
        if word_start != start and text[word_start:start] not in _KEYWORD_PREFIXES:
            continue
        for name in names:
            windows.setdefault(name, []).append(end)
    out: list[tuple[str, re.Match]] = []
    for name, pattern in _PATTERNS:
        if name in _WORD_LED:
            seen: set[tuple[int, int]] = set()
            for end in windows.get(name, ()):
                # every match of the window: the first may be an earlier date already seen
                for m in pattern.finditer(text, max(0, end - 30), min(len(text), end + 60)):
                    if m.span() not in seen:
                        seen.add(m.span())
                        out.append((name, m))
        elif _NEEDS_RE[name].search(text):
            out.extend((name, m) for m in pattern.finditer(text))
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    """What a resolver needs besides its match: the sentence, the publication date and the anchor."""

    text: str
    published: date | None
    anchor: date | None


def find_dates(
    text: str,
    published: date | None,
    anchor: date | None = None,
    *,
    matches: list[tuple[str, re.Match]] | None = None,
    offset: int = 0,
) -> list[DateMention]:
    """Date expressions in a normalised sentence, in text order, resolved.

    ``anchor`` is the date of the previously mentioned event ("قبل ذلك بأسبوع" counts from it).
    ``matches`` are this sentence's raw matches from ``scan_dates`` over the whole article,
    whose positions are ``offset`` ahead of the sentence's (the article is scanned once).
    """
    found: list[DateMention] = []
    if matches is None:
        matches = scan_dates(text)
    context = _Context(text, published, anchor)
    taken: list[tuple[int, int]] = []
    for name, m in matches:
        s, e = m.start() - offset, m.end() - offset
        resolved = _RESOLVERS[name](m, context, e)
        if resolved is None:
            continue
        mention = DateMention(resolved[0], resolved[1], resolved[2], s, e)
        if any(mention.start < end and start < mention.end for start, end in taken):
            continue
        taken.append((mention.start, mention.end))
        found.append(mention)
    found.sort(key=lambda d: d.start)
    return found


# Each resolver turns one pattern's match into (date, precision, kind), or None to skip it.
_Resolved = tuple[date | None, str, str] | None


def _iso(m: re.Match, context: _Context, end: int) -> _Resolved:
    d = _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return (d, DAY, "absolute") if d else None


def _dmy(m: re.Match, context: _Context, end: int) -> _Resolved:
    d = _safe(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return (d, DAY, "absolute") if d else None


def _hijri(m: re.Match, context: _Context, end: int) -> _Resolved:
    year = m.group(3)
    if not year:
        return None
    try:
        from hijridate import Hijri

        g = Hijri(int(year), _HIJRI_MONTHS[m.group(2)], int(m.group(1))).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return date(g.year, g.month, g.day), DAY, "absolute"


def _day_month(m: re.Match, context: _Context, end: int) -> _Resolved:
    day, month, year = int(m.group(1)), _MONTHS[m.group(2)], m.group(3)
    return _on_day(year, month, day, context.published)


def _month_day(m: re.Match, context: _Context, end: int) -> _Resolved:
    month, day, year = _MONTHS[m.group(1)], int(m.group(2)), m.group(3)
    if m.group(1) == "may" and not year and day > 31:
        return None
    return _on_day(year, month, day, context.published)


def _on_day(year: str | None, month: int, day: int, published: date | None) -> _Resolved:
    y = int(year) if year else _year_for(month, day, published)
    d = _safe(y, month, day) if y else None
    return d, DAY if d else UNKNOWN, "absolute"


def _month_year(m: re.Match, context: _Context, end: int) -> _Resolved:
    year, month = int(m.group(2)), _MONTHS[m.group(1)]
    return (date(year, month, 15), MONTH, "absolute") if 1900 < year < 2100 else None


def _month_only(m: re.Match, context: _Context, end: int) -> _Resolved:
    month, published = _MONTHS[m.group(1) or m.group(2)], context.published
    if published is None:
        return None, UNKNOWN, "absolute"
    past = m.group(1) is not None or "last" in m.group(0)
    year = (
        published.year if (month < published.month or (month == published.month and not past)) else published.year - 1
    )
    if _LAST_YEAR.match(context.text, end):
        year = published.year - 1  # "in March last year"
    return min(date(year, month, 15), published), MONTH, "absolute"


def _year(m: re.Match, context: _Context, end: int) -> _Resolved:
    year = int(m.group(1))
    if context.published is None or 1900 < year < context.published.year:
        return None, UNKNOWN, "trend"  # "in 2013": history, not this report
    return None


def _trend(m: re.Match, context: _Context, end: int) -> _Resolved:
    return None, UNKNOWN, "trend"


_CHAINED_AR_DAYS = {"يوم": 1, "يومين": 2, "اسبوع": 7, "اسبوعين": 14, "شهر": 30, "شهرين": 60, "ايام": 3, "ساعات": 0}


def _chained(m: re.Match, context: _Context, end: int) -> _Resolved:
    if m.group(1):
        sign = -1 if m.group(1) == "قبل" else 1
        days = _CHAINED_AR_DAYS[m.group(2)]
    else:
        sign = 1 if m.group(4) == "later" else -1
        count_word = m.group(0).split()[-3]  # "two days earlier", "a few weeks before"
        count = _VAGUE_COUNTS.get(count_word) or number_word(count_word) or 1
        days = _UNIT_DAYS.get(m.group(3), 1) * count
    base = context.anchor or context.published
    return base + timedelta(days=sign * days) if base else None, _precision(days), "chained"


def _precision(days: int) -> str:
    return DAY if days <= 2 else (WEEK if days < 30 else MONTH)


def _ago(m: re.Match, context: _Context, end: int) -> _Resolved:
    count_word = m.group(1) if m.group(2) else m.group(3)
    unit = m.group(2) or m.group(4)
    days, precision = _COUNT.get(unit, (1, DAY))
    if count_word:
        if count_word.isdigit():
            days = int(count_word) * _UNIT_DAYS.get(unit, 1)
        elif (count := _VAGUE_COUNTS.get(count_word) or number_word(count_word)) is not None:
            days = count * _UNIT_DAYS.get(unit, 1)
        elif count_word in {"ذلك", "هذا"}:
            return None
        precision = _precision(days)
    published = context.published
    return published - timedelta(days=days) if published else None, precision, "relative"


_EARLY, _LATE = {"مطلع", "بدايه", "اوائل", "early"}, {"نهايه", "اواخر", "late"}


def _week(m: re.Match, context: _Context, end: int) -> _Resolved:
    if m.group(2):
        edge, unit, which = m.group(1), m.group(2), m.group(3)
        current = which in {"الجاري", "الحالي"}
    else:
        edge, which, unit = m.group(4), m.group(4), m.group(6)
        current = which in {"this", "earlier"} or bool(m.group(5))
        edge = "early" if which in {"early", "earlier"} else ("late" if which == "late" else None)
    published = context.published
    if published is None:
        return None, UNKNOWN, "relative"
    if unit in {"اسبوع", "week"}:
        monday = published - timedelta(days=published.weekday())
        start = monday if current else monday - timedelta(days=7)
        if edge in _EARLY:
            return start, WEEK, "relative"
        if edge in _LATE:
            return min(start + timedelta(days=6), published), WEEK, "relative"
        return (start + timedelta(days=3) if not current else published), WEEK, "relative"
    first = published.replace(day=1)
    if not current:
        first = (first - timedelta(days=1)).replace(day=1)
    day = 4 if edge in _EARLY else (25 if edge in _LATE else 14)
    return min(first + timedelta(days=day), published), MONTH, "relative"


def _weekday(m: re.Match, context: _Context, end: int) -> _Resolved:
    published = context.published
    if published is None:
        return None, UNKNOWN, "relative"
    back = (published.weekday() - _WEEKDAYS[m.group(1)]) % 7
    if "امس" in m.group(0):
        back = back or 7
    return published - timedelta(days=back), DAY, "relative"


def _yesterday(m: re.Match, context: _Context, end: int) -> _Resolved:
    published = context.published
    if published is None:
        return None, UNKNOWN, "relative"
    back = 1 if m.group(1) in {"امس", "البارحه", "yesterday"} else 0
    return published - timedelta(days=back), DAY, "relative"


_RESOLVERS = {
    "iso": _iso,
    "dmy": _dmy,
    "hijri": _hijri,
    "day_month": _day_month,
    "month_day": _month_day,
    "month_year": _month_year,
    "month_only": _month_only,
    "year": _year,
    "trend": _trend,
    "chained": _chained,
    "ago": _ago,
    "week": _week,
    "weekday": _weekday,
    "yesterday": _yesterday,
}
