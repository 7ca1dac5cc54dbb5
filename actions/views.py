"""Pages of the action plan: dashboard, plan, action, progress, update rounds, strategy.

Every view runs under partnership_view (404 for another partnership, 403 for a role without the
permission) and reads only within request.partnership. Lists are built in a fixed number of
queries, whatever the size of the plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST

from actions.forms import ActionForm, PlanFilterForm, ProgressForm, ReviewForm, RoundOpenForm
from actions.models import (
    Action,
    ActionPlan,
    Objective,
    ProgressUpdate,
    QuarterLock,
    Status,
    Strategy,
    StrategyApproval,
    UpdateRound,
    YearEndReview,
    objective_tree,
)
from actions.services import (
    EDITABLE_FIELDS,
    EDITABLE_M2M,
    QuarterLocked,
    StaleAction,
    action_update,
    progress_delete,
    progress_record,
    review_record,
    round_close,
    round_leads,
    round_open,
    round_remind,
)
from actions.timescale import Cadence
from partnerships.models import Agency, Person
from partnerships.periods import Quarter
from partnerships.permissions import Forbidden, Perm, can_update_action, partnership_view

STATUS_LABELS = dict(Status.choices)
STATUS_ORDER = [value for value, _ in Status.choices]
CADENCE_LABELS = dict(Cadence.choices)


# Reads shared by the pages ---------------------------------------------------------------------


def partnership_plans(request: HttpRequest) -> list[ActionPlan]:
    """The partnership's plans, latest year first."""
    return list(
        ActionPlan.objects.in_partnership(request.partnership)
        .select_related("strategy")
        .order_by("-year_start", "strategy__title", "pk")
    )


def pick_plan(request: HttpRequest, plans: list[ActionPlan]) -> ActionPlan | None:
    """?plan=<id> when it names one of the partnership's plans, else the latest plan (with a message)."""
    raw = request.GET.get("plan", "")
    if raw:
        chosen = next((p for p in plans if str(p.pk) == raw.strip()), None)
        if chosen:
            return chosen
        messages.warning(request, f"Filter “plan”: there is no plan “{raw}” in this partnership; showing the latest plan.")
    return plans[0] if plans else None


def get_action(request: HttpRequest, pk: int) -> Action:
    """An action of the request's partnership, or 404 (another partnership's action does not exist here)."""
    return get_object_or_404(
        Action.objects.in_partnership(request.partnership).select_related("plan__strategy", "objective"), pk=pk
    )


def need(request: HttpRequest, perm: Perm) -> None:
    """For pages about one object: the object is looked up first (another partnership's object is 404
    for everyone), then the role's permission is checked (403)."""
    if perm not in request.perms:
        raise Forbidden(perm)


@dataclass
class Row:
    """One action as the plan table shows it, prepared in Python so the template only prints."""

    pk: int
    url: str
    ref: str
    description: str
    lead: str
    timescale: str
    status: str
    status_label: str
    overdue: bool
    latest_period: str
    latest_text: str
    objective_id: int = 0
    plan_id: int = 0
    due_date: dt.date | None = None


@dataclass
class Section:
    objective: Objective
    depth: int
    heading_level: int
    rows: list[Row] = field(default_factory=list)
    has_rows_below: bool = False

    @property
    def rows_html(self) -> SafeString:
        return rows_html(self.rows)


def lead_names(actions: QuerySet[Action], agencies: dict[int, str], people: dict[int, str]) -> dict[int, str]:
    """'Agency, Agency, Person' per action, in two queries for any number of actions (the actions go
    in as a subquery: a list of a thousand ids costs more to build than the query takes to run)."""
    names: dict[int, list[str]] = defaultdict(list)
    subquery = actions.order_by().values("pk")
    for action_id, agency_id in Action.lead_agencies.through.objects.filter(action_id__in=subquery).values_list(
        "action_id", "agency_id"
    ).order_by("action_id", "agency_id"):
        names[action_id].append(agencies.get(agency_id, ""))
    for action_id, person_id in Action.lead_people.through.objects.filter(action_id__in=subquery).values_list(
        "action_id", "person_id"
    ).order_by("action_id", "person_id"):
        names[action_id].append(people.get(person_id, ""))
    return {k: ", ".join(n for n in v if n) for k, v in names.items()}


