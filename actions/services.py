"""Workflows on the action plan: progress updates, edits with optimistic concurrency, the year-end
review and update rounds.

The contract every service here keeps: keyword arguments only, the acting `user` among them; it asks
partnerships.permissions before it writes (so a command or a task is held to the same rules as a
page) and runs in one transaction. Services take plain values, never a form."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone

from actions.emails import send_templated
from actions.history import FieldChange, changes_since
from actions.models import (
    EDITABLE_FIELDS,
    EDITABLE_M2M,
    Action,
    ActionPlan,
    ProgressUpdate,
    QuarterLock,
    Status,
    UpdateRound,
    YearEndReview,
)
from audit.models import AuditEvent
from audit.services import event_record
from ops.mail import mail_problems, mail_queue
from ops.models import OutgoingMail
from partnerships.models import Agency, Membership, Person, Role
from partnerships.periods import Quarter, year_label
from partnerships.permissions import (
    ROLE_PERMS,
    Forbidden,
    Perm,
    may_change_update,
    may_update_action,
    readable_reviews,
    require,
)


class QuarterLocked(ValidationError):
    """The quarter's return has been issued; its progress cannot change until a coordinator reopens it."""


class StaleAction(Exception):
    """Someone saved the action after this form was loaded; the save is refused, nothing is written."""

    def __init__(self, action: Action, changes: list[FieldChange], changed_by: str) -> None:
        self.action = action
        self.changes = changes
        self.changed_by = changed_by
        names = ", ".join(c.label for c in changes) or "its details"
        super().__init__(f"{changed_by} changed {names} after you opened this form")


def quarter_lock(plan: ActionPlan, quarter: Quarter) -> QuarterLock | None:
    return (
        QuarterLock.objects.filter(plan=plan, year_start=quarter.year_start, quarter=quarter.number, reopened_at=None)
        .order_by("-locked_at")
        .first()
    )


def _locked_message(lock: QuarterLock, quarter: Quarter) -> str:
    issued = formats.date_format(timezone.localtime(lock.locked_at).date(), "j F Y")
    return (
        f"Q{quarter.number} {year_label(quarter.year_start)} was issued to the groups on {issued}; "
        "ask a coordinator to reopen it"
    )


def _refresh_status(action: Action) -> None:
    latest = action.latest_update()
    action.status = latest.status if latest else Status.NOT_STARTED
    action.save(update_fields=["status", "updated_at"])


class NothingToRecord(ValidationError):
    """An update that changes no status and says nothing: refused, so no blank update is written."""


class UpdateTakenByAnother(ValidationError):
    """Someone else recorded the action's update for the quarter; only they or a coordinator change it."""


def quarter_update(action: Action, quarter: Quarter) -> ProgressUpdate | None:
    """The action's update for the quarter (one per quarter; the latest, should older data hold two)."""
    return (
        ProgressUpdate.objects.filter(action=action).in_quarter(quarter).select_related("author")
        .order_by("-recorded_at", "-pk").first()
    )


