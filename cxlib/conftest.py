"""pytest set-up for the docstring examples (not shipped in the wheel)."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")  # draw off-screen


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a docstring example opened."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
