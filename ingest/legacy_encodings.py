"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC), VNI, Windows-1258, and how to tell them apart.

Before Unicode, Vietnamese documents were typed in *font encodings*: the bytes are Windows-1252
characters and only the font draws them as Vietnamese letters. Two families dominate old
government files:

* **TCVN3 / ABC** (TCVN 5712:1993 VN3, fonts ``.VnTime``, ``.VnArial``): one byte per letter,
  lowercase precomposed letters in 0xA0-0xFF (``0xB8`` á, ``0xAE`` đ, ``0xA7`` Đ ...). Capitals
  with a tone mark have no code: they are typed with the lowercase codes in a separate uppercase
  font (``.VnTimeH``), so in plain text ``QUYẾT ĐỊNH`` arrives as ``QUYÕT §ÞNH`` → ``QUYếT ĐịNH``.
  :func:`decode_tcvn3` repairs such all-capitals words.
* **VNI** (VNI-Windows, fonts ``VNI-Times``): the base letter followed by one byte carrying the
  modifier and/or tone (``a`` + ``0xF9`` → á, ``e`` + ``0xE4`` → ệ, ``0xD1`` → Đ).
* **Windows-1258**: a real code page; some precomposed letters plus *combining* tone marks, so the
  decoded text must be NFC-normalised.

The tables are data files (``ingest/data/tcvn3.tsv``, ``ingest/data/vni.tsv``). Which encoding a
file uses is not declared anywhere: :func:`guess_legacy` decodes a sample with every candidate and
scores how Vietnamese the result looks (share of well-formed Vietnamese syllables, frequent words).
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

_DATA = Path(__file__).with_name("data")

# Windows-1252 with its five undefined bytes taken as Latin-1 (C1 controls): total byte → char.
_CP1252_TOTAL = "".join(
    bytes([b]).decode("cp1252", errors="replace").replace("\ufffd", chr(b)) for b in range(256)
)


def _read_tsv(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    with (_DATA / name).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def _cp(field: str) -> str:
    """``U+1EA1`` → the character."""
    return chr(int(field[2:], 16))


# --------------------------------------------------------------------------------------------
# TCVN3
# --------------------------------------------------------------------------------------------


@cache
def _tcvn3_decoding_table() -> str:
    """256-character charmap for :func:`codecs.charmap_decode`."""
    table = list(_CP1252_TOTAL)
    for row in _read_tsv("tcvn3.tsv"):
        table[int(row[0], 16)] = _cp(row[1])
    return "".join(table)


@cache
def _tcvn3_encoding_map() -> dict[int, int]:
    enc: dict[int, int] = {}
    for byte, ch in enumerate(_tcvn3_decoding_table()):
        if byte >= 0x80 and not unicodedata.combining(ch):
            enc.setdefault(ord(ch), byte)
    return enc


# A capital vowel followed by a toned lowercase form of the same vowel: how Unicode→TCVN3
# converters write toned capitals ("A" + "µ" for "À"). Vietnamese never doubles a vowel letter
# that way, so the pair is one capital letter.
_TCVN3_CAP_PAIR = re.compile(r"([AĂÂEÊIOÔƠUƯY])([^\x00-\x7f])")
# A line without lowercase ASCII letters and digits: a heading candidate.
# (possessive: a failing line costs one scan, never a backtracking search)
_CAPS_LINE = re.compile(r"^[^a-z0-9\n]*+$", re.M)
# A whole word (letters only) with a capital ASCII letter and no lowercase ASCII letter.
_CAPS_WORD = re.compile(r"(?<![^\W\d_])(?=[^\W\d_]*[A-Z])[^\W\da-z_]+(?![^\W\d_])")
_ASCII_UPPER = re.compile(r"[A-Z]")


@lru_cache(maxsize=4096)
def _strip_tone(ch: str) -> str:
    """``ấ`` → ``â``: remove only the tone mark, keep the vowel modifier."""
    d = unicodedata.normalize("NFD", ch)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))


def _fix_cap_pair(m: re.Match[str]) -> str:
    cap, nxt = m.group(1), m.group(2)
    if nxt != _strip_tone(nxt) and _strip_tone(nxt).upper() == cap:
        return nxt.upper()
    return m.group(0)


