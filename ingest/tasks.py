"""Tasks a document assigns: who leads, who supports, by when.

Conclusions, directives and plans assign work in two layouts, both handled here:

* **per-addressee headings** - ``a) Bộ Tài chính:``, ``2. Ủy ban nhân dân các tỉnh, thành phố
  trực thuộc trung ương:``, ``1. Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý ...):``.
  Every item below the heading (deeper numbering) is a task led by the heading's addressees; a
  heading with text after the colon (``a) Bộ Công an: (1) ...; (2) ...``) carries its items inline.
* **inline assignments** - ``Giao Bộ X chủ trì, phối hợp với Bộ Y, Bộ Z ...`` (lead X, support Y
  and Z), ``Bộ X, Bộ Y chủ trì ...``, ``đề nghị Bộ X ...``, ``yêu cầu các bộ, ngành ...``, and an
  enumerated item that opens with its addressee (``c) Văn phòng Chính phủ tham mưu ...``).

Collective addressees (``các bộ, ngành, địa phương``) are addressees too and are kept as written.
Agency names are canonicalised through :func:`ingest.gazetteer.lookup` when the gazetteer offers
it, else cleaned (whitespace, ``Uỷ``/``Ủy``, ``UBND``). Lists sharing a head word (``các Bộ: Tài
chính, Tư pháp``) are expanded (``Bộ Tài chính``, ``Bộ Tư pháp``).

Only the body is read (up to ``Nơi nhận``). Work is line- and block-based with anchored regexes
and a cheap cue prefilter, so the cost is linear in the text.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from ingest import gazetteer, task_tables
from ingest.clean import Prepared
from ingest.deadlines import parse_deadline
from ingest.entities import LOWER, UPPER
from ingest.models import Task
from ingest.patterns import DOTTED_ABBREVIATIONS, SENTENCE_DOT, recipient_continues

logger = logging.getLogger(__name__)

_U = re.escape(UPPER)
_L = re.escape(LOWER)
MAX_TEXT = 500

# ---------------------------------------------------------------------------------------------
# Agency names (a small local grammar; the gazetteer, when present, decides the canonical form)

# Head words that open an agency name (or an office-holder addressed as such).
_HEAD = re.compile(
    r"(?:Ủy|Uỷ|ỦY|UỶ)\s+ban\s+nhân\s+dân|UBND|Hội\s+đồng\s+nhân\s+dân|HĐND"
    r"|(?:Ủy|Uỷ)\s+ban|Ban\s+Chỉ\s+đạo|Ban\s+chỉ\s+đạo|Tổ\s+công\s+tác"
    r"|Ban\s+[Cc]án\s+sự\s+[Đđ]ảng|Đảng\s+đoàn"
    # "Ban Quản lý các khu công nghiệp [tỉnh X]", "Ban Quản lý Khu kinh tế", "Ban quản lý dự án
    # đầu tư xây dựng": the lower-case words name what the board manages
    r"|Ban\s+[Qq]uản\s+lý(?:\s+(?:các\s+)?[Kk]hu\s+(?:công\s+nghiệp|kinh\s+tế|chế\s+xuất"
    r"|công\s+nghệ\s+cao)(?:(?:\s*,\s*|\s+và\s+|\s+)(?:các\s+)?(?:[Kk]hu\s+)?(?:công\s+nghiệp"
    r"|kinh\s+tế|chế\s+xuất|công\s+nghệ\s+cao))*|\s+(?:các\s+)?dự\s+án(?:\s+đầu\s+tư)?"
    r"(?:\s+xây\s+dựng)?(?:\s+công\s+trình)?)?"
    r"|Bộ\s+Chỉ\s+huy|Bộ\s+Tư\s+lệnh|Bộ(?!\s+(?:trưởng|luật|phận|máy|công\s+cụ|tiêu\s+chí|chỉ\s+số))"
    r"|Văn\s+phòng|Ngân\s+hàng\s+Nhà\s+nước|Ngân\s+hàng|Thanh\s+tra|Kiểm\s+toán\s+Nhà\s+nước"
    r"|Tòa\s+án|Toà\s+án|Viện\s+[Kk]iểm\s+sát|Viện|Tổng\s+cục|Cục|Chi\s+cục|Vụ|Sở|Ban|Phòng"
    r"|Công\s+an|Bảo\s+hiểm\s+xã\s+hội|Đài|Thông\s+tấn\s+xã|Hội\s+đồng|Mặt\s+trận|Tập\s+đoàn"
    r"|Tổng\s+công\s+ty|Trung\s+tâm|Học\s+viện|Đại\s+học|Trường(?!\s+hợp)|Liên\s+đoàn|Đoàn"
    r"|Tỉnh\s+ủy"
    # an association ("Hội Nông dân Việt Nam"), not a meeting ("Hội nghị thống nhất ...")
    r"|Hội(?!\s+(?:nghị|thảo|thi|chợ|diễn|giảng|báo|nhập|đủ|tụ))"
    r"|Tỉnh\s+uỷ|Thành\s+ủy|Thành\s+uỷ|Đảng\s+ủy|Đảng\s+uỷ|Chính\s+phủ|Thủ\s+tướng\s+Chính\s+phủ"
    r"|Quốc\s+hội|Kho\s+bạc|Thuế|Hải\s+quan|Cơ\s+quan|Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng"
    r"|Chánh\s+Văn\s+phòng|Người\s+đứng\s+đầu|Bộ\s+trưởng|Trưởng\s+ban|Trưởng\s+Ban"
)
# Collective addressees: "các bộ, ngành, địa phương", "các Bộ, cơ quan liên quan",
# "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương" (the last via _PLACE_TAIL).
_COLL_NOUN = (
    r"(?:tỉnh\s+[uủ]ỷ|tỉnh\s+ủy|thành\s+[uủ]ỷ|thành\s+ủy|ban\s+đảng|ban\s+cán\s+sự\s+đảng"
    r"|đảng\s+đoàn|đảng\s+[uủ]ỷ|đảng\s+ủy|cấp\s+[uủ]ỷ|cấp\s+ủy"
    r"|bộ|Bộ|ngành|Ngành|cơ\s+quan(?:\s+ngang\s+bộ|\s+thuộc\s+Chính\s+phủ|\s+trung\s+ương"
    r"|\s+Trung\s+ương)?|địa\s+phương|sở|Sở|ban|Ban|tỉnh|thành\s+phố|đơn\s+vị|tổ\s+chức"
    r"|doanh\s+nghiệp|hội|đoàn\s+thể|tập\s+đoàn|tổng\s+công\s+ty|ngân\s+hàng(?:\s+thương\s+mại)?"
    r"|xã|phường|đặc\s+khu|huyện|quận|Ủy\s+ban|Uỷ\s+ban|ủy\s+ban|cơ\s+sở|trường)"
)
_COLL_TAIL = (
    r"(?:\s+(?:có\s+)?liên\s+quan|\s+trực\s+thuộc\s+(?:trung|Trung)\s+ương|\s+thuộc\s+Chính\s+phủ"
    r"|\s+ngang\s+bộ|\s+thuộc\s+tỉnh|\s+trên\s+địa\s+bàn(?:\s+tỉnh)?|\s+chuyên\s+môn"
    r"(?:\s+thuộc\s+(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân(?:\s+tỉnh)?)?|\s+cấp\s+(?:tỉnh|xã|huyện)"
    r"|\s+thành\s+viên|\s+(?:Nhà|nhà)\s+nước|\s+(?:của\s+)?Chính\s+phủ|\s+của\s+Quốc\s+hội)*"
)
_COLLECTIVE = re.compile(
    rf"(?:[Cc]ác|[Mm]ọi|[Tt]oàn\s+bộ\s+các)\s+{_COLL_NOUN}{_COLL_TAIL}"
    rf"(?:\s*(?:,|và|,\s*và)\s*(?:các\s+)?{_COLL_NOUN}{_COLL_TAIL})*"
)
# After "Ủy ban nhân dân" and the like: "tỉnh", "các tỉnh, thành phố trực thuộc trung ương".
_PLACE_TAIL = re.compile(
    r"\s+(?:các\s+)?(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường|đặc\s+khu|cấp\s+tỉnh"
    r"|cấp\s+xã|cấp\s+huyện)(?:\s*,\s*(?:thành\s+phố|xã|phường|đặc\s+khu))*"
    r"(?:\s+trực\s+thuộc\s+(?:trung|Trung)\s+ương)?"
)
# "các Bộ: Tài chính, Tư pháp" / "các Bộ, cơ quan: Nông nghiệp và Môi trường, Dân tộc và Tôn giáo"
_SHARED_HEAD = re.compile(
    r"(?:[Cc]ác|[Hh]ai|[Bb]a)\s+(Bộ|Sở|Ban|Cục|Ủy\s+ban|Tổng\s+cục)(?:\s*,\s*(?:cơ\s+quan|ngành))?"
    r"\s*:\s*"
)
# without a colon ("các Bộ Tài chính, Tư pháp"): only when two known short names follow
_SHARED_HEAD_BARE = re.compile(rf"[Cc]ác\s+(Bộ|Sở)\s+(?=[{_U}])")
# "Ủy ban nhân dân các tỉnh: Gia Lai, Đắk Lắk" → "Ủy ban nhân dân tỉnh Gia Lai", ...
# (also "UBND các tỉnh, thành phố: Hà Nội, Huế", "... các tỉnh: Thái Bình và thành phố Hải Phòng")
_SHARED_UBND = re.compile(
    r"(?:(?:Ủy|Uỷ)\s+ban\s+nhân\s+dân|UBND)\s+các\s+(tỉnh|thành\s+phố)"
    r"(?:\s*(?:,|và|/)\s*(?:thành\s+phố|tỉnh))?\s*:\s*"
)
_PLACE_WORDS = frozenset({"tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường"})
_QUALIFIED_PLACE = re.compile(r"(tỉnh|thành\s+phố)\s+")


def _ubnd_of(qualifier: str, bare: str) -> str:
    """``Ủy ban nhân dân`` of a listed province: the gazetteer's name (which knows whether it
    is a tỉnh or a thành phố), else built from the list's head word."""
    e = gazetteer.lookup(bare)
    if e is not None and e.kind == "province":
        ubnd = gazetteer.by_id(f"ubnd-{e.id}")
        if ubnd is not None:
            return ubnd.name
    return f"Ủy ban nhân dân {qualifier} {bare}"