@dataclass
class Directory:
    """The partnership's agencies and people, read once per request (for filters and lead names)."""

    agencies: list[Agency]
    people: list[Person]

    @classmethod
    def load(cls, partnership) -> Directory:
        return cls(
            list(Agency.objects.in_partnership(partnership).only("pk", "name", "short_name")),
            list(Person.objects.in_partnership(partnership).only("pk", "name")),
        )

    def agency_names(self) -> dict[int, str]:
        return {a.pk: str(a) for a in self.agencies}

    def person_names(self) -> dict[int, str]:
        return {p.pk: str(p) for p in self.people}


def shorten(text: str, limit: int) -> str:
    """Cut long text at a word for a table cell (Truncator is too slow for a thousand rows)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def plan_rows(actions: QuerySet[Action], directory: Directory, base_url: str, today: dt.date) -> list[Row]:
    """The table rows for a filtered set of actions: 4 queries (actions, latest updates, leads x2),
    read as plain values (no model instances: a thousand rows must stay cheap)."""
    selected = actions
    actions = list(
        actions.with_latest_update().values_list(
            "pk", "ref", "description", "timescale", "due_date", "status", "objective_id", "plan_id", "by_whom",
            "latest_update_id",
        )
    )
    latest = {}
    if any(a[9] for a in actions):
        latest = {
            pk: (year, quarter, narrative)
            for pk, year, quarter, narrative in ProgressUpdate.objects.filter(
                pk__in=selected.with_latest_update().order_by().values("latest_update_id")
            ).values_list("pk", "year_start", "quarter", "narrative")
        }
    leads = lead_names(selected, directory.agency_names(), directory.person_names()) if actions else {}
    closed = (Status.COMPLETED, Status.DROPPED)
    rows = []
    for pk, ref, description, timescale, due_date, status, objective_id, plan_id, by_whom, latest_id in actions:
        update = latest.get(latest_id)
        rows.append(Row(
            pk=pk,
            url=f"{base_url}{pk}/",
            ref=ref,
            description=description,
            lead=leads.get(pk) or by_whom,
            timescale=timescale,
            status=status,
            status_label=STATUS_LABELS.get(status, status),
            overdue=bool(due_date and due_date < today and status not in closed),
            latest_period=f"{update[0]}-{(update[0] + 1) % 100:02d} Q{update[1]}" if update else "",
            latest_text=shorten(update[2], 240) if update else "",
            objective_id=objective_id,
            plan_id=plan_id,
            due_date=due_date,
        ))
    return rows


# One plan-table row. The plan page prints up to thousands of rows: they are written here in one
# pass rather than through the template engine, which costs ~30 variable look-ups per row.
ROW_HTML = (
    '<tr><td>{ref}</td><td class="cell-text"><a href="{url}">{description}</a></td><td>{lead}</td><td>{timescale}{overdue}</td>'
    '<td><span class="badge status-{status}">{status_label}</span></td><td>{latest}</td></tr>\n'
)
OVERDUE_HTML = ' <span class="badge text-bg-danger">Overdue</span>'
NO_UPDATE_HTML = '<span class="text-body-secondary">None yet</span>'


def rows_html(rows: list[Row]) -> SafeString:
    """The <tr> elements for rows, every value escaped."""
    parts = []
    for r in rows:
        parts.append(ROW_HTML.format(
            ref=escape(r.ref), url=escape(r.url), description=escape(r.description), lead=escape(r.lead),
            timescale=escape(r.timescale), overdue=OVERDUE_HTML if r.overdue else "", status=escape(r.status),
            status_label=escape(r.status_label),
            latest=(f'<span class="text-nowrap">{r.latest_period}</span>: {escape(r.latest_text)}'
                    if r.latest_period else NO_UPDATE_HTML),
        ))
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


def filter_actions(actions: QuerySet[Action], data: dict, membership, objectives: list[Objective],
                   today: dt.date) -> QuerySet[Action]:
    """Apply the plan filter's valid values; invalid ones were dropped by the form."""
    if data.get("objective"):
        chosen = data["objective"].pk
        below = {chosen}
        changed = True
        while changed:  # the objective and everything under it
            changed = False
            for o in objectives:
                if o.parent_id in below and o.pk not in below:
                    below.add(o.pk)
                    changed = True
        actions = actions.filter(objective_id__in=below)
    if data.get("agency"):
        actions = actions.filter(
            pk__in=Action.lead_agencies.through.objects.filter(agency=data["agency"]).values("action_id")
        )
    if data.get("person"):
        actions = actions.filter(
            pk__in=Action.lead_people.through.objects.filter(person=data["person"]).values("action_id")
        )
    if data.get("status"):
        actions = actions.filter(status=data["status"])
    if data.get("cadence") == "dated":
        actions = actions.filter(due_date__isnull=False)
    elif data.get("cadence"):
        actions = actions.filter(cadence=data["cadence"])
    if data.get("due_from"):
        actions = actions.filter(due_date__gte=data["due_from"])
    if data.get("due_to"):
        actions = actions.filter(due_date__lte=data["due_to"])
    if data.get("overdue"):
        actions = actions.overdue(today)
    if data.get("mine"):
        q = Q(pk__in=[])
        if membership.agency_id:
            q |= Q(pk__in=Action.lead_agencies.through.objects.filter(agency_id=membership.agency_id).values("action_id"))
        if membership.person_id:
            q |= Q(pk__in=Action.lead_people.through.objects.filter(person_id=membership.person_id).values("action_id"))
        actions = actions.filter(q)
    if data.get("q"):
        text = data["q"].strip()
        actions = actions.filter(
            Q(description__icontains=text) | Q(outcome__icontains=text) | Q(by_whom__icontains=text)
            | Q(ref__icontains=text) | Q(aim__icontains=text)
        )
    return actions


