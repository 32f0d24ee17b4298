"""Plotly figures of the learner's progress: accuracy per topic, accuracy over time and mock exam scores.

They take the tables of `quiz.progress` (and the finished exams) and never rely on colour alone: every bar and
marker carries its value or its pass/fail verdict in words, and pass and fail also differ in marker symbol.
An empty table gives a figure that says so, with its titles, rather than blank axes.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

NO_ANSWERS = "No answers yet"
BAR_COLOUR = "#4a7bb7"
LINE_COLOUR = "#1f3b57"
VERDICT_STYLE = {  # marker symbol and colour; the text label says "pass" or "fail" as well
    "pass": ("circle", "#2e7d32"),
    "fail": ("x", "#c62828"),
}


def topic_accuracy_figure(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars of accuracy per topic, each labelled "answered X of Y"; takes `topic_accuracy(...)`."""
    fig = go.Figure()
    title, x_title, y_title = "Accuracy per topic", "Accuracy (%)", "Topic"
    if table.empty or table["questions_answered"].sum() == 0:
        return _empty(fig, title, x_title, y_title, NO_ANSWERS)
    accuracy = table["accuracy"]
    labels = [
        f"answered {answered} of {total}" + ("" if pd.isna(percent) else f" – {percent:.0f} %")
        for answered, total, percent in zip(table["questions_answered"], table["questions_total"], accuracy,
                                            strict=True)
    ]
    fig.add_trace(go.Bar(
        x=accuracy.fillna(0).tolist(), y=table["topic"].tolist(), orientation="h", name="Accuracy",
        # Outside the bar, so a topic answered at 0 % still says so (inside text vanishes on a zero-width bar).
        text=labels, textposition="outside", cliponaxis=False,
        customdata=table[["attempts", "right"]].to_numpy().tolist(),
        hovertemplate="<b>%{y}</b><br>%{text}<br>%{customdata[1]} right of %{customdata[0]} attempts<extra></extra>",
        marker={"color": BAR_COLOUR, "line": {"width": 1, "color": LINE_COLOUR}},
    ))
    _layout(fig, title, x_title, y_title)
    fig.update_layout(height=max(260, 60 + 40 * len(table)))
    fig.update_xaxes(range=[0, 145], tickvals=[0, 20, 40, 60, 80, 100], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")  # first topic at the top, as in the table
    return fig


def accuracy_over_time_figure(table: pd.DataFrame) -> go.Figure:
    """Accuracy per period as a line with markers; takes `accuracy_over_time(...)`."""
    fig = go.Figure()
    title, x_title, y_title = "Accuracy over time", "Date", "Accuracy (%)"
    if table.empty:
        return _empty(fig, title, x_title, y_title, NO_ANSWERS)
    fig.add_trace(go.Scatter(
        x=table["period"].tolist(), y=table["accuracy"].tolist(), mode="lines+markers+text", name="Accuracy",
        text=[f"{percent:.0f} %" for percent in table["accuracy"]], textposition="top center", cliponaxis=False,
        customdata=table[["attempts", "right"]].to_numpy().tolist(),
        hovertemplate="%{x|%d %b %Y}<br>%{y:.0f} %: %{customdata[1]} right of %{customdata[0]}<extra></extra>",
        line={"color": LINE_COLOUR, "width": 2}, marker={"size": 8, "color": LINE_COLOUR},
    ))
    _layout(fig, title, x_title, y_title)
    fig.update_yaxes(range=[-5, 108], ticksuffix=" %")  # a point at 0 % is drawn whole
    _date_axis(fig, table["period"], "%d %b")
    return fig


def _date_axis(fig: go.Figure, times: pd.Series, tick_format: str) -> None:
    """Readable date ticks; a single point gets a day either side instead of millisecond ticks."""
    fig.update_xaxes(type="date", tickformat=tick_format)
    if times.nunique() == 1:
        only = pd.Timestamp(times.iloc[0])
        fig.update_xaxes(range=[only - pd.Timedelta(days=1), only + pd.Timedelta(days=1)], dtick=86_400_000)


def exam_scores_figure(exams: pd.DataFrame, pass_percent: float = 65) -> go.Figure:
    """Mock exam scores over time, labelled and shaped "pass" or "fail", with a dashed line at the pass mark."""
    fig = go.Figure()
    title, x_title, y_title = "Mock exam scores", "Date finished", "Score (%)"
    if exams.empty:
        return _empty(fig, title, x_title, y_title, f"{NO_ANSWERS}: finish a mock exam to see its score here")
    exams = exams.sort_values("finished_at", kind="stable")
    # Nullable columns (Int64, Float64, boolean) from storage: plain floats for plotly, and a verdict for every exam.
    percent = exams["percent"].astype("float64")
    passed = exams["passed"].astype("boolean").fillna(percent >= pass_percent).astype(bool)
    for verdict, (symbol, colour) in VERDICT_STYLE.items():
        chosen = passed == (verdict == "pass")
        if not chosen.any():
            continue
        fig.add_trace(go.Scatter(
            x=exams.loc[chosen, "finished_at"].tolist(), y=percent[chosen].tolist(), mode="markers+text",
            name=verdict.capitalize(), text=[f"{p:.0f} % {verdict}" for p in percent[chosen]],
            textposition=[_label_side(p, pass_percent) for p in percent[chosen]],
            customdata=exams.loc[chosen, ["score", "total"]].astype("float64").to_numpy().tolist(),
            hovertemplate=("%{x|%d %b %Y %H:%M}<br>%{y:.0f} % (%{customdata[0]:.0f} of %{customdata[1]:.0f}): "
                           f"{verdict}<extra></extra>"),
            marker={"size": 12, "symbol": symbol, "color": colour, "line": {"width": 1, "color": LINE_COLOUR}},
        ))
    fig.add_hline(y=pass_percent, line={"dash": "dash", "color": "#555", "width": 1.5},
                  annotation_text=f"Pass mark {pass_percent:g} %", annotation_position="bottom right")
    _layout(fig, title, x_title, y_title)
    fig.update_layout(showlegend=True)
    _date_axis(fig, exams["finished_at"], "%d %b %H:%M")
    fig.update_yaxes(range=[-5, 108], ticksuffix=" %")  # a point at 0 % is drawn whole
    return fig


def _label_side(percent: float, pass_percent: float) -> str:
    """Put a score's label on the side away from the pass line (so the line never strikes it through), unless
    that side would run off the chart."""
    away = "top center" if percent >= pass_percent else "bottom center"
    if percent < 15 or percent > 95:
        return "top center" if percent < 15 else "bottom center"
    return away


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str) -> None:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}}, showlegend=False, plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=360,
        xaxis={"title": {"text": x_title}, "gridcolor": "#e5e5e5"},
        yaxis={"title": {"text": y_title}, "gridcolor": "#e5e5e5"},
    )


def _empty(fig: go.Figure, title: str, x_title: str, y_title: str, message: str) -> go.Figure:
    _layout(fig, title, x_title, y_title)
    fig.update_xaxes(showticklabels=False, showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False)
    # Wrapped: one long line is cut off on a phone's narrow chart.
    fig.add_annotation(text="<br>".join(textwrap.wrap(message, 34)), x=0.5, y=0.5, xref="paper", yref="paper",
                       showarrow=False, font={"size": 16, "color": "#333"})
    return fig
