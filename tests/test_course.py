"""The course content and the figure builders, tested without Streamlit."""

import itertools
from pathlib import Path

import pytest
import yaml

from course.figures import POSITIONS, chain_figure, model_figure
from course.loader import CourseError, load_course
from course.models import SCENARIOS
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
    ids = set(course.ids)
    assert all(term.construct_id in ids for term in course.glossary)
    assert all(set(c.related) <= ids and c.id not in c.related for c in course.constructs)
    assert len({t.term.lower() for t in course.glossary}) == len(course.glossary), "duplicate glossary term"


def test_every_construct_has_at_least_four_bank_questions(course):
    library = load_library([ROOT / "content" / "questions"])
    assert not library.broken
    topics = [q.topic for q in library.questions.values()]
    for construct_id in course.ids:
        assert topics.count(construct_id) >= 4, construct_id
    assert set(topics) <= set(course.ids), "a bank topic has no construct to explain it"


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
    for name in ("constructs", "model", "chains", "glossary"):
        (tmp_path / f"{name}.yaml").write_text((COURSE / f"{name}.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    data = yaml.safe_load((tmp_path / "glossary.yaml").read_text(encoding="utf-8"))
    data["terms"][0]["construct"] = "no-such-construct"
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(CourseError, match=r"glossary.yaml:1: term .* unknown construct 'no-such-construct'"):
        load_course(tmp_path)
    (tmp_path / "model.yaml").write_text("title: x\noverview: y\nlayers: 3\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"model.yaml:3: layers"):
        load_course(tmp_path)


# --- figures --------------------------------------------------------------------------------


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
