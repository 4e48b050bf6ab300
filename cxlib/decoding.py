"""Which text encoding a survey export is in, and whether a decode is plausible (编码识别).

Exports from Chinese survey platforms come as UTF-8, UTF-8 with a byte-order mark, or
GB18030/GBK. Decoding strictly tells UTF-8 apart, but almost any byte string decodes as GB18030:
Big5 (traditional Chinese) or Latin-1 text turns into mojibake without an error. So a GB18030
decode is accepted only when it looks like Chinese text: :func:`plausible_chinese`.

The test (a frequency check, hand-made for this project): real Chinese text is written almost
entirely with the 3,755 level-1 characters of GB 2312 (国标一级字, chosen by frequency of use; they
cover about 99.7% of running modern text), common punctuation and full-width forms. Bytes of
another encoding read as GB18030 land all over the 27,000 characters of GBK and GB18030's
four-byte area. A decode is implausible when fewer than 90% of its non-ASCII characters are
in that common set.
"""

from __future__ import annotations

import codecs
from functools import cache
from pathlib import Path

__all__ = ["DecodeError", "common_share", "decode_head", "plausible_chinese", "stream_check"]

SAMPLE = 65536  # bytes looked at to decide the encoding
THRESHOLD = 0.9
ENCODING_HINT = (
    "pass --encoding (for example --encoding big5 for traditional Chinese, "
    "--encoding latin-1 or cp1252 for Western European text)"
)


class DecodeError(ValueError):
    """Text that cannot be decoded as asked or detected: the message says what to do."""


@cache
def _common() -> frozenset[str]:
    """GB 2312 level-1 characters, its symbol rows (1-9, full-width forms) and CJK punctuation."""
    found = set()
    rows = [*range(0xA1, 0xAA), *range(0xB0, 0xD8)]  # symbols; level-1 characters 0xB0A1-0xD7F9
    for lead in rows:
        pairs = bytes(b for trail in range(0xA1, 0xFF) for b in (lead, trail))
        found.update(pairs.decode("gb2312", errors="ignore"))
    found.update(
        "\u3000、。〈〉《》「」『』【】〔〕…—～·“”‘’！＂＃％＆（）＊＋，－．／：；＜＝＞？［］｛｝┋"
    )
    found.update(chr(c) for c in range(0xFF10, 0xFF1A))  # full-width digits
    found.update(chr(c) for c in range(0xFF21, 0xFF5B))  # full-width letters
    return frozenset(found)


def common_share(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are common Chinese (1.0 if none).

    Examples
    --------
    >>> common_share("推荐意愿,城市\\n9,上海\\n")
    1.0
    >>> round(common_share("Z黵ich,M黱chen"), 2)  # Latin-1 bytes read as GB18030
    0.0
    """
    wide = [c for c in text if ord(c) > 0x7F]
    if not wide:
        return 1.0
    common = _common()
    return sum(c in common for c in wide) / len(wide)


def plausible_chinese(text: str) -> bool:
    """Whether a GB18030 decode looks like Chinese text rather than another encoding's bytes.

    Examples
    --------
    >>> plausible_chinese("评分,城市\\n10,北京\\n")
    True
    >>> plausible_chinese("台北,滿意".encode("big5").decode("gb18030"))
    False
    """
    return common_share(text) >= THRESHOLD


def decode_head(head: bytes, complete: bool, path: Path, encoding: str | None) -> tuple[str, str]:
    """Decode the first bytes of a file; return the text and the encoding that fits.

    ``complete`` says the bytes are the whole file (else a character cut at the end is fine).
    Tried in order: the given ``encoding``; a UTF-16 byte-order mark (refused, naming
    ``--encoding utf-16``); UTF-8 with BOM; UTF-8; GB18030 if :func:`plausible_chinese`.

    Raises
    ------
    DecodeError
        Undecodable or implausible text, with the option that fixes it.

    Examples
    --------
    >>> decode_head("评分\\n9\\n".encode("gbk"), True, Path("a.csv"), None)
    ('评分\\n9\\n', 'gb18030')
    >>> try:
    ...     decode_head("Zürich\\n".encode("latin-1"), True, Path("a.csv"), None)
    ... except DecodeError as error:
    ...     print(str(error).split(";")[0])
    a.csv: the text is not UTF-8, and read as GB18030 it is not plausible Chinese (line 1: 'Z黵ich')
    """
    if encoding is not None:
        try:
            return _decode(head, encoding, complete), encoding
        except UnicodeDecodeError as error:
            line = head.count(b"\n", 0, error.start) + 1
            raise DecodeError(f"{path}: line {line} cannot be read as {encoding}") from None
        except LookupError:
            raise DecodeError(f"{path}: unknown encoding {encoding!r} (--encoding)") from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DecodeError(
            f"{path}: the file starts with a UTF-16 byte-order mark; pass --encoding utf-16 "
            "(or save it as UTF-8)"
        )
    if head.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gb18030")
    for candidate in candidates:
        try:
            text = _decode(head, candidate, complete)
        except UnicodeDecodeError:
            continue
        if candidate == "gb18030" and not plausible_chinese(text):
            raise DecodeError(
                f"{path}: the text is not UTF-8, and read as GB18030 it is not plausible "
                f"Chinese ({_worst_line(text)}); {ENCODING_HINT}"
            )
        return text, candidate
    if head.count(b"\x00") > len(head) // 4:
        raise DecodeError(f"{path}: the text looks like UTF-16; pass --encoding utf-16")
    raise DecodeError(f"{path}: the text is neither UTF-8 nor GB18030/GBK; {ENCODING_HINT}")


def _decode(raw: bytes, encoding: str, complete: bool) -> str:
    """Strict decode; an incomplete character at the end is allowed unless ``complete``."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    return decoder.decode(raw, final=complete)


def _worst_line(text: str) -> str:
    """The first line with an uncommon character, for the message."""
    common = _common()
    for number, line in enumerate(text.splitlines()[:200], start=1):
        if any(ord(c) > 0x7F and c not in common for c in line):
            return f"line {number}: {line[:40]!r}"
    return "uncommon characters"  # pragma: no cover - only reached when the share is borderline


def stream_check(
    path: Path, encoding: str, out: Path | None = None, chunk: int = 4 * 2**20
) -> None:
    """Decode a whole file in chunks (memory stays flat); optionally write it as UTF-8 to ``out``.

    Raises
    ------
    DecodeError
        The first undecodable byte, with its line: the start of the file is in one encoding and
        a later part is not (a file that mixes encodings).
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    lines, done = 0, 0
    target = open(out, "w", encoding="utf-8", newline="") if out else None
    try:
        with open(path, "rb") as source:
            while True:
                block = source.read(chunk)
                try:
                    text = decoder.decode(block, final=not block)
                except UnicodeDecodeError as error:
                    line = lines + block.count(b"\n", 0, max(error.start, 0)) + 1
                    raise mixed(path, encoding, line) from None
                if target is not None:
                    target.write(text)
                if not block:
                    return
                lines += block.count(b"\n")
                done += len(block)
    finally:
        if target is not None:
            target.close()


def mixed(path: Path, encoding: str, line: int) -> DecodeError:
    """The message for a file whose start decodes and a later line does not."""
    name = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GB18030"}.get(encoding, encoding)
    return DecodeError(
        f"{path}: line {line:,} is not {name} although the start of the file is (the file mixes "
        f"encodings?); save it in one encoding, or {ENCODING_HINT}"
    )
