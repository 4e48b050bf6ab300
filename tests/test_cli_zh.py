"""cx's errors in Chinese under ``CXLIB_LANG=zh`` (cxlib/cli/errors.py): the same facts and the
same exit status as in English, no English word left but the file's own names and cx's options;
the English messages unchanged."""

import re
import sys
from pathlib import Path

import pytest

from cxlib import cli, language
from cxlib.cli import errors

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import cxlib_messages  # noqa: E402

#: What may stay Latin in a Chinese message: cx's options and their values, encodings, formats,
#: programs, and the words cx looks for in a header.
CODE = re.compile(
    r"--[\w-]+(?: (?:mixed|utf-16|big5|latin-1|COLUMN|NAME|\d+-\d+))?|\bcp1252\b|\bUTF-(?:8|16)\b"
    r"|\bGB18030\b|\bGBK\b|\bNUL\b|\bCSV\b|\bExcel\b|\bWPS\b|\bDuckDB\b|\bQualtrics\b|recommend"
    r"|\bNPS\b|\bN/A\b|\bCR\b|\bLF\b|\.csv|\.xlsx|\bcx\b|\bcompare\b"
)
NUMBER = re.compile(r"\d+")


def _bad_inputs(folder: Path) -> list[list[str]]:
    """The mistakes a trainer makes, one cx command line each."""
    write = {
        "good.csv": "city,score\n上海,9\n北京,7\n上海,3\n",
        "header_only.csv": "city,score\n",
        "empty.csv": "",
        "words.csv": "city,score\n上海,9\n北京,eleven\n",
        "range.csv": "city,score\n上海,9\n北京,12\n",
        "missing.csv": "city,score\n上海,9\n北京,\n上海,3\n",
        "blank_city.csv": "city,score\n上海,9\n,8\n",
        "twice.csv": "score,score\n9,8\n",
        "title.csv": "满意度调查 2025\n\ncity,score\n上海,9\n",
        "no_score.csv": "a,b\n1,2\n",
    }
    for name, text in write.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "gbk_in_utf8.csv").write_bytes(b"city,score\n" + "上海,9\n".encode("gbk"))
    (folder / "binary.csv").write_bytes(bytes(range(128, 256)) * 2)
    f = {name: str(folder / name) for name in [*write, "gbk_in_utf8.csv", "binary.csv"]}
    return [
        ["nps", str(folder / "nowhere.csv")],  # missing file
        ["nps", str(folder)],  # a folder
        ["nps", f["good.csv"], "--score", "ltr"],  # unknown column
        ["nps", f["good.csv"], "--score", "score", "--by", "cty"],  # a near miss
        ["nps", f["empty.csv"]],
        ["nps", f["header_only.csv"], "--score", "score"],  # empty export
        ["nps", f["words.csv"], "--score", "score"],
        ["nps", f["good.csv"], "--score", "city"],
        ["nps", f["range.csv"], "--score", "score"],
        ["nps", f["range.csv"], "--score", "score", "--scale", "1-11"],
        ["nps", f["good.csv"], "--score", "score", "--scale", "1-x"],
        ["nps", f["missing.csv"], "--score", "score"],
        ["nps", f["blank_city.csv"], "--score", "score", "--by", "city"],
        ["nps", f["twice.csv"], "--score", "score"],
        ["nps", f["title.csv"], "--score", "score"],
        ["nps", f["no_score.csv"]],
        ["nps", f["gbk_in_utf8.csv"], "--score", "score", "--encoding", "utf-8"],  # wrong encoding
        ["nps", f["binary.csv"]],
        ["compare", f["good.csv"], "--score", "score", "--by", "city", "上海", "广州"],
        ["nps", str(FIXTURES / "gbk_utf8_lines.csv"), "--score", "score"],
        ["nps", str(FIXTURES / "big5.csv")],
        ["nps", str(FIXTURES / "bad_utf16.csv")],
        ["nps", str(FIXTURES / "lone_cr.csv"), "--score", "score"],
        ["nps", str(FIXTURES / "quote_inner.csv"), "--score", "score"],
        ["nps", str(FIXTURES / "space_before_quote.csv"), "--score", "score"],
        ["nps", str(FIXTURES / "formula_no_cache.xlsx"), "--score", "score"],
        ["nps", str(FIXTURES / "qualtrics_1_11.csv"), "--score", "Q1"],
        ["nps", str(FIXTURES / "nul_label.csv"), "--score", "score"],
    ]