# steering committees and working groups: long names with lower-case words ("về", "của")
_BODY_HEADS = ("Ban Chỉ đạo", "Ban chỉ đạo", "Tổ công tác", "Tổ Công tác")
_TOKEN = re.compile(r"\S+")
# Heads that are whole names: only capitalised words may follow ("Thủ tướng Chính phủ").
_COMPLETE_HEAD = re.compile(
    r"Chính\s+phủ|Quốc\s+hội|Thủ\s+tướng\s+Chính\s+phủ|Kiểm\s+toán\s+Nhà\s+nước"
    r"|Ngân\s+hàng\s+Nhà\s+nước|Bảo\s+hiểm\s+xã\s+hội"
)
_CAP_START = re.compile(rf"[{_U}0-9]")
_POSITION_HEAD = re.compile(
    r"Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng|Chánh\s+Văn\s+phòng|Người\s+đứng\s+đầu|Bộ\s+trưởng"
    r"|Trưởng\s+ban|Trưởng\s+Ban"
)
# Lower-case words that begin a predicate: an agency name never runs into them.
_VERBS = frozenset(
    [
        "chủ",
        "phối",
        "khẩn",
        "tiếp",
        "xây",
        "hướng",
        "tổ",
        "nghiên",
        "rà",
        "báo",
        "trình",
        "tham",
        "thực",
        "triển",
        "chịu",
        "có",
        "theo",
        "kiểm",
        "đôn",
        "chỉ",
        "ban",
        "hoàn",
        "tập",
        "quyết",
        "bố",
        "cân",
        "tổng",
        "đề",
        "căn",
        "lựa",
        "cung",
        "đẩy",
        "tăng",
        "nâng",
        "bảo",
        "đảm",
        "sớm",
        "làm",
        "gửi",
        "phát",
        "quản",
        "thống",
        "rút",
        "sửa",
        "bổ",
        "giải",
        "phân",
        "cử",
        "thẩm",
        "tuyên",
        "chuẩn",
        "khắc",
        "nắm",
        "thường",
        "lập",
        "ký",
        "đánh",
        "huy",
        "vận",
        "ưu",
        "kịp",
        "trực",
        "thu",
        "chú",
        "cập",
        "xử",
        "hỗ",
        "giám",
        "đã",
        "đang",
        "được",
        "là",
        "sẽ",
        "cần",
        "phải",
        "thì",
        "và",
        "tại",
        "trong",
        "với",
        "để",
        "về",
        "khi",
        "nếu",
        "cùng",
        "như",
        "đối",
        "từ",
        "lãnh",
        "sau",
        "trước",
        "ngay",
        "trả",
        "xin",
    ]
)
_LOWER_OK = frozenset({"của", "và", "-", "–", "&"})  # connectors inside names


