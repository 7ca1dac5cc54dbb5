"""Loads the demo data: the seed documents transcribed in fixtures/*.yaml (schema in fixtures/README.md),
and the demo users, one per role.

Every row is found by its natural key and written only when it differs, so loading twice
changes nothing (and records no history the second time).
"""

from __future__ import annotations

import datetime as dt
import importlib
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from actions.models import (
    Action,
    ActionPlan,
    Milestone,
    Objective,
    ProgressUpdate,
    Status,
    Strategy,
    StrategyApproval,
    StrategyRevision,
    YearEndReview,
    due_at_last_milestone,
)
from actions.money import total_cost
from indicators.models import (
    Bvpi225Answer,
    Bvpi225Assessment,
    Bvpi225MonitoringEntry,
    Bvpi225Question,
    Indicator,
    Target,
    Value,
)
from partnerships.models import Agency, Area, Group, GroupMember, Meeting, Membership, Partnership, Person, Role
from partnerships.periods import Quarter, parse_period, parse_year, split_period

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class SeedError(ValueError):
    pass


@dataclass
class LoadStats:
    created: Counter = field(default_factory=Counter)
    changed: Counter = field(default_factory=Counter)

    @property
    def total_written(self) -> int:
        return sum(self.created.values()) + sum(self.changed.values())


def upsert(stats: LoadStats, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        stats.created[model.__name__] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        stats.changed[model.__name__] += 1
    return obj


def set_m2m(stats: LoadStats, obj: models.Model, name: str, targets: Sequence[models.Model | None]) -> None:
    manager = getattr(obj, name)
    wanted = {t.pk for t in targets if t is not None}
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)
        stats.changed[f"{type(obj).__name__}.{name}"] += 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _answer(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"yes", "y", "true"}:
        return True
    if text in {"no", "n", "false"}:
        return False
    raise SeedError(f"BVPI answer {value!r} is not yes or no")


def _period(text: Any) -> tuple[int, int | None]:
    return split_period(parse_period(str(text)))


