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
