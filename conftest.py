"""Shared by the tests in tests/ and the doctests in diplo/."""

import os

import pytest

# Charts render off-screen in tests and doctests, whatever the machine has.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every figure a test or doctest opened (only if it used matplotlib)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
