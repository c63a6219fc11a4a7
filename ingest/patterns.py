"""Shared regular expressions of the extractor, in one commented module (eyecite-style).

Every pattern here is written to run over ``Prepared.flat`` (NFC text, markup blanked, newlines
turned into spaces, same length as the original) or over a *short window* of it. None of them
can backtrack catastrophically: quantifiers are bounded and alternatives do not overlap on the
same characters.

Families:

* ``SYMBOL`` - a document symbol (số hiệu) candidate, all families of domain.md §1.
* ``DATE_*`` - issue dates after ``ngày`` and bare ``năm YYYY``.
* ``TYPE_WORD`` - document type words ("Nghị quyết", "Thông tư liên tịch", ...).
* ``LAW_NAME`` - citations by name ("Luật Đấu thầu", "Bộ luật Dân sự 2015", "Hiến pháp").
* ``ARTICLE`` - article references ("điểm a.3 khoản 4 Phần III", "khoản 2 Điều 8").
* ``EFFECTIVE`` - effective/expiry phrases whose dates are *not* issue dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick


class StarterGated:
    """``pattern.search`` / ``pattern.finditer`` tried only where a match can begin.

    For a pattern every match of which begins with one of a few *starter* words (compared
    case-insensitively, as the patterns here use ``re.IGNORECASE``), ``re`` would still attempt
    the whole alternation at every position of the window. The starters are found by one
    Aho-Corasick pass over the lower-cased window and the pattern is ``match``-ed at those
    positions only, in order: the same matches as ``search``/``finditer`` (a position where no
    starter begins cannot begin a match). A window whose lower-casing changes its length (a
    character outside Vietnamese whose lower case is longer) falls back to the plain scan.
    """

    __slots__ = ("_automaton", "pattern", "starters")

    def __init__(self, pattern: re.Pattern[str], starters: Iterable[str]) -> None:
        self.pattern = pattern
        # a starter that extends another adds no position: keep the shortest ones
        words = sorted({w.lower() for w in starters}, key=len)
        kept: list[str] = []
        for w in words:
            if not any(w.startswith(k) for k in kept):
                kept.append(w)
        self.starters = tuple(kept)
        automaton = ahocorasick.Automaton()
        for w in kept:
            automaton.add_word(w, len(w) - 1)
        automaton.make_automaton()
        self._automaton = automaton

    def _starts(self, low: str) -> list[int]:
        """Sorted positions of ``low`` where a starter begins (one Aho-Corasick pass)."""
        return sorted({end - back for end, back in self._automaton.iter(low)})

    def search(self, s: str) -> re.Match[str] | None:
        low = s.lower()
        if len(low) != len(s):
            return self.pattern.search(s)
        match = self.pattern.match
        for i in self._starts(low):
            m = match(s, i)
            if m:
                return m
        return None

    def finditer(self, s: str) -> list[re.Match[str]]:
        low = s.lower()
        if len(low) != len(s):
            return list(self.pattern.finditer(s))
        match = self.pattern.match
        out: list[re.Match[str]] = []
        cur = 0
        for i in self._starts(low):
            if i < cur:
                continue
            m = match(s, i)
            if m:
                out.append(m)
                cur = m.end() if m.end() > i else i + 1
        return out


def first_words(phrases: Iterable[str]) -> list[str]:
    """The first word of each phrase (the starters of an alternation of phrases)."""
    return [p.split()[0] for p in phrases if p.split()]


# --------------------------------------------------------------------------------------------
# Letters
# --------------------------------------------------------------------------------------------

#: Vietnamese lower-case letters (NFC), used to delimit words.
VI_LOWER = "a-zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
#: Vietnamese upper-case letters (NFC).
VI_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
VI_LETTER = VI_LOWER + VI_UPPER

# --------------------------------------------------------------------------------------------
# Symbols (số hiệu)
# --------------------------------------------------------------------------------------------

# One code segment of a symbol: "NQ", "QĐ", "TTg", "BGDĐT", "UBTVQH15", "QH13", "BNN&PTNT".
# Letters are ASCII plus Đ/đ (and the look-alike Ð U+00D0); lower case is allowed here and
# filtered later (``symbols.parse_symbol`` accepts an all-lower-case segment only when it is a
# known code, so "10 triệu đồng/ha" is not a symbol). "QH 11" (space before the term) is
# accepted for the National Assembly codes only. ``L-004`` (old law numbers) is a digit tail.
# A department's roman numeral after a dot ("V.III" in ``10215/VPCP-V.III``) belongs to the
# segment; any other dot ends the symbol ("12/NQ-CP.Theo").
_SEG = (
    r"(?:(?:UBTVQH|QH)[ ]?\d{1,2}(?![\w])"
    r"|[A-Za-zĐđÐ][A-Za-zĐđÐ&]{0,15}\d{0,2}(?:\.[IVX]{1,4}(?![\w.]))?)"  # "VPCP-V.III"
)
_SEP = r"[ ]{0,2}[-/–][ ]{0,2}"  # "-" or "/" with stray spaces ("57- NQ/TW", "18 /2018")

#: A symbol candidate. Groups: ``num`` the number (may carry a letter suffix: "12a"),
#: ``year`` a year part ("/2014/" or the "-2018/" of "19-2018/NQ-CP"), ``codes`` the rest.
SYMBOL = re.compile(
    # the number, not glued to a word, another number or a date; the pattern starts with \d
    # (the look-behind comes after the first digit) so that the engine scans for digits in C
    r"(?P<num>\d(?<![\w/.:-]\d)\d{0,4}[a-zA-Z]?)"  # ":" - QCVN 06:2022/BXD
    r"(?:"
    + _SEP
    + r"(?P<year>(?:19|20)\d{2}))?"
    + _SEP
    + r"(?P<codes>"
    + _SEG
    + r"(?:"
    + _SEP
    + _SEG
    + r"){0,4}"
    r"(?:-\d{3}(?!\d))?)"  # 102-SL/L-004
    r"(?![\w])"
)

_SYMBOL_SEPARATORS = ("/", "-", "–")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def finditer_symbols(text: str) -> list[re.Match[str]]:
    """The matches of ``SYMBOL.finditer(text)``, found faster.

    Every symbol has a separator right after its number (``12/``, ``57- ``, ``19-2018/``), so
    only the digit runs just before a ``/``, ``-`` or ``–`` (found with ``str.find``, C speed)
    are tried with ``SYMBOL.match``; the regex scan would stop at every digit of the text
    (dates, amounts, numbering). Processed left to right without overlaps, exactly as
    ``finditer``: a match starts at the start of a digit run, which is the run before its first
    separator.
    """
    seps: list[int] = []
    for ch in _SYMBOL_SEPARATORS:
        i = text.find(ch)
        while i != -1:
            seps.append(i)
            i = text.find(ch, i + 1)
    if not seps:
        return []
    seps.sort()
    out: list[re.Match[str]] = []
    done = 0  # end of the last match: no overlaps
    tried = -1  # last start tried
    for s in seps:
        j = s
        k = 0
        while k < 2 and j > done and text[j - 1] == " ":
            j -= 1
            k += 1
        if j > done and text[j - 1] in _ASCII_LETTERS:
            j -= 1
        if j <= done or not text[j - 1].isdigit():
            continue
        while j > done and text[j - 1].isdigit():
            j -= 1
        if j <= tried or not text[j].isdigit():
            continue
        tried = j
        m = SYMBOL.match(text, j)
        if m is not None:
            out.append(m)
            done = m.end()
    return out


#: Splits the ``codes`` group into segments.
CODE_SPLIT = re.compile(r"[ ]{0,2}([-/–])[ ]{0,2}")

# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

#: ``ngày 30/01/2011``, ``ngày 5-5-2023``, ``ngày 30.01.2011``, ``ngày 30 tháng 01 năm 2011``
#: (anchored: use ``.match`` at a position inside a short window).
DATE_NGAY = re.compile(
    r"[ ,]{0,3}(?:ban hành |được ban hành |)(?:vào |)ngày[ ]{1,3}(?P<d>\d{1,2})"
    r"(?:[ ]{0,2}[/.-][ ]{0,2}(?P<m1>\d{1,2})[ ]{0,2}[/.-][ ]{0,2}(?P<y1>\d{4})"
    r"|[ ]{1,3}tháng[ ]{1,3}(?P<m2>\d{1,2})[ ]{1,3}năm[ ]{1,3}(?P<y2>\d{4}))(?!\d)",
    re.IGNORECASE,
)
#: A bare ``năm 2018`` attached to a citation (anchored).
DATE_NAM = re.compile(r"[ ,]{0,3}(?:ban hành |)năm[ ]{1,3}(?P<y>(?:19|20)\d{2})(?!\d)", re.I)
#: A year right after a law name: ``Bộ luật Dân sự 2015`` (anchored).
BARE_YEAR = re.compile(r"[ ,]{0,2}(?P<y>(?:19|20)\d{2})(?![\d/])")

#: Phrases that introduce an effective or expiry date: the following date is never an issue date.
EFFECTIVE = re.compile(
    r"(?:có|hết|còn)[ ]{1,3}hiệu[ ]{1,3}lực|thi[ ]hành[ ](?:kể[ ])?từ|kể[ ]từ|bắt[ ]đầu[ ]từ"
    r"|áp[ ]dụng[ ](?:kể[ ])?từ|đến[ ]hết|tính[ ]từ|từ[ ]ngày",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# Type words
# --------------------------------------------------------------------------------------------

#: Document type words, longest first (so "Thông tư liên tịch" wins over "Thông tư").
TYPE_WORDS: tuple[str, ...] = (
    "Văn bản hợp nhất",
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Chương trình hành động",
    "Chương trình",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Thông tư",
    "Chỉ thị",
    "Kết luận",
    "Thông báo kết luận",
    "Thông báo",
    "Công điện",
    "Công văn",
    "Kế hoạch",
    "Hướng dẫn",
    "Báo cáo",
    "Tờ trình",
    "Quy định",
    "Quy chế",
    "Pháp lệnh",
    "Sắc lệnh",
    "Bộ luật",
    "Luật",
    "Hiến pháp",
    "Lệnh",
    "Đề án",
    "Văn bản",
)
_TYPE_ALT = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))

#: A type word *ending* right before a symbol (search in the text just before a candidate):
#: ``Nghị quyết số``, ``Quyết định``, ``Thông tư liên tịch số``; ``$`` anchors it to the symbol.
TYPE_BEFORE = re.compile(
    r"(?P<type>" + _TYPE_ALT + r")"
    r"(?P<mid>[ ]{1,3}(?:số[ ]{0,3}(?:hiệu[ ]{1,3})?|số:[ ]{0,3}|)"
    r"|[ ]{0,3}(?:số[ ]{0,3})?)$",
    re.IGNORECASE,
)
#: :data:`TYPE_BEFORE`, tried only where a type word begins.
TYPE_BEFORE_GATED = StarterGated(TYPE_BEFORE, first_words(TYPE_WORDS))
#: ``số`` (and ``các``) right before a symbol that lists a previous type word.
SO_BEFORE = re.compile(r"(?:số|Số|số:)[ ]{0,3}$")
#: A list joiner between two symbols: ``, `` / `` và `` / `` và số `` / ``; ``.
LIST_JOIN = re.compile(r"^[ ]{0,3}(?:,|;|và|,[ ]{0,3}và|hoặc)[ ]{0,3}(?:số[ ]{0,3})?$")

#: ``Nghị định số`` etc. (a type word optionally followed by ``số``) at the start of a window.
TYPE_AT = re.compile(r"(?P<type>" + _TYPE_ALT + r")\b", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Issuers and subjects after a citation (anchored at the end of the symbol/date)
# --------------------------------------------------------------------------------------------

#: ``của Chính phủ``, ``của Thủ tướng Chính phủ``, ``của Ban Chấp hành Trung ương``, ``của Bộ
#: Chính trị``... up to a delimiter. The agency phrase is resolved through the gazetteer.
ISSUER_OF = re.compile(
    r"[ ,]{0,3}(?:do[ ]|của[ ])(?P<issuer>[" + VI_UPPER + r"][^,;.()\n]{1,80}?)"
    r"(?=[ ]{0,3}(?:[,;.()]|về[ ]|quy[ ]định|ban[ ]hành|hướng[ ]dẫn|sửa[ ]đổi|thì|đã|và[ ]"
    r"|ngày[ ]|năm[ ]|khóa|khoá|$))"
)

#: ``về ...`` (trích yếu) up to a clause end: ``;``, ``.`` + space, ``(``, or a new citation.
SUBJECT = re.compile(
    r"[ ,]{0,3}(?:về[ ]việc|về|V/v|Về|ban hành|Ban hành|quy định|Quy định)[ ]"
    r"(?P<subject>[^;()]{3,300}?)"
    r"(?=[ ]{0,3}(?:;|\.[ ]|\.$|\(|,[ ]có[ ]hiệu|,[ ]được|,[ ]đã|,[ ](?:các|và)[ ]|,[ ]?ngày|"
    r"[ ]ngày[ ]\d|[ ]của[ ][" + VI_UPPER + r"]|$))"
)

# --------------------------------------------------------------------------------------------
# Citations by name
# --------------------------------------------------------------------------------------------

#: ``Luật Đấu thầu``, ``Bộ luật Dân sự``, ``Luật Sửa đổi, bổ sung ...``, ``Hiến pháp``: the type
#: word and a capitalised name of up to 12 words. Its ``name`` group stops before words that end
#: a name ("số", "năm", a date, ``ngày``, punctuation...).
LAW_NAME = re.compile(
    # starts with a character class (fast C scan), then the look-behind checks the word start
    r"(?P<type>[BLHPĐ](?<![\w][BLHPĐ])(?:ộ[ ][lL]uật|uật|iến[ ]pháp|háp[ ]lệnh|iều[ ]lệ))"
    r"(?P<name>(?:[ ](?!số\b|năm\b|ngày\b|này\b|hiện\b|và\b|của\b|đã\b|thì\b|được\b|có\b|"
    r"quy\b|về\b|tại\b|sửa\b|là\b|hoặc\b|hay\b|hành\b|nêu\b|trên\b|với\b|cho\b|theo\b|"
    r"để\b|đến\b|phải\b|không\b|các\b|khác\b|liên\b|từ\b)"
    r"[" + VI_LETTER + r"][" + VI_LETTER + r"-]{0,15}){1,12})?"
)

#: Words that mark the start of a law name proper (first word after "Luật" is capitalised).
LAW_NAME_START = re.compile(r"[ ][" + VI_UPPER + r"]")

# --------------------------------------------------------------------------------------------
# Article references, just before a citation
# --------------------------------------------------------------------------------------------

#: ``điểm a.3 khoản 4 Phần III``, ``khoản 2 Điều 8``, ``Điều 26``, ``Mục 2 Chương III``,
#: ``tiết a``, ``điểm a, b khoản 1 Điều 3`` - anchored at the end of the text before the type word.
ARTICLE_BEFORE = re.compile(
    r"(?P<article>(?:(?:tiết|điểm|khoản|điều|mục|chương|phần|phụ[ ]lục)[ ]{1,2}"
    r"[0-9A-Za-zĐđIVXLC]{1,6}(?:\.\d{1,3})?(?:[ ]?,[ ]?[0-9a-zđ]{1,4}(?:\.\d{1,3})?){0,6}"
    r"(?:[ ]{1,2}(?:và|,)[ ]{1,2}[0-9a-zđ]{1,4}(?:\.\d{1,3})?)?[ ]{0,2}(?:của[ ]{1,2})?){1,6})"
    r"$",
    re.IGNORECASE,
)
#: :data:`ARTICLE_BEFORE`, tried only where an article word begins.
ARTICLE_BEFORE_GATED = StarterGated(
    ARTICLE_BEFORE, ("tiết", "điểm", "khoản", "điều", "mục", "chương", "phần", "phụ")
)

# --------------------------------------------------------------------------------------------
# The document's own symbol line in the header
# --------------------------------------------------------------------------------------------

#: ``Số: 631/TB-VPCP`` / ``Số 12-NQ/TW`` at a line start (header). Use ``re.M`` over header lines.
SO_LINE = re.compile(r"^[ \t]{0,40}(?:Số|SỐ|số)[ ]{0,3}(?::|hiệu:|)[ ]{0,3}", re.M)


# Recipients written on the ``Kính gửi:`` line may wrap onto the next lines ("Kính gửi: Ủy ban
# nhân dân các tỉnh," / "thành phố trực thuộc Trung ương."); the letter's first sentence often
# follows on the very next line, without a blank line ("Xét đề nghị của ...", "Thực hiện ...",
# "Cục Thuế nhận được công văn ..."). A next line continues the recipients when it opens in lower
# case, follows a comma, or is short, unless it opens the body.
_BODY_OPENER = re.compile(
    r"[\s*_|(]*(?:Xét|Thực\s+hiện|Trả\s+lời|Căn\s+cứ|Theo|Phúc\s+đáp|Tiếp\s+theo|Tiếp\s+nhận|Ngày"
    r"|Để|Sau\s+khi|Nhằm|Trên\s+cơ\s+sở|Vừa\s+qua|Hiện\s+nay|Qua|Về|Được|Nhận\s+được|Đồng\s+thời"
    r"|Trong|Tại|Thời\s+gian\s+qua|Ngay|Năm|Tháng)(?![^\W\d_])"
    r"|[^\n]{0,60}?(?<![^\W\d_])(?:nhận\s+được|có\s+ý\s+kiến|đã\s+nhận|xin\s+(?:báo|trả|gửi))"
)
RECIPIENT_WRAP_CHARS = 70  # a continuation opening in upper case without a comma before it


def recipient_continues(prev: str, line: str) -> bool:
    """Whether ``line`` continues the recipients ``prev`` (both stripped of the intro)."""
    s = line.strip(" \t\r*_|")
    if not s or _BODY_OPENER.match(s):
        return False
    if s[0].islower() or prev.rstrip(" *_").endswith((",", " và", " các")):
        return True
    return len(s) <= RECIPIENT_WRAP_CHARS


# --------------------------------------------------------------------------------------------
# Abbreviations that end in a dot inside a sentence
# --------------------------------------------------------------------------------------------

# "UBND TP. Hà Nội", "TX. Sơn Tây", "PGS. TS. Nguyễn Văn A": the dot abbreviates a word, so
# ". " + capital after one of these does not end the sentence (nor an agency name). Kept to
# forms that never end a sentence in these documents; "P." and "Q." are left out (a sentence
# may end with a quoted letter or a list label).
DOTTED_ABBREVIATIONS = frozenset(
    {"TP", "Tp", "TX", "Tx", "TT", "TS", "ThS", "GS", "PGS", "BS", "KS", "NXB", "Đ/c", "đ/c"}
)
# A dot that may end a sentence, for the sentence-end regexes: the dot, then a chain of
# fixed-width lookbehinds that fails when it closes one of the abbreviations above (after the
# dot, so they run only at dots, not at every position the regex tries).
SENTENCE_DOT = "[.]" + "".join(rf"(?<!\b{re.escape(a)}[.])" for a in sorted(DOTTED_ABBREVIATIONS))


def dotted_abbreviation_before(text: str, i: int) -> bool:
    """Whether the dot at ``text[i]`` closes an abbreviation of :data:`DOTTED_ABBREVIATIONS`."""
    j = i
    while j > 0 and i - j < 4 and (text[j - 1].isalpha() or text[j - 1] == "/"):
        j -= 1
    return text[j:i] in DOTTED_ABBREVIATIONS
