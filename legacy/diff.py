"""Compare what a layout read with the database: per row create / change (old -> new) /
unchanged, plus every problem. Reads in a fixed number of queries; writes nothing."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F

from actions.models import Action, ActionPlan, Objective, ProgressUpdate, YearEndReview
from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225MonitoringEntry, Bvpi225Question, Indicator, Target, Value
from legacy.parsed import ACTION_TEXT_FIELDS, Parsed, Problem
from partnerships.models import Agency, Area, Partnership, Person

CREATE, CHANGE, UNCHANGED = "create", "change", "unchanged"


@dataclass
class RowChange:
    kind: str
    key: str
    row: int
    op: str
    values: dict[str, Any]
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    obj: Any = None
    parent_key: str = ""

    @property
    def summary(self) -> str:
        """What a new row holds, in a few words, for the preview."""
        for name in ("description", "title", "name", "narrative", "notes", "text", "decision", "purpose", "value"):
            if self.values.get(name) not in (None, ""):
                return str(self.values[name])
        return ""


@dataclass
class Preview:
    layout: str
    year_start: int
    partnership: Partnership
    plan: ActionPlan | None
    rows: list[RowChange]
    problems: list[Problem]
    area: Area | None = None

    def counts(self) -> dict[str, int]:
        c = Counter(r.op for r in self.rows)
        return {CREATE: c[CREATE], CHANGE: c[CHANGE], UNCHANGED: c[UNCHANGED]}

    def by_kind(self) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        for r in self.rows:
            out.setdefault(r.kind, Counter())[r.op] += 1
        return out

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        c = self.counts()
        lines = [f"layout {self.layout}, plan year {self.year_start}-{(self.year_start + 1) % 100:02d}: "
                 f"{c[CREATE]} to create, {c[CHANGE]} to change, {c[UNCHANGED]} unchanged"]
        for kind, counter in sorted(self.by_kind().items()):
            lines.append(f"  {kind}: " + ", ".join(f"{counter[op]} {op}" for op in (CREATE, CHANGE, UNCHANGED)))
        return "\n".join(lines)


def _compare(kind: str, key: str, row: int, obj: Any, values: dict[str, Any], parent_key: str = "") -> RowChange:
    if obj is None:
        return RowChange(kind, key, row, CREATE, values, parent_key=parent_key)
    changes = {}
    for name, new in values.items():
        if new is None and name in ("label",):
            continue
        old = getattr(obj, name)
        if isinstance(old, Decimal) and isinstance(new, Decimal):
            same = old == new
        else:
            same = old == new
        if not same:
            changes[name] = (old, new)
    return RowChange(kind, key, row, CHANGE if changes else UNCHANGED, values, changes, obj, parent_key)


_SPLIT = re.compile(r"\s*(?:[,;/&\n]|\band\b)\s*", re.I)


class LeadMatcher:
    """Agencies and people named in a lead cell, by name, short name or initials."""

    def __init__(self, partnership: Partnership) -> None:
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
        self.person_by_pk = {p.pk: p for p in self.people.values()}

    def names(self, agency_ids: set[int], person_ids: set[int]) -> str:
        """The agencies and people with these ids, as the preview names them."""
        return ", ".join([*(str(self.agency_by_pk[i]) for i in sorted(agency_ids) if i in self.agency_by_pk),
                          *(str(self.person_by_pk[i]) for i in sorted(person_ids) if i in self.person_by_pk)])

    def match(self, text: str) -> tuple[list[Agency], list[Person]]:
        agencies: dict[int, Agency] = {}
        people: dict[int, Person] = {}
        whole = text.strip().lower()
        parts = [whole] + [p.lower() for p in _SPLIT.split(text) if p.strip()]
        for part in parts:
            part = re.sub(r"\s*\(.*?\)\s*", " ", part).strip() or part
            if part in self.agencies:
                agencies[self.agencies[part].pk] = self.agencies[part]
            elif part in self.people:
                people[self.people[part].pk] = self.people[part]
        return list(agencies.values()), list(people.values())


def find_plan(partnership: Partnership, year_start: int) -> ActionPlan | None:
    return ActionPlan.objects.filter(strategy__partnership=partnership, year_start=year_start).select_related("strategy").first()


def diff(parsed: Parsed, partnership: Partnership, year_start: int) -> Preview:
    problems = list(parsed.problems)
    rows: list[RowChange] = []
    plan = find_plan(partnership, year_start)
    preview = Preview(parsed.layout, year_start, partnership, plan, rows, problems)
    if parsed.objectives or parsed.actions:
        _diff_plan(preview, parsed)
    if parsed.answers:
        _diff_bvpi(preview, parsed)
    if parsed.figures:
        _diff_figures(preview, parsed)
    preview.problems.sort(key=lambda p: (p.row or 0))
    return preview


def _diff_plan(preview: Preview, parsed: Parsed) -> None:
    plan = preview.plan
    objectives = {o.ref: o for o in Objective.objects.filter(plan=plan)} if plan else {}
    actions = {a.ref: a for a in Action.objects.filter(plan=plan).select_related("objective")} if plan else {}
    # Current leads, action id -> agency / person ids: two flat queries over the link tables.
    old_leads: dict[str, dict[int, set[int]]] = {"agency": defaultdict(set), "person": defaultdict(set)}
    updates: dict[tuple[str, int, int], ProgressUpdate] = {}
    reviews: dict[str, YearEndReview] = {}
    if plan:
        for name, target in (("lead_agencies", "agency"), ("lead_people", "person")):
            through = getattr(Action, name).through
            for action_id, target_id in through.objects.filter(action__plan=plan).values_list("action_id", f"{target}_id"):
                old_leads[target][action_id].add(target_id)
        for u in ProgressUpdate.objects.filter(action__plan=plan).annotate(action_ref=F("action__ref")).order_by("recorded_at"):
            updates[(u.action_ref, u.year_start, u.quarter)] = u  # the latest of each quarter wins
        reviews = {r.action_ref: r for r in YearEndReview.objects.filter(action__plan=plan).annotate(action_ref=F("action__ref"))}
    known_refs = {o.ref for o in parsed.objectives}
    levels: dict[str, int] = {}
    for order, o in enumerate(parsed.objectives, start=1):
        levels[o.ref] = levels.get(o.parent_ref, -1) + 1 if o.parent_ref else 0
        if o.parent_ref and o.parent_ref not in known_refs:
            preview.problems.append(Problem(o.row, "Objective", f"parent objective {o.parent_ref} is not in the file"))
        values = {"title": o.title, "label": o.label, "level": levels[o.ref], "description": o.description, "outcome": o.outcome,
                  "performance_measures": o.performance_measures, "lead": o.lead, "order": order}
        if parsed.layout == "portal":
            # The export carries refs and titles only: leave the other objective fields as they are.
            values = {"title": o.title}
            if o.ref not in objectives:
                values.update({"label": "", "order": order, "level": levels[o.ref]})
        preview.rows.append(_compare("objective", o.ref, o.row, objectives.get(o.ref), values, parent_key=o.parent_ref or ""))
    matcher = LeadMatcher(preview.partnership)
    for order, a in enumerate(parsed.actions, start=1):
        if a.objective_ref not in known_refs and a.objective_ref not in objectives:
            preview.problems.append(Problem(a.row, "Objective", f"objective {a.objective_ref} is not in the file"))
            continue
        probe = Action()
        probe.set_timescale(a.text.get("timescale", ""))
        values: dict[str, Any] = {"description": a.description, "cost": a.cost, "due_date": probe.due_date,
                                  "cadence": probe.cadence, "order": order}
        values.update({k: a.text.get(k, "") for k in ACTION_TEXT_FIELDS})
        values["timescale"] = probe.timescale
        if a.status:
            values["status"] = a.status
        existing = actions.get(a.ref)
        if existing is not None:
            del values["order"]  # position in the file: set on creation only, so re-imports do not reshuffle
        change = _compare("action", a.ref, a.row, existing, values, parent_key=a.objective_ref)
        if existing is not None and existing.objective.ref != a.objective_ref:
            change.changes["objective"] = (existing.objective.ref, a.objective_ref)
            change.op = CHANGE
        agencies, people = matcher.match(a.lead) if a.lead else ([], [])
        change.values["lead_agencies"] = agencies
        change.values["lead_people"] = people
        if a.lead and existing is not None:
            old_a, old_p = old_leads["agency"][existing.pk], old_leads["person"][existing.pk]
            if old_a != {x.pk for x in agencies} or old_p != {x.pk for x in people}:
                change.changes["leads"] = (matcher.names(old_a, old_p), ", ".join(map(str, [*agencies, *people])))
                change.op = CHANGE
        preview.rows.append(change)
        if a.update:
            u = a.update
            key = (a.ref, u.year_start, u.quarter)
            vals = {"status": u.status, "narrative": u.narrative, "barriers": u.barriers}
            preview.rows.append(_compare("update", f"{a.ref} {u.year_start}-{(u.year_start + 1) % 100:02d} Q{u.quarter}",
                                         a.row, updates.get(key), vals | {"year_start": u.year_start, "quarter": u.quarter},
                                         parent_key=a.ref))
        if a.review:
            preview.rows.append(_compare("review", a.ref, a.row, reviews.get(a.ref),
                                         {"decision": a.review[0], "comment": a.review[1]}, parent_key=a.ref))


def _new_code(name: str, taken: set[str]) -> str:
    """A short code for an indicator created by an import: the initials of its name ("Arrests
    Rate" -> "AR"), numbered when taken."""
    base = "".join(w[0] for w in re.findall(r"[A-Za-z0-9]+", name)).upper()[:30] or "IND"
    code, n = base, 1
    while code.lower() in taken:
        n += 1
        code = f"{base}{n}"
    taken.add(code.lower())
    return code


def _diff_bvpi(preview: Preview, parsed: Parsed) -> None:
    areas = list(Area.objects.filter(partnership=preview.partnership))
    if len(areas) != 1:
        preview.problems.append(Problem(None, "", f"a BVPI 225 sheet is for one area; this partnership has {len(areas)} areas: "
                                              "import it into a partnership with one area, or use the admin"))
        return
    preview.area = area = areas[0]
    questions = {q.number: q for q in Bvpi225Question.objects.all()}
    assessment = Bvpi225Assessment.objects.filter(area=area, year_start=preview.year_start).first()
    preview.rows.append(_compare("assessment", f"{area} {preview.year_start}", 0, assessment, {"purpose": parsed.bvpi_purpose}))
    answers = {a.question.number: a for a in Bvpi225Answer.objects.filter(assessment=assessment).select_related("question")} if assessment else {}
    entries = {(e.answer.question.number, e.date): e for e in Bvpi225MonitoringEntry.objects.filter(
        answer__assessment=assessment).select_related("answer__question")} if assessment else {}
    for a in parsed.answers:
        if a.question not in questions:
            preview.problems.append(Problem(a.row, "Description", f"question {a.question} is not loaded in the portal (load the BVPI 225 questions first)"))
            continue
        values = {"notes": a.notes, "milestones": a.milestones, "responsible_manager": a.responsible_manager,
                  "progress": a.progress, "year_end_answer": a.answer, "backed_up_by": a.backed_up_by,
                  "signed_off_by": a.signed_off_by}
        preview.rows.append(_compare("answer", f"Q{a.question}", a.row, answers.get(a.question), values))
        for m in a.monitoring:
            preview.rows.append(_compare("monitoring", f"Q{a.question} {m.label}", a.row, entries.get((a.question, m.date)),
                                         {"label": m.label, "text": m.text, "date": m.date}, parent_key=f"Q{a.question}"))


def _diff_figures(preview: Preview, parsed: Parsed) -> None:
    partnership = preview.partnership
    indicators: dict[str, Indicator] = {}
    for ind in Indicator.objects.filter(partnership=partnership):
        indicators[ind.code.lower()] = ind
        indicators.setdefault(ind.name.lower(), ind)
    areas: dict[str, Area] = {}
    for area in Area.objects.filter(partnership=partnership):
        areas[area.slug.lower()] = area
        areas[area.name.lower()] = area
    foreign = {n.lower() for pair in Area.objects.exclude(partnership=partnership).values_list("slug", "name") for n in pair}
    values = {(v.indicator_id, v.area_id, v.year_start, v.quarter): v for v in Value.objects.filter(indicator__partnership=partnership)}
    targets = {(t.indicator_id, t.area_id, t.year_start, t.quarter): t
               for t in Target.objects.filter(indicator__partnership=partnership, kind=Target.Kind.LOCAL)}
    own_areas = {a.pk: a for a in areas.values()}
    own_area = next(iter(own_areas.values())) if len(own_areas) == 1 else None
    codes = {ind.code.lower() for ind in indicators.values()}
    new_indicators: dict[str, RowChange] = {}
    seen: dict[tuple, int] = {}
    for f in parsed.figures:
        ind = indicators.get(f.indicator.lower())
        new_indicator = None
        if ind is None and f.new_unit:
            # A figures table inside a plan names its rates: the first figure of a rate the portal
            # does not know creates its indicator.
            new_indicator = new_indicators.get(f.indicator.lower())
            if new_indicator is None:
                code = _new_code(f.indicator, codes)
                new_indicator = RowChange("indicator", code, f.row, CREATE, {
                    "code": code, "name": f.indicator, "unit": f.new_unit, "polarity": Indicator.Polarity.HIGHER,
                    "order": len({i.pk for i in indicators.values()}) + len(new_indicators) + 1})
                new_indicators[f.indicator.lower()] = new_indicator
                preview.rows.append(new_indicator)
        elif ind is None:
            preview.problems.append(Problem(f.row, "indicator", f"'{f.indicator}' is not an indicator of {partnership} (add it first, by code or name)"))
            continue
        area = own_area if f.own_area else None
        if f.area and f.area.lower() not in ("all", "all areas"):
            area = areas.get(f.area.lower())
            if area is None:
                reason = (f"area '{f.area}' belongs to another partnership" if f.area.lower() in foreign
                          else f"area '{f.area}' is not one of {partnership}'s areas")
                preview.problems.append(Problem(f.row, "area", reason))
                continue
        code = ind.code if ind else new_indicator.key
        unit = ind.unit if ind else f.new_unit
        if unit == Indicator.Unit.PERCENT and f.value > 100:
            preview.problems.append(Problem(f.row, "target" if f.is_target else "value", f"{f.value}% is over 100% for {code}, a percentage"))
            continue
        k = (f.is_target, ind.pk if ind else code, area.pk if area else None, f.year_start, f.quarter)
        if k in seen:
            preview.problems.append(Problem(f.row, "period", f"the same {code} figure for this area and period is also on row {seen[k]}"))
            continue
        seen[k] = f.row
        lookup = (ind.pk if ind else None, area.pk if area else None, f.year_start, f.quarter)
        kind = "target" if f.is_target else "value"
        existing = (targets if f.is_target else values).get(lookup)
        label = f"{code} {area or 'all areas'} {f.year_start}{' Q' + str(f.quarter) if f.quarter else ''}"
        change = _compare(kind, label, f.row, existing, {"value": f.value.quantize(Decimal("0.001"))}, parent_key=code)
        change.values.update({"indicator": ind, "area": area, "year_start": f.year_start, "quarter": f.quarter})
        if existing is None and f.note:
            change.values["note"] = f.note
        if existing is not None:
            change.changes = {k2: v for k2, v in change.changes.items() if k2 == "value"}
            change.op = CHANGE if change.changes else UNCHANGED
        preview.rows.append(change)
