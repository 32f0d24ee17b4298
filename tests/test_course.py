"""The course content and the figure builders, tested without Streamlit."""

import itertools
import shutil
from pathlib import Path

import pytest
import yaml

from course.figures import POSITIONS, chain_figure, model_figure
from course.loader import CourseError, load_course
from course.models import SCENARIOS
from course.system_figures import svs_figure, value_chain_figure
from quiz.loader import load_library

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "content" / "course"


@pytest.fixture(scope="module")
def course():
    return load_course(COURSE)


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


# --- content --------------------------------------------------------------------------------


def test_every_construct_has_both_scenarios_and_every_part_both_examples(course):
    assert len(course.constructs) == 12
    for construct in course.constructs:
        for scenario in SCENARIOS:
            assert construct.scenarios[scenario].example.strip(), (construct.id, scenario)
            for part in construct.parts:
                assert part.examples[scenario].strip(), (construct.id, part.id, scenario)


def test_required_parts_are_present(course):
    parts = {c.id: [p.id for p in c.parts] for c in course.constructs}
    assert parts["resources"] == ["organizations-and-people", "information-and-technology",
                                  "partners-and-suppliers", "value-streams-and-processes"]
    assert parts["service-offering"] == ["goods", "access-to-resources", "service-actions"]
    assert parts["consumer-roles"] == ["customer", "user", "sponsor"]


def test_every_glossary_term_and_related_link_resolves(course):
    ids = set(course.entry_ids)
    assert all(term.construct_id in ids for term in course.glossary)
    assert all(set(e.related) <= ids and e.id not in e.related for e in (*course.constructs, *course.topics))
    assert len({t.term.lower() for t in course.glossary}) == len(course.glossary), "duplicate glossary term"


def test_every_construct_and_topic_has_bank_questions_to_check_yourself(course):
    library = load_library([ROOT / "content" / "questions"])
    assert not library.broken
    topics = [q.topic for q in library.questions.values()]
    for construct_id in course.ids:
        assert topics.count(construct_id) >= 4, construct_id
    for topic in course.topics:
        assert topics.count(topic.id) >= 2, topic.id
    assert set(topics) <= set(course.entry_ids), "a bank topic has no construct or topic to explain it"


def test_layers_cover_the_model_bottom_up(course):
    assert [layer.id for layer in course.model.layers] == [
        "resources", "products", "offerings", "relationship", "management", "value"]


def test_chains_reference_known_organizations(course):
    for scenario in SCENARIOS:
        chain = course.chains[scenario]
        ids = {o.id for o in chain.organizations}
        assert all({r.provider, r.consumer} <= ids for r in chain.relationships)
        assert len(chain.relationships) >= 5
    real_estate = {(r.provider, r.consumer) for r in course.chains["real-estate"].relationships}
    assert ("training-provider", "brokerage") in real_estate and ("brokerage", "client") in real_estate


def test_glossary_search_matches_words_in_any_order(course):
    found = {t.term for t in course.search("OWNERSHIP")}
    assert {"Goods", "Access to resources"} <= found
    assert {t.term for t in course.search("budget authorizes")} >= {"Sponsor"}
    assert course.search("no such word xyzzy") == []


