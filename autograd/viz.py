"""Drawing the recorded graph (placeholder until the visualiser lands)."""
