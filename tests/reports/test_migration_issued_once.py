"""actions 0004 / reports 0002: a quarter locked twice at once keeps its earliest lock; each return
issued so far is linked to the lock it was issued under (two returns of one group under one lock:
the first keeps the link, both are kept), before the one-return-per-group-and-lock constraint."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("actions", "0003_one_update_per_quarter"), ("reports", "0001_initial")]
AFTER = [("actions", "0004_one_active_lock_per_quarter"), ("reports", "0002_issued_once_per_group_and_lock")]


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
def test_returns_are_linked_to_their_locks_and_duplicate_locks_closed():
    old = migrate(BEFORE)
    Partnership = old.get_model("partnerships", "Partnership")
    Group = old.get_model("partnerships", "Group")
    Strategy = old.get_model("actions", "Strategy")
    ActionPlan = old.get_model("actions", "ActionPlan")
    QuarterLock = old.get_model("actions", "QuarterLock")
    IssuedReturn = old.get_model("reports", "IssuedReturn")
    north = Partnership.objects.create(slug="north", name="North")
    sig = Group.objects.create(partnership=north, slug="sig", name="SIG")
    strategy = Strategy.objects.create(partnership=north, slug="s", title="S", period_start=dt.date(2009, 4, 1),
                                       period_end=dt.date(2012, 3, 31))
    plan = ActionPlan.objects.create(strategy=strategy, year_start=2009, title="Plan")
    at = dt.datetime(2009, 7, 10, 12, tzinfo=dt.UTC)

    def issue(minutes: int) -> Any:
        return IssuedReturn.objects.create(
            partnership=north, plan=plan, year_start=2009, quarter=1, group=sig, pdf=b"%PDF", sha256="0" * 64,
            size=4, filename="r.pdf", issued_at=at + dt.timedelta(minutes=minutes))

    # Q1 issued, reopened a day later, issued again; the second issue was clicked twice at once and
    # left two returns and two locks.
    first = issue(0)
    reopened = QuarterLock.objects.create(plan=plan, year_start=2009, quarter=1, locked_at=at + dt.timedelta(seconds=1),
                                          reopened_at=at + dt.timedelta(days=1), reopen_reason="Figures corrected")
    second, twin = issue(60 * 24 * 2), issue(60 * 24 * 2)
    lock = QuarterLock.objects.create(plan=plan, year_start=2009, quarter=1,
                                      locked_at=at + dt.timedelta(days=2, seconds=1))
    extra = QuarterLock.objects.create(plan=plan, year_start=2009, quarter=1,
                                       locked_at=at + dt.timedelta(days=2, seconds=2))

    new = migrate(AFTER)
    IssuedReturn = new.get_model("reports", "IssuedReturn")
    QuarterLock = new.get_model("actions", "QuarterLock")
    links = dict(IssuedReturn.objects.values_list("pk", "lock_id"))
    assert links == {first.pk: reopened.pk, second.pk: lock.pk, twin.pk: None}
    assert list(QuarterLock.objects.filter(reopened_at=None).values_list("pk", flat=True)) == [lock.pk]
    closed = QuarterLock.objects.get(pk=extra.pk)
    assert closed.reopened_at == closed.locked_at and "second lock" in closed.reopen_reason
