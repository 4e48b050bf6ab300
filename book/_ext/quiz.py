"""Sphinx extension: self-check quizzes that work offline, and the trainer build's solutions.

A quiz is written in the page source, so that gettext extracts its question, options and
explanation like any other paragraph and the Chinese edition translates them::

    ```{quiz}
    :answer: B

    Which scores make a respondent a promoter?

    - 7 to 10
    - 9 or 10
    - 10 only

    Explanation, citing the chapter section.
    ```

Everything before the first list is the question, the list items are the options (lettered A,
B, C … in order), everything after the list is the explanation. ``:answer:`` names the right
option(s) by letter (``B`` or ``A, C``). A quiz without a right answer, with an answer that is
not among its options, without options or without an explanation stops the build with a message
naming the page and line.

Quizzes that measure
--------------------
Each question names the learning outcome it tests with ``:outcome:``: on a course quiz page
(``book/quizzes/course_NNN.md``) the outcome's number in that course's guide (``:outcome: 2``),
elsewhere the course and the number (``:outcome: 002.2``; several, comma-separated, when a
chapter question serves two courses). After translation, in each edition's language, the build
refuses, naming page and questions, a question without an outcome, a quiz set whose right answer
is the strictly longest option in more than a third of its questions, and a course quiz that
leaves an outcome of its guide untested. The rules, the transitional list of pages written before
them (``TRANSITIONAL``) and a measurement of today's pages are in ``book/_ext/quiz_rules.py``.

The page shows each option as a button; a small script (``_static/cx-quiz.js``, written by this
extension, no library, no network) marks a click right or wrong, reveals the explanation once the
right answer is found, and keeps a score of questions answered right at the first try. It works
on ``file://`` pages and with the keyboard (buttons take Tab, Enter and Space; the verdict is
announced through a live region). Its interface text follows the page's language.

Trainer build: with the Sphinx setting ``cx_trainer = True`` (``make book-trainer``, which runs
this file: ``python book/_ext/quiz.py trainer``), notebook cells tagged ``hide-cell`` (the
exercise solutions) are shown open instead of collapsed. The learner build leaves them collapsed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quiz_assets import CSS, CSS_FILE, JS, JS_FILE, write_assets  # noqa: F401
from quiz_rules import LETTERS, QuizError, check_rules, parse_outcomes


class quiz(nodes.General, nodes.Element):
    """One question with its options and explanation."""


class quiz_question(nodes.General, nodes.Element):
    """The question text."""


class quiz_options(nodes.General, nodes.Element):
    """The options, in order."""


class quiz_option(nodes.General, nodes.Element):
    """One option; ``correct`` says whether it is (one of) the right answer(s)."""


class quiz_explanation(nodes.General, nodes.Element):
    """Why the right answer is right, shown once it is found."""


def parse_answer(text: str, n_options: int, where: str) -> list[int]:
    """The 0-based indexes of the right options named by letters such as ``"B"`` or ``"A, C"``.

    Examples
    --------
    >>> parse_answer("b", 3, "p.md:1")
    [1]
    >>> parse_answer("A, C", 4, "p.md:1")
    [0, 2]
    >>> parse_answer("D", 3, "p.md:7")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quiz_rules.QuizError: p.md:7: quiz answer 'D' is not among its 3 options (A to C); ...
    """
    names = [name.upper() for name in re.split(r"[\s,]+", text.strip()) if name]
    if not names:
        raise QuizError(f"{where}: quiz has no right answer: add ':answer: A' (a letter)")
    last = LETTERS[n_options - 1]
    wrong = [name for name in names if len(name) != 1 or name not in LETTERS[:n_options]]
    if wrong:
        raise QuizError(
            f"{where}: quiz answer {', '.join(map(repr, wrong))} is not among its {n_options} "
            f"options (A to {last}); name the right option(s) by letter, e.g. ':answer: A'"
        )
    return sorted({LETTERS.index(name) for name in names})


class QuizDirective(SphinxDirective):
    """The ``{quiz}`` directive: question, options (a list), explanation; ``:answer:`` letters."""

    has_content = True
    option_spec: ClassVar[dict] = {
        "answer": directives.unchanged,
        "outcome": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        where = f"{self.env.doc2path(self.env.docname, False)}:{self.lineno}"
        body = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, body)
        lists = [
            i
            for i, child in enumerate(body.children)
            if isinstance(child, (nodes.bullet_list, nodes.enumerated_list))
        ]
        if not lists:
            raise QuizError(f"{where}: quiz has no options: list them after the question")
        at = lists[0]
        question, items, explanation = body[:at], body[at].children, body[at + 1 :]
        if not question:
            raise QuizError(f"{where}: quiz has no question before its list of options")
        if len(items) < 2:
            raise QuizError(f"{where}: quiz has {len(items)} option; give at least two")
        if len(items) > len(LETTERS):
            raise QuizError(f"{where}: quiz has {len(items)} options; at most {len(LETTERS)}")
        if not explanation:
            raise QuizError(f"{where}: quiz has no explanation after its options")
        if "answer" not in self.options:
            raise QuizError(f"{where}: quiz has no right answer: add ':answer: A' (a letter)")
        right = parse_answer(self.options["answer"] or "", len(items), where)
        outcomes = []
        if "outcome" in self.options:
            outcomes = parse_outcomes(self.options["outcome"] or "", self.env.docname, where)
            for course in {name.split(".")[0] for name in outcomes}:
                self._note_guide(course)

        node = quiz(multiple=len(right) > 1, outcomes=outcomes)
        node.source, node.line = self.get_source_info()
        node += quiz_question("", *question)
        options = quiz_options()
        for i, item in enumerate(items):
            options += quiz_option("", *item.children, correct=i in right, letter=LETTERS[i])
        node += options
        node += quiz_explanation("", *explanation)
        return [node]

    def _note_guide(self, course: str) -> None:
        """Read this page again when the course's guide (its outcomes) changes."""
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import kit

        self.env.note_dependency(str(kit.load(course).guide))


