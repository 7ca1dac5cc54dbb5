"""Workflows of the reports app: build a return's PDF, issue it (store + lock the quarter),
reopen a quarter, issue every group's return in one background batch.

The contract every service here keeps: keyword arguments only, the acting `user` among them; it asks
partnerships.permissions before it reads a draft or writes (so the command and the batch task are
held to the same rules as a page) and writes in one transaction. WeasyPrint's layout runs outside
any transaction: it may take seconds and needs no locks (issuing locks the quarter first, see
return_issue)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from actions.models import Action, ActionPlan, QuarterLock
from partnerships.limits import SHORT_TEXT
from partnerships.models import Group, Partnership
from partnerships.periods import Quarter
from partnerships.permissions import Forbidden, Perm, User, may_read_partnership_return, may_read_return, require
from reports.gather import audience_groups, gather_return
from reports.models import IssuedReturn, ReturnBatch
from reports.render import RenderedPdf, RenderError, render_html, render_pdf
from reports.return_data import QuarterlyReturn


@dataclass
class BuiltReturn:
    data: QuarterlyReturn
    html: str
    rendered: RenderedPdf

    @property
    def pdf(self) -> bytes:
        return self.rendered.pdf


def return_filename(*, plan: ActionPlan, quarter: Quarter, group: Group | None, draft: bool = False) -> str:
    partnership = plan.strategy.partnership
    kind = "draft" if draft else "return"
    return f"{partnership.slug}-{slugify(quarter.label)}-{group.slug if group else 'partnership'}-{kind}.pdf"


def return_build(*, plan: ActionPlan, quarter: Quarter, group: Group | None, user: User | None,
                 draft: bool = True, annex: bool = False) -> BuiltReturn:
    """Gather and render one return (group None: the whole partnership's); the bytes are not stored (a
    draft). `user` must be allowed to read the group's drafts (the whole partnership's: those who issue
    returns); None is the command line (whoever runs manage.py reads every return). A draft carries
    DRAFT on every page; return_issue builds the one it stores with draft=False. The action plan is one
    line per action (a board pack); annex adds the plan in full as an annex the group may leave out."""
    partnership = plan.strategy.partnership
    if user is not None:
        allowed = (may_read_return(user, partnership, group, issued=False) if group
                   else may_read_partnership_return(user, partnership))
        if not allowed:
            raise Forbidden(Perm.READ_DRAFT_RETURNS)
    with transaction.atomic():  # one consistent reading of the plan
        data = gather_return(plan=plan, quarter=quarter, group=group, prepared_by=_name(user))
    html = render_html(data, draft=draft, annex=annex)
    return BuiltReturn(data=data, html=html, rendered=render_pdf(html))


def _name(user: User | None) -> str:
    """How a return names who prepared it: the full name, else the user name ("" from the command line)."""
    if user is None:
        return ""
    full_name = getattr(user, "get_full_name", None)
    return (full_name() if full_name else "") or user.get_username()


def _active_lock(plan: ActionPlan, quarter: Quarter) -> QuarterLock | None:
    return (QuarterLock.objects.select_for_update()
            .filter(plan=plan, year_start=quarter.year_start, quarter=quarter.number, reopened_at__isnull=True)
            .order_by("-locked_at").first())


def _take_lock(plan: ActionPlan, quarter: Quarter, user: User) -> tuple[QuarterLock, bool]:
    """The quarter's lock and whether this call took it (False: it was locked already). Call inside a
    transaction: the plan's row is locked first (two lockers wait for each other on PostgreSQL; SQLite
    serialises every write transaction), then its actions' rows, so progress being recorded on one of
    them is committed before the lock is taken, and progress recorded after it sees the lock."""
    ActionPlan.objects.select_for_update(no_key=True).filter(pk=plan.pk).first()
    list(Action.objects.select_for_update().filter(plan=plan).order_by("pk").values_list("pk", flat=True))
    lock = _active_lock(plan, quarter)
    if lock is not None:
        return lock, False
    lock = QuarterLock.objects.create(  # type: ignore[misc]  # user: the caller's require() let only a member through
        plan=plan, year_start=quarter.year_start, quarter=quarter.number, locked_at=timezone.now(), locked_by=user,
    )
    return lock, True


@transaction.atomic
def quarter_lock(*, plan: ActionPlan, quarter: Quarter, user: User) -> QuarterLock:
    """Lock the quarter's progress updates for the plan; locking a locked quarter changes nothing."""
    require(user, plan.strategy.partnership, Perm.ISSUE_RETURNS)
    return _take_lock(plan, quarter, user)[0]


