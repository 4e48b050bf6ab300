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
chapter question serves two courses). The outcomes are the numbered list under "Learning
outcomes" in each course's facilitator guide (``book/_ext/kit.py``: :func:`kit.outcomes`); an
outcome the guide does not have stops the build. Once the page's text is read, in the edition's
language, the build refuses, naming page and questions:

- a question without an outcome;
- a quiz set (the quizzes of one page) whose right answer is the strictly longest option in more
  than a third of its questions (:data:`LONGEST_LIMIT`): a trainee who always picks the longest
  option would otherwise score well before the course;
- a course quiz page that leaves one of its course's outcomes untested.

Pages written before these rules are listed in :data:`TRANSITIONAL`: for them the build only
reports what it found. Whoever rewrites a page's quizzes removes the page from that set.
``python book/_ext/quiz.py measure`` prints, for every quiz page and both languages, the share
of questions whose right answer is the longest option and the outcomes named.

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
from sphinx.errors import SphinxError
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

JS_FILE = "cx-quiz.js"
CSS_FILE = "cx-quiz.css"
LETTERS = "ABCDEFGHIJ"
#: A quiz set fails when its right answer is the strictly longest option in more than this share
#: of its questions (with three options, chance alone gives about a third).
LONGEST_LIMIT = 1 / 3
#: Quiz pages written before the rules of "Quizzes that measure": the build reports their
#: problems instead of refusing them. Remove a page once its quizzes name outcomes and pass.
TRANSITIONAL = frozenset(
    {
        "book/quizzes/course_000",
        "book/quizzes/course_001",
        "book/quizzes/course_002",
        "book/quizzes/course_003",
        "book/quizzes/course_004",
        "book/customer_behaviour",
        "book/customers",
        "book/emotions",
        "book/incentives",
        "book/journey",
        "book/kano",
        "book/loyalty",
        "book/motivations",
        "book/needs",
        "book/nps",
        "book/peakend",
        "book/personality_types",
        "book/roleplays",
        "book/service_psychology",
        "book/service_strategy",
        "book/servqual",
        "book/sharing",
        "book/touchpoints",
    }
)
_COURSE_PAGE = re.compile(r"(?:^|/)quizzes/course_(\d{3})$")
_OUTCOME = re.compile(r"^(?:(\d{3})\.)?(\d+)$")


class QuizError(SphinxError):
    """A quiz that cannot be scored (reported with its page and line)."""

    category = "Quiz error"


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
    quiz.QuizError: p.md:7: quiz answer 'D' is not among its 3 options (A to C); ...
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


def course_of_page(docname: str) -> str | None:
    """The course whose quiz page ``docname`` is ("002" for book/quizzes/course_002), else None.

    Examples
    --------
    >>> course_of_page("book/quizzes/course_002"), course_of_page("book/nps")
    ('002', None)
    """
    match = _COURSE_PAGE.search(docname)
    return match.group(1) if match else None


