"""A brand's logo (PNG or JPEG bytes, checked when the brand was read) scaled to fit a box."""

from __future__ import annotations

import io
from typing import Any


def fit_logo(data: bytes, most_w: float, most_h: float) -> tuple[Any, float, float]:
    """The logo as reportlab draws it (an ImageReader), and its width and height
    scaled, keeping its proportions, to fit within `most_w` x `most_h`."""
    from reportlab.lib.utils import ImageReader

    image = ImageReader(io.BytesIO(data))
    iw, ih = image.getSize()
    scale = min(most_h / ih, most_w / iw)
    return image, iw * scale, ih * scale