# ---- the rules: outcomes named and tested, no giveaway in the option lengths ---------------


def _record(node: quiz) -> dict:
    """What the rules need of one quiz: its line, question, options, right ones, outcomes."""
    options = [option for option in node.findall(quiz_option)]
    question = next(node.findall(quiz_question)).astext()
    return {
        "line": node.line,
        "question": " ".join(question.split())[:70],
        "options": [option.astext() for option in options],
        "right": [bool(option["correct"]) for option in options],
        "outcomes": list(node["outcomes"]),
    }


def collect(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: each quiz of the page, in the edition's language (after translation)."""
    env = app.env
    records = [_record(node) for node in doctree.findall(quiz)]
    if not hasattr(env, "cx_quizzes"):
        env.cx_quizzes = {}
    if records:
        env.cx_quizzes[env.docname] = records
    else:
        env.cx_quizzes.pop(env.docname, None)


def purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "cx_quizzes", {}).pop(docname, None)


def merge(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "cx_quizzes"):
        env.cx_quizzes = {}
    env.cx_quizzes.update(
        {name: records for name, records in getattr(other, "cx_quizzes", {}).items()}
    )


class PlainOptionText(SphinxPostTransform):
    """After translation, turn an option's paragraphs into spans (a button holds no <p>)."""

    default_priority = 150
    formats = ("html",)  # the gettext builder must still see the paragraphs, to extract them

    def run(self, **kwargs) -> None:
        for option in self.document.findall(quiz_option):
            for paragraph in list(option.findall(nodes.paragraph)):
                span = nodes.inline("", "", *paragraph.children, classes=["cx-quiz-text"])
                paragraph.replace_self(span)


