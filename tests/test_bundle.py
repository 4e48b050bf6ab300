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
    assert f"./{wheel.name}[widgets]" in requirements and "-e ." not in requirements
    assert "checkout" not in requirements
    digest, filename = (out / f"{name}.zip.sha256").read_text().split()
    assert filename == target.name and digest == hashlib.sha256(target.read_bytes()).hexdigest()
    assert not list(out.glob("*.partial"))


def test_bundle_refuses_a_missing_site_or_wheel(built, tmp_path):
    site, wheel, out = built
    with pytest.raises(FileNotFoundError, match="make book"):
        bundle["make_bundle"](tmp_path / "nowhere", wheel, out)
    with pytest.raises(FileNotFoundError, match="wheel"):
        bundle["make_bundle"](site, tmp_path / "missing.whl", out)
