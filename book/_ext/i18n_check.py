"""What a Chinese translation must keep of its English message, beyond the words themselves.

The rules that :func:`i18n.problems` (``python book/_ext/i18n.py check``, run by ``make test``)
applies to every message of the Chinese catalogues and of the figure texts:

- :func:`visible_text`: a message is to be translated when a reader sees English in it, including
  the text of a link or a download button (``{download}`Download the sheet (PDF) <...>```);
- :func:`emphasis_problems`: bold and italic land on the same things as in the English: as many
  spans of each, in the same sentence, and a span that names a registered thing (a term of
  ``cxlib.terms``, or a Chinese gloss in the English) carries that thing's Chinese name;
- :func:`latin_words`: no English word left inside Chinese text, outside an allow-list (model
  names and other capitals, units, code, file names, URLs, the authors of the cited works, names
  of products and of the Kano coefficients, titles of works, and the English original given in
  brackets after a Chinese term);
- :func:`nested_quotes`: a quotation inside a quotation takes ‘ ’, not a second “ ”;
- :func:`figures_without_twin`: a static figure of the book (``book/figures/*``) has a Chinese
  twin that Sphinx uses in the Chinese build (``name.zh_CN.svg``, its ``figure_language_filename``
  default).

Synonyms of a registered name are found by :func:`cxlib.terms.misused`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "book" / "figures"

_ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
_TITLE = re.compile(r"^(.*?)\s*<([^<>]+)>\s*$", re.S)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

#: Roles whose text shows when written without an explicit title (``{term}`NPS```); the others
#: show their target's title (doc, ref), a citation (cite) or a formula (math).
_SHOWS_BODY = ("term", "abbr", "sup", "sub", "kbd", "guilabel")


def _role_text(role: str, body: str) -> str:
    titled = _TITLE.match(body)
    if titled and role != "math":
        return titled.group(1)
    return body if role in _SHOWS_BODY else " "


def visible_text(text: str) -> str:
    """The text a reader sees: a role's title or term text kept, its target and code dropped.

    Examples
    --------
    >>> visible_text("{download}`Download the sheet (PDF) <../a.pdf>`")
    'Download the sheet (PDF)'
    >>> visible_text("{doc}`../nps`, {cite:p}`rocks2016`").strip(" ,")
    ''
    """
    text = _ROLE.sub(lambda m: _role_text(m.group(1), m.group(2)), text)
    text = re.sub(r"(?<![`}])`[^`]+`", " ", text)  # inline code
    text = re.sub(r"\$[^$]+\$", " ", text)  # math
    text = re.sub(r"\]\([^)\s]+\)", "]", text)  # a link's target
    return text


def needs_words(msgid: str) -> bool:
    """Whether a reader sees English words in a message (a number or a symbol shows as it is).

    Examples
    --------
    >>> needs_words("−43.6 to −19.0"), needs_words("< 0.001"), needs_words("Holm p")
    (True, False, True)
    >>> needs_words("{download}`Download the NPS tally sheet (PDF) <../x/nps_tally.pdf>`")
    True
    >>> needs_words("{doc}`../nps`, {doc}`../../notebooks/01_nps`")
    False
    """
    return bool(re.search(r"[A-Za-z]{2,}", visible_text(msgid)))


# --------------------------------------------------------------------------- emphasis

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9*“\"(])|(?<=[。！？])")


def _sentences(text: str) -> list[tuple[int, int]]:
    """Start and end of each sentence (English or Chinese end punctuation)."""
    bounds, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            bounds.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds or [(0, len(text))]


def spans(text: str) -> dict[str, list[tuple[str, int]]]:
    """Bold and italic spans as CommonMark renders them: their text and their sentence's index.

    Rendering matters for Chinese: ``**类型与特质。**人格`` does not close after the full stop, so
    the bold runs on over the following words. Nested spans count as one.

    Examples
    --------
    >>> spans("A **peak** here. Then *two* and **end**.")
    {'bold': [('peak', 0), ('end', 1)], 'italic': [('two', 1)]}
    >>> spans("**类型与特质。**人格研究用**大五人格**描述人")["bold"]
    [('类型与特质。人格研究用大五人格', 0)]
    """
    from markdown_it import MarkdownIt

    def opaque(match: re.Match) -> str:  # punctuation at both ends, as MyST's parser sees it
        inner = match.group(0)
        ends = "{}" if inner[0] == "{" else inner[0] + inner[-1]
        return ends[0] + "x" * (len(inner) - 2) + ends[1]

    clean = _ROLE.sub(opaque, text)  # no asterisks inside roles, code or formulas
    clean = re.sub(r"`[^`]*`", opaque, clean)
    clean = re.sub(r"\$[^$]*\$", opaque, clean)
    tokens = MarkdownIt("commonmark").parseInline(clean)[0].children or []
    plain, found = "", {"bold": [], "italic": []}
    depth = {"bold": 0, "italic": 0}
    start = {"bold": 0, "italic": 0}
    kinds = {"strong": "bold", "em": "italic"}
    for token in tokens:
        kind = kinds.get(token.type.rsplit("_", 1)[0])
        if kind and token.type.endswith("_open"):
            if depth[kind] == 0:
                start[kind] = len(plain)
            depth[kind] += 1
        elif kind and token.type.endswith("_close"):
            depth[kind] -= 1
            if depth[kind] == 0:
                found[kind].append((start[kind], plain[start[kind] :]))
        else:
            plain += token.content if token.type in ("text", "code_inline") else " "
    sentences = _sentences(plain)

    def sentence(position: int) -> int:
        return next((i for i, (a, b) in enumerate(sentences) if a <= position < b), 0)

    return {k: [(t.strip(), sentence(at)) for at, t in v] for k, v in found.items()}


def _abbreviation(name: str) -> bool:
    """Whether a name ends in its abbreviation: "moment of truth (MOT)", not "problem (SPIN)"."""
    match = re.fullmatch(r"(.+?)\s*\(([A-Z]{2,})\)", name.strip())
    if not match or len(match.group(1).split()) < 2:
        return False
    initials = "".join(word[0] for word in match.group(1).split()).upper()
    return match.group(2)[:2] == initials[:2]


@cache
def _registered() -> dict[str, str]:
    """English name (lower case) to Chinese name, for the names that say one thing only.

    Names qualified in brackets ("problem (SPIN)", "sharing (promoters)") and English names that
    two entries share ("empathy": 同理心 in SERVQUAL, 共情 in rapport) are left out: their
    Chinese depends on the context.
    """
    from cxlib import terms

    chinese: dict[str, set[str]] = {}
    qualified = set()
    for row in terms.entries().values():
        english = row["en"].strip().lower()
        bare = re.sub(r"\s*\([^)]*\)\s*$", "", english).strip()
        if bare != english and not _abbreviation(row["en"]):
            qualified.add(bare)
            continue
        chinese.setdefault(bare, set()).add(re.sub(r"（[^）]*）$", "", row["zh"]).strip())
    return {
        english: next(iter(zh))
        for english, zh in chinese.items()
        if len(zh) == 1 and english not in qualified and " = " not in english
    }


def _expected_chinese(english_span: str) -> str | None:
    """The Chinese a bold span must carry: its own gloss, or the registered name's Chinese."""
    gloss = re.findall(r"[\u3400-\u9fff][\u3400-\u9fff、，·“”]*", english_span)
    if gloss:
        return gloss[0]
    key = re.sub(r"[.:：,;!?]+$", "", english_span).strip().lower()
    if key not in _registered() and key.endswith("s"):
        key = key[:-1]  # "promoters" -> "promoter"
    return _registered().get(key)


