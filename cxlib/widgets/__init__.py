"""Interactive "Try it" widgets for the notebooks (ipywidgets), one module per topic.

Each widget composes a metric module and a picture from :mod:`cxlib.plots`; the same picture
is also drawn statically in the notebook, so the published page teaches where no kernel runs.
"""
