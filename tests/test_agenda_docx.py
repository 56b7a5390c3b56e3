"""The agenda as a Word file in the official-document style, and the ``agenda`` command."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from store.documents import agenda, agenda_docx, meetings
from store.documents.meetings import MeetingDraft
from store.ledger.db import Ledger
from store.ledger.opener import open_ledger
from store.work.quarters import Quarter
from tests.conftest import TODAY, dump
from tui.cli import cli

Q3 = Quarter(2026, 3)


@pytest.fixture
def written(demo_ledger: Ledger, tmp_path: Path) -> Path:
    meeting = meetings.get_meeting(demo_ledger, meetings.create_meeting(
        demo_ledger, MeetingDraft(Q3, date(2026, 10, 20), "09:00", "县政府三楼会议室", "李明副县长")))
    found = agenda.facts(demo_ledger, meeting, today=TODAY)
    return agenda_docx.write_docx(demo_ledger, agenda.load(demo_ledger, meeting, today=TODAY), found,
                                  tmp_path / "议程.docx")


def test_page_is_a4_with_official_margins(written: Path) -> None:
    section = Document(str(written)).sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert (section.top_margin.mm, section.bottom_margin.mm) == pytest.approx((37, 35), abs=0.1)
    assert (section.left_margin.mm, section.right_margin.mm) == pytest.approx((28, 26), abs=0.1)
    xml = zipfile.ZipFile(written).read("word/document.xml").decode()
    assert 'w:w="11906"' in xml and 'w:h="16838"' in xml


def test_every_run_names_its_east_asian_font(written: Path) -> None:
    document = Document(str(written))
    runs = [run for p in document.paragraphs for run in p.runs if run.text.strip()]
    runs += [run for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for run in p.runs]
    assert runs
    fonts = {run._r.rPr.rFonts.get(qn("w:eastAsia")) for run in runs}
    assert None not in fonts
    title = document.paragraphs[0].runs[0]
    assert title.text.startswith("质量强县工作联席会议2026年第三季度全体会议")
    assert title._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.font.size.pt == 22
    body = next(p for p in document.paragraphs if p.text.startswith("截至"))
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_official_punctuation_and_page_numbers(written: Path) -> None:
    document = Document(str(written))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "时间\uff1a2026年10月20日 09:00" in text  # a full-width colon; the clock time untouched
    assert "\uff08牵头\uff09" in text and "(牵头)" not in text
    footer = zipfile.ZipFile(written).read("word/footer1.xml").decode()
    assert "PAGE" in footer and "fldChar" in footer


def test_attachments_are_tables(written: Path) -> None:
    tables = Document(str(written)).tables
    assert [t.rows[0].cells[0].text for t in tables] == ["单位", "编号", "单位"]
    missing = [row.cells[0].text for row in tables[2].rows[1:]]
    assert missing == ["县文广旅体局", "石门乡", "城西街道"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it_to_pdf(written: Path, tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(written)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "pdf" / "议程.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_agenda_command_creates_the_meeting_once_and_writes_both_formats(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAIZHANG_TODAY", TODAY.isoformat())
    runner = CliRunner()
    base = ["--db", str(demo_path), "agenda", "--quarter", "2026Q3", "--date", "2026-10-20", "--time", "14:30"]
    first = runner.invoke(cli, [*base, "--out", str(tmp_path / "a.docx")])
    assert first.exit_code == 0, first.output
    assert "已建立会议" in first.output and (tmp_path / "a.docx").exists()
    second = runner.invoke(cli, [*base, "--out", str(tmp_path / "a.md")])
    assert second.exit_code == 0 and "已建立会议" not in second.output
    markdown = (tmp_path / "a.md").read_text(encoding="utf-8-sig")
    assert markdown.startswith("# 质量强县工作联席会议2026年第三季度全体会议")
    assert "14:30—14:40" in markdown
    ledger = open_ledger(demo_path)
    try:
        assert ledger.scalar("SELECT count(*) FROM meetings") == 1
        before = dump(ledger)
    finally:
        ledger.close()
    wrong = runner.invoke(cli, [*base, "--out", str(tmp_path / "a.pdf")])
    assert wrong.exit_code == 2 and ".docx" in wrong.output
    bad_date = runner.invoke(cli, ["--db", str(demo_path), "agenda", "--date", "2026-13-40"])
    assert bad_date.exit_code == 2
    ledger = open_ledger(demo_path)
    try:
        assert dump(ledger) == before
    finally:
        ledger.close()


def test_the_file_says_the_office_wrote_it_today_in_chinese(demo_ledger: Ledger, written: Path) -> None:
    """Not python-docx's template (author python-docx, created 2013, en-US with Japanese as the East
    Asian language, which makes LibreOffice pick Japanese glyphs)."""
    from datetime import datetime

    from store.ledger import settings

    document = Document(str(written))
    core = document.core_properties
    assert core.author == settings.office_name(demo_ledger) and core.last_modified_by == core.author
    assert core.created is not None and core.created.year == datetime.now().year
    assert core.language == "zh-CN"
    styles = zipfile.ZipFile(written).read("word/styles.xml").decode()
    assert 'w:eastAsia="ja-JP"' not in styles and 'w:eastAsia="zh-CN"' in styles
    assert 'w:val="en-US"' not in styles
