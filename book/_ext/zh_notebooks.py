"""Chinese copies of the workbook notebooks, made from the English ones and the catalogues.

A learner who downloads the course gets, beside each notebook ``NN_topic.ipynb``, a Chinese
``NN_topic_zh.ipynb``: the same code cells (so the same numbers), its prose replaced block by
block by the translations in ``book/locales/zh_CN`` (the ones the Chinese site uses), its
stored outputs cleared (they would show English pictures), and a first cell that sets
``CXLIB_LANG=zh`` so that every picture, printed result, self-check and table label is Chinese
when the learner runs it (:mod:`cxlib.language`). ``make bundle`` writes them into the bundle and
``make lite`` into the in-browser course; nothing is stored twice in the repository.

Usage: ``python book/_ext/zh_notebooks.py OUT_DIR`` writes every course notebook's Chinese copy.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "book" / "locales" / "zh_CN" / "LC_MESSAGES"
LANGUAGE_CELL = {
    "cell_type": "code",
    "execution_count": None,
    "metadata": {"tags": ["remove-cell"]},
    "outputs": [],
    "source": ["%env CXLIB_LANG=zh\n", "# 图表、结果和表格使用中文（cxlib.language）"],
}
_HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
_FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})(.*)$")


def course_notebooks() -> list[Path]:
    """The notebooks the book publishes (those with a catalogue)."""
    paths = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("casestudies/*/*.ipynb")])
    return [p for p in paths if catalogue_path(p).exists() and not p.stem.endswith("_zh")]


def catalogue_path(notebook: Path) -> Path:
    return CATALOGUES / notebook.relative_to(ROOT).with_suffix(".po")


def load_catalogue(path: Path) -> dict[str, str]:
    """msgid -> translation (translated, non-fuzzy messages only)."""
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string and not m.fuzzy}


class Translator:
    """Translates markdown text block by block; counts what it could not translate."""

    def __init__(self, messages: dict[str, str]):
        self.messages = messages
        self.missing: list[str] = []

    def text(self, english: str) -> str:
        key = " ".join(english.split())
        if not key or not re.search(r"[A-Za-z]{2,}", key):
            return english
        if key in self.messages:
            return self.messages[key]
        self.missing.append(key)
        return english

    def table_row(self, line: str) -> str:
        cells = line.strip().strip("|").split("|")
        if all(re.fullmatch(r"\s*:?-+:?\s*", c) for c in cells):
            return line
        return "| " + " | ".join(self.text(c.strip()) for c in cells) + " |"

    def markdown(self, source: str) -> str:
        """A markdown cell's source with every paragraph, heading, item and cell translated."""
        out: list[str] = []
        lines = source.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            fence = _FENCE.match(line)
            if fence:
                i = self._fenced(lines, i, fence, out)
                continue
            stripped = line.strip()
            if stripped.startswith("$$"):  # display math stays as it is
                end = i
                if len(stripped) == 2 or not stripped.endswith("$$"):
                    end = i + 1
                    while end < len(lines) and not lines[end].strip().endswith("$$"):
                        end += 1
                out.extend(lines[i : end + 1])
                i = end + 1
                continue
            target = stripped.startswith("(") and stripped.endswith(")=")  # a MyST label
            if not stripped or target:
                out.append(line)
                i += 1
                continue
            if line.lstrip().startswith("|"):
                out.append(self.table_row(line))
                i += 1
                continue
            heading = _HEADING.match(line)
            if heading:
                out.append(heading.group(1) + self.text(heading.group(2)))
                i += 1
                continue
            block, i = self._paragraph(lines, i)
            item = _ITEM.match(block[0])
            if item:
                body = " ".join([item.group(2), *(b.strip() for b in block[1:])])
                out.append(item.group(1) + self.text(body))
            else:
                out.append(self.text(" ".join(b.strip() for b in block)))
        return "\n".join(out)

    def _paragraph(self, lines: list[str], i: int) -> tuple[list[str], int]:
        block = [lines[i]]
        i += 1
        while (
            i < len(lines)
            and lines[i].strip()
            and not (
                _ITEM.match(lines[i])
                or _HEADING.match(lines[i])
                or _FENCE.match(lines[i])
                or lines[i].lstrip().startswith(("|", "$$"))
            )
        ):
            block.append(lines[i])
            i += 1
        return block, i

    def _fenced(self, lines: list[str], i: int, fence: re.Match, out: list[str]) -> int:
        """A code fence is kept; a directive fence has its title and body translated."""
        indent, marks, info = fence.groups()
        end = i + 1
        while end < len(lines) and not lines[end].strip().startswith(marks):
            end += 1
        directive = re.match(r"\{([\w-]+)\}\s*(.*)$", info.strip())
        if not directive or directive.group(1) in ("code-cell", "code", "math", "figure"):
            out.extend(lines[i : end + 1])
            return end + 1
        name, title = directive.groups()
        out.append(f"{indent}{marks}{{{name}}} {self.text(title)}".rstrip())
        body_start = i + 1
        while body_start < end and lines[body_start].strip().startswith(":"):
            out.append(lines[body_start])
            body_start += 1
        out.append(self.markdown("\n".join(lines[body_start:end])))
        if end < len(lines):
            out.append(lines[end])
        return end + 1


def chinese_notebook(path: Path) -> tuple[dict, list[str]]:
    """The Chinese copy of one notebook, and the prose blocks left untranslated."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    translator = Translator(load_catalogue(catalogue_path(path)))
    result = copy.deepcopy(notebook)
    for cell in result["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = translator.markdown("".join(cell["source"]))
        elif cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    result["cells"].insert(0, copy.deepcopy(LANGUAGE_CELL))
    result.setdefault("metadata", {})["language_info"] = notebook.get("metadata", {}).get(
        "language_info", {"name": "python"}
    )
    return result, translator.missing


def write_all(out_dir: Path) -> dict[Path, list[str]]:
    """Write ``<name>_zh.ipynb`` for every course notebook under ``out_dir`` (same layout)."""
    missing = {}
    for path in course_notebooks():
        notebook, left = chinese_notebook(path)
        target = out_dir / path.relative_to(ROOT).with_name(f"{path.stem}_zh.ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", "utf-8")
        missing[target] = left
    return missing


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for target, left in write_all(Path(sys.argv[1])).items():
        print(f"{target}: {len(left)} block(s) left in English")
