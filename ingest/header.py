"""Header metadata of a document (domain.md §2).

A formal document starts with a two-column table flattened to text: on the left the issuing
agency (often wrapped: ``VĂN PHÒNG CHÍNH`` / ``PHỦ``; parent and child: ``BỘ TÀI CHÍNH`` /
``CỤC THUẾ``) and ``Số: 631/TB-VPCP``; on the right the national motto (or ``ĐẢNG CỘNG SẢN VIỆT
NAM``) and ``<place>, ngày <d> tháng <m> năm <y>`` wrapped anywhere. Then the type line in
capitals and the title (trích yếu); a công văn has ``V/v ...`` instead and ``Kính gửi:``. The
document ends with ``Nơi nhận:`` and the signature block (capacity ``KT.``/``TM.``/``TL.``/
``TUQ.``/``Q.``, position lines, name), possibly before appendices.

:func:`parse_header` reads these from :class:`~ingest.clean.Prepared` (markdown noise already
blanked to spaces). Everything is line based over a bounded header zone plus a scan for the
signature block, so it is linear in the document length.

Texts that are not formal documents (news reports) get ``is_formal=False``, the first heading
as title and the first date written. When their lead sentence reports a document
(``Ngày 26/11/2025, Chính phủ ban hành Nghị quyết 08/2025/NQ-CP ...``), that document's symbol,
type, issuer and date are filled in: the published metadata of such pages describes that
document.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from ingest import gazetteer
from ingest.clean import Prepared
from ingest.gazetteer import fold
from ingest.models import DocumentMeta, Signer
from ingest.patterns import recipient_continues
from ingest.tasks import read_agencies

log = logging.getLogger(__name__)

try:  # published by the citations work; tiny local fallback otherwise
    from ingest.symbols import doc_type_from_code, document_id, parse_symbol
except ImportError:  # pragma: no cover - only while ingest.symbols is missing
    doc_type_from_code = None  # type: ignore[assignment]
    document_id = None  # type: ignore[assignment]
    parse_symbol = None  # type: ignore[assignment]

_DATA = Path(__file__).parent / "data"


# --------------------------------------------------------------------------------------------
# Small local regexes (header-specific; document-wide patterns live in ingest.patterns)
# --------------------------------------------------------------------------------------------

# "Số: 631/TB-VPCP", "Số:631/TB-VPCP", "Số 221-KL/TW", "Luật số: 08/2017/QH14", "Số hiệu: ..."
_SO = re.compile(
    r"(?:^|(?<=\s))(?:Luật\s+số|Lệnh\s+số|Pháp\s+lệnh\s+số|Số(?:\s+hiệu)?|SỐ)\s*[:.]?\s*"
)
# the symbol text after "Số:" (digits first; may wrap "3783/QĐ-\nUBND")
_SYM_TEXT = re.compile(r"[0-9][0-9A-Za-zĐđÐ/\-.–\s]{0,60}")


def _spaced(word: str) -> str:
    """``ngày`` -> ``n\\s*g\\s*à\\s*y``: words split by blanked markdown (``n**ă**m``)."""
    return r"\s*".join(re.escape(c) for c in word)


_DATE_WORDS = re.compile(
    rf"{_spaced('ngày')}\s*(\d{{1,2}})\s*{_spaced('tháng')}\s*(\d{{1,2}})\s*{_spaced('năm')}\s*(\d{{4}})"
    r"|ngày\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})",
    re.IGNORECASE,
)
# "Luật này đã được Quốc hội ... thông qua ngày 17 tháng 6 năm 2003" (laws without a date line)
_PASSED = re.compile(
    r"thông\s+qua\s+ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", re.IGNORECASE
)
# military / academic ranks before a signer's name
_RANK = re.compile(
    r"^(?:Đại\s+tướng|Thượng\s+tướng|Trung\s+tướng|Thiếu\s+tướng|Đại\s+tá|Thượng\s+tá|"
    r"Trung\s+tá|Thiếu\s+tá|GS\.?\s*TS\.?|PGS\.?\s*TS\.?|TS\.|ThS\.|BS\.|KS\.)\s*"
)
# a capital letter cut off its word by blanked markdown: "H    òa" -> "Hòa"
_SPLIT_CAP = re.compile(r"(?<![^\W\d_])([A-ZĐÀ-Ỹ])\s+(?=[a-zđà-ỹ])")
_NEWS_DATE = re.compile(r"\b(?:[Nn]gày\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\b")
# The national motto or the Party line, on the raw (NFC, noise-blanked) text: letters may be
# split by blanked markdown ("C  ỘNG"), tone placed old or new ("HOÀ"/"HÒA"), any case. Only a
# header line counts (see :func:`_find_motto`): "nước Cộng hoà xã hội chủ nghĩa Việt Nam" inside
# a sentence is not a motto.
_MOTTO = re.compile(
    r"C\s*Ộ\s*N\s*G\s+H\s*(?:OÀ|ÒA|OA)\s+X\s*Ã\s+H\s*Ộ\s*I"
    r"|[ĐÐ]\s*Ả\s*N\s*G\s+C\s*Ộ\s*N\s*G\s+S\s*Ả\s*N\s+V\s*I\s*Ệ\s*T\s+N\s*A\s*M"
    r"|[ĐÐ]\s*Ộ\s*C\s+L\s*Ậ\s*P\s*[-–]\s*T\s*Ự\s+D\s*O",
    re.IGNORECASE,
)
_VV = re.compile(r"^\s*(?:V/v|V/V|v/v|Về\s+việc)\s*:?\s*")
_KINH_GUI = re.compile(r"Kính\s+gửi\s*:?", re.IGNORECASE)
# a letter opening with "Kính gửi:" (possibly wrapped: "Kính" / "gửi:") on the flat view
_KINH_GUI_START = re.compile(r"\s*Kính\s+gửi\b", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^\s*Nơi\s+nhận\s*:?", re.IGNORECASE)
_CAPACITY = re.compile(r"^(KT|TM|TL|TUQ|Q|T/M|K/T|T\.M|K\.T|Q\.\s*)[.\s]\s*(?=\S)")
_UPPER_WORD = re.compile(r"[^\W\d_]+")
# "Ngày 26/11/2025, Chính phủ ban hành Nghị quyết 08/2025/NQ-CP ..." (lead of a news report)
_NEWS_LEAD = re.compile(
    r"Ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*,\s*(?P<issuer>[^,.;]{3,120}?)\s+"
    r"(?:đã\s+)?(?:ban\s+hành|ký\s+ban\s+hành|có|gửi|phát\s+đi)\s+"
    r"(?P<type>[A-ZĐÂ][^\d]{1,30}?)\s+(?:số\s+)?(?P<sym>\d[\w/\-.]*[A-Za-zĐđ][\w/\-]*)"
)

# Type lines in capitals -> Vietnamese type name. Longest first.
_TYPES: tuple[tuple[str, str], ...] = (
    ("THÔNG BÁO KẾT LUẬN", "Thông báo"),
    ("THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch"),
    ("NGHỊ QUYẾT LIÊN TỊCH", "Nghị quyết liên tịch"),
    ("QUYẾT ĐỊNH LIÊN TỊCH", "Quyết định liên tịch"),
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "Chương trình"),
    ("VĂN BẢN HỢP NHẤT", "Văn bản hợp nhất"),
    ("CÔNG ĐIỆN KHẨN", "Công điện"),
    ("HIẾN PHÁP", "Hiến pháp"),
    ("BỘ LUẬT", "Bộ luật"),
    ("PHÁP LỆNH", "Pháp lệnh"),
    ("SẮC LỆNH", "Sắc lệnh"),
    ("NGHỊ QUYẾT", "Nghị quyết"),
    ("NGHỊ ĐỊNH", "Nghị định"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("THÔNG TƯ", "Thông tư"),
    ("CHỈ THỊ", "Chỉ thị"),
    ("THÔNG BÁO", "Thông báo"),
    ("CÔNG ĐIỆN", "Công điện"),
    ("KẾ HOẠCH", "Kế hoạch"),
    ("KẾT LUẬN", "Kết luận"),
    ("HƯỚNG DẪN", "Hướng dẫn"),
    ("BÁO CÁO", "Báo cáo"),
    ("TỜ TRÌNH", "Tờ trình"),
    ("QUY ĐỊNH", "Quy định"),
    ("QUY CHẾ", "Quy chế"),
    ("CHƯƠNG TRÌNH", "Chương trình"),
    ("ĐỀ ÁN", "Đề án"),
    ("CHIẾN LƯỢC", "Chiến lược"),
    ("LUẬT", "Luật"),
    ("LỆNH", "Lệnh"),
)
# what may follow the type word on the type line ("QUYẾT ĐỊNH CỦA THỦ TƯỚNG ...", "LUẬT SỐ ...")
# after the type word on its line: "NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ", "CÔNG ĐIỆN KHẨN", and a Party
# resolution's body on one line ("NGHỊ QUYẾT HỘI NGHỊ LẦN THỨ SÁU BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG
# KHÓA XII", "NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG")
_TYPE_TAIL = (
    "CỦA ",
    "SỐ ",
    "KHẨN",
    "HỎA TỐC",
    "LIÊN TỊCH",
    ":",
    "HỘI NGHỊ LẦN THỨ ",
    "HỘI NGHỊ TRUNG ƯƠNG ",
    "HỘI NGHỊ BAN CHẤP HÀNH ",
    "ĐẠI HỘI ĐẠI BIỂU ",
    "ĐẠI HỘI ĐẢNG BỘ ",
)

# Lines that end a title: body openers and the authority line under the title.
_BODY_OPENERS = tuple(
    fold(w)
    for w in (
        "Căn cứ",
        "Thực hiện",
        "Xét ",
        "Theo ",
        "Để ",
        "Trong ",
        "Ngày ",
        "Tại ",
        "Sau ",
        "Vừa qua",
        "Thời gian",
        "Kính gửi",
        "Điều ",
        "Chương ",
        "Phần ",
        "Hiện nay",
        "Nhằm",
        "Năm ",
        "Thủ tướng Chính phủ điện",
        "Thực hiện",
        "Trên cơ sở",
        "Triển khai",
        "Ngay ",
    )
)
_AUTHORITY_OPENERS = tuple(
    fold(w)
    for w in (
        "CHỦ TỊCH",
        "BỘ TRƯỞNG",
        "THỦ TƯỚNG",
        "ỦY BAN NHÂN DÂN",
        "HỘI ĐỒNG NHÂN DÂN",
        "CHÍNH PHỦ",
        "QUỐC HỘI",
        "ỦY BAN THƯỜNG VỤ",
        "CỤC TRƯỞNG",
        "GIÁM ĐỐC",
        "TỔNG GIÁM ĐỐC",
        "THỐNG ĐỐC",
        "TỔNG KIỂM TOÁN",
        "CHÁNH ÁN",
        "VIỆN TRƯỞNG",
        "TỔNG THANH TRA",
        "BỘ CHÍNH TRỊ",
        "BAN BÍ THƯ",
        "BAN CHẤP HÀNH",
        "CHỦ NHIỆM",
        "TRƯỞNG BAN",
        "HỘI ĐỒNG THẨM PHÁN",
    )
)
# Position words that open a signature position line
_POSITION_OPENERS = tuple(
    fold(w)
    for w in (
        "CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "THỦ TƯỚNG",
        "PHÓ THỦ TƯỚNG",
        "CHỦ NHIỆM",
        "PHÓ CHỦ NHIỆM",
        "CỤC TRƯỞNG",
        "PHÓ CỤC TRƯỞNG",
        "GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "TỔNG GIÁM ĐỐC",
        "PHÓ TỔNG GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "TỔNG BÍ THƯ",
        "THƯỜNG TRỰC",
        "BÍ THƯ",
        "PHÓ BÍ THƯ",
        "THỐNG ĐỐC",
        "PHÓ THỐNG ĐỐC",
        "TỔNG KIỂM TOÁN",
        "PHÓ TỔNG KIỂM TOÁN",
        "CHÁNH ÁN",
        "PHÓ CHÁNH ÁN",
        "VIỆN TRƯỞNG",
        "PHÓ VIỆN TRƯỞNG",
        "TỔNG THANH TRA",
        "PHÓ TỔNG THANH TRA",
        "CHỦ NHIỆM",
        "TRƯỞNG PHÒNG",
        "PHÓ TRƯỞNG PHÒNG",
        "VỤ TRƯỞNG",
        "PHÓ VỤ TRƯỞNG",
        "CHÁNH THANH TRA",
        "TỔNG CỤC TRƯỞNG",
        "PHÓ TỔNG CỤC TRƯỞNG",
        "TRƯỞNG",
        "PHÓ TRƯỞNG",
        "ỦY VIÊN",
        "TỔNG THƯ KÝ",
        "TỔ TRƯỞNG",
        "CHI CỤC TRƯỞNG",
        "PHÓ CHI CỤC TRƯỞNG",
        "CHỦ TỊCH NƯỚC",
        "CHỦ TỊCH QUỐC HỘI",
        "TM.",
        "KT.",
        "TL.",
    )
)
_SKIP_SIGN_LINES = re.compile(
    r"^\(?\s*(?:đã\s+ký|đã ký và đóng dấu|ký|\[?daky\]?|\*+)\s*\)?$", re.I
)


@cache
def _family_names() -> frozenset[str]:
    try:
        lines = (_DATA / "family_names.txt").read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover
        lines = []
    names = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    return frozenset(names | {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ"})


# A personal name: 2-6 capitalised syllables ("Nguyễn Thị Kim Ngân"); the first a family name.
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]*){1,5}$")


def _looks_like_name(s: str) -> bool:
    s = s.strip()
    if not _NAME.match(s):
        return False
    words = s.split()
    return words[0] in _family_names() or (words[0].upper() == words[0] and len(words) >= 2)


# --------------------------------------------------------------------------------------------
# Lines
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str  # stripped, inner runs of spaces collapsed
    _folded: str | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded


_WS = re.compile(r"\s+")


def _lines(
    text: str, start: int = 0, end: int | None = None, max_nonempty: int | None = None
) -> list[_Line]:
    """Lines of ``text[start:end]`` (stripped, inner spaces collapsed), stopping after
    ``max_nonempty`` non-empty lines: the zones stay bounded whatever the document length.
    A run of blank lines (flattened table cells) becomes one empty line.

    The zone is cut at line feeds by one ``str.split`` and blank lines are told by ``isspace``
    (both C speed; ``isspace`` is what ``re`` calls a space): the same lines as a regex scan for
    non-blank lines (the reference in ``tests/unit/test_speed_paths.py``), at half the cost.
    """
    out: list[_Line] = []
    end = len(text) if end is None else min(end, len(text))
    left = max_nonempty if max_nonempty is not None else -1
    append = out.append
    prev_end = start
    prev_k = 0
    first = True
    pos = start
    for k, part in enumerate(text[start:end].split("\n")):
        n = len(part)
        if n and not part.isspace():
            gap = k - prev_k  # line breaks between the previous non-blank line and this one
            if gap >= 2 or (first and gap >= 1):
                append(_Line(prev_end, prev_end, ""))
            first = False
            t = part.strip()
            if "  " in t or "\t" in t:
                t = " ".join(t.split())
            prev_end = pos + n
            prev_k = k
            append(_Line(prev_end - len(part.lstrip()), prev_end, t))
            left -= 1
            if left == 0:
                break
        pos += n + 1
    return out


def _lines_before(text: str, pos: int, n_nonempty: int, floor: int = 0) -> int:
    """Start offset of the ``n_nonempty``-th non-empty line above ``pos`` (not before
    ``floor``): a bounded backward walk with ``str.rfind``."""
    start = text.rfind("\n", floor, pos) + 1 if pos > floor else floor
    seen = 0
    while start > floor and seen < n_nonempty:
        prev = text.rfind("\n", floor, start - 1) + 1
        if prev < floor:
            prev = floor
        if text[prev : start - 1].strip():
            seen += 1
        start = prev
    return max(start, floor)


def _is_caps(s: str) -> bool:
    """Letters present and none lower-case (C-speed string methods)."""
    return s.upper() == s and s.lower() != s


def _iso(d: int, m: int, y: int) -> str | None:
    if 1 <= d <= 31 and 1 <= m <= 12 and 1000 <= y <= 2100:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


# --------------------------------------------------------------------------------------------
# Parts
# --------------------------------------------------------------------------------------------


def _parse_sym(raw: str) -> tuple[str | None, str | None, str | None]:
    """(normalised symbol, type code, issuer code) of ``raw``."""
    if parse_symbol is not None:
        sym = parse_symbol(raw)
        if sym is None:
            return None, None, None
        return sym.normalized, sym.type_code, sym.issuer_code
    m = re.search(r"\d+[\w\-]*(?:/[\w\-]+)+", raw.replace(" ", ""))  # pragma: no cover
    if not m:  # pragma: no cover
        return None, None, None
    s = m.group(0)  # pragma: no cover
    parts = re.split(r"[/\-]", s)  # pragma: no cover
    return s, (parts[-2] if len(parts) > 2 else None), parts[-1]  # pragma: no cover


def _find_symbol(lines: list[_Line]) -> tuple[str | None, str | None, str | None, int]:
    """Symbol after ``Số:`` in the header lines; returns (symbol, type code, issuer code, line)."""
    for i, ln in enumerate(lines):
        if "ố" not in ln.text and "Ố" not in ln.text:
            continue  # every form of the label ("Số", "SỐ", "Luật số") has this letter
        m = _SO.search(ln.text)
        if not m or m.start() > 60:
            continue
        rest = ln.text[m.end() :]
        j = i
        # "Số:" alone, or a symbol wrapped after "-" or "/": join following lines
        while j + 1 < len(lines) and j - i < 3 and (not rest or rest.endswith(("-", "/", "–"))):
            j += 1
            nxt = lines[j].text
            if not nxt:
                continue
            rest = (rest + nxt) if rest else nxt
        tm = _SYM_TEXT.match(rest)
        if not tm:
            continue
        cand = tm.group(0).strip()
        sym, tcode, icode = _parse_sym(cand)
        if sym:
            return sym, tcode, icode, j
    return None, None, None, -1


def _find_date(flat: str, start: int, end: int) -> tuple[str | None, int, int]:
    """First ``<place>, ngày ...`` date (else first date) in flat[start:end]."""
    first: tuple[str | None, int, int] = (None, -1, -1)
    for m in _DATE_WORDS.finditer(flat, start, end):
        if m.group(1):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            iso = _iso(int(m.group(4)), int(m.group(5)), int(m.group(6)))
        if not iso:
            continue
        before = flat[max(0, m.start() - 3) : m.start()]
        if "," in before:
            return iso, m.start(), m.end()
        if first[0] is None:
            first = (iso, m.start(), m.end())
    return first


def _place(text: str, date_start: int) -> str | None:
    """The place before ``, ngày`` (possibly wrapped: ``Tây`` / ``Ninh, ngày``)."""
    line_start = text.rfind("\n", 0, date_start) + 1
    seg = text[line_start:date_start]
    seg = _WS.sub(" ", seg).strip().rstrip(",").strip()
    if len(seg.split()) <= 1:
        prev_end = line_start - 1
        while prev_end > 0:
            prev_start = text.rfind("\n", 0, prev_end) + 1
            prev = _WS.sub(" ", text[prev_start:prev_end]).strip()
            if prev:
                if (
                    len(prev.split()) <= 3
                    and prev[0].isupper()
                    and not any(c.isdigit() for c in prev)
                    and ":" not in prev
                    and not _is_caps(prev)
                ):
                    seg = f"{prev} {seg}".strip()
                break
            prev_end = prev_start - 1
    seg = seg.strip(" ,")
    if not seg or len(seg) > 60 or any(c.isdigit() for c in seg):
        return None
    return seg


# first words of the type lines: a cheap test before the full comparison
_TYPE_FIRST = frozenset(caps.split()[0] for caps, _ in _TYPES)
_TYPES_SPACED = tuple((caps, caps + " ", name) for caps, name in _TYPES)


def _type_of_line(s: str) -> str | None:
    if not s or len(s) > 160:
        return None
    first = s.split(None, 1)[0].rstrip(".:")
    if first not in _TYPE_FIRST or not _is_caps(s):
        return None
    up = s.strip(" .:")
    for caps, spaced, name in _TYPES_SPACED:
        if up == caps:
            return name
        if up.startswith(spaced) and up[len(spaced) :].startswith(_TYPE_TAIL):
            return name
    return None


def _is_title_end(ln: _Line, title_so_far: list[str]) -> bool:
    f = ln.folded
    if not ln.text:
        return bool(title_so_far)
    if _KINH_GUI.match(ln.text) or _NOI_NHAN.match(ln.text):
        return True
    # body openers are written in sentence case ("Để ..."); a caps line ("ĐỀ ÁN 06 ...") is title
    if f.startswith(_BODY_OPENERS) and not (_is_caps(ln.text) and len(ln.text) > 12):
        return True
    if re.match(r"^(?:[IVX]+|\d+)[.)]\s|^[IVX]+\s?[-–]\s", ln.text) or re.match(
        r"^[a-zđ]\)\s", ln.text
    ):
        return True
    if title_so_far and _is_caps(ln.text) and f.startswith(_AUTHORITY_OPENERS):
        prev = fold(title_so_far[-1])
        if not prev.endswith((fold(" của"), fold(" và"), fold(" cho"), ",")):
            return True
    return bool(title_so_far and _is_caps(" ".join(title_so_far)) and not _is_caps(ln.text))


# "KẾ HOẠCH" / "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về ...": a
# plan's title may open like a body sentence; it is a title when its paragraph ends without
# punctuation and states no enactment ("..., Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:")
_OPENER_TITLE = re.compile(
    r"^(?:Thực\s+hiện|Triển\s+khai)\s+(?:Nghị|Kết|Chỉ|Chương|Kế|Quyết|Chiến|Đề)"
)
_ENACTS = re.compile(r"ban\s+hành|như\s+sau|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo", re.IGNORECASE)


def _opener_title(after_type: list[_Line]) -> bool:
    """Whether the lines after the type line open with a title worded like a body opener."""
    para: list[str] = []
    for ln in after_type:
        if not ln.text:
            if para:
                break
            continue
        para.append(ln.text.strip(" |*"))
        if len(para) > 5:
            return False
    text = " ".join(para)
    return bool(
        para
        and _OPENER_TITLE.match(text)
        and not text.rstrip().endswith((":", ".", ";"))
        and not _ENACTS.search(text)
    )


def _join_title(parts: list[str]) -> str | None:
    if not parts:
        return None
    out = parts[0]
    for p in parts[1:]:
        # a word split by a hyphen at the line end ("quy-\nđịnh") is rejoined
        out = out[:-1] + p if out.endswith("-") and not out.endswith(" -") else f"{out} {p}"
    out = _WS.sub(" ", out).strip(" -*")
    return out or None


# The Party organ a Party document is "of", on its own lines under the type line: "CỦA BỘ
# CHÍNH TRỊ", "CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ", "CỦA BAN BÍ THƯ", "HỘI NGHỊ LẦN THỨ MƯỜI MỘT" /
# "BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII". The published title is the subject under it.
_PARTY_ORGAN = r"(?:BỘ\s+CHÍNH\s+TRỊ|BAN\s+BÍ\s+THƯ|BAN\s+CHẤP\s+HÀNH\s+TRUNG\s+ƯƠNG(?:\s+ĐẢNG)?)"
_PARTY_AUTHORITY = re.compile(
    rf"(?:CỦA\s+)?{_PARTY_ORGAN}(?:\s*(?:,|VÀ|,\s*VÀ)\s*{_PARTY_ORGAN})*"
    r"(?:\s+KHÓA\s+[IVXL]+|\s+KHOÁ\s+[IVXL]+)?"
    r"|HỘI\s+NGHỊ\s+(?:LẦN\s+THỨ\s+[^\s,.]+(?:\s+[^\s,.]+)?|TRUNG\s+ƯƠNG\s+\d+)"
    rf"(?:\s*,?\s*{_PARTY_ORGAN}(?:\s+KHÓA\s+[IVXL]+|\s+KHOÁ\s+[IVXL]+)?)?"
)
# a subject opens with "về" (or names the matter directly: "trách nhiệm nêu gương ...")
_SUBJECT_START = re.compile(r"(?:về|VỀ|Về)\s")


def _party_authority_lines(lines: list[_Line], start: int) -> int:
    """How many lines from ``lines[start]`` name the Party organ of the document (``CỦA BỘ
    CHÍNH TRỊ``, ``HỘI NGHỊ LẦN THỨ ...`` / ``BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA ...``) above
    its subject; 0 unless a ``về ...`` subject follows them."""
    n = 0
    k = start
    while k < len(lines) and k < start + 4:
        t = lines[k].text.strip(" |*")
        if not t:
            if n:
                break
            k += 1
            continue
        if not (t.startswith(("CỦA ", "HỘI NGHỊ", "BỘ CHÍNH", "BAN ")) and _is_caps(t)):
            break
        if _PARTY_AUTHORITY.fullmatch(t.rstrip(" .,")) is None:
            break
        k += 1
        n = k - start
    if not n:
        return 0
    while k < len(lines) and not lines[k].text.strip(" |*"):
        k += 1
    if k < len(lines) and _SUBJECT_START.match(lines[k].text.strip(" |*")):
        return n
    return 0


_SRC: list[str] = [""]  # the text being parsed (set by parse_header; single-threaded use)


def ln_text_until(ln: _Line, stop_at: int) -> str:
    return _SRC[0][ln.start : min(ln.end, stop_at)]


def _agency_block(lines: list[_Line], stop_at: int) -> list[str]:
    """Caps lines just above ``stop_at`` (the motto): the agency, read bottom-up until a line
    that is not in capitals (a news preamble above an embedded document is not included)."""
    out: list[str] = []
    above = [ln for ln in lines if ln.start < stop_at]
    for ln in reversed(above):
        t = _WS.sub(" ", ln_text_until(ln, stop_at)).strip(" -*|_=.")
        if not t:
            continue
        if _SO.match(t) or _DATE_WORDS.search(t) or not _is_caps(t) or len(out) >= 6:
            break
        out.append(t)
    out.reverse()
    if out and above and above[-1].end > stop_at:
        out.extend(_left_column_below(lines, stop_at, 6 - len(out)))
    return out


# Cells of a flattened two-column header row are separated by the blanked table border: a run
# of 2+ spaces (or a tab) in the noise-blanked text.
_CELL_GAP = re.compile(r"[ \t]{2,}|\t")


def _left_column_below(lines: list[_Line], stop_at: int, room: int) -> list[str]:
    """The agency column continued below the motto row of a flattened two-column header.

    ``ỦY BAN NHÂN DÂN | CỘNG HÒA ...`` / ``TỈNH NGHỆ AN | Độc lập - Tự do ...``: when the motto
    starts mid-line, the left cells of the following rows (up to the ``Số:`` row) continue the
    agency name.
    """
    out: list[str] = []
    for ln in lines:
        if ln.start <= stop_at or room <= 0:
            continue
        raw = _SRC[0][ln.start : ln.end]
        cell = _CELL_GAP.split(raw.strip(), maxsplit=1)[0].strip(" -*|_=.")
        if not cell or _MOTTO.search(cell) or cell.startswith(("Độc lập", "ĐỘC LẬP")):
            if _CELL_GAP.search(raw.strip()) or not cell:
                break
            continue
        if _SO.match(cell) or _DATE_WORDS.search(cell) or not _is_caps(cell):
            break
        out.append(_WS.sub(" ", cell))
        room -= 1
    return out


def _sentence_case(s: str) -> str:
    low = s.lower()
    return low[:1].upper() + low[1:]


def _issuer_from_block(block: list[str]) -> gazetteer.AgencyEntry | str | None:
    """Canonical entry for the lowest unit of the agency lines, else its cleaned name."""
    if not block:
        return None
    n = len(block)
    whole = " ".join(block)
    e = gazetteer.lookup(whole)
    if e:
        return e
    # child + parent: "VĂN PHÒNG" under "BAN CHẤP HÀNH TRUNG ƯƠNG"
    for k in range(n - 1, 0, -1):
        child = " ".join(block[k:])
        parent = " ".join(block[:k])
        e = gazetteer.lookup(f"{child} {parent}")
        if e:
            return e
        pe = gazetteer.lookup(parent)
        if pe is not None and pe.kind == "party":
            e = gazetteer.lookup(f"{child} Trung ương")
            if e:
                return e
        e = gazetteer.lookup(child)
        if e:
            return e
    for k in range(n - 1, -1, -1):
        e = gazetteer.lookup(" ".join(block[k:]))
        if e:
            return e
    # unknown lowest unit: sentence case with known agency names repaired
    low = block[-1] if n == 1 or len(block[-1].split()) > 1 else " ".join(block[-2:])
    return _proper_case(low)


def _proper_case(caps: str) -> str:
    from ingest.clean import prepare

    s = _sentence_case(_WS.sub(" ", caps).strip())
    # repair names of agencies and provinces inside ("thuế tỉnh tây ninh" -> "tỉnh Tây Ninh")
    for ag in gazetteer.find_agencies(prepare(s)):
        if ag.span is None:
            continue
        a, b = ag.span
        e = gazetteer.lookup(ag.name)
        if e is None:
            continue
        repl = e.name
        if e.kind == "province":
            bare = e.name.split(" ", 2)[-1] if e.name.startswith("Thành phố") else e.name[5:]
            repl = s[a:b][: len(s[a:b]) - len(bare)] + bare if len(s[a:b]) > len(bare) else bare
        s = s[:a] + (repl if a > 0 else repl[:1].upper() + repl[1:]) + s[b:]
    return s


def _issuer_from_code(code: str | None, place: str | None) -> gazetteer.AgencyEntry | None:
    if not code:
        return None
    if code in ("UBND", "HĐND") and place:
        prov = gazetteer.lookup(place)
        if prov and prov.kind == "province":
            return gazetteer.by_id(("ubnd-" if code == "UBND" else "hdnd-") + prov.id)
    return gazetteer.by_code(code)


# "Cục Thuế có ý kiến như sau", "Bộ Tài chính đề nghị", "Ban Chỉ đạo ... (sau đây viết là ...)
# yêu cầu": the writer of a letter without header
_WRITER_VERBS = re.compile(
    r"\s*(?:\([^()]{0,160}\)\s*)?(?:xin\s+|đã\s+|kính\s+|trân\s+trọng\s+)?"
    r"(?:có\s+ý\s+kiến|nhận\s+được|đề\s+nghị|thông\s+báo|trả\s+lời|hướng\s+dẫn|yêu\s+cầu)",
    re.IGNORECASE,
)


def _issuer_from_body(prep: Prepared, body_start: int = 0, anchor: int = -1) -> str | None:
    """The agency that writes in the first person: in the opening paragraphs, else in the
    closing paragraph just above ``Nơi nhận`` (``Bộ X yêu cầu các đơn vị ... ./.``)."""
    segs = [prep.flat[: min(len(prep.flat), 3000)]]
    if 0 <= anchor <= len(prep.flat):
        # the last sentence before the anchor ("... yêu cầu các đơn vị thực hiện./.")
        closing = prep.flat[max(body_start, anchor - 600) : anchor].rstrip(" ./|*")
        cut = max(closing.rfind(". "), closing.rfind("; "), closing.rfind(": "))
        segs.append(closing[cut + 1 :])
    for seg in segs:
        for ag in gazetteer.find_agencies(Prepared(seg, seg, seg)):
            if not ag.span or seg[max(0, ag.span[0] - 5) : ag.span[0]].rstrip().endswith("của"):
                continue  # "Ban Chỉ đạo của Chính phủ đề nghị": the tail of a longer name
            if _WRITER_VERBS.match(seg, ag.span[1], ag.span[1] + 200):
                return ag.canonical
    return None


def _doc_type_from_code(code: str | None) -> str | None:
    if not code:
        return None
    if doc_type_from_code is not None:
        return doc_type_from_code(code)
    return None  # pragma: no cover


# ---- signers --------------------------------------------------------------------------------


def _is_position_line(s: str) -> bool:
    if not s or not _is_caps(s) or len(s) > 120:
        return False
    f = fold(s)
    return (
        bool(_CAPACITY.match(s))
        or f.startswith(_POSITION_OPENERS)
        or f.startswith(fold("THAY MẶT"))
    )


def _clean_name(s: str) -> str:
    s = re.sub(r"\s*\((?:đã ký|ký)\)\s*$", "", s.strip(" -|"), flags=re.I)
    s = _SPLIT_CAP.sub(r"\1", s)
    s = _RANK.sub("", s)
    return _WS.sub(" ", s).strip(" ,.")


def _name_at(lines: list[_Line], k: int) -> tuple[str | None, int]:
    """A signer's name starting at ``lines[k]``, possibly wrapped over 2-3 lines."""
    best: str | None = None
    used = 1
    parts: list[str] = []
    for m in range(k, min(k + 3, len(lines))):
        t = lines[m].text
        if not t or (m > k and (_is_caps(t) or len(t) > 40)):
            break
        parts.append(t)
        cand = _clean_name(" ".join(parts))
        if _NAME.match(cand) and len(cand.split()) <= 6:
            best, used = cand, m - k + 1
        elif m == k and not _NAME.match(_clean_name(t) + " X"):
            break
    return best, used