def emphasis_problems(msgid: str, msgstr: str) -> list[str]:
    """How the translation's bold and italic differ from the English's (nothing: an empty list).

    Examples
    --------
    >>> emphasis_problems("The **peak** and the end.", "**峰值**和结束时刻。")
    []
    >>> emphasis_problems("The **peak** and the end.", "峰值和**结束时刻**。")
    ["bold on '结束时刻' where the English has 'peak' (峰值)"]
    >>> emphasis_problems("One. Two **b**.", "**一**。二 b。")
    ['bold 1 in sentence 1, the English has it in sentence 2']
    """
    english, chinese = spans(msgid), spans(msgstr)
    issues = []
    en, zh = english["italic"], chinese["italic"]
    if len(zh) > len(en):  # Chinese may drop italics (it rarely sets CJK in italics), not add
        issues.append(f"{len(zh)} italic span(s) where the English has {len(en)}")
    en, zh = english["bold"], chinese["bold"]
    if len(en) != len(zh):
        return [*issues, f"{len(zh)} bold span(s) where the English has {len(en)}"]
    same_count = len(_sentences(msgid)) == len(_sentences(msgstr))
    for number, ((en_text, en_at), (zh_text, zh_at)) in enumerate(zip(en, zh, strict=True), 1):
        expected = _expected_chinese(en_text)
        if expected and expected not in zh_text and not any(expected in t for t, _ in zh):
            issues.append(f"bold on {zh_text!r} where the English has {en_text!r} ({expected})")
        elif same_count and en_at != zh_at:
            issues.append(
                f"bold {number} in sentence {zh_at + 1}, the English has it in sentence {en_at + 1}"
            )
    return issues


