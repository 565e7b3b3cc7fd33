"""The organisation scheme: people, organisations, axes and governance bodies, and typed links.

More than an org chart: it says who leads or refers which axis, who contributes to it, which body
coordinates it and who animates that body, who sits in which body and who works for which
organisation, with each person's leeway. It is computed from the snapshot, never drawn by hand.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from maillage.engine.snapshot import ProjectSnapshot

# Link kinds, from the more to the less structuring.
LEADS = "leads"
REFERENT_OF = "referent_of"
COORDINATES = "coordinates"
ANIMATES = "animates"
CONTRIBUTES_TO = "contributes_to"
MEMBER_OF = "member_of"
LINK_KINDS = (LEADS, REFERENT_OF, COORDINATES, ANIMATES, CONTRIBUTES_TO, MEMBER_OF)
# Responsibilities on a task that make its assignee a contributor to the task's axis.
CONTRIBUTING = frozenset({"lead", "contributor", "validator"})


@dataclass(frozen=True, slots=True)
class Node:
    id: str  # "<kind>:<object id>", unique in the scheme
    kind: str  # person, organisation, axis, body
    object_id: int
    label: str
    category: str = ""  # the person's, organisation's or body's kind; the axis code
    leeway: str | None = None  # people of the project: decides, proposes, carries_out
    mandate: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    source: str
    target: str
    kind: str  # one of LINK_KINDS
    detail: str = ""  # political/technical for referents; responsibilities for contributions
    days_per_month: float = 0.0  # contributions: the sum of the person's monthly rates


@dataclass(frozen=True, slots=True)
class Scheme:
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = field(default_factory=tuple)

    def links_of_kind(self, kind: str) -> list[Link]:
        return [link for link in self.links if link.kind == kind]


def person_node_id(person_id: int) -> str:
    return f"person:{person_id}"


def organisation_scheme(snapshot: ProjectSnapshot) -> Scheme:
    """The scheme of the project: its people, plus anyone its axes, tasks or bodies refer to."""
    tasks = {t.id: t for t in snapshot.tasks if t.status != "cancelled"}
    axis_ids = {a.id for a in snapshot.axes}
    links: list[Link] = []

    contributions: dict[tuple[int, int], tuple[set[str], float]] = {}
    for assignment in snapshot.assignments:
        task = tasks.get(assignment.task_id)
        if task is None or task.axis_id not in axis_ids or task.axis_id is None:
            continue
        if assignment.responsibility not in CONTRIBUTING:
            continue
        key = (assignment.person_id, task.axis_id)
        roles, days = contributions.get(key, (set(), 0.0))
        roles.add(assignment.responsibility)
        contributions[key] = (roles, days + assignment.days_per_month)

    for axis in snapshot.axes:
        target = f"axis:{axis.id}"
        if axis.lead_id is not None:
            links.append(Link(person_node_id(axis.lead_id), target, LEADS))
        if axis.lead_organisation_id is not None:
            links.append(Link(f"organisation:{axis.lead_organisation_id}", target, LEADS))
        for person_id, detail in (
            (axis.political_referent_id, "political"),
            (axis.technical_referent_id, "technical"),
        ):
            if person_id is not None:
                links.append(Link(person_node_id(person_id), target, REFERENT_OF, detail))
    for body in snapshot.bodies:
        source = f"body:{body.id}"
        for axis_id in sorted(set(body.axis_ids) & axis_ids):
            links.append(Link(source, f"axis:{axis_id}", COORDINATES))
        if body.animator_id is not None:
            links.append(Link(person_node_id(body.animator_id), source, ANIMATES))
        for person_id in sorted(set(body.member_ids)):
            links.append(Link(person_node_id(person_id), source, MEMBER_OF))
    for (person_id, axis_id), (roles, days) in sorted(contributions.items()):
        links.append(
            Link(
                person_node_id(person_id),
                f"axis:{axis_id}",
                CONTRIBUTES_TO,
                ",".join(sorted(roles)),
                round(days, 2),
            )
        )

    linked_people = {int(link.source.split(":")[1]) for link in links if link.source[0] == "p"}
    people = [p for p in snapshot.people if p.in_project or p.id in linked_people]
    organisations = {o.id: o for o in snapshot.organisations}
    shown_organisations = {o.id for o in snapshot.organisations if o.in_project}
    shown_organisations |= {
        int(link.source.split(":")[1]) for link in links if link.source[0] == "o"
    }
    for person in people:
        for employment in person.employments:
            if employment.organisation_id in organisations:
                shown_organisations.add(employment.organisation_id)
                links.append(
                    Link(
                        person_node_id(person.id),
                        f"organisation:{employment.organisation_id}",
                        MEMBER_OF,
                        f"{employment.time_share:g}",
                    )
                )

    nodes: list[Node] = []
    for person in sorted(people, key=lambda p: (p.name, p.id)):
        nodes.append(
            Node(
                person_node_id(person.id),
                "person",
                person.id,
                person.name,
                person.kind,
                person.leeway,
                person.mandate,
            )
        )
    for organisation_id in sorted(shown_organisations & set(organisations)):
        organisation = organisations[organisation_id]
        nodes.append(
            Node(
                f"organisation:{organisation.id}",
                "organisation",
                organisation.id,
                organisation.name,
                organisation.kind,
            )
        )
    for axis in snapshot.axes:
        nodes.append(
            Node(f"axis:{axis.id}", "axis", axis.id, f"{axis.code} {axis.name}", axis.code)
        )
    for body in snapshot.bodies:
        nodes.append(Node(f"body:{body.id}", "body", body.id, body.name, body.kind))

    known = {node.id for node in nodes}
    kept = [link for link in links if link.source in known and link.target in known]
    return Scheme(tuple(nodes), tuple(_unique(kept)))


def _unique(links: list[Link]) -> list[Link]:
    seen: set[tuple[str, str, str, str]] = set()
    result = []
    for link in links:
        key = (link.source, link.target, link.kind, link.detail)
        if key not in seen:
            seen.add(key)
            result.append(link)
    return result


def neighbourhood(scheme: Scheme, node_id: str) -> set[str]:
    """The node, the nodes linked to it, and the organisations and bodies of the people among
    them: what a filter on one axis, organisation or body keeps."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for link in scheme.links:
        adjacent[link.source].add(link.target)
        adjacent[link.target].add(link.source)
    kept = {node_id} | adjacent[node_id]
    for other in list(kept):
        if other.startswith("person:"):
            kept |= {n for n in adjacent[other] if n.startswith("organisation:")}
    return kept
