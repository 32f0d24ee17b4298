"""The course as data: constructs of the service relationship model, layers, chains and glossary."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from quiz.models import FrozenModel, Scenario, Slug

SCENARIOS: dict[str, str] = {"banking": "Bank", "real-estate": "Real estate"}
Side = Literal["provider", "consumer", "joint"]
LayerId = Literal["resources", "products", "offerings", "relationship", "management", "value", "parties", "model"]


class ScenarioText(FrozenModel):
    example: str = Field(min_length=1)


class Part(FrozenModel):
    """A sub-element of a construct, such as one of the four dimensions or the customer role."""

    id: Slug
    name: str
    summary: str
    examples: dict[Scenario, str]

    @model_validator(mode="after")
    def _both_scenarios(self) -> Part:
        _require_all_scenarios(self.examples, f"part '{self.id}'")
        return self


class Construct(FrozenModel):
    id: Slug
    name: str
    layer: LayerId
    side: Side
    summary: str = Field(max_length=110)
    definition: str
    key_points: tuple[str, ...] = Field(min_length=2)
    exam_trap: str
    related: tuple[Slug, ...] = ()
    parts: tuple[Part, ...] = ()
    scenarios: dict[Scenario, ScenarioText]

    @model_validator(mode="after")
    def _both_scenarios(self) -> Construct:
        _require_all_scenarios(self.scenarios, f"construct '{self.id}'")
        return self


class Layer(FrozenModel):
    id: LayerId
    name: str
    presenter: dict[Scenario, str]

    @model_validator(mode="after")
    def _both_scenarios(self) -> Layer:
        _require_all_scenarios(self.presenter, f"layer '{self.id}'")
        return self


class ModelText(FrozenModel):
    title: str
    overview: str
    layers: tuple[Layer, ...]


class Organization(FrozenModel):
    id: Slug
    name: str
    column: int = Field(ge=0)
    row: int = Field(ge=0)
    description: str


class Relationship(FrozenModel):
    id: Slug
    provider: Slug
    consumer: Slug
    service: str
    creates: str
    explanation: str


class Chain(FrozenModel):
    title: str
    intro: str
    organizations: tuple[Organization, ...]
    relationships: tuple[Relationship, ...]

    @model_validator(mode="after")
    def _known_organizations(self) -> Chain:
        ids = {o.id for o in self.organizations}
        if len(ids) != len(self.organizations):
            raise ValueError("organization ids must be unique")
        if len({(o.column, o.row) for o in self.organizations}) != len(self.organizations):
            raise ValueError("two organizations share a (column, row) position")
        for rel in self.relationships:
            unknown = {rel.provider, rel.consumer} - ids
            if unknown:
                raise ValueError(f"relationship '{rel.id}' names unknown organization(s) {sorted(unknown)}")
        return self

    def organization(self, org_id: str) -> Organization:
        return next(o for o in self.organizations if o.id == org_id)


class Term(FrozenModel):
    term: str
    definition: str
    construct_id: Slug = Field(alias="construct")


def _require_all_scenarios(mapping: dict, what: str) -> None:
    missing = [s for s in SCENARIOS if not str(getattr(mapping.get(s), "example", mapping.get(s)) or "").strip()]
    if missing:
        raise ValueError(f"{what} has no text for scenario(s) {missing}")


class Criterion(FrozenModel):
    """A syllabus criterion such as 2.2, with its exam weight (marks out of 40)."""

    id: str = Field(pattern=r"^[1-7]\.[1-3]$")
    name: str
    marks: int = Field(ge=0)


class Outcome(FrozenModel):
    """A learning outcome of the syllabus, its criteria, and the course topics that teach it, in order."""

    id: Slug
    number: int = Field(ge=1, le=7)
    title: str
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    topics: tuple[Slug, ...] = Field(min_length=1)

    @property
    def marks(self) -> int:
        return sum(c.marks for c in self.criteria)


class Topic(FrozenModel):
    """A syllabus topic outside the service relationship model, taught like a construct (no diagram place)."""

    id: Slug
    name: str
    summary: str = Field(max_length=110)
    definition: str
    key_points: tuple[str, ...] = Field(min_length=2)
    exam_trap: str
    related: tuple[Slug, ...] = ()
    # An example in each scenario where one fits; a topic with no example in either has none.
    scenarios: dict[Scenario, ScenarioText] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _both_or_no_scenarios(self) -> Topic:
        if self.scenarios:
            _require_all_scenarios(self.scenarios, f"topic '{self.id}'")
        return self


class DiagramNode(FrozenModel):
    """A clickable shape of the value system or value chain diagram, explained by a course topic."""

    id: Slug
    name: str
    kind: Literal["input", "component", "outcome", "activity"]
    topic: Slug
    summary: str = Field(max_length=160)


class StreamStep(FrozenModel):
    activity: Slug
    text: str


class ValueStream(FrozenModel):
    """One scenario's value stream: the path of a piece of demand through the value chain's activities."""

    title: str
    trigger: str
    steps: tuple[StreamStep, ...] = Field(min_length=2)
    result: str


class ValueSystem(FrozenModel):
    """The service value system and the value chain inside it, with a value stream per scenario."""

    title: str
    intro: str
    nodes: tuple[DiagramNode, ...] = Field(min_length=1)
    chain_title: str
    chain_intro: str
    activities: tuple[DiagramNode, ...] = Field(min_length=6, max_length=6)
    streams: dict[Scenario, ValueStream]

    @model_validator(mode="after")
    def _steps_name_activities(self) -> ValueSystem:
        _require_all_scenarios(self.streams, "the value streams")
        known = {a.id for a in self.activities}
        for scenario, stream in self.streams.items():
            unknown = sorted({s.activity for s in stream.steps} - known)
            if unknown:
                raise ValueError(f"the {scenario} value stream names unknown activities {unknown}")
        return self