# --------------------------------------------------------------------------- Latin words

#: Words that may stand inside Chinese text: names of products and tools, statistical names the
#: course keeps in English, and common abbreviations with lower-case letters.
ALLOWED = frozenset(
    """
    Excel Python Jupyter JupyterLite Pyodide Chromium Chrome Edge Firefox Safari WPS PowerPoint
    LibreOffice Word Windows macOS Linux WeChat GitHub Google Colab Binder pandas NumPy numpy
    matplotlib seaborn ipywidgets jieba DuckDB cxlib cx Markdown MyST Sphinx Noto Sans CJK SC
    Better Worse Wald Holm Wilson Fisher Bonferroni Benjamini Hochberg Kish Poisson
    sBG Wi Fi Wi-Fi iPhone App et al vs etc Var True False
    Pareto Student Welch Shewhart Osborn Alaybek Netflix YouTube
    Insights Discovery Color Code
    pt px mm cm km kg min ms ml
    Fred Jan Carl Arlie Bertram Albert Humphrey Learned Christensen Andrews Guth Robert Stewart
    Cohen
    Microsoft Debian Ubuntu Playwright pytest pytest-xdist ruff MathJax RequireJS npm pip wheel
    JupyterLab ipykernel myst-nb nbval gettext Hypothesis scipy ipython comm mplfonts
    jupyterlite-pyodide-kernel WebAssembly Qualtrics Spark OpenBLAS openblas SkylakeX Haswell
    """.split()
)
#: Proper names of several words, kept as they are (programmes, firms, books without a Chinese
#: title).
PROPER = (
    "Starbucks Rewards",
    "Chuck E. Cheese's",
    "Amazon.com",
    "Disney Institute",
    "Bain & Company",
    "Stanford Research Institute",
    "Jupyter Book",
    "Big5",
    "Latin-1",
)


@cache
def _authors() -> frozenset[str]:
    """Names of every author in ``book/references.bib`` (they stand beside their citations).

    An organisation written as one braced name (``{{The Insights Group Ltd}}``) gives none: its
    words (The, Group, National …) are English, and a Chinese text names it in Chinese.
    """
    bib = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    names = set()
    for field in re.findall(r"author\s*=\s*\{(.+?)\},?\s*\n", bib):
        if field.startswith("{"):
            continue
        names.update(re.findall(r"[A-Z][A-Za-z'’-]+", field))
    return frozenset(names)


@cache
def _registered_latin() -> frozenset[str]:
    """Latin words of the registered Chinese names (Better 系数, Wald 区间, KANO 模型 …) and of the
    outlines' own words (Requirements, Wants, Pains)."""
    from cxlib import terms

    words = set()
    for row in terms.entries().values():
        words.update(re.findall(r"[A-Za-z][A-Za-z'’-]*", row["zh"] + " " + row["outline"]))
    return frozenset(words)


