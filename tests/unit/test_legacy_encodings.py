"""Legacy Vietnamese encodings: tables, hand-checked byte strings, round trips, detection."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import legacy_encodings as le

# Synthetic sentences in the register of government documents (written for these tests).
SENTENCES = [
    "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;",
    "Ủy ban nhân dân tỉnh Đắk Lắk ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW.",
    "Giao Sở Tài chính chủ trì, phối hợp với các cơ quan, đơn vị liên quan tham mưu.",
    "Quyết định này có hiệu lực kể từ ngày ký; người đứng đầu các sở, ngành chịu trách nhiệm thi "
    "hành.",
    "khuyến khích, hoạch định, giữa, quốc gia, thuở, khuya, nguyễn, tiếng Việt, xoăn, ỵ, ỹ, ữ, ợ",
]
SAMPLE = "\n".join(SENTENCES)

# Every lowercase Vietnamese letter that is not ASCII (67 of them).
VI_LOWER = sorted(
    {
        unicodedata.normalize("NFC", base + mod + tone)
        for base, mods in {
            "a": ["", "\u0306", "\u0302"],
            "e": ["", "\u0302"],
            "i": [""],
            "o": ["", "\u0302", "\u031b"],
            "u": ["", "\u031b"],
            "y": [""],
        }.items()
        for mod in mods
        for tone in ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    }
    - set("aeiouy")
    | {"đ"}
)


def test_letter_inventory() -> None:
    assert len(VI_LOWER) == 67


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # Hand-checked TCVN3 strings (the national motto as typed in .VnTime)
        (
            b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        (b"\xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c", "Độc lập - Tự do - Hạnh phúc"),
        (b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7", "ĂÂÊÔƠƯĐ"),
        (b"\xa8\xa9\xaa\xab\xac\xad\xae", "ăâêôơưđ"),
        (b"x \xb5\xb6\xb7\xb8\xb9", "x àảãáạ"),
        (b"x \xfa\xfb\xfc\xfd\xfe", "x ỳỷỹýỵ"),
        # a sentence-initial toned vowel has no TCVN3 capital: restored, at the text start, after
        # a full stop, after a line that ends a sentence; a hard-wrapped line is left alone
        (b"\xe8ng", "Ống"),
        (b"xong.\n\xeb n\xadoc", "xong.\nỞ n\u01b0oc"),
        (b"c\xb8c\n\xeb n\xadoc", "các\nở n\u01b0oc"),
        # heading typed in the uppercase font .VnTimeH: lowercase codes drawn as capitals
        (b"QUY\xd5T \xa7\xdeNH", "QUYẾT ĐỊNH"),
        (
            b"C\xe9NG HO\xb5 X\xb7 H\xe9I CH\xf1 NGH\xdcA VI\xd6T NAM",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        # "Số:" line with digits is not a heading: only capitals-words change
        (b"S\xe8: 12/Q\xa7-UBND", "Số: 12/QĐ-UBND"),
        # converters' "capital + toned lowercase" spelling of a toned capital
        (b"A\xb5", "À"),
        (b"\xa7i\xd2u 4. \xb8p d\xf4ng", "Điều 4. Áp dụng"),
        # Windows-1252 punctuation in 0x80-0x9F
        (b"\x93Vi\xd6t\x94 \x96 \x85", "“Việt” – …"),
    ],
)
def test_tcvn3_known_bytes(data: bytes, expected: str) -> None:
    assert le.decode_tcvn3(data) == expected


@pytest.mark.parametrize(
    ("cp1252_text", "expected"),
    [
        # Hand-checked VNI strings, written as they show in a Windows-1252 viewer
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ("QUYEÁT ÑÒNH", "QUYẾT ĐỊNH"),
        ("Thuû töôùng Chính phuû", "Thủ tướng Chính phủ"),
        ("ngöôøi", "người"),
        ("naêm", "năm"),
        ("aéaèaúaüaë", "ắằẳẵặ"),
        ("yù yø yû yõ î", "ý ỳ ỷ ỹ ỵ"),
        ("íìæóò", "íìỉĩị"),
    ],
)
def test_vni_known_bytes(cp1252_text: str, expected: str) -> None:
    assert le.decode_vni(cp1252_text.encode("cp1252")) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # ứ = ư (0xFD) + combining acute (0xEC); ệ = ê (0xEA) + dot below (0xF2)
        (b"T\xfd\xf2 do", "Tự do"),
        (b"Vi\xea\xf2t Nam", "Việt Nam"),
        (b"\xd0\xf5\xcc c", "Đờ c"),
    ],
)
def test_cp1258_known_bytes(data: bytes, expected: str) -> None:
    out = le.decode_cp1258(data)
    assert out == expected
    assert unicodedata.is_normalized("NFC", out)


@pytest.mark.parametrize(
    ("encode", "decode"),
    [
        (le.encode_vni, le.decode_vni),
        (le.encode_cp1258, le.decode_cp1258),
    ],
    ids=["vni", "cp1258"],
)
def test_round_trip_exact(encode: Callable[[str], bytes], decode: Callable[[bytes], str]) -> None:
    letters = "".join(VI_LOWER)
    for text in [SAMPLE, letters, letters.upper()]:
        assert decode(encode(text)) == text


def test_round_trip_tcvn3_lowercase_and_cased_text() -> None:
    letters = "x " + "".join(VI_LOWER)
    assert le.decode_tcvn3(le.encode_tcvn3(letters)) == letters
    assert le.decode_tcvn3(le.encode_tcvn3(SAMPLE), repair_capitals=False) == SAMPLE.replace(
        "Ủy", "ủy"
    )
    # with repairs the sentence-initial "Ủy" comes back
    assert le.decode_tcvn3(le.encode_tcvn3(SAMPLE)) == SAMPLE


def test_tcvn3_table_covers_every_letter_once() -> None:
    table = le._tcvn3_decoding_table()
    assert len(table) == 256
    upper = table[0xA0:]
    for ch in VI_LOWER:
        assert upper.count(ch) == 1, ch
    # 0xB0-0xB4 are the combining tone marks
    assert [unicodedata.combining(c) > 0 for c in upper[0x10:0x15]] == [True] * 5


def test_vni_table_covers_every_letter_both_cases() -> None:
    enc = le._vni_tables().encode
    for ch in VI_LOWER:
        assert ch in enc and ch.upper() in enc, ch
    assert len(enc) == 134


@pytest.mark.parametrize(
    ("word", "ok"),
    [
        ("người", True),
        ("nghiêng", True),
        ("khuyến", True),
        ("quốc", True),
        ("giữa", True),
        ("Việt", True),
        ("VIỆT", True),
        ("Vie\u0302\u0323t", True),  # NFD
        ("hoạch", True),
        ("Viờũt", False),  # two tone marks
        ("Vieät", False),  # VNI read as Windows-1258
        ("ViÖt", False),  # TCVN3 read as Windows-1252
        ("§éc", False),
        ("hoµ", False),
    ],
)
def test_is_vietnamese_syllable(word: str, ok: bool) -> None:
    assert le.is_vietnamese_syllable(word) is ok


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (le.encode_tcvn3, "tcvn3"),
        (le.encode_vni, "vni"),
        (le.encode_cp1258, "windows-1258"),
    ],
)
@pytest.mark.parametrize("text", [SAMPLE, SENTENCES[0], SENTENCES[2]])
def test_guess_legacy_picks_the_encoding(
    encode: Callable[[str], bytes], name: str, text: str
) -> None:
    guessed, score = le.guess_legacy(encode(text))
    assert guessed == name
    assert score > 0.5


def test_guess_legacy_damaged_utf8() -> None:
    data = SAMPLE.encode("utf-8") + b"\xff trailing"
    name, text = le.decode_legacy(data)
    assert name == "utf-8-damaged"
    assert text.startswith(SENTENCES[0])


def test_vietnamese_score_orders_decodings() -> None:
    data = le.encode_tcvn3(SAMPLE)
    right = le.vietnamese_score(le.decode_tcvn3(data))
    wrong = le.vietnamese_score(data.decode("cp1252", errors="replace"))
    assert right > 0.9 > 0 > wrong


@pytest.mark.parametrize(
    "data",
    [
        b"A" * 300_000 + b"x",  # a huge capitals line that is not a heading
        b"x." + b" " * 300_000 + b"1",  # a long run of spaces after a full stop
        (b"ABABAB\xb8 ") * 30_000,  # many capitals-words to repair
        b"A\xb5" * 100_000,  # many capital + toned-lowercase pairs
        b"a\xf9" * 100_000,
    ],
    ids=["caps-line", "spaces", "caps-words", "cap-pairs", "vni-pairs"],
)
def test_pathological_inputs_stay_linear(data: bytes) -> None:
    """Quadratic regexes would hang here (the run is bounded by pytest-timeout)."""
    for decode in (le.decode_tcvn3, le.decode_vni, le.decode_cp1258, le.decode_legacy):
        try:
            out = decode(data)
        except UnicodeDecodeError:
            continue
        assert isinstance(out, str | tuple)


_VI_TEXT = st.text(
    alphabet=st.sampled_from(
        VI_LOWER + [c.upper() for c in VI_LOWER] + list("abcdeghiklmnopqrstuvxy ,.\n")
    ),
    max_size=200,
)


@settings(max_examples=200, deadline=None)
@given(_VI_TEXT)
def test_vni_and_cp1258_round_trip_any_vietnamese(text: str) -> None:
    assert le.decode_vni(le.encode_vni(text)) == text
    assert le.decode_cp1258(le.encode_cp1258(text)) == text


@settings(max_examples=200, deadline=None)
@given(_VI_TEXT)
def test_tcvn3_round_trip_any_lowercase_vietnamese(text: str) -> None:
    low = text.lower()
    assert le.decode_tcvn3(le.encode_tcvn3(low), repair_capitals=False) == low
