"""Make the downloadable course bundle ``dist/cx-workbook-<version>.zip`` (``make bundle``).

The bundle is for studying with no internet: the built site (open ``site/index.html``), the
notebooks, case studies and datasets, the printable worksheets and the Excel calculator
(``worksheets/``, from ``make worksheets excel``), a wheel of cxlib, a ``requirements.txt``
that installs that wheel instead of this checkout, and ``START-HERE.md`` in English and Chinese.
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

START_HERE = """# CX Workbook {version} · 客户体验分析练习册

## Read the book · 阅读课程

Open `site/index.html` in a web browser (double-click it). Everything works offline: formulas,
pictures, Chinese text and the widgets' saved states. The Chinese edition is `site/zh/index.html`;
the button at the top of every page switches to the same page in the other language.

用浏览器打开 `site/zh/index.html`（中文版，双击即可；英文版为 `site/index.html`）。无需联网：公式、
图表、中文和交互组件都能正常显示。每页顶部的按钮可切换到另一种语言的同一页。

## Run the notebooks · 运行练习

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
| `notebooks/` | workbook notebooks · 练习笔记本 |
| `casestudies/` | case studies · 案例研究 |
| `datasets/` | synthetic datasets with their data dictionaries · 合成数据及数据字典 |
| `worksheets/` | A4 worksheets (PDF), NPS/CSAT calculator (Excel) · 练习单与 Excel 计算器 |
| `cx-workbook-*.pdf` | the whole book as PDF (en, zh) · 全书 PDF（英文版、中文版） |
| `{wheel}` | the cxlib helper library · 辅助库 |
| `requirements.txt` | the packages the notebooks use · 所需软件包 |

Every dataset is synthetic (合成数据): invented for teaching, describing no real company or
customer.
"""


def version() -> str:
    """The course version: cxlib's version in pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]


def bundle_requirements(wheel_name: str) -> str:
    """requirements.txt with the editable checkout replaced by the bundled wheel."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    replaced = [
        f"./{wheel_name}[widgets]"
        if line.strip() == "-e ."
        else line.replace("this checkout", "the bundled wheel")
        for line in lines
    ]
    if replaced == lines:
        raise ValueError("requirements.txt has no '-e .' line to replace with the cxlib wheel")
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
) -> Path:
    """Write the zip and its .sha256 file; return the zip's path.

    The PDFs and .xlsx files found in the ``kit`` folders go into ``worksheets/``; the book's
    PDFs found in ``book_pdfs`` (``cx-workbook-*.pdf``) go to the top.
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
        archive.writestr(
            f"{name}/START-HERE.md", START_HERE.format(version=version(), wheel=wheel.name)
        )
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