class SeedLoader:
    def __init__(self, stats: LoadStats) -> None:
        self.stats = stats

    def load(self, data: dict[str, Any]) -> Partnership:
        p = data["partnership"]
        partnership = upsert(
            self.stats, Partnership, {"slug": p["slug"]},
            {"name": p["name"], **({"description": _text(p["description"])} if "description" in p else {})},
        )
        self.partnership = partnership
        for a in data.get("areas", []):
            upsert(self.stats, Area, {"partnership": partnership, "slug": a["slug"]}, {
                "name": a["name"], "population": a.get("population"),
                "population_source": _text(a.get("population_source")),
            })
        for a in data.get("agencies", []):
            upsert(self.stats, Agency, {"partnership": partnership, "name": a["name"]}, {
                "short_name": _text(a.get("short_name")), "kind": a.get("kind") or Agency.Kind.OTHER,
            })
        for person in data.get("people", []):
            upsert(self.stats, Person, {"partnership": partnership, "name": person["name"]}, {
                "initials": _text(person.get("initials")), "job_title": _text(person.get("job_title")),
                "agency": self.agency(person.get("agency")),
            })
        groups = data.get("groups", [])
        for g in groups:
            self.group_row(g)
        for g in groups:  # second pass: accountable_to may name a group defined later
            if g.get("accountable_to"):
                upsert(self.stats, Group, {"partnership": partnership, "slug": g["slug"]},
                       {"accountable_to": self.group(g["accountable_to"])})
            self.group_people(g)
        for s in data.get("strategies", []):
            self.strategy(s)
        for ind in data.get("indicators", []):
            self.indicator(ind)
        for assessment in data.get("bvpi225", []):
            self.bvpi(assessment)
        return partnership

    # lookups ---------------------------------------------------------------------------------

    def agency(self, name: str | None) -> Agency | None:
        if not name:
            return None
        agency = Agency.objects.filter(partnership=self.partnership, name=name).first() or Agency.objects.filter(
            partnership=self.partnership, short_name=name
        ).first()
        if agency is None:
            raise SeedError(f"{self.partnership.slug}: agency {name!r} is not listed under agencies")
        return agency

    def person(self, name: str) -> Person:
        person = Person.objects.filter(partnership=self.partnership, name=name).first()
        if person is None:
            raise SeedError(f"{self.partnership.slug}: person {name!r} is not listed under people")
        return person

    def group(self, slug: str) -> Group:
        group = Group.objects.filter(partnership=self.partnership, slug=slug).first()
        if group is None:
            raise SeedError(f"{self.partnership.slug}: group {slug!r} is not listed under groups")
        return group

    def area(self, slug: str | None) -> Area | None:
        if not slug:
            return None
        area = Area.objects.filter(partnership=self.partnership, slug=slug).first()
        if area is None:
            raise SeedError(f"{self.partnership.slug}: area {slug!r} is not listed under areas")
        return area

    # groups ----------------------------------------------------------------------------------

    GROUP_TEXT = [
        "short_name", "accountable_to_text", "accountability", "purpose", "duties", "membership_rules",
        "quorum_text", "frequency", "minutes_rules", "reports_to", "life_span", "version", "approved_by",
    ]
    GROUP_NUMBERS = ["quorum_members", "quorum_agencies", "minutes_to_chair_days", "minutes_circulated_days",
                     "agenda_days_before"]

    def group_row(self, g: dict[str, Any]) -> Group:
        values = {"name": g["name"], "area": self.area(g.get("area"))}
        values.update({k: _text(g.get(k)) for k in self.GROUP_TEXT if k in g})
        values.update({k: g.get(k) for k in self.GROUP_NUMBERS if k in g})
        values.update({k: _date(g.get(k)) for k in ("approved_on", "review_date") if k in g})
        return upsert(self.stats, Group, {"partnership": self.partnership, "slug": g["slug"]}, values)

    def group_people(self, g: dict[str, Any]) -> None:
        group = self.group(g["slug"])
        for order, m in enumerate(g.get("members", [])):
            upsert(self.stats, GroupMember, {
                "group": group, "person": self.person(m["person"]), "role": m.get("role") or GroupMember.Role.MEMBER,
            }, {"agency": self.agency(m.get("agency")), "title": _text(m.get("title")), "order": order})
        for mt in g.get("meetings", []):
            host = mt.get("host")
            host_agency = None
            if host and Agency.objects.filter(partnership=self.partnership, name=host).exists():
                host_agency = self.agency(host)
            meeting = upsert(self.stats, Meeting, {"group": group, "date": _date(mt["date"])}, {
                "host_agency": host_agency, "host_text": "" if host_agency else _text(host),
                "minutes": _text(mt.get("minutes")),
            })
            set_m2m(self.stats, meeting, "attendees", [self.person(n) for n in mt.get("attendees", [])])

    # strategy and plan -----------------------------------------------------------------------

    def strategy(self, s: dict[str, Any]) -> Strategy:
        strategy = upsert(self.stats, Strategy, {"partnership": self.partnership, "slug": s["slug"]}, {
            "title": s["title"], "period_start": _date(s["period_start"]), "period_end": _date(s["period_end"]),
            "status": s.get("status", Strategy.Status.DRAFT), "vision": _text(s.get("vision")),
            "purpose": _text(s.get("purpose")),
        })
        for order, r in enumerate(s.get("revisions", []), start=1):
            revision = upsert(self.stats, StrategyRevision, {"strategy": strategy, "order": order}, {
                "label": r["label"], "drafted_on": _date(r.get("drafted_on")), "notes": _text(r.get("notes")),
                "consultation_ends": _date(r.get("consultation_ends")),
            })
            for a_order, a in enumerate(r.get("approvals", [])):
                upsert(self.stats, StrategyApproval, {"revision": revision, "order": a_order}, {
                    "body": a["body"], "group": self.group(a["group"]) if a.get("group") else None,
                    "decision": a["decision"], "date": _date(a.get("date")), "note": _text(a.get("note")),
                })
        for p in s.get("plans", []):
            self.plan(strategy, p)
        return strategy

    def plan(self, strategy: Strategy, p: dict[str, Any]) -> ActionPlan:
        plan = upsert(self.stats, ActionPlan, {"strategy": strategy, "year_start": parse_year(str(p["year"]))}, {
            "title": p["title"], "action_label": p.get("action_label", "Action"),
            "introduction": _text(p.get("introduction")),
        })
        self._order = 0
        self._action_order = 0
        for o in p.get("objectives", []):
            self.objective(plan, None, 0, o)
        return plan

    def objective(self, plan: ActionPlan, parent: Objective | None, level: int, o: dict[str, Any]) -> None:
        self._order += 1
        objective = upsert(self.stats, Objective, {"plan": plan, "ref": str(o["ref"])}, {
            "parent": parent, "level": level, "label": _text(o.get("label")), "title": _text(o["title"]),
            "description": _text(o.get("description")), "outcome": _text(o.get("outcome")),
            "performance_measures": _text(o.get("performance_measures")), "lead": _text(o.get("lead")),
            "order": self._order,
        })
        for a in o.get("actions", []):
            self.action(plan, objective, a)
        for child in o.get("children", []):
            self.objective(plan, objective, level + 1, child)

    ACTION_TEXT = ["aim", "outcome", "responsibility", "by_whom", "resources", "funding_source", "baseline",
                   "performance_measures", "outputs", "comments"]

    def action(self, plan: ActionPlan, objective: Objective, a: dict[str, Any]) -> Action:
        self._action_order += 1
        ref = _text(a.get("ref"))
        lookup: dict[str, Any] = (
            {"plan": plan, "ref": ref} if ref else {"plan": plan, "objective": objective, "order": self._action_order}
        )
        probe = Action(plan=plan, objective=objective)
        probe.set_timescale(_text(a.get("timescale")))
        milestones = [self.milestone_probe(m) for m in a.get("milestones", [])]
        cost = a.get("cost")
        cost = Decimal(str(cost)).quantize(Decimal("0.01")) if cost is not None else total_cost(a.get("resources"))
        values = {
            "objective": objective, "order": self._action_order, "description": _text(a["description"]),
            "timescale": probe.timescale, "cadence": probe.cadence, "cost": cost,
            # An action with dated milestones is due at its last one (as actions.milestones keeps it).
            "due_date": due_at_last_milestone(milestones) or probe.due_date,
        }
        values.update({k: _text(a.get(k)) for k in self.ACTION_TEXT})
        action = upsert(self.stats, Action, lookup, values)
        set_m2m(self.stats, action, "lead_agencies", [self.agency(n) for n in a.get("lead_agencies", [])])
        set_m2m(self.stats, action, "lead_people", [self.person(n) for n in a.get("lead_people", [])])
        set_m2m(self.stats, action, "responsibility_groups",
                [self.group(s) for s in a.get("responsibility_groups", [])])
        self.milestones(action, milestones)
        for u in a.get("updates", []):
            quarter = Quarter.parse(str(u["quarter"]))
            day = _date(u.get("date")) or quarter.end
            recorded = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
            upsert(self.stats, ProgressUpdate, {
                "action": action, "year_start": quarter.year_start, "quarter": quarter.number, "recorded_at": recorded,
            }, {
                "status": u["status"], "narrative": _text(u.get("narrative")), "barriers": _text(u.get("barriers")),
                "evidence": _text(u.get("evidence")), "author_name": _text(u.get("author")),
            })
        latest = action.updates.order_by("-year_start", "-quarter", "-recorded_at").first()
        status = latest.status if latest else Status.NOT_STARTED
        if action.status != status:
            action.status = status
            action.save(update_fields=["status"])
        if a.get("review"):
            r = a["review"]
            upsert(self.stats, YearEndReview, {"action": action}, {
                "decision": r["decision"], "comment": _text(r.get("comment")),
            })
        return action

    @staticmethod
    def milestone_probe(m: dict[str, Any]) -> Milestone:
        """A milestone of the YAML read as the portal reads it: its timescale gives its due date."""
        probe = Milestone(text=_text(m["text"]), completed_on=_date(m.get("completed_on")))
        probe.set_timescale(_text(m.get("timescale")))
        return probe

    def milestones(self, action: Action, milestones: list[Milestone]) -> None:
        """The action's milestones in the YAML's order; ones the YAML no longer lists go."""
        for order, m in enumerate(milestones):
            upsert(self.stats, Milestone, {"action": action, "order": order}, {
                "text": m.text, "timescale": m.timescale, "due_on": m.due_on, "completed_on": m.completed_on,
            })
        stale = Milestone.objects.filter(action=action, order__gte=len(milestones))
        if stale.exists():
            for milestone in stale:
                milestone.delete()  # one by one: each leaves its history record
                self.stats.changed["Milestone"] += 1

    # indicators and BVPI 225 -----------------------------------------------------------------

    def indicator(self, ind: dict[str, Any]) -> Indicator:
        source = ind.get("source")
        source_agency = None
        if source and Agency.objects.filter(partnership=self.partnership, name=source).exists():
            source_agency = self.agency(source)
        indicator = upsert(self.stats, Indicator, {"partnership": self.partnership, "code": ind["code"]}, {
            "name": ind["name"], "definition": _text(ind.get("definition")), "unit": ind["unit"],
            "polarity": ind.get("polarity", Indicator.Polarity.UNKNOWN), "source_agency": source_agency,
            "source_text": "" if source_agency else _text(source), "order": ind.get("order", 0),
        })
        for t in ind.get("targets", []):
            year, quarter = _period(t["period"])
            upsert(self.stats, Target, {
                "indicator": indicator, "kind": t.get("kind", Target.Kind.LOCAL), "area": self.area(t.get("area")),
                "year_start": year, "quarter": quarter,
            }, {"value": Decimal(str(t["value"])), "note": _text(t.get("note"))})
        for v in ind.get("values", []):
            year, quarter = _period(v["period"])
            upsert(self.stats, Value, {
                "indicator": indicator, "area": self.area(v.get("area")), "year_start": year, "quarter": quarter,
            }, {"value": Decimal(str(v["value"])), "note": _text(v.get("note")),
                "year_to_date": bool(v.get("year_to_date", False))})
        return indicator

    def bvpi(self, data: dict[str, Any]) -> Bvpi225Assessment:
        assessment = upsert(self.stats, Bvpi225Assessment, {
            "area": self.area(data["area"]), "year_start": parse_year(str(data["year"])),
        }, {"partnership": self.partnership, "purpose": _text(data.get("purpose"))})
        for ans in data.get("answers", []):
            question = Bvpi225Question.objects.get(number=ans["question"])
            answer = upsert(self.stats, Bvpi225Answer, {"assessment": assessment, "question": question}, {
                "notes": _text(ans.get("notes")), "milestones": _text(ans.get("milestones")),
                "responsible_manager": _text(ans.get("responsible_manager")), "progress": _text(ans.get("progress")),
                "year_end_answer": _answer(ans.get("answer")), "backed_up_by": _text(ans.get("backed_up_by")),
                "signed_off_by": _text(ans.get("signed_off_by")), "signed_off_on": _date(ans.get("signed_off_on")),
            })
            for m in ans.get("monitoring", []):
                upsert(self.stats, Bvpi225MonitoringEntry, {"answer": answer, "date": _date(m["date"])}, {
                    "label": _text(m.get("label")), "text": _text(m["text"]),
                })
        return assessment