@transaction.atomic
def progress_record(
    *,
    action: Action,
    user: User,
    quarter: Quarter,
    status: str,
    narrative: str = "",
    barriers: str = "",
    evidence: str = "",
    evidence_file: UploadedFile | None = None,
) -> ProgressUpdate:
    """Record a lead's progress for a quarter; the action takes the status of its latest update.

    One update per action per quarter: when the quarter already has one, this corrects it (the history
    keeps what it said before), if the user wrote it or coordinates the plan. An update that neither
    changes the status nor says anything (no narrative, no barrier) is refused."""
    if not may_update_action(user, action):
        raise Forbidden("You may record progress only on actions that name you or your agency as lead")
    if quarter not in action.plan.quarters():
        raise ValidationError(f"{quarter.label} is not a quarter of the {action.plan.year_label} plan")
    if status not in Status.values:
        raise ValidationError(f"'{status}' is not a status")
    # Two leads saving the same quarter at once: the action's row serialises them (PostgreSQL). Taken
    # before the lock is looked at: issuing a return locks the plan's action rows before it locks the
    # quarter, so an update either commits before the lock (and is in the return) or sees it.
    Action.objects.select_for_update().filter(pk=action.pk).first()
    lock = quarter_lock(action.plan, quarter)
    if lock:
        raise QuarterLocked(_locked_message(lock, quarter))
    update = quarter_update(action, quarter)
    if update is not None and not may_change_update(user, update):
        raise UpdateTakenByAnother(
            f"{update.author_display or 'Someone'} has already recorded the {quarter.label} update of this action; "
            "ask them or a coordinator to correct it"
        )
    narrative, barriers, evidence = narrative.strip(), barriers.strip(), evidence.strip()
    others = action.updates.exclude(pk=update.pk) if update else action.updates.all()
    before = others.order_by("-year_start", "-quarter", "-recorded_at").first()
    if status == (before.status if before else Status.NOT_STARTED) and not narrative and not barriers:
        raise NothingToRecord(
            "Nothing to record: change the status, or write the progress made or a barrier"
        )
    if update is None:
        update = ProgressUpdate(
            action=action, year_start=quarter.year_start, quarter=quarter.number, author=user,
            recorded_at=timezone.now(),
        )
    update.status, update.narrative, update.barriers, update.evidence = status, narrative, barriers, evidence
    update._history_user = user  # type: ignore[attr-defined]  # (a command has no request for the middleware)
    if evidence_file:
        update.evidence_file.save(evidence_file.name or "evidence", evidence_file, save=False)
    try:
        with transaction.atomic():
            update.save()
    except IntegrityError:  # update_one_per_quarter: written by a path that did not take the action's lock
        raise UpdateTakenByAnother(
            f"Someone recorded the {quarter.label} update of this action at the same moment; "
            "open the action again to see it and correct it"
        ) from None
    # The action's status follows its latest update, under the same lock and in the same transaction.
    _refresh_status(action)
    return update


@transaction.atomic
def progress_delete(*, update: ProgressUpdate, user: User) -> None:
    """Coordinators remove a mistaken update; the deletion stays in the history."""
    action = update.action
    require(user, action.partnership, Perm.EDIT_PLAN)
    lock = quarter_lock(action.plan, update.period)
    if lock:
        raise QuarterLocked(_locked_message(lock, update.period))
    update.delete()
    _refresh_status(action)


@transaction.atomic
def action_update(*, action: Action, user: User, version: int, data: dict[str, Any]) -> Action:
    """Save a coordinator's edit unless the action moved on since their form was loaded."""
    require(user, action.partnership, Perm.EDIT_PLAN)
    current = Action.objects.select_for_update().get(pk=action.pk)
    if current.version != version:
        changes, who = changes_since(current, version)
        raise StaleAction(current, changes, who)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    if "timescale" in data:
        current.set_timescale(data["timescale"] or "")
    current.version = version + 1
    current.save()
    for name in EDITABLE_M2M:
        if name in data:
            getattr(current, name).set(data[name])
    return current


@transaction.atomic
def review_record(*, action: Action, user: User, decision: str, comment: str) -> YearEndReview:
    """The year-end decision on an action: keep, develop, completed or drop."""
    require(user, action.partnership, Perm.EDIT_PLAN)
    if decision not in YearEndReview.Decision.values:
        raise ValidationError(f"'{decision}' is not a year-end decision")
    review, _ = YearEndReview.objects.update_or_create(
        action=action,
        defaults={"decision": decision, "comment": comment.strip(), "decided_by": user, "decided_at": timezone.now()},
    )
    return review


# Update rounds ---------------------------------------------------------------------------------


@dataclass
class LeadProgress:
    """One lead's place in a round: their actions, which are updated for the quarter, which not. A lead
    is a member with a portal account (`membership`), or a named person with only an e-mail contact
    (`person`, Person.email): both get the round's e-mails, the contact with a link to sign in."""

    membership: Membership | None = None
    person: Person | None = None
    actions: list[Action] = field(default_factory=list)
    updated: list[Action] = field(default_factory=list)
    outstanding: list[Action] = field(default_factory=list)
    last_reminder_at: dt.datetime | None = None  # filled in by the round page from the outbox

    @property
    def name(self) -> str:
        if self.membership is not None:
            user = self.membership.user
            return user.get_full_name() or user.get_username()
        return self.person.name if self.person else ""

    @property
    def email(self) -> str:
        if self.membership is not None:
            return self.membership.user.email
        return self.person.email if self.person else ""

    @property
    def is_contact(self) -> bool:
        """An e-mail contact without a portal account."""
        return self.membership is None


