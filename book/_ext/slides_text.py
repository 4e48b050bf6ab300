"""Text on slides: measuring, wrapping and fitting words into a box (``book/_ext/slides_deck.py``).

PowerPoint, WPS and LibreOffice each lay text out themselves, so a deck cannot know where its
lines will break. It can estimate: the widths come from Noto Sans CJK SC (the font the checks
render with, standing in for Microsoft YaHei, whose Latin letters are a little wider, hence
:data:`WIDTH_MARGIN`), lines break between words and between Chinese characters (never before
Chinese closing punctuation), and every paragraph's line pitch is fixed at :data:`LINE_PITCH`
times its size, so that the estimate and every renderer agree on the height of a line. The
builder uses :func:`fit` to choose the largest size that fits; ``tests/test_slides.py`` uses the
same estimate on the decks read back, and the page count of the rendered PDF as a second check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: Line pitch as a multiple of the font size (set exactly on every paragraph of a deck).
LINE_PITCH = 1.2
#: Extra width allowed for fonts wider than the one measured (Microsoft YaHei's Latin letters).
WIDTH_MARGIN = 1.06
#: Inner margins of every text box, in points (left/right, top/bottom).
INSET_X, INSET_Y = 7.2, 3.6
_CJK_RANGES = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK = re.compile(f"[{_CJK_RANGES}]")
#: One Chinese character, a run of other non-space characters with its trailing spaces, or spaces.
_PIECES = re.compile(f"[{_CJK_RANGES}]|[^\\s{_CJK_RANGES}]+\\s*|\\s+")
#: Characters a line may not start with (Chinese line-breaking rules, 禁则).
_NO_LINE_START = set("，。、；：？！）》」』”’%·…—,.;:?!)")
_FALLBACK_WIDTH = {"cjk": 1.0, "latin": 0.55, "space": 0.25}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """One paragraph as the builder writes it: runs, size, and its bullet or number."""

    runs: list[Run]
    size: float  # points
    bold: bool = False
    colour: str = "1F2933"
    bullet: str | None = None  # "•", "1." (numbered) or None
    indent: float = 0.0  # points of hanging indent for the bullet
    space_before: float = 0.0  # points
    align: str = "left"
    role: str = "body"  # "body", "title", "small": the floor that applies
    extra: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def runs(text: str) -> list[Run]:
    """A slide text's **bold** and *italic* pieces as runs.

    Examples
    --------
    >>> [(r.text, r.bold, r.italic) for r in runs("Say **no** to *this*")]
    [('Say ', False, False), ('no', True, False), (' to ', False, False), ('this', False, True)]
    """
    found = []
    for piece in re.split(r"(\*\*[^*]+\*\*|\*[^*]+\*)", text):
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            found.append(Run(piece[2:-2], bold=True))
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            found.append(Run(piece[1:-1], italic=True))
        elif piece:
            found.append(Run(piece))
    return found


@cache
def _font(bold: bool):
    """Noto Sans CJK SC (bold or regular) for measuring, or None where it is missing."""
    from PIL import ImageFont

    candidates = [("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2)] if bold else []
    candidates.append(("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2))
    try:
        from cxlib import webfont

        bundled = webfont.source_font()
        if bundled is not None:
            candidates.append((str(bundled), 0))
    except ImportError:
        pass
    for path, index in candidates:
        if Path(path).is_file():
            return ImageFont.truetype(path, 100, index=index)
    return None


def width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of a text in points at a font size (with :data:`WIDTH_MARGIN`)."""
    font = _font(bold)
    if font is not None:
        measured = font.getlength(text) / 100 * size
        if bold and "Bold" not in str(font.path):
            measured *= 1.05
    else:
        measured = size * sum(
            _FALLBACK_WIDTH["cjk" if _CJK.match(c) else "space" if c == " " else "latin"]
            for c in text
        )
    return measured * WIDTH_MARGIN


def _tokens(text: str) -> list[str]:
    """Pieces a line may break after: a Latin word with its space, or one Chinese character
    (with any closing punctuation that must stay on its line)."""
    tokens: list[str] = []
    for piece in _PIECES.findall(text):
        if tokens and (piece[0] in _NO_LINE_START or piece.isspace()):
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def wrap(text: str, size: float, available: float, bold: bool = False) -> list[str]:
    """The lines a text breaks into in a width of ``available`` points.

    Examples
    --------
    >>> wrap("one two three", 20, 10_000)
    ['one two three']
    >>> len(wrap("一二三四五六七八九十", 20, 100)) > 1
    True
    """
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and width(candidate.rstrip(), size, bold) > available:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def height(paras: list[Para], box_width: float) -> float:
    """Estimated height in points of paragraphs in a text box ``box_width`` points wide."""
    total = 2 * INSET_Y
    available = box_width - 2 * INSET_X
    for index, para in enumerate(paras):
        lines = wrap(para.text, para.size, available - para.indent, para.bold)
        total += len(lines) * para.size * LINE_PITCH
        if index:
            total += para.space_before
    return total


def longest_line(paras: list[Para], box_width: float) -> float:
    """Width of the widest line once wrapped (a single word wider than the box overflows)."""
    available = box_width - 2 * INSET_X
    return max(
        (
            width(line, p.size, p.bold) + p.indent
            for p in paras
            for line in wrap(p.text, p.size, available - p.indent, p.bold)
        ),
        default=0.0,
    )


def fits(paras: list[Para], box_width: float, box_height: float) -> bool:
    return (
        height(paras, box_width) <= box_height + 0.5
        and longest_line(paras, box_width) <= box_width - 2 * INSET_X + 0.5
    )


FLOORS = {"body": 20.0, "title": 28.0, "small": 12.0}


def fit(paras: list[Para], box_width: float, box_height: float) -> list[Para] | None:
    """The paragraphs at the largest common scale (down to each role's floor) that fits the box.

    Sizes shrink together, one step of 5% at a time, never below ``FLOORS[role]``; None when
    even the floors do not fit.
    """
    bases = [(p.size, p.space_before, p.indent) for p in paras]
    scale = 1.0
    while True:
        for para, (size, space, indent) in zip(paras, bases, strict=True):
            para.size = max(FLOORS[para.role], round(size * scale))
            para.space_before = space * para.size / size
            para.indent = indent * para.size / size
        if fits(paras, box_width, box_height):
            return paras
        if all(p.size <= FLOORS[p.role] for p in paras):
            return None
        scale *= 0.95
