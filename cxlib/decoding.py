"""Bytes to text: which encoding a survey export is in, decided once and checked on every line
(编码识别).

Exports from Chinese survey platforms come as UTF-8, UTF-8 with a byte-order mark, or
GB18030/GBK. Decoding strictly tells UTF-8 apart, but almost any byte string decodes as GB18030:
Big5 (traditional Chinese) or Latin-1 text turns into mojibake without an error, and so does
UTF-8 text read as GB18030 (上海 becomes 涓婃捣). So:

- :func:`decide` makes the one decision from the first 64 KB that hold text other than ASCII
  (a file whose first lines are ASCII is judged by its first Chinese lines, not by them): UTF-8
  if that decodes, else GB18030 if it is plausible Chinese (:func:`plausible_chinese`), else a
  refusal asking for ``--encoding``. A ZIP (an ``.xlsx`` named ``.csv``), an old ``.xls`` and
  UTF-16 are recognised by their first bytes.
- :func:`utf8` then checks every block of lines against that decision: a line that does not
  decode is named; in a GB18030 file, a line that is valid UTF-8 and reads as uncommon
  characters in GB18030 is UTF-8 text appended by another program and is named too (the
  90% share of the first test lets a few such lines through, so each line is checked); a NUL
  byte is refused. ``--encoding mixed`` reads such a file line by line, UTF-8 where a line is
  valid UTF-8, GB18030 where it is plausible Chinese.

The plausibility test (a frequency check, hand-made for this project): real Chinese text is
written almost entirely with the 3,755 level-1 characters of GB 2312 (国标一级字, chosen by
frequency of use; they cover about 99.7% of running modern text), common punctuation and
full-width forms. Bytes of another encoding read as GB18030 land all over the 27,000
characters of GBK and GB18030's four-byte area. A decode is implausible when fewer than 90% of
its non-ASCII characters are in that common set.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "DecodeError",
    "Encoding",
    "LineError",
    "blocks",
    "common_share",
    "decide",
    "judge",
    "plausible_chinese",
    "utf8",
]

SAMPLE = 65536  # bytes looked at to decide the encoding
BLOCK = 4 * 2**20  # bytes read at a time
THRESHOLD = 0.9
ENCODING_HINT = (
    "pass --encoding (for example --encoding big5 for traditional Chinese, "
    "--encoding latin-1 or cp1252 for Western European text)"
)
_UTF8 = ("utf-8", "utf-8-sig")
_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Encodings whose bytes 0x00-0x7F are ASCII and never occur inside a character: their lines
#: can be cut at a line-feed byte.
_ASCII_SAFE = ("utf-8", "gb18030", "gbk", "gb2312", "big5", "latin-1", "cp1252", "shift_jis")


class DecodeError(ValueError):
    """Text that cannot be decoded as asked or detected: the message says what to do."""


class LineError(Exception):
    """A block of lines with a bad line: ``offset`` is the byte where it is found."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset, self.reason = offset, reason


@dataclass(frozen=True)
class Encoding:
    """The decision: how the bytes of one file become text."""

    name: str  # Python codec, or "mixed" (per line: UTF-8, else GB18030)
    bom: int = 0  # bytes of a byte-order mark at the start, skipped
    newline: bytes = b"\n"  # b"\r" for a file whose lines end with CR alone (old Mac)
    ascii_safe: bool = True  # lines can be cut at a line-feed byte before decoding
    pending: bool = False  # the start is ASCII: decided at the first other line (:func:`judge`)

    @property
    def utf8(self) -> bool:
        """The bytes are UTF-8 already (readers can read the file itself)."""
        return self.name in _UTF8 and self.newline == b"\n"


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


@cache
def _uncommon() -> re.Pattern[str]:
    """A character that is neither ASCII nor common Chinese."""
    members = "".join(re.escape(c) for c in sorted(_common()))
    return re.compile(f"[^\\x00-\\x7f{members}]")


