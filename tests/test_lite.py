"""The in-browser course (``make lite``): course notebooks run end to end in headless Chromium,
in English and in Chinese.

Serves ``_build/lite`` on 127.0.0.1 with ``book/lite/serve.py`` (the server the bundle ships),
opens a notebook in the JupyterLite notebook app, runs all its cells in the Pyodide kernel and
fails on an error output, a cell that never ran, any request (page, worker or service worker)
that leaves localhost, or a character matplotlib could not draw ("Glyph ... missing from
font"). In the Chinese notebook it also checks, in the browser's Python, that the course's font
draws every character of cxlib's catalogues, that results print in Chinese, and it saves a
screenshot of the notebook with its first Chinese chart in ``_build/lite-screenshots/``. Each
run prints how long the notebook took to show its first output (the goal for notebook 01: at
most 15 s after the page opens; ``CX_LITE_FIRST_OUTPUT=15`` makes that an assertion). Skipped,
with the reason, when the lite site is not built or Chromium/Playwright is missing.

``CX_LITE_NOTEBOOKS=all`` runs every course notebook and its Chinese copy instead of the default
two (slow: about a minute each on two cores).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from _browser import CHROMIUM, NO_CHROMIUM, launch

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "lite"
DEFAULT = ["notebooks/01_nps.ipynb", "notebooks/01_nps_zh.ipynb"]
SCREENSHOTS = ROOT / "_build" / "lite-screenshots"
#: What cxlib prints in English; a Chinese notebook must show none of it (the notebooks' own
#: print statements are their code, which stays English).
ENGLISH_RESULTS = (
    *("not answered yet", ": correct.", ": not quite.", "the interval includes"),
    *("the interval excludes", "% promoters", "Difference ", "Rate ratio ", "Repeat rate "),
)
TIMEOUT = 600  # seconds for one notebook: Pyodide's first start is slow on two cores

NOT_BUILT = "the in-browser course is not built: run `make lite` (make test does not build it)"
needs_site = pytest.mark.skipif(not (SITE / "index.html").exists(), reason=NOT_BUILT)
needs_browser = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{NO_CHROMIUM}: the in-browser course is not run"
)
CACHE = ROOT / "_build" / "lite-cache"


def _lite_build():
    spec = importlib.util.spec_from_file_location("lite_build", ROOT / "book" / "_ext" / "lite.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def pyodide_core():
    """The build module, when its download cache holds the Pyodide core (after one make lite)."""
    lite = _lite_build()
    if not (CACHE / "src" / "pyodide-0.27.7.tgz").is_file():
        pytest.skip(f"{NOT_BUILT}: no Pyodide core in _build/lite-cache")
    return lite


def test_a_tampered_package_file_fails_the_build(pyodide_core, tmp_path, monkeypatch):
    """A package file whose bytes differ from the official lock stops the build; none ships."""
    carrier = tmp_path / "carrier"
    carrier.mkdir()
    (carrier / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl").write_bytes(b"not numpy")
    monkeypatch.setenv("CX_LITE_PYODIDE_DIR", str(carrier))
    sources = json.loads(pyodide_core.SOURCES.read_text())
    with pytest.raises(SystemExit, match=r"numpy-2\.0\.2.*sha256.*official Pyodide 0\.27\.7"):
        pyodide_core.pyodide_packages(sources, tmp_path)
    assert not (tmp_path / "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl").exists()


def test_a_missing_package_file_fails_the_build(pyodide_core, tmp_path, monkeypatch):
    """A carrier without the course's packages stops the build and names what is missing."""
    monkeypatch.setenv("CX_LITE_PYODIDE_DIR", str(tmp_path / "empty"))
    (tmp_path / "empty").mkdir()
    sources = json.loads(pyodide_core.SOURCES.read_text())
    with pytest.raises(SystemExit, match=r"lacks verified Pyodide 0\.27\.7 files.*'numpy'"):
        pyodide_core.pyodide_packages(sources, tmp_path)


def test_a_changed_archive_fails_the_build(tmp_path, monkeypatch):
    """An archive whose sha256 differs from book/lite/sources.json is refused."""
    lite = _lite_build()
    monkeypatch.setattr(lite, "CACHE", tmp_path)
    (tmp_path / "pypi").mkdir()
    (tmp_path / "pypi" / "comm-0.2.3-py3-none-any.whl").write_bytes(b"something else")
    sources = json.loads(lite.SOURCES.read_text())
    (entry,) = [e for e in sources["archives"] if e["file"].startswith("comm-")]
    with pytest.raises(SystemExit, match="pins c615d91d"):
        lite.fetch(entry)


