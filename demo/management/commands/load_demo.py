from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.loader import SeedError, demo_users_create, load_demo_data


class Command(BaseCommand):
    help = (
        "Loads the five seed documents (fixtures/seed_*.yaml) as demo data and creates the demo users "
        "(demo-admin, demo-coordinator, demo-lead, demo-member, demo-viewer in bedfordshire; demo-outsider, "
        "a coordinator of luton). Safe to re-run: existing rows are left as they are, users are created only "
        "if absent, and a password is printed only when a user is created. For development and demos only."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            stats = load_demo_data()
        except SeedError as exc:
            raise CommandError(f"demo data not loaded: {exc}") from exc
        if stats.total_written:
            summary = ", ".join(f"{n} {name}" for name, n in sorted(stats.created.items()))
            self.stdout.write(
                f"Demo data loaded: created {summary or 'nothing'}; changed {sum(stats.changed.values())} rows."
            )
        else:
            self.stdout.write("Demo data already loaded: nothing changed.")
        try:
            lines = demo_users_create()
        except SeedError as exc:
            raise CommandError(str(exc)) from exc
        for line in lines:
            self.stdout.write(line)