def report_bad_filters(request: HttpRequest, form: PlanFilterForm) -> None:
    """One message per bad filter value, naming the URL parameter; the list is shown without it."""
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        raw = request.GET.get(name, "")
        reasons = "; ".join(str(e).rstrip(".") for e in errors)
        reasons = reasons[:1].lower() + reasons[1:]
        messages.warning(
            request,
            f"Filter “{name}” ({form[name].label}) ignored: “{raw}” — {reasons}. The list below is shown without it.",
        )


def _plan_filter(request: HttpRequest, objectives: list[Objective],
                 directory: Directory) -> tuple[PlanFilterForm, dict]:
    params = request.GET.copy()
    params.pop("plan", None)
    form = PlanFilterForm(params or None, objectives=objectives, agencies=directory.agencies, people=directory.people)
    data: dict = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
        report_bad_filters(request, form)
    return form, data


# Dashboard ----------------------------------------------------------------------------------


def _url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The partnership's home: my actions, and the plan at a glance."""
    partnership = request.partnership
    if Perm.VIEW_PLAN not in request.perms:
        # Viewers read published reports only.
        reports = _url_or_none("reports:index", partnership=partnership.slug)
        if reports:
            return redirect(reports)
        return render(request, "actions/dashboard_viewer.html", {})
    today = dt.date.today()
    this_quarter = Quarter.containing(today)
    plans = partnership_plans(request)
    plan = pick_plan(request, plans)
    base_url = reverse("actions:plan", kwargs={"partnership": partnership.slug}).removesuffix("plan/") + "actions/"

    # My actions: those of the partnership's current plans (the latest year of each strategy).
    current_plan_ids = []
    seen_strategies = set()
    for p in plans:
        if p.strategy_id not in seen_strategies:
            seen_strategies.add(p.strategy_id)
            current_plan_ids.append(p.pk)
    mine_qs = filter_actions(Action.objects.filter(plan_id__in=current_plan_ids), {"mine": True},
                             request.membership, [], today)
    my_rows = plan_rows(mine_qs, Directory.load(partnership), base_url, today)
    my_due = [
        r for r in my_rows
        if r.due_date and this_quarter.start <= r.due_date <= this_quarter.end
        and r.status not in (Status.COMPLETED, Status.DROPPED)
    ]
    my_overdue = [r for r in my_rows if r.overdue]

    # Awaiting my update in an open round.
    open_rounds = list(
        UpdateRound.objects.in_partnership(partnership).filter(closed_at=None).select_related("plan")
    )
    awaiting: list[tuple[UpdateRound, list[Row]]] = []
    if open_rounds and my_rows:
        updated = set(
            ProgressUpdate.objects.filter(action_id__in=[r.pk for r in my_rows])
            .filter(_any_quarter(open_rounds))
            .values_list("action_id", "year_start", "quarter")
        )
        for round_ in open_rounds:
            rows = [
                r for r in my_rows
                if r.plan_id == round_.plan_id and (r.pk, round_.year_start, round_.quarter) not in updated
            ]
            awaiting.append((round_, rows))

    glance = plan_at_a_glance(plan) if plan else None
    return render(request, "actions/dashboard.html", {
        "plan": plan, "plans": plans, "this_quarter": this_quarter, "my_rows": my_rows, "my_due": my_due,
        "my_overdue": my_overdue, "awaiting": awaiting, "open_rounds": open_rounds, "glance": glance,
        "leads_actions": bool(request.membership.agency_id or request.membership.person_id),
    })


