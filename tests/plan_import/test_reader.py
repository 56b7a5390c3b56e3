"""read_document: encodings, Word files, saved web pages, and the files it refuses."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from store.importing.plan_import import MAX_BYTES, PlanReadError, parse_plan, read_document

SAMPLE = "師宗縣質量強縣工作方案\n一、工作任務\n(一)夯實基礎\n1.加快規劃。(責任單位:縣市監局、縣發改局)\n"
SIMPLE = "某县质量强县工作方案\n一、工作任务\n(一)夯实基础\n1.加快规划。(责任单位:县市监局、县发改局)\n"


def _has_chinese(message: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", message))


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
    ],
)
def test_text_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(bom + SIMPLE.encode(encoding))
    assert read_document(path).replace("\r\n", "\n").strip() == SIMPLE.strip()


def test_big5_traditional(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(SAMPLE.encode("big5"))
    assert read_document(path).strip() == SAMPLE.strip()


def test_gbk_file_parses(tmp_path: Path) -> None:
    path = tmp_path / "方案.TXT"
    path.write_bytes(SIMPLE.replace("\n", "\r\n").encode("gbk"))
    plan = parse_plan(read_document(path))
    assert [(t.title, [u.name for u in t.units]) for t in plan.tasks] == [("加快规划", ["县市监局", "县发改局"])]


def test_broken_utf8_byte_is_kept_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    data = SIMPLE.encode("utf-8")
    path.write_bytes(data[:10] + b"\xff" + data[10:])
    text = read_document(path)
    assert "\ufffd" in text
    assert any("无法识别的字符" in w.message for w in parse_plan(text).warnings)


def _add_chinese_numbering(document: docx.document.Document) -> str:
    """A list definition with levels 一、 / (一) / 1. ; returns its numId."""
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    abstract = parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return "90"


def _numbered(document: docx.document.Document, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_docx_paragraphs_tables_and_numbering(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("某县质量强县工作方案")
    num_id = _add_chinese_numbering(document)
    _numbered(document, "指导思想", num_id, 0)
    document.add_paragraph("坚持质量第一。")
    _numbered(document, "工作任务", num_id, 0)
    _numbered(document, "夯实质量基础", num_id, 1)
    _numbered(document, "加快规划。(责任单位:县市监局、县发改局)", num_id, 2)
    _numbered(document, "加大支持。(责任单位:县财政局)", num_id, 2)
    _numbered(document, "提升产品质量", num_id, 1)
    _numbered(document, "开展抽查。(责任单位:县市监局)", num_id, 2)
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate([("序号", "工作任务", "责任单位"), ("1", "任务甲", "县市监局"), ("2", "任务乙", "")]):
        for col, value in enumerate(cells):
            table.cell(row, col).text = value
    table.cell(1, 2).merge(table.cell(2, 2))
    document.add_paragraph("表后一段。")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    text = read_document(path)
    lines = text.splitlines()
    assert lines[:9] == [
        "某县质量强县工作方案",
        "一、指导思想",
        "坚持质量第一。",
        "二、工作任务",
        "(一)夯实质量基础",
        "1.加快规划。(责任单位:县市监局、县发改局)",
        "2.加大支持。(责任单位:县财政局)",
        "(二)提升产品质量",
        "1.开展抽查。(责任单位:县市监局)",
    ]
    # table rows in place, cells tab-separated, a vertically merged cell repeated
    assert lines[9:12] == ["序号\t工作任务\t责任单位", "1\t任务甲\t县市监局", "2\t任务乙\t县市监局"]
    assert lines[12] == "表后一段。"
    plan = parse_plan(text)
    assert [t.code for t in plan.tasks] == ["二.(一).1", "二.(一).2", "二.(二).1"]


def test_docx_renamed_txt_is_read_as_word(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("一、工作任务")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    renamed = tmp_path / "plan.txt"
    renamed.write_bytes(path.read_bytes())
    assert read_document(renamed) == "一、工作任务"


HTML = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>网站标题</title><style>p {{ color: red; }}</style>
<script>var x = "一、不要这个";</script></head>
<body><nav><a href="/">首页</a> &gt; <a>政务公开</a></nav>
<div class="crumb">您现在的位置:首页 &gt; 政务公开 &gt; 政策文件</div>
<h1>某县质量强县工作方案</h1>
<p>一、工作任务</p><p>（一）夯实质量基础</p>
<p>1.加快质量发展
规划的制定。(责任单位:县市监局、<br>县发改局)</p>
<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>抽查</td></tr></table>
<p>&nbsp;</p><div>打印本页 关闭窗口</div>
<script>document.write("二、也不要")</script>
</body></html>"""


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "plan.htm"
    path.write_bytes(HTML.format().encode("gbk"))
    text = read_document(path)
    assert "不要" not in text and "网站标题" not in text and "color" not in text
    lines = text.splitlines()
    assert "某县质量强县工作方案" in lines
    assert "一、工作任务" in lines
    assert "1.加快质量发展规划的制定。(责任单位:县市监局、" in lines  # a source line break between characters is no space
    assert "序号\t任务" in lines
    plan = parse_plan(text)
    assert plan.meta.title == "某县质量强县工作方案"
    assert [t.title for t in plan.tasks] == ["加快质量发展规划的制定"]