def _upper_caps_line(m: re.Match[str]) -> str:
    """A heading typed in .VnTimeH ("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM"): at least four ASCII
    capitals, no lowercase ASCII letter, no digit (so "Sè: 12/Q§-UBND" is left alone)."""
    line = m.group(0)
    return line.upper() if len(_ASCII_UPPER.findall(line)) >= 4 else line


def _upper_caps_word(m: re.Match[str]) -> str:
    """A word with at least two capitals and no lowercase ASCII letter ("QUYếT", "ƯớC") was typed
    in an uppercase font: its lowercase Vietnamese letters are capitals too. "Đà" stays."""
    w = m.group(0)
    if not w.isupper() and sum(1 for c in w if c.isupper()) >= 2:
        return w.upper()
    return w


# A capitalised word of one capital and lowercase non-ASCII letters ("Xã", "Sự") right after an
# all-capitals word and before another one or the line end: part of an uppercase heading.
_CAPS_NEIGHBOUR = re.compile(
    r"(?<=[^\W\d_][^\W\d_a-z] )([A-ZĐ][^\W\d_\x00-\x7f]+)(?=[ ,;:.)]*(?:$|[^\W\d_a-z]{2}))",
    re.M,
)


def _upper_neighbour(m: re.Match[str]) -> str:
    # the look-behind saw two capital letters; check the whole previous word is capitals
    start = m.start()
    text = m.string
    prev = text[max(0, start - 40) : start - 1].rsplit(" ", 1)[-1]
    return m.group(0).upper() if prev.isupper() and len(prev) >= 2 else m.group(0)


@cache
def _sentence_start_re() -> re.Pattern[str]:
    """Sentence-initial lowercase letters that TCVN3 cannot write as capitals ("1. ở nước",
    "Điều 4. áp dụng"): normal text starts sentences with a capital, so these were capitals.
    A line start counts only after a line that ends a sentence (hard-wrapped lines are common)."""
    table = _tcvn3_decoding_table()
    capitals = table[0xA1:0xA8]  # Ă Â Ê Ô Ơ Ư Đ: the only capitals the ABC fonts have
    letters = "".join(
        sorted(c for c in set(table[0xA0:]) if c.islower() and c.upper() not in capitals)
    )
    return re.compile(
        # text start, a line after a line that ends a sentence (wrapped lines do not), a blank
        # line, or after sentence punctuation on the same line (possessive runs: linear on long
        # runs of spaces)
        r"(?:\A|(?<=[.!?:;]\n)|(?<=\n\n)|[.!?…][ \t]++)[ \t\-–+*•(\"“']*+(["
        + re.escape(letters)
        + r"])"
    )


def _upper_group1(m: re.Match[str]) -> str:
    s = m.group(0)
    i = m.start(1) - m.start()
    return s[:i] + s[i:].upper()


def _repair_tcvn3_capitals(text: str) -> str:
    text = _TCVN3_CAP_PAIR.sub(_fix_cap_pair, text)
    text = _CAPS_LINE.sub(_upper_caps_line, text)
    text = _CAPS_WORD.sub(_upper_caps_word, text)
    text = _CAPS_NEIGHBOUR.sub(_upper_neighbour, text)
    return _sentence_start_re().sub(_upper_group1, text)


def decode_tcvn3(data: bytes, *, repair_capitals: bool = True) -> str:
    """Decode TCVN3 (ABC) bytes to NFC Unicode.

    ``repair_capitals`` upper-cases words and heading lines that were typed in the uppercase
    ``H`` fonts (their toned capitals use the lowercase codes).
    """
    text, _ = codecs.charmap_decode(data, "strict", _tcvn3_decoding_table())
    text = unicodedata.normalize("NFC", text)
    if repair_capitals:
        text = _repair_tcvn3_capitals(text)
    return text


def encode_tcvn3(text: str) -> bytes:
    """Encode NFC Vietnamese text to TCVN3. Toned capitals (no TCVN3 code) are written in
    lowercase, as an uppercase ``H`` font would hold them. Characters outside the table raise
    :class:`UnicodeEncodeError`."""
    enc = _tcvn3_encoding_map()
    out = bytearray()
    for i, ch in enumerate(unicodedata.normalize("NFC", text)):
        o = ord(ch)
        if o < 0x80:
            out.append(o)
        elif o in enc:
            out.append(enc[o])
        elif ord(ch.lower()) in enc:
            out.append(enc[ord(ch.lower())])
        else:
            raise UnicodeEncodeError("tcvn3", text, i, i + 1, "no TCVN3 code")
    return bytes(out)