def _run(capsys, monkeypatch, lang: str, argv: list[str]) -> tuple[int, str]:
    monkeypatch.setenv("CXLIB_LANG", lang)
    monkeypatch.setattr(language, "_language", None)
    code = cli.main(argv)
    return code, capsys.readouterr().err


def _facts(line: str, argv: list[str]) -> str:
    """A message without what it quotes from the file and the command line."""
    paths = [value for value in argv if "/" in value]
    for value in sorted(paths, key=len, reverse=True):  # the file, first
        line = line.replace(value, " ")
    line = CODE.sub(" ", line)
    for value in sorted(set(argv) - set(paths), key=len, reverse=True):  # column names
        line = line.replace(value, " ")
    return re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", " ", line)  # values and names from the file


def test_errors_in_chinese_with_the_same_facts_and_status(capsys, monkeypatch, tmp_path):
    for argv in _bad_inputs(tmp_path):
        code_en, err_en = _run(capsys, monkeypatch, "en", argv)
        code_zh, err_zh = _run(capsys, monkeypatch, "zh", argv)
        english, chinese = err_en.splitlines()[-1], err_zh.splitlines()[-1]
        assert code_en == code_zh == 2, (argv, err_en, err_zh)
        assert english.startswith("cx: error: ") and chinese.startswith("cx：错误："), chinese
        left = cxlib_messages.english_words(_facts(chinese, argv))
        assert not left, f"English {left} left in\n{chinese}\n(from {english})"
        assert sorted(NUMBER.findall(chinese)) == sorted(NUMBER.findall(english)), (
            f"the facts differ:\n{english}\n{chinese}"
        )
        for quoted in re.findall(r"'[^']*'", english):  # names and values, as the file has them
            assert quoted in chinese, (quoted, chinese)
        assert "cx：错误：" not in err_en and "已读取" not in err_en  # English stays English


def test_the_english_errors_are_unchanged(capsys, monkeypatch, tmp_path):
    """Byte for byte what cx printed before it could speak Chinese (messages from its tests)."""
    folder = str(tmp_path)
    code, err = _run(capsys, monkeypatch, "en", ["nps", f"{folder}/nowhere.csv"])
    assert (code, err) == (2, f"cx: error: {folder}/nowhere.csv: no such file\n")
    (tmp_path / "a.csv").write_text("city,score\n上海,9\n北京,eleven\n", encoding="utf-8")
    code, err = _run(capsys, monkeypatch, "en", ["nps", f"{folder}/a.csv", "--score", "score"])
    assert code == 2 and err == (
        f"read {folder}/a.csv: encoding utf-8\n"
        f"cx: error: {folder}/a.csv: column 'score' has 1 answer that is not a number: "
        "line 3 'eleven'\n"
    )


def test_a_message_without_a_pattern_stays_as_it_was():
    assert errors.translate("x.csv: something new went wrong") == "x.csv: something new went wrong"
    assert errors.error_line("x.csv: oops", chinese=False) == "cx: error: x.csv: oops"


@pytest.mark.parametrize(("english", "chinese"), errors.MESSAGES)
def test_every_pattern_keeps_its_facts_and_leaves_no_english(english, chinese):
    fields = re.findall(r"\{(\w+)\}", english)
    assert sorted(fields) == sorted(re.findall(r"\{(\w+)\}", chinese)), english
    assert NUMBER.findall(re.sub(r"\{\w+\}", " ", english)) == NUMBER.findall(
        re.sub(r"\{\w+\}", " ", chinese)
    ) or sorted(NUMBER.findall(english)) == sorted(NUMBER.findall(chinese)), english
    left = cxlib_messages.english_words(_facts(re.sub(r"\{\w+\}", " ", chinese), []))
    assert not left, (left, chinese)


def test_headings_follow_the_language(capsys, monkeypatch, tmp_path):
    (tmp_path / "a.csv").write_text("city,score\n上海,9\n北京,7\n", encoding="utf-8")
    monkeypatch.setenv("CXLIB_LANG", "zh")
    monkeypatch.setattr(language, "_language", None)
    assert cli.main(["nps", str(tmp_path / "a.csv"), "--score", "score"]) == 0
    out, err = capsys.readouterr()
    assert "净推荐值" in out and "总体" in out and err.startswith("已读取 ")
