from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import OperationalError, transaction
from django.http import Http404

from actions.models import STATUS_LABELS
from legacy import readers
from legacy.apply import ImportRefused, lock_partnership
from legacy.diff.plan import CREATE_AGENCY
from legacy.layouts.mapped import parse_mapping, parse_status_map
from legacy.readers import ReadError
from legacy.services import legacy_import, legacy_preview
from partnerships.models import Agency, Partnership
from partnerships.periods import PeriodError, parse_year


class Command(BaseCommand):
    help = (
        "Import a legacy spreadsheet (.xlsx, .xls, .docx, .csv, .tsv) into a partnership's plan for a year. "
        "Prints what would be created, changed or left unchanged; with problems, prints each one (row, column, "
        "reason), writes nothing and exits non-zero. The import is all or nothing and safe to re-run; two "
        "imports into one partnership at once are written one after the other, the second previewed afresh. "
        "With --user the import is done as that user, who must be an admin of the partnership, and recorded "
        "as theirs; without it, as the operator at the command line (recorded as by no one)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="partnership slug")
        parser.add_argument("--year", required=True, help="plan year, e.g. 2009-10")
        parser.add_argument("--layout", default=None, help="layout name (detected from the headers when left out)")
        parser.add_argument("--map", default="", help='column mapping: "action=Action,lead=Lead agency,..."')
        parser.add_argument("--status-map", default="",
                            help='status value map: "G=on_track,Blue=completed,Parked=none" (status words of the '
                                 "file to the portal's statuses; remembered for the partnership's next imports)")
        parser.add_argument("--lead-map", default="",
                            help='lead parts matching no agency: "Education=create,Plod=North Police,LSCB=text" '
                                 "(create an agency of that name, one of the partnership's agencies by name or "
                                 "short name, or keep it as text)")
        parser.add_argument("--user", default=None,
                            help="username to import as (an admin of the partnership); default: no one")
        parser.add_argument("--dry-run", action="store_true", help="show the preview and write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"no partnership '{options['partnership']}'")
        user = _user(options["user"])
        try:
            year = parse_year(options["year"])
            mapping = parse_mapping(options["map"])
            status_map = parse_status_map(options["status_map"])
            lead_map = _lead_map(options["lead_map"], partnership)
            data = path.read_bytes()
            read = readers.read(data)  # once, outside any transaction: reading takes up to its time budget
            preview = legacy_preview(user=user, data=data, filename=path.name, partnership=partnership,
                                     year_start=year, layout=options["layout"], mapping=mapping, read=read,
                                     status_map=status_map, lead_map=lead_map)
        except (ReadError, PeriodError) as exc:
            raise CommandError(f"{path.name}: {exc}") from exc
        except (Http404, PermissionDenied) as exc:
            raise CommandError(f"{options['user']} may not import into {partnership.slug}: "
                               "only the partnership's admins import") from exc
        self.stdout.write(preview.summary())
        for warning in preview.warnings:
            self.stdout.write(f"  warning: {warning}")
        for word in preview.status_words.values():
            becomes = STATUS_LABELS.get(word.status or "", "no status (kept in the comments)")
            why = "value map" if word.chosen else ("read" if word.understood else "not understood: --status-map")
            self.stdout.write(f"  status: '{word.text}' -> {becomes} ({word.count} cell(s), {why})")
        for part, found in preview.lead_parts.items():
            chosen = lead_map.get(part)
            answer = "kept as text" if chosen is None or chosen == "" else (
                "agency created" if chosen == CREATE_AGENCY else "matched as chosen")
            near = ", ".join(a.name for a in found.candidates) or "none"
            self.stdout.write(f"  lead: '{found.text}' ({found.rows} row(s)): {answer}; closest: {near}")
        for header in preview.unmapped:
            self.stdout.write(f"  not imported: {header}")
        if preview.problems:
            for problem in preview.problems:
                self.stderr.write(f"  problem: {problem}")
            raise CommandError(f"{len(preview.problems)} problem(s): nothing was imported")
        if options["dry_run"]:
            self.stdout.write("dry run: nothing written")
            return
        try:
            # The partnership's lock first: a second import at the same time waits for this one and
            # then previews what it wrote (nothing doubled, nothing refused).
            with transaction.atomic():
                lock_partnership(partnership)
                _, record = legacy_import(user=user, data=data, filename=path.name, partnership=partnership,
                                          year_start=year, layout=preview.layout, mapping=mapping, read=read,
                                          status_map=status_map, lead_map=lead_map)
        except (ReadError, ImportRefused) as exc:
            raise CommandError(str(exc)) from exc
        except OperationalError as exc:  # SQLite: another writer held the database past the busy timeout
            raise CommandError(f"the database is busy ({exc}); nothing was imported: run it again") from exc
        self.stdout.write(self.style.SUCCESS(
            f"imported: {record.created} created, {record.changed} changed, {record.unchanged} unchanged "
            f"(sha256 {record.sha256[:12]})"
        ))


def _lead_map(text: str, partnership: Partnership) -> dict[str, str]:
    """'Education=create,Plod=North Police,LSCB=text' -> lead part -> agency id, "create" or ""."""
    agencies = {n.lower(): a for a in Agency.objects.in_partnership(partnership) for n in (a.name, a.short_name) if n}
    lead_map = {}
    for item in filter(None, (p.strip() for p in (text or "").split(","))):
        if "=" not in item:
            raise ReadError(f"'{item}' is not part=agency")
        part, answer = (x.strip() for x in item.rsplit("=", 1))
        if answer.lower() == CREATE_AGENCY:
            lead_map[part.lower()] = CREATE_AGENCY
        elif answer.lower() in {"text", "keep", ""}:
            lead_map[part.lower()] = ""
        elif answer.lower() in agencies:
            lead_map[part.lower()] = str(agencies[answer.lower()].pk)
        else:
            raise ReadError(f"'{answer}' is not an agency of {partnership.slug}: name one, or write create or text")
    return lead_map


def _user(username: str | None) -> AbstractBaseUser | None:
    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user '{username}'")
    return user