@dataclass
class UnchasedAction:
    """An action of the round no portal account leads: nobody gets its e-mail, yet it counts."""

    action: Action
    led_by: str  # its lead agencies and people by name, else "by whom" as the plan writes it
    updated: bool
    # Its lead agencies and people, as ("agency" | "person", id, name): whom the round page can invite.
    named: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass
class RoundProgress:
    """Every action of the round's plan, in one of three places: updated for the quarter, outstanding
    with a lead to chase, or outstanding with nobody to chase (no lead of it has a portal account)."""

    leads: list[LeadProgress]
    unchased: list[UnchasedAction]
    total: int
    updated: int

    @property
    def outstanding(self) -> int:
        return self.total - self.updated

    @property
    def nobody_to_chase(self) -> list[UnchasedAction]:
        """The outstanding actions without a lead to chase."""
        return [u for u in self.unchased if not u.updated]

    @property
    def outstanding_leads(self) -> list[LeadProgress]:
        return [lead for lead in self.leads if lead.outstanding]

    def lead_choices(self) -> list[tuple[str, str]]:
        """The agencies and people named as leads of the actions nobody can be chased for, as
        ("person:<id>" | "agency:<id>", label) choices for an invitation, people first."""
        seen: dict[str, str] = {}
        for item in self.nobody_to_chase:
            for kind, pk, name in item.named:
                seen.setdefault(f"{kind}:{pk}", name if kind == "person" else f"{name} (agency)")
        return sorted(seen.items(), key=lambda kv: (not kv[0].startswith("person"), kv[1].casefold()))


@dataclass
class _LeadLinks:
    """The plan's lead links: action ids per lead agency and per lead person, and each action's lead
    names in the order the plan gives them."""

    by_agency: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_person: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    names: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    named: dict[int, list[tuple[str, int, str]]] = field(default_factory=lambda: defaultdict(list))


def _lead_links(plan: ActionPlan) -> _LeadLinks:
    """The plan's lead links with the names of the agencies and people (two queries)."""
    links = _LeadLinks()
    for action_id, agency_id, name in Action.lead_agencies.through.objects.filter(action__plan=plan).values_list(
        "action_id", "agency_id", "agency__name"
    ).order_by("action_id", "agency__name"):
        links.by_agency[agency_id].add(action_id)
        links.names[action_id].append(name)
        links.named[action_id].append(("agency", agency_id, name))
    for action_id, person_id, name in Action.lead_people.through.objects.filter(action__plan=plan).values_list(
        "action_id", "person_id", "person__name"
    ).order_by("action_id", "person__name"):
        links.by_person[person_id].add(action_id)
        links.names[action_id].append(name)
        links.named[action_id].append(("person", person_id, name))
    return links


def round_progress(plan: ActionPlan, quarter: Quarter) -> RoundProgress:
    """Every action of the plan for the quarter's round: each active member who leads actions (through
    their agency or as a named person) and may record progress, and each named lead person with an
    e-mail contact but no such account, with their actions split into updated and outstanding; and the
    actions none of them leads ("nobody to chase"), with who leads them as the plan writes it. Six
    queries, whatever the size of the plan."""
    fields = ("pk", "ref", "description", "plan_id", "order", "by_whom")
    actions = {a.pk: a for a in Action.objects.filter(plan=plan).only(*fields)}
    links = _lead_links(plan)
    updated_ids = set(
        ProgressUpdate.objects.filter(action__plan=plan).in_quarter(quarter).values_list("action_id", flat=True)
    )
    memberships = (
        Membership.objects.filter(partnership=plan.strategy.partnership, user__is_active=True)
        .filter(Q(agency_id__in=list(links.by_agency)) | Q(person_id__in=list(links.by_person)))
        .select_related("user", "agency", "person")
        .order_by("user__last_name", "user__username")
    )
    leads = []
    chased: set[int] = set()
    people_with_accounts: set[int] = set()
    emails: set[str] = set()

    def place(ids: set[int], **who: Any) -> LeadProgress:
        mine = sorted((actions[i] for i in ids), key=lambda a: (a.order, a.pk))
        return LeadProgress(**who, actions=mine, updated=[a for a in mine if a.pk in updated_ids],
                            outstanding=[a for a in mine if a.pk not in updated_ids])

    for membership in memberships:
        if Perm.RECORD_PROGRESS not in ROLE_PERMS[membership.role]:
            continue
        ids = (links.by_agency.get(membership.agency_id or 0, set())
               | links.by_person.get(membership.person_id or 0, set()))
        chased |= ids
        if membership.person_id:
            people_with_accounts.add(membership.person_id)
        emails.add(membership.user.email.casefold())
        leads.append(place(ids, membership=membership))
    # Named people with an e-mail contact and no account to chase them through.
    contacts = (Person.objects.filter(partnership=plan.strategy.partnership, pk__in=list(links.by_person))
                .exclude(email="").exclude(pk__in=list(people_with_accounts)).order_by("name"))
    for person in contacts:
        if person.email.casefold() in emails:  # the same address as an account: one e-mail is enough
            continue
        ids = links.by_person[person.pk]
        chased |= ids
        leads.append(place(ids, person=person))
    unchased = [
        UnchasedAction(action=a, led_by=", ".join(links.names.get(a.pk, [])) or a.by_whom.strip(),
                       updated=a.pk in updated_ids, named=links.named.get(a.pk, []))
        for a in sorted(actions.values(), key=lambda a: (a.order, a.pk)) if a.pk not in chased
    ]
    return RoundProgress(leads=leads, unchased=unchased, total=len(actions),
                         updated=sum(1 for pk in actions if pk in updated_ids))