@transaction.atomic
def quarter_reopen(*, plan: ActionPlan, quarter: Quarter, user: User, reason: str) -> QuarterLock:
    """Reopen a locked quarter so progress can change again; the reason is recorded and the next
    return lists the reopening."""
    require(user, plan.strategy.partnership, Perm.ISSUE_RETURNS)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give the reason for reopening the quarter: it is printed in the next return."})
    if len(reason) > SHORT_TEXT:
        raise ValidationError({"reason": f"Keep the reason to {SHORT_TEXT:,} characters (it has {len(reason):,})."})
    lock = _active_lock(plan, quarter)
    if lock is None:
        raise ValidationError(f"{quarter.label} is not locked for {plan}: there is nothing to reopen.")
    lock.reopened_at = timezone.now()
    lock.reopened_by = user  # type: ignore[assignment]  # require() let only a member through
    lock.reopen_reason = reason
    lock.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    return lock


class AlreadyIssued(ValidationError):
    """The group's return for the quarter was issued already (and the quarter not reopened since)."""

    def __init__(self, existing: IssuedReturn, quarter: Quarter) -> None:
        issued_at = timezone.localtime(existing.issued_at)
        super().__init__(f"The {quarter.label} return for {existing.group} was already issued on "
                         f"{issued_at:%d/%m/%Y %H:%M}; reopen the quarter to issue a new one.")
        self.existing = existing


def already_issued(*, plan: ActionPlan, quarter: Quarter, group: Group) -> IssuedReturn | None:
    """The return already issued to the group for the quarter, unless the quarter was reopened since."""
    last = (IssuedReturn.objects.for_quarter(plan, quarter).filter(group=group).without_pdf()
            .select_related("group").order_by("-issued_at").first())
    if last is None:
        return None
    reopened = QuarterLock.objects.filter(
        plan=plan, year_start=quarter.year_start, quarter=quarter.number, reopened_at__gt=last.issued_at,
    ).exists()
    return None if reopened else last


def return_issue(*, plan: ActionPlan, quarter: Quarter, group: Group, user: User, annex: bool = False) -> IssuedReturn:
    """Issue the group's return for the quarter in three steps, so that nothing can change under it:

    1. lock the quarter, in a transaction of its own that is committed before anything is rendered:
       progress arriving from then on is refused with the locked-quarter message;
    2. gather and lay out the return from the locked data (outside any transaction: it takes seconds);
    3. store the PDF exactly as rendered, with its SHA-256, under the lock.

    Refused (AlreadyIssued) when the group's return for the quarter was issued already and the quarter
    has not been reopened since: an issued return is never replaced behind its readers' backs. The
    database holds one return per group and lock, so of two clicks at once the second is told so too.
    When the PDF cannot be produced, a lock this call took is released (the quarter is open again)
    and the RenderError says so."""
    partnership = plan.strategy.partnership
    require(user, partnership, Perm.ISSUE_RETURNS)
    if group.partnership_id != partnership.pk:
        raise ValidationError("The group belongs to another partnership.")
    if quarter.year_start != plan.year_start:
        raise ValidationError(f"{quarter.label} is not a quarter of the {plan.year_label} plan.")
    with transaction.atomic():
        lock, took_lock = _take_lock(plan, quarter, user)
        existing = already_issued(plan=plan, quarter=quarter, group=group)
        if existing is not None:
            raise AlreadyIssued(existing, quarter)  # rolls back a lock taken just now
    try:
        pdf = return_build(plan=plan, quarter=quarter, group=group, user=user, draft=False, annex=annex).pdf
    except BaseException as exc:
        released = took_lock and _release(lock)
        if isinstance(exc, RenderError):
            after = (f"{quarter.label} is open for progress again" if released
                     else f"{quarter.label} stays locked for the returns issued under it")
            raise RenderError(f"{exc}. Nothing was issued; {after}.") from exc
        raise
    try:
        with transaction.atomic():
            if not QuarterLock.objects.select_for_update().filter(pk=lock.pk, reopened_at=None).exists():
                raise ValidationError(f"{quarter.label} was reopened while the return was being produced: "
                                      "nothing was issued. Issue it again to include what changed.")
            issued: IssuedReturn = IssuedReturn.objects.create(  # type: ignore[misc]  # user: require() let only a member through
                partnership=partnership, plan=plan, year_start=quarter.year_start, quarter=quarter.number,
                group=group, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), size=len(pdf),
                filename=return_filename(plan=plan, quarter=quarter, group=group),
                issued_by=user, issued_at=timezone.now(), lock=lock,
            )
    except IntegrityError as exc:  # another click stored the group's return under this lock first
        existing = IssuedReturn.objects.without_pdf().select_related("group").filter(lock=lock, group=group).first()
        if existing is None:
            raise
        raise AlreadyIssued(existing, quarter) from exc
    return issued


