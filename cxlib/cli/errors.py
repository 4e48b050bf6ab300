"""``cx``'s one-line errors and reading notes in Chinese, with the same facts.

When the reader's language is Chinese (``CXLIB_LANG=zh``, :func:`cxlib.language.get_language`),
``cx`` prints the errors a trainer meets on bad input (a missing file, an unknown column, a file in
the wrong encoding, an empty export, answers that are not scores, ...) in Chinese. The English
message stays the source: the errors are raised in English by the reading pipeline
(:mod:`cxlib.layout`, :mod:`cxlib.lines`, :mod:`cxlib.sheets`, :mod:`cxlib.cli.checks`), and this
module matches the finished line against :data:`MESSAGES` and rewrites it, copying every fact
(file, column, line numbers, counts, values) as it was. A message with no pattern here prints in
English, as before; in English nothing changes.

A pattern is the English message with ``{name}`` where a fact stands (any text, as short as
possible); its Chinese names the same facts. The facts that are themselves English phrases
(``line 3 'eleven'``, the hint in brackets after a list of values) are rewritten by
:data:`PHRASES`.

Examples
--------
>>> translate("survey.csv: no column 'ltr' (columns: 'city', 'score')")
"survey.csv：没有名为 'ltr' 的列（现有的列：'city', 'score'）"
>>> translate("a.csv: column 'score' has 1 answer that is not a number: line 3 'eleven'")
"a.csv：'score' 列有 1 个回答不是数字：第 3 行 'eleven'"
>>> translate("an error nobody wrote a pattern for")
'an error nobody wrote a pattern for'
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["MESSAGES", "PHRASES", "error_line", "translate"]

#: English pattern -> Chinese, for whole messages; the first pattern that matches is used.
MESSAGES: tuple[tuple[str, str], ...] = (
    # the file itself
    ("{file}: no such file", "{file}：找不到这个文件"),
    (
        "{file}: is a folder, not a file; name the export file inside it",
        "{file}：这是一个文件夹，不是文件；请指定文件夹里的导出文件",
    ),
    ("{file}: cannot be read (permission denied)", "{file}：无法读取（没有权限）"),
    (
        "{file}: is not a regular file (a pipe or a device?); cx reads a file twice (to find its "
        "layout, then to count), so save the export to a file first",
        "{file}：不是普通文件（是管道或设备？）；cx 要把文件读两遍（先识别格式，再计数），"
        "请先把导出结果保存成文件",
    ),
    ("{file}: the file is empty", "{file}：文件是空的"),
    ("{file}: the file has a header but no answers", "{file}：文件只有表头，没有任何回答"),
    ("{file}: the file has a header but no rows", "{file}：文件只有表头，没有任何数据行"),
    (
        "{file}: unknown file type {suffix}; use .csv or .xlsx",
        "{file}：无法识别的文件类型 {suffix}；请使用 .csv 或 .xlsx 文件",
    ),
    (
        "{file}: the file changed while cx read it (is it still being written?); wait until it "
        "is complete and run cx again",
        "{file}：cx 读取期间文件发生了变化（是否仍在写入？）；请等文件写完后再运行 cx",
    ),
    (
        "{file}: line {line} looks like a title ({title}), not a header; if the header is on "
        "line {header}, pass --header-row {row}",
        "{file}：第 {line} 行像是标题（{title}），而不是表头；如果表头在第 {header} 行，"
        "请加上 --header-row {row}",
    ),
    (
        "{file}: --header-row counts from 1, got {row}",
        "{file}：--header-row 从 1 开始计数，收到的是 {row}",
    ),
    (
        "{file}: --header-row {row} is beyond the end of the sheet",
        "{file}：--header-row {row} 超出了工作表的最后一行",
    ),
    (
        "{file}: --header-row {row} is beyond the start of the file or inside a quoted answer",
        "{file}：--header-row {row} 超出了文件范围，或落在一个带引号的回答中间",
    ),
    # encodings
    (
        "{file}: line {line} is GB18030 (GBK) text ({text}) although the file is UTF-8: the file "
        "mixes encodings (two programs wrote to it?); save it in one encoding, or pass --encoding "
        "mixed to read each line in the encoding it is valid in",
        "{file}：文件是 UTF-8 编码，但第 {line} 行是 GB18030（GBK）文本（{text}）：文件混用了"
        "两种编码（是两个程序先后写入的吗？）；请把它另存为同一种编码，或加上 --encoding mixed，"
        "让每一行按它自己有效的编码读取",
    ),
    (
        "{file}: line {line} is UTF-8 text ({text}) although the file is GB18030 (GBK): read as "
        "GBK it would be {gbk}; the file mixes encodings (two programs wrote to it?); save it in "
        "one encoding, or pass --encoding mixed to read each line in the encoding it is valid in",
        "{file}：文件是 GB18030（GBK）编码，但第 {line} 行是 UTF-8 文本（{text}），按 GBK 读出来"
        "会是 {gbk}；文件混用了两种编码（是两个程序先后写入的吗？）；请把它另存为同一种编码，"
        "或加上 --encoding mixed，让每一行按它自己有效的编码读取",
    ),
    (
        "{file}: line {line} is neither UTF-8 nor GB18030 (GBK); {hint}",
        "{file}：第 {line} 行既不是 UTF-8 也不是 GB18030（GBK）编码；{hint}",
    ),
    (
        "{file}: line {line} is neither UTF-8 nor plausible GB18030 (GBK) text ({text}); {hint}",
        "{file}：第 {line} 行既不是 UTF-8，也不像 GB18030（GBK）中文文本（{text}）；{hint}",
    ),
    (
        "{file}: line {line} is not UTF-8 although the start of the file is (the file mixes "
        "encodings?); {hint}",
        "{file}：文件开头是 UTF-8 编码，第 {line} 行却不是（文件混用了编码？）；{hint}",
    ),
    (
        "{file}: line {line} is not UTF-8 although the start of the file is; {hint}",
        "{file}：文件开头是 UTF-8 编码，第 {line} 行却不是；{hint}",
    ),
    (
        "{file}: line {line} has a NUL byte (\\0): the file holds binary data, or is UTF-16 "
        "(--encoding utf-16)",
        "{file}：第 {line} 行含有 NUL 字节（\\0）：这是二进制数据，或者是 UTF-16 编码的文件"
        "（--encoding utf-16）",
    ),
    (
        "{file}: line {line} cannot be read as {encoding} (byte {byte})",
        "{file}：第 {line} 行无法按 {encoding} 编码读取（第 {byte} 字节）",
    ),
    (
        "{file}: line {line} ends in the middle of a character: the file was cut short (is it "
        "still being written?); wait until it is complete, or export it again",
        "{file}：第 {line} 行在一个字符的中间结束：文件不完整（是否仍在写入？）；"
        "请等文件写完，或重新导出",
    ),
    (
        "{file}: the text is not UTF-8, and read as GB18030 it is not plausible Chinese (line "
        "{line}: {text}); {hint}",
        "{file}：文本不是 UTF-8 编码，按 GB18030 读出来也不像中文（第 {line} 行：{text}）；{hint}",
    ),
    (
        "{file}: the file starts with a UTF-16 byte-order mark; pass --encoding utf-16 (or save it "
        "as UTF-8)",
        "{file}：文件以 UTF-16 字节顺序标记开头；请加上 --encoding utf-16（或把它另存为 UTF-8）",
    ),
    # CSV structure
    (
        "{file}: line {line}: a carriage return (CR) inside a field: {text}; rows end at a line "
        "feed (LF or CR LF); save the file again, e.g. as 'CSV UTF-8' from Excel",
        "{file}：第 {line} 行：字段中间有一个回车符（CR）：{text}；每一行应以换行符（LF 或 CR LF）"
        "结束；请重新保存文件，例如在 Excel 中另存为 'CSV UTF-8'",
    ),
    (
        "{file}: line {line}: text after the quote that closes a field (then {after}): {text}; a "
        "backslash before a quote is not CSV: a quote inside a quoted answer is written twice "
        '("")',
        "{file}：第 {line} 行：结束字段的引号后面还有文字（接着是 {after}）：{text}；"
        'CSV 里不能用反斜杠转义引号：带引号的回答中的引号要写两次（""）',
    ),
    (
        "{file}: line {line}: text after the quote that closes a field (then {after}): {text}; a "
        'quoted answer ends with its quote; a quote inside it is written twice (""), e.g. '
        '"A""B"',
        "{file}：第 {line} 行：结束字段的引号后面还有文字（接着是 {after}）：{text}；"
        '带引号的回答以引号结束；其中的引号要写两次（""），例如 "A""B"',
    ),
    (
        "{file}: line {line}: a quote in the middle of a field (after {after}): {text}; an answer "
        "that holds the delimiter, a quote or a line break starts with the quote right after the "
        'delimiter ({example} — no space), and a quote inside it is written twice ("")',
        "{file}：第 {line} 行：字段中间出现了引号（在 {after} 之后）：{text}；"
        "含有分隔符、引号或换行的回答，要在分隔符后紧接着以引号开头（{example}，中间不留空格），"
        "其中的引号要写两次"
        '（""）',
    ),
    # Excel
    (
        "{file}: sheet {sheet} has {count} formula cells without a saved value ({cells}: e.g. "
        "{formula}); the program that wrote the file did not calculate them: open and save it in "
        "Excel or WPS first",
        "{file}：工作表 {sheet} 有 {count} 个公式单元格没有保存计算结果"
        "（{cells}：例如 {formula}）；写出这个文件的程序没有计算它们：请先用 Excel 或 WPS "
        "打开并保存",
    ),
    ("{file}: sheet {sheet} is empty", "{file}：工作表 {sheet} 是空的"),
    (
        "{file}: no sheet {sheet} (sheets: {sheets})",
        "{file}：没有工作表 {sheet}（现有工作表：{sheets}）",
    ),
    (
        "{file}: several visible sheets hold data ({sheets}) and the active one does not; pass "
        "--sheet NAME",
        "{file}：有几个可见的工作表都有数据（{sheets}），而当前工作表没有；"
        "请用 --sheet 工作表名 指定",
    ),
    ("{file}: no visible sheet holds data", "{file}：没有一个可见的工作表有数据"),
    # columns
    (
        "{file}: no column {column}; did you mean {close}? (columns: {columns})",
        "{file}：没有名为 {column} 的列；是不是 {close}？（现有的列：{columns}）",
    ),
    (
        "{file}: no column {column} (columns: {columns})",
        "{file}：没有名为 {column} 的列（现有的列：{columns}）",
    ),
    (
        "{file}: {count} columns are called {column} (columns {places} of the header); rename one "
        "so that the column meant is clear",
        "{file}：有 {count} 列都叫 {column}（表头的第 {places} 列）；请把其中一列改名，"
        "好分清要用哪一列",
    ),
    ("{file}: --by names {columns} more than once", "{file}：--by 重复指定了 {columns}"),
    (
        "{file}: compare takes one --by column (two segments of it)",
        "{file}：compare 只接受一个 --by 列（比较这一列中的两个细分群体）",
    ),
    (
        "{file}: no --score given and no numeric column asks about recommending "
        "(推荐/recommend/NPS); pass --score COLUMN (columns: {columns})",
        "{file}：没有指定 --score，也没有哪个数值列在问推荐意愿（列名含 推荐/recommend/NPS）；"
        "请用 --score 列名 指定（现有的列：{columns}）",
    ),
    (
        "{file}: several columns ask about recommending with 0-10 answers ({columns}); pass "
        "--score",
        "{file}：有几列都在问推荐意愿且回答为 0-10（{columns}）；请用 --score 指定",
    ),
    (
        "{file}: no --score given, and the columns that mention recommending do not hold 0-10 "
        "answers: {columns}; pass --score COLUMN",
        "{file}：没有指定 --score，而提到推荐的列里都不是 0-10 的回答：{columns}；"
        "请用 --score 列名 指定",
    ),
    # answers
    (
        "{file}: column {column} has {count} answer that is not a number: {lines}",
        "{file}：{column} 列有 {count} 个回答不是数字：{lines}",
    ),
    (
        "{file}: column {column} has {count} answers that are not numbers: {lines}",
        "{file}：{column} 列有 {count} 个回答不是数字：{lines}",
    ),
    (
        "{file}: column {column} has {count} answer that is not a whole number from {low} to "
        "{high}{stored}: {lines}; {fix}",
        "{file}：{column} 列有 {count} 个回答不是 {low} 至 {high} 的整数{stored}：{lines}；{fix}",
    ),
    (
        "{file}: column {column} has {count} answers that are not a whole number from {low} to "
        "{high}{stored}: {lines}; {fix}",
        "{file}：{column} 列有 {count} 个回答不是 {low} 至 {high} 的整数{stored}：{lines}；{fix}",
    ),
    (
        "{file}: column {column} has {count} missing answer (blank, N/A, (跳过) ...) on lines "
        "{lines}; pass --dropna to leave them out",
        "{file}：{column} 列有 {count} 个缺失的回答（空白、N/A、(跳过) 等），在第 {lines} 行；"
        "加上 --dropna 可以把它们排除",
    ),
    (
        "{file}: column {column} has {count} missing answers (blank, N/A, (跳过) ...) on lines "
        "{lines}; pass --dropna to leave them out",
        "{file}：{column} 列有 {count} 个缺失的回答（空白、N/A、(跳过) 等），在第 {lines} 行；"
        "加上 --dropna 可以把它们排除",
    ),
    (
        "{file}: column {column} has {count} blank segment labels on lines {lines}; pass --dropna "
        "to leave those answers out",
        "{file}：{column} 列有 {count} 个空白的细分群体标签，在第 {lines} 行；"
        "加上 --dropna 可以把这些回答排除",
    ),
    (
        "{file}: column {column} has no answers left (all {count} are missing)",
        "{file}：{column} 列没有剩下任何回答（全部 {count} 个都缺失）",
    ),
    (
        "{file}: no answers with {column} = {value} (values: {values})",
        "{file}：没有 {column} = {value} 的回答（现有的值：{values}）",
    ),
    (
        "{file}: {option} takes two whole numbers like 1-11, got {text}",
        "{file}：{option} 需要两个整数，例如 1-11，收到的是 {text}",
    ),
    (
        "{file}: {option} {text}: the stored scale must span {steps} steps like {low}-{high}",
        "{file}：{option} {text}：存储的量表必须跨 {steps} 级，例如 {low}-{high}",
    ),
    # engines
    ("{file}: the DuckDB engine reads CSV files only", "{file}：DuckDB 引擎只能读取 CSV 文件"),
    ("{file}: the DuckDB engine does not support --weights", "{file}：DuckDB 引擎不支持 --weights"),
    # the notes cx prints on the way
    ("wrote {file}", "已写入 {file}"),
    (
        "score: stored codes {scale} read as 0-10 (--scale)",
        "评分：存储的代码 {scale} 按 0-10 读取（--scale）",
    ),
    (
        "note: no answer is 0; if this export has option numbers rather than option texts, a 0-10 "
        "question is coded 1-11: check, and pass --scale 1-11 if so",
        "注意：没有一个回答是 0；如果这份导出存的是选项序号而不是选项文字，0-10 的题目会被编码为 "
        "1-11：请核对，如果确实如此，请加上 --scale 1-11",
    ),
    ("{option}: column {column} (found by its name)", "{option}：使用 {column} 列（按列名找到）"),
    (
        "{option}: left out {count} missing answers (--dropna)",
        "{option}：排除了 {count} 个缺失的回答（--dropna）",
    ),
    ("skipped the {option} section: {error}", "跳过了 {option} 部分：{error}"),
    ("read {file}: encoding {parts}", "已读取 {file}：编码 {parts}"),
    (
        "left out {count} missing answers, {blank} with a blank segment label{weights} (--dropna)",
        "排除了 {count} 个缺失的回答、{blank} 个细分群体标签为空的回答{weights}（--dropna）",
    ),
)

#: English phrases inside facts (regular expression -> Chinese, ``\\1`` for what it keeps).
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\blines? (\d[\d,]*)", r"第 \1 行"),
    (r", \.\.\.$", "，……"),
    (r"^correct or remove it$", "请更正或删除这个回答"),
    (r"^correct or remove them$", "请更正或删除这些回答"),
    (r"^ \(stored as (\S+)\)$", r"（存储为 \1）"),
    (
        r"^the answers run from (\S+) to (\S+): a (\S+) scale stored as (\S+)\? pass (\S+) (\S+) "
        r"to read (\S+) as (\S+) \.\.\. (\S+) as (\S+)$",
        r"回答的范围是 \1 至 \2：是把 \3 的量表存成了 \4 吗？请加上 \5 \6，"
        r"把 \7 读作 \8……把 \9 读作 \10",
    ),
    (r"^ and (\S+) without a weight$", r"，以及 \1 个没有权重的回答"),
    (
        r"pass --encoding \(for example --encoding big5 for traditional Chinese, --encoding "
        r"latin-1 or cp1252 for Western European text\)",
        "请用 --encoding 指定编码（例如繁体中文用 --encoding big5，西欧文字用 --encoding latin-1 "
        "或 cp1252）",
    ),
    (
        r" \(the header again: two exports joined into one file\? remove the repeated header "
        r"lines\)$",
        "（又是表头：两份导出拼成了一个文件？请删掉重复的表头行）",
    ),
    (
        r" \(a decimal comma\? write decimals with a point, e\.g\. 7\.5\)$",
        "（用了小数逗号？小数请用小数点，例如 7.5）",
    ),
    (
        r" \(several answers joined with ┋: a multi-select question, not a score\)$",
        "（几个答案用 ┋ 连在一起：这是多选题，不是评分）",
    ),
    (
        r" \(a number in exponent notation: write it out, e\.g\. 10\)$",
        "（数字用了科学计数法：请写成普通数字，例如 10）",
    ),
    (
        r" \(scores written with a unit such as 9分\? pass --unit 分\)$",
        "（分数带了单位，比如 9分？请加上 --unit 分）",
    ),
    (r"(?<!-)\bdelimiter comma\b", "分隔符为逗号"),
    (r"(?<!-)\bdelimiter semicolon\b", "分隔符为分号"),
    (r"(?<!-)\bdelimiter tab\b", "分隔符为制表符"),
    (r"(?<!-)\bdelimiter bar\b", "分隔符为竖线"),
    (r" \(Excel's sep= line\)", "（Excel 的 sep= 行）"),
    (r", (?=第 |\d|分隔符|只有一列|表头|跳过|平台)", "，"),  # not inside a value from the file
    (r"\bone column\b", "只有一列"),
    (r"\bheader on line (\d+)", r"表头在第 \1 行"),
    (r"\bskipped (\d+) Qualtrics header rows", r"跳过了 \1 行 Qualtrics 表头"),
    (r"\bplatform (.+?)(?=, |$)", r"平台 \1"),
)
#: Facts that are optional phrases, matched by their own shape (others: any text).
SHAPES = {"stored": r"(?: \(stored as [^()]*\))?", "weights": r"(?: and \S+ without a weight)?"}
#: Facts copied as they are: names and values from the file, never rewritten.
VERBATIM = (
    *("file", "column", "columns", "close", "value", "values", "text", "gbk", "title"),
    *("after", "example", "sheet", "sheets", "formula"),
)


@cache
def _patterns() -> tuple[tuple[re.Pattern, str], ...]:
    compiled = []
    for english, chinese in MESSAGES:
        parts = re.split(r"\{(\w+)\}", english)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>{SHAPES.get(part, '.*?')})"
            for i, part in enumerate(parts)
        )
        compiled.append((re.compile(regex, re.DOTALL), chinese))
    return tuple(compiled)


def _phrase(text: str) -> str:
    for pattern, chinese in PHRASES:
        text = re.sub(pattern, chinese, text)
    return text


def translate(message: str) -> str:
    """One of cx's English errors or notes in Chinese, the facts unchanged; any other message as
    it is."""
    for pattern, chinese in _patterns():
        found = pattern.fullmatch(message)
        if found:
            facts = {
                name: value if name in VERBATIM else _phrase(value)
                for name, value in found.groupdict().items()
            }
            if "error" in facts:  # a message inside a note: translated on its own
                facts["error"] = translate(found["error"])
            return chinese.format(**facts)
    return message


def error_line(message: str, chinese: bool) -> str:
    """The line ``cx`` prints for an error: ``cx: error: ...`` or ``cx：错误：...``."""
    return f"cx：错误：{translate(message)}" if chinese else f"cx: error: {message}"