def _any_quarter(rounds: list[UpdateRound]) -> Q:
    q = Q(pk__in=[])
    for r in rounds:
        q |= Q(action__plan_id=r.plan_id, year_start=r.year_start, quarter=r.quarter)
    return q


def plan_at_a_glance(plan: ActionPlan) -> dict:
    """Actions by status per top-level objective: a table and the data for a stacked bar chart."""
    objectives = list(plan.objectives.only("pk", "parent_id", "ref", "label", "title", "order", "level"))
    ordered, root_of = objective_tree(objectives)
    tops = [o for o, depth in ordered if depth == 0]
    counts: dict[int, Counter] = {o.pk: Counter() for o in tops}
    for objective_id, status, n in (
        Action.objects.filter(plan=plan).values_list("objective_id", "status").annotate(n=Count("pk")).order_by()
    ):
        root = root_of.get(objective_id)
        if root is not None:
            counts[root][status] += n
    rows = []
    for o in tops:
        c = counts[o.pk]
        rows.append({"objective": o, "counts": [c.get(s, 0) for s in STATUS_ORDER], "total": sum(c.values())})
    totals = [sum(r["counts"][i] for r in rows) for i in range(len(STATUS_ORDER))]
    chart = {
        "labels": [o.heading or o.title[:30] for o in tops],
        "titles": [o.title for o in tops],
        "datasets": [
            {"status": s, "label": STATUS_LABELS[s], "data": [r["counts"][i] for r in rows]}
            for i, s in enumerate(STATUS_ORDER)
        ],
    }
    return {"statuses": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER], "rows": rows, "totals": totals,
            "total": sum(totals), "chart": chart}


# Plan --------------------------------------------------------------------------------------


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def plan(request: HttpRequest) -> HttpResponse:
    """The objective hierarchy of one plan with its actions, filtered by the query string."""
    plans = partnership_plans(request)
    chosen = pick_plan(request, plans)
    if chosen is None:
        return render(request, "actions/plan.html", {"plan": None, "plans": plans})
    today = dt.date.today()
    objectives = list(chosen.objectives.all())
    directory = Directory.load(request.partnership)
    form, data = _plan_filter(request, objectives, directory)
    actions = filter_actions(Action.objects.filter(plan=chosen), data, request.membership, objectives, today)
    base_url = reverse("actions:action", kwargs={"partnership": request.partnership.slug, "pk": 0}).removesuffix("0/")
    rows = plan_rows(actions, directory, base_url, today)

    ordered, _ = objective_tree(objectives)
    by_objective: dict[int, list[Row]] = defaultdict(list)
    for r in rows:
        by_objective[r.objective_id].append(r)
    sections = [Section(o, depth, min(depth + 2, 6), by_objective.get(o.pk, [])) for o, depth in ordered]
    # Keep an objective's heading when anything below it matches; drop empty branches when filtering.
    for i in range(len(sections) - 1, -1, -1):
        s = sections[i]
        j = i + 1
        while j < len(sections) and sections[j].depth > s.depth:
            if sections[j].rows:
                s.has_rows_below = True
                break
            j += 1
    filtering = form.active()
    if filtering:
        sections = [s for s in sections if s.rows or s.has_rows_below]
    query = request.GET.copy()
    query["plan"] = str(chosen.pk)
    export_base = reverse("actions:plan_export", kwargs={"partnership": request.partnership.slug, "fmt": "xlsx"})
    return render(request, "actions/plan.html", {
        "plan": chosen, "plans": plans, "form": form, "sections": sections, "count": len(rows),
        "total": chosen.actions.count() if filtering else len(rows), "filtering": filtering,
        "query": query.urlencode(), "export_xlsx": export_base, "export_csv": export_base.replace(".xlsx", ".csv"),
    })


