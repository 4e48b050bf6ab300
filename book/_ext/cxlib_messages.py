"""cxlib's own catalogue, ``cxlib/data/messages.zh.po``: printed results, self-check messages,
exercise hints and table labels in Chinese (see :mod:`cxlib.language`).

Four sources of messages, each entry marked with where it comes from:

- **printed results and messages** (``#. cxlib``): the literal first argument of every
  ``tr("...")`` and ``N_("...")`` call in ``cxlib/``, found by reading the source (like
  ``xgettext``);
- **exercise hints** (``#. hint``): the ``hint="..."`` of every ``check(...)`` call in the
  course notebooks' code, numbers cut out as :func:`cxlib.language.template` does;
- **table labels** (``#. table``): the column and row labels of every table the English build
  of the book showed (``CXLIB_TABLE_TEXTS``, recorded by :mod:`cxlib._display`);
- **data dictionaries** (``#. dataset``): what each column of a course dataset means, and its
  allowed values where they are words (``"{0} to {1}"``, ``"Chinese text"``), from
  ``datasets/*.json``, as :func:`cxlib.datasets.describe` shows them.

``python book/_ext/i18n.py update`` merges them (new messages untranslated, changed ones fuzzy);
``check`` (and ``tests/test_i18n.py``) fails on a message left untranslated or fuzzy, on a
translation whose fields, placeholders or numbers differ from the English or come in another
order (both editions must print the same numbers in the same order), on English words left in
the Chinese (the book's rule: ``i18n_check.latin_words``), on a synonym the terminology or the
name registry avoids, and on a label translated otherwise than in ``figures.zh.po``.
"""

from __future__ import annotations

import ast
import json
import re
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = ROOT / "cxlib" / "data" / "messages.zh.po"
#: Every table label the English build showed (recorded by cxlib._display).
TABLE_TEXTS = ROOT / "_build" / "table-texts.txt"
NOTEBOOKS = ("notebooks/*.ipynb", "casestudies/*/*.ipynb")
_FIELD = re.compile(r"\{[^{}]*\}")
_NUMBER = re.compile(r"\d+")
#: Code in a hint: `...`, keyword arguments, calls (the book's check strips dotted names).
_CODE = re.compile(r"`[^`]*`|\w+=(?:'[^']*'|\S+)|\b[\w.]+\([^)]*\)")


