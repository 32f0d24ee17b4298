"""The reveal's chart: how the room answered, per option, with the key marked in words and a pattern."""

from __future__ import annotations

import plotly.graph_objects as go

from classroom.views import TrainerView
from quiz.letters import letter

KEY_COLOUR, OTHER_COLOUR = "#2e7d32", "#7a8794"
KEY_MARK = "✔ key"


def answers_figure(view: TrainerView, *, reveal: bool = True, height: int = 380) -> go.Figure:
    """One bar per option in the order shown (A first); with `reveal`, the key says "✔ key" and is hatched."""
    question = view.question
    if question is None:
        raise ValueError("no question on screen")
    key = question.correct_indices if reveal else frozenset()
    labels, counts, colours, patterns = [], [], [], []
    for at, index in enumerate(view.shown):
        text = question.options[index].text
        short = text if len(text) <= 48 else text[:47] + "…"
        labels.append(f"{letter(at)}{' ' + KEY_MARK if index in key else ''}: {short}")
        counts.append(view.counts.get(index, 0))
        colours.append(KEY_COLOUR if index in key else OTHER_COLOUR)
        patterns.append("/" if index in key else "")
    fig = go.Figure(go.Bar(
        x=counts, y=labels, orientation="h", text=[str(c) for c in counts], textposition="outside",
        cliponaxis=False, marker={"color": colours, "pattern": {"shape": patterns}},
        hovertemplate="%{y}<br>%{x} students<extra></extra>",
    ))
    fig.update_layout(title=f"Answers: {view.answered} of {view.seats} students", xaxis_title="Students",
                      yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 20}}, height=height,
                      font={"size": 18}, plot_bgcolor="white",
                      xaxis={"rangemode": "tozero", "dtick": 1 if max(counts, default=0) < 10 else None},
                      margin={"l": 10, "r": 40, "t": 60, "b": 70})
    return fig
