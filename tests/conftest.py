"""Shared test configuration: hypothesis profiles and float64 helpers."""

import os

from hypothesis import HealthCheck, settings

# `ci` keeps `make test` within its time budget on two cores and draws the
# same examples on every run, so a red CI always reproduces; `dev` explores more.
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
