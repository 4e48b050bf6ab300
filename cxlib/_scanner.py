"""The plain-CSV scanner of :mod:`cxlib.records`: NumPy over blocks of bytes (memory flat).

Every quote is checked where it stands, delimiters and line feeds are counted outside quotes,
and each row's line in the file is kept as a few jumps (blank lines, quoted line breaks), not a
number per row; a block of rows as wide as the header without quotes takes a fast path of a
few C-speed byte operations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["RecordError", "Rows", "Scanner"]

QUOTE, LF, CR = ord('"'), ord("\n"), ord("\r")
#: Bytes that leave a field blank (a trailing ``, ,""`` holds no answer).
_BLANK = np.zeros(256, dtype=bool)
_BLANK[[ord(c) for c in ' \t\r\n"']] = True
_EMPTY = np.zeros(0, dtype=np.int64)


class RecordError(ValueError):
    """Text that is not plain CSV: the message names the line and what to change."""


@dataclass
class Rows:
    """What a scan found: rows, their lines, the widest and the longest.

    Rows are counted from the start of the text, an empty line being a row of its own (as
    pandas' ``skiprows`` and DuckDB's ``skip`` count them); a row with line breaks inside
    quotes is one row.
    """

    rows: int = 0  # rows, empty lines included
    lines: int = 0  # lines of the text
    fields: int = 1  # fields of the widest row
    longest: int = 0  # bytes of the longest row
    multiline: bool = False  # some quoted answer holds a line break
    empty: np.ndarray = field(default_factory=lambda: _EMPTY)  # rows that are empty lines
    widths: np.ndarray | None = None  # fields of each row (kept for the start of a file)
    ends: np.ndarray | None = None  # byte offset after each row (kept with widths)
    jump_rows: np.ndarray = field(default_factory=lambda: _EMPTY)  # where a row's line jumps
    jump_shift: np.ndarray = field(default_factory=lambda: _EMPTY)  # line - row - 1 from there

    def line(self, rows: np.ndarray | list[int]) -> np.ndarray:
        """Line in the file (1-based) of each row (0-based, empty lines counted).

        Examples
        --------
        >>> scanner = Scanner(b",")
        >>> scanner.feed(b'a,b\\n1,"x\\ny"\\n\\n2,z\\n')
        >>> scanner.finish().line([0, 1, 2, 3]).tolist()
        [1, 2, 4, 5]
        """
        rows = np.asarray(rows, dtype=np.int64)
        if not len(self.jump_rows):
            return rows + 1
        where = np.searchsorted(self.jump_rows, rows, side="right") - 1
        shift = np.where(where >= 0, self.jump_shift[np.maximum(where, 0)], 0)
        return rows + 1 + shift

    def nonempty(self, start: int, ranks: np.ndarray | list[int]) -> np.ndarray:
        """Rows of the ``ranks``-th (0-based) non-empty rows from row ``start`` on.

        DuckDB numbers the rows it reads without the empty lines; this maps them back.

        Examples
        --------
        >>> Rows(rows=6, empty=np.array([2, 3])).nonempty(1, [0, 1, 2]).tolist()
        [1, 4, 5]
        """
        ranks = np.asarray(ranks, dtype=np.int64)
        empty = self.empty[self.empty >= start] - start
        gaps = empty - np.arange(len(empty))  # non-empty rows before each empty one
        return start + ranks + np.searchsorted(gaps, ranks, side="right")


class Scanner:
    """Scan CSV text block by block (each block ends at a line break, except the last).

    Parameters
    ----------
    delimiter : bytes
        One byte, or empty for a file of one column (a quote then only opens a row).
    width : int, optional
        Fields of the header: a row from ``data_row`` on with a non-blank field beyond them
        is counted and refused at :meth:`finish` (the first one's line named).
    data_row : int
        First row of answers.
    keep : bool
        Keep each row's width and end (for the start of a file, to choose the delimiter).

    Examples
    --------
    >>> scanner = Scanner(b",", width=2, data_row=1)
    >>> scanner.feed(b'score,city\\n10,"Shanghai, Pudong"\\n9,Beijing,\\n')
    >>> rows = scanner.finish()
    >>> rows.rows, rows.fields, rows.line([2]).tolist()
    (3, 3, [3])
    >>> try:
    ...     Scanner(b",").feed(b'score,city\\n10, "Shanghai, Pudong"\\n')
    ... except RecordError as error:
    ...     print(str(error).split(";")[0])
    line 2: a quote in the middle of a field (after ' '): '10, "Shanghai, Pudong"'
    """

    def __init__(
        self, delimiter: bytes, *, width: int | None = None, data_row: int = 0, keep: bool = False
    ) -> None:
        self.delimiter = delimiter[0] if delimiter else -1
        self._blank = _BLANK.copy()
        if self.delimiter >= 0:
            self._blank[self.delimiter] = True
        self.width = width
        self.data_row = data_row
        self.keep = keep
        self.out = Rows()
        self._inside = False  # inside quotes at the end of the last block
        self._last = LF  # the byte before this block
        self._fields = 0  # delimiters of the row still open
        self._length = 0  # bytes of the row still open
        self._start_line = 1  # line where the open row started
        self._shift = 0  # line - row - 1 of the last row
        self._content = False  # the open row already has a value beyond the header
        self._widths: list[np.ndarray] = []
        self._ends: list[np.ndarray] = []
        self._empty: list[np.ndarray] = []
        self._jumps: list[tuple[np.ndarray, np.ndarray]] = []
        self._offset = 0  # bytes before this block
        self._delete: bytes | None = None  # bytes other than the separators (fast path)
        self._unit = b""  # the separators of one row as wide as the header
        self.beyond = 0  # rows with values beyond the header
        self.beyond_line = 0  # line of the first one

    # -- one block ------------------------------------------------------------------------
    def feed(self, block: bytes) -> None:
        """Scan one block; raise :class:`RecordError` at the first quote or CR out of place."""
        if not block or (not self._inside and b'"' not in block and self._plain(block)):
            return
        a = np.frombuffer(block, dtype=np.uint8)
        n = len(a)
        inside = self._quotes(a, block) if self._inside or b'"' in block else None
        is_sep = a == LF
        if self.delimiter >= 0:
            is_sep |= a == self.delimiter
        if inside is not None:
            is_sep &= ~inside
        if b"\r" in block:
            self._carriage_returns(a, inside)
        seps = np.flatnonzero(is_sep)
        is_end = a[seps] == LF
        ends = seps[is_end]  # row ends (line feeds outside quotes)
        at = np.flatnonzero(is_end)  # their places among the separators
        if inside is None:
            breaks = ends
        else:
            breaks = np.flatnonzero(a == LF)
            if len(breaks) > len(ends) or (b"\r" in block and (inside & (a == CR)).any()):
                self.out.multiline = True  # a line break (LF or CR) inside a quoted answer
        count = len(ends)
        if count:
            delimiters = np.diff(at, prepend=-1) - 1
            delimiters[0] += self._fields
            widths = delimiters + 1
            starts = np.concatenate([[-self._length], ends[:-1] + 1])
            lengths = ends - starts
            if inside is None:
                lines = self.out.lines + np.arange(1, count + 1)
                lines[0] = self._start_line
            else:
                lines = self.out.lines + 1 + np.searchsorted(breaks, np.maximum(starts, 0))
                lines[0] = self._start_line
            self._rows(a, seps, at, starts, ends, widths, lengths, lines)
            self._content = False
            tail = seps[at[-1] + 1 :]
            self._fields = len(tail)
            self._length = n - ends[-1] - 1
            self._start_line = self.out.lines + int(np.searchsorted(breaks, ends[-1], "right")) + 1
        else:
            tail = seps
            self._length += n
        if self._length and self.width is not None:  # a row goes on in the next block
            self._open_row(a, tail, self._fields if not count else 0)
        if not count:
            self._fields += len(seps)
        self.out.lines += len(breaks)
        self._last = int(a[-1])
        self._offset += n

    def _plain(self, block: bytes) -> bool:
        """The common block, checked with a few C-speed byte operations: no quotes, every row
        exactly as wide as the header, CR only before LF, none longer than 2 MB. False: scan
        it in full (which also finds what is wrong)."""
        width = self.width
        if self.keep or width is None or width < 2 or self._length or self.delimiter < 0:
            return False
        if self.out.rows < self.data_row or block[-1:] != b"\n":
            return False
        if self._delete is None:
            keep = {self.delimiter, LF}
            self._delete = bytes(b for b in range(256) if b not in keep)
            self._unit = bytes([self.delimiter]) * (width - 1) + b"\n"
        separators = block.translate(None, self._delete)
        rows = len(separators) // width
        if separators != self._unit * rows:
            return False
        if b"\r" in block and block.count(b"\r") != block.count(b"\r\n"):
            return False
        piece = 2**20  # every MB holds a line break: no row reaches 2 MB
        if not all(block.find(b"\n", i, i + piece) >= 0 for i in range(0, len(block), piece)):
            return False
        out = self.out
        shift = out.lines - out.rows
        if shift != self._shift:
            self._jumps.append((np.array([out.rows]), np.array([shift])))
            self._shift = shift
        out.rows += rows
        out.lines += rows
        out.fields = max(out.fields, width)
        out.longest = max(out.longest, min(len(block), 2 * piece))
        self._start_line = out.lines + 1
        self._last = LF
        self._offset += len(block)
        return True

    def _quotes(self, a: np.ndarray, block: bytes) -> np.ndarray:
        """Check every quote is where plain CSV puts it; return the inside-quotes mask."""
        quotes = np.flatnonzero(a == QUOTE)
        before = (np.arange(len(quotes)) & 1).astype(bool) ^ self._inside  # inside before it
        opening, closing = quotes[~before], quotes[before]
        problems = []
        if len(opening):
            prev = np.where(opening > 0, a[np.maximum(opening - 1, 0)], self._last)
            after_close = np.isin(opening - 1, closing)
            good = (prev == LF) | after_close
            if self.delimiter >= 0:
                good |= prev == self.delimiter
            if not good.all():
                place = int(opening[~good][0])
                problems.append((place, "a quote in the middle of a field", place - 1))
        if len(closing):
            after = closing + 1
            nxt = np.where(after < len(a), a[np.minimum(after, len(a) - 1)], LF)
            good = (nxt == LF) | (nxt == CR) | (nxt == QUOTE)
            if self.delimiter >= 0:
                good |= nxt == self.delimiter
            if not good.all():
                place = int(closing[~good][0])
                problems.append((place, "text after the quote that closes a field", place + 1))
        if problems:
            self._fail(block, *min(problems))
        toggles = np.zeros(len(a), dtype=np.uint8)
        toggles[quotes] = 1
        inside = (np.cumsum(toggles, dtype=np.uint8) & 1).astype(bool)
        if self._inside:
            inside = ~inside
        self._inside = bool(len(quotes) % 2) ^ self._inside
        return inside

    def _carriage_returns(self, a: np.ndarray, inside: np.ndarray | None) -> None:
        """A CR outside quotes must end a line (CRLF); one inside an answer is kept."""
        crs = np.flatnonzero(a == CR)
        if inside is not None:
            crs = crs[~inside[crs]]
        following = crs + 1
        lone = following < len(a)  # a CR at the very end of the file is a line end
        lone[lone] = a[following[lone]] != LF
        if lone.any():
            place = int(crs[lone][0])
            self._fail(a.tobytes(), place, "a carriage return (CR) inside a field", None, kind="cr")

    def _rows(self, a, seps, at, starts, ends, widths, lengths, lines) -> None:
        """Record the rows that end in this block."""
        out = self.out
        first = out.rows
        numbers = first + np.arange(len(ends))
        carriage = lengths == 1
        if carriage.any():
            spot = np.maximum(starts, 0)
            carriage &= (a[spot] == CR) & (starts >= 0)
        empty = (lengths == 0) | carriage
        if empty.any():
            self._empty.append(numbers[empty])
        shifts = lines - numbers - 1
        change = np.flatnonzero(np.diff(shifts, prepend=self._shift) != 0)
        if len(change):
            self._jumps.append((numbers[change], shifts[change]))
        self._shift = int(shifts[-1])
        out.fields = max(out.fields, int(widths.max()))
        out.longest = max(out.longest, int(lengths.max()))
        if self.keep:
            self._widths.append(widths)
            self._ends.append(self._offset + ends + 1)
        if self.width is not None and out.fields > self.width:
            self._beyond(a, seps, at, ends, widths, numbers, lines)
        out.rows += len(ends)

    def _open_row(self, a: np.ndarray, tail: np.ndarray, before: int) -> None:
        """Note whether the part of a row that goes on in the next block is beyond the header.

        ``tail`` are the row's separators in this block, ``before`` its delimiters before it.
        """
        if self.out.rows < self.data_row:
            return
        nth = self.width - 1 - before  # the header's last delimiter among ``tail``
        if nth >= len(tail):
            return
        start = int(tail[nth]) + 1 if nth >= 0 else 0
        self._content |= bool((~self._blank[a[start:]]).any())

    def _beyond(self, a, seps, at, ends, widths, numbers, lines) -> None:
        """Count data rows with a non-blank value beyond the header's fields."""
        wide = np.flatnonzero((widths > self.width) & (numbers >= self.data_row))
        if not len(wide):
            return
        content = np.cumsum(~self._blank[a], dtype=np.int64)
        previous = np.concatenate([[-1], at[:-1]])  # separator before each row's first field
        nth = previous[wide] + self.width - np.where(wide == 0, self._fields, 0)
        valid = nth >= 0  # the header's last delimiter lies in this block
        cut = np.where(valid, seps[np.maximum(nth, 0)], -1)
        before = np.where(cut >= 0, content[np.maximum(cut, 0)], 0)
        filled = content[ends[wide]] - before > 0
        if not valid.all():  # the row began in an earlier block: what that part held counts
            filled[~valid] |= self._content
        if filled.any():
            if not self.beyond:
                self.beyond_line = int(lines[wide[filled][0]])
            self.beyond += int(filled.sum())

    def _fail(self, block: bytes, place: int, what: str, neighbour, kind: str = "quote"):
        """Raise the message for a quote or CR out of place at byte ``place`` of ``block``."""
        line = self.out.lines + block.count(b"\n", 0, place) + 1
        start = max(block.rfind(b"\n", 0, place) + 1, place - 30)
        end = block.find(b"\n", place)
        end = min(end if end >= 0 else len(block), place + 30)
        shown = block[start:end].decode("utf-8", "replace").rstrip("\r")
        if kind == "cr":
            hint = (
                "rows end at a line feed (LF or CR LF); save the file again, e.g. as "
                "'CSV UTF-8' from Excel"
            )
            raise RecordError(f"line {line:,}: {what}: {shown!r}; {hint}")
        around = ""
        if neighbour is not None and 0 <= neighbour < len(block):
            around = block[neighbour : neighbour + 1].decode("utf-8", "replace")
        if block[place - 1 : place] == b"\\":
            hint = (
                "a backslash before a quote is not CSV: a quote inside a quoted answer is "
                'written twice ("")'
            )
        elif what.startswith("text after"):
            hint = (
                'a quoted answer ends with its quote; a quote inside it is written twice (""), '
                'e.g. "A""B"'
            )
        else:
            hint = (
                "an answer that holds the delimiter, a quote or a line break starts with the "
                'quote right after the delimiter (,"上海,浦东" — no space), and a quote '
                'inside it is written twice ("")'
            )
        where = f"after {around!r}" if what.startswith("a quote") else f"then {around!r}"
        raise RecordError(f"line {line:,}: {what} ({where}): {shown!r}; {hint}")

    # -- the end --------------------------------------------------------------------------
    def finish(self) -> Rows:
        """Close the scan: a quote left open is refused; return :class:`Rows`."""
        out = self.out
        if self._inside:
            raise RecordError(
                f"line {self._start_line:,}: a quote opened here is never closed (the file ends "
                "inside a quoted answer); check the quotes on that line"
            )
        if self._length:  # the last row has no line break after it
            self._fields_tail()
        out.empty = np.concatenate(self._empty) if self._empty else _EMPTY
        if self._jumps:
            out.jump_rows = np.concatenate([r for r, _ in self._jumps])
            out.jump_shift = np.concatenate([s for _, s in self._jumps])
        if self.keep:
            out.widths = np.concatenate(self._widths) if self._widths else _EMPTY
            out.ends = np.concatenate(self._ends) if self._ends else _EMPTY
        return out

    def _fields_tail(self) -> None:
        """The last row, without a line break at its end."""
        tail = b"\n"
        self._offset -= 1  # the virtual line feed is not a byte of the text
        lines = self.out.lines
        self.feed(tail)
        self.out.lines = lines