def common_share(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are common Chinese (1.0 if none).

    Examples
    --------
    >>> common_share("推荐意愿,城市\\n9,上海\\n")
    1.0
    >>> round(common_share("Z黵ich,M黱chen"), 2)  # Latin-1 bytes read as GB18030
    0.0
    """
    wide = sum(1 for c in text if ord(c) > 0x7F)
    if not wide:
        return 1.0
    return 1 - len(_uncommon().findall(text)) / wide


def plausible_chinese(text: str) -> bool:
    """Whether a GB18030 decode looks like Chinese text rather than another encoding's bytes.

    Examples
    --------
    >>> plausible_chinese("评分,城市\\n10,北京\\n")
    True
    >>> plausible_chinese("台北,滿意".encode("big5").decode("gb18030"))
    False
    >>> plausible_chinese("上海".encode("utf-8").decode("gb18030"))  # 涓婃捣
    False
    """
    return common_share(text) >= THRESHOLD


def _name(encoding: str) -> str:
    return {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GB18030 (GBK)"}.get(
        encoding, encoding
    )


def decide(path: Path, encoding: str | None = None) -> Encoding:
    """Decide how the file's bytes become text (see the module's description).

    Raises
    ------
    DecodeError
        An Excel file, UTF-16 without ``--encoding``, text that is neither UTF-8 nor plausible
        GB18030, an unknown ``--encoding``; the message names the line and the fix.

    Examples
    --------
    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = file.write_bytes(("score,city\\n" * 9000 + "9,上海\\n").encode("gbk"))
    >>> decide(file).pending  # the first 64 KB are ASCII: judged by the first Chinese line
    True
    """
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE + 1)
    newline = b"\r" if b"\n" not in head[:SAMPLE] and b"\r" in head else b"\n"
    if head.startswith(_ZIP):
        raise DecodeError(
            f"{path}: this is a ZIP file, not text: an Excel workbook (.xlsx) named "
            f"{path.suffix or 'without .xlsx'}? rename it to .xlsx (or save it as CSV)"
        )
    if head.startswith(_OLE):
        raise DecodeError(
            f"{path}: this is an old Excel workbook (.xls), not text; save it as .xlsx or as "
            "'CSV UTF-8' and read that"
        )
    if encoding is not None:
        if encoding.lower() == "mixed":
            return Encoding("mixed", 3 if head.startswith(codecs.BOM_UTF8) else 0, newline)
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise DecodeError(f"{path}: unknown encoding {encoding!r} (--encoding)") from None
        safe = name.replace("iso8859-1", "latin-1") in _ASCII_SAFE or name.startswith("cp")
        return Encoding(name, 0, newline, safe)
    for bom in (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            wide = "utf-32" if len(bom) == 4 else "utf-16"
            raise DecodeError(
                f"{path}: the file starts with a {wide.upper()} byte-order mark; pass "
                f"--encoding {wide} (or save it as UTF-8)"
            )
    if head.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8-sig", 3, newline)
    if head.isascii():
        # every encoding considered reads ASCII alike: the decision waits for the first line
        # that is not ASCII (:func:`judge`, called by the scan of the whole file)
        return Encoding("utf-8", 0, newline, pending=len(head) > SAMPLE)
    return judge(path, head, 1, newline)


def judge(path: Path, sample: bytes, first_line: int, newline: bytes = b"\n") -> Encoding:
    """The decision from a sample starting at line ``first_line``: UTF-8 if it decodes, else
    GB18030 if plausible Chinese, else a refusal (see the module's description).

    Examples
    --------
    >>> judge(Path("a.csv"), "9,上海\\n".encode("gbk"), 20_001).name
    'gb18030'
    >>> try:
    ...     judge(Path("a.csv"), "9,Zürich\\n".encode("latin-1"), 20_001)
    ... except DecodeError as error:
    ...     print(str(error).split(" (")[1].split(")")[0])
    line 20001: '9,Z黵ich'
    """
    complete = len(sample) <= SAMPLE
    sample = sample[:SAMPLE]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return Encoding("utf-8", 0, newline)
    except UnicodeDecodeError:
        pass
    if sample.count(b"\x00") > len(sample) // 4:
        raise DecodeError(f"{path}: the text looks like UTF-16; pass --encoding utf-16")
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(sample, final=complete)
    except UnicodeDecodeError as error:
        line = first_line + sample.count(newline, 0, error.start)
        raise DecodeError(
            f"{path}: line {line:,} is neither UTF-8 nor GB18030 (GBK); {ENCODING_HINT}"
        ) from None
    if not plausible_chinese(text):
        raise DecodeError(
            f"{path}: the text is not UTF-8, and read as GB18030 it is not plausible Chinese "
            f"({_worst_line(text, first_line)}); {ENCODING_HINT}"
        )
    return Encoding("gb18030", 0, newline)


def _worst_line(text: str, first: int = 1) -> str:
    """The first line with an uncommon character, for the message."""
    for number, line in enumerate(text.splitlines()[:200], start=first):
        if _uncommon().search(line):
            return f"line {number}: {line[:40]!r}"
    return "uncommon characters"  # pragma: no cover - only reached when the share is borderline


def blocks(path: Path, encoding: Encoding, size: int = BLOCK) -> Iterator[bytes]:
    """The file's bytes after any byte-order mark, in blocks of whole lines (the last may lack
    its line break). Encodings whose lines cannot be cut at a byte are decoded first."""
    with open(path, "rb") as handle:
        handle.seek(encoding.bom)
        if not encoding.ascii_safe:
            yield from _decoded_blocks(handle, encoding.name, size)
            return
        carry = b""
        while block := handle.read(size):
            data = carry + block if carry else block
            cut = data.rfind(encoding.newline) + 1
            if cut == 0:
                carry = data  # a line longer than a block: read on
                continue
            carry = data[cut:]
            yield data[:cut]
        if carry:
            yield carry


def _decoded_blocks(handle, name: str, size: int) -> Iterator[bytes]:
    """UTF-16/32 and the like, decoded incrementally and yielded as UTF-8 lines."""
    decoder = codecs.getincrementaldecoder(name)(errors="strict")
    carry, done = "", 0
    while True:
        block = handle.read(size)
        try:
            text = carry + decoder.decode(block, final=not block)
        except UnicodeDecodeError as error:
            raise LineError(-1, f"cannot be read as {name} (byte {done + error.start:,})") from None
        done += len(block)
        cut = text.rfind("\n") + 1 if block else len(text)
        carry = text[cut:]
        if cut:
            yield text[:cut].encode("utf-8")
        if not block:
            return


def utf8(block: bytes, encoding: Encoding) -> bytes:
    """A block of whole lines checked against the decision and given as UTF-8.

    Raises
    ------
    LineError
        A NUL byte, a line that does not decode, or (in a GB18030 file) a line of UTF-8 text;
        its ``offset`` is where in the block, so that the caller can name the line.

    Examples
    --------
    >>> gbk = Encoding("gb18030")
    >>> utf8("9,上海\\n".encode("gbk"), gbk).decode()
    '9,上海\\n'
    >>> try:
    ...     utf8("9,上海\\n".encode("gbk") + "7,上海\\n".encode("utf-8"), gbk)
    ... except LineError as error:
    ...     print(error.offset, error.reason.split(":")[0])
    7 is UTF-8 text ('7,上海') although the file is GB18030 (GBK)
    """
    if b"\x00" in block:
        raise LineError(
            block.index(b"\x00"),
            "has a NUL byte (\\0): the file holds binary data, or is UTF-16 (--encoding utf-16)",
        )
    if not encoding.ascii_safe or block.isascii():
        return block
    name = encoding.name
    if name in _UTF8:
        try:
            block.decode("utf-8")
        except UnicodeDecodeError as error:
            raise LineError(error.start, _not_utf8(_line_at(block, error.start))) from None
        return block
    if name == "mixed":
        return _mixed(block)
    try:
        text = block.decode(name)
    except UnicodeDecodeError as error:
        raise LineError(error.start, f"cannot be read as {_name(name)}") from None
    if name == "gb18030":
        _utf8_lines(block, text)
    return text.encode("utf-8")


def _line_at(block: bytes, offset: int) -> bytes:
    start = block.rfind(b"\n", 0, offset) + 1
    end = block.find(b"\n", offset)
    return block[start : end if end >= 0 else len(block)]


def _not_utf8(line: bytes) -> str:
    """Why a line of a UTF-8 file does not decode, with the fix."""
    try:
        text = line.decode("gb18030")
    except UnicodeDecodeError:
        return f"is not UTF-8 although the start of the file is; {ENCODING_HINT}"
    if plausible_chinese(text):
        return (
            f"is GB18030 (GBK) text ({text.strip()[:30]!r}) although the file is UTF-8: the "
            "file mixes encodings (two programs wrote to it?); save it in one encoding, or "
            "pass --encoding mixed to read each line in the encoding it is valid in"
        )
    return (
        "is not UTF-8 although the start of the file is (the file mixes encodings?); "
        f"{ENCODING_HINT}"
    )


def _utf8_lines(block: bytes, text: str) -> None:
    """In a GB18030 block, refuse the first line that is UTF-8 text read as mojibake.

    Only lines with an uncommon character are looked at (GB18030 keeps every line feed where
    the bytes have it, so text lines and byte lines correspond one to one).
    """
    position, number, seen, start = 0, 0, -1, 0
    for found in _uncommon().finditer(text):
        ahead = text.count("\n", position, found.start())
        position = found.start()
        for _ in range(ahead):
            start = block.index(b"\n", start) + 1
        number += ahead
        if number == seen:
            continue
        seen = number
        line = _line_at(block, start)
        try:
            shown = line.decode("utf-8").strip()
        except UnicodeDecodeError:
            continue  # a rare character of GBK, not UTF-8
        raise LineError(
            start,
            f"is UTF-8 text ({shown[:30]!r}) although the file is GB18030 (GBK): read as GBK it "
            f"would be {line.decode('gb18030').strip()[:30]!r}; the file mixes encodings (two "
            "programs wrote to it?); save it in one encoding, or pass --encoding mixed to read "
            "each line in the encoding it is valid in",
        )


def _gb_line(line: bytes, offset: int) -> str:
    """A line of a ``mixed`` file that is not UTF-8: GB18030 if it is plausible Chinese."""
    try:
        text = line.decode("gb18030")
    except UnicodeDecodeError:
        raise LineError(offset, "is neither UTF-8 nor GB18030 (GBK)") from None
    if _uncommon().search(text):
        raise LineError(
            offset,
            f"is neither UTF-8 nor plausible GB18030 (GBK) text ({text.strip()[:30]!r}); "
            f"{ENCODING_HINT}",
        )
    return text


def _mixed(block: bytes) -> bytes:
    """``--encoding mixed``: each line UTF-8 where valid, else GB18030 if plausible Chinese."""
    try:
        block.decode("utf-8")
        return block
    except UnicodeDecodeError:
        pass
    out, offset = [], 0
    pieces = block.split(b"\n")
    for number, piece in enumerate(pieces):
        line = piece + b"\n" if number < len(pieces) - 1 else piece
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            line = _gb_line(line, offset).encode("utf-8")
        out.append(line)
        offset += len(piece) + 1
    return b"".join(out)
