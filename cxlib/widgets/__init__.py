"""Interactive "Try it" widgets for the notebooks (ipywidgets), one module per topic.

Each widget composes a metric module and a picture from :mod:`cxlib.plots`; the same picture
is also drawn statically in the notebook, so the published page teaches where no kernel runs.
"""

try:
    import ipywidgets  # noqa: F401
except ImportError as missing:
    raise ImportError(
        "cxlib.widgets needs ipywidgets, which is not installed: pip install 'cxlib[widgets]' "
        "(or pip install -r requirements.txt in the workbook)"
    ) from missing
