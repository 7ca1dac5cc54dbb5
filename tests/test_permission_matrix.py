"""Every URL of the portal x every role x own/other partnership, with the status each must answer.

Cases, for each page in PAGES (the URLs under /p/<partnership>/):
  own        a member of "north" (admin, coordinator, lead, member, viewer) asks for north's page or object:
             the status in the page's `expected` row (a role without the permission: 403).
  other      the same members ask for south's page or object (a partnership they are not in): 404.
  cross      north's URL naming one of south's objects, in the path or in the query/form (id forging):
             404 for every role, unless the row's `cross` says otherwise (a role refused the page as a
             whole gets 403 whatever it names; a form that refuses a foreign id re-renders or redirects),
             and nothing of south's changes.
  outsider   south's coordinator asks for north's page or object: 404.
  anonymous  nobody signed in: redirected to the login page.
  method     a POST-only endpoint refuses GET (405).
The pages outside any partnership (home, sign-in, passwords) are in TOP_PAGES, with a status for
each persona and for anonymous; the Django admin's URLs are closed to every persona (none is staff:
the admin for staff is tested in tests/partnerships/test_admin_scoping.py).

`test_every_url_name_is_in_the_matrix` walks the URLconf: a URL name that is in neither list fails it,
so a new page cannot be forgotten. To add a page, append a Page(...) row to PAGES: the `kwargs`
function receives a partnership and returns the URL kwargs (other than `partnership`) naming that
partnership's objects, creating them the first time it is asked; `data` likewise returns the query
(GET) or form (POST) for that partnership.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from actions.models import Action, ActionPlan, ProgressUpdate, QuarterLock, Status, Strategy, UpdateRound
from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, Indicator, Target, Value
from legacy.models import ImportRecord
from partnerships.models import Agency, Area, Group, Meeting, Membership, Partnership, Person, Role
from reports.models import IssuedReturn, ReturnBatch
from reviews.models import ManagementReview, PanelMeeting, PanelMember, Recommendation, Review
from tests.conftest import PASSWORD, World, client_for, make_user
from tests.matrix import (
    ADMINS,
    COORDINATORS,
    COORDINATORS_WRITE,
    EVERYONE,
    LEADS_WRITE,
    READERS,
    ROLES,
    Kwargs,
    Page,
    expect,
    export_csv,
    no_objects,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse





def first_action(p: Partnership) -> Kwargs:
    return {"pk": Action.objects.in_partnership(p).order_by("pk").first().pk}


def first_update(p: Partnership) -> Kwargs:
    update = ProgressUpdate.objects.in_partnership(p).order_by("pk").first()
    return {"pk": update.action_id, "update_pk": update.pk}


def first_round(p: Partnership) -> Kwargs:
    return {"pk": UpdateRound.objects.in_partnership(p).order_by("pk").first().pk}


def first_strategy(p: Partnership) -> Kwargs:
    return {"strategy_slug": Strategy.objects.in_partnership(p).order_by("pk").first().slug}


def first_plan(p: Partnership) -> ActionPlan:
    return ActionPlan.objects.in_partnership(p).order_by("pk")[0]


def progress_data(p: Partnership) -> Kwargs:
    return {"quarter": "2009-10 Q2", "status": Status.ON_TRACK, "narrative": "Matrix update"}


def edit_data(p: Partnership) -> Kwargs:
    action = Action.objects.in_partnership(p).order_by("pk").first()
    return {"ref": action.ref, "objective": action.objective_id, "description": "Edited", "timescale": "Ongoing",
            "version": action.version}


def round_data(p: Partnership) -> Kwargs:
    return {"period": f"{first_plan(p).pk}:2009-10 Q4"}



# --- indicators, BVPI 225 and groups: objects made per partnership the first time they are asked for ---


def first_indicator(p: Partnership) -> Kwargs:
    indicator, _ = Indicator.objects.get_or_create(partnership=p, code="NI 32",
                                                   defaults={"name": "Repeat MARAC cases", "unit": "percent"})
    return {"pk": indicator.pk}


def first_value(p: Partnership) -> Kwargs:
    pk = first_indicator(p)["pk"]
    value, _ = Value.objects.get_or_create(indicator_id=pk, area=None, year_start=2009, quarter=1,
                                           defaults={"value": 30})
    return {"pk": pk, "value_pk": value.pk}


def first_target(p: Partnership) -> Kwargs:
    pk = first_indicator(p)["pk"]
    target, _ = Target.objects.get_or_create(indicator_id=pk, kind="local", area=None, year_start=2009, quarter=None,
                                             defaults={"value": 31})
    return {"pk": pk, "target_pk": target.pk}


def bvpi_area(p: Partnership) -> Area:
    for n in range(1, 12):
        Bvpi225Question.objects.get_or_create(number=n, defaults={"text": f"Question {n}"})
    return Area.objects.get_or_create(partnership=p, slug=f"{p.slug}-area", defaults={"name": f"{p.name} area"})[0]


def first_answer(p: Partnership) -> Kwargs:
    assessment, created = Bvpi225Assessment.objects.get_or_create(partnership=p, area=bvpi_area(p), year_start=2009)
    if created:
        for q in Bvpi225Question.objects.all():
            Bvpi225Answer.objects.create(assessment=assessment, question=q, year_end_answer=q.number == 1,
                                         backed_up_by="Minutes" if q.number == 1 else "")
    return {"pk": assessment.answers.get(question__number=1).pk}


def first_group(p: Partnership) -> Kwargs:
    group, _ = Group.objects.get_or_create(partnership=p, slug=f"{p.slug}-board", defaults={"name": f"{p.name} board"})
    return {"group_slug": group.slug}


def first_meeting(p: Partnership) -> Kwargs:
    slug = first_group(p)["group_slug"]
    meeting, _ = Meeting.objects.get_or_create(group=Group.objects.get(partnership=p, slug=slug),
                                               date=dt.date(2009, 5, 1))
    return {"group_slug": slug, "pk": meeting.pk}


ANSWER_DATA = {"notes": "", "milestones": "", "responsible_manager": "", "progress": "", "year_end_answer": "no",
               "backed_up_by": ""}

# --- quarterly returns: the partnership's first group (north: the SIG, on which the world's member sits) ---


def return_group(p: Partnership) -> Group:
    group = Group.objects.in_partnership(p).order_by("pk").first()
    return group or Group.objects.get(partnership=p, slug=first_group(p)["group_slug"])


def return_choice(p: Partnership) -> Kwargs:
    return {"period": f"{first_plan(p).pk}:2", "group": return_group(p).slug}


def first_issued(p: Partnership) -> Kwargs:
    pdf = f"%PDF-1.7 {p.slug} return as issued".encode()
    issued, _ = IssuedReturn.objects.get_or_create(
        partnership=p, plan=first_plan(p), year_start=2009, quarter=1, group=return_group(p),
        defaults={"pdf": pdf, "sha256": hashlib.sha256(pdf).hexdigest(), "size": len(pdf),
                  "filename": f"{p.slug}-2009-10-q1-return.pdf", "issued_at": timezone.now()})
    return {"pk": issued.pk}


def first_batch(p: Partnership) -> Kwargs:
    batch, _ = ReturnBatch.objects.get_or_create(partnership=p, plan=first_plan(p), year_start=2009, quarter=3,
                                                 defaults={"requested_at": timezone.now(), "total": 1})
    return {"pk": batch.pk}


# --- legacy imports: a small plan file per partnership (its own content, so its own upload token) ---


def plan_file(p: Partnership) -> bytes:
    return f"Ref,Objective,Action,Lead,Timescale\n7.1,Safety,Run the {p.slug} MARAC,,Ongoing\n".encode()


def upload_data(p: Partnership) -> Kwargs:
    return {"file": SimpleUploadedFile("plan.csv", plan_file(p)), "year": "2009-10", "layout": ""}


def pending_upload(p: Partnership) -> Kwargs:
    """The preview/confirm form of a file uploaded to the partnership's import page by one of its admins
    (through the page, so the test does not depend on where pending uploads are kept)."""
    admin = _admin_of(p)
    response = client_for(admin).post(reverse("legacy:index", kwargs={"partnership": p.slug}), upload_data(p))
    assert response.status_code == 200, f"upload for {p.slug}: {response.status_code}"
    return {"token": hashlib.sha256(plan_file(p)).hexdigest(), "file_name": "plan.csv", "year": "2009-10",
            "layout": "mapped"}


def _admin_of(p: Partnership) -> Any:
    membership = Membership.objects.filter(partnership=p, role=Role.ADMIN).select_related("user").first()
    return membership.user if membership else make_user(f"{p.slug}-admin", p, Role.ADMIN)


def first_import(p: Partnership) -> Kwargs:
    record = ImportRecord.objects.in_partnership(p).order_by("pk").first()
    if record is None:
        data = plan_file(p)
        record = ImportRecord(partnership=p, year_start=2009, file_name="plan.csv",
                              sha256=hashlib.sha256(data).hexdigest(), file_format="csv", layout="portal")
        record.original.save("plan.csv", ContentFile(data), save=True)
    return {"pk": record.pk}


# --- death reviews: coordinators and admins; a review's panel members read it; for anyone else it does not exist ---


def first_review(p: Partnership) -> Kwargs:
    review, _ = Review.objects.get_or_create(partnership=p, reference="DHR 1", defaults={
        "pseudonym": "Anna", "notified_on": dt.date(2024, 1, 10)})
    return {"pk": review.pk}


def seated_review(p: Partnership) -> Kwargs:
    """A review on whose panel the partnership's member sits (north: the world's member)."""
    review, created = Review.objects.get_or_create(partnership=p, reference="DHR 2", defaults={
        "pseudonym": "Beth", "notified_on": dt.date(2024, 2, 10)})
    if created:
        member = Membership.objects.filter(partnership=p, role=Role.MEMBER, person__isnull=False).first()
        person = (member.person if member else None) or Person.objects.create(partnership=p,
                                                                              name=f"{p.slug} panel member")
        PanelMember.objects.create(review=review, person=person)
    return {"pk": review.pk}


def first_panel_member(p: Partnership) -> Kwargs:
    pk = seated_review(p)["pk"]
    return {"pk": pk, "member_pk": PanelMember.objects.filter(review_id=pk).first().pk}


def first_recommendation(p: Partnership) -> Kwargs:
    pk = first_review(p)["pk"]
    recommendation, _ = Recommendation.objects.get_or_create(review_id=pk, ref="1", defaults={
        "text": "Train staff", "addressed_to": "Home Office"})
    return {"pk": pk, "rec_pk": recommendation.pk}


def panel_data(p: Partnership) -> Kwargs:
    person, _ = Person.objects.get_or_create(partnership=p, name=f"{p.slug} new panellist")
    return {"person": person.pk, "role": "member"}


def imr_data(p: Partnership) -> Kwargs:
    agency, _ = Agency.objects.get_or_create(partnership=p, name=f"{p.slug} IMR agency")
    return {"agency": agency.pk, "requested_on": "2024-03-01"}


REVIEW_DATA = {"reference": "DHR 9", "pseudonym": "Cara", "kind": "dhr", "notified_on": "2024-05-01"}
RECOMMENDATION_DATA = {"ref": "9", "scope": "local", "addressed_to": "NHS England", "text": "Audit referrals"}
REVIEW_READERS = expect(200, lead=404, member=404, viewer=404)
REVIEW_WRITE = expect(302, lead=404, member=404, viewer=404)


def _first_member_name(p: Partnership) -> str:
    """A member whose lockout a coordinator may lift (an admin's or staff account's is not theirs to lift)."""
    members = Membership.objects.filter(partnership=p).exclude(role="admin").exclude(user__is_staff=True)
    return members.order_by("pk").select_related("user").first().user.username




PAGES: list[Page] = [
    # --- actions ---
    Page("actions:dashboard", expect(200, viewer=302)),  # the viewer's home is the published reports
    Page("actions:plan", READERS),
    Page("actions:plan_export", READERS, export_csv),
    Page("actions:action", READERS, first_action),
    Page("actions:action_edit", COORDINATORS, first_action),
    Page("actions:action_edit", COORDINATORS_WRITE, first_action, "post", edit_data),
    Page("actions:progress_add", LEADS_WRITE, first_action, "post", progress_data),
    Page("actions:progress_delete", COORDINATORS_WRITE, first_update, "post"),
    Page("actions:evidence", READERS, first_update),
    Page("actions:review", COORDINATORS_WRITE, first_action, "post", lambda p: {"decision": "keep"}),
    Page("actions:rounds", COORDINATORS),
    Page("actions:round_open", COORDINATORS_WRITE, no_objects, "post", round_data,
         cross=expect(400, lead=403, member=403, viewer=403)),  # another partnership's plan is not a choice
    Page("actions:round", COORDINATORS, first_round),
    Page("actions:round_remind", COORDINATORS_WRITE, first_round, "post"),
    Page("actions:round_close", COORDINATORS_WRITE, first_round, "post"),
    Page("actions:strategy", READERS, first_strategy),
    # --- indicators and BVPI 225 ---
    Page("indicators:list", READERS),
    Page("indicators:detail", READERS, first_indicator),
    Page("indicators:value_add", COORDINATORS_WRITE, first_indicator, "post",
         lambda p: {"area": "", "period": "2010-11 Q1", "value": "25", "note": ""}),
    Page("indicators:value_change", COORDINATORS_WRITE, first_value, "post",
         lambda p: {"area": "", "period": "2009-10 Q1", "value": "26", "note": ""}),
    Page("indicators:target_add", COORDINATORS_WRITE, first_indicator, "post",
         lambda p: {"kind": "national", "area": "", "period": "2010-11", "value": "30", "note": ""}),
    Page("indicators:target_change", COORDINATORS_WRITE, first_target, "post",
         lambda p: {"kind": "local", "area": "", "period": "2009-10", "value": "29", "note": ""}),
    Page("indicators:bvpi", READERS),
    Page("indicators:bvpi_start", COORDINATORS_WRITE, no_objects, "post",
         lambda p: {"area": bvpi_area(p).pk, "year": "2010-11"}, cross=expect(200, lead=403, member=403, viewer=403)),
    Page("indicators:bvpi_answer", COORDINATORS_WRITE, first_answer, "post", lambda p: ANSWER_DATA),
    Page("indicators:bvpi_monitoring", COORDINATORS_WRITE, first_answer, "post",
         lambda p: {"label": "Oct-09", "date": "2009-10-01", "text": "Matrix"}),
    Page("indicators:bvpi_sign_off", COORDINATORS_WRITE, first_answer, "post"),  # the world's member chairs nothing
    # --- governance groups ---
    Page("partnerships:groups", READERS),
    Page("partnerships:group", READERS, first_group),
    Page("partnerships:group_edit", COORDINATORS_WRITE, first_group, "post", lambda p: {"name": "Renamed board"}),
    Page("partnerships:meeting_add", COORDINATORS_WRITE, first_group, "post", lambda p: {"date": "2009-06-01"}),
    Page("partnerships:meeting_change", COORDINATORS_WRITE, first_meeting, "post", lambda p: {"date": "2009-05-02"}),
    # --- quarterly returns: drafts for coordinators and the group's members; issued ones for viewers too ---
    Page("reports:index", EVERYONE),
    Page("reports:preview", expect(200, lead=403, viewer=403), data=return_choice,
         cross=expect(404, lead=403, viewer=403)),
    Page("reports:download", expect(200, lead=403, viewer=403), data=return_choice,
         cross=expect(404, lead=403, viewer=403)),
    Page("reports:draft", expect(200, lead=403, viewer=403), data=return_choice,
         cross=expect(404, lead=403, viewer=403)),
    Page("reports:draft_status", expect(200, lead=403, viewer=403), data=return_choice,
         cross=expect(404, lead=403, viewer=403)),
    Page("reports:issue", COORDINATORS_WRITE, method="post", data=return_choice, cross=COORDINATORS_WRITE),
    Page("reports:issued", expect(200, lead=403), first_issued),
    Page("reports:reopen", COORDINATORS_WRITE, method="post",
         data=lambda p: {"period": f"{first_plan(p).pk}:1", "reason": "Matrix"}, cross=COORDINATORS_WRITE),
    Page("reports:batch_start", COORDINATORS_WRITE, method="post",
         data=lambda p: {"period": f"{first_plan(p).pk}:3"}, cross=COORDINATORS_WRITE),
    Page("reports:batch_status", COORDINATORS, first_batch),
    # --- legacy imports: admins only ---
    Page("legacy:index", ADMINS),
    Page("legacy:index", ADMINS, method="post", data=upload_data),
    Page("legacy:preview", ADMINS, method="post", data=pending_upload, cross=expect(403, admin=404)),
    Page("legacy:confirm", expect(403, admin=302), method="post", data=pending_upload, cross=expect(403, admin=404)),
    Page("legacy:original", ADMINS, first_import),
    # --- death reviews ---
    Page("reviews:list", EVERYONE),  # each sees the reviews they may read (none but their panels' for members)
    Page("reviews:export", COORDINATORS, export_csv),
    Page("reviews:review_add", COORDINATORS),
    Page("reviews:review_add", COORDINATORS_WRITE, method="post", data=lambda p: REVIEW_DATA),
    Page("reviews:review", REVIEW_READERS, first_review),
    Page("reviews:review", expect(200, lead=404, viewer=404), seated_review),  # the member sits on its panel
    Page("reviews:review_edit", REVIEW_READERS, first_review),
    Page("reviews:review_edit", expect(200, lead=404, member=403, viewer=404), seated_review),
    Page("reviews:review_edit", REVIEW_WRITE, first_review, "post", lambda p: {**REVIEW_DATA, "reference": "DHR 1"}),
    Page("reviews:panel_add", expect(302, lead=404, member=403, viewer=404), seated_review, "post", panel_data),
    Page("reviews:panel_remove", expect(302, lead=404, member=403, viewer=404), first_panel_member, "post"),
    Page("reviews:meeting_add", REVIEW_WRITE, first_review, "post", lambda p: {"date": "2024-03-05"}),
    Page("reviews:imr_record", REVIEW_WRITE, first_review, "post", imr_data),
    Page("reviews:recommendation_add", REVIEW_READERS, first_review),
    Page("reviews:recommendation_add", REVIEW_WRITE, first_review, "post", lambda p: RECOMMENDATION_DATA),
    Page("reviews:recommendation_edit", REVIEW_READERS, first_recommendation),
    Page("reviews:recommendation_edit", REVIEW_WRITE, first_recommendation, "post",
         lambda p: {**RECOMMENDATION_DATA, "ref": "1"}),
    Page("reviews:recommendation_status", REVIEW_WRITE, first_recommendation, "post",
         lambda p: {"status": "in_progress", "evidence": ""}),
    # --- the audit log (admins) and members' sign-in lockouts (coordinators and admins) ---
    Page("audit:log", ADMINS),
    Page("audit:lockouts", COORDINATORS),
    # a member's user name (locked out or not); another partnership's member is not found
    Page("audit:unlock", COORDINATORS_WRITE, method="post", data=lambda p: {"username": _first_member_name(p)},
         cross=expect(404, lead=403, member=403, viewer=403)),
]

# Each app's own rows (tests/<app>/matrix_rows*.py: PAGES, and MODELS for the fingerprint), found by name.
APP_MODELS: list[type[Model]] = []
for _rows in sorted((Path(__file__).parent).glob("*/matrix_rows*.py")):
    _module = importlib.import_module(f"tests.{_rows.parent.name}.{_rows.stem}")
    PAGES += _module.PAGES
    APP_MODELS += getattr(_module, "MODELS", [])


@dataclass(frozen=True)
class TopPage:
    """A URL outside any partnership: the status for each persona, the outsider and anonymous included."""

    name: str
    expected: dict[str, int]
    kwargs: Kwargs = field(default_factory=dict)
    method: str = "get"
    data: Kwargs = field(default_factory=dict)


PERSONAS = [*ROLES, "outsider", "anonymous"]


def persona_status(default: int, anonymous: int) -> dict[str, int]:
    return {**dict.fromkeys(ROLES + ["outsider"], default), "anonymous": anonymous}


NEW_PASSWORD = "a-new-horse-battery-staple"

TOP_PAGES: list[TopPage] = [
    TopPage("partnerships:home", persona_status(302, anonymous=302)),  # one partnership each: its dashboard
    TopPage("login", persona_status(302, anonymous=200)),  # allauth's: a signed-in user is sent home
    TopPage("logout", persona_status(405, anonymous=302)),
    TopPage("logout", persona_status(302, anonymous=302), method="post"),
    TopPage("password_change", persona_status(200, anonymous=302)),
    TopPage("password_change", persona_status(302, anonymous=302), method="post",
            data={"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}),
    TopPage("password_change_done", persona_status(200, anonymous=302)),
    TopPage("password_reset", persona_status(200, anonymous=200)),
    TopPage("password_reset", persona_status(302, anonymous=302), method="post", data={"email": "nobody@example.org"}),
    TopPage("password_reset_done", persona_status(200, anonymous=200)),
    TopPage("password_reset_confirm", persona_status(200, anonymous=200), {"uidb64": "MQ", "token": "not-a-token"}),
    TopPage("password_reset_complete", persona_status(200, anonymous=200)),
    TopPage("healthz", persona_status(200, anonymous=200)),  # the load balancer's check: no sign-in, no data
    TopPage("healthz", persona_status(405, anonymous=405), method="post"),
    # allauth's names for the sign-in pages above, the second factor's pages (each change asks for the password
    # again first: reauthenticate) and single sign-on (no provider configured in the tests: 404).
    TopPage("account_login", persona_status(302, anonymous=200)),
    TopPage("account_logout", persona_status(302, anonymous=302), method="post"),
    TopPage("account_reauthenticate", persona_status(200, anonymous=302)),
    TopPage("account_inactive", persona_status(200, anonymous=200)),
    TopPage("mfa_index", persona_status(200, anonymous=302)),
    TopPage("mfa_authenticate", persona_status(302, anonymous=302)),  # only during a sign-in
    TopPage("mfa_activate_totp", persona_status(302, anonymous=302)),
    TopPage("mfa_activate_totp", persona_status(302, anonymous=302), method="post", data={"code": "123456"}),
    TopPage("mfa_deactivate_totp", persona_status(404, anonymous=302)),  # none to deactivate
    TopPage("mfa_add_webauthn", persona_status(302, anonymous=302)),
    TopPage("mfa_list_webauthn", persona_status(200, anonymous=302)),
    TopPage("mfa_edit_webauthn", persona_status(302, anonymous=302), {"pk": 1}),
    TopPage("mfa_remove_webauthn", persona_status(302, anonymous=302), {"pk": 1}, method="post"),
    TopPage("mfa_reauthenticate", persona_status(302, anonymous=302)),
    TopPage("mfa_reauthenticate_webauthn", persona_status(302, anonymous=302)),
    TopPage("mfa_generate_recovery_codes", persona_status(302, anonymous=302)),
    TopPage("mfa_view_recovery_codes", persona_status(404, anonymous=302)),  # none made
    TopPage("mfa_download_recovery_codes", persona_status(404, anonymous=302)),
    TopPage("openid_connect_login", persona_status(404, anonymous=404), {"provider_id": "sso"}),
    TopPage("openid_connect_callback", persona_status(404, anonymous=404), {"provider_id": "sso"}),
    TopPage("socialaccount_login_cancelled", persona_status(200, anonymous=200)),
    TopPage("socialaccount_login_error", persona_status(401, anonymous=401)),
]

# The admin's own URL kwargs, with a value that reverses (the persona is turned away before it is used).
ADMIN_KWARGS = {"object_id": "1", "app_label": "partnerships", "content_type_id": 1, "id": 1}
# The admin's sign-in form sends anonymous visitors to the portal's (second factor included) and refuses a
# signed-in user who is not staff.
ADMIN_SIGN_IN = {"admin:login"}
ADMIN_SIGN_OUT = {"admin:logout"}  # a non-staff user is sent to the admin's index (which sends them to sign in)


# --- walking the URLconf -------------------------------------------------------------------------------


def url_names(patterns: list[URLPattern | URLResolver] | None = None, namespace: str = "") -> Iterator[tuple[str, str]]:
    """(name, route) of every URL in the URLconf, through included patterns, names with their namespace;
    unnamed URLs as ("", route)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            for name, route in url_names(pattern.url_patterns, inner):
                yield name, f"{pattern.pattern}{route}"
        else:
            yield (f"{namespace}{pattern.name}" if pattern.name else ""), str(pattern.pattern)


