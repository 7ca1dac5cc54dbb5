import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partnerships.demo import SeedError, load_demo_data
from partnerships.models import Agency, Group, GroupMember, Membership, Partnership, Person, Role

# username, partnership slug, role, agency name, group slug the user sits on (with their person record)
DEMO_USERS = [
    ("demo-admin", "bedfordshire", Role.ADMIN, None, None),
    ("demo-coordinator", "bedfordshire", Role.COORDINATOR, None, None),
    ("demo-lead", "bedfordshire", Role.LEAD, "Bedfordshire Police", None),
    ("demo-member", "bedfordshire", Role.MEMBER, None, "sig"),
    ("demo-viewer", "bedfordshire", Role.VIEWER, None, None),
    ("demo-outsider", "luton", Role.COORDINATOR, None, None),
]


class Command(BaseCommand):
    help = (
        "Loads the five seed documents (fixtures/seed_*.yaml) as demo data and creates the demo users "
        "(demo-admin, demo-coordinator, demo-lead, demo-member, demo-viewer in bedfordshire; demo-outsider, "
        "a coordinator of luton). Safe to re-run: existing rows are left as they are, users are created only "
        "if absent, and a password is printed only when a user is created. For development and demos only."
    )

    def handle(self, *args, **options) -> None:
        try:
            stats = load_demo_data()
        except SeedError as exc:
            raise CommandError(f"demo data not loaded: {exc}") from exc
        if stats.total_written:
            summary = ", ".join(f"{n} {name}" for name, n in sorted(stats.created.items()))
            self.stdout.write(f"Demo data loaded: created {summary or 'nothing'}; changed {sum(stats.changed.values())} rows.")
        else:
            self.stdout.write("Demo data already loaded: nothing changed.")
        self.create_users()

    @transaction.atomic
    def create_users(self) -> None:
        User = get_user_model()
        for username, slug, role, agency_name, group_slug in DEMO_USERS:
            partnership = Partnership.objects.filter(slug=slug).first()
            if partnership is None:
                raise CommandError(f"partnership {slug!r} missing from the demo data")
            user = User.objects.filter(username=username).first()
            if user is not None:
                self.stdout.write(f"  {username:<18} already exists, left as it is")
                continue
            password = secrets.token_urlsafe(9)
            first, last = "Demo", username.removeprefix("demo-").capitalize()
            user = User.objects.create_user(username, email=f"{username}@example.org", password=password,
                                            first_name=first, last_name=last, is_staff=role == Role.ADMIN)
            agency = Agency.objects.get(partnership=partnership, name=agency_name) if agency_name else None
            person = None
            if group_slug:
                person, _ = Person.objects.get_or_create(
                    partnership=partnership, name=f"{first} {last}", defaults={"user": user, "agency": agency},
                )
                group = Group.objects.get(partnership=partnership, slug=group_slug)
                GroupMember.objects.get_or_create(group=group, person=person, role=GroupMember.Role.MEMBER)
            Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency, person=person)
            self.stdout.write(f"  {username:<18} password {password}   ({role.label}, {partnership.name})")
