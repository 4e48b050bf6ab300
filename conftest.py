"""pytest set-up shared by every test path: how `make test` spreads the tests over the cores.

`make test` runs pytest with pytest-xdist (``-n auto``, see the Makefile). Tests go to whichever
worker is free, one at a time, except the cells of one notebook, which nbval must run in order in
one kernel: they form one unit and run on one worker; so do the tests of a file whose fixtures
make something slow that every test reads (the ten decks and their PDFs, about 2 min; the
worksheets printed in three languages), which would otherwise be made once on each worker.
(xdist's own ``--dist loadgroup`` would do this with ``xdist_group`` marks, but xdist 3.8 cannot
group under pytest 9: the tests of a group still go to both workers.) A test module's
module-scoped fixtures (the built site's server, the browser) are set up once on each worker
that runs some of its tests.
"""

from __future__ import annotations

#: Test files run whole on one worker: their fixtures build something slow, once.
ONE_WORKER = {"tests/test_slides.py", "tests/test_worksheets.py"}


def pytest_xdist_make_scheduler(config, log):
    """xdist's scope scheduler: a scope per notebook, per file of ONE_WORKER, per other test."""
    from xdist.scheduler import LoadScopeScheduling

    class NotebookScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".ipynb") or path in ONE_WORKER else nodeid

    return NotebookScheduling(config, log)


try:  # property tests time nothing: a shared or slow machine must not fail them (no deadline)
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("cx", deadline=None)
    _hypothesis_settings.load_profile("cx")
except ImportError:  # pragma: no cover - hypothesis is in requirements.txt
    pass
