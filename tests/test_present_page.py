"""Present and Diagram in AppTest: layouts chosen by the window's size, lettered options, Hide answer, step keys."""

import json

import pytest

from quiz.letters import answer_label
from tests.conftest import ROOT

PROJECTOR, PHONE = {"width": 1920, "height": 1080}, {"width": 390, "height": 844}


@pytest.fixture
def real_app(new_app, app_env):
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(ROOT / "content" / "questions"))
    return new_app


def figures(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def with_window(at, key: str, size: dict):
    """What the browser's viewport component reports, as it would after mounting."""
    at.session_state[key] = {"size": size}
    return at.run()


def test_a_projector_gets_the_model_full_width_in_large_type_with_the_new_layer_marked(real_app):
    at = with_window(real_app(present="1"), "present.viewport", PROJECTOR)
    figure = figures(at)[0]
    assert figure["layout"]["height"] >= 560
    sizes = [t["textfont"]["size"] for t in figure["data"] if t.get("text")]
    assert sizes and min(sizes) >= 20, "every label of 20 px or more"
    notes = [a.get("text", "") for a in figure["layout"]["annotations"]]
    assert "<b>▶ RESOURCES</b>" in notes
    assert not at.header, "the words go under the figure, not into a column beside it with a heading"


def test_without_a_known_window_the_presenter_keeps_the_words_beside_the_figure(real_app):
    at = real_app(present="1")
    assert figures(at)[0]["layout"]["height"] < 560


def test_the_question_letters_its_options_and_the_answer_can_be_hidden_again(real_app):
    at = real_app(present="1")
    question = at.session_state["present.question"]
    options = [o.text for o in question.options]
    shown = "\n".join(m.value for m in at.markdown)
    assert all(f"{letter}. {text}" in shown for letter, text in zip("ABCD", options, strict=False))
    at.button(key="present.reveal_button").click().run()
    assert at.success[0].value.startswith(f"**Answer: {answer_label(question.correct_indices, options)}**")
    assert at.button(key="present.hide").label == "Hide answer"
    at.button(key="present.hide").click().run()
    assert not at.success, "the answer is hidden again"
    assert at.button(key="present.reveal_button"), "and can be revealed again"
    assert at.session_state["present.question"] == question, "the same question stays"


def test_the_step_keys_name_the_step_buttons_in_order(real_app):
    at = real_app(present="1")
    keys = next(e for e in at.get("bidi_component") if "keys" in e.proto.id or "keys" in str(e.proto))
    data = json.loads(keys.proto.json) if keys.proto.json else {}
    assert data == {"forward": ["present-next", "present-reveal_button", "present-new_question"],
                    "backward": ["present-back", "present-hide"]}


def test_a_phone_gets_the_stacked_model_and_wrapped_titles(real_app):
    at = real_app("pages/diagram.py")
    wide = figures(at)[0]
    assert "<br>" not in wide["layout"]["title"]["text"]
    at = with_window(at, "diagram.viewport", PHONE)
    narrow = figures(at)
    assert "<br>" in narrow[0]["layout"]["title"]["text"], "the title is wrapped, not cut"
    assert any("provider side" in text for text in narrow[0]["data"][0]["text"])
    assert all("<br>" in f["layout"]["title"]["text"] for f in narrow[1:2]), "the chain's title too"
    services = "\n".join(m.value for m in at.markdown)
    assert "1. **Card network and settlement**: Card scheme → Retail bank" in services, "numbered services in words"