def _signers(lines: list[_Line]) -> list[Signer]:
    """Signature blocks: position lines (capacity first) then a personal name."""
    found: list[tuple[int, Signer]] = []
    n = len(lines)
    i = 0
    while i < n:
        t = lines[i].text.strip(" -|")
        if not _is_position_line(t):
            i += 1
            continue
        # gather consecutive caps lines (position block), then the name within 6 lines
        block = [t]
        j = i + 1
        while j < n and (
            not lines[j].text or (_is_caps(lines[j].text) and len(lines[j].text) < 120)
        ):
            if lines[j].text:
                if _looks_like_name(lines[j].text):
                    break
                block.append(lines[j].text.strip(" -|"))
            j += 1
            if j - i > 12:
                break
        k = j
        name = None
        while k < n and k - j < 6:
            s = lines[k].text.strip(" -|")
            if s and not _SKIP_SIGN_LINES.match(s):
                name, used = _name_at(lines, k)
                k += used - 1
                break
            k += 1
        if name:
            cap = None
            joined = " ".join(block)
            cm = _CAPACITY.match(joined)
            if cm:
                raw = cm.group(1).replace(" ", "")
                cap = {"T/M": "TM.", "K/T": "KT.", "T.M": "TM.", "K.T": "KT."}.get(
                    raw, raw.rstrip(".") + "."
                )
            pos_lines = block[:]
            if cap and len(pos_lines) > 1:
                position = pos_lines[-1]
            elif cap == "TM.":
                position = ""  # "T/M BỘ CHÍNH TRỊ" then the name: the body signed for, no position
            else:
                position = _CAPACITY.sub("", joined).strip() if cap else joined
            found.append(
                (
                    lines[i].start,
                    Signer(name=name, position=position.strip(" ,") or None, capacity=cap),
                )
            )
            i = k + 1
            continue
        i += 1
    if not found:
        # a bare name confirmed by "(Đã ký)" on the next line (older texts without positions)
        for idx in range(n - 1):
            if re.match(r"^\(\s*đã\s+ký\s*\)$", lines[idx + 1].text, re.I):
                nm = _clean_name(lines[idx].text)
                if _NAME.match(nm):
                    return [Signer(name=nm)]
        return []
    # keep the first signature block and the joint signers next to it
    first_pos = found[0][0]
    out: list[Signer] = []
    seen: set[str] = set()
    for pos, sg in found:
        if pos - first_pos > 2500:
            break
        if sg.name not in seen:
            seen.add(sg.name)
            out.append(sg)
    return out


