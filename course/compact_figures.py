"""The service relationship model for a phone: its layers stacked, one construct or part a row.

The same elements as `course.figures.model_figure`, with the same ids in `customdata`, so a click explains the
same thing; a 390 px screen has no room for three sides next to each other, so each name says its side in words.
"""

from __future__ import annotations

import plotly.graph_objects as go

from course.figures import LAYER_Y, POSITIONS, SIDE_STYLE, apply_layout, wrap_hover
from course.loader import Course
from course.models import SCENARIOS

ROW = 1.0  # one row of text, in data units; the figure is drawn at ROW_PX px a row
ROW_PX = 27
SIDE_WORDS = {"provider": "provider side", "consumer": "consumer side", "joint": "joint"}


def rows_of(course: Course, revealed: int | None = None) -> list[tuple[str, object, object]]:
    """The stack from the top: ("layer", name, None), ("construct", construct, None), ("part", construct, part).

    Top to bottom as in the wide diagram (value co-creation above, resources at the bottom), each row of the wide
    diagram in turn, provider side first."""
    layer_ids = [layer.id for layer in course.model.layers]
    shown = set(layer_ids if revealed is None else layer_ids[:revealed])
    everything = revealed is None or revealed >= len(layer_ids)
    constructs = [c for c in course.constructs if c.layer in shown or everything]
    by_row: dict[float, list] = {}
    for construct in constructs:
        by_row.setdefault(POSITIONS[construct.id][1], []).append(construct)
    names = {LAYER_Y[layer.id]: layer.name for layer in course.model.layers if layer.id in shown}
    rows: list[tuple[str, object, object]] = []
    for y in sorted(by_row, reverse=True):
        if y in names:
            rows.append(("layer", names[y], None))
        for construct in sorted(by_row[y], key=lambda c: POSITIONS[c.id][0]):
            rows.append(("construct", construct, None))
            rows.extend(("part", construct, part) for part in construct.parts)
    return rows


def compact_model_figure(course: Course, scenario: str, *, revealed: int | None = None,
                         selected: str | None = None) -> go.Figure:
    """The model as a vertical stack of layers, each construct on its own row with its parts under it."""
    rows = rows_of(course, revealed)
    fig = go.Figure()
    constructs = [(i, c) for i, (kind, c, _) in enumerate(rows) if kind == "construct"]
    parts = [(i, c, p) for i, (kind, c, p) in enumerate(rows) if kind == "part"]
    for i, (kind, name, _) in enumerate(rows):
        if kind == "layer":
            fig.add_shape(type="line", x0=0.3, x1=10, y0=-i * ROW + 0.45, y1=-i * ROW + 0.45,
                          line={"width": 1, "color": "#bbb"})
            fig.add_annotation(x=0.3, y=-i * ROW, text=f"<b>{name.upper()}</b>", showarrow=False, xanchor="left",
                               font={"size": 11, "color": "#555"})
    # One arrow up the left edge, beside every name: the model builds up from resources to value.
    fig.add_annotation(x=0.05, y=0, ax=0.05, ay=-(len(rows) - 1) * ROW, xref="x", yref="y", axref="x", ayref="y",
                       showarrow=True, arrowhead=3, arrowwidth=1.5, arrowcolor="#888", text="")
    fig.add_trace(go.Scatter(
        x=[0.7] * len(constructs), y=[-i * ROW for i, _ in constructs], mode="markers+text", name="Constructs",
        text=[f"<b>{c.name}</b> <span style='color:#555'>· {SIDE_WORDS[c.side]}</span>" for _, c in constructs],
        textposition="middle right", textfont={"size": 13, "color": "#1a1a1a"},
        customdata=[c.id for _, c in constructs],
        hovertext=[wrap_hover(c.summary, 40) for _, c in constructs], hovertemplate="%{hovertext}<extra></extra>",
        marker={"size": [24 if c.id == selected else 18 for _, c in constructs],
                "symbol": [SIDE_STYLE[c.side][1] for _, c in constructs],
                "color": [SIDE_STYLE[c.side][0] for _, c in constructs],
                "line": {"width": [4 if c.id == selected else 1.5 for _, c in constructs], "color": "#1f3b57"}},
    ))
    if parts:
        ids = [f"{c.id}/{p.id}" for _, c, p in parts]
        fig.add_trace(go.Scatter(
            x=[1.6] * len(parts), y=[-i * ROW for i, _, _ in parts], mode="markers+text", name="Parts",
            text=[p.name for _, _, p in parts], textposition="middle right", textfont={"size": 12, "color": "#1a1a1a"},
            customdata=ids, hovertext=[wrap_hover(p.examples[scenario], 40) for _, _, p in parts],
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"size": [13 if pid == selected else 9 for pid in ids], "symbol": "circle", "color": "#ffffff",
                    "line": {"width": 1.5, "color": "#1f3b57"}},
        ))
    title = wrap_hover(f"{course.model.title}, in the {SCENARIOS[scenario].lower()} scenario", 34)
    apply_layout(fig, title, x_range=(0, 10), y_range=(-(len(rows) - 0.5) * ROW, 0.6))
    fig.update_layout(height=ROW_PX * (len(rows) + 1) + 70, margin={"t": 70})
    return fig
