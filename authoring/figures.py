"""Plotly figures of the item analysis: facility against discrimination, and one question's option choices.

Flagged and unflagged questions differ in marker symbol and in words (hover and legend), not colour alone;
each marker carries its question id as customdata, so a click on it selects the question.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from authoring.analysis import EASY, HARD, NEAR_ZERO, NOT_ENOUGH

STYLE = {True: ("flagged", "x", "#c62828"), False: ("no flag", "circle", "#2e7d32")}
KEY_COLOUR, OTHER_COLOUR = "#2e7d32", "#7a8794"


def facility_discrimination_figure(table: pd.DataFrame) -> go.Figure:
    """Each question with enough data as a point: facility across, discrimination up."""
    fig = go.Figure()
    judged = table[(table["method"] != NOT_ENOUGH) & table["discrimination"].notna()]
    for flagged in (True, False):
        part = judged[(judged["flag_count"] > 0) == flagged]
        name, symbol, colour = STYLE[flagged]
        fig.add_trace(go.Scatter(
            x=part["facility"].tolist(), y=part["discrimination"].tolist(), mode="markers", name=name,
            customdata=part["question_id"].tolist(),
            text=[", ".join(flags) or "no flag" for flags in part["flags"]],
            hovertemplate="<b>%{customdata}</b><br>facility %{x:.2f}, discrimination %{y:.2f}<br>%{text}"
                          "<extra></extra>",
            marker={"symbol": symbol, "color": colour, "size": 11, "line": {"width": 1, "color": "#1f3b57"}},
        ))
    for y in (0, NEAR_ZERO):
        fig.add_hline(y=y, line={"dash": "dot", "width": 1, "color": "#7a8794"})
    for x in (HARD, EASY):
        fig.add_vline(x=x, line={"dash": "dot", "width": 1, "color": "#7a8794"})
    fig.update_layout(title="Facility and discrimination (click a question)", xaxis_title="Facility (share right)",
                      yaxis_title="Discrimination", xaxis={"range": [-0.02, 1.02]}, height=420,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, legend={"orientation": "h", "y": -0.2})
    if judged.empty:
        fig.add_annotation(text="No question has enough responses yet", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
    return fig


def option_choices_figure(row: pd.Series) -> go.Figure:
    """How often each option of one question was chosen; the key is marked in its label, not only in colour."""
    labels = [f"{chr(65 + i)}{' (key)' if correct else ''}: {text[:60]}" for i, (text, correct, _) in
              enumerate(row["options"])]
    counts = [count for _, _, count in row["options"]]
    fig = go.Figure(go.Bar(
        x=counts, y=labels, orientation="h", text=[str(c) for c in counts], textposition="outside",
        cliponaxis=False, marker={"color": [KEY_COLOUR if c else OTHER_COLOUR for _, c, _ in row["options"]]},
        hovertemplate="%{y}<br>chosen %{x} times<extra></extra>",
    ))
    fig.update_layout(title=f"Options chosen: {row['question_id']}", xaxis_title="Times chosen",
                      yaxis={"autorange": "reversed"}, height=120 + 40 * len(labels),
                      margin={"l": 10, "r": 40, "t": 50, "b": 10})
    return fig