@require_GET
@partnership_view(Perm.VIEW_PLAN)
def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered plan as .xlsx or .csv, written by actions.export."""
    if fmt not in ("xlsx", "csv"):
        raise Http404("Export as .xlsx or .csv")
    try:
        from actions.export import export_plan
    except ImportError as exc:  # the exporter is another app's work
        raise Http404("Export is not available yet") from exc
    plans = partnership_plans(request)
    chosen = pick_plan(request, plans)
    if chosen is None:
        raise Http404("This partnership has no plan yet")
    objectives = list(chosen.objectives.all())
    _, data = _plan_filter(request, objectives, Directory.load(request.partnership))
    actions = filter_actions(Action.objects.filter(plan=chosen), data, request.membership, objectives, dt.date.today())
    content = export_plan(actions, fmt)
    types = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}
    response = HttpResponse(content, content_type=types[fmt])
    filename = f"{request.partnership.slug}-plan-{chosen.year_label}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Action ------------------------------------------------------------------------------------


HIDDEN_HISTORY_FIELDS = {"updated_at", "version", "order"}


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    changes: list[tuple[str, str, str]]


def _value(model, name: str, value, lookups: dict) -> str:
    if value in (None, ""):
        return "(empty)"
    f = model._meta.get_field(name)
    if f.choices:
        return str(dict(f.choices).get(value, value))
    if name in lookups:
        return lookups[name].get(value, f"#{value}")
    return str(value)


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def _m2m_snapshots(model, records: list, m2m: dict) -> dict[str, dict[int, list[int]]]:
    """field -> history_id -> sorted target ids, for every record at once (one query per field),
    so that comparing consecutive records costs no query each."""
    history_ids = [r.history_id for r in records]
    out: dict[str, dict[int, list[int]]] = {}
    for name, (key, _names) in m2m.items():
        m2m_history = getattr(model.history.model, name).model
        rows = m2m_history.objects.filter(history_id__in=history_ids).values_list("history_id", f"{key}_id")
        snapshot: dict[int, list[int]] = defaultdict(list)
        for history_id, target in rows:
            snapshot[history_id].append(target)
        out[name] = {h: sorted(ids) for h, ids in snapshot.items()}
    return out


def _bursts(records: list) -> list[tuple]:
    """(first, last) of each run of records one person made together: a save and the changes to its
    leads (Django sets a many-to-many field by removing, then adding: two more records) read as one
    change, from the state before the run to the state after it."""
    runs: list[list] = []
    for record in records:
        last = runs[-1][-1] if runs else None
        if (last is not None and record.history_type == "~" and last.history_type != "-"
                and record.history_user_id == last.history_user_id
                and (record.history_date - last.history_date).total_seconds() < 2):
            runs[-1].append(record)
        else:
            runs.append([record])
    return [(run[0], run[-1]) for run in runs]


def _history_of(records: list, model, describe, lookups: dict, m2m: dict | None = None) -> list[HistoryEntry]:
    """Entries for one object's history records (oldest first in `records`), with field diffs."""
    entries = []
    previous = None
    snapshots = _m2m_snapshots(model, records, m2m) if m2m and records else {}
    for first, record in _bursts(records):
        if first.history_type == "+":
            # A creation and the leads set with it: one entry, and the state after both.
            entries.append(HistoryEntry(first.history_date, _who(first), f"Created {describe(first)}", []))
            previous = record
            continue
        if record.history_type == "-":
            entries.append(HistoryEntry(record.history_date, _who(record), f"Deleted {describe(record)}", []))
        elif previous is not None:
            # One entry for the run: the state after its last record against the state before it.
            fields = [f.name for f in model._meta.fields if f.name not in HIDDEN_HISTORY_FIELDS and f.name != "id"]
            delta = record.diff_against(previous, included_fields=fields)
            changes = []
            for change in delta.changes:
                label = str(model._meta.get_field(change.field).verbose_name).capitalize()
                changes.append((label, _value(model, change.field, change.old, lookups), _value(model, change.field, change.new, lookups)))
            for name, (_key, names) in (m2m or {}).items():
                before = snapshots[name].get(previous.history_id, [])
                after = snapshots[name].get(record.history_id, [])
                if before != after:
                    label = str(model._meta.get_field(name).verbose_name).capitalize()
                    changes.append((label, ", ".join(names.get(i, "?") for i in before) or "(none)",
                                    ", ".join(names.get(i, "?") for i in after) or "(none)"))
            if changes:
                entries.append(HistoryEntry(record.history_date, _who(record), f"Changed {describe(record)}", changes))
        previous = record
    return entries


