"""Progress figures, checked on fig.data and fig.layout: values, words on bars and markers, the pass line, empties."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import plotly.graph_objects as go
import pytest

from course.charts import accuracy_over_time_figure, exam_scores_figure, topic_accuracy_figure

START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _titles(fig: go.Figure) -> tuple[str, str, str]:
    return fig.layout.title.text, fig.layout.xaxis.title.text, fig.layout.yaxis.title.text


def _annotations(fig: go.Figure) -> list[str]:
    return [annotation.text for annotation in fig.layout.annotations]


@pytest.fixture
def topics() -> pd.DataFrame:
    return pd.DataFrame({
        "topic": ["consumption", "provision", "value"],
        "questions_total": [2, 3, 1],
        "questions_answered": [2, 2, 0],
        "attempts": [3, 4, 0],
        "right": [1, 3, 0],
        "accuracy": [100 / 3, 75.0, float("nan")],
    })


@pytest.fixture
def exams() -> pd.DataFrame:
    return pd.DataFrame({
        "exam_id": ["e2", "e1", "e3"],
        "blueprint_id": ["foundation"] * 3,
        "started_at": pd.to_datetime([START + timedelta(days=d) for d in (2, 0, 5)], utc=True),
        "finished_at": pd.to_datetime([START + timedelta(days=d, hours=1) for d in (2, 0, 5)], utc=True),
        "score": [27, 20, 33],
        "total": [40, 40, 40],
        "passed": [True, False, True],
        "percent": [67.5, 50.0, 82.5],
    })


def test_topic_accuracy_figure(topics):
    fig = topic_accuracy_figure(topics)
    assert _titles(fig) == ("Accuracy per topic", "Accuracy (%)", "Topic")
    (bars,) = fig.data
    assert bars.type == "bar"
    assert bars.orientation == "h"
    assert list(bars.y) == ["consumption", "provision", "value"]
    assert list(bars.x) == pytest.approx([100 / 3, 75.0, 0.0])
    assert list(bars.text) == ["answered 2 of 2 – 33 %", "answered 2 of 3 – 75 %", "answered 0 of 1"]
    assert fig.layout.xaxis.range[0] == 0 and max(fig.layout.xaxis.tickvals) == 100
    assert fig.data[0].textposition == "outside", "a 0 % bar still shows its label"
    assert fig.layout.yaxis.autorange == "reversed"  # first topic on top
    assert _annotations(fig) == []


@pytest.mark.parametrize("answered", [[], [0, 0, 0]])
def test_topic_accuracy_figure_without_answers(topics, answered):
    table = topics.iloc[:0] if not answered else topics.assign(questions_answered=answered, attempts=0, right=0,
                                                               accuracy=float("nan"))
    fig = topic_accuracy_figure(table)
    assert fig.data == ()
    assert _annotations(fig) == ["No answers yet"]
    assert _titles(fig) == ("Accuracy per topic", "Accuracy (%)", "Topic")


def test_accuracy_over_time_figure():
    table = pd.DataFrame({
        "period": pd.to_datetime([START, START + timedelta(days=1), START + timedelta(days=3)], utc=True),
        "attempts": [3, 4, 2], "right": [2, 2, 1], "accuracy": [200 / 3, 50.0, 50.0],
    })
    fig = accuracy_over_time_figure(table)
    assert _titles(fig) == ("Accuracy over time", "Date", "Accuracy (%)")
    (line,) = fig.data
    assert line.mode == "lines+markers+text"
    assert list(line.y) == pytest.approx([200 / 3, 50.0, 50.0])
    assert len(line.x) == 3
    assert list(line.text) == ["67 %", "50 %", "50 %"]
    assert [list(row) for row in line.customdata] == [[3, 2], [4, 2], [2, 1]]


def test_accuracy_over_time_figure_without_answers():
    empty = pd.DataFrame({"period": pd.to_datetime([], utc=True), "attempts": [], "right": [], "accuracy": []})
    fig = accuracy_over_time_figure(empty)
    assert fig.data == ()
    assert _annotations(fig) == ["No answers yet"]
    assert _titles(fig) == ("Accuracy over time", "Date", "Accuracy (%)")


def test_exam_scores_figure(exams):
    fig = exam_scores_figure(exams)
    assert _titles(fig) == ("Mock exam scores", "Date finished", "Score (%)")
    by_name = {trace.name: trace for trace in fig.data}
    assert set(by_name) == {"Pass", "Fail"}
    passed, failed = by_name["Pass"], by_name["Fail"]
    assert list(passed.y) == [67.5, 82.5]  # in time order
    assert list(failed.y) == [50.0]
    assert list(passed.text) == ["68 % pass", "82 % pass"], "the score is shown"
    assert list(failed.text) == ["50 % fail"]
    assert failed.textposition == ("bottom center",), "below a fail: the pass line never strikes the label"
    assert passed.textposition == ("top center", "top center")
    assert "text" in passed.mode and "markers" in passed.mode
    assert passed.marker.symbol != failed.marker.symbol  # not told apart by colour alone


def test_exam_scores_figure_draws_a_dashed_pass_line(exams):
    fig = exam_scores_figure(exams)
    (line,) = fig.layout.shapes
    assert (line.y0, line.y1) == (65, 65)
    assert line.line.dash == "dash"
    assert "Pass mark 65 %" in _annotations(fig)


def test_exam_scores_figure_at_another_pass_mark(exams):
    fig = exam_scores_figure(exams, pass_percent=70)
    assert fig.layout.shapes[0].y0 == 70
    assert "Pass mark 70 %" in _annotations(fig)


def test_exam_scores_figure_only_failed(exams):
    fig = exam_scores_figure(exams[~exams["passed"]])
    assert [trace.name for trace in fig.data] == ["Fail"]


def test_exam_scores_figure_without_exams(exams):
    fig = exam_scores_figure(exams.iloc[:0])
    assert fig.data == ()
    (message,) = _annotations(fig)
    assert message.startswith("No answers yet")
    assert _titles(fig) == ("Mock exam scores", "Date finished", "Score (%)")


def test_exam_scores_figure_takes_nullable_columns_as_storage_gives_them(exams):
    exams = exams.astype({"score": "Int64", "passed": "boolean", "percent": "Float64"})
    exams.loc[0, "passed"] = pd.NA  # no verdict stored: read from the percentage (67.5 passes)
    fig = exam_scores_figure(exams)
    by_name = {trace.name: trace for trace in fig.data}
    assert list(by_name["Pass"].y) == [67.5, 82.5]
    assert [list(row) for row in by_name["Pass"].customdata] == [[27, 40], [33, 40]]
    fig.to_json()  # plotly can serialize it (no pd.NA left)


def test_every_figure_serializes(topics, exams):
    over_time = pd.DataFrame({"period": pd.to_datetime([START], utc=True), "attempts": [2], "right": [1],
                              "accuracy": [50.0]})
    for fig in (topic_accuracy_figure(topics), accuracy_over_time_figure(over_time), exam_scores_figure(exams)):
        fig.to_json()


def test_a_long_note_on_an_empty_chart_is_wrapped_for_a_phone():
    fig = exam_scores_figure(pd.DataFrame(columns=["finished_at", "percent", "passed", "score", "total"]))
    (note,) = _annotations(fig)
    assert "<br>" in note and all(len(line) <= 34 for line in note.split("<br>")), note