def admin_url_names() -> list[str]:
    return sorted({name for name, _ in url_names() if name.startswith("admin:")})


def listed_names() -> set[str]:
    return {page.name for page in PAGES} | {page.name for page in TOP_PAGES}


def test_every_url_name_is_in_the_matrix():
    """A URL the matrix does not list is a page nobody checked the permissions of: list it in PAGES or
    TOP_PAGES (the admin's URLs are covered as a whole)."""
    names = {name for name, _ in url_names()}
    missing = sorted(names - listed_names() - set(admin_url_names()) - {""})
    assert not missing, f"URL names not in tests/test_permission_matrix.py: {missing}"


def test_every_url_has_a_name():
    """The matrix finds URLs by name: a URL without one would escape it. Aside: the media files DEBUG serves,
    and the admin's own redirects (an object's bare URL to its change page, unknown admin URLs to the index)."""
    unnamed = [route for name, route in url_names()
               if not name and "(?P<path>.*)" not in route and not route.startswith("admin/")]
    assert not unnamed, f"URLs without a name: {unnamed}"


def test_every_listed_name_is_a_url():
    """A row for a URL that is gone is a check that checks nothing."""
    names = {name for name, _ in url_names()}
    assert not sorted(listed_names() - names), "rows for URL names the URLconf no longer has"


