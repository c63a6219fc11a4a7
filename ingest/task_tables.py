"""Task tables: plans and action programmes list their tasks in a table.

A task table has a header row naming at least a task column (``Nhiệm vụ``, ``Nội dung``,
``Nội dung công việc``, ``Nhiệm vụ, giải pháp``) and a lead column (``Cơ quan chủ trì``,
``Đơn vị chủ trì``, ``Chủ trì``, ``Đơn vị thực hiện``); support (``Cơ quan phối hợp``,
``Phối hợp``) and deadline (``Thời gian hoàn thành``, ``Thời hạn``, ``Tiến độ``, ``Thời gian
thực hiện``) columns are optional. Every data row with a task cell and a lead cell becomes a
:class:`~ingest.models.Task`; section rows (``| I | CÔNG TÁC CHỈ ĐẠO | | |``) name no lead
and yield nothing. Tables without such a header (statistics, recipient lists, tables in laws)
yield nothing.

Flattened tables reach us in two layouts:

* **rows on lines** (markdown-ish): ``| 1 | Rà soát ... | Sở Nội vụ | ... |``, a row possibly
  wrapped over several lines (the row goes on until a line ends with ``|``), or continued by a
  row whose number cell is empty and whose task cell goes on in lower case;
* **cells on lines** (HTML tables flattened by the publisher): every cell is preceded by a line
  holding only ``|``, and a row ends with one more ``|`` line, so rows are separated by an empty
  cell. A blank cell inside a row is an empty cell too: rows are told apart by their number
  cell (``1``, ``1.1``, ``I``, ``A``) when the table has a number column, else by the header's
  column count.

Agency cells are read with :func:`ingest.tasks.read_agencies` and canonicalised like inline
tasks; deadlines come from :func:`ingest.deadlines.parse_deadline_cell`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ingest.clean import Prepared
from ingest.deadlines import parse_deadline, parse_deadline_cell
from ingest.models import Task

Cell = tuple[int, int]  # offsets into the text (stripped of spaces and ``*`` markers)

# ---------------------------------------------------------------------------------------------
# Header vocabulary (cells are compared folded: lower case, whitespace collapsed, no ``*``)

_H_TASK = re.compile(
    r"(?:tên\s+)?(?:nội\s+dung|nhiệm\s+vụ|công\s+việc|hoạt\s+động)"
    r"(?:(?:[\s,/]|\s*-\s*)+(?:nhiệm\s+vụ|công\s+việc|giải\s+pháp|công\s+tác|chủ\s+yếu"
    r"|trọng\s+tâm|cụ\s+thể|thực\s+hiện|hoạt\s+động|dự\s+án|đề\s+án|chương\s+trình"
    r"|và|,))*"
)
_H_LEAD = re.compile(
    r"(?:(?:cơ\s+quan|đơn\s+vị)\s+)?(?:chủ\s+trì|thực\s+hiện|đầu\s+mối)"
    r"(?:\s+(?:thực\s+hiện|chính|tham\s+mưu))?"
)
_H_SUPPORT = re.compile(r"(?:(?:cơ\s+quan|đơn\s+vị)\s+)?phối\s+hợp(?:\s+thực\s+hiện)?")
_H_DEADLINE = re.compile(
    r"(?:thời\s+gian|thời\s+hạn|tiến\s+độ)(?:\s+(?:hoàn\s+thành|thực\s+hiện|triển\s+khai"
    r"|trình|báo\s+cáo))?(?:\s+\([^()]*\))?|thời\s+hạn|hoàn\s+thành"
)
_H_NUMBER = re.compile(r"stt|tt|số\s+tt|số\s+thứ\s+tự")
# any other header word (a cell of the header row, none of the above)
_H_OTHER = re.compile(
    r"(?:sản\s+phẩm|kết\s+quả|ghi\s+chú|kinh\s+phí|nguồn|hình\s+thức|dự\s+kiến|mục\s+tiêu"
    r"|chỉ\s+tiêu|văn\s+bản|lĩnh\s+vực|cấp\s+trình|cơ\s+quan|đơn\s+vị|thời\s+gian|năm"
    r"|giải\s+pháp|địa\s+điểm|phạm\s+vi)[^|]{0,60}"
)
_HEADER_MAX = 80
# the first word of a lead-column header cell
_LEAD_WORD = re.compile(r"(?:Cơ|Đơn|Chủ|Thực|Đầu|CƠ|ĐƠN|CHỦ|THỰC|ĐẦU)\s")
_HEADER_OTHER_MAX = 60  # a short cell in the header row: a column of its own
_DIGITS = re.compile(r"\d")
# procedure tables ("Bước thực hiện | Nội dung công việc | Đơn vị thực hiện | Thời gian"):
# the steps of an administrative procedure, not tasks
_H_STEP = re.compile(r"(?:các\s+)?bước(?:\s+thực\s+hiện)?|trình\s+tự(?:\s+thực\s+hiện)?")

# A number cell opening a row: "1", "1.", "1.1", "I", "II.", "A", "a)".
_ROW_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|[IVXL]{1,6}\.?|[A-ZĐ]\.?|[a-zđ][.)])")

_BULLET = re.compile(r"[-–+•]\s+")
_SEPARATOR_LINE = re.compile(r"(?m)^[ \t]*\|[ \t]*\r?$")
_MD_RULE = re.compile(r"[\s|:\-–=+]*")
_MD_LINE = re.compile(r"(?m)^[ \t]*\|[^\n]*\|")


_FOOTNOTE = re.compile(r"\[\d{1,3}\]")


def _fold(s: str) -> str:
    s = _FOOTNOTE.sub(" ", s) if "[" in s else s
    return " ".join(s.replace("*", " ").split()).lower().strip(" .:")


def _strip(text: str, a: int, b: int) -> Cell:
    """Cell offsets without surrounding spaces and ``*`` markers."""
    while a < b and (text[a].isspace() or text[a] == "*"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] == "*"):
        b -= 1
    return a, b


@dataclass(slots=True)
class _Columns:
    task: int
    lead: int
    support: int | None
    deadline: int | None
    number: bool  # the first column numbers the rows
    n: int  # column count


def _header(raw_text: str, row: list[Cell]) -> tuple[_Columns, int] | None:
    """Columns of a header row (and the index of its first cell), when it names a task column
    and a lead column. Cells before the header's own (a caption caught in the row) are
    skipped."""
    # quick reject: no short cell holds a lead-column word
    if not any(b - a <= _HEADER_MAX * 2 and _LEAD_WORD.match(raw_text, a, b) for a, b in row):
        return None
    kinds: list[str | None] = []
    for a, b in row:
        f = _fold(raw_text[a:b]) if b - a <= _HEADER_MAX * 2 else ""
        if not f or len(f) > _HEADER_MAX:
            kinds.append(None)
        elif _H_NUMBER.fullmatch(f):
            kinds.append("number")
        elif _H_LEAD.fullmatch(f):
            kinds.append("lead")
        elif _H_SUPPORT.fullmatch(f):
            kinds.append("support")
        elif _H_DEADLINE.fullmatch(f):
            kinds.append("deadline")
        elif _H_TASK.fullmatch(f):
            kinds.append("task")
        elif _H_OTHER.fullmatch(f) or (len(f) <= _HEADER_OTHER_MAX and not _DIGITS.search(f)):
            kinds.append("other")  # "Thuộc nhóm nhiệm vụ, hành động[1]": a column we skip
        else:
            kinds.append(None)
    if "lead" not in kinds or "task" not in kinds:
        return None
    if any(_H_STEP.fullmatch(_fold(raw_text[a:b])) for a, b in row):
        return None
    # the header is the run of header cells around the lead column
    li = kinds.index("lead")
    lo = li
    while lo > 0 and kinds[lo - 1] is not None:
        lo -= 1
    hi = li
    while hi + 1 < len(kinds) and kinds[hi + 1] is not None:
        hi += 1
    ks = kinds[lo : hi + 1]
    if "task" not in ks:
        return None

    def idx(kind: str) -> int | None:
        return ks.index(kind) if kind in ks else None

    task, lead = idx("task"), idx("lead")
    assert task is not None and lead is not None
    return (
        _Columns(task, lead, idx("support"), idx("deadline"), ks[0] == "number", len(ks)),
        lo,
    )


# ---------------------------------------------------------------------------------------------
# Layout 1: rows on lines


def _md_rows(text: str, lo: int, hi: int) -> list[tuple[list[Cell], int, int]]:
    """Rows (cells, start, end) of the ``|`` lines in ``text[lo:hi]``; a table ends at a line
    without ``|`` that does not continue a wrapped row."""
    rows: list[tuple[list[Cell], int, int]] = []
    pos = lo
    while pos < hi:
        nl = text.find("\n", pos, hi)
        le = hi if nl < 0 else nl
        line = text[pos:le]
        st = line.strip()
        if not st.startswith("|"):
            if rows:
                break
            pos = le + 1
            continue
        start = pos + line.index("|")
        end = le
        # a wrapped row goes on until a line ends with "|"
        while not text[start:end].rstrip().endswith("|") or text[start:end].strip() == "|":
            if end >= hi:
                break
            nl2 = text.find("\n", end + 1, hi)
            e2 = hi if nl2 < 0 else nl2
            nxt = text[end + 1 : e2].strip()
            if not nxt or (nxt.startswith("|") and text[start:end].count("|") >= 2):
                break
            end = e2
        pos = end + 1
        seg = text[start:end].rstrip()
        if _MD_RULE.fullmatch(seg):
            continue  # "|---|---|"
        bars = [start + i for i, ch in enumerate(seg) if ch == "|"]
        edges = bars if seg.endswith("|") and len(bars) >= 2 else [*bars, start + len(seg)]
        cells = [_strip(text, edges[i] + 1, edges[i + 1]) for i in range(len(edges) - 1)]
        if len(cells) >= 2:
            rows.append((cells, start, end))
    return rows


def _starts_lower(text: str, c: Cell) -> bool:
    return c[1] > c[0] and text[c[0]].islower()


def _md_tables(text: str) -> list[list[list[Cell]]]:
    """Tables of layout 1 with a task header, each as its rows (header first)."""
    out: list[list[list[Cell]]] = []
    pos = 0
    n = len(text)
    while pos < n:
        # the next line that opens with "|" and holds another "|"
        m = _MD_LINE.search(text, pos)
        if m is None:
            break
        rows = _md_rows(text, m.start(), n)
        end = rows[-1][2] if rows else m.end()
        pos = max(end, m.end()) + 1
        if rows:
            out.append([r[0] for r in rows])
    return out


# ---------------------------------------------------------------------------------------------
# Layout 2: cells on lines


def _vertical_segments(text: str) -> list[Cell]:
    """Text between successive ``|`` lines (empty segments kept as ``(a, a)``)."""
    seps = [m.span() for m in _SEPARATOR_LINE.finditer(text)]
    out: list[Cell] = []
    for (_, e1), (s2, _) in itertools.pairwise(seps):
        out.append(_strip(text, e1, s2))
    return out


_MAX_CELL = 4000


def _is_row_number(text: str, c: Cell) -> bool:
    return c[1] > c[0] and _ROW_NUMBER.fullmatch(text[c[0] : c[1]]) is not None


def _vertical_tables(text: str) -> list[list[list[Cell]]]:
    segs = _vertical_segments(text)
    out: list[list[list[Cell]]] = []
    i = 0
    while i < len(segs):
        # a header row: segments up to the next empty one
        j = i
        while j < len(segs) and segs[j][1] > segs[j][0]:
            j += 1
        row = segs[i:j]
        h = _header(text, row) if row else None
        if h is None:
            i = j + 1
            continue
        cols, first = h
        table: list[list[Cell]] = [row[first : first + cols.n]]
        cur: list[Cell] = []
        k = j
        while k < len(segs):
            empties = 0
            while k < len(segs) and segs[k][1] == segs[k][0]:
                empties += 1
                k += 1
            if k >= len(segs):
                break
            c = segs[k]
            body = text[c[0] : c[1]]
            if "\n\n" in body.strip() or len(body) > _MAX_CELL:
                break  # prose: the table has ended
            if cols.number:  # a full row ends at its last cell (rows spanning the number
                # column, "rowspan", go on with fewer cells and no number)
                # a row without its number spans nothing: an empty cell ends it
                new_row = empties > 0 and (
                    len(cur) >= cols.n
                    or _is_row_number(text, c)
                    or (bool(cur) and not _is_row_number(text, cur[0]))
                )
            else:
                new_row = empties > 0 and (len(cur) >= cols.n or len(cur) + empties - 1 >= cols.n)
            if not cur:
                cur = [c]
            elif new_row:
                table.append(cur)
                cur = [c]
            else:
                cur.extend([(c[0], c[0])] * empties)
                cur.append(c)
            # another header: a new table starts there
            if empties and len(cur) == 1 and not _is_row_number(text, c):
                nj = k
                while nj < len(segs) and segs[nj][1] > segs[nj][0]:
                    nj += 1
                h2 = _header(text, segs[k:nj])
                if h2 is not None:
                    # the cells before it end this table's last row (a caption may follow)
                    cur = segs[k : k + h2[1]][: cols.n]
                    k += h2[1]
                    break
            k += 1
        if cur:
            table.append(cur)
        out.append(table)
        i = max(k, j)
    return out


# ---------------------------------------------------------------------------------------------
# Rows → tasks


def _cell(text: str, row: list[Cell], i: int | None) -> Cell | None:
    if i is None or i >= len(row):
        return None
    c = row[i]
    return c if c[1] > c[0] else None


# the next list separator in an agency cell ("; ", ", ", " và ")
_LIST_SEPARATOR = re.compile(r"[,;]|\s(?:và|cùng)\s")


def _agencies(flat: str, c: Cell | None) -> list[str]:
    """Agencies named in a cell: ``Sở Nội vụ``, ``Các sở, ban, ngành; UBND cấp xã``."""
    from ingest.tasks import read_agencies  # tasks imports this module

    if c is None:
        return []
    out: list[str] = []
    a, b = c
    seg = flat[a:b].replace("*", " ")
    pos = 0
    while pos < len(seg):
        while pos < len(seg) and seg[pos] in " \t,;.-+•":
            pos += 1
        if pos >= len(seg):
            break
        r = read_agencies(seg, pos)
        if r.names:
            out.extend(r.names)
            pos = max(r.end, pos + 1)
        m = _LIST_SEPARATOR.search(seg, pos)
        if m is None:
            break
        pos = m.end()
    return out


def _part(parts: list[list[Cell]], i: int | None) -> list[Cell]:
    """The pieces of column ``i`` of a row (none when the table has no such column)."""
    return parts[i] if i is not None and i < len(parts) else []


def _task_text(text: str, c: Cell) -> str:
    return " ".join(text[c[0] : c[1]].replace("**", " ").split())


def _row_tasks(
    raw: str,
    text: str,
    flat: str,
    cols: _Columns,
    rows: list[list[Cell]],
    doc_date: str | None,
) -> list[Task]:
    from ingest.tasks import _canon_list, _roles, cap_text

    out: list[Task] = []
    prev: list[list[Cell]] | None = None  # the previous task row's cells, in pieces
    full: list[Cell] | None = None  # the last row with every column
    for row in rows:
        if not (cols.number and _is_row_number(raw, row[0])) and _header(raw, row) is not None:
            prev = full = None
            continue  # a header repeated after a page break
        num_c = _cell(raw, row, 0) if cols.number else None
        if (
            cols.number
            and full is not None
            and len(row) < cols.n
            and not _is_row_number(raw, row[0])
            and row[0][1] > row[0][0]
        ):
            # cells spanning several rows (number, lead...) are written once, on the first row:
            # this row holds the last columns only
            row = full[: cols.n - len(row)] + row
            num_c = _cell(raw, row, 0)
        elif len(row) >= cols.n:
            full = row
        task_c = _cell(raw, row, cols.task)
        parts = [[c] if c[1] > c[0] else [] for c in row]
        # a row continuing the previous one: no number, the task cell goes on in lower case
        if (
            cols.number
            and prev is not None
            and num_c is None
            and task_c is not None
            and _starts_lower(raw, task_c)
        ):
            merged = [list(p) for p in prev]
            for k, p in enumerate(parts):
                if k < len(merged):
                    merged[k].extend(p)
                else:
                    merged.append(p)
            if out and out[-1].span[0] == prev[cols.task][0][0]:
                out.pop()
            parts = merged
        task_p, lead_p = _part(parts, cols.task), _part(parts, cols.lead)
        if not task_p or not lead_p:
            prev = None
            continue
        lead = _canon_list([n for c in lead_p for n in _agencies(flat, c)])
        if not lead:
            prev = None
            continue
        sup_p = _part(parts, cols.support)
        support = [
            x for x in _canon_list([n for c in sup_p for n in _agencies(flat, c)]) if x not in lead
        ]
        bm = _BULLET.match(raw, task_p[0][0], task_p[0][1])
        if bm is not None:
            task_p[0] = (bm.end(), task_p[0][1])
        task_c = (task_p[0][0], task_p[-1][1])
        if not support and "phối" in flat[task_c[0] : task_c[1]]:
            # no support column: "Chủ trì, phối hợp với Bộ X ..." in the task cell names it
            support = [x for x in _canon_list(_roles(flat, *task_c)[1]) if x not in lead]
        task_text = " ".join(_task_text(text, c) for c in task_p)
        if len(task_text) < 8:
            prev = None
            continue
        task_text = cap_text(task_text)
        dl_p = _part(parts, cols.deadline)
        deadline = (
            parse_deadline_cell(" ".join(raw[a:b] for a, b in dl_p), doc_date)
            if dl_p
            else parse_deadline(task_text, doc_date)
        )
        out.append(Task(text=task_text, lead=lead, support=support, deadline=deadline, span=task_c))
        prev = parts
    return out


# ---------------------------------------------------------------------------------------------


# A lead-column header written as a table cell: right after a "|" (on the same line, or on the
# next one when every cell has its own lines). Every task table has one; "|" is rare in prose.
_LEAD_CELL = re.compile(
    r"\|[ \t]*(?:\r?\n)?[ \t*]*(?:(?:Cơ\s+quan|Đơn\s+vị|CƠ\s+QUAN|ĐƠN\s+VỊ)\s+)?"
    r"(?:[Cc]hủ\s+trì|CHỦ\s+TRÌ|[Tt]hực\s+hiện|THỰC\s+HIỆN|[Đđ]ầu\s+mối|ĐẦU\s+MỐI)"
)


def has_task_table(text: str) -> bool:
    """Cheap gate: a lead-column header cell (``| Cơ quan chủ trì``) somewhere in the text."""
    if "|" not in text:
        return False
    return _LEAD_CELL.search(text) is not None


def raw_view(prep: Prepared) -> str | None:
    """The prepared text with its table pipes (:func:`ingest.clean.prepare` blanks them): the
    NFC form of the caller's text, offset for offset the same as ``prep.text``; ``None`` when
    the text has no task table."""
    raw = prep.nfc
    if raw is None or len(raw) != len(prep.text) or not has_task_table(raw):
        return None
    return raw


def read_task_tables(
    raw: str, text: str, flat: str, doc_date: str | None = None
) -> tuple[list[Task], list[Cell]]:
    """Tasks listed in the task tables of a document and the spans of those tables (header to
    last row). ``raw``: the text with its ``|`` (:func:`raw_view`); ``text`` and ``flat``: the
    prepared views (same offsets) the task text and the agencies are read from."""
    out: list[Task] = []
    regions: list[Cell] = []
    tables: list[list[list[Cell]]] = []
    if _SEPARATOR_LINE.search(raw):
        tables.extend(_vertical_tables(raw))
    tables.extend(_md_tables(raw))
    for table in tables:
        h = None
        for k, row in enumerate(table):  # a caption row may come before the header
            h = _header(raw, row)
            if h is not None:
                table = table[k:]
                break
        if h is None:
            continue
        cols, first = h
        rows = [r[first:] for r in table[1:]]
        tasks = _row_tasks(raw, text, flat, cols, rows, doc_date)
        if tasks:
            out.extend(tasks)
            ends = [c[1] for r in table for c in r if c[1] > c[0]]
            regions.append((table[0][first][0], max(ends)))
    return out, regions


def find_table_tasks(prep: Prepared, doc_date: str | None = None) -> list[Task]:
    """Tasks listed in the task tables of a prepared document."""
    raw = raw_view(prep)
    if raw is None:
        return []
    return read_task_tables(raw, prep.text, prep.flat, doc_date)[0]