# --------------------------------------------------------------------------------------------
# VNI
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _VniTables:
    pairs: dict[str, str]  # two Windows-1252 characters → letter
    singles: dict[int, str]  # one character → letter (for str.translate)
    pattern: re.Pattern[str]
    encode: dict[str, str]  # letter → Windows-1252 characters


@cache
def _vni_tables() -> _VniTables:
    pairs: dict[str, str] = {}
    singles: dict[int, str] = {}
    encode: dict[str, str] = {}
    for row in _read_tsv("vni.tsv"):
        seq = "".join(_CP1252_TOTAL[int(h, 16)] for h in row[0].split())
        ch = _cp(row[1])
        encode[ch] = seq
        if len(seq) == 2:
            pairs[seq] = ch
        else:
            singles[ord(seq)] = ch
    # Tolerate a modifier byte typed in the other case than its base letter: the base decides.
    for seq, ch in list(pairs.items()):
        base, mod = seq[0], seq[1]
        other = mod.lower() if mod.isupper() else mod.upper()
        key = base + other
        if len(other) == 1 and key not in pairs:
            pairs[key] = ch.upper() if base.isupper() else ch.lower()
    bases = sorted({k[0] for k in pairs})
    mods = sorted({k[1] for k in pairs})  # disjoint from the single-byte letters
    # A base letter followed by a modifier character, or a lone single-byte letter (ô is both a
    # base, in "ôù" → ớ, and a letter, ơ). The classes are small and fixed.
    pattern = re.compile(
        "[" + re.escape("".join(bases)) + "][" + re.escape("".join(mods)) + "]"
        "|[" + re.escape("".join(chr(c) for c in singles)) + "]"
    )
    return _VniTables(pairs, singles, pattern, encode)


def decode_vni(data: bytes) -> str:
    """Decode VNI-Windows bytes to NFC Unicode."""
    t = _vni_tables()
    raw, _ = codecs.charmap_decode(data, "strict", _CP1252_TOTAL)

    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        hit = t.pairs.get(s)
        if hit is not None:
            return hit
        return s.translate(t.singles)

    return unicodedata.normalize("NFC", t.pattern.sub(sub, raw))


def encode_vni(text: str) -> bytes:
    """Encode NFC Vietnamese text to VNI-Windows (inverse of :func:`decode_vni`)."""
    enc = _vni_tables().encode
    parts = [enc.get(ch, ch) for ch in unicodedata.normalize("NFC", text)]
    return "".join(parts).encode("cp1252")


# --------------------------------------------------------------------------------------------
# Windows-1258
# --------------------------------------------------------------------------------------------


def decode_cp1258(data: bytes) -> str:
    """Decode Windows-1258 (combining tone marks) to NFC. Raises on its undefined bytes."""
    return unicodedata.normalize("NFC", data.decode("cp1258"))