def _release(lock: QuarterLock) -> bool:
    """Take back a lock whose return could not be produced, unless a return was issued under it meanwhile
    (another group's); True when released. The lock's history keeps that it was taken."""
    try:
        with transaction.atomic():
            current = QuarterLock.objects.select_for_update().filter(pk=lock.pk).first()
            if current is None or current.issued_returns.exists():
                return False
            current.delete()
    except (IntegrityError, ProtectedError):
        return False
    return True


@transaction.atomic
def return_batch_start(*, plan: ActionPlan, quarter: Quarter, user: User, group: Group | None = None,
                       annex: bool = False) -> ReturnBatch:
    """Queue 'issue the returns of every audience group of the quarter' (or, with group, that group's
    return: the issue button) as one background task; the page polls its progress. A group's return
    issued already is refused here, at once, as return_issue would refuse it."""
    from reports.tasks import issue_return_batch

    partnership: Partnership = plan.strategy.partnership
    require(user, partnership, Perm.ISSUE_RETURNS)
    if quarter.year_start != plan.year_start:
        raise ValidationError(f"{quarter.label} is not a quarter of the {plan.year_label} plan.")
    if group is not None:
        if group.partnership_id != partnership.pk:
            raise ValidationError("The group belongs to another partnership.")
        existing = already_issued(plan=plan, quarter=quarter, group=group)
        if existing is not None:
            raise AlreadyIssued(existing, quarter)
        groups = [group]
    else:
        groups = audience_groups(partnership)
    if not groups:
        raise ValidationError("No group of the partnership has members to send a return to.")
    running = ReturnBatch.objects.filter(
        plan=plan, year_start=quarter.year_start, quarter=quarter.number,
        status__in=[ReturnBatch.Status.QUEUED, ReturnBatch.Status.RUNNING],
    ).exists()
    if running:
        raise ValidationError(f"The returns for {quarter.label} are being issued already.")
    batch = ReturnBatch.objects.create(  # type: ignore[misc]  # user: require() let only a member through
        partnership=partnership, plan=plan, year_start=quarter.year_start, quarter=quarter.number,
        requested_by=user, requested_at=timezone.now(), total=len(groups), group=group, annex=annex,
    )

    def enqueue() -> None:
        result = issue_return_batch.enqueue(batch.pk)
        ReturnBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])

    transaction.on_commit(enqueue)
    return batch


def return_batch_run(*, batch_id: int) -> ReturnBatch:
    """The body of the background task: issue each audience group's return, counting progress. It acts
    as the user who requested the batch: return_issue holds them to the rules as they stand now."""
    batch = ReturnBatch.objects.select_related("plan__strategy__partnership", "requested_by", "group__area").get(
        pk=batch_id)
    if batch.is_finished:
        return batch
    ReturnBatch.objects.filter(pk=batch.pk).update(status=ReturnBatch.Status.RUNNING)
    quarter = batch.period
    try:
        if batch.requested_by is None:
            raise Forbidden("the user who asked for these returns no longer exists")
        groups = [batch.group] if batch.group else audience_groups(batch.plan.strategy.partnership)
        for group in groups:
            try:
                return_issue(plan=batch.plan, quarter=quarter, group=group, user=batch.requested_by,
                             annex=batch.annex)
            except AlreadyIssued:  # by an earlier batch, or by a click on the page meanwhile
                batch.skipped += 1
            batch.done += 1
            ReturnBatch.objects.filter(pk=batch.pk).update(done=batch.done, skipped=batch.skipped)
    except Exception as exc:  # recorded on the batch for the page; the task result keeps the traceback
        ReturnBatch.objects.filter(pk=batch.pk).update(
            status=ReturnBatch.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
        raise
    ReturnBatch.objects.filter(pk=batch.pk).update(status=ReturnBatch.Status.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch
