"""Lines: every line of a survey export checked against the encoding decided, as UTF-8 (逐行检查).

:func:`cxlib.decoding.decide` makes one decision from the start of the file; this module reads
the whole file once, a block of whole lines at a time (memory stays flat), and holds every line
to that decision: a line that does not decode is named; in a GB18030 file, a line that is valid
UTF-8 and reads as uncommon characters in GB18030 is UTF-8 text appended by another program
(上海 would become 涓婃捣, a second segment) and is named too (the decision's 90% share lets a
few such lines through, so each line is checked); a NUL byte is refused. ``--encoding mixed``
reads such a file line by line instead: UTF-8 where a line is valid UTF-8, GB18030 where it is
plausible Chinese. A file whose start is ASCII is decided at its first other line.

:class:`Text` gives the blocks as UTF-8 with LF line breaks (CR alone becomes LF), keeps them
in memory or writes them to a temporary UTF-8 file for a reader of files (DuckDB) when the file
is not UTF-8 already; temporary copies are removed by :func:`release` (the ``cx`` command
calls it on exit, on Ctrl-C and on SIGTERM).
"""

from __future__ import annotations

import codecs
import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from cxlib.decoding import (
    _UTF8,
    CUT_SHORT,
    ENCODING_HINT,
    SAMPLE,
    DecodeError,
    Encoding,
    _name,
    _uncommon,
    judge,
    plausible_chinese,
)

__all__ = ["LineError", "Text", "head", "release", "utf8"]

BLOCK = 4 * 2**20  # bytes read at a time
#: Temporary UTF-8 copies not yet removed.
_TEMPORARY: set[Path] = set()


class LineError(Exception):
    """A block of lines with a bad line: ``offset`` is the byte where it is found."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset, self.reason = offset, reason


def release(path: Path | None = None) -> None:
    """Remove a temporary UTF-8 copy (or all of them)."""
    for item in [path] if path is not None else list(_TEMPORARY):
        _TEMPORARY.discard(item)
        item.unlink(missing_ok=True)


class Text:
    """The whole file as checked UTF-8 blocks (LF line breaks), read once by iterating.

    After the iteration, ``encoding`` is the decision (settled if the start was ASCII),
    ``kept`` the text (with ``keep``) and ``source`` a UTF-8 file with the text: the file
    itself when it is UTF-8, else (with ``copy``) a temporary copy.
    """

    def __init__(self, path: Path, encoding: Encoding, *, keep: bool = False, copy: bool = False):
        self.path, self.encoding, self.copy = path, encoding, copy
        self._parts: list[bytes] | None = [] if keep else None
        self._target = None
        self.temporary: Path | None = None
        self._done = 0  # bytes of the file read (after any byte-order mark)

    def __iter__(self) -> Iterator[bytes]:
        try:
            for raw in blocks(self.path, self.encoding):
                block = self._check(raw)
                if self._parts is not None:
                    self._parts.append(block)
                if self._target is not None:
                    self._target.write(block)
                self._done += len(raw)
                yield block
            if self._target is not None:
                self._target.close()
        except BaseException:
            self.discard()
            raise

    def _check(self, raw: bytes) -> bytes:
        before = self.encoding
        self.encoding = settle(self.path, self.encoding, raw, self._done)
        if self.encoding is not before or (self._done == 0 and self._target is None):
            self._open()
        try:
            block = utf8(raw, self.encoding)
        except LineError as error:
            line = _line_number(self.path, self.encoding, self._done + max(error.offset, 0))
            raise DecodeError(f"{self.path}: line {line:,} {error.reason}") from None
        return block.replace(b"\r", b"\n") if self.encoding.newline == b"\r" else block

    @property
    def kept(self) -> bytes | None:
        return b"".join(self._parts) if self._parts is not None else None

    @property
    def source(self) -> Path | None:
        return self.temporary or (self.path if self.encoding.utf8 else None)

    def _open(self) -> None:
        """A temporary UTF-8 copy once the text is known not to be UTF-8 (what was read so far
        was ASCII: copied as it is)."""
        chosen = self.encoding
        if not self.copy or chosen.utf8 or chosen.pending or self._target is not None:
            return
        handle, name = tempfile.mkstemp(suffix=".csv", prefix="cx-utf8-")
        self.temporary = Path(name)
        _TEMPORARY.add(self.temporary)
        self._target = os.fdopen(handle, "wb")
        if self._done:
            with open(self.path, "rb") as source:
                source.seek(chosen.bom)
                self._target.write(source.read(self._done))

    def discard(self) -> None:
        """Remove the temporary copy (a failed or interrupted read)."""
        if self._target is not None:
            self._target.close()
        if self.temporary is not None:
            release(self.temporary)


def _line_number(path: Path, encoding: Encoding, offset: int) -> int:
    """Line of byte ``offset`` (after the byte-order mark): counted again, on failure only."""
    lines = 1
    with open(path, "rb") as handle:
        handle.seek(encoding.bom)
        while offset > 0:
            block = handle.read(min(BLOCK, offset))
            if not block:
                break
            lines += block.count(encoding.newline)
            offset -= len(block)
    return lines


def settle(path: Path, chosen: Encoding, raw: bytes, done: int) -> Encoding:
    """The decision a file whose start is ASCII waited for, at its first other block."""
    if not chosen.pending or raw.isascii():
        return chosen
    wide = next(i for i, b in enumerate(raw) if b > 0x7F)
    start = raw.rfind(chosen.newline, 0, wide) + 1
    line = _line_number(path, chosen, done + start)
    found = judge(path, raw[start : start + SAMPLE + 1], line, chosen.newline)
    return replace(found, bom=chosen.bom)


def head(path: Path, chosen: Encoding) -> tuple[bytes, bool, Encoding]:
    """The start of the text as UTF-8 (LF line breaks): 64 KB, more while its lines are few
    (a 3 MB answer on line 3 is read whole); whether that is the whole file; the decision."""
    parts, size, lines, done = [], 0, 0, 0
    try:
        for raw in blocks(path, chosen, size=SAMPLE):
            chosen = settle(path, chosen, raw, done)
            try:
                block = utf8(raw, chosen)
            except LineError as error:
                line = lines + raw.count(chosen.newline, 0, error.offset) + 1
                raise DecodeError(f"{path}: line {line:,} {error.reason}") from None
            if chosen.newline == b"\r":
                block = block.replace(b"\r", b"\n")
            parts.append(block)
            size, done = size + len(block), done + len(raw)
            lines += block.count(b"\n")
            if (size >= SAMPLE and lines >= 40) or size > 64 * 2**20:
                return b"".join(parts), False, chosen
    except LineError as error:
        raise DecodeError(f"{path}: {error.reason}") from None
    return b"".join(parts), True, chosen


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
            where = done + error.start
            raise LineError(-1, f"cannot be read as {name} (byte {where:,})") from None
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
            if error.end >= len(block) and error.reason == "unexpected end of data":
                raise LineError(error.start, CUT_SHORT) from None
            raise LineError(error.start, _not_utf8(_line_at(block, error.start))) from None
        return block
    if name == "mixed":
        return _mixed(block)
    try:
        text = block.decode(name)
    except UnicodeDecodeError as error:
        if error.end >= len(block) and "incomplete" in error.reason:
            raise LineError(error.start, CUT_SHORT) from None
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
