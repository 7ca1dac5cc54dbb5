"""actions 0002/0003: duplicates of an action's quarter are reduced to the latest before the
one-update-per-quarter constraint goes on, and each removal is kept in the update's history."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actions", "0001_initial")]
AFTER = [("actions", "0003_one_update_per_quarter")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def latest_schema_after():
    """Every migration applied again afterwards: the tests after this one need the whole schema."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_duplicates_keep_the_latest_and_the_removed_stay_in_the_history(capsys):
    old = migrate(BEFORE)
    Partnership = old.get_model("partnerships", "Partnership")
    Strategy = old.get_model("actions", "Strategy")
    ActionPlan = old.get_model("actions", "ActionPlan")
    Objective = old.get_model("actions", "Objective")
    Action = old.get_model("actions", "Action")
    ProgressUpdate = old.get_model("actions", "ProgressUpdate")
    north = Partnership.objects.create(slug="north", name="North")
    strategy = Strategy.objects.create(partnership=north, slug="s", title="S", period_start=dt.date(2009, 4, 1),
                                       period_end=dt.date(2012, 3, 31))
    plan = ActionPlan.objects.create(strategy=strategy, year_start=2009, title="Plan")
    objective = Objective.objects.create(plan=plan, ref="1", title="Objective")
    action = Action.objects.create(plan=plan, objective=objective, ref="1.1", description="An action")
    at = dt.datetime(2009, 6, 1, 12, tzinfo=dt.UTC)
    older = ProgressUpdate.objects.create(action=action, year_start=2009, quarter=1, status="at_risk",
                                          narrative="First word", recorded_at=at)
    latest = ProgressUpdate.objects.create(action=action, year_start=2009, quarter=1, status="on_track",
                                           narrative="Second word", recorded_at=at + dt.timedelta(days=3))
    other_quarter = ProgressUpdate.objects.create(action=action, year_start=2009, quarter=2, status="on_track",
                                                  narrative="Q2", recorded_at=at)

    new = migrate(AFTER)
    ProgressUpdate = new.get_model("actions", "ProgressUpdate")
    assert set(ProgressUpdate.objects.values_list("pk", flat=True)) == {latest.pk, other_quarter.pk}
    removed = new.get_model("actions", "HistoricalProgressUpdate").objects.get(id=older.pk)
    assert (removed.history_type, removed.narrative) == ("-", "First word")
    assert removed.history_change_reason == "Duplicate for its quarter: the latest kept"
    assert "removed 1 duplicate progress update(s)" in capsys.readouterr().out
