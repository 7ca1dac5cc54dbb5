from django.urls import path

from actions.views import action, dashboard, plan, rounds, strategy

app_name = "actions"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("plan/", plan.plan, name="plan"),
    path("plan/export.<str:fmt>", plan.plan_export, name="plan_export"),
    path("actions/<int:pk>/", action.action, name="action"),
    path("actions/<int:pk>/edit/", action.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", action.progress_add, name="progress_add"),
    path("actions/<int:pk>/progress/<int:update_pk>/delete/", action.progress_remove, name="progress_delete"),
    path("actions/<int:pk>/progress/<int:update_pk>/evidence/", action.evidence, name="evidence"),
    path("actions/<int:pk>/review/", action.review, name="review"),
    path("rounds/", rounds.rounds, name="rounds"),
    path("rounds/open/", rounds.round_start, name="round_open"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/remind/", rounds.round_reminder, name="round_remind"),
    path("rounds/<int:pk>/close/", rounds.round_finish, name="round_close"),
    path("strategies/<slug:strategy_slug>/", strategy.strategy, name="strategy"),
]

# Issue 11: the lead's one-page update of their outstanding actions.
from actions.views import bulk_update  # noqa: E402

urlpatterns += [
    path("my-updates/", bulk_update.bulk_update, name="bulk_update"),
]
