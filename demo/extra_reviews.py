"""Demonstration data: a published domestic homicide review's recommendations, tracked in the portal the
way a partnership tracks its own (the seeds predate the reviews' recommendation trackers).

Source: North Northamptonshire Community Safety Partnership, "Recommendations from DHR 005",
https://www.northnorthants.gov.uk/community-safety/domestic-abuse/recommendations-dhr-005 - the overview
report's two recommendations (one to the Department of Health on ambulance dispatch codes, one to all
agencies on professional curiosity in safeguarding training) and a selection of the individual
management reviews' recommendations (East Midlands Ambulance Service, Northamptonshire Police). The
person who died is "A", as the published report calls her; nothing else about her or her family is held.

It is loaded into the Bedfordshire demo partnership so the demo users can see a review at work; its
reference says whose review it is. The recommendations are paraphrased from the published page; the
review's dates, the action agreed, leads, target dates and statuses are illustrative, not North
Northamptonshire's own. Everything is labelled demonstration data.
"""

from __future__ import annotations

import datetime as dt

from demo.loader import LoadStats, set_m2m, upsert
from partnerships.models import Partnership
from reviews.models import Recommendation, Review, Theme

SOURCE = "https://www.northnorthants.gov.uk/community-safety/domestic-abuse/recommendations-dhr-005"
REFERENCE = "DEMO N Northants DHR 005"

# ref, scope, addressed to, recommendation (paraphrased), action agreed, target date, status, themes
RECOMMENDATIONS = [
    ("1", Recommendation.Scope.NATIONAL, "Department of Health",
     "Review the national ambulance response to dispatch codes, looking at trigger words that would escalate "
     "a call so that it gets a quicker response.",
     "CSP chair to write to the Department of Health with the review's findings.",
     dt.date(2019, 3, 31), Recommendation.Status.IN_PROGRESS, ["Emergency response"]),
    ("2", Recommendation.Scope.LOCAL, "All partner agencies of the CSP",
     "Every agency to assure the CSP that professional curiosity is part of its safeguarding training for "
     "staff.",
     "Each agency to send the CSP its training outline; the CSP to report the replies to its board.",
     dt.date(2019, 9, 30), Recommendation.Status.OPEN, ["Professional curiosity", "Training"]),
    ("IMR-EMAS-1", Recommendation.Scope.REGIONAL, "East Midlands Ambulance Service",
     "All staff to complete the safeguarding and domestic abuse eLearning and its assessment, with a training "
     "needs analysis drawn from it and from this review's learning.",
     "Ambulance service safeguarding team to report completion rates to the CSP.",
     dt.date(2019, 3, 31), Recommendation.Status.IN_PROGRESS, ["Training"]),
    ("IMR-POL-1", Recommendation.Scope.LOCAL, "Northamptonshire Police",
     "Review and update the force's domestic abuse procedures regularly so they stay fit for purpose.",
     "", dt.date(2019, 6, 30), Recommendation.Status.OPEN, ["Policies and procedures"]),
    ("IMR-POL-2", Recommendation.Scope.LOCAL, "Northamptonshire Police",
     "Remind officers of the importance of completing a DASH risk assessment even when the victim does not "
     "cooperate.",
     "", dt.date(2019, 6, 30), Recommendation.Status.OPEN, ["Risk assessment"]),
]


def load(stats: LoadStats) -> None:
    partnership = Partnership.objects.filter(slug="bedfordshire").first()
    if partnership is None:  # the seed was not loaded (a partial load): nothing to add to
        return
    review = upsert(stats, Review, {"partnership": partnership, "reference": REFERENCE}, {
        "pseudonym": "A", "kind": Review.Kind.DHR,
        "notified_on": dt.date(2016, 9, 1), "decision": Review.Decision.HOLD, "decision_on": dt.date(2016, 9, 20),
        "decision_reason": ("Demonstration data: North Northamptonshire CSP's DHR 005, whose recommendations are "
                            f"published at {SOURCE}. The dates here are illustrative."),
        "home_office_notified_on": dt.date(2016, 9, 22),
        "overview_completed_on": dt.date(2017, 10, 2),
        "qa_submitted_on": dt.date(2017, 11, 1), "qa_approved_on": dt.date(2018, 3, 1),
        "published_on": dt.date(2018, 4, 3), "publication_url": SOURCE,
    })
    for ref, scope, addressed_to, text, action, target, status, themes in RECOMMENDATIONS:
        recommendation = upsert(stats, Recommendation, {"review": review, "ref": ref}, {
            "scope": scope, "addressed_to": addressed_to, "text": text, "action_agreed": action,
            "target_date": target, "status": status, "milestones": "Demonstration data",
        })
        set_m2m(stats, recommendation, "themes",
                [upsert(stats, Theme, {"partnership": partnership, "name": name}, {}) for name in themes])
