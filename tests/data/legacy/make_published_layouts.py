"""Writes three layouts modelled on plans English partnerships have published (found with a web
search; the rows are made up, the shapes are theirs). tests/legacy/test_published_layouts.py
imports each with no --map. Run from the repository:
.venv/bin/python tests/data/legacy/make_published_layouts.py

- published_force_da_action_plan.xlsx: a police force's domestic abuse, stalking and harassment
  action plan (after Cambridgeshire Constabulary's "Strategic Crime Priority - Domestic Abuse,
  Stalking & Harassment 2020-2021"): a title row naming the years, a colour key row, objectives
  with several activities each, RAG cells that are only coloured (or hold an "x"), target dates as
  Excel month cells and as text.
- published_dhr_action_plan.csv: the Home Office's domestic homicide review action plan template
  (Recommendation / Scope of recommendation / Action to take / Lead Agency / Key milestones
  achieved in enacting recommendation / Target Date / Date of Completion and Outcome), as a
  community safety partnership fills it in.
- published_dasv_strategy_plan.csv: a council's domestic abuse and sexual violence strategy action
  plan (after Torbay's 2018-2022 strategy: Theme / What we will do / Who / When / How we will
  measure success), with strategy years, seasons, whole years and relative timescales.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill

HERE = Path(__file__).resolve().parent
FILLS = {"blue": "FF00B0F0", "green": "FF00B050", "amber": "FFFFC000", "red": "FFFF0000", "purple": "FF7030A0"}


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", fgColor=FILLS[colour])


def force_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "DASH action plan"
    ws.append(["Strategic Crime Priority – Domestic Abuse, Stalking & Harassment 2024-2025"])
    ws.append(["Key:", "Completed", "On track", "At risk", "Off track"])
    for column, colour in zip("BCDE", ["blue", "green", "amber", "red"], strict=True):
        ws[f"{column}2"].fill = _fill(colour)
    ws.append([])
    ws.append(["Objective", "Activity", "Owner", "Target date", "RAG", "Update"])
    rows = [
        ("All staff are trained to recognise and support victims of domestic abuse and stalking",
         "Deliver coercive control training to all response officers", "Learning & Development",
         dt.date(2024, 9, 1), "", "blue", "Q2: 96% of officers trained"),
        ("", "Publish a stalking awareness briefing on the intranet", "Seedland Police / Comms", "Spring 2025",
         "x", "green", ""),
        ("High harm perpetrators are identified and managed",
         "Use a perpetrator priority tool in every district", "Public Protection", "2024/25", "", "amber",
         "Two districts still to start"),
        ("", "Review the use of Domestic Violence Protection Orders", "Public Protection", "End of March 2025", "",
         "red", "Q3: Off track: analyst post vacant"),
        ("", "Join the multi-agency tasking meeting", "Seedland Police", "Q4 2024/25", "", "purple", ""),
    ]
    for number, (objective, activity, owner, due, mark, colour, update) in enumerate(rows, start=5):
        ws.append([objective, activity, owner, due, mark, update])
        ws[f"E{number}"].fill = _fill(colour)
    ws["D5"].number_format = "mmm-yy"  # shown as Sep-24: the month, due at its end
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dhr_csv() -> bytes:
    rows = [
        ["Recommendation", "Scope of recommendation i.e. local or regional", "Action to take", "Lead Agency",
         "Key milestones achieved in enacting recommendation", "Target Date", "Date of Completion and Outcome"],
        ["1. The partnership to assure itself that GP practices ask about domestic abuse", "Local",
         "Run a routine enquiry audit in six practices", "Seedland ICB", "Audit tool agreed with the practices",
         "31/03/2025", "Not complete"],
        ["1. The partnership to assure itself that GP practices ask about domestic abuse", "Local",
         "Add routine enquiry to the practice safeguarding training", "Seedland ICB", "", "Within six months",
         "Completed 12/02/2025: training updated"],
        ["2. Housing to flag tenancies where abuse has been disclosed", "Local", "", "Seedland Council",
         "Flag designed", "Q3 2024/25", "In progress"],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def strategy_csv() -> bytes:
    rows = [
        ["Theme", "What we will do", "Who", "When", "How we will measure success", "Progress"],
        ["Prevention and early intervention", "Commission healthy relationships work in primary schools",
         "Seedland Council", "Year 2", "Schools taking part", "Not started"],
        ["Prevention and early intervention", "Run a white ribbon campaign each November", "Seedland Council & Police",
         "Annually", "Campaign reach", "Done"],
        ["Protection of children and young people", "Offer Operation Encompass to every school",
         "Seedland Police", "Summer 2024", "Schools signed up", "Slipped: awaiting data sharing agreement"],
        ["Provision of support", "Extend the refuge by four units", "Seedland Council", "2025/26",
         "Units open", "On going"],
        ["Protection and justice", "Set up a specialist domestic abuse court sitting", "HMCTS", "6 months",
         "Sittings held", "Dropped - no longer required"],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


if __name__ == "__main__":
    (HERE / "published_force_da_action_plan.xlsx").write_bytes(force_xlsx())
    (HERE / "published_dhr_action_plan.csv").write_bytes(dhr_csv())
    (HERE / "published_dasv_strategy_plan.csv").write_bytes(strategy_csv())