def _literal_calls(tree: ast.AST, names: set[str]) -> list[tuple[str, ast.Call]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in names:
                found.append((name, node))
    return found


def code_messages() -> dict[str, str]:
    """``msgid -> where`` for every ``tr("...")``/``N_("...")`` literal in cxlib's source."""
    found = {}
    for path in sorted((ROOT / "cxlib").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for _, call in _literal_calls(tree, {"tr", "N_"}):
            first = call.args[0] if call.args else None
            choices = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for choice in choices:  # tr("a" if x else "b") holds two messages
                if isinstance(choice, ast.Constant) and isinstance(choice.value, str):
                    found.setdefault(choice.value, str(path.relative_to(ROOT)))
    return found


def _code_cells(path: Path) -> str:
    """A notebook's code, IPython magics and shell lines commented out, as one module."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = []
    for cell in cells:
        if cell["cell_type"] == "code":
            source = "".join(cell["source"])
            lines += [("# " + li if li.lstrip()[:1] in "%!" else li) for li in source.split("\n")]
    return "\n".join(lines)


def hint_messages() -> dict[str, str]:
    """``msgid -> notebook`` for the ``hint=`` of every ``check(...)`` in the course notebooks."""
    sys.path.insert(0, str(ROOT))
    from cxlib.language import template

    found = {}
    for pattern in NOTEBOOKS:
        for path in sorted(ROOT.glob(pattern)):
            if path.stem.endswith("_zh"):
                continue
            for _, call in _literal_calls(ast.parse(_code_cells(path)), {"check"}):
                for keyword in call.keywords:
                    value = keyword.value
                    if keyword.arg == "hint" and isinstance(value, ast.Constant):
                        found.setdefault(template(value.value)[0], str(path.relative_to(ROOT)))
    return found


def dataset_messages() -> dict[str, str]:
    """``msgid -> dataset`` for the meaning of every column of the course datasets and its
    allowed values where they are prose (numbers cut out as :func:`cxlib.language.template`
    does). A list of values (``"True, False"``, the Kano answers) is data and stays as it is."""
    sys.path.insert(0, str(ROOT))
    from cxlib.language import needs_translation, template

    found = {}
    for path in sorted((ROOT / "datasets").glob("*.json")):
        for column in json.loads(path.read_text(encoding="utf-8"))["columns"]:
            found.setdefault(column["meaning"], path.stem)
            allowed = column["allowed"]
            if isinstance(allowed, str) and needs_translation(allowed):
                message = template(allowed)[0]
                if "," not in message or " to " in message:
                    found.setdefault(message, path.stem)
    return found


def table_messages() -> set[str] | None:
    """The table labels the last English build showed; None when it has not recorded them."""
    if not TABLE_TEXTS.exists():
        return None
    lines = TABLE_TEXTS.read_text(encoding="utf-8").splitlines()
    return {line.replace("\\n", "\n") for line in lines if line}


def wanted() -> dict[str, str] | None:
    """Every message the catalogue must hold, with its kind; None without the table labels."""
    tables = table_messages()
    if tables is None:
        return None
    return {**{message: "table" for message in tables}, **source_messages()}


def source_messages() -> dict[str, str]:
    """The messages read from the sources (datasets, hints, code) with their kind; a message of
    two sources takes the later one's kind."""
    kinds = {message: "dataset" for message in dataset_messages()}
    kinds.update({message: "hint" for message in hint_messages()})
    kinds.update({message: "cxlib" for message in code_messages()})
    return kinds


def update() -> None:
    """Merge the messages into ``cxlib/data/messages.zh.po`` (same rules as the book's pages)."""
    import i18n
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    kinds = wanted()
    if kinds is None:  # keep the recorded table labels; add what the sources say
        print("table labels not merged: build the English site first (`make translations` does)")
        kinds = {}
        if MESSAGES.exists():
            with MESSAGES.open("rb") as handle:
                for message in read_po(handle):
                    if message.id and "table" in message.auto_comments:
                        kinds[message.id] = "table"
        kinds.update(source_messages())
    template = Catalog(project="cxlib messages")
    for message, kind in sorted(kinds.items()):
        template.add(message, auto_comments=[kind])
    i18n._merge(template, MESSAGES)


def read_po_file(path: Path) -> dict[str, str]:
    """``msgid -> msgstr`` of a catalogue (translated, non-fuzzy), as cxlib reads it."""
    sys.path.insert(0, str(ROOT))
    from cxlib.language import read_po

    return read_po(path.read_text(encoding="utf-8")) if path.exists() else {}


def _fields(text: str) -> list[str]:
    """The format fields of a message in order: ``{nps:+.1f}``, ``{0}``, ``{name}``."""
    return _FIELD.findall(text.replace("{{", "").replace("}}", ""))


def english_words(text: str) -> list[str]:
    """English words left in a Chinese text, by the book's rule (``i18n_check.latin_words``:
    its allow-list of names, abbreviations and symbols), format fields and code set aside.

    Examples
    --------
    >>> english_words("净推荐值 {s.nps:+.1f}（{s.confidence:.0%} 置信区间），n = {s.n:,}")
    []
    >>> english_words("区间 includes 0，Cohen κ 系数，见 nps.score(...)")
    ['includes']
    """
    import i18n_check

    return i18n_check.latin_words(_CODE.sub(" ", _FIELD.sub(" ", text)))


def check_translation(msgid: str, msgstr: str) -> list[str]:
    """What is wrong with one translation: fields, numbers, English words (empty: nothing)."""
    issues = []
    if _fields(msgid) != _fields(msgstr):
        issues.append(
            f"fields differ or are reordered in {msgid[:50]!r}: {_fields(msgid)} vs "
            f"{_fields(msgstr)} (the numbers must print in the same order)"
        )
    english_numbers = _NUMBER.findall(_FIELD.sub(" ", msgid))
    if english_numbers != _NUMBER.findall(_FIELD.sub(" ", msgstr)):
        issues.append(f"numbers differ in {msgid[:50]!r}: keep {english_numbers} in this order")
    left = english_words(msgstr)
    if left:
        issues.append(f"English left in the Chinese of {msgid[:50]!r}: {left}")
    try:
        list(string.Formatter().parse(msgstr))
    except ValueError as error:
        issues.append(f"not a format string: {msgstr[:50]!r} ({error})")
    return issues


def problems() -> dict[str, list[str]]:
    """What keeps the catalogue from matching what cxlib and the notebooks show."""
    from babel.messages.pofile import read_po

    sys.path.insert(0, str(ROOT))
    from cxlib import terms

    name = "cxlib (cxlib/data/messages.zh.po)"
    if not MESSAGES.exists():
        return {name: ["no catalogue: run `python book/_ext/i18n.py update`"]}
    with MESSAGES.open("rb") as handle:
        messages = {m.id: m for m in read_po(handle) if m.id}
    kinds = wanted()
    required = set(kinds if kinds is not None else source_messages())
    if kinds is None:
        required |= {k for k, m in messages.items() if "table" in m.auto_comments}
    figures = read_po_file(ROOT / "cxlib" / "data" / "figures.zh.po")
    issues = []
    for msgid in sorted(required):
        message = messages.get(msgid)
        if message is None:
            issues.append(f"not merged: {msgid[:70]!r} (run `python book/_ext/i18n.py update`)")
        elif not message.string:
            if re.search(r"[A-Za-z]{2,}", msgid):
                issues.append(f"untranslated: {msgid[:70]!r}")
        elif message.fuzzy:
            issues.append(f"fuzzy (English changed; check the Chinese): {msgid[:70]!r}")
        else:
            issues += check_translation(msgid, message.string)
            if figures.get(msgid, message.string) != message.string:
                issues.append(
                    f"one name per thing: {msgid!r} is {message.string!r} here but "
                    f"{figures[msgid]!r} in cxlib/data/figures.zh.po"
                )
            for word, key in terms.misused(message.string):
                issues.append(f"term: {word!r} used; the course says {terms.zh(key)!r}")
    if kinds is not None:
        issues += [f"stale: {m[:70]!r} (run `python book/_ext/i18n.py update`)" for m in
                   sorted(set(messages) - required)]  # fmt: skip
    return {name: issues} if issues else {}