def parse_outcomes(text: str, docname: str, where: str, known=None) -> list[str]:
    """The outcomes a question names, as ``"NNN.K"``: ``"2"`` on a course page, ``"002.2"``.

    ``known(course)`` gives a course's outcome numbers (default: from its guide, via
    ``book/_ext/kit.py``); an outcome the course does not have is an error.

    Examples
    --------
    >>> known = lambda course: {1, 2, 3}
    >>> parse_outcomes("2", "book/quizzes/course_002", "p.md:1", known)
    ['002.2']
    >>> parse_outcomes("002.1, 003.3", "book/nps", "p.md:1", known)
    ['002.1', '003.3']
    >>> parse_outcomes("2", "book/nps", "nps.md:9", known)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quiz.QuizError: nps.md:9: quiz outcome '2' names no course: ... ':outcome: 002.2'
    >>> parse_outcomes("7", "book/quizzes/course_002", "p.md:4", known)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quiz.QuizError: p.md:4: quiz outcome '7': course 002's guide has outcomes 1 to 3 ...
    """
    known = known or _guide_outcomes
    found = []
    for name in (part.strip() for part in text.split(",")):
        match = _OUTCOME.match(name)
        if not name or match is None:
            raise QuizError(
                f"{where}: quiz outcome {name!r} is not an outcome number: write ':outcome: 2' "
                "(on a course quiz page) or ':outcome: 002.2' (course 002, outcome 2)"
            )
        course = match.group(1) or course_of_page(docname)
        if course is None:
            raise QuizError(
                f"{where}: quiz outcome {name!r} names no course: this page is not a course quiz; "
                f"write the course too, e.g. ':outcome: 002.{match.group(2)}'"
            )
        numbers = known(course)
        if int(match.group(2)) not in numbers:
            raise QuizError(
                f"{where}: quiz outcome {name!r}: course {course}'s guide has outcomes "
                f"{min(numbers)} to {max(numbers)} (its list under 'Learning outcomes')"
            )
        found.append(f"{course}.{int(match.group(2))}")
    return found


def _guide_outcomes(course: str) -> set[int]:
    """The outcome numbers of a course's guide (book/_ext/kit.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import kit

    try:
        return set(kit.outcomes(kit.load(course).guide))
    except kit.KitError as error:
        raise QuizError(f"outcomes of course {course}: {error}") from None


def length(text: str) -> int:
    """An option's length as a reader sees it: characters, runs of white space counted as one.

    Examples
    --------
    >>> length("9 or  10"), length("九或十 ")
    (7, 3)
    """
    return len(" ".join(text.split()))


def longest_is_right(options: list[str], right: list[bool]) -> bool:
    """Whether the strictly longest option (longer than every other) is a right answer.

    Examples
    --------
    >>> longest_is_right(["short", "the long right one", "mid-sized"], [False, True, False])
    True
    >>> longest_is_right(["same size", "same size"], [True, False])  # a tie: no giveaway
    False
    """
    lengths = [length(option) for option in options]
    top = max(lengths)
    return lengths.count(top) == 1 and right[lengths.index(top)]


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


def page_problems(docname: str, records: list[dict], where: str, outcomes=None) -> list[str]:
    """What the rules find on one quiz page (an empty list when it passes).

    ``outcomes(course)`` gives a course's outcome numbers (default: from its guide).

    Examples
    --------
    >>> quiz = lambda line, options, right, outcomes: dict(
    ...     line=line, question=f"Q{line}", options=options, right=right, outcomes=outcomes)
    >>> records = [quiz(1, ["a", "the right one"], [False, True], ["002.1"]),
    ...            quiz(9, ["the right one", "b"], [True, False], []),
    ...            quiz(20, ["x", "y"], [True, False], ["002.1"])]
    >>> for problem in page_problems("book/quizzes/course_002", records, "course_002.md",
    ...                              lambda course: {1, 2}):
    ...     print(problem)
    course_002.md:9: quiz names no outcome: add ':outcome: N' (Q9)
    course_002.md: the right answer is the longest option in 2 of 3 questions (more than 1 in 3): lines 1, 9; make the options comparable in length
    course_002.md: course 002's outcome 2 is tested by no question
    """  # noqa: E501
    problems = [
        f"{where}:{r['line']}: quiz names no outcome: add ':outcome: N' ({r['question']})"
        for r in records
        if not r["outcomes"]
    ]
    longest = [r for r in records if longest_is_right(r["options"], r["right"])]
    if len(longest) > LONGEST_LIMIT * len(records):
        lines = ", ".join(str(r["line"]) for r in longest)
        problems.append(
            f"{where}: the right answer is the longest option in {len(longest)} of "
            f"{len(records)} questions (more than 1 in 3): lines {lines}; make the options "
            "comparable in length"
        )
    course = course_of_page(docname)
    if course is not None:
        tested = {
            int(name.split(".")[1])
            for r in records
            for name in r["outcomes"]
            if name.startswith(f"{course}.")
        }
        known = (outcomes or _guide_outcomes)(course)
        problems += [
            f"{where}: course {course}'s outcome {number} is tested by no question"
            for number in sorted(set(known) - tested)
        ]
    return problems


def check_rules(app: Sphinx, env) -> None:
    """env-check-consistency: refuse the quiz pages that break the rules (all named at once)."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    errors = []
    for docname, records in sorted(getattr(env, "cx_quizzes", {}).items()):
        where = str(env.doc2path(docname, False))
        problems = page_problems(docname, records, where)
        if docname not in TRANSITIONAL:
            errors += problems
            continue
        longest = sum(longest_is_right(r["options"], r["right"]) for r in records)
        named = sum(bool(r["outcomes"]) for r in records)
        logger.info(
            f"quiz rules (transitional page {docname}): right answer longest in {longest} of "
            f"{len(records)}, outcome named in {named}; {len(problems)} problem(s)"
        )
    if errors:
        raise QuizError("quizzes that do not measure:\n" + "\n".join(errors))


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