def _head_at(s: str, pos: int) -> re.Match[str] | None:
    return _HEAD.match(s, pos)


@dataclass(slots=True)
class _Read:
    names: list[str] = field(default_factory=list)
    end: int = 0


def _read_one(s: str, pos: int) -> int:
    """End offset of one agency name starting at ``s[pos]``, or ``pos`` when there is none."""
    if s.startswith(_BODY_HEADS, pos):  # "Ban Chỉ đạo Trung ương về ...": the gazetteer's name
        k = gazetteer.known_name_end(s, pos)
        if k > pos:
            return k
    cm = _COLLECTIVE.match(s, pos)
    if cm:
        return cm.end()
    hm = _head_at(s, pos)
    if not hm:
        return pos
    end = hm.end()
    if _POSITION_HEAD.fullmatch(hm.group()):
        # "Chủ tịch Ủy ban nhân dân các xã", "Thủ trưởng các cơ quan, đơn vị": the office
        # holder of the agency (or collective) read by the same grammar
        k = end
        while k < len(s) and s[k] in " \t\n":
            k += 1
        if k > end and (_head_at(s, k) or _COLLECTIVE.match(s, k)):
            inner = _read_one(s, k)
            if inner > k:
                return inner
    pt = _PLACE_TAIL.match(s, end)
    if pt:
        end = pt.end()
    lower_run = 1 if pt else 0
    if _COMPLETE_HEAD.fullmatch(hm.group()):
        lower_run = 9  # "Chính phủ quy định ...": a complete name takes no lower-case words
    cap_seen = bool(pt)
    n = 0
    skip = end
    for tm in _TOKEN.finditer(s, end):
        if tm.start() < skip:
            continue
        if n > 14 or "\n\n" in s[end : tm.start()]:
            break
        tok = tm.group()
        word = tok.rstrip(",;:.)")
        punct = tok[len(word) :]
        if tok.startswith("("):
            break
        if not word:
            break
        nxt = _TOKEN.search(s, tm.end())
        nxt_word = nxt.group() if nxt else ""
        nxt_cap = (
            bool(nxt_word)
            and bool(_CAP_START.match(nxt_word))
            and not _head_at(s, nxt.start() if nxt else 0)
        )
        if _CAP_START.match(word):
            if _head_at(s, tm.start()) and n > 0 and word in {"Bộ", "Sở", "Ban", "Cục"}:
                break
            end = tm.start() + len(word)
            lower_run = 0
            cap_seen = True
        elif word in _LOWER_OK:
            if not nxt_cap and not (word == "của" and nxt_word[:1].isupper()):
                break
            # "Bộ Tài chính và Bộ Tư pháp" is a list, "Bộ Dân tộc và Tôn giáo" one name
        elif word.lower() in _VERBS or (word == "thông" and nxt_word in ("qua", "báo")):
            break  # "Đảng đoàn Mặt trận ... thông qua ...", but "công trình giao thông"
        else:
            pt = _PLACE_TAIL.match(s, tm.start() - 1) if word in _PLACE_WORDS else None
            if pt and cap_seen and _CAP_START.match(s, pt.end() + 1):
                # "Ban Quản lý Khu kinh tế mở Chu Lai thành phố Đà Nẵng": a place inside
                skip = pt.end()
                lower_run = 1
                end = pt.end()
                n += 1
                continue
            if lower_run >= (1 if cap_seen else 2):
                break
            lower_run += 1
            end = tm.start() + len(word)
        n += 1
        if punct == "." and nxt_cap and word in DOTTED_ABBREVIATIONS:
            continue  # "UBND TP. Hà Nội"
        if punct:
            # "Bộ Văn hóa, Thể thao và Du lịch": a comma inside the name only before a capital
            if (
                punct.startswith(",")
                and nxt_cap
                and not _COLLECTIVE.match(s, nxt.start() if nxt else 0)
            ):
                continue
            break
    if end > pos and gazetteer.is_name_prefix(s[pos:end]):
        # stopped inside a known name on a word that opens predicates elsewhere ("Bộ Giao thông
        # vận tải", "Bộ Nông nghiệp và Phát triển nông thôn"): the gazetteer's name decides
        end = max(end, gazetteer.known_name_end(s, pos))
    return end


_SEP = re.compile(r"\s*(?:,\s*và|,|;|và|cùng)\s*")


