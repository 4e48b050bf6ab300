"""Make the downloadable course bundle ``dist/cx-workbook-<version>.zip`` (``make bundle``).

The bundle is for studying with no internet: the built site (open ``site/index.html``), the
notebooks, case studies and datasets, the printable worksheets and the Excel calculator
(``worksheets/``, from ``make worksheets excel``), a wheel of cxlib, a ``requirements.txt``
with the learner's packages only (``requirements-learner.txt``: that wheel with its extras,
JupyterLab, ipykernel, ipywidgets), and ``START-HERE.md`` in English and Chinese.
The script prints the bundle's size and SHA-256 and writes the checksum beside it
(``sha256sum -c`` format).

Usage: ``python book/_ext/bundle.py SITE WHEEL OUT_DIR`` (the Makefile passes the paths).
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import zh_notebooks

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("notebooks", "casestudies", "datasets")
SKIP = {".ipynb_checkpoints", "__pycache__"}
#: Folders whose PDFs and Excel files go into the bundle's worksheets/ (when they were made).
KIT = (ROOT / "_build" / "worksheets", ROOT / "_build" / "excel")
#: The whole book as PDF, one file per language (``make pdf``), put at the bundle's top.
BOOK_PDFS = ROOT / "_build" / "pdf"
#: The classroom kits (``make kit``): course_NNN/{zh,en}/, carried as the bundle's kit/.
CLASSROOM_KIT = ROOT / "_build" / "kit"
#: The editable lecture decks (``make slides``), carried as the bundle's slides/.
DECKS = ROOT / "_build" / "slides"

START_HERE = """# CX Workbook {version} · 客户体验分析练习册

## Read the book · 阅读课程

Open `site/index.html` in a web browser (double-click it). Everything works offline: formulas,
pictures, Chinese text and the widgets' saved states. The Chinese edition is `site/zh/index.html`;
the button at the top of every page switches to the same page in the other language.

用浏览器打开 `site/zh/index.html`（中文版，双击即可；英文版为 `site/index.html`）。无需联网：公式、
图表、中文和交互组件都能正常显示。每页顶部的按钮可切换到另一种语言的同一页。

{lite}## Run the notebooks in your own Python · 在本机 Python 中运行练习

The notebooks need Python 3.11 or newer and the packages in `requirements.txt`, installed once
(this step needs a connection to PyPI or to a local package mirror):

练习需要 Python 3.11 及以上版本，并一次性安装 `requirements.txt` 中的软件包（安装时需要连接 PyPI
或本地镜像）：

```sh
python -m venv .venv
. .venv/bin/activate            # Windows: .venv\\Scripts\\activate
python -m pip install -r requirements.txt
jupyter lab notebooks/01_nps.ipynb      # 中文版练习：notebooks/01_nps_zh.ipynb
```

Every notebook has a Chinese copy beside it (`*_zh.ipynb`): the same code, Chinese text, and
pictures drawn with Chinese labels.
每个练习都有中文版（`*_zh.ipynb`）：代码相同，说明为中文，图表标签也是中文。

After that, no network is needed: the datasets are in `datasets/` and inside the cxlib wheel.

安装完成后即可离线学习：数据集在 `datasets/` 文件夹和 cxlib 安装包中。

## What is inside · 内容

| | |
|---|---|
| `site/` | the course book (HTML) · 课程网站 |
| `notebooks/` | workbook notebooks · 练习册 |
| `casestudies/` | case studies · 案例研究 |
| `datasets/` | synthetic datasets with their data dictionaries · 合成数据及数据字典 |
| `worksheets/` | A4 worksheets (PDF), NPS/CSAT calculator (Excel) · 练习单与 Excel 计算器 |
| `kit/` | each course's classroom kit: open `kit/course_NNN/zh/index.html` · 课堂资料包 |
| `slides/` | lecture decks to edit in PowerPoint or WPS, with notes · 可编辑的课程幻灯片 |
| `cx-workbook-*.pdf` | the whole book as PDF (en, zh) · 全书 PDF（英文版、中文版） |
| `{wheel}` | the cxlib helper library · 辅助库 |
| `requirements.txt` | the packages the notebooks use · 所需软件包 |

Every dataset is synthetic (合成数据): invented for teaching, describing no real company or
customer; the one exception, `cdnow_sample`, is a real public sample of CDNOW's customers
(Fader & Hardie), used to test a model against its published estimates · 唯一例外 `cdnow_sample`
是公开的真实数据。
"""


LITE = """## Run the notebooks in your browser, nothing to install · 在浏览器中运行（无需安装）

`site/lite/` runs every notebook inside the web browser (JupyterLite with Python compiled to
WebAssembly): no Python, no installation, no internet. A browser only runs it from a web server,
so start the small one that comes with the course, in a terminal opened in this folder:

练习也可直接在浏览器中运行（`site/lite/`）：无需安装 Python，无需联网。
浏览器需要通过本地网页服务器打开它，请在本文件夹中打开终端，运行下列命令之一：

| Computer · 电脑 | Command · 命令 |
|---|---|
| Windows, no Python · 未安装 Python | `powershell -ExecutionPolicy Bypass -File serve.ps1` |
| Windows with Python · 已安装 Python | `py serve.py` |
| macOS, Linux | `python3 serve.py` |

