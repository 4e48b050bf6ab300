"""The shipped datasets: regenerable byte for byte, documented, typed, importable lightly."""

import json
import runpy
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cxlib import datasets

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "generator", sorted((ROOT / "datasets").glob("make_*.py")), ids=lambda p: p.stem
)
def test_every_dataset_regenerates_byte_identically(generator, tmp_path):
    module = runpy.run_path(str(generator))
    module["write"](tmp_path / module["OUTPUT"])
    written = sorted(tmp_path.glob("*.csv"))
    assert written
    for path in written:
        assert path.read_bytes() == (ROOT / "datasets" / path.name).read_bytes(), path.name


def test_every_dataset_loads_typed_and_labelled():
    real = {"cdnow_sample"}  # published data that tests a model against its paper (its README)
    for name in datasets.available()["name"]:
        frame = datasets.load(name)
        assert frame.attrs["synthetic"] is (name not in real) and len(frame) > 0


def test_every_csv_has_a_dictionary_and_a_readme_entry():
    readme = (ROOT / "datasets" / "README.md").read_text(encoding="utf-8")
    for csv in (ROOT / "datasets").glob("*.csv"):
        meta = json.loads(csv.with_suffix(".json").read_text(encoding="utf-8"))
        assert meta["file"] == csv.name and isinstance(meta["synthetic"], bool)
        assert f"`{csv.name}`" in readme
        for column in meta["columns"]:
            assert f"`{column['name']}`" in readme, (
                f"{column['name']} missing from datasets/README.md"
            )
            assert column["meaning"] and column["type"]


def test_load_types_the_hotel_survey():
    hotel = datasets.load("hotel_nps")
    assert hotel["respondent_id"].is_unique
    assert hotel["score"].between(0, 10).all() and hotel["score"].dtype == "int8"
    assert pd.api.types.is_datetime64_any_dtype(hotel["date"])
    assert hotel["member_tier"].cat.ordered
    assert set(hotel["city"].cat.categories) == {"上海", "北京", "广州", "成都", "杭州"}
    assert hotel["reason"].isna().any() and hotel["reason"].str.contains("早餐").any()
    assert hotel.attrs["synthetic"] is True


def test_describe_and_available():
    assert datasets.available().set_index("name").loc["hotel_nps", "synthetic"]
    assert datasets.describe("hotel_nps")["column"].tolist() == list(
        datasets.load("hotel_nps").columns
    )


def test_import_cxlib_stays_light():
    code = (
        "import sys, cxlib, cxlib.nps, cxlib.csat, cxlib.datasets\n"
        "heavy = ('matplotlib', 'seaborn', 'ipywidgets', 'scipy')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