JS = r"""/* Offline self-check quizzes (book/_ext/quiz.py). No library, no network, file:// safe. */
(function () {
  "use strict";
  var zh = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  var T = zh ? {
    right: "✓ 正确。", wrong: "✗ 不对，请再试一个选项。", check: "检查答案",
    pick: "请先选择选项。", partly: "✗ 还不完全对，请调整选择后再检查。",
    score: function (r, a, n) {
      return "得分：首次即答对 " + r + " / " + n + " 题（已答 " + a + " 题）。";
    }
  } : {
    right: "✓ Right.", wrong: "✗ Not right: try another option.", check: "Check answer",
    pick: "Choose an option first.", partly: "✗ Not quite: change your choice and check again.",
    score: function (r, a, n) {
      return "Score: " + r + " of " + n + " right at the first try (" + a + " answered).";
    }
  };
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); }
    else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var quizzes = Array.prototype.slice.call(document.querySelectorAll(".cx-quiz"));
    if (!quizzes.length) { return; }
    var scoreBox = document.createElement("p");
    scoreBox.className = "cx-quiz-score";
    scoreBox.setAttribute("role", "status");
    scoreBox.setAttribute("aria-live", "polite");
    var last = quizzes[quizzes.length - 1];
    last.parentNode.insertBefore(scoreBox, last.nextSibling);
    function updateScore() {
      var answered = 0, first = 0;
      quizzes.forEach(function (q) {
        if (q.dataset.result) { answered += 1; }
        if (q.dataset.result === "first") { first += 1; }
      });
      scoreBox.textContent = T.score(first, answered, quizzes.length);
    }
    quizzes.forEach(function (q) {
      var options = Array.prototype.slice.call(q.querySelectorAll(".cx-quiz-option"));
      var verdict = q.querySelector(".cx-quiz-verdict");
      var explanation = q.querySelector(".cx-quiz-explanation");
      var multiple = q.dataset.multiple === "true";
      var tries = 0;
      function solved() {
        q.dataset.result = tries === 1 ? "first" : "later";
        q.classList.add("cx-quiz-solved");
        verdict.textContent = T.right;
        verdict.className = "cx-quiz-verdict cx-right";
        explanation.hidden = false;
        updateScore();
      }
      function missed(message) {
        if (!q.dataset.result) { q.dataset.result = "missed"; }
        verdict.textContent = message;
        verdict.className = "cx-quiz-verdict cx-wrong";
        updateScore();
      }
      if (!multiple) {
        options.forEach(function (button) {
          button.addEventListener("click", function () {
            if (q.classList.contains("cx-quiz-solved")) { return; }
            tries += 1;
            button.setAttribute("aria-pressed", "true");
            if (button.dataset.correct === "true") {
              button.classList.add("cx-right");
              solved();
            } else {
              button.classList.add("cx-wrong");
              missed(T.wrong);
            }
          });
        });
        return;
      }
      options.forEach(function (button) {
        button.addEventListener("click", function () {
          if (q.classList.contains("cx-quiz-solved")) { return; }
          var on = button.getAttribute("aria-pressed") !== "true";
          button.setAttribute("aria-pressed", on ? "true" : "false");
          button.classList.toggle("cx-chosen", on);
        });
      });
      var check = document.createElement("button");
      check.type = "button";
      check.className = "cx-quiz-check";
      check.textContent = T.check;
      verdict.parentNode.insertBefore(check, verdict);
      check.addEventListener("click", function () {
        if (q.classList.contains("cx-quiz-solved")) { return; }
        var chosen = options.filter(function (b) {
          return b.getAttribute("aria-pressed") === "true";
        });
        if (!chosen.length) { verdict.textContent = T.pick; return; }
        tries += 1;
        var ok = options.every(function (b) {
          return (b.getAttribute("aria-pressed") === "true") === (b.dataset.correct === "true");
        });
        if (ok) {
          chosen.forEach(function (b) { b.classList.add("cx-right"); });
          solved();
        } else {
          missed(T.partly);
        }
      });
    });
    updateScore();
  });
})();
"""

