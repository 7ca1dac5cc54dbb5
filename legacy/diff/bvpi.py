"""The BVPI 225 part of a preview: the area's assessment of the year, its answers and their
monitoring entries."""

from __future__ import annotations

import datetime as dt

from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225MonitoringEntry, Bvpi225Question
from legacy.diff.preview import Preview, compare
from legacy.parsed import Parsed, Problem
from partnerships.models import Area


def diff_bvpi(preview: Preview, parsed: Parsed) -> None:
    areas = list(Area.objects.filter(partnership=preview.partnership))
    if len(areas) != 1:
        preview.problems.append(Problem(None, "", f"a BVPI 225 sheet is for one area; this partnership has "
                                                  f"{len(areas)} areas: import it into a partnership with one area, "
                                                  "or use the admin"))
        return
    preview.area = area = areas[0]
    questions = {q.number: q for q in Bvpi225Question.objects.all()}
    assessment = Bvpi225Assessment.objects.filter(area=area, year_start=preview.year_start).first()
    preview.rows.append(compare("assessment", f"{area} {preview.year_start}", 0, assessment,
                                {"purpose": parsed.bvpi_purpose}))
    answers: dict[int, Bvpi225Answer] = {}
    entries: dict[tuple[int, dt.date], Bvpi225MonitoringEntry] = {}
    if assessment:
        answers = {a.question.number: a for a in
                   Bvpi225Answer.objects.filter(assessment=assessment).select_related("question")}
        entries = {(e.answer.question.number, e.date): e for e in Bvpi225MonitoringEntry.objects.filter(
            answer__assessment=assessment).select_related("answer__question")}
    for a in parsed.answers:
        if a.question not in questions:
            preview.problems.append(Problem(a.row, "Description", f"question {a.question} is not loaded in the portal "
                                                                  "(load the BVPI 225 questions first)"))
            continue
        values = {"notes": a.notes, "milestones": a.milestones, "responsible_manager": a.responsible_manager,
                  "progress": a.progress, "year_end_answer": a.answer, "backed_up_by": a.backed_up_by,
                  "signed_off_by": a.signed_off_by}
        preview.rows.append(compare("answer", f"Q{a.question}", a.row, answers.get(a.question), values))
        for m in a.monitoring:
            entry = {"label": m.label, "text": m.text, "date": m.date}
            existing = entries.get((a.question, m.date))
            preview.rows.append(compare("monitoring", f"Q{a.question} {m.label}", a.row, existing, entry,
                                        parent_key=f"Q{a.question}"))
