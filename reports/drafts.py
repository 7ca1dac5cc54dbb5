"""Draft returns made in the background and kept until the data they were made from changes.

A draft is named by a fingerprint of everything its PDF is made from: the plan, quarter and group
chosen, who prepares it (the cover names them) and the day (the cover's date, the next meeting), the
code that renders it, and - read in one query - the size and latest change of every table the return
reads, scoped to the plan or the partnership (each change to plan data adds a history record, so any
edit, addition or deletion moves the fingerprint). The PDF is kept in default_storage (a disk or an
object store every machine sees) under that name with a small JSON note of its state beside it:

    drafts/<partnership>/<plan>-<year>q<n>-<group>-u<user>/<fingerprint>.pdf   the kept PDF
    drafts/<partnership>/<plan>-<year>q<n>-<group>-u<user>/<fingerprint>.json  queued / rendering / failed

A second request for unchanged data gets the kept file at once; once the data changes the old name
is never asked for again, and the next draft kept for the same choice removes the older ones.
Nothing here decides access: the views find the choice through partnerships.permissions, and the
task builds the PDF through reports.services.return_build, which asks again as the requesting user.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, DateTimeField, IntegerField, Max, Model, QuerySet, Value
from django.utils import timezone

if TYPE_CHECKING:
    from actions.models import ActionPlan
    from partnerships.models import Group
    from partnerships.periods import Quarter
    from partnerships.permissions import User

logger = logging.getLogger(__name__)

ROOT = "drafts"

# The tables a return is made from, with the path from each to the plan ("plan:") or to the
# partnership ("partnership:"), or "all:" for an installation-wide table. Each is read through its
# history (records, latest record: every change made through the ORM adds one) and, where it keeps
# none or is written in bulk, live (READ_LIVE).
SOURCES = [
    ("actions.Action", "plan:plan"),
    ("actions.Objective", "plan:plan"),
    ("actions.ProgressUpdate", "plan:action__plan"),
    ("actions.YearEndReview", "plan:action__plan"),
    ("actions.QuarterLock", "plan:plan"),
    ("actions.ActionPlan", "plan:pk"),
    ("actions.Strategy", "partnership:partnership"),
    ("reports.IssuedReturn", "plan:plan"),
    ("indicators.Indicator", "partnership:partnership"),
    ("indicators.Target", "partnership:indicator__partnership"),
    ("indicators.Value", "partnership:indicator__partnership"),
    ("indicators.Bvpi225Assessment", "partnership:partnership"),
    ("indicators.Bvpi225Answer", "partnership:assessment__partnership"),
    ("indicators.Bvpi225MonitoringEntry", "partnership:answer__assessment__partnership"),
    ("partnerships.Partnership", "partnership:pk"),
    ("partnerships.Area", "partnership:partnership"),
    ("partnerships.Agency", "partnership:partnership"),
    ("partnerships.Person", "partnership:partnership"),
    ("partnerships.Group", "partnership:partnership"),
    ("partnerships.GroupMember", "partnership:group__partnership"),
    ("partnerships.Meeting", "partnership:group__partnership"),
    ("reviews.Review", "partnership:partnership"),
    ("reviews.Recommendation", "partnership:review__partnership"),
    ("indicators.Bvpi225Question", "all:"),  # the questions' wording, the same for every partnership
]

# What the code that makes a return is: a new deployment of any of these makes new drafts.
CODE_FILES = ("reports/**/*.py", "templates/reports/*.html", "static/reports/*.css")


@functools.cache
def code_version() -> str:
    """A hash of the source files that gather and render a return, and of WeasyPrint's version."""
    from importlib.metadata import version

    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(version("weasyprint").encode())
    for pattern in CODE_FILES:
        for path in sorted(base.glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# Tables also read live (rows, highest id), besides their history: those written in bulk (an import,
# a generated plan) and those that keep no history.
READ_LIVE = {"actions.Action", "actions.Objective", "actions.ProgressUpdate", "indicators.Value",
             "indicators.Target", "reports.IssuedReturn"}


@functools.cache
def _source_models() -> list[tuple[str, str, str, type[Model]]]:
    """(label, scope, path, model) for each table read, live or history (looked up once: reaching a
    model's history manager builds a manager class each time)."""
    models: list[tuple[str, str, str, type[Model]]] = []
    for label, scoped in SOURCES:
        scope, path = scoped.split(":")
        model = apps.get_model(label)
        history = getattr(model, "history", None)
        if label in READ_LIVE or history is None:
            models.append((f"{label}:live", scope, path, model))
        if history is not None:
            models.append((f"{label}:history", scope, path, history.model))
    return models


def _source_terms(plan_id: int, partnership_id: int) -> list[QuerySet[Any]]:
    """One aggregate row (label, rows, highest id, latest change) per table and per history table."""
    terms = []
    for name, scope, path, model in _source_models():
        value = plan_id if scope == "plan" else partnership_id
        history = name.endswith(":history")
        # The latest record's time as well as its id: ids start again in another database (a test
        # run, a database made afresh) that shares the storage; times do not repeat.
        latest = Max("history_date") if history else Value(None, output_field=DateTimeField())
        rows = model._base_manager.all() if scope == "all" else model._base_manager.filter(**{path: value})
        terms.append(
            rows.order_by()
            .annotate(source=Value(name))
            .values("source")
            .annotate(rows=Count("pk"), top=Max("pk", output_field=IntegerField()), latest=latest)
            .values_list("source", "rows", "top", "latest")
        )
    return terms


def data_state(plan: ActionPlan) -> list[tuple[str, int, int | None, dt.datetime | None]]:
    """Rows, highest id and latest change of every table the return reads, for this plan and its
    partnership, in one query."""
    sql, params = _state_sql(plan.pk, plan.strategy.partnership_id)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        return sorted(tuple(row) for row in cursor.fetchall())


@functools.lru_cache(maxsize=256)
def _state_sql(plan_id: int, partnership_id: int) -> tuple[str, tuple[Any, ...]]:
    """The query's SQL, built once per plan (26 querysets cost ~30 ms of Python to compile; the page
    polling a draft's progress asks every 2 seconds)."""
    first, *rest = _source_terms(plan_id, partnership_id)
    sql, params = first.union(*rest, all=True).order_by().query.sql_with_params()
    return sql, tuple(params)


@dataclass(frozen=True)
class Draft:
    """One draft return: the choice it is for and the fingerprint of the data it is made from."""

    plan: ActionPlan
    quarter: Quarter
    group: Group | None
    user: User
    fingerprint: str
    annex: bool = False  # with the action plan in full as an annex

    @property
    def folder(self) -> str:
        partnership = self.plan.strategy.partnership
        group = self.group.slug if self.group else "partnership"
        return (f"{ROOT}/{partnership.slug}/{self.plan.pk}-{self.quarter.year_start}q{self.quarter.number}-"
                f"{group}-u{self.user.pk}{'-annex' if self.annex else ''}")

    @property
    def pdf_name(self) -> str:
        return f"{self.folder}/{self.fingerprint}.pdf"

    @property
    def note_name(self) -> str:
        return f"{self.folder}/{self.fingerprint}.json"

    def is_kept(self) -> bool:
        return default_storage.exists(self.pdf_name)

    def read_pdf(self) -> bytes:
        with default_storage.open(self.pdf_name, "rb") as handle:
            return handle.read()

    def note(self) -> dict[str, Any]:
        """The state of the draft's making: {} when it was never asked for (or the note was lost)."""
        try:
            with default_storage.open(self.note_name, "rb") as handle:
                note: dict[str, Any] = json.loads(handle.read())
        except (OSError, ValueError):
            return {}
        return note

    def state(self) -> str:
        """ready, queued, rendering, failed or missing (never asked for, or given up as stale)."""
        if self.is_kept():
            return "ready"
        note = self.note()
        if not note:
            return "missing"
        if note.get("state") in {"queued", "rendering"} and self.is_stale(note):
            return "missing"
        return str(note.get("state", "missing"))

    def is_stale(self, note: dict[str, Any]) -> bool:
        """A queued or rendering note the worker has not moved on for too long (the worker died)."""
        try:
            since = dt.datetime.fromisoformat(note["since"])
        except (KeyError, TypeError, ValueError):
            return True
        return (timezone.now() - since).total_seconds() > stale_after()

    def write_note(self, state: str, **extra: Any) -> None:
        body = json.dumps({"state": state, "since": timezone.now().isoformat(), **extra}).encode()
        _replace(self.note_name, body)

    def keep(self, pdf: bytes) -> None:
        """Store the PDF, then remove the drafts kept for the same choice from older data."""
        _replace(self.pdf_name, pdf)
        default_storage.delete(self.note_name)
        try:
            _, files = default_storage.listdir(self.folder)
        except (OSError, NotImplementedError):
            return
        for name in files:
            if not name.startswith(self.fingerprint):
                default_storage.delete(f"{self.folder}/{name}")


def _replace(name: str, content: bytes) -> None:
    # Storage.save never overwrites (it picks another name): remove the old file first.
    default_storage.delete(name)
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # another worker wrote it between the two calls: theirs is as good
        default_storage.delete(saved)


def stale_after() -> int:
    """Seconds after which a queued or rendering draft is asked for again (REPORT_DRAFT_STALE_SECONDS)."""
    render_timeout = int(getattr(settings, "REPORT_RENDER_TIMEOUT", 120))
    return int(getattr(settings, "REPORT_DRAFT_STALE_SECONDS", 0) or render_timeout * 5)


def prepared_by(user: User) -> str:
    full_name = getattr(user, "get_full_name", None)
    return (full_name() if full_name else "") or user.get_username()


def draft_for(*, plan: ActionPlan, quarter: Quarter, group: Group | None, user: User, annex: bool = False) -> Draft:
    """The draft of this choice for the data as it is now."""
    state = {
        "code": code_version(), "plan": plan.pk, "quarter": [quarter.year_start, quarter.number],
        "group": group.pk if group else None, "user": user.pk, "prepared_by": prepared_by(user), "annex": annex,
        "day": timezone.localdate().isoformat(), "data": data_state(plan),
    }
    fingerprint = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return Draft(plan=plan, quarter=quarter, group=group, user=user, fingerprint=fingerprint, annex=annex)


def draft_request(draft: Draft) -> str:
    """Have the draft made unless it is kept or being made: queue the task (the immediate backend runs
    it at once). Returns the draft's state afterwards."""
    from reports.tasks import render_draft_return

    state = draft.state()
    if state in {"ready", "queued", "rendering"}:
        return state
    draft.write_note("queued")
    render_draft_return.enqueue(
        plan_id=draft.plan.pk, year_start=draft.quarter.year_start, quarter=draft.quarter.number,
        group_id=draft.group.pk if draft.group else None, user_id=draft.user.pk or 0, fingerprint=draft.fingerprint,
        annex=draft.annex,
    )
    return draft.state()


def draft_render(*, plan_id: int, year_start: int, quarter: int, group_id: int | None, user_id: int,
                 fingerprint: str, annex: bool = False) -> dict[str, Any]:
    """The task's body: build the draft as the user who asked for it (return_build asks the permission
    rules again) and keep it under the fingerprint it was asked for. A PDF that cannot be made is
    noted as failed with WeasyPrint's reason, for the page to show."""
    from django.contrib.auth import get_user_model

    from actions.models import ActionPlan
    from partnerships.models import Group
    from partnerships.periods import Quarter
    from reports.render import RenderError
    from reports.services import return_build

    plan = ActionPlan.objects.select_related("strategy__partnership").get(pk=plan_id)
    group = Group.objects.select_related("area").get(pk=group_id) if group_id else None
    user = get_user_model().objects.get(pk=user_id)
    chosen = Quarter(year_start, quarter)
    draft = Draft(plan=plan, quarter=chosen, group=group, user=user, fingerprint=fingerprint, annex=annex)
    if draft.is_kept():
        return {"draft": draft.pdf_name, "rendered": False}
    draft.write_note("rendering")
    try:
        built = return_build(plan=plan, quarter=chosen, group=group, user=user, annex=annex)
    except RenderError as exc:
        draft.write_note("failed", error=str(exc))
        logger.warning("draft return %s could not be rendered: %s", draft.pdf_name, exc)
        return {"draft": draft.pdf_name, "rendered": False, "error": str(exc)}
    except Exception as exc:
        draft.write_note("failed", error=f"{type(exc).__name__}: {exc}"[:500])
        raise
    draft.keep(built.pdf)
    return {"draft": draft.pdf_name, "rendered": True, "pages": built.rendered.pages, "bytes": len(built.pdf)}
