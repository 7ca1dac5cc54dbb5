"""Writes the BVPI 225 part of a preview: the area's assessment of the year, its answers and
their monitoring entries."""

from __future__ import annotations

from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225MonitoringEntry, Bvpi225Question
from legacy.apply.bulk import insert_with_history
from legacy.apply.rows import split_rows, update_changed
from legacy.diff import CHANGE, CREATE, Preview
from partnerships.permissions import User


def apply_bvpi(preview: Preview, user: User | None) -> None:
    rows = preview.rows
    head = next(r for r in rows if r.kind == "assessment")
    assert preview.area is not None, "diff_bvpi sets the area with the assessment row"
    if head.op == CREATE:
        assessment = Bvpi225Assessment.objects.create(partnership=preview.partnership, area=preview.area,
                                                      year_start=preview.year_start, **head.values)
    else:
        assessment = head.obj
        if head.op == CHANGE:
            assessment.purpose = head.values["purpose"]
            assessment.save(update_fields=["purpose"])
    questions = {f"Q{q.number}": q for q in Bvpi225Question.objects.all()}
    new_a, changed_a = split_rows(rows, "answer")
    insert_with_history([Bvpi225Answer(assessment=assessment, question=questions[r.key], **r.values) for r in new_a],
                        Bvpi225Answer, user=user)
    update_changed(Bvpi225Answer, changed_a, user)
    answers = {f"Q{a.question.number}": a
               for a in Bvpi225Answer.objects.filter(assessment=assessment).select_related("question")}
    new_m, changed_m = split_rows(rows, "monitoring")
    insert_with_history([Bvpi225MonitoringEntry(answer=answers[r.parent_key], **r.values) for r in new_m],
                        Bvpi225MonitoringEntry, user=user)
    update_changed(Bvpi225MonitoringEntry, changed_m, user)
