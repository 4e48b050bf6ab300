"""book/_ext/quiz.py: the {quiz} directive, bad quizzes, the quiz in a browser, trainer builds.

The directive tests build one small page with Jupyter Book's Sphinx API (as book/_ext/i18n.py
does), so they take seconds, not the whole book. The browser tests open the built site
(``make book``) in headless Chromium, on ``file://`` pages; they skip, saying why, when the site
is not built or Chromium is missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "book" / "_ext"
SITE = ROOT / "_build" / "html"
sys.path.insert(0, str(EXT))
sys.path.insert(0, str(ROOT / "tests"))
import _small_book as small_book  # noqa: E402
import quiz  # noqa: E402
import quiz_rules  # noqa: E402

GOOD = """# Page

```{quiz}
:answer: B
:outcome: 000.1

Which scores make a respondent a *promoter*?

- 7 to 10
- 9 or 10
- 10 only

Promoters answer 9 or 10 (section "The question").
```

```{quiz}
:answer: A, C
:outcome: 000.2, 002.1

Which two are right?

- one
- three
- two

One and two.
```
"""

NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Exercise\n\nTry it first."},
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": {"tags": ["hide-cell"]},
            "outputs": [],
            "source": "solution_marker = 42",
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def build(
    tmp_path: Path, page: str, trainer: bool = False, name: str = "page"
) -> tuple[int | Exception, Path]:
    """Build a two-page book (``name``.md and a notebook with a hidden solution) into tmp_path."""
    src = tmp_path / "src"
    (src / name).parent.mkdir(parents=True, exist_ok=True)
    (src / f"{name}.md").write_text(page, encoding="utf-8")
    (src / "exercise.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    (src / "_toc.yml").write_text(
        f"format: jb-book\nroot: {name}\nchapters:\n  - file: exercise\n", encoding="utf-8"
    )
    (src / "_config.yml").write_text(
        "title: Quiz test\nexecute:\n  execute_notebooks: 'off'\n"
        f"sphinx:\n  local_extensions:\n    quiz: {EXT}\n    offline_site: {EXT}\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    result = small_book.build(src, out, tmp_path / "doctrees", {"cx_trainer": trainer})
    return result, out


def test_a_quiz_renders_its_question_options_and_hidden_explanation(tmp_path):
    result, out = build(tmp_path, GOOD)
    assert result == 0, result
    html = (out / "page.html").read_text(encoding="utf-8")
    assert html.count('class="cx-quiz"') == 2
    assert 'data-multiple="false"' in html and 'data-multiple="true"' in html
    assert html.count('data-correct="true"') == 3  # B of the first, A and C of the second
    assert "<em>promoter</em>" in html
    assert '<div class="cx-quiz-explanation" hidden>' in html
    button = html.split('class="cx-quiz-option"')[1].split("</button>")[0]
    assert "<p" not in button  # a button holds phrasing content only
    assert (out / "_static" / quiz.JS_FILE).exists()
    assert quiz.JS_FILE in html and quiz.CSS_FILE in html


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("", "quiz has no right answer"),
        (None, "quiz has no right answer"),
        ("D", "quiz answer 'D' is not among its 3 options (A to C)"),
        ("B, X", "quiz answer 'X' is not among its 3 options"),
    ],
)
def test_a_quiz_without_a_valid_answer_fails_the_build_naming_the_page(tmp_path, answer, message):
    option = ":outcome: 000.1\n" + ("" if answer is None else f":answer: {answer}\n")
    page = f"# Page\n\n```{{quiz}}\n{option}\nQuestion?\n\n- a\n- b\n- c\n\nWhy.\n```\n"
    result, _ = build(tmp_path, page)
    assert isinstance(result, quiz.QuizError), result
    assert "page.md:3" in str(result) and message in str(result)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Question?\n\nNo list here.", "quiz has no options"),
        ("- a\n- b\n\nWhy.", "quiz has no question"),
        ("Question?\n\n- a\n- b", "quiz has no explanation"),
    ],
)
def test_a_malformed_quiz_fails_the_build(tmp_path, body, message):
    page = f"# Page\n\n```{{quiz}}\n:answer: A\n:outcome: 000.1\n\n{body}\n```\n"
    result, _ = build(tmp_path, page)
    assert isinstance(result, quiz.QuizError), result
    assert "page.md" in str(result) and message in str(result)


# ---- quizzes that measure: outcomes named and covered, no longest-answer giveaway ----------


def question(answer: str, options: list[str], outcome: str | None, text: str = "Q?") -> str:
    """One quiz block."""
    named = "" if outcome is None else f":outcome: {outcome}\n"
    items = "\n".join(f"- {option}" for option in options)
    return f"```{{quiz}}\n:answer: {answer}\n{named}\n{text}\n\n{items}\n\nWhy.\n```\n\n"


def test_quiz_div_carries_its_outcomes(tmp_path):
    result, out = build(tmp_path, GOOD)
    assert result == 0, result
    html = (out / "page.html").read_text(encoding="utf-8")
    assert 'data-outcome="000.1"' in html and 'data-outcome="000.2 002.1"' in html


def test_a_question_without_an_outcome_is_refused_naming_page_and_question(tmp_path):
    page = (
        "# Page\n\n"
        + question("A", ["x1", "x2"], "000.1")
        + question("B", ["y1", "y2"], None, "Which one is unnamed?")
    )
    result, _ = build(tmp_path, page)
    assert isinstance(result, quiz.QuizError), result
    assert "page.md:15: quiz names no outcome" in str(result)
    assert "Which one is unnamed?" in str(result)


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ("1", "quiz outcome '1' names no course"),
        ("000.99", "course 000's guide has outcomes 1 to"),
        ("two", "quiz outcome 'two' is not an outcome number"),
    ],
)
def test_an_outcome_the_course_does_not_have_is_refused(tmp_path, outcome, message):
    result, _ = build(tmp_path, "# Page\n\n" + question("A", ["x1", "x2"], outcome))
    assert isinstance(result, quiz.QuizError), result
    assert "page.md:3" in str(result) and message in str(result)


def test_a_set_where_the_longest_option_gives_the_answer_away_is_refused(tmp_path):
    longest = ["short", "the longest option of all", "medium one"]
    page = "# Page\n\n" + "".join(
        [
            question("B", longest, "000.1"),  # the longest is right: 2 of 4 > 1/3
            question("B", longest, "000.1"),
            question("A", longest, "000.1"),
            question("A", ["same", "size"], "000.1"),  # a tie gives nothing away
        ]
    )
    result, _ = build(tmp_path, page)
    assert isinstance(result, quiz.QuizError), result
    assert "page.md: the right answer is the longest option in 2 of 4 questions" in str(result)
    assert "lines 3, 16" in str(result)


def test_one_longest_right_answer_in_three_passes(tmp_path):
    longest = ["short", "the longest option of all", "medium one"]
    page = "# Page\n\n" + question("B", longest, "000.1") + question("A", longest, "000.1")
    page += question("C", longest, "000.1")
    result, _ = build(tmp_path, page)
    assert result == 0, result


def course_page(outcomes: list[int]) -> str:
    return "# Course quiz\n\n" + "".join(
        question("A", [f"a{n}", f"b{n}"], str(n)) for n in outcomes
    )


def test_a_course_quiz_must_test_every_outcome_of_its_guide(tmp_path):
    sys.path.insert(0, str(EXT))
    import kit

    outcomes = sorted(kit.outcomes(kit.load("002").guide))
    result, _ = build(tmp_path / "partial", course_page(outcomes[1:]), name="quizzes/course_002")
    assert isinstance(result, quiz.QuizError), result
    assert "course 002's outcome 1 is tested by no question" in str(result)
    result, _ = build(tmp_path / "whole", course_page(outcomes), name="quizzes/course_002")
    assert result == 0, result


def test_a_transitional_page_is_reported_not_refused(tmp_path, monkeypatch):
    page = "# Page\n\n" + question("A", ["the long right one", "b"], None)
    monkeypatch.setattr(quiz_rules, "TRANSITIONAL", frozenset({"page"}))
    result, _ = build(tmp_path, page)
    assert result == 0, result


def test_the_transitional_list_holds_only_pages_with_quizzes():
    """A page leaves the list when its quizzes are rewritten; a stale entry is an error."""
    for name in quiz_rules.TRANSITIONAL:
        path = ROOT / f"{name}.md"
        assert path.is_file(), f"{name} in quiz_rules.TRANSITIONAL is not a page"
        assert quiz_rules.source_quizzes(path), f"{name} in quiz_rules.TRANSITIONAL has no quiz"


def test_every_quiz_page_outside_the_transitional_list_passes_the_rules_in_both_languages():
    """The same rules as the build, from the page sources and the Chinese catalogues."""
    sys.path.insert(0, str(EXT))
    import kit_build

    pages = [*ROOT.glob("book/*.md"), *ROOT.glob("book/quizzes/*.md")]
    for path in pages:
        name = str(path.relative_to(ROOT).with_suffix(""))
        quizzes = quiz_rules.source_quizzes(path)
        if not quizzes or name in quiz_rules.TRANSITIONAL:
            continue
        for lang in ("en", "zh"):
            records = [
                {
                    "line": q["line"],
                    "question": "",
                    "options": [
                        quiz_rules._INLINE_MARKUP.sub(
                            lambda m: m.group(1) or "", kit_build.translated(o, path, lang)
                        )
                        for o in q["options"]
                    ],
                    "right": q["right"],
                    "outcomes": quiz_rules.parse_outcomes(q["outcomes"], name, name)
                    if q["outcomes"]
                    else [],
                }
                for q in quizzes
            ]
            assert not quiz_rules.page_problems(name, records, f"{name}.md ({lang})")


def _solution(html: str) -> str:
    """The HTML from the hidden cell's container up to its code."""
    start = html.index("tag_hide-cell")
    return html[start : html.index("solution_marker", start)]


