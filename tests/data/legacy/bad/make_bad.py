"""Builds the bad files in this folder (run: .venv/bin/python tests/data/legacy/bad/make_bad.py).
Each name says what is wrong; tests/legacy/test_bad_files.py holds the message each must give.
The 20 MB CSV and the too-many-rows file are made at test time instead (tmp_path)."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
PLAN_HEADER = ["Ref", "Theme", "Objective", "Action", "Lead", "Timescale", "Status", "Cost"]


def xlsx(rows: list[list], merge: str | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def patch_zip(data: bytes, name: str, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def good_plan() -> bytes:
    return xlsx([PLAN_HEADER, ["1.1", "Victims", "Safety", "Run the MARAC", "Police", "Ongoing", "On track", ""]])


def zip_bomb() -> bytes:
    # A small .xlsx whose central directory declares a sheet of 4 GB: refused before unpacking.
    data = bytearray(good_plan())
    eocd = data.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<I", data[eocd + 16:eocd + 20])[0]
    pos = cd_offset
    while data[pos:pos + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28:pos + 34])
        name = bytes(data[pos + 46:pos + 46 + name_len])
        if name == b"xl/worksheets/sheet1.xml":
            data[pos + 24:pos + 28] = struct.pack("<I", 0xFFFFFFF0)
        pos += 46 + name_len + extra_len + comment_len
    return bytes(data)


def deflate_bomb() -> bytes:
    # Honest sizes this time: 150 MB of zeros compressed to ~150 KB.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_plan())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/media/padding.xml", b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>")
    return out.getvalue()


def many_entries() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good_plan())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        for i in range(2100):
            dst.writestr(f"xl/extra/{i}.bin", b"")
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""  # noqa: E501

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""  # noqa: E501


def encrypted_ole() -> bytes:
    # The shape of an Office-encrypted file: an OLE2 container with EncryptionInfo/EncryptedPackage streams.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le") + b"\x00" * 54 + "EncryptionInfo".encode("utf-16-le") + \
        b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 48
    return header + directory + b"\x00" * 1024


def docx_without_tables() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Our action plan is in the minutes.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FILES: dict[str, bytes | str] = {
    "empty.xlsx": b"",
    "pdf_renamed.xlsx": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "png_renamed.csv": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    "html_saved_as.xls": "<html><body><table><tr><td>Ref</td><td>Action</td></tr></table></body></html>",
    "zip_bomb.xlsx": b"",
    "deflate_bomb.xlsx": b"",
    "too_many_entries.xlsx": b"",
    "encrypted.xlsx": b"",
    "billion_laughs.xlsx": b"",
    "external_entity.xlsx": b"",
    "no_tables.docx": b"",
    "binary_garbage.csv": bytes(range(256)) * 40,
    "not_an_office_zip.xlsx": b"",
    "missing_action_column.csv": "Ref,Lead,Timescale\n1.1,Police,Ongoing\n",
    "duplicate_refs.csv": "Ref,Objective,Action,Lead\n1.1,Safety,Run the MARAC,Police\n1.1,Safety,Train staff,Police\n",
    "negative_cost.csv": "Ref,Objective,Action,Cost\n1.1,Safety,Run the MARAC,-500\n",
    "negative_value.csv": "Indicator,Area,Period,Value\nNI 32,North Town,2009-10 Q1,-3\n",
    "percent_over_100.csv": "Indicator,Area,Period,Value\nNI 32,North Town,2009-10 Q1,140\n",
    "other_partnership_area.csv": "Indicator,Area,Period,Value\nNI 32,South Town,2009-10 Q1,30\n",
    "unparseable_period.csv": "Indicator,Area,Period,Value\nNI 32,North Town,Spring 2009,30\n",
    "unknown_indicator.csv": "Indicator,Area,Period,Value\nNI 999,North Town,2009-10 Q1,30\n",
    "value_not_a_number.csv": "Indicator,Area,Period,Value\nNI 32,North Town,2009-10 Q1,about thirty\n",
    "merged_cells_odd.xlsx": b"",
    "action_empty.csv": "Ref,Objective,Action\n1.1,Safety,\n",
    "doc_97.docx": b"",
}


def build() -> dict[str, bytes]:
    files = {k: (v.encode() if isinstance(v, str) else v) for k, v in FILES.items()}
    files["zip_bomb.xlsx"] = zip_bomb()
    files["deflate_bomb.xlsx"] = deflate_bomb()
    files["too_many_entries.xlsx"] = many_entries()
    files["encrypted.xlsx"] = encrypted_ole()
    files["billion_laughs.xlsx"] = patch_zip(xlsx([["Ref", "Action"], ["1", "x"]]), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)  # noqa: E501
    files["external_entity.xlsx"] = patch_zip(xlsx([["Ref", "Action"], ["1", "x"]]), "xl/worksheets/sheet1.xml", XXE)
    files["no_tables.docx"] = docx_without_tables()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not office")
    files["not_an_office_zip.xlsx"] = out.getvalue()
    # Merged across the Action and Lead cells of one row and down the Ref column: the Action is lost.
    files["merged_cells_odd.xlsx"] = xlsx([PLAN_HEADER, ["1.1", "Victims", "Safety", None, None, "Ongoing", "", ""],
                                           [None, "Victims", "Safety", "Train staff", "Police", "Ongoing", "", ""]], merge="D2:E2")  # noqa: E501
    files["doc_97.docx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512  # noqa: E501
    return files


if __name__ == "__main__":
    for name, data in build().items():
        (HERE / name).write_bytes(data)
    print(len(FILES), "files written to", HERE)