# anchors of the signature block; literal first characters keep the scans at C speed
_NOI_NHAN_LITS = ("Nơi nhận", "NƠI NHẬN")
_CAPACITY_ML = re.compile(r"\n[ \t]*(?:KT|TM|TL|TUQ|T/M|K/T)[.\s]")
_PASSED_ANCHOR = re.compile(r"thông\s+qua\s+ngày", re.I)
SIGN_BEFORE = 8  # non-empty lines kept above the anchor (a block written before "Nơi nhận")
SIGN_LINES = 45  # non-empty lines after the anchor: the recipients list, then the signature
SIGN_CHARS = 4500  # and at most this many characters


def _at_line_start(text: str, i: int) -> bool:
    ls = text.rfind("\n", 0, i) + 1
    return not text[ls:i].strip()


_TAIL_WINDOWS = (3000, 12000)  # the signature is searched in the last chars first (median ~400)


def _rfind_at_line_start(text: str, lits: tuple[str, ...], lo: int, hi: int) -> int:
    """Last occurrence in ``text[lo:hi]`` of one of ``lits`` that opens a line, else -1."""
    best = -1
    for lit in lits:
        end = hi
        for _ in range(4):
            i = text.rfind(lit, lo, end)
            if i < 0:
                break
            if _at_line_start(text, i):
                best = max(best, i)
                break
            end = i
    return best