def read_agencies(s: str, pos: int = 0) -> _Read:
    """Agency names listed from ``s[pos]``: ``Bộ X, Bộ Y và các địa phương``."""
    out = _Read(end=pos)
    # quick reject: every agency name opens with a capital or "các" / "mọi" / "toàn"
    c = s[pos : pos + 1]
    if not c or not (c.isupper() or c in "cmt"):
        return out
    i = pos
    while True:
        sh = _SHARED_HEAD.match(s, i)
        if sh is None and s.startswith(("các ", "Các "), i):
            sb = _SHARED_HEAD_BARE.match(s, i)
            if (
                sb is not None
                and gazetteer.bare_list_size(sb.group(1), s[sb.end() : sb.end() + 200]) >= 2
            ):
                sh = sb
        su = None if sh else _SHARED_UBND.match(s, i)
        if su:
            sh = su
        if sh:
            head = re.sub(r"\s+", " ", sh.group(1))
            j = sh.end()
            added = False
            while True:
                k = _read_bare(s, j)
                if k == j:
                    break
                if not su and gazetteer.is_name_prefix(f"{head} {_collapse(s[j:k])}"):
                    # "các Bộ: ..., Văn hóa, Thể thao và Du lịch": the known name decides
                    cand = f"{head} {s[j : j + 200]}"
                    k = max(k, j + gazetteer.known_name_end(cand, 0) - len(head) - 1)
                bare = _collapse(s[j:k])
                out.names.append(_ubnd_of(head, bare) if su else f"{head} {bare}")
                added = True
                out.end = k
                sep = _SEP.match(s, k)
                if not sep:
                    break
                qm = _QUALIFIED_PLACE.match(s, sep.end()) if su else None
                if qm is not None and _CAP_START.match(s, qm.end()):
                    head = re.sub(r"\s+", " ", qm.group(1))  # "... và thành phố Hải Phòng"
                    j = qm.end()
                    continue
                if not _CAP_START.match(s, sep.end()) or _head_at(s, sep.end()):
                    break
                j = sep.end()
            if not added:
                break
            i = out.end
        else:
            e = _read_one(s, i)
            if e == i:
                break
            out.names.append(_collapse(s[i:e]))
            out.end = e
            i = e
        sep = _SEP.match(s, i)
        if not sep:
            break
        nxt = sep.end()
        if not (_head_at(s, nxt) or _COLLECTIVE.match(s, nxt) or _SHARED_HEAD.match(s, nxt)):
            break
        i = nxt
    return out


def _read_bare(s: str, pos: int) -> int:
    """A head-less name after a shared head: ``Tài chính``, ``Nông nghiệp và Môi trường``."""
    if not _CAP_START.match(s, pos):
        return pos
    end = pos
    lower_run = 0
    for tm in _TOKEN.finditer(s, pos):
        tok = tm.group()
        word = tok.rstrip(",;:.)")
        if not word:
            break
        if _CAP_START.match(word):
            end = tm.start() + len(word)
            lower_run = 0
        elif word in {"và", "-", "–"}:
            nxt = _TOKEN.search(s, tm.end())
            if not nxt or not _CAP_START.match(nxt.group()):
                break
        elif word.lower() in _VERBS or lower_run >= 1:
            break
        else:
            lower_run += 1
            end = tm.start() + len(word)
        if tok != word:
            break
    return end


def _collapse(s: str) -> str:
    return " ".join(s.split())


_UY = re.compile(r"\bUỷ\b|\bỦY\b|\bUỶ\b")
_UBND = re.compile(r"\bUBND\b")
_HDND = re.compile(r"\bHĐND\b")


def canonical_agency(name: str) -> str:
    """Canonical agency name (gazetteer first; else cleaned as written)."""
    name = _collapse(name).strip(" ,;:.")
    lookup = getattr(gazetteer, "lookup", None)
    if lookup is not None:
        try:
            entry = lookup(name)
        except Exception:  # the gazetteer is another module's work: never fail a task on it
            logger.debug("gazetteer lookup failed for %r", name, exc_info=True)
            entry = None
        if entry is not None and getattr(entry, "name", None):
            return str(entry.name)
    name = _UY.sub("Ủy", name)
    name = _UBND.sub("Ủy ban nhân dân", name)
    name = _HDND.sub("Hội đồng nhân dân", name)
    if name[:4] in {"Các ", "Mọi "}:
        name = name[0].lower() + name[1:]
    return name


def _canon_list(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        c = canonical_agency(n)
        if c and c not in out:
            out.append(c)
    return out


# ---------------------------------------------------------------------------------------------
# Blocks: enumerated items of the body

# An item marker at line start: "I.", "1.", "1.2.", "a)", "(1)", "(a)", "1)", "-", "+", "•",
# "Điều 3."; a dash before a digit is a wrapped number range, not an item.
_MARKER = re.compile(
    r"(?m)^[ \t]*(?:(?P<roman>[IVXL]{1,5}\.)|(?P<dieu>Điều\s+\d+[a-z]?\.)"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}\.)(?!\d)|(?P<let>[a-zđ]\))|(?P<pnum>\(\d{1,2}\))"
    # Party documents number with a hyphen: "1- ...", "2.1- ...", "II- ..."
    r"|(?P<numh>\d{1,2}(?:\.\d{1,2}){0,3}[-–])|(?P<romanh>[IVXL]{1,5}[-–])"
    r"|(?P<plet>\([a-zđ]\))|(?P<nump>\d{1,2}\))|(?P<dash>[-–•](?!\s*\d))|(?P<plus>\+))[ \t]+"
)
_BODY_END = re.compile(r"(?m)^[ \t]*(?:Nơi\s+nhận|NƠI\s+NHẬN)\b")
_CUE = re.compile(
    r"chủ\s+trì|[Gg]iao\s|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|:\s*$|:\s"
    r"|^[ \t]*\S{1,6}[ \t]+(?:Bộ|Ủy|Uỷ|UBND|Văn\s+phòng|Sở|Ban|Các|Ngân\s+hàng|Thanh\s+tra|Cục"
    r"|Tổng\s+cục|Công\s+an|Bảo\s+hiểm|Đài|Thông\s+tấn|Kiểm\s+toán|Tòa|Viện|Hội\s+đồng|Mặt\s+trận"
    r"|Tập\s+đoàn|Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng)\s",
    re.MULTILINE,
)
# inline sub-items inside one block: "...: (1) ...; (2) ..." - the marker after ":", ";", "."
# (or at the very start of the text) and optional spaces; see _inline_items
_INLINE_ITEM = re.compile(r"(?:(?<=[:;.])|^)\s*\((?:\d{1,2}|[ivx]{1,4})\)\s+")
_INLINE_MARK = re.compile(r"\((?:(\d{1,2})|[ivx]{1,4})\)\s+")


