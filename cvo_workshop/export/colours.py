"""Colours as `#rrggbb` strings, and mixing them."""

from __future__ import annotations


def rgb(hex_colour: str) -> tuple[float, float, float]:
    """`#rrggbb` as reportlab's 0-1 floats."""
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def mix(a: str, b: str, t: float) -> str:
    """The colour `t` of the way from `a` to `b`."""
    pairs = zip(rgb(a), rgb(b), strict=True)
    return "#" + "".join(f"{round((x + (y - x) * t) * 255):02x}" for x, y in pairs)


def grey_level(hex_colour: str) -> int:
    """The colour's lightness as a grayscale print would show it, 0 (black) to 255."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(hex_colour))
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return round(255 * (1.055 * y ** (1 / 2.4) - 0.055 if y > 0.0031308 else 12.92 * y))
