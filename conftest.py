"""pytest set-up shared by every test path: how `make test` spreads the tests over the cores.

`make test` runs pytest with pytest-xdist (``-n 2 --dist loadgroup``, see the Makefile): tests
go to whichever worker is free, one at a time, except the cells of one notebook, which nbval must
run in order in one kernel: they form one group and run on one worker. A test module's
module-scoped fixtures (the built site's server, the browser) are then set up once per worker
that runs some of its tests.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put every cell of a notebook in the notebook's xdist group."""
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: no notebook items
        return
    for item in items:
        if isinstance(item, IPyNbCell):
            item.add_marker(pytest.mark.xdist_group(f"notebook:{item.path}"))
