"""Shared by the tests in tests/ and the doctests in diplo/."""

import os

import pytest

# Charts render off-screen in tests and doctests, whatever the machine has.
os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_configure(config):
    # Tests write nothing into the repository: hypothesis keeps its example database and caches
    # (.hypothesis/) in a temporary folder of this run instead.
    import tempfile

    try:
        from hypothesis.configuration import set_hypothesis_home_dir
    except ImportError:
        return
    config._diplo_hypothesis_home = tempfile.mkdtemp(prefix="diplo-hypothesis-")
    set_hypothesis_home_dir(config._diplo_hypothesis_home)


def pytest_unconfigure(config):
    import shutil

    home = getattr(config, "_diplo_hypothesis_home", None)
    if home:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test or doctest opened (only if it used matplotlib)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