@dataclass
class OpenRecommendations:
    """The death-review recommendations still open that the user may read, by whom they are addressed to
    (agency or as written): counted in the round beside the actions, chased by the coordinator."""

    by_addressee: list[tuple[str, int, int]]  # (addressed to, open, of them overdue)

    @property
    def total(self) -> int:
        return sum(n for _, n, _ in self.by_addressee)

    @property
    def overdue(self) -> int:
        return sum(n for _, _, n in self.by_addressee)


def round_recommendations(*, user: User, partnership: Any, today: dt.date) -> OpenRecommendations:
    """One query: the open recommendations of the reviews the user may read (partnerships.permissions)."""
    from reviews.models import Recommendation

    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    rows = (Recommendation.objects.filter(review__in=readable_reviews(user, partnership)).open()
            .values_list("agency__name", "addressed_to", "target_date"))
    for agency, addressed_to, target in rows:
        entry = counts[agency or addressed_to.strip() or "Nobody named"]
        entry[0] += 1
        entry[1] += 1 if target is not None and target < today else 0
    return OpenRecommendations(sorted(((k, v[0], v[1]) for k, v in counts.items()), key=lambda r: r[0].casefold()))


def round_leads(plan: ActionPlan, quarter: Quarter) -> list[LeadProgress]:
    """The leads of the quarter's round (round_progress without the actions nobody can be chased for)."""
    return round_progress(plan, quarter).leads


def portal_url(path: str) -> str:
    """An absolute link for an e-mail: PORTAL_BASE_URL and the path."""
    return f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"


def lead_list_url(plan: ActionPlan) -> str:
    path = reverse("actions:plan", kwargs={"partnership": plan.strategy.partnership.slug})
    return portal_url(f"{path}?plan={plan.pk}&mine=on")


def sign_in_url(plan: ActionPlan) -> str:
    """The sign-in page, then the lead's list of actions (for an e-mail contact)."""
    path = reverse("actions:plan", kwargs={"partnership": plan.strategy.partnership.slug})
    return portal_url(f"{reverse('login')}?{urlencode({'next': f'{path}?plan={plan.pk}&mine=on'})}")


def _mail_leads(round_: UpdateRound, leads: list[LeadProgress], template: str) -> int:
    """Queue one e-mail per lead, sent once the transaction commits (a rolled-back round mails nobody)."""
    plan = round_.plan
    messages = []
    for lead in leads:
        email = lead.email
        if not email:
            continue
        messages.append(([email], {
            "lead": lead, "round": round_, "plan": plan, "quarter": round_.period,
            "partnership": plan.strategy.partnership, "due_on": round_.due_on, "contact": lead.is_contact,
            "url": sign_in_url(plan) if lead.is_contact else lead_list_url(plan),
        }))

    def send() -> None:
        for recipients, context in messages:
            send_templated(template, recipients, context, about=round_)

    transaction.on_commit(send)
    return len(messages)