def _serve_module():
    spec = importlib.util.spec_from_file_location("lite_serve", ROOT / "book" / "lite" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebooks() -> list[str]:
    """The notebooks to run: 01 and its Chinese copy by default, every one with
    CX_LITE_NOTEBOOKS=all."""
    if os.environ.get("CX_LITE_NOTEBOOKS") != "all" or not (SITE / "files").is_dir():
        return DEFAULT
    return sorted(
        str(p.relative_to(SITE / "files"))
        for p in (SITE / "files").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )


@pytest.fixture(scope="module")
def base_url():
    if not (SITE / "index.html").exists():
        pytest.skip(NOT_BUILT)
    serve = _serve_module()
    server = serve.http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(serve.Handler, directory=str(SITE))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_server_types(base_url):
    """Pyodide refuses .wasm served with another type; its ES module needs a JavaScript type."""
    from urllib.request import urlopen

    for name, kind in [
        ("pyodide.asm.wasm", "application/wasm"),
        ("pyodide.mjs", "text/javascript"),
    ]:
        with urlopen(f"{base_url}static/pyodide/{name}") as response:
            assert response.headers["Content-Type"] == kind, name


@needs_site
def test_site_is_offline_and_verified():
    """The kernel's PyPI fallback is off and every shipped package file has a provenance."""
    config = json.loads((SITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert kernel["disablePyPIFallback"] is True
    assert not urlsplit(kernel["pyodideUrl"]).netloc
    provenance = {e["file"]: e for e in json.loads((SITE / "PROVENANCE.json").read_text())}
    lock = json.loads((SITE / "static" / "pyodide" / "pyodide-lock.json").read_text())
    shipped = {f"static/pyodide/{p['file_name']}": p for p in lock["packages"].values()}
    assert set(shipped) <= set(provenance), sorted(set(shipped) - set(provenance))
    for name, package in shipped.items():  # Pyodide refuses a file whose sha256 is not the lock's
        digest = _lite_build().sha256(SITE / name)
        assert digest == package["sha256"] == provenance[name]["sha256"], name
    boot = config["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    assert {"ipykernel", "pyodide_kernel", "numpy", "pandas", "cxlib"} <= set(
        boot["loadPyodideOptions"]["packages"]
    )


RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.commands.execute('notebook:run-all-cells');  // not awaited: outputs are watched as they come
}"""

STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.model) return null;
  const cells = panel.model.toJSON().cells.filter(c => c.cell_type === 'code');
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {
    status: kernel ? kernel.status : 'none',
    ran: cells.filter(c => c.execution_count !== null).length,
    total: cells.length,
    outputs: cells.map(c => c.outputs.filter(o => o.name !== 'stderr').length)
      .reduce((a, b) => a + b, 0),  // warnings are not the notebook's output
    errors: cells.flatMap(c => c.outputs.filter(o => o.output_type === 'error')
      .map(o => o.ename + ': ' + o.evalue + '\\n' + (c.source || '').slice(0, 200) + '\\n'
        + (o.traceback || []).filter(t => /cxlib|Error/.test(t)).slice(-4).join('\\n')
          .replace(/\\x1b\\[[0-9;]*m/g, ''))),
    notices: cells.flatMap(c => c.outputs.filter(o => o.output_type === 'stream')
      .map(o => [].concat(o.text).join('')).filter(t => /building the font cache/.test(t))),
    glyphs: cells.flatMap(c => c.outputs.filter(o => o.output_type === 'stream')
      .map(o => [].concat(o.text).join('')).filter(t => /missing from (current )?font/.test(t))),
    printed: cells.flatMap(c => c.outputs
      .filter(o => o.output_type === 'stream' && o.name === 'stdout')
      .map(o => [].concat(o.text).join(''))).join(''),
  };
}"""

#: Run in the notebook's kernel: the font matplotlib draws Chinese with, and the characters of
#: cxlib's catalogues (the texts it may draw or print) that the font lacks.
FONT_CHECK = """
import json, re
from pathlib import Path
from fontTools.ttLib import TTFont
from cxlib import language, webfont
from cxlib.plots import theme
path = webfont.source_font()
cmap = set(TTFont(str(path), lazy=True).getBestCmap()) if path else set()
figures = language.read_po((Path(language.__file__).parent / "data" / "figures.zh.po").read_text())
drawn = "".join([*figures, *figures.values()])  # every character a figure may show
chinese = re.findall(r"[\\u4e00-\\u9fff]", "".join(language.catalogue().values()))
missing = sorted({c for c in drawn + "".join(chinese) if c.isprintable() and ord(c) not in cmap})
print(json.dumps({"family": theme.cjk_font(), "path": str(path), "missing": "".join(missing)}))
"""

KERNEL = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code});
  let text = '';
  future.onIOPub = (msg) => { if (msg.content.text) text += msg.content.text;
                              if (msg.content.evalue) text += msg.content.evalue; };
  await future.done;
  return text;
}"""


@needs_browser
@pytest.mark.parametrize("notebook", notebooks())
def test_notebook_runs_in_the_browser(notebook, base_url):
    """Every code cell runs without an error, and no request leaves 127.0.0.1."""
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    outside: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = launch(driver)
        context = browser.new_context()

        def record(request):
            url = request.url
            if not url.startswith(("data:", "blob:", base_url)):
                outside.append(url)

        context.on("request", record)
        page = context.new_page()
        start = time.monotonic()
        page.goto(f"{base_url}notebooks/index.html?path={notebook}")
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
            " && window.jupyterapp.shell.currentWidget.model",
            timeout=120_000,
        )
        page.evaluate(RUN_ALL)
        state, first_output = None, None
        while time.monotonic() - start < TIMEOUT:
            state = page.evaluate(STATE)
            if state and state["outputs"] and first_output is None:
                first_output = time.monotonic() - start
            done = state and state["ran"] == state["total"] and state["status"] == "idle"
            if done or (state and state["errors"]):
                break
            page.wait_for_timeout(1000)
        elapsed = time.monotonic() - start
        chinese = notebook.endswith("_zh.ipynb")
        font = json.loads(page.evaluate(KERNEL, FONT_CHECK)) if chinese and state else None
        if chinese and state:
            _screenshot(page, notebook)
        browser.close()
    print(
        f"{notebook}: {state and state['ran']}/{state and state['total']} cells, "
        f"first output after {first_output or 0:.1f} s, all after {elapsed:.0f} s"
    )
    assert state, f"{notebook} did not open in the lite site"
    assert not state["errors"], f"{notebook}: error output\n" + "\n".join(state["errors"])
    assert state["ran"] == state["total"], (
        f"{notebook}: only {state['ran']} of {state['total']} code cells ran in {TIMEOUT} s"
    )
    assert not state["glyphs"], f"{notebook}: characters not drawn: {state['glyphs'][:3]}"
    assert not state["notices"], f"{notebook}: matplotlib's font-cache notice shown"
    assert not outside, f"requests that left localhost: {sorted(set(outside))}"
    if chinese:
        assert font["family"] and not font["missing"], f"the browser's Chinese font: {font}"
        english = [p for p in ENGLISH_RESULTS if p in state["printed"]]
        assert not english, f"{notebook}: cxlib printed English: {english}"
        assert "正确。" in state["printed"], f"{notebook}: no Chinese self-check"
    goal = os.environ.get("CX_LITE_FIRST_OUTPUT")
    if goal:
        assert first_output <= float(goal), f"first output after {first_output:.1f} s"


SCROLL_TO_CHART = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.model.toJSON().cells;
  const index = cells.findIndex(c => (c.outputs || []).some(o => o.data && o.data['image/png']));
  if (index >= 0) await panel.content.scrollToItem(Math.max(index - 1, 0), 'auto', 0, 'start');
  return index;
}"""


