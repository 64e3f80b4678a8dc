"""Programs a learner reads top to bottom and runs with `python -m demos.<name>`."""