def test_learner_build_collapses_solutions_and_trainer_build_shows_them(tmp_path):
    result, out = build(tmp_path / "learner", "# Page\n")
    assert result == 0, result
    learner = _solution((out / "exercise.html").read_text(encoding="utf-8"))
    assert "<details" in learner and "<details open" not in learner  # collapsed

    result, out = build(tmp_path / "trainer", "# Page\n", trainer=True)
    assert result == 0, result
    trainer = _solution((out / "exercise.html").read_text(encoding="utf-8"))
    assert "<details" not in trainer  # not collapsible: shown as an ordinary cell
    assert "cx-solution-shown" in trainer


def test_the_book_pages_quizzes_are_valid():
    """Every quiz in the book names one of its own options (a fast check without a build)."""
    import re

    pages = [*ROOT.glob("book/*.md"), *ROOT.glob("book/quizzes/*.md")]
    found = 0
    for path in pages:
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"```\{quiz\}\n(.*?)\n```", text, flags=re.S):
            found += 1
            answer = re.match(r":answer: (.+)\n", block)
            assert answer, f"{path.name}: a quiz without :answer:"
            n_options = len(re.findall(r"^- ", block, flags=re.M))
            quiz.parse_answer(answer.group(1), n_options, path.name)
    assert found >= 1


