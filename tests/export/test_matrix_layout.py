"""The value / effort matrix's layout (report_charts.value_effort): bubbles inside the
axes, quadrant names clear of them, every number readable."""

from __future__ import annotations

import pytest
from reportlab.graphics.shapes import Circle, Line, Rect, String

from cvo_workshop.export.fonts import FAMILY, register_fonts
from cvo_workshop.export.report_charts import (
    QUADRANTS,
    MatrixPoint,
    MatrixPoints,
    value_effort,
)
from cvo_workshop.export.textfit import text_width

WIDTH, HEIGHT = 495.0, 470.0


@pytest.fixture(autouse=True)
def _fonts():
    register_fonts()  # run alone, no report has registered them yet


def _chart(points: list[MatrixPoint], split: tuple[float, float], ease: bool = False):
    return value_effort(MatrixPoints(points, [], ease, "reach", split), WIDTH, HEIGHT)


def _axes(drawing) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the plot: its two axis lines, drawn first."""
    x_axis, y_axis = [s for s in drawing.contents if isinstance(s, Line)][:2]
    return y_axis.x1, x_axis.y1, x_axis.x2, y_axis.y2


def _circles(drawing) -> list[Circle]:
    return [s for s in drawing.contents if isinstance(s, Circle)]


def _name_boxes(drawing) -> dict[str, tuple[float, float, float, float]]:
    """Each quadrant name's box (start anchored, bold 10 pt: 2 below the baseline, 8 above)."""
    out = {}
    for s in drawing.contents:
        if isinstance(s, String) and s.text in QUADRANTS.values():
            w = text_width(s.text, FAMILY.bold, 10)
            out[s.text] = (s.x, s.y - 2, s.x + w, s.y + 8)
    return out


def _touches(c: Circle, box) -> bool:
    dx = max(box[0] - c.cx, 0.0, c.cx - box[2])
    dy = max(box[1] - c.cy, 0.0, c.cy - box[3])
    return dx * dx + dy * dy < c.r * c.r


#: The reviewer's backlog: a score of 0.38 beside ones of 50; #4 in the corner of
#: the money pits (low score, most effort); #2 and #3, small, at nearly one spot.
REVIEWED = [
    MatrixPoint(1, 50.0, 0.5, 18.0),
    MatrixPoint(2, 21.4, 1.0, 1.0),
    MatrixPoint(3, 21.3, 1.004, 1.0),
    MatrixPoint(4, 1.2, 4.0, 18.0),
    MatrixPoint(5, 0.38, 2.0, 18.0),
    MatrixPoint(6, 30.0, 3.0, 11.0),
    MatrixPoint(7, 8.0, 0.5, 11.0),
]


def test_every_bubble_lies_inside_the_axes():
    drawing = _chart(REVIEWED, (21.3, 1.004))
    left, bottom, right, top = _axes(drawing)
    for c in _circles(drawing):
        assert left <= c.cx - c.r and c.cx + c.r <= right
        assert bottom <= c.cy - c.r and c.cy + c.r <= top


def test_every_bubble_of_an_ease_chart_lies_inside_the_axes_too():
    # ICE: ease 10 (easiest) at the left edge of the scale, 1 at the right.
    points = [MatrixPoint(1, 9.0, 10.0, 20.0), MatrixPoint(2, 0.1, 1.0, 20.0)]
    drawing = _chart(points, (4.5, 5.5), ease=True)
    left, bottom, right, top = _axes(drawing)
    for c in _circles(drawing):
        assert left <= c.cx - c.r and c.cx + c.r <= right
        assert bottom <= c.cy - c.r and c.cy + c.r <= top


def test_the_quadrant_names_are_clear_of_every_bubble():
    drawing = _chart(REVIEWED, (21.3, 1.004))
    boxes = _name_boxes(drawing)
    assert set(boxes) == set(QUADRANTS.values())
    for name, box in boxes.items():
        hit = [c for c in _circles(drawing) if _touches(c, box)]
        assert not hit, f"{name} is printed over a bubble"


def _splits(drawing) -> tuple[float, float]:
    """(x, y) of the dashed lines that split the quadrants."""
    dashed = [s for s in drawing.contents if isinstance(s, Line) and s.strokeDashArray]
    return (
        next(s.x1 for s in dashed if s.x1 == s.x2),
        next(s.y1 for s in dashed if s.y1 == s.y2),
    )


def test_a_quadrant_name_stays_in_its_quadrant_when_it_leaves_the_corner():
    drawing = _chart(REVIEWED, (21.3, 1.004))
    _, bottom, right, _ = _axes(drawing)
    split_x, split_y = _splits(drawing)
    x0, y0, x1, y1 = _name_boxes(drawing)["Money pits"]
    assert split_x <= x0 and x1 <= right and bottom <= y0 and y1 <= split_y


def test_the_numbers_of_bubbles_at_one_spot_are_printed_on_a_white_ground():
    drawing = _chart(REVIEWED, (21.3, 1.004))
    contents = list(drawing.contents)
    label = next(s for s in contents if isinstance(s, String) and s.text == "2, 3")
    ground = contents[contents.index(label) - 1]
    # Right under the text, over every bubble, and as wide as the text.
    assert isinstance(ground, Rect) and ground.fillColor.red == 1
    last_bubble = max(n for n, s in enumerate(contents) if isinstance(s, Circle))
    assert contents.index(ground) > last_bubble
    w = text_width("2, 3", FAMILY.bold, 8)
    assert ground.x <= label.x - w / 2 and label.x + w / 2 <= ground.x + ground.width


def test_labels_of_bubbles_side_by_side_do_not_print_over_each_other():
    from cvo_workshop.engine.backlog import build
    from cvo_workshop.export.report_charts import matrix_points
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import many

    # 30 items on five efforts: wide shared labels ("10, 14, 20, 29") side by side.
    drawing = value_effort(matrix_points(build(many(30, Framework.RICE).state)), WIDTH, HEIGHT)
    names = set(QUADRANTS.values())
    boxes = []
    for s in drawing.contents:
        if isinstance(s, String) and s.fontName == FAMILY.bold and s.textAnchor == "middle":
            if s.text in names or not s.text[0].isdigit():
                continue
            w = text_width(s.text, FAMILY.bold, 8)
            boxes.append((s.text, (s.x - w / 2, s.y - 2, s.x + w / 2, s.y + 6)))
    assert len(boxes) > 10  # the premise: the bubbles' numbers
    for n, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[n + 1 :]:
            apart = (
                box_a[2] <= box_b[0]
                or box_b[2] <= box_a[0]
                or box_a[3] <= box_b[1]
                or box_b[3] <= box_a[1]
            )
            assert apart, f"{a!r} and {b!r} print over each other"
