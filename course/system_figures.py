"""Plotly figures of the service value system and of the value chain with a scenario's value stream.

Every clickable marker carries the node id in `customdata` (`governance`, `engage`), which the pages read
back from the selection event. Kinds of node differ by shape and by the words on the diagram, not by
colour alone.
"""

from __future__ import annotations

from itertools import pairwise

import plotly.graph_objects as go

from course.figures import apply_layout, scale_text, wrap_hover
from course.models import DiagramNode, ValueSystem

# The SVS: input on the left, the five components inside the system, value on the right.
SVS_POSITIONS: dict[str, tuple[float, float]] = {
    "opportunity-and-demand": (0.0, 2.0),
    "guiding-principles": (3.0, 4.0),
    "governance": (3.0, 3.0),
    "service-value-chain": (3.0, 2.0),
    "practices": (3.0, 1.0),
    "continual-improvement": (3.0, 0.0),
    "value": (6.0, 2.0),
}
# On a phone the flow runs down the screen: demand on top, the five components in their box, value below.
SVS_COMPACT: dict[str, tuple[float, float]] = {
    "opportunity-and-demand": (0.6, 6.4),
    "guiding-principles": (1.2, 5.0),
    "governance": (1.2, 4.0),
    "service-value-chain": (1.2, 3.0),
    "practices": (1.2, 2.0),
    "continual-improvement": (1.2, 1.0),
    "value": (0.6, -0.4),
}
# The value chain as ITIL draws it: plan above, improve below, engage at the edge, three activities between.
CHAIN_POSITIONS: dict[str, tuple[float, float]] = {
    "plan": (3.0, 3.0),
    "engage": (0.0, 1.5),
    "design-and-transition": (3.0, 2.0),
    "obtain-build": (3.0, 1.5),
    "deliver-and-support": (3.0, 1.0),
    "improve": (3.0, 0.0),
}
KIND_STYLE = {  # fill and marker symbol by kind of node
    "input": ("#fde6cf", "triangle-right"),
    "component": ("#dbe9f6", "square"),
    "outcome": ("#e4f2e1", "star"),
    "activity": ("#dbe9f6", "hexagon"),
}
KIND_WORD = {"input": "INPUT", "outcome": "OUTCOME"}


def svs_figure(system: ValueSystem, *, selected: str | None = None, scale: float = 1.0,
               compact: bool = False) -> go.Figure:
    """Opportunity and demand flowing through the five components of the SVS to value; `compact`: top to bottom."""
    if compact:
        return _compact_svs(system, selected)
    fig = go.Figure()
    fig.add_shape(type="rect", x0=1.6, x1=4.4, y0=-0.6, y1=4.6, line={"width": 2, "color": "#1f3b57"},
                  fillcolor="#f4f8fc", layer="below")
    fig.add_annotation(x=3.0, y=4.6, text="<b>THE SERVICE VALUE SYSTEM</b>", showarrow=False, yanchor="bottom",
                       font={"size": 12, "color": "#333"})
    for start, end in (("opportunity-and-demand", "service-value-chain"), ("service-value-chain", "value")):
        _arrow(fig, SVS_POSITIONS[start], SVS_POSITIONS[end])
    placed = [n for n in system.nodes if n.id in SVS_POSITIONS]
    fig.add_trace(_nodes(placed, SVS_POSITIONS, selected))
    apply_layout(fig, system.title, x_range=(-1.4, 7.4), y_range=(-0.9, 5.0))
    if scale != 1.0:
        scale_text(fig, scale)
    return fig


def _compact_svs(system: ValueSystem, selected: str | None) -> go.Figure:
    fig = go.Figure()
    fig.add_shape(type="rect", x0=0.3, x1=9.7, y0=0.4, y1=5.6, line={"width": 2, "color": "#1f3b57"},
                  fillcolor="#f4f8fc", layer="below")
    fig.add_annotation(x=0.5, y=5.6, text="<b>THE SERVICE VALUE SYSTEM</b>", showarrow=False, xanchor="left",
                       yanchor="top", font={"size": 11, "color": "#333"})
    for (x0, y0), (x1, y1) in (((0.6, 6.4), (0.6, 5.6)), ((0.6, 0.4), (0.6, -0.4))):
        _arrow(fig, (x0, y0), (x1, y1))
    placed = [n for n in system.nodes if n.id in SVS_COMPACT]
    fig.add_trace(_nodes(placed, SVS_COMPACT, selected))
    apply_layout(fig, system.title, x_range=(0, 10), y_range=(-0.9, 6.9))
    fig.update_layout(height=520)
    return fig