def load_questions(stats: LoadStats, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for q in data["questions"]:
        upsert(stats, Bvpi225Question, {"number": q["number"]}, {
            "text": _text(q["text"]), "note": _text(q.get("note")), "definition": _text(q.get("definition")),
        })


def seed_files(directory: Path = FIXTURES_DIR) -> list[Path]:
    return sorted(directory.glob("seed_*.yaml"))


@transaction.atomic
def load_demo_data(directory: Path = FIXTURES_DIR, only: list[str] | None = None) -> LoadStats:
    """All seed files (or only the named ones), in one transaction: a broken file leaves the
    database as it was. The BVPI 225 questions are loaded first whenever their file is there."""
    stats = LoadStats()
    questions = directory / "bvpi225_questions.yaml"
    if questions.exists():
        load_questions(stats, questions)
    for path in seed_files(directory):
        if only is not None and path.name not in only:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        try:
            SeedLoader(stats).load(data)
        except (KeyError, SeedError, ValueError) as exc:
            raise SeedError(f"{path.name}: {exc}") from exc
    if only is None:
        load_extras(stats)
    return stats


def load_extras(stats: LoadStats) -> None:
    """Demo content beyond the seeds (demo/extra_*.py, each with `load(stats)`, idempotent like the seeds):
    what the portal holds today that the 2005-2015 seeds do not, built from cited public documents and
    labelled as demonstration data. Run after every seed file, in their transaction."""
    for path in sorted(Path(__file__).parent.glob("extra_*.py")):
        module = importlib.import_module(f"demo.{path.stem}")
        module.load(stats)


# username, partnership slug, role, agency name, group slug the user sits on (with their person record)
DEMO_USERS = [
    ("demo-admin", "bedfordshire", Role.ADMIN, None, None),
    ("demo-coordinator", "bedfordshire", Role.COORDINATOR, None, None),
    ("demo-lead", "bedfordshire", Role.LEAD, "Bedfordshire Police", None),
    ("demo-member", "bedfordshire", Role.MEMBER, None, "sig"),
    ("demo-viewer", "bedfordshire", Role.VIEWER, None, None),
    ("demo-outsider", "luton", Role.COORDINATOR, None, None),
]


@transaction.atomic
def demo_users_create() -> list[str]:
    """The demo users that do not exist yet, each with a new random password; one line per demo
    user saying what was done (the only place a new password is ever shown)."""
    User = get_user_model()
    lines = []
    for username, slug, role, agency_name, group_slug in DEMO_USERS:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise SeedError(f"partnership {slug!r} missing from the demo data")
        if User.objects.filter(username=username).exists():
            lines.append(f"  {username:<18} already exists, left as it is")
            continue
        password = secrets.token_urlsafe(9)
        first, last = "Demo", username.removeprefix("demo-").capitalize()
        user = User.objects.create_user(username, email=f"{username}@example.org", password=password,
                                        first_name=first, last_name=last, is_staff=role == Role.ADMIN)
        agency = Agency.objects.get(partnership=partnership, name=agency_name) if agency_name else None
        person = None
        if group_slug:
            person, _ = Person.objects.get_or_create(
                partnership=partnership, name=f"{first} {last}", defaults={"user": user, "agency": agency},
            )
            group = Group.objects.get(partnership=partnership, slug=group_slug)
            GroupMember.objects.get_or_create(group=group, person=person, role=GroupMember.Role.MEMBER)
        Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency, person=person)
        lines.append(f"  {username:<18} password {password}   ({role.label}, {partnership.name})")
    return lines