def action_history(action: Action, agencies: dict, people: dict, groups: dict) -> list[HistoryEntry]:
    """Who changed what when, for the action, its progress updates (deleted ones too) and its review."""
    objectives = {o.pk: o.heading for o in action.plan.objectives.only("pk", "label", "ref")}
    records = list(action.history.select_related("history_user").order_by("history_date", "history_id")[:200])
    entries = _history_of(
        records, Action, lambda r: f"{action.plan.action_label.lower()} {r.ref}".strip(),
        {"objective": objectives, "plan": {action.plan_id: str(action.plan)}},
        m2m={"lead_agencies": ("agency", agencies), "lead_people": ("person", people),
             "responsibility_groups": ("group", groups)},
    )
    update_records = defaultdict(list)
    for r in ProgressUpdate.history.filter(action_id=action.pk).select_related("history_user").order_by(
        "history_date", "history_id"
    ):
        update_records[r.id].append(r)
    for recs in update_records.values():
        entries += _history_of(
            recs, ProgressUpdate,
            lambda r: f"progress update for {r.year_start}-{(r.year_start + 1) % 100:02d} Q{r.quarter}", {},
        )
    review_records = list(
        YearEndReview.history.filter(action_id=action.pk).select_related("history_user").order_by("history_date")
    )
    entries += _history_of(review_records, YearEndReview, lambda r: "year-end review", {})
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def _action_context(request: HttpRequest, action: Action, progress_form: ProgressForm | None = None,
                    review_form: ReviewForm | None = None) -> dict:
    updates = list(
        action.updates.select_related("author").order_by("-year_start", "-quarter", "-recorded_at")
    )
    lead_agencies = list(action.lead_agencies.all())
    lead_people = list(action.lead_people.all())
    groups = list(action.responsibility_groups.all())
    can_update = can_update_action(request.user, action)
    can_edit = Perm.EDIT_PLAN in request.perms
    review = YearEndReview.objects.filter(action=action).select_related("decided_by").first()
    if can_update and progress_form is None:
        progress_form = ProgressForm(plan=action.plan, initial={
            "quarter": Quarter.containing(dt.date.today()).label
            if Quarter.containing(dt.date.today()) in action.plan.quarters() else action.plan.quarters()[-1].label,
            "status": action.status,
        })
    if can_edit and review_form is None:
        review_form = ReviewForm(instance=review)
    locks = {
        (lock.year_start, lock.quarter): lock
        for lock in QuarterLock.objects.filter(plan=action.plan, reopened_at=None)
    }
    history = action_history(
        action,
        {a.pk: str(a) for a in Agency.objects.in_partnership(request.partnership)},
        {p.pk: str(p) for p in Person.objects.in_partnership(request.partnership)},
        {g.pk: str(g) for g in action.plan.strategy.partnership.groups.all()},
    )
    return {
        "action": action, "plan": action.plan, "updates": updates, "lead_agencies": lead_agencies,
        "lead_people": lead_people, "groups": groups, "can_update": can_update, "can_edit": can_edit,
        "review": review, "progress_form": progress_form, "review_form": review_form, "history": history,
        "locked_quarters": [Quarter(y, q).label for (y, q) in sorted(locks)],
        "overdue": action.is_overdue(), "status_label": STATUS_LABELS.get(action.status, action.status),
    }


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def action(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_action(request, pk)
    need(request, Perm.VIEW_PLAN)
    return render(request, "actions/action.html", _action_context(request, found))


@partnership_view(Perm.VIEW_REPORTS)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators edit an action; a save based on an out-of-date form is refused with what changed."""
    found = get_action(request, pk)
    need(request, Perm.EDIT_PLAN)
    status = 200
    if request.method == "POST":
        form = ActionForm(request.POST, instance=found)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS + EDITABLE_M2M if name in form.cleaned_data}
            try:
                saved = action_update(action=found, user=request.user, version=form.cleaned_data["version"], data=data)
            except StaleAction as stale:
                current = stale.action
                # The page's own alert names who changed what (one message, not a second one above it).
                bound = request.POST.copy()
                bound["version"] = str(current.version)
                form = ActionForm(bound, instance=Action.objects.get(pk=current.pk))
                return render(request, "actions/action_edit.html", {
                    "action": current, "form": form, "stale": stale,
                }, status=409)
            messages.success(request, "The action has been saved.")
            return redirect("actions:action", partnership=request.partnership.slug, pk=saved.pk)
        status = 400
    else:
        form = ActionForm(instance=found)
    return render(request, "actions/action_edit.html", {"action": found, "form": form}, status=status)


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a quarter's progress: inline through htmx (returns the progress partial), or a plain POST."""
    found = get_action(request, pk)
    need(request, Perm.RECORD_PROGRESS)
    if not can_update_action(request.user, found):
        raise Forbidden("You may record progress only on actions that name you or your agency as lead")
    form = ProgressForm(request.POST, request.FILES, plan=found.plan)
    htmx = request.headers.get("HX-Request") == "true"
    if form.is_valid():
        try:
            progress_record(
                action=found, user=request.user, quarter=form.cleaned_data["quarter"],
                status=form.cleaned_data["status"], narrative=form.cleaned_data["narrative"],
                barriers=form.cleaned_data["barriers"], evidence=form.cleaned_data["evidence"],
                evidence_file=form.cleaned_data.get("evidence_file"),
            )
        except QuarterLocked as locked:
            form.add_error("quarter", locked.messages[0])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            found.refresh_from_db()
            if htmx:
                context = _action_context(request, found)
                context["progress_saved"] = True
                return render(request, "actions/action.html#progress", context)
            messages.success(request, "Your progress update has been recorded.")
            return redirect("actions:action", partnership=request.partnership.slug, pk=found.pk)
    context = _action_context(request, found, progress_form=form)
    if htmx:
        # htmx swaps 200 responses only: the form comes back with its errors in place.
        return render(request, "actions/action.html#progress", context)
    return render(request, "actions/action.html", context, status=400)


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def progress_remove(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    found = get_action(request, pk)
    update = get_object_or_404(ProgressUpdate, pk=update_pk, action=found)
    need(request, Perm.EDIT_PLAN)
    try:
        progress_delete(update=update, user=request.user)
    except QuarterLocked as locked:
        messages.error(request, locked.messages[0])
    else:
        messages.success(request, f"The progress update for {update.period.label} has been deleted (it stays in the history).")
    return redirect("actions:action", partnership=request.partnership.slug, pk=found.pk)


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def evidence(request: HttpRequest, pk: int, update_pk: int) -> FileResponse:
    """Evidence files are served to members of the partnership only, never from a public folder."""
    found = get_action(request, pk)
    update = get_object_or_404(ProgressUpdate, pk=update_pk, action=found)
    need(request, Perm.VIEW_PLAN)
    if not update.evidence_file:
        raise Http404("No evidence file")
    name = update.evidence_file.name.rsplit("/", 1)[-1]
    return FileResponse(update.evidence_file.open("rb"), as_attachment=True, filename=name)


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_action(request, pk)
    need(request, Perm.EDIT_PLAN)
    existing = YearEndReview.objects.filter(action=found).first()
    form = ReviewForm(request.POST, instance=existing)
    if form.is_valid():
        review_record(action=found, user=request.user, decision=form.cleaned_data["decision"],
                      comment=form.cleaned_data["comment"])
        messages.success(request, "The year-end review has been recorded.")
        return redirect("actions:action", partnership=request.partnership.slug, pk=found.pk)
    return render(request, "actions/action.html", _action_context(request, found, review_form=form), status=400)


# Update rounds ------------------------------------------------------------------------------


@require_GET
@partnership_view(Perm.RUN_ROUNDS)
def rounds(request: HttpRequest) -> HttpResponse:
    plans = partnership_plans(request)
    all_rounds = list(
        UpdateRound.objects.in_partnership(request.partnership).select_related("plan", "opened_by")
        .order_by("-opened_at")
    )
    return render(request, "actions/rounds.html", {"rounds": all_rounds, "form": RoundOpenForm(plans=plans)})


@require_POST
@partnership_view(Perm.RUN_ROUNDS)
def round_start(request: HttpRequest) -> HttpResponse:
    plans = partnership_plans(request)
    form = RoundOpenForm(request.POST, plans=plans)
    if form.is_valid():
        try:
            round_, sent = round_open(plan=form.cleaned_data["plan"], quarter=form.cleaned_data["quarter"],
                                      user=request.user, due_on=form.cleaned_data.get("due_on"))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The {round_.period.label} round is open; {sent} lead{'s' if sent != 1 else ''} e-mailed.")
            return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)
    all_rounds = list(UpdateRound.objects.in_partnership(request.partnership).select_related("plan", "opened_by"))
    return render(request, "actions/rounds.html", {"rounds": all_rounds, "form": form}, status=400)


def get_round(request: HttpRequest, pk: int) -> UpdateRound:
    return get_object_or_404(
        UpdateRound.objects.in_partnership(request.partnership).select_related("plan__strategy", "opened_by"), pk=pk
    )


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    need(request, Perm.RUN_ROUNDS)
    leads = round_leads(round_.plan, round_.period)
    base_url = reverse("actions:action", kwargs={"partnership": request.partnership.slug, "pk": 0}).removesuffix("0/")
    return render(request, "actions/round.html", {
        "round": round_, "leads": leads, "base_url": base_url,
        "outstanding_leads": sum(1 for lead in leads if lead.outstanding),
        "updated_actions": sum(len(lead.updated) for lead in leads),
        "outstanding_actions": sum(len(lead.outstanding) for lead in leads),
    })


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def round_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    need(request, Perm.RUN_ROUNDS)
    try:
        sent = round_remind(round_=round_, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if sent:
            messages.success(request, f"Reminder sent to {sent} lead{'s' if sent != 1 else ''} with outstanding updates.")
        else:
            messages.info(request, "Nobody is outstanding: no reminder sent.")
    return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)


@require_POST
@partnership_view(Perm.VIEW_REPORTS)
def round_finish(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    need(request, Perm.RUN_ROUNDS)
    round_close(round_=round_, user=request.user)
    messages.success(request, f"The {round_.period.label} round is closed.")
    return redirect("actions:round", partnership=request.partnership.slug, pk=round_.pk)


# Strategy ----------------------------------------------------------------------------------


@require_GET
@partnership_view(Perm.VIEW_REPORTS)
def strategy(request: HttpRequest, strategy_slug: str) -> HttpResponse:
    found = get_object_or_404(
        Strategy.objects.in_partnership(request.partnership).prefetch_related(
            "revisions",
            Prefetch("revisions__approvals", queryset=StrategyApproval.objects.select_related("group")),
        ),
        slug=strategy_slug,
    )
    need(request, Perm.VIEW_PLAN)
    plans = list(found.plans.annotate(action_count=Count("actions")).order_by("-year_start"))
    history = list(found.history.select_related("history_user").order_by("-history_date")[:50])
    return render(request, "actions/strategy.html", {"strategy": found, "plans": plans, "history": history})
