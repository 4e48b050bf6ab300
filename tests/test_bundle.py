"""The course bundle: everything a learner needs offline, with its checksum."""

import hashlib
import runpy
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
bundle = runpy.run_path(str(ROOT / "book" / "_ext" / "bundle.py"))


@pytest.fixture
def built(tmp_path):
    site = tmp_path / "html"
    (site / "book").mkdir(parents=True)
    (site / "index.html").write_text("<meta http-equiv='Refresh' content='0; url=book/intro.html'>")
    (site / "book" / "intro.html").write_text("<h1>欢迎</h1>", encoding="utf-8")
    wheel = tmp_path / "cxlib-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    return site, wheel, tmp_path / "dist"


def test_bundle_holds_site_notebooks_data_wheel_and_instructions(built):
    site, wheel, out = built
    target = bundle["make_bundle"](site, wheel, out)
    name = target.stem
    assert name == f"cx-workbook-{bundle['version']()}"
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        start = archive.read(f"{name}/START-HERE.md").decode("utf-8")
        requirements = archive.read(f"{name}/requirements.txt").decode("utf-8")
    for expected in (
        "site/index.html",
        "site/book/intro.html",
        "notebooks/01_nps.ipynb",
        "notebooks/01_nps_zh.ipynb",
        "casestudies/atour/atour_analysis_zh.ipynb",
        "datasets/hotel_nps.csv",
        "datasets/hotel_nps.json",
        wheel.name,
    ):
        assert f"{name}/{expected}" in names
    assert not any(".ipynb_checkpoints" in n or "__pycache__" in n for n in names)
    assert "site/index.html" in start and "用浏览器打开" in start and "site/zh/index.html" in start
    assert f"./{wheel.name}[widgets," in requirements and "-e ." not in requirements
    assert "checkout" not in requirements
    digest, filename = (out / f"{name}.zip.sha256").read_text().split()
    assert filename == target.name and digest == hashlib.sha256(target.read_bytes()).hexdigest()
    assert not list(out.glob("*.partial"))


def test_the_bundle_carries_the_editable_decks(built, tmp_path):
    site, wheel, out = built
    decks = tmp_path / "slides"
    decks.mkdir()
    for deck in ("course_000_zh.pptx", "course_000_en.pptx"):
        (decks / deck).write_bytes(b"pptx")
    (decks / "course_000_zh.pdf").write_bytes(b"pdf")  # the PDFs travel in the kits
    target = bundle["make_bundle"](site, wheel, out, decks=decks)
    with zipfile.ZipFile(target) as archive:
        names = {n.split("/", 1)[1] for n in archive.namelist()}
        start = archive.read(f"{target.stem}/START-HERE.md").decode("utf-8")
    assert {"slides/course_000_zh.pptx", "slides/course_000_en.pptx"} <= names
    assert "slides/course_000_zh.pdf" not in names and "`slides/`" in start


def test_bundle_refuses_a_missing_site_or_wheel(built, tmp_path):
    site, wheel, out = built
    with pytest.raises(FileNotFoundError, match="make book"):
        bundle["make_bundle"](tmp_path / "nowhere", wheel, out)
    with pytest.raises(FileNotFoundError, match="wheel"):
        bundle["make_bundle"](site, tmp_path / "missing.whl", out)