def test_every_partnership_page_is_under_its_partnership():
    names = {name for name, route in url_names() if route.startswith("p/<slug:partnership>/")}
    assert names == {page.name for page in PAGES}


# --- the cases -----------------------------------------------------------------------------------------


@pytest.fixture
def setup(world: World, settings: Any, tmp_path: Any) -> World:
    """One of each actions object in both partnerships; uploads and evidence in a temporary media root."""
    settings.MEDIA_ROOT = tmp_path
    for action in (world.police_action, world.south_action):
        update = ProgressUpdate(action=action, year_start=2009, quarter=1, status=Status.ON_TRACK,
                                narrative="First", recorded_at=timezone.now())
        update.evidence_file.save("minutes.txt", ContentFile(b"Minutes of the SIG"), save=False)
        update.save()
        UpdateRound.objects.create(plan=action.plan, year_start=2009, quarter=1, opened_at=timezone.now())
    return world


def page_id(page: Page | TopPage) -> str:
    return f"{page.method.upper()} {page.name}"


def request(client: Client, page: Page, slug_of: Partnership, objects_of: Partnership) -> _MonkeyPatchedWSGIResponse:
    url = reverse(page.name, kwargs={"partnership": slug_of.slug, **page.kwargs(objects_of)})
    if page.method == "post":
        return client.post(url, page.data(objects_of))
    return client.get(url, page.data(objects_of))


