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

# Issue 11: the lead's one-page update of their outstanding actions; the plan edited in the portal.
from actions.views import bulk_update, plan_edit  # noqa: E402

urlpatterns += [
    path("my-updates/", bulk_update.bulk_update, name="bulk_update"),
    path("plan/new/", plan_edit.plan_new, name="plan_new"),
    path("plan/actions/new/", plan_edit.action_new, name="action_new"),
    path("plan/objectives/new/", plan_edit.objective_new, name="objective_new"),
    path("actions/<int:pk>/move/", plan_edit.action_move_view, name="action_move"),
    path("actions/<int:pk>/remove/", plan_edit.action_remove_view, name="action_remove"),
]

# Issue 10: an action's milestones (actions/views/action.py).
urlpatterns += [
    path("actions/<int:pk>/milestones/", action.milestone_new, name="milestone_add"),
    path("actions/<int:pk>/milestones/<int:milestone_pk>/", action.milestone_change, name="milestone_edit"),
    path("actions/<int:pk>/milestones/<int:milestone_pk>/done/", action.milestone_done, name="milestone_done"),
    path("actions/<int:pk>/milestones/<int:milestone_pk>/delete/", action.milestone_delete, name="milestone_delete"),
]

# Update rounds: inviting leads, sending failed e-mails again, confirming a close (issue 11).
urlpatterns += [
    path("rounds/<int:pk>/invite/", rounds.round_invite, name="round_invite"),
    path("rounds/<int:pk>/send-again/", rounds.round_send_again, name="round_send_again"),
    path("rounds/<int:pk>/close/confirm/", rounds.round_close_confirm, name="round_close_confirm"),
]
