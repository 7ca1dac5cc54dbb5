from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions.models import ActionPlan
from partnerships.models import Group, Partnership
from partnerships.periods import PeriodError, Quarter
from reports.gather import audience_groups
from reports.render import RenderError
from reports.services import return_build, return_filename


class Command(BaseCommand):
    help = (
        "Write the quarterly return PDF of a partnership, as a draft (nothing is stored or locked).\n"
        '  quarterly_return <partnership-slug> "<year> Q<n>" [--group <group-slug>] [-o FILE]\n'
        "The year is a financial year written 2009-10; Q1 is April to June. Without --group, the whole\n"
        "partnership's return (the whole plan); with --group, that group's (its own actions, or the whole\n"
        "plan for a group responsible for more than half of it). The file is -o FILE, or\n"
        "<partnership>-<quarter>-<group or 'partnership'>-return.pdf in the current directory or in -o DIR.\n"
        "The action plan is one line per action; --annex adds the plan in full (each action's text and\n"
        "latest update) as an annex at the end.\n"
        "  quarterly_return <partnership-slug> --list   prints the plan years, quarters and group slugs.\n"
        "Safe to re-run: it only writes files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("partnership", help="partnership slug, e.g. bedfordshire")
        parser.add_argument("quarter", nargs="?", help='quarter, e.g. "2009-10 Q3"')
        parser.add_argument("--group", help="group slug (see --list); default: the whole partnership")
        parser.add_argument("-o", "--output", help="output file (with --group) or directory")
        parser.add_argument("--annex", action="store_true",
                            help="add the action plan in full as an annex (default: one line per action)")
        parser.add_argument("--list", action="store_true", help="list the plan years, quarters and groups")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No partnership with the slug '{options['partnership']}' (known: {known}).")
        plans = list(ActionPlan.objects.in_partnership(partnership).select_related("strategy__partnership")
                     .order_by("year_start", "strategy__title"))
        if options["list"]:
            self._list(partnership, plans)
            return
        quarter = self._quarter(options["quarter"])
        plan = self._plan(partnership, plans, quarter)
        group = self._group(partnership, options["group"])
        output = Path(options["output"]) if options["output"] else None
        if output and not output.is_dir():
            target = output
        else:
            target = (output or Path(".")) / return_filename(plan=plan, quarter=quarter, group=group)
        try:
            # user=None: whoever runs manage.py may read every group's return.
            built = return_build(plan=plan, quarter=quarter, group=group, user=None, annex=options["annex"])
        except RenderError as exc:
            raise CommandError(f"{group.slug if group else partnership.slug}: {exc}") from exc
        target.write_bytes(built.pdf)
        audience = group.name if group else f"the whole of {partnership.name}"
        self.stdout.write(f"{target}: {quarter.label} return for {audience}, {built.rendered.pages} pages, "
                          f"{len(built.pdf):,} bytes")

    def _quarter(self, text: str | None) -> Quarter:
        if not text:
            raise CommandError('Give the quarter, e.g. "2009-10 Q3", or --list to see what can be produced.')
        try:
            return Quarter.parse(text)
        except PeriodError as exc:
            raise CommandError(f"Quarter '{text}': {exc}") from exc

    def _plan(self, partnership: Partnership, plans: list[ActionPlan], quarter: Quarter) -> ActionPlan:
        matching = [p for p in plans if p.year_start == quarter.year_start]
        if not matching:
            years = ", ".join(p.year_label for p in plans) or "none"
            raise CommandError(f"{partnership.slug} has no action plan for {quarter.label} (plan years: {years}).")
        if len(matching) > 1:
            self.stderr.write(f"Several plans cover {quarter.label}; using '{matching[0].title}'.")
        return matching[0]

    def _group(self, partnership: Partnership, slug: str | None) -> Group | None:
        """The named group, or None (the whole partnership) without --group."""
        if not slug:
            return None
        group = Group.objects.in_partnership(partnership).select_related("area").filter(slug=slug).first()
        if group is None:
            slugs = ", ".join(Group.objects.in_partnership(partnership).values_list("slug", flat=True)) or "none"
            raise CommandError(f"No group '{slug}' in {partnership.slug} (groups: {slugs}).")
        return group

    def _list(self, partnership: Partnership, plans: list[ActionPlan]) -> None:
        self.stdout.write(f"{partnership.name} ({partnership.slug})")
        self.stdout.write("Plans and quarters:")
        if not plans:
            self.stdout.write("  (no action plan)")
        for plan in plans:
            quarters = ", ".join(f'"{q.label}"' for q in plan.quarters())
            self.stdout.write(f"  {plan.year_label} {plan.title}: {quarters}")
        audience = {g.pk for g in audience_groups(partnership)}
        self.stdout.write("Groups (--group; without it, the whole partnership):")
        for group in Group.objects.in_partnership(partnership).select_related("area").order_by("slug"):
            scope = group.area.name if group.area_id else "all areas"
            note = "" if group.pk in audience else ", no members"
            self.stdout.write(f"  {group.slug}: {group.name} ({scope}{note})")