def _inline_items(flat: str, start: int, end: int) -> list[tuple[int, bool]]:
    """What ``_INLINE_ITEM.finditer(flat, start, end)`` finds, as (match end, numbered), found
    from each ``(`` (``str.find``) instead of a regex that tries its look-behind everywhere."""
    out: list[tuple[int, bool]] = []
    i = flat.find("(", start, end)
    while i != -1:
        m = _INLINE_MARK.match(flat, i, end)
        if m is not None:
            j = i
            while j > start and flat[j - 1].isspace():
                j -= 1
            if j == 0 or (j > 0 and flat[j - 1] in ":;."):
                out.append((m.end(), m.group(1) is not None))
        i = flat.find("(", i + 1, end)
    return out


# sentence/clause ends inside a block
# (the match runs over the spaces after the end, so the next clause opens at its first word)
_CLAUSE_END = re.compile(rf"(?:{SENTENCE_DOT}|[;!?])\s+(?=[{_U}(\d])|;\s+")
_NOT_DIRECTIVE = frozenset(
    [
        "đã",
        "đang",
        "được",
        "là",
        "có",
        "cũng",
        "vẫn",
        "chưa",
        "mới",
        "còn",
        "gồm",
        "bao",
        "thì",
        "với",
        "của",
        "và",
        "đạt",
        "trong",
        "tại",
        "ban",
        "trân",  # "Bộ Tài chính trân trọng cảm ơn ...": a courtesy
    ]
)
# The letter's closing formula: "Văn phòng Chính phủ (xin) thông báo để ... biết, thực hiện",
# "Cục Thuế trả lời để Công ty được biết": the sender informs, it assigns nothing to itself
_CLOSING_FORMULA = re.compile(
    r"(?:xin\s+)?(?:thông\s+báo|trả\s+lời)(?:\s+\S+){0,3}?\s+(?:để|cho)\s"
)
# "Bộ Giao thông vận tải có trách nhiệm theo dõi ...": an assignment, as "chịu trách nhiệm" is
_HAS_DUTY = re.compile(r"có\s+trách\s+nhiệm\s")
_ANY_CUE = re.compile(r"chủ\s+trì|[Gg]iao\s|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|làm\s+đầu\s+mối")
_CUE_WORDS = ("chủ trì", "iao ", "ề nghị", "êu cầu", "làm đầu mối")


# Literals each of which makes _CUE match (``str.find`` runs at C speed; _CUE starts with an
# alternation and is tried at every position): the regex only runs when none is present.
_SURE_CUES = ("chủ trì", "giao ", "Giao ", "đề nghị", "Đề nghị", "yêu cầu", "Yêu cầu", ": ", ":\n")


def _any_cue(text: str) -> bool:
    """``_CUE.search(text) is not None``, cheaply."""
    return any(w in text for w in _SURE_CUES) or _CUE.search(text) is not None


def _cue_positions(flat: str) -> list[int]:
    """Offsets of every cue word, found with ``str.find`` (C speed), sorted."""
    return gazetteer.find_all(flat, _CUE_WORDS)


def _has_cue(cues: list[int] | None, flat: str, start: int, end: int) -> bool:
    if cues is None:
        return _ANY_CUE.search(flat, start, end) is not None
    i = bisect_left(cues, start)
    return i < len(cues) and cues[i] < end


_TRIGGER = re.compile(r"(?<!\w)(?:[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu)\s+")
_CHU_TRI = re.compile(r"(?<!\w)(?:chủ\s+trì|làm\s+đầu\s+mối|là\s+cơ\s+quan\s+chủ\s+trì)(?!\w)")
_PHOI_HOP = re.compile(r"(?<!\w)phối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+")


# Literal gates: each pattern above can only match where one of these is written (the regexes
# start with a look-behind and an alternation, so ``re`` tries them at every position; a
# one-character-class ``in`` test runs at C speed and most clauses hold none of them).
def _chu_tri(s: str) -> re.Match[str] | None:
    """``_CHU_TRI.search(s)``."""
    return _CHU_TRI.search(s) if ("chủ" in s or "làm" in s) else None


def _trigger(s: str) -> re.Match[str] | None:
    """``_TRIGGER.search(s)``."""
    return _TRIGGER.search(s) if ("iao" in s or "ề" in s or "êu" in s) else None


def _phoi_hop(s: str, pos: int) -> re.Match[str] | None:
    """``_PHOI_HOP.search(s, pos)``."""
    return _PHOI_HOP.search(s, pos) if s.find("phối", pos) != -1 else None


_LEAD_IN = re.compile(
    r"(?:(?:Đồng\s+thời|Theo\s+đó|Trên\s+cơ\s+sở\s+đó|Sau\s+đó|Ngoài\s+ra|Trong\s+đó)\s*,?\s*)+"
)


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    kind: str
    level: int
    body: int  # offset where the text after the marker starts


def _blocks(text: str, lo: int, hi: int) -> list[_Block]:
    marks: list[tuple[int, str, int]] = []
    for m in _MARKER.finditer(text, lo, hi):
        kind = m.lastgroup or ""  # the marker's kind: the only named group in its branch
        if kind == "num":
            kind = f"num{m.group('num').count('.')}"
        elif kind == "numh":
            kind = f"numh{m.group('numh').count('.')}"
        marks.append((m.start(), kind, m.end()))
    out: list[_Block] = []
    stack: list[str] = []
    for i, (s, kind, body) in enumerate(marks):
        e = marks[i + 1][0] if i + 1 < len(marks) else hi
        if kind in stack:
            del stack[stack.index(kind) + 1 :]
        else:
            stack.append(kind)
        out.append(_Block(s, e, kind, len(stack), body))
    return out


