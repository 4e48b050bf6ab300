"""Wheels the in-browser course makes itself (``make lite``, :mod:`lite`): jieba's segmenter, and
the Chinese font matplotlib draws with under Pyodide.

Both are written reproducibly (fixed dates, sorted files), so the same inputs give the same bytes
and the same sha256 in ``_build/lite/PROVENANCE.json``.

- ``jieba-0.42.1+cx.segmenter``: PyPI has only jieba's source archive; the wheel holds the files
  ``jieba.Tokenizer`` needs, byte for byte (:data:`JIEBA_FILES`).
- ``cx_cjk_font``: the characters the course draws, cut out of Noto Sans CJK SC (the book's
  font, from ``mplfonts``; SIL Open Font License 1.1) as an OpenType font matplotlib reads
  (FreeType), about 1.5 MB: every character of cxlib's catalogues (figure texts, printed results,
  table labels), of its terminology and datasets and of the course notebooks' code, the 3,755
  characters of GB 2312 level 1 (the common ones a learner may type into a label or a widget),
  and Latin, Greek, punctuation, arrows and mathematical signs: the theme draws *every* text in
  this font (matplotlib falls back to another font only between families, not within the
  ``sans-serif`` list), so English labels need its Latin letters. Pyodide has no Chinese font;
  without it Chinese labels are empty boxes. The build fails if a character of the figure
  catalogue is missing from the font.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The part of jieba that cxlib.reasons uses (jieba.Tokenizer): its files, unchanged.
JIEBA_FILES = ("jieba/__init__.py", "jieba/_compat.py", "jieba/dict.txt", "jieba/finalseg/")
JIEBA_VERSION = "0.42.1+cx.segmenter"  # a local version: a subset of jieba 0.42.1
FONT_VERSION = "1.0.0"
FONT_FILE = "NotoSansCJKsc-Regular-subset.otf"
#: Besides the course's characters: Basic Latin and Latin-1, Latin Extended-A, Greek, general
#: punctuation, super- and subscripts, currency, letterlike symbols and number forms, arrows,
#: mathematical operators, enclosed numbers, box drawing and geometric shapes.
FONT_RANGES = (
    (0x20, 0x17F), (0x370, 0x3FF), (0x2000, 0x22FF), (0x2460, 0x25FF),
)  # fmt: skip
_DATE = (2020, 1, 20, 0, 0, 0)  # fixed dates: reproducible wheels


def write_wheel(target: Path, name: str, version: str, files: dict[str, bytes], metadata: str):
    """A pure-Python wheel at ``target`` with ``files`` (path -> bytes) and its dist-info."""
    info = f"{name}-{version}.dist-info"
    record = []
    top = sorted({path.split("/")[0] for path in files})
    files = {
        **dict(sorted(files.items())),
        f"{info}/METADATA": metadata.encode(),
        f"{info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: cx-lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{info}/top_level.txt": ("\n".join(top) + "\n").encode(),
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(zipfile.ZipInfo(path, date_time=_DATE), data, zipfile.ZIP_DEFLATED)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append(f"{path},sha256={digest},{len(data)}")
        record.append(f"{info}/RECORD,,")
        stamp = zipfile.ZipInfo(f"{info}/RECORD", date_time=_DATE)
        wheel.writestr(stamp, "\n".join(record) + "\n", compress_type=zipfile.ZIP_DEFLATED)
    return target


def jieba_wheel(archive: Path, folder: Path) -> Path:
    """A wheel of jieba's segmenter, made from the pinned source archive (PyPI has no wheel)."""
    files = {}
    with tarfile.open(archive) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            name = member.name.removeprefix("jieba-0.42.1/")
            if member.isfile() and name.startswith(JIEBA_FILES):
                files[name] = tar.extractfile(member).read()
        pkg_info = tar.extractfile("jieba-0.42.1/PKG-INFO").read().decode()
    metadata = pkg_info.replace("Version: 0.42.1", f"Version: {JIEBA_VERSION}", 1)
    target = folder / f"jieba-{JIEBA_VERSION}-py3-none-any.whl"
    return write_wheel(target, "jieba", JIEBA_VERSION, files, metadata)


def gb2312_level1() -> str:
    """The 3,755 characters of GB 2312 level 1 (rows 16-55), the common Chinese characters."""
    chars = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # the end of row 55
    return "".join(chars)


def course_text() -> str:
    """Every text the course may draw in Chinese: catalogues, terms, datasets, notebooks' code."""
    parts = [gb2312_level1()]
    for path in sorted((ROOT / "cxlib" / "data").glob("*")):
        if path.suffix in (".po", ".csv"):
            parts.append(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "datasets").glob("*.csv")):
        parts.append(path.read_text(encoding="utf-8"))
    for pattern in ("notebooks/*.ipynb", "casestudies/*/*.ipynb"):
        for path in sorted(ROOT.glob(pattern)):
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            parts += ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    return "".join(parts)


def font_wheel(folder: Path) -> Path:
    """The ``cx_cjk_font`` wheel: the course's Chinese characters as an OpenType font."""
    from fontTools.ttLib import TTFont

    from cxlib import webfont

    source = webfont.source_font()
    if source is None:
        raise SystemExit(
            "make lite: the Chinese font for the browser is cut out of Noto Sans CJK SC from the "
            "mplfonts package, which is not installed: pip install -r requirements.txt"
        )
    ranges = "".join(chr(c) for a, b in FONT_RANGES for c in range(a, b + 1))
    data = webfont.subset(course_text() + ranges, flavor=None, only_cjk=False)
    font = TTFont(io.BytesIO(data))
    figures = (ROOT / "cxlib" / "data" / "figures.zh.po").read_text(encoding="utf-8")
    cmap = set(font.getBestCmap())
    missing = sorted({c for c in figures if c.isprintable() and ord(c) not in cmap} - {"\ufeff"})
    if missing:
        raise SystemExit(f"make lite: the browser's font lacks {''.join(missing)!r} of the figures")
    init = (
        '"""Noto Sans CJK SC (SIL Open Font License 1.1), cut down to the characters the CX\n'
        'Workbook draws, for matplotlib in the in-browser course (book/_ext/lite_wheels.py)."""\n\n'
        "from pathlib import Path\n\n"
        f'FONT = Path(__file__).with_name("{FONT_FILE}")\n'
        f"CHARACTERS = {len(cmap)}\n"
    )
    names = {r.nameID: r.toUnicode() for r in font["name"].names if r.platformID == 3}
    notice = (
        f"{names.get(4, 'Noto Sans CJK SC')}: {names.get(0, '')}\n{names.get(7, '')}\n"
        f"{names.get(13, 'SIL Open Font License, Version 1.1')}\n{names.get(14, '')}\n\n"
        "A subset of the font shipped by the mplfonts package, made with fontTools by\n"
        "book/_ext/lite_wheels.py; the glyphs are unchanged.\n"
    )
    files = {
        "cx_cjk_font/__init__.py": init.encode(),
        f"cx_cjk_font/{FONT_FILE}": data,
        "cx_cjk_font/NOTICE.txt": notice.encode(),
    }
    metadata = (
        f"Metadata-Version: 2.1\nName: cx-cjk-font\nVersion: {FONT_VERSION}\n"
        "Summary: The CX Workbook's Chinese characters from Noto Sans CJK SC, for matplotlib\n"
        "License: OFL-1.1\n"
    )
    target = folder / f"cx_cjk_font-{FONT_VERSION}-py3-none-any.whl"
    return write_wheel(target, "cx-cjk-font", FONT_VERSION, files, metadata)
