"""One progress update per action per quarter.

Before the constraint goes on, any action with several updates for one quarter keeps the latest
(by recorded_at, then id): it is the one the action's status and the quarterly return already show.
The older ones are removed, and each removal is written to the update's history (a "Deleted" record
naming the reason), so what they said can still be read on the action's history. The migration says
how many it removed; 0003 then adds the constraint (in its own transaction: PostgreSQL refuses an
ALTER TABLE behind pending deferred-constraint checks). Reversing keeps the removed updates removed."""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

REASON = "Duplicate for its quarter: the latest kept"


def keep_the_latest_of_each_quarter(apps, schema_editor):
    ProgressUpdate = apps.get_model("actions", "ProgressUpdate")
    HistoricalProgressUpdate = apps.get_model("actions", "HistoricalProgressUpdate")
    seen = set()
    removed = []
    updates = ProgressUpdate.objects.order_by("action_id", "year_start", "quarter", "-recorded_at", "-id")
    for update in updates.iterator(chunk_size=2000):
        key = (update.action_id, update.year_start, update.quarter)
        if key in seen:
            removed.append(update)
        seen.add(key)
    if not removed:
        return
    now = timezone.now()
    fields = ["id", "action_id", "year_start", "quarter", "status", "narrative", "barriers", "evidence",
              "evidence_file", "author_id", "author_name", "recorded_at"]
    HistoricalProgressUpdate.objects.bulk_create([
        HistoricalProgressUpdate(
            **{name: getattr(u, name) for name in fields},
            history_date=now, history_type="-", history_change_reason=REASON,
        )
        for u in removed
    ], batch_size=500)
    ids = [u.pk for u in removed]
    for start in range(0, len(ids), 500):
        ProgressUpdate.objects.filter(pk__in=ids[start:start + 500]).delete()
    print(f"\n  actions.0002: removed {len(removed)} duplicate progress update(s), keeping the latest of each "
          "action's quarter; each removal is in the update's history")


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_the_latest_of_each_quarter, migrations.RunPython.noop),
    ]