def value_chain_figure(system: ValueSystem, scenario: str, *, selected: str | None = None,
                       scale: float = 1.0, compact: bool = False) -> go.Figure:
    """The six activities, and the scenario's value stream drawn through them as numbered steps."""
    stream = system.streams[scenario]
    fig = go.Figure()
    fig.add_shape(type="rect", x0=-1.0, x1=4.6, y0=-0.5, y1=3.5, line={"width": 1.5, "color": "#1f3b57"},
                  fillcolor="#f4f8fc", layer="below")
    path = [CHAIN_POSITIONS[step.activity] for step in stream.steps]
    for number, (start, end) in enumerate(pairwise(path), start=1):
        _arrow(fig, start, end, label=str(number + 1), bend=number)
    fig.add_annotation(x=path[0][0], y=path[0][1], text="<b>1</b>", showarrow=False, yshift=30,
                       font={"size": 13, "color": "#7a2e00"})
    # On a phone the arrows leaving engage would cross a name on its right: it is written on its left there.
    fig.add_trace(_nodes(list(system.activities), CHAIN_POSITIONS, selected, left=("engage",) if compact else ()))
    title = f"{system.chain_title}: {stream.title}"
    apply_layout(fig, wrap_hover(title, 34) if compact else title, x_range=(-1.6, 6.4), y_range=(-0.8, 3.8))
    if compact:
        fig.update_layout(height=480, margin={"t": 70})
    if scale != 1.0:
        scale_text(fig, scale)
    return fig


def _nodes(nodes: list[DiagramNode], positions: dict[str, tuple[float, float]], selected: str | None,
           left: tuple[str, ...] = ()) -> go.Scatter:
    def label(node: DiagramNode) -> str:
        word = KIND_WORD.get(node.kind)
        return f"<b>{node.name}</b>" + (f"<br>({word.lower()})" if word else "")

    return go.Scatter(
        x=[positions[n.id][0] for n in nodes], y=[positions[n.id][1] for n in nodes],
        mode="markers+text", name="Elements",
        text=[label(n) for n in nodes],
        textposition=["middle left" if n.id in left else "middle right" for n in nodes],
        textfont={"color": "#1a1a1a", "size": 12},
        customdata=[n.id for n in nodes],
        hovertext=[wrap_hover(n.summary) for n in nodes],
        hovertemplate="%{text}<br>%{hovertext}<extra></extra>",
        marker={
            "size": [30 if n.id == selected else 22 for n in nodes],
            "symbol": [KIND_STYLE[n.kind][1] for n in nodes],
            "color": [KIND_STYLE[n.kind][0] for n in nodes],
            "line": {"width": [4 if n.id == selected else 1.5 for n in nodes], "color": "#1f3b57"},
        },
    )


def _arrow(fig: go.Figure, start: tuple[float, float], end: tuple[float, float], *, label: str = "",
           bend: int = 0) -> None:
    (x0, y0), (x1, y1) = start, end
    fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", showarrow=True,
                       arrowhead=3, arrowsize=1.2, arrowwidth=1.8, arrowcolor="#7a2e00" if label else "#888",
                       standoff=16, startstandoff=16, text="")
    if label:
        # Steps between the same two activities would print on top of each other: offset them a little.
        offset = 0.12 * (bend % 3)
        fig.add_annotation(x=(x0 + x1) / 2 - 0.15 - offset, y=(y0 + y1) / 2 + offset, text=f"<b>{label}</b>",
                           showarrow=False, font={"size": 13, "color": "#7a2e00"}, bgcolor="#ffffff")
