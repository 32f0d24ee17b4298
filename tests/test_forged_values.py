"""A client may send any value for a choice widget, not only the options offered: such a value is refused quietly.

The forged value is put into the widget state the browser would send (as a hostile websocket client could),
bypassing AppTest's own check that a value is one of the options.
"""

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1.element_tree import ButtonGroup, Multiselect, Radio, Selectbox

FORGED = "forged', 99, '../../etc"


@pytest.fixture
def forge(monkeypatch):
    """forge(widget, values): the next runs send `values` for that widget instead of what it holds."""

    def install(widget, values: list[str]) -> None:
        cls, target = type(widget), widget.id
        original = cls._widget_state

        def state(self):
            if self.id != target:
                return original.fget(self)
            ws = WidgetState(id=self.id)
            if cls in (Radio, Selectbox):
                ws.string_value = values[0]
            else:
                ws.string_array_value.data[:] = values
            return ws

        monkeypatch.setattr(cls, "_widget_state", property(state))

    return install


def start_practice(at):
    at.button(key="practice.start").click().run()
    return f"practice.r{at.session_state['practice.serial']}.q1"


def assert_quietly_refused(at):
    assert not at.exception, at.exception
    assert FORGED not in "\n".join(m.value for m in (*at.markdown, *at.text, *at.caption, *at.success, *at.error))


def test_a_forged_answer_is_not_taken_and_check_asks_for_one(new_app, forge):
    at = new_app("pages/practice.py")
    key = start_practice(at)
    forge(at.radio(key=f"{key}.choice"), [FORGED])
    at.run()
    at.button(key=f"{key}.check").click().run()
    assert_quietly_refused(at)
    assert any("Choose an answer first" in w.value for w in at.warning)
    assert at.session_state["practice.round"].answered == 0


@pytest.mark.parametrize("page, kind, key", [
    ("pages/home.py", Radio, "scenario"),
    ("pages/learn.py", Selectbox, "construct"),
    ("pages/exam.py", Selectbox, "exam.blueprint"),
    ("pages/review.py", Radio, "review.queue"),
    ("pages/practice.py", Multiselect, "practice.banks"),
    ("pages/practice.py", Multiselect, "practice.topics"),
    ("pages/practice.py", ButtonGroup, "practice.difficulty"),
])
def test_forged_choices_on_every_page_are_refused_quietly(new_app, forge, page, kind, key):
    at = new_app(page)
    widget = next(w for w in at.get(kind.__name__.lower() if kind is not ButtonGroup else "button_group")
                  if w.key == key)
    forge(widget, [FORGED])
    at.run()
    assert_quietly_refused(at)
    if page == "pages/practice.py" and not at.button(key="practice.start").disabled:
        at.button(key="practice.start").click().run()
        assert_quietly_refused(at)