_URL = re.compile(r"https?://\S+|www\.\S+")
_FILE = re.compile(r"[\w./-]+\.(?:ipynb|csv|json|pdf|xlsx|md|py|svg|png|zip|html|txt|whl)\b")
#: An English original in brackets after a Chinese term: 服务环境（servicescape）, 诱因（Triggers，…
_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff》*”])[（(]([A-Za-z][A-Za-z .'’/&-]*?|[A-Za-z]+\d+)(?=[）)，,；;、:：])"
)

#: A call written as code, without a space before its bracket: groupby().transform('min').
_CALL = re.compile(r"\.?\b[A-Za-z_]\w*\([^()\s]*\)")
_IDENTIFIER = re.compile(r"\b[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)+\b|\b\w+_\w+\b")  # cxlib.nps.score
_MATH_TEXT = re.compile(r"\\(?:text|textrm|mathrm)\{([^{}]*)\}")


def _display_math(text: str) -> bool:
    """A message that is a LaTeX formula of its own (display math)."""
    latex = re.search(r"\\(?:frac|text|sum|alpha|left|approx|mathrm)", text)
    return "$" not in text and bool(latex)


_TITLE_BRACKETS = re.compile(r"《[^》]*》|“[A-Z][^”]*”")


def latin_words(msgstr: str, msgid: str = "") -> list[str]:
    """English words a reader meets inside the Chinese text of a message, outside the allow-list.

    Examples
    --------
    >>> latin_words("营收 30.8 million（3,080 万）")
    ['million']
    >>> latin_words("服务环境（servicescape）由 Bitner {cite:p}`bitner1992` 提出，见 `cxlib.nps`")
    []
    >>> latin_words("用 Cronbach's alpha 检查")
    ['alpha']
    >>> latin_words("内部一致性（internal consistency）很高")
    []
    >>> latin_words("先 groupby().transform('min')，再存成 8 位整数（int8）")
    []
    >>> latin_words(r"\\text{remembered} \\approx \\frac{\\text{峰值} + \\text{end}}{2}")
    ['remembered', 'end']
    """
    if _display_math(msgstr):  # only the words a formula spells out: \text{peak}
        text = " ".join(_MATH_TEXT.findall(msgstr))
    elif not _CJK.search(msgstr):
        return []
    else:
        text = visible_text(msgstr)
    for name in PROPER:
        text = text.replace(name, " ")
    text = _URL.sub(" ", text)
    text = _FILE.sub(" ", text)
    text = _CALL.sub(" ", text)
    text = _IDENTIFIER.sub(" ", text)
    text = _TITLE_BRACKETS.sub(" ", text)
    text = _GLOSS.sub("（", text)
    text = text.replace(f"（{msgid.strip()}）", " ")  # a headword: 情绪管理 ABC（ABC model …）
    labels = {t for t, _ in spans(msgid)["bold"] if _CJK.search(t)}  # "**说明 Instructions**"
    for label in labels:
        text = text.replace(f"**{label}**", " ")
    italic_titles = {t for t, _ in spans(msgid)["italic"] if t[:1].isupper()}
    for title in italic_titles:
        text = text.replace(f"*{title}*", " ")
    text = re.sub(r"<[^>]+>", " ", text)  # HTML tags
    text = re.sub(r"\{\d+\}", " ", text)  # numbers cut out of figure texts
    allowed = ALLOWED | _authors() | _registered_latin()
    found = []
    for word in re.findall(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*", text):
        bare = re.sub(r"['’]s$", "", word)
        if len(bare) < 2 or bare.isupper() or "_" in word:
            continue
        if bare in allowed or bare.capitalize() in allowed or re.fullmatch(r"[A-Z]+s", bare):
            continue
        if re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Za-z]*", bare):  # mixed capitals: CxLib, sBG, QoS
            continue
        found.append(word)
    return found


def nested_quotes(msgstr: str) -> bool:
    """Whether a “ opens inside another “ ” pair: Chinese quotes a quotation with ‘ ’.

    Examples
    --------
    >>> nested_quotes("见“问题解决“三原则””一节"), nested_quotes("见“问题解决‘三原则’”一节")
    (True, False)
    """
    depth = 0
    for char in msgstr:
        if char == "“":
            depth += 1
            if depth > 1:
                return True
        elif char == "”":
            depth = max(depth - 1, 0)
    return False


# --------------------------------------------------------------------------- figures


def figures_without_twin(folder: Path = FIGURES) -> list[str]:
    """Static figures of the book without their Chinese twin (``name.zh_CN.ext``).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.svg").write_text("<svg/>")
    ...     _ = (Path(tmp) / "b.svg").write_text("<svg/>")
    ...     _ = (Path(tmp) / "b.zh_CN.svg").write_text("<svg/>")
    ...     figures_without_twin(Path(tmp))
    ['a.svg']
    """
    if not folder.is_dir():
        return []
    images = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".pdf")
    files = {p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in images}
    originals = sorted(n for n in files if ".zh_CN." not in n and not n.startswith("."))
    return [n for n in originals if f"{Path(n).stem}.zh_CN{Path(n).suffix}" not in files]
