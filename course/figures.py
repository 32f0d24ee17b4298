"""Plotly figures of the service relationship model and of the chains of relationships.

Every clickable marker carries its id in `customdata`: a construct id (`product`), a part as
`construct/part` (`service-offering/goods`), a chain organization as `org:ID` or a relationship as
`rel:ID`. Pages read the clicked id back from the selection event.
"""

from __future__ import annotations

import plotly.graph_objects as go

from course.loader import Course
from course.models import SCENARIOS

# Where each construct sits: x across (provider left, consumer right), y = layer from the bottom.
POSITIONS: dict[str, tuple[float, float]] = {
    "resources": (1.6, 0),
    "product": (1.6, 1),
    "service-offering": (1.6, 2),
    "service-provision": (2.2, 3),
    "service-relationship": (5.6, 3),
    "service-consumption": (9.0, 3),
    "service-relationship-management": (5.6, 4),
    "value-co-creation": (5.6, 5),
    "service-provider": (2.2, 6),
    "service-relationship-model": (5.6, 6),
    "service-consumer": (9.0, 6),
    "consumer-roles": (9.0, 5),
}
LAYER_Y = {"resources": 0, "products": 1, "offerings": 2, "relationship": 3, "management": 4, "value": 5}
PART_DX = 1.15  # parts are listed to the right of their construct
PART_SPREAD = 0.42  # and spread over most of its layer, so that four of them read in large type too
SIDE_STYLE = {  # fill colour and marker symbol; sides also differ in place and in the words on the diagram
    "provider": ("#dbe9f6", "square"),
    "consumer": ("#fde6cf", "diamond"),
    "joint": ("#e4f2e1", "circle"),
}
ARROWS = [  # (from, to) between constructs, drawn bottom-up
    ("resources", "product"), ("product", "service-offering"), ("service-offering", "service-provision"),
    ("service-provision", "service-relationship"), ("service-consumption", "service-relationship"),
    ("service-relationship", "service-relationship-management"),
    ("service-relationship-management", "value-co-creation"),
]


def model_figure(course: Course, scenario: str, *, revealed: int | None = None, selected: str | None = None,
                 scale: float = 1.0, highlight: bool = False, height: int | None = None) -> go.Figure:
    """The model from resources up to value co-creation; `revealed` shows only the first N layers.

    `scale` enlarges every text, for a projector; `highlight` marks the layer revealed last (a band, an arrow
    and bold type, not colour alone); `height` in px replaces the default."""
    layer_ids = [layer.id for layer in course.model.layers]
    shown_layers = set(layer_ids if revealed is None else layer_ids[:revealed])
    everything = revealed is None or revealed >= len(layer_ids)
    constructs = [c for c in course.constructs if c.layer in shown_layers or everything]
    fig = go.Figure()
    _sides(fig)
    newest = layer_ids[min(revealed or len(layer_ids), len(layer_ids)) - 1] if highlight else None
    for layer_id in layer_ids:
        if layer_id in shown_layers:
            _layer_name(fig, course.layer(layer_id).name, LAYER_Y[layer_id], newest=layer_id == newest)
    _arrows(fig, {c.id for c in constructs})
    fig.add_trace(_construct_trace(constructs, selected))
    parts = [(c, p, i) for c in constructs for i, p in enumerate(c.parts)]
    if parts:
        fig.add_trace(_part_trace(parts, scenario, selected))
    scenario_name = SCENARIOS[scenario].lower()
    apply_layout(fig, f"{course.model.title}, in the {scenario_name} scenario", x_range=(-0.3, 12.4),
                 y_range=(-0.8, 6.6))
    if height:
        fig.update_layout(height=height)
    if scale != 1.0:
        scale_text(fig, scale)
    return fig


def _layer_name(fig: go.Figure, name: str, y: float, *, newest: bool) -> None:
    if newest:
        fig.add_shape(type="rect", x0=-0.3, x1=12.4, y0=y - 0.5, y1=y + 0.55, layer="below", fillcolor="#fff3bf",
                      opacity=0.7, line={"width": 2, "dash": "dash", "color": "#7a5c00"})
    fig.add_annotation(x=-0.2, y=y, text=f"<b>▶ {name.upper()}</b>" if newest else name.upper(), showarrow=False,
                       xanchor="left", yanchor="bottom", yshift=22,
                       font={"size": 11, "color": "#7a2e00" if newest else "#555"})


