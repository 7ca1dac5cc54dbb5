"""The plan part of a preview: objectives, actions (with their leads), progress updates and
year-end reviews, compared with the plan of the year. Reads in a fixed number of queries."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, YearEndReview
from legacy.diff.preview import CHANGE, CREATE, LeadPart, Preview, RowChange, compare
from legacy.parsed import ACTION_TEXT_FIELDS, ActionIn, Parsed, Problem
from legacy.steps import STEPS as MILESTONE_LAYOUTS
from legacy.steps import due_date_in
from partnerships.models import Agency, Partnership, Person
from partnerships.numbers import parse_whole

CREATE_AGENCY = "create"  # a lead choice: make an agency of the part

_SPLIT = re.compile(r"\s*(?:[,;/&\n]|\band\b)\s*", re.I)


class LeadMatcher:
    """Agencies and people named in a lead cell, by name, short name or initials."""

    def __init__(self, partnership: Partnership, lead_map: dict[str, str] | None = None) -> None:
        self.partnership = partnership
        # The admin's answers for parts that match nothing: part (lower case) -> an agency's id,
        # CREATE_AGENCY (a new agency of that name, made on import) or "" (kept as text).
        self.lead_map = lead_map or {}
        self.created: dict[str, Agency] = {}  # part -> the unsaved agency an import would create
        self.originals: dict[str, str] = {}  # part (lower case) -> as the file first writes it
        self.agencies: dict[str, Agency] = {}
        for a in Agency.objects.filter(partnership=partnership):
            for n in (a.name, a.short_name):
                if n:
                    self.agencies[n.lower()] = a
        self.people: dict[str, Person] = {}
        for p in Person.objects.filter(partnership=partnership):
            for n in (p.name, p.initials):
                if n:
                    self.people[n.lower()] = p
        self.agency_by_pk = {a.pk: a for a in self.agencies.values()}
        # Lead cells repeat down a plan: each distinct cell is matched once.
        self._matched: dict[str, tuple[list[Agency], list[Person], list[str]]] = {}
        self._answered: dict[str, list[str]] = {}  # lead cell -> its parts the lead map answered
        self._closest: dict[str, list[str]] = {}
        self.person_by_pk = {p.pk: p for p in self.people.values()}

    def names(self, agency_ids: set[int], person_ids: set[int]) -> str:
        """The agencies and people with these ids, as the preview names them."""
        return ", ".join([*(str(self.agency_by_pk[i]) for i in sorted(agency_ids) if i in self.agency_by_pk),
                          *(str(self.person_by_pk[i]) for i in sorted(person_ids) if i in self.person_by_pk)])

    def match(self, text: str) -> tuple[list[Agency], list[Person]]:
        agencies, people, _ = self.match_all(text)
        return agencies, people

    def match_all(self, text: str) -> tuple[list[Agency], list[Person], list[str]]:
        if text not in self._matched:
            self._matched[text] = self._match_all(text)
        agencies, people, unmatched = self._matched[text]
        return list(agencies), list(people), list(unmatched)

    def _match_all(self, text: str) -> tuple[list[Agency], list[Person], list[str]]:
        """The agencies and people a lead cell names, split on / & , ; and "and", and the parts that
        match none. A part matches by name, short name or initials, or failing those by the
        initials of an agency's name ("LBB": London Borough of Barnet) or the start of its name's
        first word ("Met": Metropolitan Police) when exactly one agency has them."""
        agencies: dict[int, Agency] = {}
        people: dict[int, Person] = {}
        whole = text.strip().lower()
        written = [p.strip() for p in _SPLIT.split(text) if p.strip()]
        split = [p.lower() for p in written]
        unmatched: list[str] = []
        for index, part in enumerate([whole, *split]):
            part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip() or part
            choice = self.lead_map.get(part) if index else None
            if choice is not None and part not in self.agencies and part not in self.people:
                self._answered.setdefault(text, []).append(part)
                self.originals.setdefault(part, re.sub(r"\s*\(.*?\)\s*", " ", written[index - 1]).strip())
            if part in self.agencies:
                agencies[self.agencies[part].pk] = self.agencies[part]
            elif part in self.people:
                people[self.people[part].pk] = self.people[part]
            elif index and (short := self._short_form(part)) is not None:
                agencies[short.pk] = short
            elif choice == CREATE_AGENCY:
                new = self._new_agency(part, written[index - 1])
                agencies[-1 - list(self.created).index(part)] = new
            elif (chosen := parse_whole(choice)) is not None and chosen in self.agency_by_pk:
                agencies[chosen] = self.agency_by_pk[chosen]
            elif choice == "":
                continue  # kept as text, as the admin chose
            elif index and part not in unmatched:
                unmatched.append(part)
                self.originals.setdefault(part, re.sub(r"\s*\(.*?\)\s*", " ", written[index - 1]).strip())
        if agencies or people or whole in self.agencies or whole in self.people:
            unmatched = [u for u in unmatched if u != whole]
        return list(agencies.values()), list(people.values()), unmatched

    def asked(self, text: str) -> list[str]:
        """The parts of a lead cell the preview asks about: those matching nothing, and those the
        admin has answered (so the answer is posted again with the confirm)."""
        unmatched = self.match_all(text)[2]
        return unmatched + [p for p in self._answered.get(text, []) if p not in unmatched]

    def _short_form(self, part: str) -> Agency | None:
        if " " in part:
            return self._place_and_short_form(part)
        if len(part) < 2:
            return None
        found = {a.pk: a for a in self.agency_by_pk.values() if _initials(a.name) == part}
        if not found and len(part) >= 3:
            found = {a.pk: a for a in self.agency_by_pk.values() if a.name.lower().split()[0].startswith(part)}
        return next(iter(found.values())) if len(found) == 1 else None

    def _place_and_short_form(self, part: str) -> Agency | None:
        """"Seedland ICB": an agency's first word and its short name, or the initials of the rest of
        its name (Seedland Integrated Care Board), when exactly one agency has them."""
        first, rest = part.split(" ", 1)
        found = {}
        for a in self.agency_by_pk.values():
            words = a.name.lower().split(" ", 1)
            if len(words) == 2 and words[0] == first and rest in {a.short_name.lower(), _initials(words[1])}:
                found[a.pk] = a
        return next(iter(found.values())) if len(found) == 1 else None

    def _new_agency(self, part: str, written: str) -> Agency:
        """The agency "create agency" makes of a part (one per part, however many rows name it)."""
        if part not in self.created:
            name = (re.sub(r"\s*\(.*?\)\s*", " ", written).strip() or written)[:200]
            self.created[part] = Agency(partnership=self.partnership, name=name)
        return self.created[part]

    def candidates(self, part: str) -> list[Agency]:
        """The agencies to offer for a part that matched none: the closest names, then those whose
        name or short name holds one of its words."""
        closest = set(self.closest(part))
        words = set(re.findall(r"[a-z0-9]+", part.lower())) - {"of", "the", "and", "for"}
        offered = [a for a in self.agency_by_pk.values() if a.name in closest]
        offered += [a for a in self.agency_by_pk.values() if a.name not in closest
                    and words & set(re.findall(r"[a-z0-9]+", f"{a.name} {a.short_name}".lower()))]
        return offered[:5]

    def closest(self, part: str) -> list[str]:
        """The agencies whose names are closest to a part that matched none, for the warning."""
        if part not in self._closest:
            names = {a.name.lower(): a.name for a in self.agency_by_pk.values()}
            self._closest[part] = [names[n] for n in difflib.get_close_matches(part.lower(), sorted(names), n=3,
                                                                                 cutoff=0.7)]
        return self._closest[part]


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in {"of", "the", "and", "for"})


@dataclass
class _PlanNow:
    """The plan of the year as the database holds it, by ref (empty when there is no plan yet)."""

    objectives: dict[str, Objective] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    # action id -> agency / person ids of its leads
    agency_leads: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    person_leads: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    updates: dict[tuple[str, int, int], ProgressUpdate] = field(default_factory=dict)  # (action ref, year, quarter)
    reviews: dict[str, YearEndReview] = field(default_factory=dict)


def _plan_now(plan: ActionPlan | None) -> _PlanNow:
    now = _PlanNow()
    if plan is None:
        return now
    now.objectives = {o.ref: o for o in Objective.objects.filter(plan=plan)}
    now.actions = {a.ref: a for a in Action.objects.filter(plan=plan).select_related("objective")}
    # Current leads: two flat queries over the link tables.
    for name, target, leads in (("lead_agencies", "agency_id", now.agency_leads),
                                ("lead_people", "person_id", now.person_leads)):
        through = getattr(Action, name).through
        for action_id, target_id in through.objects.filter(action__plan=plan).values_list("action_id", target):
            leads[action_id].add(target_id)
    updates = (ProgressUpdate.objects.filter(action__plan=plan).annotate(action_ref=F("action__ref"))
               .order_by("recorded_at"))
    for u in updates:
        now.updates[(u.action_ref, u.year_start, u.quarter)] = u  # the latest of each quarter wins
    reviews = YearEndReview.objects.filter(action__plan=plan).annotate(action_ref=F("action__ref"))
    now.reviews = {r.action_ref: r for r in reviews}
    return now


def diff_plan(preview: Preview, parsed: Parsed) -> None:
    now = _plan_now(preview.plan)
    known_refs = {o.ref for o in parsed.objectives}
    _diff_objectives(preview, parsed, now, known_refs)
    matcher = LeadMatcher(preview.partnership, preview.lead_map)
    for order, a in enumerate(parsed.actions, start=1):
        if a.objective_ref not in known_refs and a.objective_ref not in now.objectives:
            preview.problems.append(Problem(a.row, "Objective", f"objective {a.objective_ref} is not in the file"))
            continue
        preview.rows.append(_action_change(a, order, now, matcher, preview.layout))
        if a.lead:
            unmatched = matcher.match_all(a.lead)[2]
            for part in matcher.asked(a.lead):
                if part not in preview.lead_parts:
                    preview.lead_parts[part] = LeadPart(matcher.originals.get(part, part), matcher.candidates(part))
                preview.lead_parts[part].rows += 1
            for part in unmatched:
                near = matcher.closest(part)
                preview.warnings.append(Problem(
                    a.row, "Lead", f"'{part}' matches no agency or person of the partnership: kept as written"
                    + (f" (closest: {', '.join(near)})" if near else "")))
        for u in ([a.update] if a.update else []) + a.quarter_updates:
            values = {"status": u.status, "narrative": u.narrative, "barriers": u.barriers,
                      "year_start": u.year_start, "quarter": u.quarter}
            if u.evidence:  # only when the file has some: a re-import keeps evidence added in the portal
                values["evidence"] = u.evidence
            label = f"{a.ref} {u.year_start}-{(u.year_start + 1) % 100:02d} Q{u.quarter}"
            existing = now.updates.get((a.ref, u.year_start, u.quarter))
            preview.rows.append(compare("update", label, a.row, existing, values, parent_key=a.ref))
        if a.review:
            values = {"decision": a.review[0], "comment": a.review[1]}
            preview.rows.append(compare("review", a.ref, a.row, now.reviews.get(a.ref), values, parent_key=a.ref))
    for agency in matcher.created.values():  # "create agency": listed with what the import writes
        preview.rows.append(RowChange("agency", agency.name, 0, CREATE, {"name": agency.name}))


def _diff_objectives(preview: Preview, parsed: Parsed, now: _PlanNow, known_refs: set[str]) -> None:
    levels: dict[str, int] = {}
    for order, o in enumerate(parsed.objectives, start=1):
        levels[o.ref] = levels.get(o.parent_ref, -1) + 1 if o.parent_ref else 0
        if o.parent_ref and o.parent_ref not in known_refs:
            preview.problems.append(Problem(o.row, "Objective", f"parent objective {o.parent_ref} is not in the file"))
        values: dict[str, Any]
        if parsed.objective_titles_only:
            # Refs and titles only: leave the other objective fields as they are.
            values = {"title": o.title}
            if o.ref not in now.objectives:
                values.update({"label": "", "order": order, "level": levels[o.ref]})
        else:
            values = {"title": o.title, "label": o.label, "level": levels[o.ref], "description": o.description,
                      "outcome": o.outcome, "performance_measures": o.performance_measures, "lead": o.lead,
                      "order": order}
        existing = now.objectives.get(o.ref)
        preview.rows.append(compare("objective", o.ref, o.row, existing, values, parent_key=o.parent_ref or ""))


def _action_change(a: ActionIn, order: int, now: _PlanNow, matcher: LeadMatcher, layout: str) -> RowChange:
    """The action row, its leads matched to the partnership's agencies and people. An action the layout
    reads as dated steps (milestones) is due at its last one, as the import keeps it."""
    probe = Action()
    probe.set_timescale(a.text.get("timescale", ""))
    stepped = due_date_in(layout, a.description, probe.timescale) if layout in MILESTONE_LAYOUTS else None
    values: dict[str, Any] = {"description": a.description, "cost": a.cost,
                              "due_date": stepped or probe.due_date or a.due_date,
                              "cadence": probe.cadence, "order": order}
    values.update({k: a.text.get(k, "") for k in ACTION_TEXT_FIELDS})
    values["timescale"] = probe.timescale
    if a.status:
        values["status"] = a.status
    existing = now.actions.get(a.ref)
    if existing is not None:
        del values["order"]  # position in the file: set on creation only, so re-imports do not reshuffle
    change = compare("action", a.ref, a.row, existing, values, parent_key=a.objective_ref)
    if existing is not None and existing.objective.ref != a.objective_ref:
        change.changes["objective"] = (existing.objective.ref, a.objective_ref)
        change.op = CHANGE
    agencies, people = matcher.match(a.lead) if a.lead else ([], [])
    change.values["lead_agencies"] = agencies
    change.values["lead_people"] = people
    if a.lead and existing is not None:
        old_agencies, old_people = now.agency_leads[existing.pk], now.person_leads[existing.pk]
        if old_agencies != {x.pk for x in agencies} or old_people != {x.pk for x in people}:
            new_names = ", ".join(map(str, [*agencies, *people]))
            change.changes["leads"] = (matcher.names(old_agencies, old_people), new_names)
            change.op = CHANGE
    return change
