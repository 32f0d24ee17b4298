"""Learn, Diagram, Glossary and Present pages in AppTest, on the real course content and banks."""

import pytest

from course.loader import load_course
from quiz.letters import answer_label
from tests.conftest import ROOT, answer_slot

COURSE = load_course(ROOT / "content" / "course")
PAGES = ["pages/home.py", "pages/learn.py", "pages/diagram.py", "pages/glossary.py", "pages/present.py",
         "pages/practice.py"]


@pytest.fixture
def real_app(new_app, app_env):
    """The app on its real banks (and, as always, the real course), from a URL with the given query parameters."""
    app_env.setenv("ITIL_APP_QUESTIONS_DIR", str(ROOT / "content" / "questions"))
    return new_app


def url(at, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def text_of(at) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_scenarios(real_app, page):
    for scenario in ("banking", "real-estate"):
        at = real_app(page, scenario=scenario)
        assert not at.exception


def test_learn_overview_lists_every_topic_by_learning_outcome_with_its_weight(real_app):
    at = real_app("pages/learn.py")
    assert at.selectbox(key="construct").value == "overview"
    keys = [b.key.removeprefix("learn.open.") for b in at.button if b.key.startswith("learn.open.")]
    assert sorted(keys) == sorted(COURSE.entry_ids)
    headers = [h.value for h in at.header]
    assert headers[:2] == ["1. Key concepts of service management", "2. The seven guiding principles"]
    assert "6 of 40 exam marks · criteria 2.1, 2.2 · not practised yet" in [c.value for c in at.caption]


def test_learn_overview_shows_the_learners_accuracy_per_outcome(real_app):
    at = real_app("pages/learn.py", construct="focus-on-value")
    question = next(q for q in at.session_state["learn.check.focus-on-value"])
    answer_slot(at, question.slots[0], "learn.check.focus-on-value.q1")
    at.selectbox(key="construct").set_value("overview").run()
    captions = [c.value for c in at.caption]
    assert "6 of 40 exam marks · criteria 2.1, 2.2 · your accuracy 100 % over 1 answer" in captions


def test_a_syllabus_topic_shows_its_outcome_examples_trap_and_steps(real_app):
    topic = COURSE.entry("change-enablement")
    at = real_app("pages/learn.py", construct="change-enablement", scenario="real-estate")
    assert at.title[0].value == topic.name
    assert "Learning outcome 7: Seven ITIL practices in detail" in [c.value for c in at.caption]
    assert topic.scenarios["real-estate"].example.strip() in text_of(at)
    at.button(key="learn.next").click().run()
    assert at.selectbox(key="construct").value == "incident-management"
    at.button(key="learn.previous").click().run()
    assert at.selectbox(key="construct").value == "change-enablement"


def test_diagram_value_chain_explains_an_activity_and_lists_the_stream(real_app):
    at = real_app("pages/diagram.py", scenario="real-estate")
    at.selectbox(key="diagram.value_chain_element").set_value("engage").run()
    stream = COURSE.value_system.streams["real-estate"]
    assert stream.steps[0].text.strip() in text_of(at)
    at.selectbox(key="diagram.svs_element").set_value("governance").run()
    assert "Governance" in [h.value for h in at.header]


def test_deep_link_opens_the_construct_in_the_scenario(real_app):
    at = real_app(construct="service-offering", scenario="real-estate")
    assert at.radio(key="scenario").value == "real-estate"
    at.switch_page("pages/learn.py").run()
    assert at.selectbox(key="construct").value == "service-offering"
    assert at.title[0].value == "Service offering"
    assert COURSE.construct("service-offering").scenarios["real-estate"].example.strip() in text_of(at)
    assert url(at, "construct") == "service-offering"


def test_scenario_switch_changes_the_example_and_holds_across_pages(real_app):
    provision = COURSE.construct("service-provision")
    bank, estate = (provision.scenarios[s].example.strip() for s in ("banking", "real-estate"))
    at = real_app(construct="service-provision")
    at.radio(key="scenario").set_value("real-estate").run()
    assert url(at, "scenario") == "real-estate", "the scenario is in the URL, so a shared link keeps it"
    at.switch_page("pages/learn.py").run()
    assert estate in text_of(at) and bank not in text_of(at)
    at.toggle(key="learn.compare").set_value(True).run()
    assert estate in text_of(at) and bank in text_of(at), "side by side shows both scenarios"
    at.switch_page("pages/diagram.py").run()
    assert "Scenario: Real estate" in at.caption[0].value


def test_changing_the_scenario_back_shows_the_bank_example(real_app):
    provision = COURSE.construct("service-provision")
    at = real_app(construct="service-provision", scenario="real-estate")
    at.radio(key="scenario").set_value("banking").run()
    assert url(at, "scenario") is None, "the default scenario is left out of the URL"
    at.switch_page("pages/learn.py").run()
    assert provision.scenarios["banking"].example.strip() in text_of(at)


def test_related_construct_button_opens_it(real_app):
    at = real_app(construct="product")
    at.switch_page("pages/learn.py").run()
    related = COURSE.construct("product").related[0]
    at.button(key=f"learn.related.{related}").click().run()
    assert at.selectbox(key="construct").value == related
    assert at.title[0].value == COURSE.construct(related).name


def test_check_yourself_grades_with_immediate_feedback(real_app):
    at = real_app(construct="consumer-roles")
    at.switch_page("pages/learn.py").run()
    rounds = at.session_state["learn.check.consumer-roles"]
    assert 2 <= len(rounds) <= 3
    assert all(r.slots[0].question.topic == "consumer-roles" for r in rounds)
    assert f"0 of {len(rounds)} right so far." in [c.value for c in at.caption]
    answer_slot(at, rounds[0].slots[0], "learn.check.consumer-roles.q1")
    assert "Correct." in at.success[0].value
    assert f"1 of {len(rounds)} right so far." in [c.value for c in at.caption]


def test_diagram_widget_choice_explains_the_element(real_app):
    at = real_app("pages/diagram.py", scenario="real-estate")
    at.selectbox(key="diagram.element").set_value("service-consumption").run()
    assert "Service consumption" in [s.value for s in at.header]
    example = COURSE.construct("service-consumption").scenarios["real-estate"].example.strip()
    assert example in text_of(at)


def test_diagram_click_selects_the_element(real_app):
    at = real_app("pages/diagram.py")
    at.session_state["diagram.model"] = {"selection": {"points": [{"customdata": "service-offering/goods"}]}}
    at.run()
    assert at.selectbox(key="diagram.element").value == "service-offering/goods"
    assert "Goods" in [s.value for s in at.header]
    at.selectbox(key="diagram.element").set_value("product").run()
    assert at.selectbox(key="diagram.element").value == "product", "an old click does not override the widget"


def test_chain_click_explains_a_relationship(real_app):
    at = real_app("pages/diagram.py", scenario="real-estate")
    rel = COURSE.chains["real-estate"].relationships[0]
    at.session_state["diagram.chain"] = {"selection": {"points": [{"customdata": f"rel:{rel.id}"}]}}
    at.run()
    assert rel.service in [s.value for s in at.header]
    assert rel.explanation.strip() in text_of(at)


def test_glossary_search_filters_and_links(real_app):
    at = real_app("pages/glossary.py")
    assert f"{len(COURSE.glossary)} of {len(COURSE.glossary)} terms." in [c.value for c in at.caption]
    at.text_input(key="glossary.search").input("sponsor").run()
    shown = text_of(at)
    assert "**Sponsor**" in shown and "**Goods**" not in shown
    at.text_input(key="glossary.search").input("zzzz-nothing").run()
    assert at.info, "an empty search says so"


def test_presenter_steps_through_the_layers(real_app):
    at = real_app(present="1")
    assert at.toggle(key="present.on").value is True
    layers = COURSE.model.layers
    assert at.get("progress")[0].proto.text == f"Step 1 of {len(layers)}: {layers[0].name}"
    assert at.button(key="present.back").disabled
    for step in range(2, len(layers) + 1):
        at.button(key="present.next").click().run()
        assert at.get("progress")[0].proto.text == f"Step {step} of {len(layers)}: {layers[step - 1].name}"
    assert at.button(key="present.next").disabled
    at.button(key="present.back").click().run()
    assert at.get("progress")[0].proto.text.startswith(f"Step {len(layers) - 1} of")
    assert layers[-2].presenter["banking"].strip() in text_of(at)
    assert at.button(key="present.next").proto.shortcut.lower() in ("right", "arrowright")


def test_presenter_scenario_switch_changes_the_explanation(real_app):
    at = real_app(present="1", scenario="real-estate")
    assert COURSE.model.layers[0].presenter["real-estate"].strip() in text_of(at)
    at.radio(key="scenario").set_value("banking").run()
    assert url(at, "scenario") is None, "the default scenario is left out of the URL"
    assert COURSE.model.layers[0].presenter["banking"].strip() in text_of(at)


def test_presenter_question_reveals_the_answer_only_on_request(real_app):
    at = real_app(present="1")
    question = at.session_state["present.question"]
    assert not any("Answer:" in s.value for s in at.success)
    at.button(key="present.reveal_button").click().run()
    key = answer_label(question.correct_indices, [o.text for o in question.options])
    assert at.success[0].value.startswith(f"**Answer: {key}**")
    at.button(key="present.new_question").click().run()
    assert not at.success


def test_leaving_presenter_mode_restores_the_navigation(real_app):
    at = real_app(present="1")
    at.toggle(key="present.on").set_value(False).run()
    assert "present" not in at.query_params
    assert at.radio(key="scenario"), "the sidebar is back"


def test_the_glossary_search_lives_in_the_url_so_back_keeps_it(new_app):
    at = new_app("pages/glossary.py")
    at.text_input(key="glossary.search").input("sponsor").run()
    assert at.query_params.get("search") in ("sponsor", ["sponsor"]), at.query_params
    at.switch_page("pages/learn.py").run()
    assert at.switch_page("pages/glossary.py").run().text_input(key="glossary.search").value == "sponsor"
    back = new_app("pages/glossary.py", search="sponsor")  # a shared link
    assert back.text_input(key="glossary.search").value == "sponsor"
    shown = [m.value for m in back.markdown if m.value.startswith("**")]
    assert shown and all("sponsor" in m.lower() for m in shown), shown