def test_a_broken_course_file_is_reported_with_file_and_line(tmp_path):
    tmp_path = tmp_path / "course"
    shutil.copytree(COURSE, tmp_path)
    data = yaml.safe_load((tmp_path / "glossary.yaml").read_text(encoding="utf-8"))
    data["terms"][0]["construct"] = "no-such-construct"
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CourseError, match=r"glossary.yaml:1: term .* unknown construct or topic 'no-such-construct'"):
        load_course(tmp_path)
    (tmp_path / "model.yaml").write_text("title: x\noverview: y\nlayers: 3\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"model.yaml:3: layers"):
        load_course(tmp_path)


def test_the_syllabus_has_seven_outcomes_worth_forty_marks_as_the_foundation_blueprint_draws(course):
    blueprint = yaml.safe_load((ROOT / "content" / "exams" / "itil4-foundation.yaml").read_text(encoding="utf-8"))
    drawn = {section["criterion"]: section["count"] for section in blueprint["sections"]}
    assert [o.number for o in course.outcomes] == list(range(1, 8))
    assert {c.id: c.marks for o in course.outcomes for c in o.criteria} == drawn
    assert sum(o.marks for o in course.outcomes) == 40


def test_criterion_names_are_found_for_plain_and_lettered_tags(course):
    assert course.criterion_name("2.2") == "Use of each guiding principle"
    assert course.criterion_name("6.1.k") == course.criterion_name("6.1") == "Purpose of fifteen practices"
    assert course.criterion_name("9.9") is None


def test_every_topic_is_in_one_outcome_and_has_both_or_no_examples(course):
    placed = [t for o in course.outcomes for t in o.topics]
    assert len(placed) == len(set(placed)) == len(course.constructs) + len(course.topics)
    for topic in course.topics:
        assert set(topic.scenarios) in (set(), set(SCENARIOS)), topic.id
        assert course.outcome_of(topic.id) is not None


def test_glossary_search_ignores_hyphens_and_case(course):
    assert any("co-creation" in t.term.lower() for t in course.search("COCREATION"))
    assert course.search("co-creation") == course.search("cocreation")


def test_an_unknown_topic_in_the_syllabus_is_reported_at_its_line(tmp_path):
    folder = tmp_path / "course"
    shutil.copytree(COURSE, folder)
    text = (folder / "syllabus.yaml").read_text(encoding="utf-8")
    (folder / "syllabus.yaml").write_text(text.replace("      - focus-on-value\n", "      - focus-on-valeu\n"),
                                          encoding="utf-8")
    line = text.splitlines().index("      - focus-on-value") + 1
    with pytest.raises(CourseError) as raised:
        load_course(folder)
    messages = [str(p) for p in raised.value.problems]
    assert f"{folder / 'syllabus.yaml'}:{line}: outcome 'guiding-principles' lists unknown topic 'focus-on-valeu'" \
        in messages
    assert any("topic 'focus-on-value' is in no outcome" in m for m in messages)


# --- figures --------------------------------------------------------------------------------


def test_svs_figure_has_every_node_once_with_its_kind_in_words(course):
    fig = svs_figure(course.value_system)
    (elements,) = fig.data
    assert list(elements.customdata) == [n.id for n in course.value_system.nodes]
    assert "(input)" in elements.text[0] and "(outcome)" in elements.text[-1]
    assert len(set(elements.marker.symbol)) == 3, "input, component and outcome differ in shape, not colour alone"


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_value_chain_figure_draws_the_scenario_stream_as_numbered_steps(course, scenario):
    system = course.value_system
    fig = value_chain_figure(system, scenario, selected="engage")
    (activities,) = fig.data
    assert sorted(activities.customdata) == sorted(a.id for a in system.activities)
    numbers = sorted(int(a.text.strip("<b>/")) for a in fig.layout.annotations if a.text.strip("<b>/").isdigit())
    assert numbers == list(range(1, len(system.streams[scenario].steps) + 1))
    assert system.streams[scenario].title in fig.layout.title.text
    sizes = dict(zip(activities.customdata, activities.marker.size, strict=True))
    assert sizes["engage"] > sizes["plan"]



@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_model_figure_shows_every_construct_once(course, scenario):
    fig = model_figure(course, scenario)
    ids = list(trace(fig, "Constructs").customdata)
    assert sorted(ids) == sorted(course.ids)
    parts = list(trace(fig, "Parts").customdata)
    assert len(parts) == len(set(parts)) == sum(len(c.parts) for c in course.constructs)


def test_model_figure_layers_go_bottom_up_and_sides_are_apart(course):
    fig = model_figure(course, "banking")
    data = trace(fig, "Constructs")
    y = dict(zip(data.customdata, data.y, strict=True))
    x = dict(zip(data.customdata, data.x, strict=True))
    order = ["resources", "product", "service-offering", "service-relationship",
             "service-relationship-management", "value-co-creation"]
    assert [y[i] for i in order] == sorted(y[i] for i in order)
    assert x["service-provision"] < x["service-relationship"] < x["service-consumption"]
    assert x["service-provider"] < x["service-consumer"]
    assert x["consumer-roles"] == x["service-consumer"], "the roles sit on the consumer side"
    words = " ".join(a.text for a in fig.layout.annotations)
    assert "PROVIDER SIDE" in words and "CONSUMER SIDE" in words, "sides are told apart in words, not colour alone"


def test_model_figure_labels_follow_the_scenario(course):
    bank = model_figure(course, "banking")
    estate = model_figure(course, "real-estate")
    assert "bank scenario" in bank.layout.title.text and "real estate scenario" in estate.layout.title.text
    offering = course.construct("service-offering")
    goods = next(p for p in offering.parts if p.id == "goods")
    hover = dict(zip(trace(estate, "Parts").customdata, trace(estate, "Parts").hovertext, strict=True))
    assert hover["service-offering/goods"].replace("<br>", " ") == goods.examples["real-estate"].replace("\n", " ")


def test_model_figure_reveals_layers_step_by_step(course):
    shown = []
    for step in range(1, len(course.model.layers) + 1):
        fig = model_figure(course, "banking", revealed=step)
        shown.append(set(trace(fig, "Constructs").customdata))
    assert shown[0] == {"resources"}
    assert shown[1] == {"resources", "product"}
    assert all(earlier < later for earlier, later in itertools.pairwise(shown))
    assert shown[-1] == set(course.ids)


def test_selected_element_is_drawn_larger(course):
    fig = model_figure(course, "banking", selected="product")
    data = trace(fig, "Constructs")
    sizes = dict(zip(data.customdata, data.marker.size, strict=True))
    assert sizes["product"] > sizes["resources"]


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_chain_figure_has_every_organization_and_relationship(course, scenario):
    chain = course.chains[scenario]
    fig = chain_figure(course, scenario)
    assert sorted(trace(fig, "Organizations").customdata) == sorted(f"org:{o.id}" for o in chain.organizations)
    assert sorted(trace(fig, "Services").customdata) == sorted(f"rel:{r.id}" for r in chain.relationships)
    assert len(fig.layout.annotations) == len(chain.relationships), "one arrow per relationship"


def test_positions_cover_every_construct(course):
    assert set(POSITIONS) == set(course.ids)


def test_model_figure_scales_text_for_a_projector(course):
    normal, large = model_figure(course, "banking"), model_figure(course, "banking", scale=1.5)
    assert trace(large, "Constructs").textfont.size == round(trace(normal, "Constructs").textfont.size * 1.5)
    assert large.layout.annotations[0].font.size > normal.layout.annotations[0].font.size
