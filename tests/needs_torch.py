"""PyTorch for the tests that compare with it.

Without torch those tests skip, saying how to install it; CI sets
SCRATCHGRAD_REQUIRE_TORCH=1 (see .ci/run), where a missing torch fails them
instead, so the comparisons never silently stop running.
"""

import os

import pytest

INSTALL = "pip install torch==2.13.0 (a CPU wheel) into .venv"


def import_torch():
    """The torch module, or a skip (a failure under SCRATCHGRAD_REQUIRE_TORCH=1)."""
    try:
        import torch
    except ImportError:
        if os.environ.get("SCRATCHGRAD_REQUIRE_TORCH") == "1":
            raise
        pytest.skip(f"PyTorch is not installed; to compare with it: {INSTALL}")
    return torch