def encode_cp1258(text: str) -> bytes:
    """Encode Vietnamese text as Windows-1258 does natively: base letters from the code page plus
    combining tone marks (ư + ◌́ for ứ)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in d if c in _TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
            out.append(base + tones)
    return "".join(out).encode("cp1258")


# --------------------------------------------------------------------------------------------
# How Vietnamese does a text look?
# --------------------------------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


# Toneless, lowercase Vietnamese syllable: onset + vowel cluster + final consonant. The vowel
# clusters are the nuclei with their glides and semivowel finals; longest first so the regex
# tries them in that order (the regex engine backtracks over at most a handful of options).
def _words(block: str) -> list[str]:
    return block.split()


_VOWEL_CLUSTERS = sorted(
    _words("""
    a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iu oa oă oe oi oo ôi ôô ơi ua uâ uă uê ui uo uô uơ uy ưa ưi ưu ươ
    iê yê oai oao oay oeo uây uôi uya uyê uyu ươi ươu iêu yêu
    """),
    key=len,
    reverse=True,
)
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:" + "|".join(_VOWEL_CLUSTERS) + r")"
    r"(?:ch|ng|nh|[cmnpt])?"
)
# Tokens: runs of characters that are neither whitespace, ASCII punctuation/digits nor general
# punctuation (so “quotes” from Windows-1252 do not spoil a word).
_TOKEN = re.compile(r"[^\s!-@\[-`{-~\u2000-\u206f]+")
# Frequent words of administrative Vietnamese (all with a non-ASCII letter).
_COMMON = frozenset(
    _words("""
    của và các ngày năm được những có không người việc thực hiện quyết định nghị về với để đã
    này là một tại số điều khoản tỉnh huyện xã nhân dân ủy chính phủ bộ luật thông tư văn bản
    cơ quan đồng thời trên đến từ sở tài kế hoạch đơn vị công tác chức quản lý nhà nước
    """)
)


@lru_cache(maxsize=1 << 16)
def _token_class(tok: str) -> int:
    """0 not a syllable, 1 a syllable, 2 a frequent word (cached: vocabularies are small)."""
    if not is_vietnamese_syllable(tok):
        return 0
    return 2 if unicodedata.normalize("NFC", tok.lower()) in _COMMON else 1


def is_vietnamese_syllable(word: str) -> bool:
    """True if ``word`` (one token, any case, NFC or NFD) is a well-formed Vietnamese syllable
    with at most one tone mark."""
    d = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in d if c in _TONE_MARKS)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(base) is not None


def vietnamese_score(text: str, *, max_tokens: int = 2000, extra_bad: int = 0) -> float:
    """Score in [-1, 1.5]: how much the non-ASCII words of ``text`` look like Vietnamese.

    Each token with a non-ASCII character counts +1 if it is a valid syllable (+0.5 more if it is
    a frequent word), -1 otherwise (``extra_bad`` adds more -1s, e.g. replacement characters);
    the sum is divided by the number of tokens counted. Mis-decoded text is full of symbols
    (``§``, ``µ``) and impossible vowel sequences, so it scores low.
    """
    good = bonus = 0
    bad = extra_bad
    seen = 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if tok.isascii():
            continue
        seen += 1
        if seen > max_tokens:
            break
        cls = _token_class(tok)
        if cls:
            good += 1
            bonus += cls - 1
        else:
            bad += 1
    total = good + bad
    if total == 0:
        return 0.0
    return (good - bad + 0.5 * bonus) / total


# --------------------------------------------------------------------------------------------
# Guessing
# --------------------------------------------------------------------------------------------


def _utf8_lenient(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


# name → decoder. Order breaks ties (real code page first, then the fonts).
DECODERS: dict[str, Callable[[bytes], str]] = {
    "windows-1258": decode_cp1258,
    "tcvn3": decode_tcvn3,
    "vni": decode_vni,
    "utf-8-damaged": _utf8_lenient,
}

_SAMPLE_BYTES = 64 * 1024


def _score_candidate(name: str, text: str) -> float:
    # for damaged UTF-8, every replacement character counts as one more bad token
    penalty = text.count("\ufffd") if name == "utf-8-damaged" else 0
    return vietnamese_score(text, extra_bad=penalty)


def guess_legacy(data: bytes) -> tuple[str, float]:
    """Which 8-bit encoding (or damaged UTF-8) ``data`` most likely uses, with its score.

    Decodes a sample with every candidate and keeps the one whose text looks most Vietnamese.
    """
    sample = data[:_SAMPLE_BYTES]
    best_name, best_score = "windows-1258", float("-inf")
    for name, decoder in DECODERS.items():
        try:
            text = decoder(sample)
        except UnicodeDecodeError:
            continue
        score = _score_candidate(name, text)
        logger.debug("legacy candidate %s scores %.3f", name, score)
        if score > best_score:
            best_name, best_score = name, score
    if best_score == float("-inf"):
        best_name, best_score = "windows-1252", 0.0
    return best_name, best_score


def decode_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 bytes: returns ``(encoding, NFC text)``. Never raises on bytes."""
    name, _ = guess_legacy(data)
    if name == "windows-1252":
        return name, unicodedata.normalize(
            "NFC", codecs.charmap_decode(data, "strict", _CP1252_TOTAL)[0]
        )
    try:
        return name, DECODERS[name](data)
    except UnicodeDecodeError:
        # the sample decoded but a later byte is undefined in Windows-1258
        text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
        return name, text
