"""Writes the three 'unseen' layouts (tests/legacy/test_unseen_layouts.py imports each with no
--map). Made up, in the shapes of plans English partnerships publish (as issue 10 describes them):
a VAWG action plan with a title row and a RAG and an update column per quarter (.xlsx), a domestic
homicide review recommendations tracker saved from Excel as a Windows-1252 CSV, and a DA strategy
delivery plan with strategy years, RAG letters and costs in words (CSV). Run from the repository:
.venv/bin/python tests/data/legacy/make_unseen_layouts.py"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent


def vawg_xlsx() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Action Plan"
    ws.append(["Seedshire Violence Against Women and Girls Action Plan 2024-2028"])
    ws.append([])
    ws.append(["No.", "Priority", "Action", "Lead", "Timescale", "Q1 RAG", "Q1 Update", "Q2 RAG", "Q2 Update",
               "Q3 RAG", "Q3 Update", "Q4 RAG", "Q4 Update"])
    ws.append(["1.1", "Prevention", "Deliver healthy relationships sessions in every secondary school",
               "Seedland Council / Education", "Q3 2024/25", "G", "Ten schools booked", "G", "Six schools done",
               "A", "Two schools withdrew", "", ""])
    ws.append(["1.2", "Prevention", "Launch a public campaign on coercive control", "Seedland Police",
               "Apr-Jun 2024", "G", "Campaign designed", "Complete", "Campaign launched", "", "", "", ""])
    ws.append(["2.1", "Support", "Recommission the IDVA service", "Seedland Council", "by end of March 2025",
               "A", "Tender delayed", "R", "No bids received", "Amber/Red", "Re-tender under way", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dhr_csv() -> bytes:
    rows = [
        ["Ref", "Recommendation", "Sub-Action", "Lead", "Timescale", "Complete Y/N", "Evidence of completion",
         "Cross Reference Point"],
        ["R1", "Agencies should share risk assessments with the MARAC", "", "Seedland Police", "Within three months",
         "Y", "MARAC minutes, June", "DHR Seedland 2023 §4.2"],
        ["R2", "GPs should ask about domestic abuse routinely", "Train practice staff in routine enquiry",
         "Health / Seedland Council", "6 months", "N", "", "DHR Seedland 2023 §5.1"],
        ["R2", "GPs should ask about domestic abuse routinely", "Audit GP referrals to the IDVA service",
         "Health", "Apr-25", "Partially complete", "Audit report – draft", "DHR Seedland 2023 §5.1"],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252")


def strategy_csv() -> bytes:
    rows = [
        ["Ref", "Theme", "Action", "Lead", "Timescale", "Cost", "Delivery Status", "Latest progress"],
        ["A1", "Pursue", "Review the perpetrator programme", "Seedland Probation", "Year 1",
         "Nil – within existing resources", "Not yet started", ""],
        ["A2", "Pursue", "Extend the MARAC to a second weekly meeting", "Seedland Police", "Q2 24/25", "£12,000",
         "Delayed", "Q1: At risk: chair post vacant"],
        ["A3", "Protect", "Publish the refuge referral pathway", "Seedland Council", "TBC", "",
         "Complete - evidence awaited", ""],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


if __name__ == "__main__":
    (HERE / "unseen_vawg_quarterly_rag.xlsx").write_bytes(vawg_xlsx())
    (HERE / "unseen_dhr_tracker_cp1252.csv").write_bytes(dhr_csv())
    (HERE / "unseen_da_strategy.csv").write_bytes(strategy_csv())
