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
import quiz  # noqa: E402

GOOD = """# Page

```{quiz}
:answer: B

Which scores make a respondent a *promoter*?

- 7 to 10
- 9 or 10
- 10 only

Promoters answer 9 or 10 (section "The question").
```

```{quiz}
:answer: A, C

Which two are right?

- one
- two
- three

One and three.
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


def build(tmp_path: Path, page: str, trainer: bool = False) -> tuple[int | Exception, Path]:
    """Build a two-page book (page.md and a notebook with a hidden solution) into tmp_path."""
    from jupyter_book.sphinx import build_sphinx

    src = tmp_path / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "page.md").write_text(page, encoding="utf-8")
    (src / "exercise.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    (src / "_toc.yml").write_text(
        "format: jb-book\nroot: page\nchapters:\n  - file: exercise\n", encoding="utf-8"
    )
    (src / "_config.yml").write_text(
        "title: Quiz test\nexecute:\n  execute_notebooks: 'off'\n"
        f"sphinx:\n  local_extensions:\n    quiz: {EXT}\n    offline_site: {EXT}\n",
        encoding="utf-8",
    )
    out = tmp_path / "html"
    result = build_sphinx(
        src,
        out,
        use_external_toc=True,
        noconfig=True,
        path_config=str(src / "_config.yml"),
        confoverrides={
            "external_toc_path": "_toc.yml",
            "latex_individualpages": False,
            "cx_trainer": trainer,
        },
        builder="html",
        doctreedir=tmp_path / "doctrees",
        freshenv=True,
        warningiserror=True,
        keep_going=True,
        quiet=True,
    )
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
    option = "" if answer is None else f":answer: {answer}\n"
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
    result, _ = build(tmp_path, f"# Page\n\n```{{quiz}}\n:answer: A\n\n{body}\n```\n")
    assert isinstance(result, quiz.QuizError), result
    assert "page.md" in str(result) and message in str(result)


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
