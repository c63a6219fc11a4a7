"""Turn what people type for a document symbol into the ``symbol_key`` values the graph stores.

The graph contract (graph_schema/README.md) stores on every ``Document`` a lookup key
``symbol_key``: the *normalised* symbol (``ingest.symbols.normalize_symbol``) upper-cased, with
``Đ`` → ``D`` and no spaces (``108/2014/NĐ-CP`` → ``108/2014/ND-CP``). :func:`symbol_key` computes
exactly that; :func:`lookup_keys` first normalises user input (``nq 18-nq/tw``, ``18 NQ/TW``,
``18-nq/tw``) and then yields the key, followed by *separator variants* (``18/NQ-TW`` for
``18-NQ/TW`` and the reverse), which the API tries only when the exact key finds nothing: people
often swap the hyphen and the slash of Party symbols.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata

logger = logging.getLogger(__name__)

MAX_SYMBOL_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_NUMBER_SPACE_CODE = re.compile(r"^(\D{0,20}?\d+)\s+(?=[^\W\d_])")
_SEPARATORS = re.compile(r"[-/]")
_MAX_VARIANT_SEPARATORS = 4
SAFE_KEY = re.compile(r"^[0-9A-Z][0-9A-Z./_()-]{0,99}$")
"""Shape of a key that is safe to show as a Cypher string literal (``vanban browse``)."""


def symbol_key(symbol: str) -> str:
    """The stored lookup key of a normalised symbol: upper case, ``Đ`` → ``D``, no spaces."""
    text = unicodedata.normalize("NFC", symbol)
    text = text.replace("Đ", "D").replace("đ", "D").replace("Ð", "D")
    return _SPACES.sub("", text).upper()


def _normalize(typed: str) -> str | None:
    try:
        from ingest.symbols import normalize_symbol
    except ImportError:  # extractor not installed: fall back to the raw key
        return None
    try:
        return normalize_symbol(typed)
    except Exception:  # the parser is someone else's: a crash on odd input is a miss, not a 500
        logger.warning("normalize_symbol failed on %r", typed[:80], exc_info=True)
        return None


def clean_typed(typed: str) -> str:
    """NFC, control characters dropped, runs of whitespace collapsed, trimmed."""
    text = unicodedata.normalize("NFC", typed)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalized_symbol(typed: str) -> str | None:
    """The normalised symbol of what a person typed, or None when it holds no symbol.

    Besides what ``ingest.symbols.normalize_symbol`` accepts, a space between the number and the
    codes stands for the hyphen (``18 NQ/TW`` → ``18-NQ/TW``).
    """
    text = clean_typed(typed)[:MAX_SYMBOL_CHARS]
    if not text:
        return None
    found = _normalize(text)
    if found is None:
        hyphenated = _NUMBER_SPACE_CODE.sub(r"\1-", text, count=1)
        if hyphenated != text:
            found = _normalize(hyphenated)
    return found


def separator_variants(key: str) -> list[str]:
    """The key with its ``-``/``/`` separators permuted (the key itself excluded)."""
    seps = [m.start() for m in _SEPARATORS.finditer(key)]
    if not seps or len(seps) > _MAX_VARIANT_SEPARATORS:
        return []
    out: list[str] = []
    chars = list(key)
    for combo in itertools.product("-/", repeat=len(seps)):
        for pos, sep in zip(seps, combo, strict=True):
            chars[pos] = sep
        variant = "".join(chars)
        if variant != key and variant not in out:
            out.append(variant)
    return out


def lookup_keys(typed: str) -> tuple[str, list[str]]:
    """``(exact key, fallback keys)`` for a typed symbol. The exact key is never empty for
    non-blank input: text that holds no recognisable symbol is keyed as typed (and simply
    matches nothing)."""
    norm = normalized_symbol(typed)
    key = symbol_key(norm if norm is not None else clean_typed(typed)[:MAX_SYMBOL_CHARS])
    return key, separator_variants(key)