def scale_text(fig: go.Figure, scale: float) -> None:
    """Enlarge every text by `scale`, and the gaps kept free for texts (arrow stand-offs, shifts) with it."""
    for trace in fig.data:
        trace.textfont.size = round((trace.textfont.size or 12) * scale)
    for note in fig.layout.annotations:
        note.font.size = round((note.font.size or 12) * scale)
        for gap in ("standoff", "startstandoff", "yshift"):
            if note[gap]:
                note[gap] = round(note[gap] * scale)
    fig.layout.title.font.size = round(fig.layout.title.font.size * scale)
    fig.layout.margin.t = round(fig.layout.margin.t * scale)


def _sides(fig: go.Figure) -> None:
    for x0, x1, side, label in [(-0.3, 4.4, "provider", "PROVIDER SIDE"), (6.9, 12.4, "consumer", "CONSUMER SIDE")]:
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=-0.8, y1=6.6, line={"width": 0},
                      fillcolor=SIDE_STYLE[side][0], opacity=0.45, layer="below")
        fig.add_annotation(x=(x0 + x1) / 2, y=6.6, text=f"<b>{label}</b>", showarrow=False, yanchor="top",
                           font={"size": 11, "color": "#333"})
    fig.add_annotation(x=5.6, y=6.6, text="<b>JOINT</b>", showarrow=False, yanchor="top",
                       font={"size": 11, "color": "#333"})


def _arrows(fig: go.Figure, shown: set[str]) -> None:
    for start, end in ARROWS:
        if start in shown and end in shown:
            (x0, y0), (x1, y1) = POSITIONS[start], POSITIONS[end]
            # An arrow coming up from below stops short of the name printed under its target.
            end_gap = 40 if y1 > y0 else 22
            fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                               showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=1.5, arrowcolor="#888",
                               standoff=end_gap, startstandoff=22, text="")


def _construct_trace(constructs: list, selected: str | None) -> go.Scatter:
    return go.Scatter(
        x=[POSITIONS[c.id][0] for c in constructs],
        y=[POSITIONS[c.id][1] for c in constructs],
        mode="markers+text",
        name="Constructs",
        text=[f"<b>{c.name}</b>" for c in constructs],
        textposition="bottom center", textfont={"color": "#1a1a1a", "size": 12},
        customdata=[c.id for c in constructs],
        hovertext=[c.summary for c in constructs],
        hovertemplate="<b>%{text}</b><br>%{hovertext}<extra></extra>",
        marker={
            "size": [30 if c.id == selected else 22 for c in constructs],
            "symbol": [SIDE_STYLE[c.side][1] for c in constructs],
            "color": [SIDE_STYLE[c.side][0] for c in constructs],
            "line": {"width": [4 if c.id == selected else 1.5 for c in constructs], "color": "#1f3b57"},
        },
    )


def _part_trace(parts: list, scenario: str, selected: str | None) -> go.Scatter:
    def place(construct, index: int) -> tuple[float, float]:
        x, y = POSITIONS[construct.id]
        count = len(construct.parts)
        return x + PART_DX, y + PART_SPREAD - index * (2 * PART_SPREAD / max(1, count - 1))

    points = [place(c, i) for c, _, i in parts]
    ids = [f"{c.id}/{p.id}" for c, p, _ in parts]
    return go.Scatter(
        x=[x for x, _ in points], y=[y for _, y in points],
        mode="markers+text", name="Parts",
        text=[p.name for _, p, _ in parts], textposition="middle right",
        customdata=ids,
        hovertext=[wrap_hover(p.examples[scenario]) for _, p, _ in parts],
        hovertemplate="<b>%{text}</b><br>%{hovertext}<extra></extra>",
        marker={"size": [14 if pid == selected else 9 for pid in ids], "symbol": "circle",
                "color": "#ffffff", "line": {"width": 1.5, "color": "#1f3b57"}},
        textfont={"size": 11, "color": "#1a1a1a"},
    )