def test_the_bundle_asks_only_for_the_learners_packages(built):
    site, wheel, out = built
    with zipfile.ZipFile(bundle["make_bundle"](site, wheel, out)) as archive:
        requirements = archive.read(f"{archive.namelist()[0].split('/')[0]}/requirements.txt")
    lines = [
        line.split("#")[0].strip()
        for line in requirements.decode("utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    assert lines[0] == f"./{wheel.name}[widgets,text,cli]"
    names = {line.split("==")[0].lower() for line in lines[1:]}
    assert {"jupyterlab", "ipykernel", "ipywidgets", "numpy", "pandas", "scipy"} <= names
    developer_tools = {"jupyter-book", "pytest", "pytest-xdist", "playwright", "nbval", "ruff"}
    assert not names & developer_tools, names & developer_tools
    assert not any(line.startswith("-r") for line in lines)


#: Where the learner's packages are downloaded once (the only network step of the install test).
WHEELHOUSE = ROOT / "_build" / "learner-wheelhouse"
#: The first code cells of notebook 01 (imports with the plotting extras, two tables).
FIRST_CELLS = 4
RUN_CELLS = """
import json, sys
import nbclient, nbformat
nb = nbformat.read("notebooks/01_nps.ipynb", as_version=4)
stored = [c for c in nb.cells if c.cell_type == "code"][:{n}]
nb.cells = [nbformat.v4.new_code_cell(c.source) for c in stored]
nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                        resources={{"metadata": {{"path": "notebooks"}}}}).execute()
def text(cell):
    return [o.get("data", {{}}).get("text/plain", o.get("text")) for o in cell.outputs]
json.dump([[text(s), text(f)] for s, f in zip(stored, nb.cells)], sys.stdout)
"""


def _wheelhouse(bundle_dir: Path) -> Path:
    """The learner's packages as wheels, downloaded once per version of the learner's set.

    This is the one step that uses the network (PyPI, or pip's cache); ``pip wheel`` also builds
    the wheel of a package published only as source (jieba), so that the install itself runs
    with ``--no-index``. Skipped, saying so, where PyPI cannot be reached outside CI.
    """
    import subprocess
    import sys

    key = hashlib.sha256((ROOT / "requirements-learner.txt").read_bytes()).hexdigest()[:12]
    folder = WHEELHOUSE / key
    if (folder / "complete").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    download = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "-w", str(folder),
         "-r", "requirements.txt"],
        cwd=bundle_dir, capture_output=True, text=True,
    )  # fmt: skip
    if download.returncode:
        message = f"the learner's packages could not be downloaded: {download.stderr[-500:]}"
        if __import__("os").environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    (folder / "complete").write_text("ok\n")
    return folder


@pytest.mark.skipif(not (ROOT / "requirements-learner.txt").exists(), reason="no learner set")
def test_a_learner_installs_the_bundle_offline_and_runs_a_notebook(tmp_path):
    """Unzip a bundle, install its requirements.txt into a fresh venv with no index, run cells.

    The wheel is built from this checkout; the site is a stand-in (the bundle's site is tested
    in test_site.py). Only the wheelhouse download (:func:`_wheelhouse`) touches the network.
    """
    import json
    import os
    import subprocess
    import sys

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(ROOT), "-w",
         str(tmp_path / "wheel")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "wheel").glob("cxlib-*.whl"))
    site = tmp_path / "html"
    site.mkdir()
    (site / "index.html").write_text("<h1>CX Workbook</h1>")
    target = bundle["make_bundle"](site, wheel, tmp_path / "dist", kit=(), book_pdfs=tmp_path)
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp_path / "unzipped")
    home = tmp_path / "unzipped" / target.stem
    wheels = _wheelhouse(home)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-index", "--find-links",
         str(wheels), "-r", "requirements.txt"],
        cwd=home, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]

    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json"],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    installed = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert {"cxlib", "jupyterlab", "ipykernel", "ipywidgets", "jieba", "duckdb"} <= installed
    assert not installed & {"jupyter-book", "pytest", "playwright", "nbval", "ruff"}

    where = subprocess.run(
        [str(python), "-c", "import cxlib, cxlib.datasets as d; print(cxlib.__file__);"
         "print(len(d.load('hotel_nps')))"],
        cwd=tmp_path, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert where.returncode == 0, where.stderr
    location, rows = where.stdout.split()
    assert Path(location).is_relative_to(venv) and int(rows) > 0  # the wheel, not this checkout

    ran = subprocess.run(
        [str(python), "-c", RUN_CELLS.format(n=FIRST_CELLS)],
        cwd=home, capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    pairs = json.loads(ran.stdout)
    assert len(pairs) == FIRST_CELLS
    for stored, fresh in pairs:
        assert fresh == stored