# A heading: addressees, an optional parenthesis, a colon.
def _heading(text: str, pos: int, end: int) -> tuple[list[str], int] | None:
    """Addressees of a heading at ``text[pos:end]`` and the offset after its colon."""
    r = read_agencies(text, pos)
    if not r.names:
        return None
    i = r.end
    tail = text[i : min(end, i + 330)]
    m = _HEADING_TAIL.match(tail)
    if not m:
        return None
    extra = m.group(1).strip()
    names = list(r.names)
    if extra:
        # "Các cơ quan đăng ký đầu tư (...)": the collective noun's qualifier belongs to it
        if extra.split()[0].lower() in _VERBS or len(extra.split()) > 8:
            return None
        names[-1] = f"{names[-1]} {_collapse(extra)}"
    return names, i + m.end()


_HEADING_TAIL = re.compile(r"([^():.;,\n]{0,80}?)\s*(?:\([^()]{0,250}\))?\s*:")


def cap_text(text: str) -> str:
    """``text`` (whitespace collapsed) cut to :data:`MAX_TEXT` characters, at a space when one
    lies in the second half."""
    if len(text) <= MAX_TEXT:
        return text
    cut = text.rfind(" ", 0, MAX_TEXT)
    return text[: cut if cut > MAX_TEXT // 2 else MAX_TEXT]


def _clip(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Task text (whitespace collapsed, capped) and its span."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    raw = text[start:end]
    if len(raw) > MAX_TEXT * 2:
        raw = raw[: MAX_TEXT * 2]
    collapsed = _collapse(raw)
    if len(collapsed) > MAX_TEXT:
        collapsed = cap_text(collapsed)
        # map the cap back approximately: count non-space characters
        need = len(collapsed.replace(" ", ""))
        k = start
        seen = 0
        while k < end and seen < need:
            if not text[k].isspace():
                seen += 1
            k += 1
        end = k
    return collapsed, start, end


def _roles(flat: str, start: int, end: int) -> tuple[list[str], list[str], bool]:
    """Lead and support named inside ``flat[start:end]``; the bool says a lead was named."""
    lead: list[str] = []
    support: list[str] = []
    named = False
    seg = flat[start:end]
    cm = _chu_tri(seg)
    if cm:
        # lead = the agency list that ends right before "chủ trì"
        clause_start = 0
        for b in re.finditer(
            r"[.;:]\s|(?<!\w)(?:[Gg]iao|[Đđ]ề\s+nghị|[Yy]êu\s+cầu)\s+", seg[: cm.start()]
        ):
            clause_start = b.end()
        li = _LEAD_IN.match(seg, clause_start)
        if li:
            clause_start = li.end()
        r = read_agencies(seg, clause_start)
        if r.names and not seg[r.end : cm.start()].strip(" ,"):
            lead = r.names
            named = True
        after = cm.end()
    else:
        after = 0
    pm = _phoi_hop(seg, after)
    if pm and (cm is not None or pm.start() < 200):
        r2 = read_agencies(seg, pm.end())
        support = r2.names
    if not named:
        tm = _trigger(seg)
        if tm:
            r = read_agencies(seg, tm.end())
            if r.names:
                lead = r.names
                named = True
    return lead, support, named


def _subject(flat: str, pos: int, end: int) -> list[str]:
    """Addressees opening a clause (``Bộ Y tế xây dựng ...``), when a directive follows."""
    li = _LEAD_IN.match(flat, pos)
    if li:
        pos = li.end()
    r = read_agencies(flat, pos)
    if not r.names or r.end >= end:
        return []
    nxt = _TOKEN.search(flat, r.end, end)
    if not nxt:
        return []
    word = nxt.group().rstrip(",;:.").lower()
    if word in _NOT_DIRECTIVE and not _HAS_DUTY.match(flat, nxt.start(), end):
        return []
    if _CLOSING_FORMULA.match(flat, nxt.start(), end):
        return []
    if not word or not word[0].isalpha():
        return []
    # "Bộ Nông nghiệp và Môi trường trong thời gian ngắn đã ...": narrative, not an assignment
    if re.search(r"(?<!\w)(?:đã|đang)\s", flat[r.end : min(end, r.end + 60)]):
        return []
    return r.names


def _names_only(flat: str, a: int, b: int, *, after_trigger: bool = False) -> bool:
    """Whether the clause ``flat[a:b]`` only lists addressees (after a ``Yêu cầu`` / ``Giao`` /
    ``Đề nghị`` that opens it, when ``after_trigger``): ``Giám đốc các sở, ban, ngành;``."""
    pos = a
    if after_trigger:
        tm = _TRIGGER.match(flat, a, b)
        if tm is None:
            return False
        pos = tm.end()
    seg = flat[pos:b]
    r = read_agencies(seg)
    if not r.names:
        return False
    # what the reader left: more collective nouns ("ban, ngành") or capitalised place names
    return all(w[0].isupper() or w.lower() in _LIST_WORDS for w in _WORD.findall(seg, r.end))


_WORD = re.compile(r"\w+")
_LIST_WORDS = frozenset(
    [
        "ban",
        "ngành",
        "đơn",
        "vị",
        "cơ",
        "quan",
        "địa",
        "phương",
        "có",
        "liên",
        "tổ",
        "chức",
        "xã",
        "phường",
        "đặc",
        "khu",
        "thị",
        "trấn",
        "huyện",
        "quận",
        "tỉnh",
        "thành",
        "phố",
        "trực",
        "thuộc",
        "trung",
        "ương",
        "các",
        "và",
        "sở",
    ]
)


def _clauses(flat: str, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = start
    for m in _CLAUSE_END.finditer(flat, start, end):
        out.append((s, m.start() + 1))
        s = m.end()
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if flat[a:b].strip()]


def _make(
    flat: str, start: int, end: int, lead: list[str], support: list[str], doc_date: str | None
) -> Task | None:
    text, s, e = _clip(flat, start, end)
    if len(text) < 8 or text.endswith(":"):  # an introduction ("... như sau:"), not a task
        return None
    lead_c = _canon_list(lead)
    support_c = [x for x in _canon_list(support) if x not in lead_c]
    if not lead_c:
        return None
    return Task(
        text=text,
        lead=lead_c,
        support=support_c,
        deadline=parse_deadline(text, doc_date),
        span=(s, e),
    )


def _item_tasks(
    flat: str,
    start: int,
    end: int,
    lead: list[str] | None,
    doc_date: str | None,
    cues: list[int] | None = None,
) -> list[Task]:
    """Tasks in one item. ``lead`` is the addressee of the enclosing heading, if any."""
    out: list[Task] = []
    # inline sub-items "(1) ...; (2) ..."
    items = _inline_items(flat, start, end)
    subs = [e for e, digit in items if digit] or [e for e, _ in items]
    if len(subs) >= 2 or (subs and lead is not None):
        pieces = [(subs[i], subs[i + 1]) for i in range(len(subs) - 1)] + [(subs[-1], end)]
        if lead is None:
            # "(2) Bộ Công an chủ trì ..." items each name their own lead
            for a, b in pieces:
                out.extend(_item_tasks(flat, a, b, None, doc_date, cues))
            return out
        for a, b in pieces:
            # the sub-item may trim the "(1)" marker of the next one
            mm = re.search(r"\s*\((?:\d{1,2}|[ivx]{1,4})\)\s*$", flat[a:b])
            bb = a + mm.start() if mm else b
            own_lead, support, named = _roles(flat, a, bb)
            t = _make(flat, a, bb, own_lead if named else lead, support, doc_date)
            if t:
                out.append(t)
        return out
    if lead is not None:
        own_lead, support, named = _roles(flat, start, end)
        t = _make(flat, start, end, own_lead if named else lead, support, doc_date)
        return [t] if t else []
    # no heading: assignments by clause; without any cue word only an opening addressee counts
    if not _has_cue(cues, flat, start, end) and not _subject(flat, start, end):
        return out
    clauses = _clauses(flat, start, end)
    # per clause, computed once: is a cue word in it, the addressees opening it (the loop
    # below looks at the clauses after each task's own again)
    cued: list[bool | None] = [None] * len(clauses)
    subjects: list[list[str] | None] = [None] * len(clauses)
    absorbed = 0  # clauses up to here were addressees of an earlier clause's task
    for i, (a, b) in enumerate(clauses):
        if i < absorbed:
            continue
        seg = flat[a:b]
        is_cued = cued[i]
        if is_cued is None:
            is_cued = cued[i] = bool(_chu_tri(seg) or _trigger(seg))
        c_lead: list[str] = []
        c_support: list[str] = []
        if is_cued:
            c_lead, c_support, named = _roles(flat, a, b)
            if not named:
                c_lead = _subject(flat, a, b)
        else:
            subj = subjects[i]
            c_lead = subj if subj is not None else _subject(flat, a, b)
        if not c_lead:
            continue
        # "Yêu cầu Giám đốc các sở, ban, ngành; Chủ tịch Ủy ban nhân dân các xã; Thủ trưởng các
        # cơ quan ... triển khai ...": addressees listed clause by clause share one task
        chain = is_cued and _names_only(flat, a, b, after_trigger=True)
        # the task runs on through following clauses that name no new addressee
        j = i + 1
        while j < len(clauses):
            na, nb = clauses[j]
            nc = cued[j]
            if nc is None:
                nseg = flat[na:nb]
                nc = cued[j] = bool(_chu_tri(nseg) or _trigger(nseg))
            if nc:
                break
            if chain:
                listed = read_agencies(flat[na:nb])
                if listed.names:
                    c_lead = c_lead + [n for n in listed.names if n not in c_lead]
                    chain = _names_only(flat, na, nb)
                    j += 1
                    absorbed = j
                    continue
            ns = subjects[j]
            if ns is None:
                ns = subjects[j] = _subject(flat, na, nb)
            if ns:
                break
            if flat[clauses[j - 1][1] - 1] == ".":
                break
            j += 1
        t = _make(flat, a, clauses[j - 1][1], c_lead, c_support, doc_date)
        if t:
            out.append(t)
    return out


# Normative texts (laws, codes, decrees, circulars, ...) state rules, not assignments:
# "Chính phủ quy định chi tiết ...", "Bộ Y tế chịu trách nhiệm ..." inside ``Điều N.`` articles
# are provisions. Tasks come from directive texts (conclusions, directives, telegrams, plans,
# công văn) and from the implementation part of decisions and resolutions.
NORMATIVE_TYPES = frozenset(
    {
        "Hiến pháp",
        "Bộ luật",
        "Luật",
        "Pháp lệnh",
        "Sắc lệnh",
        "Sắc luật",
        "Lệnh",
        "Nghị định",
        "Thông tư",
        "Thông tư liên tịch",
        "Văn bản hợp nhất",
    }
)
# Symbol codes of normative families: "/2010/QH12", "/2025/NĐ-CP", "/2025/TT-BTC",
# "/TTLT-...", "/VBHN-...", "/PL-UBTVQH", "/L-CTN".
_NORMATIVE_SYMBOL = re.compile(
    r"/(?:\d{4}/)?(?:QH\d|N[ĐD]-|TT-|TTLT-|VBHN-|PL-|L-CTN|SL\b)", re.IGNORECASE
)
# An article heading at line start; a text with several of them and no directive type is a
# code of rules (a law whose header was not recognised reads as a công văn or as untyped).
_ARTICLE = re.compile(r"(?m)^[ \t]*Điều\s+\d+[a-z]?\s*[.:]")
_UNSTRUCTURED_TYPES = frozenset({None, "", "Công văn", "Văn bản"})


def is_normative(text: str, doc_type: str | None, symbol: str | None = None) -> bool:
    """True when the document is a normative text whose articles assign no tasks."""
    if doc_type in NORMATIVE_TYPES:
        return True
    if symbol and _NORMATIVE_SYMBOL.search(symbol):
        return True
    if doc_type in _UNSTRUCTURED_TYPES and "Điều" in text:
        for n, _ in enumerate(_ARTICLE.finditer(text), 1):
            if n >= 3:
                return True
    return False


def find_tasks(
    prep: Prepared,
    *,
    doc_date: str | None = None,
    doc_type: str | None = None,
    symbol: str | None = None,
) -> list[Task]:
    """Tasks in the body of the document, in text order.

    ``doc_type`` and ``symbol`` (from the header) let normative texts (laws, decrees, circulars:
    :func:`is_normative`) be skipped: their provisions are rules, not assignments.
    """
    text, flat = prep.text, prep.flat
    if (doc_type is not None or symbol is not None) and is_normative(text, doc_type, symbol):
        return []
    # task tables (plans, action programmes): read anywhere, appendices included
    raw = task_tables.raw_view(prep)
    table_tasks, table_regions = (
        task_tables.read_task_tables(raw, text, flat, doc_date) if raw is not None else ([], [])
    )
    if not _any_cue(text):
        return table_tasks
    be = _BODY_END.search(text, min(len(text), 200))
    hi = be.start() if be else len(text)
    # the recipients block ("Kính gửi:" / "... điện:" and its dash items) assigns nothing
    rs, rend = _recipients_span(text)
    blocks = [b for b in _blocks(text, 0, hi) if not rs <= b.start < rend]
    cues = _cue_positions(flat)
    tasks: list[Task] = []
    # text before the first marker is a block of its own (unnumbered directives)
    first = blocks[0].start if blocks else hi
    pre_paras = _paragraphs(text, 0, min(first, rs) if rend else first)
    if rend and rend < first:
        pre_paras += _paragraphs(text, rend, first)
    for a, b in pre_paras:
        tasks.extend(_item_tasks(flat, a, b, None, doc_date, cues))
    headings: list[tuple[int, list[str]]] = []  # (level, addressees)
    for blk in blocks:
        while headings and headings[-1][0] >= blk.level:
            headings.pop()
        colon = flat.find(":", blk.body, min(blk.end, blk.body + 400))
        h = _heading(flat, blk.body, blk.end) if colon >= 0 else None
        if h is not None:
            names, after = h
            rest = flat[after : blk.end]
            if rest.strip():
                tasks.extend(_item_tasks(flat, after, blk.end, names, doc_date, cues))
            headings.append((blk.level, names))
            continue
        lead = headings[-1][1] if headings else None
        body_text = flat[blk.body : blk.end].strip()
        if lead is not None and body_text.endswith(":") and len(body_text) < 160:
            continue  # a group title under a heading ("a) Về công tác cán bộ:")
        tasks.extend(_item_tasks(flat, blk.body, blk.end, lead, doc_date, cues))
    if table_regions:  # a table's cells are read by the table reader only
        tasks = [
            t for t in tasks if not any(a < t.span[1] and t.span[0] < b for a, b in table_regions)
        ]
        tasks.extend(table_tasks)
    # one task per span
    seen: set[tuple[int, int]] = set()
    out: list[Task] = []
    for t in sorted(tasks, key=lambda t: t.span):
        if t.span in seen:
            continue
        seen.add(t.span)
        out.append(t)
    return out


_PARA = re.compile(r"\n[ \t]*\n")

# The recipients block a letter opens with ("Kính gửi:") or a telegram ("THỦ TƯỚNG CHÍNH PHỦ
# điện:", "BỘ TRƯỞNG BỘ Y TẾ điện:"): its dash items ("- Các Bộ: Tài chính, Tư pháp;") name
# addressees, they assign nothing.
_RECIPIENTS_INTRO = re.compile(
    r"(?m)^[ \t*|]*(?:Kính\s+gửi|KÍNH\s+GỬI"
    rf"|(?:[{_U}][{_U}\s,]{{2,120}}?|(?:Thủ\s+tướng|Bộ\s+trưởng|Chủ\s+tịch)[^\n:;.]{{0,120}}?)"
    r"\s(?:điện|ĐIỆN))\s*:"
)
_RECIPIENTS_ZONE = 5000  # the intro stands right after the header
_RECIPIENTS_WRAP_LINES = 3  # lines an inline recipients list may wrap onto


def _recipients_span(text: str) -> tuple[int, int]:
    """Where the recipients block after ``Kính gửi:`` / ``... điện:`` starts and ends
    (``(0, 0)`` when there is none). Recipients written on the intro line go on over the lines
    that continue them (:func:`ingest.patterns.recipient_continues`) and end before the letter's
    first sentence."""
    m = _RECIPIENTS_INTRO.search(text, 0, min(len(text), _RECIPIENTS_ZONE))
    if m is None:
        return 0, 0
    ls = text.rfind("\n", 0, m.start()) + 1
    nl = text.find("\n", m.end())
    end = pos = len(text) if nl < 0 else nl + 1
    rest = text[m.end() : end].strip(" \t\r\n*|")
    if rest:  # inline "Kính gửi: Bộ Tư pháp." possibly wrapped over the next lines
        txt = rest
        for _ in range(_RECIPIENTS_WRAP_LINES):
            if txt.endswith((";", ".", ":")) or end >= len(text) or len(txt) > 300:
                break
            nl2 = text.find("\n", end)
            line_end = len(text) if nl2 < 0 else nl2 + 1
            line = text[end:line_end].strip(" \t\r\n*|")
            if not recipient_continues(txt, line):
                break  # a blank line or the letter's first sentence ("Xét đề nghị của ...")
            txt = f"{txt} {line}"
            end = line_end
        return ls, end
    seen = is_open = False
    while pos < len(text):
        nl = text.find("\n", pos)
        line_end = len(text) if nl < 0 else nl + 1
        t = text[pos:line_end].strip(" \t\r\n*|")
        pos = line_end
        if not t:
            if seen:
                break
            continue
        if _RECIPIENTS_INTRO.match(t):  # "... điện:" then "Kính gửi:"
            end = line_end
            continue
        if t[0] in "-+•" or (seen and is_open):
            seen = True
            is_open = not t.endswith((";", ".", ":"))
            end = line_end
            continue
        break
    return ls, end


def _paragraphs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    out = []
    s = lo
    for m in _PARA.finditer(text, lo, hi):
        out.append((s, m.start()))
        s = m.end()
    out.append((s, hi))
    return [(a, b) for a, b in out if b > a]