def fingerprint(p: Partnership) -> dict[str, list[dict]]:
    """Every row of the partnership's plan, returns, imports, indicators and groups, to show nothing changed."""
    models: list[type[Model]] = [Action, ActionPlan, ProgressUpdate, UpdateRound, QuarterLock, IssuedReturn,
                                 ReturnBatch, ImportRecord, Indicator, Value, Target, Bvpi225Assessment,
                                 Bvpi225Answer, Group, Meeting, Review, PanelMember, PanelMeeting,
                                 ManagementReview, Recommendation, *APP_MODELS]
    return {m.__name__: list(m.objects.in_partnership(p).order_by("pk").values()) for m in models}  # type: ignore[attr-defined]


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("role", ROLES)
def test_own_partnership(setup, page, role):
    response = request(client_for(setup.user(role)), page, setup.north, setup.north)
    assert response.status_code == page.expected[role], f"{role} {page_id(page)}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
@pytest.mark.parametrize("role", ROLES)
def test_other_partnership_is_not_found(setup, page, role):
    assert request(client_for(setup.user(role)), page, setup.south, setup.south).status_code == 404


@pytest.mark.parametrize("page", [p for p in PAGES if p.takes_object], ids=page_id)
@pytest.mark.parametrize("role", ROLES)
def test_other_partnerships_object_under_own_partnership_is_not_found(setup, page, role):
    # The object is looked up before the role's permission: another partnership's object is 404 for all.
    page.kwargs(setup.south), page.data(setup.south)  # south's objects made before the fingerprint is taken
    before = fingerprint(setup.south)
    response = request(client_for(setup.user(role)), page, setup.north, setup.south)
    assert response.status_code == page.cross_expected[role], f"{role} {page_id(page)}"
    assert fingerprint(setup.south) == before, f"{role} {page_id(page)} changed south's data"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_outsider_is_not_found(setup, page):
    assert request(client_for(setup.outsider), page, setup.north, setup.north).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_anonymous_is_sent_to_sign_in(setup, page):
    response = request(Client(), page, setup.north, setup.north)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login") + "?next=/p/north/")