CSS = """/* Self-check quizzes (book/_ext/quiz.py). */
.cx-quiz { border: 1px solid var(--pst-color-border, #ccc); border-radius: .4rem;
  padding: .6rem 1rem; margin: 1rem 0; }
.cx-quiz-question > :last-child { margin-bottom: .4rem; }
.cx-quiz-options { list-style: none; padding-left: 0; margin: 0; }
.cx-quiz-options li { margin: .3rem 0; }
.cx-quiz-option { display: flex; gap: .6rem; align-items: baseline; width: 100%; text-align: left;
  padding: .35rem .7rem; border: 1px solid var(--pst-color-border, #bbb); border-radius: .3rem;
  background: var(--pst-color-surface, #f7f7f7); color: var(--pst-color-text-base, #222);
  font: inherit; cursor: pointer; }
.cx-quiz-option:hover { border-color: var(--pst-color-primary, #2a6ebb); }
.cx-quiz-option:focus-visible, .cx-quiz-check:focus-visible {
  outline: 3px solid var(--pst-color-primary, #2a6ebb); outline-offset: 2px; }
.cx-quiz-letter { font-weight: bold; min-width: 1.2rem; }
.cx-quiz-option.cx-chosen { border-color: var(--pst-color-primary, #2a6ebb); border-width: 2px; }
.cx-quiz-option.cx-right { border: 2px solid #1a7f37; background: rgba(26, 127, 55, .12); }
.cx-quiz-option.cx-wrong { border: 2px solid #c62828; background: rgba(198, 40, 40, .10); }
.cx-quiz-check { margin-top: .4rem; padding: .25rem .8rem; font: inherit; cursor: pointer;
  border: 1px solid var(--pst-color-primary, #2a6ebb); border-radius: .3rem;
  background: transparent; color: var(--pst-color-text-base, #222); }
.cx-quiz-verdict { font-weight: bold; margin: .4rem 0 0; min-height: 1.2em; }
.cx-quiz-verdict.cx-right { color: #1a7f37; }
.cx-quiz-verdict.cx-wrong { color: #c62828; }
.cx-quiz-explanation { border-left: 3px solid #1a7f37; padding-left: .7rem; margin-top: .4rem; }
.cx-quiz-score { font-weight: bold; }
.cx-solution-shown { border-left: 4px solid #1a7f37; padding-left: .5rem; }
.cx-solution-shown::before { content: "Solution (trainer edition) · 参考答案（培训师版）";
  font-weight: bold; color: #1a7f37; }
@media print { .cx-quiz-verdict, .cx-quiz-check, .cx-quiz-score { display: none; } }
"""


