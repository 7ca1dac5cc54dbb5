"""Which actions a group's return covers.

The rule, in order:
1. A return with no group (the command without --group, the whole-partnership choice on the page)
   covers the whole plan.
2. A group's own actions are those whose responsibility groups include the group or a group
   accountable to it (accountable_to, followed down any number of levels).
3. The return covers the whole plan when the group oversees the plan: its own actions are more than
   half of the plan's, or the plan names no responsible group at all (so no group's share can be
   told). Otherwise it covers the group's own actions, with the whole plan's figures as an overview.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from actions.models import Action
from partnerships.models import Group, Partnership
from reports.return_data import plural


@dataclass
class Scope:
    whole_plan: bool
    group_ids: set[int]
    below: list[str]  # names of the groups accountable to the group, at any depth
    note: str

    def covers(self, action: Action) -> bool:
        return self.whole_plan or any(g.pk in self.group_ids for g in action.responsibility_groups.all())


def group_and_below(partnership: Partnership, group: Group) -> tuple[set[int], list[str]]:
    """The group and every group accountable to it, at any depth (one query)."""
    children: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, parent, name in Group.objects.in_partnership(partnership).values_list("pk", "accountable_to_id", "name"):
        if parent is not None:
            children[parent].append((pk, name))
    ids, names, todo = {group.pk}, [], [group.pk]
    while todo:
        for pk, name in children.get(todo.pop(), []):
            if pk not in ids:
                ids.add(pk)
                names.append(name)
                todo.append(pk)
    return ids, sorted(names)


def return_scope(partnership: Partnership, group: Group | None, actions: list[Action], label: str) -> Scope:
    """The scope of the return (rule in the module's docstring); `label` is what the plan calls an action."""
    total = len(actions)
    noun = label.lower() if total == 1 else plural(label.lower())
    if group is None:
        return Scope(True, set(), [], f"The whole plan: all {total} {noun}, for the whole partnership.")
    ids, below = group_and_below(partnership, group)
    named = [a for a in actions if a.responsibility_groups.all()]
    own = [a for a in named if any(g.pk in ids for g in a.responsibility_groups.all())]
    who = group.name + (f" or a group accountable to it ({', '.join(below)})" if below else "")
    if not named:
        return Scope(True, ids, below, f"The whole plan: all {total} {noun}. The plan names no responsible "
                                       "group for any of them, so this return covers them all.")
    if 2 * len(own) > total:
        return Scope(True, ids, below, f"The whole plan: all {total} {noun}. {who} is responsible for "
                                       f"{len(own)} of them, more than half, so its return covers the whole plan.")
    return Scope(False, ids, below, f"{len(own)} of the plan's {total} {noun}: those for which {who} is "
                                    "responsible. Section 1 also gives the whole plan's figures.")