def _screenshot(page, notebook: str) -> None:
    """The notebook scrolled to its first chart (the cell before it on top), saved for a person
    to look at, in _build/lite-screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.evaluate(SCROLL_TO_CHART)
    page.wait_for_timeout(1500)
    name = notebook.replace("/", "_").removesuffix(".ipynb")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_32_bit_shim_gives_numpy_results():
    """cxlib/_pyodide.py's bincount, repeat and take equal NumPy's (here on 64-bit)."""
    import numpy as np

    from cxlib import _pyodide

    codes = np.array([0, 2, 2, 5], dtype=np.int64)
    assert (_pyodide.bincount(codes, minlength=7) == np.bincount(codes, minlength=7)).all()
    weighted = _pyodide.bincount(codes, weights=[1.0, 2.0, 3.0, 4.0])
    assert weighted.tolist() == [1.0, 0.0, 5.0, 0.0, 0.0, 4.0]
    assert _pyodide.repeat([1, 2], np.array([2, 3], dtype=np.int64)).tolist() == [1, 1, 2, 2, 2]
    assert _pyodide.take(np.arange(10) * 2, codes).tolist() == [0, 4, 4, 10]
    assert _pyodide._as_intp(codes.astype(np.int32)).dtype == np.int32  # narrower: unchanged


def test_the_book_links_each_notebook_page_to_its_lite_notebook():
    """Relative links from both editions to the one copy of the lite site in _build/html/lite."""
    spec = importlib.util.spec_from_file_location(
        "lite_link", ROOT / "book" / "_ext" / "lite_link.py"
    )
    lite_link = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite_link)
    page, source = "casestudies/atour/atour_analysis", "casestudies/atour/atour_analysis.ipynb"
    english = lite_link.lite_href("en", page, source)
    chinese = lite_link.lite_href("zh_CN", page, source)
    assert english == f"../../lite/notebooks/index.html?path={source}"
    assert chinese == f"../../../lite/notebooks/index.html?path={source[:-6]}_zh.ipynb"
    assert lite_link.available() == (SITE / "index.html").is_file()
