from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plan/", views.plan, name="plan"),
    path("plan/export.<str:fmt>", views.plan_export, name="plan_export"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("actions/<int:pk>/progress/<int:update_pk>/delete/", views.progress_remove, name="progress_delete"),
    path("actions/<int:pk>/progress/<int:update_pk>/evidence/", views.evidence, name="evidence"),
    path("actions/<int:pk>/review/", views.review, name="review"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/open/", views.round_start, name="round_open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/remind/", views.round_reminder, name="round_remind"),
    path("rounds/<int:pk>/close/", views.round_finish, name="round_close"),
    path("strategies/<slug:strategy_slug>/", views.strategy, name="strategy"),
]