# ---- in the browser ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from _browser import CHROMIUM, NO_CHROMIUM, launch

    if not CHROMIUM.exists():
        pytest.skip(f"{NO_CHROMIUM}: the quiz browser test is skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as driver:
        chromium = launch(driver)
        yield chromium
        chromium.close()


def _open(browser, path: Path):
    if not path.exists():
        pytest.skip(f"the site is not built ({path.relative_to(ROOT)} missing): run `make book`")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri(), wait_until="load")
    return page, errors


@pytest.mark.parametrize(
    "path", ["book/quizzes/course_000.html", "zh/book/quizzes/course_000.html"]
)
def test_clicking_a_wrong_then_the_right_option_shows_the_feedback(browser, path):
    page, errors = _open(browser, SITE / path)
    first = page.locator(".cx-quiz").first
    question = first.locator(".cx-quiz-question").inner_text()
    if path.startswith("zh/"):  # the Chinese edition's quiz is translated, not only its buttons
        assert any("\u4e00" <= ch <= "\u9fff" for ch in question), question
    explanation = first.locator(".cx-quiz-explanation")
    assert not explanation.is_visible()
    first.locator('.cx-quiz-option[data-correct="false"]').first.click()
    verdict = first.locator(".cx-quiz-verdict")
    assert "✗" in verdict.inner_text() and not explanation.is_visible()
    right = first.locator('.cx-quiz-option[data-correct="true"]').first
    right.focus()
    page.keyboard.press("Enter")  # the keyboard works as well as the mouse
    assert "✓" in verdict.inner_text() and explanation.is_visible()
    assert "cx-right" in right.get_attribute("class")
    score = page.locator(".cx-quiz-score").inner_text()
    total = page.locator(".cx-quiz").count()
    expected = (
        f"得分：首次即答对 0 / {total} 题（已答 1 题）"
        if path.startswith("zh/")
        else f"Score: 0 of {total} right at the first try (1 answered)"
    )
    assert expected in score
    page.close()
    assert not errors, errors


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """The two quizzes of GOOD, built once into a temporary site."""
    result, out = build(tmp_path_factory.mktemp("quizsite"), GOOD)
    assert result == 0, result
    return out


def test_the_small_page_scores_clicks_offline(browser, small_site):
    page, errors = _open(browser, small_site / "page.html")
    single, multiple = page.locator(".cx-quiz").nth(0), page.locator(".cx-quiz").nth(1)
    single.locator(".cx-quiz-option").nth(0).click()  # A: wrong
    assert "✗" in single.locator(".cx-quiz-verdict").inner_text()
    assert not single.locator(".cx-quiz-explanation").is_visible()
    single.locator(".cx-quiz-option").nth(1).click()  # B: right
    assert "✓" in single.locator(".cx-quiz-verdict").inner_text()
    assert single.locator(".cx-quiz-explanation").is_visible()
    # two right answers: choose A and C with the keyboard, then check
    multiple.locator(".cx-quiz-option").nth(0).focus()
    page.keyboard.press("Space")
    multiple.locator(".cx-quiz-option").nth(2).focus()
    page.keyboard.press("Enter")
    multiple.locator(".cx-quiz-check").click()
    assert "✓" in multiple.locator(".cx-quiz-verdict").inner_text()
    score = page.locator(".cx-quiz-score").inner_text()
    assert "Score: 1 of 2 right at the first try (2 answered)" in score
    page.close()
    assert not errors, errors
