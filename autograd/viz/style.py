"""Colours: the gradient scale (pale for small |grad|, dark red for large) and fixed fills."""

from __future__ import annotations

import math

PALETTE = ("#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#bd0026", "#800026")
_WHITE_TEXT_FROM = 4  # palette entries from here on are dark
ZERO = "#bdbdbd"  # exactly zero gradient: nothing flows (dead ReLUs)
BROKEN = "#000000"  # NaN or Inf
PARAMETER_FILL = "#dbe9f6"
OP_FILL = "#eeeeee"
FAILED_FILL = "#d62728"  # an operation whose backward failed the gradient check


class GradientScale:
    """Decades of mean |grad| mapped to colours, pale (small) to dark red (large).

    The scale spans this drawing's gradients; when they span more decades than
    there are colours, the smallest decades share the palest one.

    >>> scale = GradientScale([1e-3, 1.0])
    >>> scale.style(1.0)["fillcolor"] == PALETTE[-1], scale.style(1e-3)["fillcolor"] == PALETTE[0]
    (True, True)
    """

    def __init__(self, magnitudes: list[float]) -> None:
        decades = [math.floor(math.log10(m)) for m in magnitudes if m > 0 and math.isfinite(m)]
        self.top = max(decades, default=0)
        self.bottom = max(min(decades, default=0), self.top - len(PALETTE) + 1)
        self.clipped = min(decades, default=0) < self.bottom

    def index(self, magnitude: float) -> int:
        """The palette position of a positive, finite mean |grad|."""
        decade = math.floor(math.log10(magnitude))
        span = self.top - self.bottom
        position = (min(max(decade, self.bottom), self.top) - self.bottom) / span if span else 0.5
        return round(position * (len(PALETTE) - 1))

    def style(self, magnitude: float) -> dict[str, str]:
        """Fill and text colour of a tensor whose gradient has this mean |grad|."""
        if math.isnan(magnitude):
            return {"fillcolor": BROKEN, "fontcolor": "white"}
        if magnitude == 0:
            return {"fillcolor": ZERO}
        index = self.index(magnitude)
        return {"fillcolor": PALETTE[index]} | (
            {"fontcolor": "white"} if index >= _WHITE_TEXT_FROM else {}
        )

    def edge_style(self, magnitude: float) -> dict[str, str]:
        """Colour and width of an edge carrying a gradient of this mean |grad|."""
        if math.isnan(magnitude):
            return {"color": BROKEN, "penwidth": "3"}
        if magnitude == 0:
            return {"color": ZERO, "style": "dashed"}
        return {"color": self.style(magnitude)["fillcolor"], "penwidth": "2"}

    def legend(self) -> list[tuple[str, float]]:
        """(text, a magnitude of that colour) for each decade, smallest first."""
        entries = []
        for decade in range(self.bottom, self.top + 1):
            lower = "below" if decade == self.bottom and self.clipped else f"1e{decade:+d} to"
            entries.append((f"{lower} 1e{decade + 1:+d}", 10.0**decade))
        return entries
