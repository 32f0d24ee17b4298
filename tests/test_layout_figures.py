"""Layouts for the screen at hand: the phone diagrams, numbered chain services, the presenter's figure and sizes."""

from pathlib import Path

import pytest

from course.compact_figures import compact_model_figure, rows_of
from course.figures import chain_figure, model_figure
from course.loader import load_course
from course.models import SCENARIOS
from course.screen import COMPACT_WIDTH, compact, presenter_layout, presenter_scale, text_lines
from course.system_figures import svs_figure, value_chain_figure

ROOT = Path(__file__).resolve().parents[1]
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
PROJECTOR = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def course():
    return load_course(ROOT / "content" / "course")


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def title_lines(fig) -> list[str]:
    return fig.layout.title.text.split("<br>")


# --- which layout -------------------------------------------------------------------------------


def test_only_a_narrow_window_is_compact():
    assert compact(PHONE) and not compact(LAPTOP) and not compact(PROJECTOR)
    assert not compact(None), "until the browser tells its width, the wide layout is drawn"
    assert compact({"width": COMPACT_WIDTH - 1, "height": 900}) and not compact({"width": COMPACT_WIDTH, "height": 900})


def test_a_projector_gets_the_figure_full_width_with_large_type_and_a_laptop_gets_the_words_beside():
    words = 460  # the longest presenter text is about this long
    place, height = presenter_layout(PROJECTOR, words)
    assert place == "below" and height >= 560
    assert presenter_scale(height) >= 1.8, "labels of 11-12 px become 20 px or more"
    place, height = presenter_layout(LAPTOP, words)
    assert place == "beside" and height + 290 <= LAPTOP["height"], "the step fits 768 px without scrolling"
    assert presenter_layout(None, words)[0] == "beside"


def test_text_lines_grow_with_length_and_shrink_with_width():
    assert text_lines(100, 1920) == 1
    assert text_lines(400, 1366) > text_lines(400, 1920)


# --- the phone diagrams ---------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_the_compact_model_has_the_same_clickable_elements_as_the_wide_one(course, scenario):
    wide, narrow = model_figure(course, scenario), compact_model_figure(course, scenario)
    for name in ("Constructs", "Parts"):
        assert sorted(trace(narrow, name).customdata) == sorted(trace(wide, name).customdata)


def test_the_compact_model_gives_every_name_its_own_row_and_says_the_side_in_words(course):
    fig = compact_model_figure(course, "banking")
    ys = [*trace(fig, "Constructs").y, *trace(fig, "Parts").y]
    assert len(ys) == len(set(ys)), "no two names share a row, so none can run into another"
    texts = dict(zip(trace(fig, "Constructs").customdata, trace(fig, "Constructs").text, strict=True))
    assert "provider side" in texts["service-provider"] and "consumer side" in texts["service-consumer"]
    assert all(len(line) <= 34 for line in title_lines(fig)), "the title is wrapped, not cut"
    assert fig.layout.height >= 27 * len(rows_of(course)), "tall enough for a readable row each"


def test_the_compact_model_stacks_layers_top_down_as_the_wide_one_reads(course):
    layers = [name for kind, name, _ in rows_of(course) if kind == "layer"]
    assert layers == [layer.name for layer in reversed(course.model.layers)]
    step_two = {c.id for kind, c, _ in rows_of(course, revealed=2) if kind == "construct"}
    assert step_two == {"resources", "product"}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_chain_services_are_numbered_on_their_diamonds_in_both_layouts(course, scenario):
    count = len(course.chains[scenario].relationships)
    for fig in (chain_figure(course, scenario), chain_figure(course, scenario, compact=True)):
        services = trace(fig, "Services")
        assert list(services.text) == [str(i) for i in range(1, count + 1)]
        assert services.mode == "markers+text"


def test_the_compact_chain_wraps_names_so_none_is_cut(course):
    fig = chain_figure(course, "real-estate", compact=True)
    names = [t.removeprefix("<b>").removesuffix("</b>") for t in trace(fig, "Organizations").text]
    assert "Broker<br>training<br>provider" in names or "Broker training<br>provider" in names
    assert all(len(line) <= 13 or " " not in line for name in names for line in name.split("<br>"))
    xs = list(trace(fig, "Organizations").x)
    low, high = fig.layout.xaxis.range
    assert low < min(xs) - 0.4 and high > max(xs) + 0.4, "room for a wrapped name at either edge"


def test_the_phone_value_system_and_value_chain_wrap_their_titles(course):
    system = course.value_system
    svs = svs_figure(system, compact=True)
    ys = dict(zip(trace(svs, "Elements").customdata, trace(svs, "Elements").y, strict=True))
    assert ys["opportunity-and-demand"] > ys["guiding-principles"] > ys["continual-improvement"] > ys["value"]
    chain = value_chain_figure(system, "banking", compact=True)
    assert all(len(line) <= 34 for line in title_lines(chain))


# --- the presenter's figure -------------------------------------------------------------------------


def test_the_layer_just_revealed_is_marked_by_a_band_and_words(course):
    fig = model_figure(course, "banking", revealed=3, highlight=True)
    marked = [a.text for a in fig.layout.annotations if "▶" in (a.text or "")]
    assert marked == [f"<b>▶ {course.model.layers[2].name.upper()}</b>"]
    assert any(s.line.dash == "dash" for s in fig.layout.shapes), "a dashed band, not colour alone"
    assert not [a for a in model_figure(course, "banking", revealed=3).layout.annotations if "▶" in (a.text or "")]


def test_a_presenter_figure_takes_the_height_given_and_scales_its_gaps(course):
    normal = model_figure(course, "banking")
    big = model_figure(course, "banking", height=700, scale=2.0)
    assert big.layout.height == 700
    assert min(trace(big, "Parts").textfont.size, trace(big, "Constructs").textfont.size) >= 20
    gaps = [(a.standoff, b.standoff) for a, b in zip(normal.layout.annotations, big.layout.annotations, strict=True)
            if a.standoff]
    assert gaps and all(b == 2 * a for a, b in gaps), "arrows stop short of the larger names"