@transaction.atomic
def round_open(*, plan: ActionPlan, quarter: Quarter, user: User,
               due_on: dt.date | None = None) -> tuple[UpdateRound, int]:
    """Open the quarter's update round and e-mail each lead a link to their actions.
    Returns the round and the number of e-mails sent."""
    require(user, plan.strategy.partnership, Perm.RUN_ROUNDS)
    if quarter not in plan.quarters():
        raise ValidationError(f"{quarter.label} is not a quarter of the {plan.year_label} plan")
    already = ValidationError(f"A round for {quarter.label} of this plan has already been opened")
    # Two coordinators opening the round at once: the plan's row makes the second wait for the first
    # to commit, so it sees the round (PostgreSQL; SQLite's IMMEDIATE transactions already queue them).
    ActionPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if UpdateRound.objects.filter(plan=plan, year_start=quarter.year_start, quarter=quarter.number).exists():
        raise already
    try:
        with transaction.atomic():
            round_ = UpdateRound.objects.create(
                plan=plan, year_start=quarter.year_start, quarter=quarter.number, opened_by=user,
                opened_at=timezone.now(), due_on=due_on,
            )
    except IntegrityError:  # round_unique: opened by a writer the lock did not hold back
        raise already from None
    leads = [lead for lead in round_leads(plan, quarter) if lead.actions]
    sent = _mail_leads(round_, leads, "round_opened")
    return round_, sent


@transaction.atomic
def round_remind(*, round_: UpdateRound, user: User) -> int:
    """Remind only the leads who still have actions without an update for the quarter."""
    require(user, round_.plan.strategy.partnership, Perm.RUN_ROUNDS)
    round_locked(round_)
    outstanding = [lead for lead in round_leads(round_.plan, round_.period) if lead.outstanding]
    sent = _mail_leads(round_, outstanding, "round_reminder")
    round_.last_reminder_at = timezone.now()
    round_.save(update_fields=["last_reminder_at"])
    return sent


def round_locked(round_: UpdateRound) -> None:
    """Refuse to chase a locked quarter (its return has been issued) or a closed round."""
    if not round_.is_open:
        raise ValidationError("This round is closed; reopen a new round to chase updates")
    lock = quarter_lock(round_.plan, round_.period)
    if lock:
        raise ValidationError(f"No reminder sent: {_locked_message(lock, round_.period)} before chasing updates")


@transaction.atomic
def round_resend(*, round_: UpdateRound, user: User) -> int:
    """Send again the round's e-mails the mail server did not take (each as a new outbox e-mail with the
    same text; the failed one stays as it was). Not for a closed round or a locked quarter."""
    require(user, round_.plan.strategy.partnership, Perm.RUN_ROUNDS)
    # The round's row locked: two clicks (or two coordinators) at once resend once, the second seeing the
    # first's e-mails queued.
    round_ = UpdateRound.objects.select_for_update().get(pk=round_.pk)
    round_locked(round_)
    problems = mail_problems(round_)
    waiting = {tuple(m.to) for m in problems.waiting}  # a resend still queued for that address
    again: dict[tuple[Any, ...], int] = {}
    for mail in problems.failed:
        if tuple(mail.to) not in waiting:
            again.setdefault((tuple(mail.to), mail.template, mail.subject), mail.pk)  # one per e-mail
    for mail in OutgoingMail.objects.filter(pk__in=list(again.values())).order_by("pk"):
        mail_queue(template=mail.template, to=list(mail.to), subject=mail.subject, body_text=mail.body_text,
                   body_html=mail.body_html, about=round_)
    return len(again)


@transaction.atomic
def round_close(*, round_: UpdateRound, user: User, confirmed: bool = True) -> UpdateRound:
    """Close the round. With actions still outstanding it closes only once the coordinator has seen them
    and confirmed (`confirmed`); refused otherwise, nothing written."""
    require(user, round_.plan.strategy.partnership, Perm.RUN_ROUNDS)
    if round_.is_open:
        if not confirmed:
            outstanding = round_progress(round_.plan, round_.period).outstanding
            if outstanding:
                raise ValidationError(
                    f"{outstanding} action{'s are' if outstanding != 1 else ' is'} still outstanding: "
                    "confirm to close the round anyway"
                )
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
    return round_


# Inviting leads ------------------------------------------------------------------------------


INVITED = AuditEvent.Kind.LEAD_INVITED  # the audit log's kind for an invitation
CONTACT_SET = AuditEvent.Kind.LEAD_CONTACT_SET  # and for an e-mail contact given to a named lead