Then open <http://localhost:8765/lite/tree/index.html> (the book itself is at
<http://localhost:8765/>, and every notebook page has a "Run in browser · 在浏览器中运行" link).
Chrome, Edge or Firefox; the first cell takes 15–60 s while Python starts, the next ones are
quick. Your edits are kept in the browser's storage, not in these files (download a notebook to
keep it). Charts in the browser have no Chinese font, so Chinese labels show as boxes there; the
book's pictures and your own Python show them. Stop the server with Ctrl+C.

然后打开 <http://localhost:8765/lite/tree/index.html>（课程网站在
<http://localhost:8765/>，每个练习页面都有"Run in browser · 在浏览器中运行"链接）。
请使用 Chrome、Edge 或 Firefox；第一个单元格需等待 15–60 秒启动 Python，之后运行很快。
修改保存在浏览器中，不会写回这些文件（如需保留请下载练习册）。
浏览器中的图表没有中文字体，中文标签会显示为方框（课程网站和本机 Python 中的图表不受影响）。
按 Ctrl+C 停止服务器。

"""


def version() -> str:
    """The course version: cxlib's version in pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


#: The learner's packages (cxlib with its extras, JupyterLab): the bundle's requirements.txt.
LEARNER = ROOT / "requirements-learner.txt"


def bundle_requirements(wheel_name: str, source: Path = LEARNER) -> str:
    """The learner's requirements with the editable checkout replaced by the bundled wheel.

    Only the learner's set (``requirements-learner.txt``): the developers' tools (the book, the
    tests, lint) stay in the repository's ``requirements.txt``.
    """
    lines = source.read_text(encoding="utf-8").splitlines()
    replaced = [
        f"./{wheel_name}{line.strip().removeprefix('-e .')}"
        if line.strip().startswith("-e .")
        else line.replace("this checkout", "the bundled wheel")
        for line in lines
    ]
    if replaced == lines:
        raise ValueError(f"{source.name} has no '-e .' line to replace with the cxlib wheel")
    return "\n".join(replaced) + "\n"


def _files(folder: Path) -> list[Path]:
    """Every file below folder, sorted, without caches and checkpoints."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not SKIP & set(path.relative_to(folder).parts)
    )


def make_bundle(
    site: Path,
    wheel: Path,
    out_dir: Path,
    kit: tuple[Path, ...] = KIT,
    book_pdfs: Path = BOOK_PDFS,
    classroom_kit: Path = CLASSROOM_KIT,
    decks: Path = DECKS,
) -> Path:
    """Write the zip and its .sha256 file; return the zip's path.

    The PDFs and .xlsx files found in the ``kit`` folders go into ``worksheets/``; the book's
    PDFs found in ``book_pdfs`` (``cx-workbook-*.pdf``) go to the top; the classroom kits'
    ``course_NNN/`` folders (``make kit``) go into ``kit/``; the editable decks found in
    ``decks`` (``course_NNN_<lang>.pptx``, ``make slides``) go into ``slides/``.
    """
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"no built site at {site}: run `make book` first")
    if not wheel.is_file():
        raise FileNotFoundError(f"no cxlib wheel at {wheel}")
    name = f"cx-workbook-{version()}"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.zip"
    partial = target.with_suffix(".zip.partial")  # never leave a half-written bundle behind
    with zipfile.ZipFile(
        partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        lite = (site / "lite" / "index.html").is_file()  # make lite ran before make book
        archive.writestr(
            f"{name}/START-HERE.md",
            START_HERE.format(version=version(), wheel=wheel.name, lite=LITE if lite else ""),
        )
        if lite:  # the local web servers, beside START-HERE.md
            for server in ("serve.py", "serve.ps1"):
                archive.write(site / "lite" / server, f"{name}/{server}")
        archive.writestr(f"{name}/requirements.txt", bundle_requirements(wheel.name))
        archive.write(wheel, f"{name}/{wheel.name}")
        for path in _files(site):
            archive.write(path, f"{name}/site/{path.relative_to(site).as_posix()}")
        for folder in FOLDERS:
            for path in _files(ROOT / folder):
                archive.write(path, f"{name}/{path.relative_to(ROOT).as_posix()}")
        for folder in kit:
            for path in sorted([*folder.glob("*.pdf"), *folder.glob("*.xlsx")]):
                archive.write(path, f"{name}/worksheets/{path.name}")
        for path in sorted(book_pdfs.glob("cx-workbook-*.pdf")):
            archive.write(path, f"{name}/{path.name}")
        for course in sorted(classroom_kit.glob("course_*")):
            for path in _files(course):
                archive.write(path, f"{name}/kit/{path.relative_to(classroom_kit).as_posix()}")
        for path in sorted(decks.glob("course_*.pptx")):
            archive.write(path, f"{name}/slides/{path.name}")
        with tempfile.TemporaryDirectory() as tmp:  # the notebooks' Chinese copies
            for path, left in zh_notebooks.write_all(Path(tmp)).items():
                if left:
                    raise ValueError(f"{path.name}: {len(left)} paragraph(s) not translated")
                archive.write(path, f"{name}/{path.relative_to(tmp).as_posix()}")
    partial.replace(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    target.with_suffix(".zip.sha256").write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    print(f"{target}: {target.stat().st_size / 2**20:.1f} MiB, SHA-256 {digest}")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    make_bundle(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