def _find_at_line_start(text: str, lits: tuple[str, ...], lo: int) -> int:
    """First occurrence after ``lo`` of one of ``lits`` that opens a line, else -1."""
    best = -1
    for lit in lits:
        start = lo
        for _ in range(4):
            i = text.find(lit, start, best if best >= 0 else len(text))
            if i < 0:
                break
            if _at_line_start(text, i):
                best = i
                break
            start = i + 1
    return best


def _signature_anchor(text: str, body_start: int) -> int:
    """Offset of the signature block: ``Nơi nhận`` at a line start, or the capacity line
    (``KT.``, ``TM.``...) when it comes first. Searched backwards in growing windows from the
    end (appendices may follow), then forwards; for texts without either (laws), the closing
    ``thông qua ngày``; else -1."""
    n = len(text)
    a = -1
    for w in _TAIL_WINDOWS:
        lo = max(body_start, n - w)
        a = _rfind_at_line_start(text, _NOI_NHAN_LITS, lo, n)
        if a >= 0 or lo == body_start:
            break
    if a < 0 and n - _TAIL_WINDOWS[-1] > body_start:
        # a long appendix after the signature: one forward scan at C speed
        a = _find_at_line_start(text, _NOI_NHAN_LITS[:1], body_start)
    if a >= 0:
        m = _CAPACITY_ML.search(text, max(body_start, a - 3000), a + SIGN_CHARS)
        return min(a, m.start() + 1) if m else a
    m = _CAPACITY_ML.search(text, max(body_start, n - _TAIL_WINDOWS[-1]))
    if m:
        return m.start() + 1
    last = None
    for pm in _PASSED_ANCHOR.finditer(text, max(body_start, n - 8000)):
        last = pm
    return last.start() if last else -1


