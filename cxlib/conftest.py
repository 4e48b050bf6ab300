"""pytest set-up for the docstring examples (not shipped in the wheel)."""

import sys

import pytest

try:  # draw off-screen in this process only: notebook kernels (nbval) keep their own backend
    import matplotlib

    matplotlib.use("Agg")
    from cxlib.plots import theme

    theme.use()  # the course look and a font for Chinese labels, as in the notebooks
except ImportError:
    pass


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a docstring example opened."""
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