def write_assets(app: Sphinx, exception: Exception | None) -> None:
    """The quiz script and stylesheet, written into the site's _static folder."""
    if exception is None and app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / JS_FILE).write_text(JS, encoding="utf-8")
        (static / CSS_FILE).write_text(CSS, encoding="utf-8")


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


# ---- measuring the quiz pages from their source (python book/_ext/quiz.py measure) --------

_BLOCK = re.compile(r"^```\{quiz\}\n(.*?)^```", re.S | re.M)
_INLINE_MARKUP = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`|[*`]")


def source_quizzes(path: Path) -> list[dict]:
    """The quizzes of a page's source: line, options (their source text), right, outcomes.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = Path(folder) / "p.md"
    ...     _ = page.write_text("# P\\n\\n```{quiz}\\n:answer: B\\n:outcome: 2\\n\\nQ?\\n\\n"
    ...                         "- one\\n- two,\\n  continued\\n\\nWhy.\\n```\\n")
    ...     source_quizzes(page)
    [{'line': 3, 'options': ['one', 'two, continued'], 'right': [False, True], 'outcomes': '2'}]
    """
    text = path.read_text(encoding="utf-8")
    found = []
    for match in _BLOCK.finditer(text):
        fields = dict(re.findall(r"^:(\w+):[ \t]*(.*)$", match.group(1), flags=re.M))
        options: list[str] = []
        started = False
        for line in match.group(1).splitlines():
            if line.startswith("- "):
                options.append(line[2:].strip())
                started = True
            elif started and line.startswith("  ") and line.strip():
                options[-1] += " " + line.strip()
            elif started and not line.strip():
                break
        letters = re.split(r"[\s,]+", fields.get("answer", "").strip())
        found.append(
            {
                "line": text[: match.start()].count("\n") + 1,
                "options": options,
                "right": [LETTERS[i] in letters for i in range(len(options))],
                "outcomes": fields.get("outcome", ""),
            }
        )
    return found


def measure() -> int:
    """Print, per quiz page, how often the right answer is the longest option, in each language."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import kit_build

    pages = sorted([*ROOT.glob("book/*.md"), *ROOT.glob("book/quizzes/*.md")])
    totals = {"en": [0, 0], "zh": [0, 0]}
    print(f"{'page':34} {'questions':>9} {'longest en':>12} {'longest zh':>12} {'outcomes':>9}")
    for path in pages:
        quizzes = source_quizzes(path)
        if not quizzes:
            continue
        row = []
        for lang in ("en", "zh"):
            hits = sum(
                longest_is_right(
                    [
                        _INLINE_MARKUP.sub(
                            lambda m: m.group(1) or "", kit_build.translated(o, path, lang)
                        )
                        for o in q["options"]
                    ],
                    q["right"],
                )
                for q in quizzes
            )
            totals[lang][0] += hits
            totals[lang][1] += len(quizzes)
            row.append(f"{hits}/{len(quizzes)} {hits / len(quizzes):4.0%}")
        named = sum(bool(q["outcomes"]) for q in quizzes)
        name = str(path.relative_to(ROOT).with_suffix(""))
        mark = " (transitional)" if name in TRANSITIONAL else ""
        print(f"{name:34} {len(quizzes):9} {row[0]:>12} {row[1]:>12} {named:9}{mark}")
    for lang, (hits, n) in totals.items():
        print(f"all pages, {lang}: right answer longest in {hits} of {n} ({hits / n:.0%})")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        sys.exit(measure())
    if len(sys.argv) != 3 or sys.argv[1] != "trainer" or sys.argv[2] not in ("en", "zh"):
        sys.exit(
            "usage: python book/_ext/quiz.py trainer en|zh  |  python book/_ext/quiz.py measure"
        )
    sys.exit(build_trainer(sys.argv[2]))