def _signature_zone(text: str, body_start: int) -> tuple[list[_Line], int]:
    """Lines around the signature block (see :func:`_signature_anchor`), else the last lines."""
    a = _signature_anchor(text, body_start)
    if a < 0:
        lo = _lines_before(text, len(text), SIGN_LINES // 2, body_start)
        return _lines(text, lo), len(text)
    lo = _lines_before(text, a, SIGN_BEFORE, body_start)
    return _lines(text, lo, a + SIGN_CHARS, SIGN_LINES + SIGN_BEFORE), a


# ---- recipients ------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _canon_recipient(item: str) -> tuple[str, ...]:
    """A recipient item, canonical when the gazetteer knows it (cached: lists repeat). A
    collective head with its members (``Chủ tịch Ủy ban nhân dân các tỉnh: Thanh Hóa, Nghệ
    An``, ``Các Bộ: Tài chính, Tư pháp``) stands for each member agency."""
    s = item.strip(" -+•;,.:")
    if not s:
        return ()
    f = fold(s)
    if f.startswith((fold("như trên"), fold("lưu"), fold("như điều"))):
        return ()
    if len(s) > 200:
        return ()
    e = gazetteer.lookup(s)
    if e:
        return (e.name,)
    members = gazetteer.list_members(s)
    if members:
        return tuple(m.name for m in members)
    return (s,)


def _inline_names(part: str) -> list[str]:
    """``Kính gửi: Bộ Tài chính, Bộ Văn hóa, Thể thao và Du lịch, Ủy ban nhân dân các tỉnh,
    thành phố trực thuộc Trung ương.`` names three recipients, but a comma may also sit inside a
    name: the part is split only where the agency reader reads all of it as two or more names."""
    s = part.strip(" -+•;,.:")
    r = read_agencies(s)
    if len(r.names) >= 2 and r.end >= len(s):
        return r.names
    return [part]


def _list_items(lines: list[_Line], start: int, limit: int = 40) -> Iterator[str]:
    """Items of a dash list starting at ``lines[start]`` (continuation lines joined)."""
    cur: str | None = None
    for ln in lines[start : start + limit]:
        t = ln.text.strip(" |")
        if not t:
            continue
        if t.startswith(("-", "+", "•")):
            if cur is not None:
                yield cur
            cur = t.lstrip("-+• ")
        elif cur is not None and not cur.rstrip().endswith((";", ".")) and not _is_position_line(t):
            cur = f"{cur} {t}"
        else:
            break
    if cur is not None:
        yield cur


# "THỦ TƯỚNG CHÍNH PHỦ điện:", "BỘ TRƯỞNG BỘ Y TẾ điện:", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
# NGHỆ AN điện:": a telegram (công điện) names its recipients after the authority's "điện:"
# exactly as a letter does after "Kính gửi:"
_DIEN = re.compile(r"^[\s|]*(?P<who>\S[^:;,.]{2,120}?)\s+(?:điện|ĐIỆN|Điện)\s*:")


def _recipients_intro(t: str) -> int:
    """Where the recipients start on a ``Kính gửi:`` / ``<AUTHORITY> điện:`` line, else -1."""
    if "ửi" in t or "ỬI" in t:  # cheap tests before the regexes
        m = _KINH_GUI.search(t)
        if m and m.start() < 5:
            return m.end()
    if "điện" in t or "ĐIỆN" in t or "Điện" in t:
        d = _DIEN.match(t)
        if d:
            who = d.group("who")
            if _is_caps(who) or fold(who).startswith(_AUTHORITY_OPENERS):
                return d.end()
    return -1


def _recipients(lines: list[_Line], header_end: int, tail: list[_Line]) -> list[str]:
    out: list[str] = []

    def add(item: str) -> None:
        out.extend(c for c in _canon_recipient(item) if c not in out)

    for idx, ln in enumerate(lines):
        intro_end = _recipients_intro(ln.text)
        if intro_end >= 0 and idx < header_end + 40:
            rest = ln.text[intro_end:].strip(" |")
            nxt_ln = next((x for x in lines[idx + 1 : idx + 3] if x.text.strip(" |")), None)
            if not rest and nxt_ln is not None and _recipients_intro(nxt_ln.text) >= 0:
                continue  # "THỦ TƯỚNG CHÍNH PHỦ điện:" / "Kính gửi:": the list follows the latter
            if rest and not rest.startswith("-"):
                # inline: "Kính gửi: Bộ trưởng, ..." possibly wrapped on the next line
                txt = rest
                nxt = idx + 1
                while (
                    nxt < len(lines)
                    and lines[nxt].text
                    and not txt.rstrip().endswith((".", ";", ":"))
                ):
                    if len(txt) > 300 or _is_caps(lines[nxt].text):
                        break
                    if not recipient_continues(txt, lines[nxt].text):
                        break  # the letter's first sentence ("Xét đề nghị của ...")
                    txt = f"{txt} {lines[nxt].text}"
                    nxt += 1
                    if nxt - idx > 3:
                        break
                for part in re.split(r";", txt):
                    for name in _inline_names(part):
                        add(name)
            else:
                for it in _list_items(lines, idx + 1):
                    for part in it.split(";"):  # "- Bộ trưởng các Bộ: ...; Thống đốc ..."
                        add(part)
            break
    for idx, ln in enumerate(tail):
        if ("nhận" in ln.text or "NHẬN" in ln.text) and _NOI_NHAN.match(ln.text):
            rest = _NOI_NHAN.sub("", ln.text).strip(" |")
            items = list(_list_items(tail, idx + 1))
            if rest.startswith("-"):
                items.insert(0, rest.lstrip("- "))
            for it in items:
                add(it)
            break
    return out


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


HEADER_LINES = 40  # non-empty lines of the header zone
HEADER_SCAN_CHARS = 6000  # and at most this many characters (a news preamble may come first)
MOTTO_LINES_ABOVE = 8  # lines of a late header kept above its motto (agency, symbol, table bars)

# "(Kèm theo Công văn số 174/CV-BCĐ ngày 02 tháng 12 năm 2025 của Ban Chỉ đạo)": an appendix
# names the document it belongs to; it fills what the header lacks (letters without header).
_ATTACHED = re.compile(
    r"(?:Kèm|KÈM)\s+(?:theo|THEO)\s+(?P<type>Công\s+văn|Quyết\s+định|Thông\s+báo|Kế\s+hoạch|"
    r"Nghị\s+quyết|Chỉ\s+thị|Thông\s+tư|Nghị\s+định|Hướng\s+dẫn|Báo\s+cáo|Công\s+điện|"
    r"Tờ\s+trình|Kết\s+luận|văn\s+bản)\s+(?:số\s*:?\s*)?",
    re.IGNORECASE,
)
_OF_ISSUER = re.compile(r"\s*của\s+(?P<issuer>[^()]{3,160}?)\s*\)")
# "... Đảng Cộng sản Việt Nam họp từ ngày 20-01-2016 đến ngày 28-01-2016": a resolution of a
# congress or conference without a date line is dated on the meeting's last day
_MEETING_END = re.compile(
    r"họp\s+từ\s+ngày\s+[\d\s/.\-–thángnăm]{3,30}?\s+đến\s+(?=ngày)", re.IGNORECASE
)


def _find_motto(text: str, end: int) -> tuple[int, int] | None:
    """The national motto / Party line of the header: in capitals, or alone on its line."""
    for m in _MOTTO.finditer(text, 0, end):
        g = m.group(0)
        if g.upper() == g:
            return m.start(), m.end()
        ls = text.rfind("\n", 0, m.start()) + 1
        le = text.find("\n", m.end())
        le = len(text) if le < 0 else le
        if not text[ls : m.start()].strip() and len(text[ls:le].strip()) <= 60:
            return m.start(), m.end()
    return None


def _date_at(flat: str, start: int, end: int) -> str | None:
    m = _DATE_WORDS.search(flat, start, end)
    if not m:
        return None
    if m.group(1):
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return _iso(int(m.group(4)), int(m.group(5)), int(m.group(6)))


def _attached_ref(
    flat: str, start: int, doc_type: str | None
) -> tuple[str | None, str | None, str | None, str | None, str | None]:
    """(symbol, type code, issuer code, date, issuer name) of the ``Kèm theo <type> số ...``
    line of an appendix after ``start``, when its type agrees with ``doc_type``."""
    pos = start
    for _ in range(3):
        i = flat.find("èm theo", pos)
        j = flat.find("ÈM THEO", pos)
        i = j if i < 0 or (0 <= j < i) else i
        if i < 1:
            return None, None, None, None, None
        pos = i + 7
        m = _ATTACHED.match(flat, i - 1)
        if not m:
            continue
        tname = _WS.sub(" ", m.group("type")).lower()
        if tname != "văn bản" and doc_type and fold(tname) != fold(doc_type):
            continue
        sym, tcode, icode = _parse_sym(flat[m.end() : m.end() + 60].split(" ngày")[0])
        if not sym:
            continue
        tail = flat[m.end() : m.end() + 260]
        date = _date_at(tail, 0, min(len(tail), 120))
        om = _OF_ISSUER.search(tail)
        issuer = om.group("issuer") if om else None
        return sym, tcode, icode, date, issuer
    return None, None, None, None, None


def _heading_ref(lines: list[_Line], flat: str) -> tuple[str | None, str | None]:
    """Old headings naming the document itself: ``LUẬT SỐ 102-SL/L-004 NGÀY 20-5-1957 ...``."""
    seen = 0
    for ln in lines:
        if not ln.text:
            continue
        seen += 1
        if seen > 6:
            break
        t = ln.text
        k = t.find("SỐ ")
        if k < 0 or not _is_caps(t):
            continue
        date = _date_at(flat, ln.start + k, ln.end)
        if date:
            sym = _parse_sym(t[k + 3 :].split(" NGÀY")[0])[0]
            return sym, date
    return None, None


def parse_header(prep: Prepared) -> DocumentMeta:
    """Header metadata of one prepared document.

    Reads only two bounded zones: the first :data:`HEADER_LINES` non-empty lines (agency,
    symbol, motto, date, type line, title, ``Kính gửi``) and the lines around the signature
    block (:func:`_signature_zone`), so the cost does not grow with the document's length.
    """
    text = prep.text
    flat = prep.flat
    if not text or text.isspace():
        return DocumentMeta(is_formal=False)
    _SRC[0] = text
    lines = _lines(text, 0, HEADER_SCAN_CHARS, HEADER_LINES)
    zone_end = lines[-1].end if lines else 0
    motto = _find_motto(text, zone_end)
    if motto is None and zone_end < len(text):
        motto = _find_motto(text, min(len(text), HEADER_SCAN_CHARS))
    if motto is not None and sum(1 for ln in lines if ln.text and ln.start < motto[0]) > 16:
        # a long page preamble (a site's copyright notice and metadata table) pushed the header
        # down: the zone starts a few lines above the motto instead, so the type line and title
        # under the header stay inside it
        start = _lines_before(text, motto[0], MOTTO_LINES_ABOVE)
        lines = _lines(text, start, start + HEADER_SCAN_CHARS, HEADER_LINES)
        zone_end = lines[-1].end if lines else 0
    zone_lines = lines

    symbol, tcode, icode, sym_line = _find_symbol(zone_lines)
    # type line and title
    doc_type = None
    type_idx = -1
    for idx, ln in enumerate(zone_lines):
        t = _type_of_line(ln.text)
        if t and not _MOTTO.search(ln.text):
            doc_type, type_idx = t, idx
            break
    vv_idx = -1
    vv_title: list[str] = []
    for idx, ln in enumerate(zone_lines):
        if ln.text[:3].lower() == "v/v" and _VV.match(ln.text):
            vv_idx = idx
            vv_title.append(_VV.sub("", ln.text))
            for nxt in zone_lines[idx + 1 : idx + 5]:
                if not nxt.text or _DATE_WORDS.search(nxt.text) or _KINH_GUI.match(nxt.text):
                    break
                vv_title.append(nxt.text)
            break

    first_line = next((ln for ln in zone_lines if ln.text), None)
    letter_without_header = bool(
        first_line and _KINH_GUI_START.match(flat, first_line.start, first_line.start + 40)
    )
    is_formal = (
        motto is not None
        or (symbol is not None and (type_idx >= 0 or vv_idx >= 0))
        or letter_without_header
    )
    if type_idx >= 0 and motto is None and symbol is None and type_idx > 3:
        is_formal = False

    title_parts: list[str] = []
    title_end_idx = type_idx
    if type_idx >= 0:
        # "KẾT LUẬN" / "CỦA BỘ CHÍNH TRỊ, BAN BÍ THƯ" / "về ...": the Party organ's line is not
        # the title; the subject ("về ...", in any case) under it is
        skip = _party_authority_lines(zone_lines, type_idx + 1)
        title_end_idx += skip
        opener_title = _opener_title(zone_lines[type_idx + 1 + skip : type_idx + 15])
        for ln in zone_lines[type_idx + 1 + skip : type_idx + 15]:
            if not (opener_title and not title_parts) and _is_title_end(ln, title_parts):
                break
            title_end_idx += 1
            if ln.text:
                title_parts.append(ln.text.strip(" |"))
    title = _join_title(title_parts) if title_parts else _join_title(vv_title)

    # date and place
    date_end = zone_end
    if type_idx >= 0:
        date_end = min(zone_end, zone_lines[type_idx].start)
    issued, dstart, _dend = (None, -1, -1)
    if is_formal and not letter_without_header:
        issued, dstart, _dend = _find_date(flat, 0, date_end)
        if issued is None and type_idx < 0:
            issued, dstart, _dend = _find_date(flat, 0, zone_end)
    if issued is None and not letter_without_header:
        hsym, hdate = _heading_ref(zone_lines, flat)
        if hdate:
            issued = hdate
            if symbol is None and hsym:
                symbol, tcode, icode = _parse_sym(hsym)
    if issued is None and type_idx >= 0 and not letter_without_header:
        lead_from = zone_lines[min(title_end_idx + 1, len(zone_lines) - 1)].start
        mm = _MEETING_END.search(flat, lead_from, min(zone_end, lead_from + 600))
        if mm:
            issued = _date_at(flat, mm.end(), mm.end() + 40)
    place = _place(text, dstart) if issued and dstart >= 0 else None

    # issuer
    issuer_name: str | None = None
    if is_formal:
        stop = motto[0] if motto else (zone_lines[sym_line].start if sym_line >= 0 else 0)
        block = _agency_block(zone_lines, stop)
        if not block and motto is not None:
            # agency written after the motto column: caps lines between motto and "Số"
            sym_start = zone_lines[sym_line].start if sym_line >= 0 else motto[1]
            cand = [
                ln.text
                for ln in zone_lines
                if motto[1] < ln.start < sym_start
                and _is_caps(ln.text)
                and not _MOTTO.search(ln.text)
                and fold("hanh phuc") not in ln.folded
            ]
            block = [c.strip(" -*") for c in cand if c.strip(" -*")]
        found = _issuer_from_block(block)
        if isinstance(found, gazetteer.AgencyEntry):
            issuer_name = found.name
        elif found:
            issuer_name = found
        if issuer_name is None:
            e = _issuer_from_code(icode, place)
            issuer_name = e.name if e else None

    if tcode == "VBHN":
        doc_type = "Văn bản hợp nhất"  # a consolidated text repeats the original's type line
    if doc_type is None and is_formal:
        if vv_idx >= 0 or letter_without_header:
            doc_type = "Công văn"
        else:
            doc_type = _doc_type_from_code(tcode)
        if doc_type is None and symbol and tcode is None:
            doc_type = "Công văn"

    body_from = max(title_end_idx, sym_line, 0) + 1
    body_start = zone_lines[body_from].start if body_from < len(zone_lines) else zone_end
    tail, anchor = _signature_zone(text, body_start)
    signers = _signers(tail)
    recipients = _recipients(lines, body_from, tail) if is_formal else []

    if is_formal and (symbol is None or issued is None) and anchor < len(text):
        # a letter without header: its appendix names it ("Kèm theo Công văn số ... ngày ...")
        asym, atcode, aicode, adate, aissuer = _attached_ref(flat, anchor, doc_type)
        if asym and (symbol is None or asym == symbol):
            if symbol is None:
                symbol, tcode, icode = asym, atcode, aicode
            if issued is None:
                issued = adate
            if issuer_name is None and aissuer:
                e = gazetteer.lookup(aissuer)
                issuer_name = e.name if e else None
    if is_formal and issuer_name is None:
        e = _issuer_from_code(icode, place)
        issuer_name = e.name if e else None
    if issuer_name is None and letter_without_header:
        issuer_name = _issuer_from_body(prep, body_start, anchor)

    if issued is None:
        # laws and resolutions of the National Assembly: "... thông qua ngày 17 tháng 6 năm 2003"
        for pm in _PASSED.finditer(flat, max(0, len(flat) - 6000)):
            issued = _iso(int(pm.group(1)), int(pm.group(2)), int(pm.group(3)))
        if issued is None and not letter_without_header:
            pm2 = _PASSED.search(flat, 0, zone_end)
            if pm2:
                issued = _iso(int(pm2.group(1)), int(pm2.group(2)), int(pm2.group(3)))

    if not is_formal:
        heading = next((ln.text for ln in lines if ln.text), None)
        title = heading.strip(" #*|") if heading else None
        lead = _NEWS_LEAD.search(flat, 0, min(len(flat), 3000))
        if lead:
            issued = _iso(int(lead.group(1)), int(lead.group(2)), int(lead.group(3)))
            sym, tcode2, icode2 = _parse_sym(lead.group("sym"))
            if sym:
                symbol = sym
                tname = lead.group("type").strip()
                doc_type = tname[:1].upper() + tname[1:].lower() if tname else None
                if doc_type and doc_type.lower() == "văn bản":
                    doc_type = _doc_type_from_code(tcode2) or "Công văn"
                e = gazetteer.lookup(lead.group("issuer")) or gazetteer.by_code(icode2 or "")
                issuer_name = e.name if e else None
        if issued is None:
            # a date written as the dateline of the report: "Ngày 05/3/2025, ..." near the top
            nm = _NEWS_DATE.search(flat, 0, min(len(flat), 600))
            if nm and flat[nm.end() : nm.end() + 2].lstrip().startswith(","):
                issued = _iso(int(nm.group(1)), int(nm.group(2)), int(nm.group(3)))

    doc_id = None
    if document_id is not None:
        year = int(issued[:4]) if issued else None
        doc_id = document_id(symbol, year, issuer_name, title=title, text=text[:2000])
    return DocumentMeta(
        id=doc_id,
        symbol=symbol,
        doc_type=doc_type,
        issuer=issuer_name,
        issued_date=issued,
        place=place,
        title=title,
        signers=signers,
        recipients=recipients,
        is_formal=is_formal,
    )