class ShowSolutions(SphinxPostTransform):
    """Trainer build: open the notebook cells tagged ``hide-cell`` (the solutions).

    myst-nb marks such a cell ``hide_mode = "all"`` when it reads the notebook and wraps it in a
    collapsed <details> in its own post-transform (priority 199); this one runs first.
    """

    default_priority = 150
    formats = ("html",)

    def run(self, **kwargs) -> None:
        if not self.config.cx_trainer:
            return
        for cell in self.document.findall(nodes.container):
            if cell.get("nb_element") == "cell_code" and "tag_hide-cell" in cell["classes"]:
                cell.attributes.pop("hide_mode", None)
                cell["classes"].append("cx-solution-shown")


# ---- HTML -------------------------------------------------------------------------------


def visit_quiz(self, node: quiz) -> None:
    multiple = "true" if node["multiple"] else "false"
    outcomes = " ".join(node.get("outcomes", []))
    self.body.append(
        f'<div class="cx-quiz" data-multiple="{multiple}" data-outcome="{outcomes}">\n'
    )


def depart_quiz(self, node: quiz) -> None:
    self.body.append('<p class="cx-quiz-verdict" role="status" aria-live="polite"></p>\n</div>\n')


def visit_question(self, node: quiz_question) -> None:
    self.body.append('<div class="cx-quiz-question">\n')


def depart_div(self, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_options(self, node: quiz_options) -> None:
    self.body.append('<ul class="cx-quiz-options">\n')


def depart_options(self, node: quiz_options) -> None:
    self.body.append("</ul>\n")


def visit_option(self, node: quiz_option) -> None:
    correct = "true" if node["correct"] else "false"
    self.body.append(
        f'<li><button type="button" class="cx-quiz-option" data-correct="{correct}" '
        f'aria-pressed="false"><span class="cx-quiz-letter">{node["letter"]}</span> '
    )


def depart_option(self, node: quiz_option) -> None:
    self.body.append("</button></li>\n")


def visit_explanation(self, node: quiz_explanation) -> None:
    self.body.append('<div class="cx-quiz-explanation" hidden>\n')


def skip(self, node: nodes.Element) -> None:
    """Other formats render the quiz's parts as their plain content."""


def setup(app: Sphinx) -> dict:
    """Register the directive, its nodes, the trainer setting and the page assets."""
    app.add_config_value("cx_trainer", False, "env", [bool])
    plain = (skip, skip)
    others = {fmt: plain for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(quiz, html=(visit_quiz, depart_quiz), **others)
    app.add_node(quiz_question, html=(visit_question, depart_div), **others)
    app.add_node(quiz_options, html=(visit_options, depart_options), **others)
    app.add_node(quiz_option, html=(visit_option, depart_option), **others)
    app.add_node(quiz_explanation, html=(visit_explanation, depart_div), **others)
    app.add_directive("quiz", QuizDirective)
    app.add_post_transform(PlainOptionText)
    app.add_post_transform(ShowSolutions)
    app.add_js_file(JS_FILE, loading_method="defer")
    app.add_css_file(CSS_FILE)
    app.connect("build-finished", write_assets)
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-check-consistency", check_rules)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ---- the trainer build (make book-trainer) ----------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
TRAINER = ROOT / "_build" / "trainer"


def build_trainer(lang: str) -> int:
    """Build one edition of the trainer site (solutions shown) into _build/trainer[/zh]."""
    import os

    sys.path.insert(0, str(Path(__file__).parent))
    import i18n

    overrides = {**i18n.EDITION[lang], "cx_trainer": True}
    if lang == "zh":
        i18n.search_dictionary(Path(overrides["html_search_options"]["dict"]))
        os.environ["CXLIB_LANG"] = "zh"
    outdir = TRAINER if lang == "en" else TRAINER / "zh"
    doctrees = ROOT / "_build" / f".doctrees-trainer-{lang}"
    return i18n._build("html", outdir, doctrees, overrides, quiet=False)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "trainer" or sys.argv[2] not in ("en", "zh"):
        sys.exit("usage: python book/_ext/quiz.py trainer en|zh")
    sys.exit(build_trainer(sys.argv[2]))