def chain_figure(course: Course, scenario: str, *, selected: str | None = None, compact: bool = False) -> go.Figure:
    """Organizations of one scenario and the numbered services between them, providers on the left.

    `compact` (a phone) turns it a quarter: providers on top, consumers below, names wrapped."""
    chain = course.chains[scenario]
    if compact:
        spot = {o.id: (o.row * 1.0, -o.column * 1.0) for o in chain.organizations}
    else:
        spot = {o.id: (o.column * 3.0, -o.row * 1.0) for o in chain.organizations}
    fig = go.Figure()
    for rel in chain.relationships:
        (x0, y0), (x1, y1) = spot[rel.provider], spot[rel.consumer]
        across = y0 == y1
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", showarrow=True,
                           arrowhead=3, arrowsize=1.2, arrowwidth=2 if f"rel:{rel.id}" == selected else 1.2,
                           arrowcolor="#555", standoff=18 if across else (22 if compact else 30),
                           startstandoff=18 if across or not compact else 44, text="")
    rels = chain.relationships
    # Each service is numbered on its diamond (touch screens have no hover); the page lists the numbers.
    fig.add_trace(go.Scatter(
        x=[(spot[r.provider][0] + spot[r.consumer][0]) / 2 for r in rels],
        y=[(spot[r.provider][1] + spot[r.consumer][1]) / 2 for r in rels],
        mode="markers+text", name="Services", customdata=[f"rel:{r.id}" for r in rels],
        text=[str(i) for i in range(1, len(rels) + 1)], textposition="middle center",
        textfont={"size": 11, "color": "#1a1a1a"},
        hovertext=[f"<b>{r.service}</b><br>{wrap_hover(r.creates)}" for r in rels],
        hovertemplate="%{hovertext}<extra></extra>",
        marker={"size": [26 if f"rel:{r.id}" == selected else 22 for r in rels], "symbol": "diamond",
                "color": "#ffffff", "line": {"width": 1.5, "color": "#555"}},
    ))
    orgs = chain.organizations
    fig.add_trace(go.Scatter(
        x=[spot[o.id][0] for o in orgs], y=[spot[o.id][1] for o in orgs],
        mode="markers+text", name="Organizations", customdata=[f"org:{o.id}" for o in orgs],
        text=[f"<b>{wrap_hover(o.name, 13) if compact else o.name}</b>" for o in orgs],
        textposition="bottom center", textfont={"color": "#1a1a1a", "size": 11 if compact else 12},
        hovertext=[wrap_hover(o.description, 40 if compact else 60) for o in orgs],
        hovertemplate="%{text}<br>%{hovertext}<extra></extra>",
        marker={"size": [30 if f"org:{o.id}" == selected else 22 for o in orgs], "color": "#dbe9f6",
                "line": {"width": 1.5, "color": "#1f3b57"}},
    ))
    xs, ys = [x for x, _ in spot.values()], [y for _, y in spot.values()]
    # Wide margins: organization names are centred under their markers and must not be cut at the edges.
    margin = 0.55 if compact else 2.2
    apply_layout(fig, wrap_hover(chain.title, 34) if compact else chain.title,
                 x_range=(min(xs) - margin, max(xs) + margin), y_range=(min(ys) - (0.45 if compact else 0.6), 0.5))
    if compact:
        fig.update_layout(height=170 * (max(o.column for o in orgs) + 1) + 60, margin={"t": 70})
    return fig


def apply_layout(fig: go.Figure, title: str, *, x_range: tuple, y_range: tuple) -> None:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}},
        showlegend=False, clickmode="event+select", dragmode=False, hovermode="closest",
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=620, plot_bgcolor="white",
        xaxis={"visible": False, "range": list(x_range), "fixedrange": True},
        yaxis={"visible": False, "range": list(y_range), "fixedrange": True},
    )


def wrap_hover(text: str, width: int = 60) -> str:
    """Break hover text into lines, since plotly does not wrap it."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])