def test_mht_page(tmp_path: Path) -> None:
    body = "<html><body><p>一、工作任务</p><p>(一)夯实基础。(责任单位:县市监局)</p></body></html>"
    mht = (
        "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"XX\"\r\n\r\n--XX\r\n"
        "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + __import__("base64").encodebytes(body.encode("utf-8")).decode("ascii")
        + "\r\n--XX--\r\n"
    )
    path = tmp_path / "plan.mht"
    path.write_text(mht, encoding="ascii")
    assert read_document(path).splitlines() == ["一、工作任务", "(一)夯实基础。(责任单位:县市监局)"]


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        ("empty.txt", b"", "空的"),
        ("blank.txt", b"   \r\n\r\n  ", "空的"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "不是文本文件"),
        ("noise.txt", bytes(range(256)) * 8, "不是文本文件"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为"),
        ("old-renamed.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为"),
        ("fake.docx", "这不是Word文件".encode(), "另存为"),
        ("scan.pdf", b"%PDF-1.4\n...", "PDF"),
        ("table.xlsx", b"PK\x03\x04" + b"\x00" * 100, ".docx"),
        ("program.exe", b"MZ" + b"\x00" * 100, "不支持"),
    ],
)
def test_refused_with_a_chinese_message(tmp_path: Path, name: str, data: bytes, hint: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PlanReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert _has_chinese(message) and hint in message, message
    assert caught.value.message == message


def test_too_large_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(PlanReadError, match="20 MB"):
        read_document(path)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(PlanReadError, match="找不到"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(PlanReadError, match="文件夹"):
        read_document(tmp_path)


def _zip(path: Path, members: dict[str, str]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_docx_with_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "bomb.docx"
    _zip(path, {"[Content_Types].xml": "<Types/>", "word/document.xml": bomb})
    with pytest.raises(PlanReadError, match="另存为"):
        read_document(path)


def test_docx_that_unpacks_too_big_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from store.importing.plan_import import docx_text

    monkeypatch.setattr(docx_text, "_MAX_UNCOMPRESSED", 1000)
    path = tmp_path / "big.docx"
    _zip(path, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<x>" + "a" * 5000 + "</x>"})
    with pytest.raises(PlanReadError, match="过大"):
        read_document(path)


def test_html_saved_as_txt_and_no_extension(tmp_path: Path) -> None:
    page = "<!DOCTYPE html><html><body><p>一、工作任务</p><script>x()</script></body></html>"
    for name in ("page.txt", "page"):
        path = tmp_path / name
        path.write_text(page, encoding="utf-8")
        assert read_document(path) == "一、工作任务"


def test_truncated_utf8_sequence_is_not_read_as_gbk(tmp_path: Path) -> None:
    data = SIMPLE.encode("utf-8")
    cut = data.index("规".encode()) + 1  # drop the last two bytes of one character
    path = tmp_path / "plan.txt"
    path.write_bytes(data[:cut] + data[cut + 2 :])
    text = read_document(path)
    assert "某县质量强县工作方案" in text and "\ufffd" in text
