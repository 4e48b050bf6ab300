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
- :mod:`cxlib.lines` then checks every line of the file against that decision (a UTF-8 line
  in a GB18030 file, a GB18030 line in a UTF-8 one, a NUL byte), or reads a file of both line
  by line when asked (``--encoding mixed``).

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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["DecodeError", "Encoding", "common_share", "decide", "judge", "plausible_chinese"]

SAMPLE = 65536  # bytes looked at to decide the encoding
BLOCK = 4 * 2**20  # bytes read at a time
THRESHOLD = 0.9
CUT_SHORT = (
    "ends in the middle of a character: the file was cut short (is it still being written?); "
    "wait until it is complete, or export it again"
)
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
    except UnicodeDecodeError as error:
        cut = error.reason == "unexpected end of data" and error.end >= len(sample)
        if cut and sample[: error.start].isascii() is False:  # UTF-8 up to a cut character
            line = first_line + sample.count(newline, 0, error.start)
            raise DecodeError(f"{path}: line {line:,} {CUT_SHORT}") from None
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
