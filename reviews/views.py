"""Death reviews: the list (stage, overdue recommendations, themes across years), a review's page
(stages, panel, IMRs, recommendations), the forms to record them, and the recommendations export.

Who sees what is partnerships.permissions' rule: coordinators and admins every review, a review's panel
members that review; for anybody else a review answers 404, as if it did not exist."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerships.periods import year_label, year_of
from partnerships.permissions import (
    PartnershipRequest,
    Perm,
    partnership_view,
    readable_reviews,
    recommendation_for_user,
    review_for_user,
)
from reviews import services
from reviews.export import export_recommendations
from reviews.forms import (
    RECOMMENDATION_FIELDS,
    REVIEW_FIELDS,
    ManagementReviewForm,
    PanelMeetingForm,
    PanelMemberForm,
    RecommendationForm,
    RecommendationStatusForm,
    ReviewForm,
)
from reviews.models import OPEN_STATUSES, Recommendation, Review

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _review_url(review: Review, anchor: str = "") -> str:
    url = reverse("reviews:review", kwargs={"partnership": review.partnership.slug, "pk": review.pk})
    return f"{url}#{anchor}" if anchor else url


def theme_counts(reviews: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Recommendations per theme per year (April-March, by the year the review was notified), over the
    given reviews: (year labels, one row per theme with its counts per year and in all)."""
    pairs = Recommendation.themes.through.objects.filter(recommendation__review__in=reviews).values_list(
        "theme__name", "recommendation__review__notified_on", "recommendation__review_id")
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    review_ids: dict[str, set[int]] = defaultdict(set)
    for name, notified_on, review_id in pairs:
        counts[name][year_of(notified_on)] += 1
        review_ids[name].add(review_id)
    years = sorted({year for c in counts.values() for year in c})
    rows = [{"theme": name, "counts": [counts[name][y] for y in years], "total": sum(counts[name].values()),
             "reviews": len(review_ids[name])}
            for name in sorted(counts, key=lambda n: (-sum(counts[n].values()), n.lower()))]
    return [year_label(y) for y in years], rows


@require_GET
@partnership_view()
def review_list(request: PartnershipRequest) -> HttpResponse:
    today = timezone.localdate()
    reviews = readable_reviews(request.user, request.partnership)
    open_q = Q(recommendations__status__in=OPEN_STATUSES)
    rows = list(reviews.annotate(
        recommendation_count=Count("recommendations", distinct=True),
        open_count=Count("recommendations", filter=open_q, distinct=True),
        overdue_count=Count("recommendations", filter=open_q & Q(recommendations__target_date__lt=today),
                            distinct=True),
    ).order_by("-notified_on", "reference"))
    years, themes = theme_counts(reviews)
    return render(request, "reviews/list.html", {
        "reviews": rows, "today": today, "theme_years": years, "themes": themes,
        "can_edit": Perm.EDIT_REVIEWS in request.perms, "can_export": Perm.VIEW_REVIEWS in request.perms,
    })


