"""The rules that make a quiz measure (book/_ext/quiz.py applies them at build time).

Each question names the learning outcome it tests (``:outcome:``); a quiz set whose right answer
is the strictly longest option in more than :data:`LONGEST_LIMIT` of its questions is refused,
and so is a course quiz that leaves one of its course's outcomes untested. The outcomes are the
numbered list under "Learning outcomes" in each course's guide (``book/_ext/kit.py``).

:data:`TRANSITIONAL` is the one place that lists the quiz pages written before these rules: the
build reports their problems instead of refusing them. Whoever rewrites a page's quizzes removes
the page from it.

Usage: ``python book/_ext/quiz_rules.py`` prints, per quiz page and language, how often the right
answer is the longest option (from the page sources and the Chinese catalogues) and how many
questions name an outcome.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from sphinx.errors import SphinxError

ROOT = Path(__file__).resolve().parents[2]
LETTERS = "ABCDEFGHIJ"


class QuizError(SphinxError):
    """A quiz that cannot be scored or does not measure (reported with its page and line)."""

    category = "Quiz error"


#: A quiz set fails when its right answer is the strictly longest option in more than this share
#: of its questions (with three options, chance alone gives about a third).
LONGEST_LIMIT = 1 / 3
#: Quiz pages written before the rules of "Quizzes that measure": the build reports their
#: problems instead of refusing them. Remove a page once its quizzes name outcomes and pass.
TRANSITIONAL = frozenset(
    {
        "book/quizzes/course_000",
        "book/quizzes/course_002",
        "book/customer_behaviour",
        "book/emotions",
        "book/incentives",
        "book/motivations",
        "book/nps",
        "book/peakend",
        "book/personality_types",
        "book/roleplays",
        "book/service_psychology",
        "book/sharing",
        "book/touchpoints",
    }
)
_COURSE_PAGE = re.compile(r"(?:^|/)quizzes/course_(\d{3})$")
_OUTCOME = re.compile(r"^(?:(\d{3})\.)?(\d+)$")


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
    quiz_rules.QuizError: nps.md:9: quiz outcome '2' names no course: ... ':outcome: 002.2'
    >>> parse_outcomes("7", "book/quizzes/course_002", "p.md:4", known)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    quiz_rules.QuizError: p.md:4: quiz outcome '7': course 002's guide has outcomes 1 to 3 ...
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


def check_rules(app, env) -> None:
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
    sys.exit(measure())
