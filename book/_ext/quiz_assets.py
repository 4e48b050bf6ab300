"""The quiz's page assets: the offline script and the stylesheet, written into ``_static``.

:data:`JS` marks a clicked option right or wrong, reveals the explanation and keeps the score
(no library, no network, ``file://`` safe, keyboard and live-region accessible, its interface
text in the page's language); :data:`CSS` styles the quiz and the trainer edition's shown
solutions. :func:`write_assets` writes both when an HTML build finishes. Separate from
:mod:`quiz` (the directive, its nodes and the trainer build) because this is what runs in the
reader's browser, not in Sphinx.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

JS_FILE = "cx-quiz.js"
CSS_FILE = "cx-quiz.css"


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