def _review_page(request: PartnershipRequest, review: Review, may: frozenset[Perm], status_for: int | None = None,
                 **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    panel = list(review.panel.select_related("person__agency", "agency"))
    meetings = list(review.meetings.all())
    imrs = list(review.imrs.select_related("agency"))
    recommendations = list(review.recommendations.select_related("agency", "accepted_by", "status_changed_by")
                           .prefetch_related("themes"))
    first_imr = min((i.requested_on for i in imrs), default=None)
    can_edit = Perm.EDIT_REVIEWS in may
    if can_edit:
        forms.setdefault("panel_form", PanelMemberForm(review=review))
        forms.setdefault("meeting_form", PanelMeetingForm(review=review))
        forms.setdefault("imr_form", ManagementReviewForm(review=review))
    status_code = 400 if any(f.is_bound for f in forms.values()) else 200
    return render(request, "reviews/review.html", {
        "review": review, "stages": review.stages(meetings[0].date if meetings else None, first_imr),
        "panel": panel, "meetings": meetings, "imrs": imrs, "recommendations": recommendations,
        "overdue": sum(1 for r in recommendations if r.is_overdue(today)), "today": today,
        "decision_overdue": review.decision_overdue(today), "can_edit": can_edit,
        "status_choices": Recommendation.Status.choices, "status_for": status_for, **forms,
    }, status=status_code)


@require_GET
@partnership_view()
def review_detail(request: PartnershipRequest, pk: int) -> HttpResponse:
    review, may = review_for_user(request, pk)
    return _review_page(request, review, may)


@require_http_methods(["GET", "POST"])
@partnership_view(Perm.EDIT_REVIEWS)
def review_add(request: PartnershipRequest) -> HttpResponse:
    form = ReviewForm(request.POST or None, partnership=request.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(partnership=request.partnership, user=request.user,
                                            data={n: form.cleaned_data[n] for n in REVIEW_FIELDS})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Review {review.reference} recorded.")
            return HttpResponseRedirect(_review_url(review))
    return render(request, "reviews/review_form.html", {"form": form, "review": None},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@partnership_view()
def review_edit(request: PartnershipRequest, pk: int) -> HttpResponse:
    review, _ = review_for_user(request, pk, Perm.EDIT_REVIEWS)
    # The form works on a fresh copy, so a page shown with errors keeps the review as recorded.
    form = ReviewForm(request.POST or None, partnership=request.partnership,
                      instance=Review.objects.get(pk=review.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_change(review=review, user=request.user,
                                   data={n: form.cleaned_data[n] for n in REVIEW_FIELDS})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Review {review.reference} saved.")
            return HttpResponseRedirect(_review_url(review))
    return render(request, "reviews/review_form.html", {"form": form, "review": review},
                  status=400 if form.is_bound else 200)


@require_POST
@partnership_view()
def panel_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    review, may = review_for_user(request, pk, Perm.EDIT_REVIEWS)
    form = PanelMemberForm(request.POST, review=review)
    if form.is_valid():
        try:
            member = services.panel_member_add(review=review, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{member.person} added to the panel.")
            return HttpResponseRedirect(_review_url(review, "panel"))
    return _review_page(request, review, may, panel_form=form)


@require_POST
@partnership_view()
def panel_remove(request: PartnershipRequest, pk: int, member_pk: int) -> HttpResponse:
    review, _ = review_for_user(request, pk, Perm.EDIT_REVIEWS)
    member = get_object_or_404(review.panel.select_related("person"), pk=member_pk)
    member.review = review
    services.panel_member_remove(member=member, user=request.user)
    messages.success(request, f"{member.person} removed from the panel.")
    return HttpResponseRedirect(_review_url(review, "panel"))


@require_POST
@partnership_view()
def meeting_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    review, may = review_for_user(request, pk, Perm.EDIT_REVIEWS)
    form = PanelMeetingForm(request.POST, review=review)
    if form.is_valid():
        try:
            meeting = services.panel_meeting_record(review=review, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Panel meeting of {meeting.date:%d/%m/%Y} recorded.")
            return HttpResponseRedirect(_review_url(review, "meetings"))
    return _review_page(request, review, may, meeting_form=form)


@require_POST
@partnership_view()
def imr_record(request: PartnershipRequest, pk: int) -> HttpResponse:
    review, may = review_for_user(request, pk, Perm.EDIT_REVIEWS)
    form = ManagementReviewForm(request.POST, review=review)
    if form.is_valid():
        try:
            imr = services.imr_record(review=review, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"IMR from {imr.agency} recorded.")
            return HttpResponseRedirect(_review_url(review, "imrs"))
    return _review_page(request, review, may, imr_form=form)


def _recommendation_form_page(request: PartnershipRequest, review: Review, form: RecommendationForm,
                              recommendation: Recommendation | None) -> HttpResponse:
    return render(request, "reviews/recommendation_form.html",
                  {"form": form, "review": review, "recommendation": recommendation},
                  status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@partnership_view()
def recommendation_add(request: PartnershipRequest, pk: int) -> HttpResponse:
    review, _ = review_for_user(request, pk, Perm.EDIT_REVIEWS)
    form = RecommendationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(
                review=review, user=request.user, new_themes=form.cleaned_data["new_themes"],
                data={n: form.cleaned_data[n] for n in RECOMMENDATION_FIELDS})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Recommendation {recommendation.ref} recorded.")
            return HttpResponseRedirect(_review_url(review, "recommendations"))
    return _recommendation_form_page(request, review, form, None)


@require_http_methods(["GET", "POST"])
@partnership_view()
def recommendation_edit(request: PartnershipRequest, pk: int, rec_pk: int) -> HttpResponse:
    recommendation, _ = recommendation_for_user(request, pk, rec_pk, Perm.EDIT_REVIEWS)
    review = recommendation.review
    form = RecommendationForm(request.POST or None, review=review,
                              instance=Recommendation.objects.get(pk=recommendation.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_change(
                recommendation=recommendation, user=request.user, new_themes=form.cleaned_data["new_themes"],
                data={n: form.cleaned_data[n] for n in RECOMMENDATION_FIELDS})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Recommendation {recommendation.ref} saved.")
            return HttpResponseRedirect(_review_url(review, "recommendations"))
    return _recommendation_form_page(request, review, form, recommendation)


@require_POST
@partnership_view()
def recommendation_status(request: PartnershipRequest, pk: int, rec_pk: int) -> HttpResponse:
    recommendation, may = recommendation_for_user(request, pk, rec_pk, Perm.EDIT_REVIEWS)
    form = RecommendationStatusForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_set_status(recommendation=recommendation, user=request.user,
                                               **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Recommendation {recommendation.ref}: "
                                      f"{recommendation.get_status_display().lower()}.")
            return HttpResponseRedirect(_review_url(recommendation.review, f"recommendation-{recommendation.pk}"))
    return _review_page(request, recommendation.review, may, status_form=form, status_for=recommendation.pk)


@require_GET
@partnership_view(Perm.VIEW_REVIEWS)
def recommendations_export(request: PartnershipRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404("Export as .xlsx or .csv")
    today = timezone.localdate()
    recommendations = Recommendation.objects.in_partnership(request.partnership)
    response = HttpResponse(export_recommendations(recommendations, fmt, today),  # type: ignore[arg-type]
                            content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{request.partnership.slug}-review-recommendations-{today:%Y-%m-%d}.{fmt}"')
    return response


