"""Section 4 of a return: each area's BVPI 225 assessment, answer by answer."""

from __future__ import annotations

from collections import defaultdict

from indicators.models import Bvpi225Answer, Bvpi225Assessment, Bvpi225Question, bvpi_score
from partnerships.models import Area
from reports.return_data import BvpiAnswerLine, BvpiArea

ANSWER_TEXT = {True: "Yes", False: "No", None: "Not answered"}


def bvpi_areas(*, areas: list[Area], year_start: int) -> list[BvpiArea]:
    """Three queries: questions, assessments, answers. Each area shows the plan year's assessment,
    or else its latest earlier one (labelled with its year)."""
    if not areas:
        return []
    questions = list(Bvpi225Question.objects.all())
    latest: dict[int, Bvpi225Assessment] = {}
    assessments = Bvpi225Assessment.objects.filter(area__in=areas, year_start__lte=year_start)
    for assessment in assessments.order_by("area_id", "-year_start"):
        latest.setdefault(assessment.area_id, assessment)
    if not latest:
        return []
    answers_of: dict[int, dict[int, Bvpi225Answer]] = defaultdict(dict)
    for answer in Bvpi225Answer.objects.filter(assessment__in=list(latest.values())):
        answers_of[answer.assessment_id][answer.question_id] = answer
    return [
        _bvpi_area(area, latest[area.pk], questions, answers_of[latest[area.pk].pk], year_start)
        for area in areas if area.pk in latest
    ]


def _bvpi_area(area: Area, assessment: Bvpi225Assessment, questions: list[Bvpi225Question],
               answers: dict[int, Bvpi225Answer], year_start: int) -> BvpiArea:
    yes, answered = assessment.tally(list(answers.values()))
    return BvpiArea(
        area=area.name, year=assessment.year_label, is_plan_year=assessment.year_start == year_start,
        yes=yes, answered=answered, score=bvpi_score(yes),
        lines=[_answer_line(question, answers.get(question.pk)) for question in questions],
    )


def _answer_line(question: Bvpi225Question, answer: Bvpi225Answer | None) -> BvpiAnswerLine:
    if answer is None:
        return BvpiAnswerLine(number=question.number, question=question.text, answer=ANSWER_TEXT[None],
                              progress="", evidence="", signed_off="")
    signed_off = ""
    if answer.signed_off_by or answer.signed_off_on:
        on = f" {answer.signed_off_on:%d/%m/%Y}" if answer.signed_off_on else ""
        signed_off = (answer.signed_off_by + on).strip()
    return BvpiAnswerLine(
        number=question.number, question=question.text, answer=ANSWER_TEXT[answer.year_end_answer],
        progress=answer.get_progress_display() if answer.progress else "",
        evidence=answer.backed_up_by, signed_off=signed_off,
    )
