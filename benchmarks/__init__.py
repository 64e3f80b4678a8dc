"""Speed and memory of the engine against hand-derived NumPy, measured in one run."""