def _lead_named(partnership: Any, lead: tuple[str, int]) -> tuple[Person | None, Agency | None]:
    """The partnership's person or agency a choice ("person" | "agency", id) names; another
    partnership's is not found."""
    kind, pk = lead
    if kind == "person":
        person = Person.objects.filter(partnership=partnership, pk=pk).select_related("agency").first()
        if person is None:
            raise ValidationError("That person is not one of this partnership's")
        return person, person.agency
    agency = Agency.objects.filter(partnership=partnership, pk=pk).first()
    if agency is None:
        raise ValidationError("That agency is not one of this partnership's")
    return None, agency


@transaction.atomic
def lead_invite(*, user: User, partnership: Any, lead: tuple[str, int], full_name: str, email: str) -> User:
    """Give a lead named in the plan (a person, or an agency) a portal account: a user with no password
    and an action lead's membership linked to the person (or the agency), e-mailed the set-a-password
    link imported users get (Django's reset token). Recorded in the audit log and the history."""
    require(user, partnership, Perm.RUN_ROUNDS)
    person, agency = _lead_named(partnership, lead)
    email, full_name = email.strip(), " ".join(full_name.split())
    if not email:
        raise ValidationError("Give the e-mail address the invitation goes to")
    if not full_name:
        raise ValidationError("Give the name of the person invited")
    if person is not None and person.user_id is not None:
        raise ValidationError(f"{person.name} already has a portal account")
    UserModel = get_user_model()
    if UserModel._default_manager.filter(email__iexact=email).exists():
        raise ValidationError(f"{email} already has a portal account: ask a partnership admin to add it here")
    username = base = email.casefold()[:150]
    n = 1
    while UserModel._default_manager.filter(username__iexact=username).exists():
        n += 1
        username = f"{base[:145]}-{n}"
    first, _, last = full_name.partition(" ")
    invited: User = UserModel._default_manager.create_user(
        username, email=email, first_name=first[:150], last_name=last[:150])  # no password: unusable
    membership = Membership(user=invited, partnership=partnership, role=Role.LEAD, agency=agency, person=person)
    membership._history_user = user  # type: ignore[attr-defined]
    membership.save()
    if person is not None:
        person.user = invited
        if not person.email:
            person.email = email
        person._history_user = user  # type: ignore[attr-defined]
        person.save(update_fields=["user", "email"])
    event_record(kind=INVITED, user=user, subject=invited, partnerships=[partnership],
                 details={"email": email, "person": person.name if person else "",
                          "agency": agency.name if agency else "", "role": Role.LEAD})
    transaction.on_commit(lambda: _send_invitation(invited, partnership, user))
    return invited


def _send_invitation(invited: User, partnership: Any, inviter: User) -> None:
    """The set-a-password link (partnerships.forms.PasswordLinkForm, the imported users' path), with the
    portal's address from PORTAL_BASE_URL."""
    from partnerships.forms import PasswordLinkForm

    base = urlsplit(settings.PORTAL_BASE_URL)
    form = PasswordLinkForm({"email": invited.email})
    if form.is_valid():
        form.save(domain_override=base.netloc, use_https=base.scheme == "https",
                  subject_template_name="emails/invitation_subject.txt",
                  email_template_name="emails/invitation_body.txt",
                  html_email_template_name="emails/invitation_body.html",
                  extra_email_context={"partnership": partnership, "invited_by": inviter.get_full_name()
                                       or inviter.get_username(), "name": invited.get_full_name()})


@transaction.atomic
def lead_contact_set(*, user: User, partnership: Any, person_id: int, email: str) -> Person:
    """Give a named lead person an e-mail contact: the round's e-mails and reminders reach them, with a
    link to sign in, without a portal account."""
    require(user, partnership, Perm.RUN_ROUNDS)
    person, _ = _lead_named(partnership, ("person", person_id))
    assert person is not None
    email = email.strip()
    if not email:
        raise ValidationError("Give the e-mail address")
    before = person.email
    person.email = email
    person._history_user = user  # type: ignore[attr-defined]
    person.save(update_fields=["email"])
    event_record(kind=CONTACT_SET, user=user, partnerships=[partnership], subject_name=person.name[:150],
                 details={"email": email, "before": before, "person": person.name})
    return person