POST_ONLY = [p for p in PAGES if p.method == "post" and not any(q.name == p.name and q.method == "get" for q in PAGES)]


@pytest.mark.parametrize("page", POST_ONLY, ids=page_id)
def test_post_only_pages_refuse_get(setup, page):
    url = reverse(page.name, kwargs={"partnership": "north", **page.kwargs(setup.north)})
    assert client_for(setup.admin).get(url).status_code == 405


@pytest.mark.parametrize("page", TOP_PAGES, ids=page_id)
@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_outside_a_partnership(setup, page, persona):
    client = Client() if persona == "anonymous" else client_for(setup.user(persona))
    url = reverse(page.name, kwargs=page.kwargs)
    response = client.post(url, page.data) if page.method == "post" else client.get(url, page.data)
    assert response.status_code == page.expected[persona], f"{persona} {page_id(page)}"


@pytest.mark.parametrize("name", admin_url_names())
def test_admin_is_closed_to_every_persona(setup, name):
    """None of the personas is staff: every admin URL but its sign-in form sends them to a sign-in form
    (the admin's, or for some URLs and anonymous visitors the portal's)."""
    route = next(r for n, r in url_names() if n == name)
    named = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if named:
        url = reverse(name, kwargs={k: ADMIN_KWARGS[k] for k in named})
    else:  # simple_history's routes use unnamed groups
        url = reverse(name, args=["1"] * route.count("(["))
    for persona in PERSONAS:
        response = (Client() if persona == "anonymous" else client_for(setup.user(persona))).get(url)
        if name in ADMIN_SIGN_IN and persona != "anonymous":
            assert response.status_code == 403, persona
            continue
        to = (reverse("admin:index"),) if name in ADMIN_SIGN_OUT else (reverse("login"), reverse("admin:login"))
        assert response.status_code == 302 and response["Location"].startswith(to), f"{persona} {url}"
