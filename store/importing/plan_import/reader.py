"""Reading a plan file into text: ``.txt`` in any common Chinese encoding, ``.docx``, saved web pages.

Everything refused raises :class:`PlanReadError` whose message (Simplified Chinese) tells the clerk
what to do next: old ``.doc``/``.wps`` files, PDFs, images, empty or oversized files, unknown encodings.
The file's *content* is checked, not only its name: a ``.docx`` renamed ``.txt`` is read as Word, an
HTML page saved as ``.txt`` as HTML, and a ``.doc`` renamed ``.docx`` is refused with the right advice.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from store import strings
from store.errors import PlanReadError
from store.importing.plan_import.docx_text import docx_to_text
from store.importing.plan_import.html_text import html_to_text

MAX_BYTES = 20 * 1024 * 1024
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv"}
_DOCX_SUFFIXES = {".docx", ".docm", ".dotx"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_MHT_SUFFIXES = {".mht", ".mhtml"}
_OLD_OFFICE_SUFFIXES = {".doc", ".wps", ".dot", ".rtf"}
# What a file chooser lists: what can be read, and what gets a clear "save it as .docx" message.
PLAN_FILE_SUFFIXES = frozenset(
    _TEXT_SUFFIXES - {".csv"} | _DOCX_SUFFIXES | _HTML_SUFFIXES | _MHT_SUFFIXES | _OLD_OFFICE_SUFFIXES | {".pdf"}
)
_SPREADSHEET_SUFFIXES = {".xls", ".xlsx", ".et", ".ods", ".zip", ".rar", ".7z", ".ppt", ".pptx", ".ofd"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"MZ", b"\x7fELF",
    b"II*\x00", b"MM\x00*",
)  # fmt: skip


# --- plain text -----------------------------------------------------------------------------------


def _plausibility(text: str) -> float:
    """Share of characters a Chinese document is made of (CJK, ASCII, CJK punctuation)."""
    if not text:
        return 0.0
    sample = text[:20000]
    good = 0
    for ch in sample:
        code = ord(ch)
        if (
            0x20 <= code < 0x7F
            or ch in "\n\r\t"
            or 0x4E00 <= code <= 0x9FFF
            or 0x3000 <= code <= 0x303F
            or 0xFF00 <= code <= 0xFFEF
            or 0x2000 <= code <= 0x206F
            or 0x2460 <= code <= 0x24FF
            or 0x3400 <= code <= 0x4DBF
            or code in (0xA0, 0xB7, 0xD7, 0x2116, 0x2103, 0x25CB)
        ):
            good += 1
    return good / len(sample)


def _looks_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes decode as plausible UTF-16 text (no BOM)."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if score >= 0.97 and (best is None or score > best[0]):
            best = (score, codec)
    return best[1] if best else None


def decode_text(data: bytes, name: str = "") -> str:
    """Bytes of a text file → str: BOMs, then UTF-8, UTF-16 without BOM, GB18030 (GBK, GB2312), Big5.

    Raises :class:`PlanReadError` when nothing gives plausible Chinese text.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            # A damaged byte becomes U+FFFD, which the parser reports with its line.
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        text = data.decode("utf-8")
        if "\x00" not in text:
            return text
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep it (the damage shows as U+FFFD, reported with its
    # line). Checked before GB18030, which would happily read UTF-8 bytes as mojibake.
    text = data.decode("utf-8", errors="replace")
    if "\x00" not in text and text.count("\ufffd") <= max(8, len(text) // 100) and _plausibility(text) >= 0.9:
        return text
    utf16 = _looks_utf16(data)
    if utf16:
        return data.decode(utf16)
    if b"\x00" in data:
        raise PlanReadError(strings.ERR_BINARY.format(name=name))
    candidates: list[tuple[float, str]] = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text), text))
        if candidates[-1][0] >= 0.98:
            break
    if candidates:
        score, text = max(candidates, key=lambda c: c[0])
        if score >= 0.9:
            return text
    raise PlanReadError(strings.ERR_ENCODING.format(name=name))


# --- sniffing -------------------------------------------------------------------------------------


def _sniff(data: bytes) -> str:
    """What the bytes really are: ``docx``, ``zip``, ``ole``, ``pdf``, ``rtf``, ``html``, ``mht``, ``binary``, ``text``."""
    head = data[:2048]
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data[:65536] or b"[Content_Types].xml" in data[:65536] else "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if any(head.startswith(magic) for magic in _BINARY_MAGIC):
        return "binary"
    lowered = head.lower()
    if lowered.startswith(b"mime-version") or b"content-type: multipart/related" in lowered[:1024]:
        return "mht"
    stripped = lowered.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")) or re.search(rb"<html[\s>]", lowered):
        return "html"
    return "text"


def _html_charset(data: bytes) -> str | None:
    m = re.search(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", data[:4096], re.IGNORECASE)
    if not m:
        return None
    charset = m.group(1).decode("ascii", "replace").lower()
    if charset in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030"):
        return "gb18030"
    try:
        codecs.lookup(charset)
    except LookupError:
        return None
    return charset


def decode_html(data: bytes, name: str = "") -> str:
    """An HTML page's bytes → its body text (see :mod:`store.importing.plan_import.html_text`)."""
    charset = _html_charset(data)
    markup: str | None = None
    if charset and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            markup = data.decode(charset)
        except UnicodeDecodeError:
            markup = None
    if markup is None:
        markup = decode_text(data, name)
    return html_to_text(markup)


def _read_mht(data: bytes, name: str) -> str:
    """A single-file web page (.mht, as saved by IE/Edge/WPS): its HTML part, else its text part."""
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    fallback: str | None = None
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type not in ("text/html", "text/plain"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        if charset and charset.lower() in ("gb2312", "gbk", "cp936"):
            charset = "gb18030"
        try:
            text = payload.decode(charset) if charset else decode_text(payload, name)
        except (LookupError, UnicodeDecodeError):
            text = decode_text(payload, name)
        if content_type == "text/html":

            return html_to_text(text)
        fallback = fallback or text
    if fallback is not None:
        return fallback
    raise PlanReadError(strings.ERR_NO_TEXT.format(name=name))


# --- entry point ----------------------------------------------------------------------------------


def read_document(path: Path) -> str:
    """The text of a plan file, paragraphs (and table rows) one per line.

    ``.txt``: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 (BOM or detected); ``.docx``: paragraphs
    and tables in document order, with Word's automatic numbering written out; ``.html``/``.htm`` and
    ``.mht`` saved from a browser: the body text, block elements on their own lines, scripts and styles
    dropped. Raises :class:`PlanReadError` (Chinese message) for anything else, and for empty files or
    files over 20 MB.
    """
    path = Path(path)
    name = path.name
    try:
        if not path.exists():
            raise PlanReadError(strings.ERR_FILE_NOT_FOUND.format(name=str(path)))
        if path.is_dir():
            raise PlanReadError(strings.ERR_NOT_A_FILE.format(name=name))
        size = path.stat().st_size
    except OSError as exc:
        raise PlanReadError(strings.ERR_CANNOT_READ.format(name=name, detail=exc.strerror or exc)) from exc
    if size > MAX_BYTES:
        raise PlanReadError(strings.ERR_TOO_LARGE.format(name=name, size_mb=size / 1024 / 1024, limit_mb=MAX_BYTES // 1024 // 1024))
    if size == 0:
        raise PlanReadError(strings.ERR_EMPTY.format(name=name))
    suffix = path.suffix.lower()
    known = _TEXT_SUFFIXES | _DOCX_SUFFIXES | _HTML_SUFFIXES | _MHT_SUFFIXES | _OLD_OFFICE_SUFFIXES
    if suffix in _SPREADSHEET_SUFFIXES:
        raise PlanReadError(strings.ERR_SPREADSHEET.format(name=name))
    if suffix == ".pdf":
        raise PlanReadError(strings.ERR_PDF.format(name=name))
    if suffix not in known and suffix != "":
        raise PlanReadError(strings.ERR_UNSUPPORTED.format(suffix=suffix))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanReadError(strings.ERR_CANNOT_READ.format(name=name, detail=exc.strerror or exc)) from exc

    kind = _sniff(data)
    if kind == "ole" or (kind == "rtf"):
        raise PlanReadError(strings.ERR_OLD_OFFICE.format(name=name))
    if kind == "pdf":
        raise PlanReadError(strings.ERR_PDF.format(name=name))
    if kind == "zip":
        raise PlanReadError(strings.ERR_SPREADSHEET.format(name=name) if suffix not in _DOCX_SUFFIXES
                            else strings.ERR_DOCX_BROKEN.format(name=name))  # fmt: skip
    if kind == "binary":
        raise PlanReadError(strings.ERR_BINARY.format(name=name))
    if suffix in _DOCX_SUFFIXES and kind != "docx":
        if kind == "text" and suffix in _DOCX_SUFFIXES:
            raise PlanReadError(strings.ERR_DOCX_BROKEN.format(name=name))
    if suffix in _OLD_OFFICE_SUFFIXES and kind not in ("docx",):
        raise PlanReadError(strings.ERR_OLD_OFFICE.format(name=name))

    if kind == "docx":

        text = docx_to_text(path, name)
    elif kind == "mht" or suffix in _MHT_SUFFIXES:
        text = _read_mht(data, name)
    elif kind == "html" or suffix in _HTML_SUFFIXES:
        text = decode_html(data, name)
    else:
        text = decode_text(data, name)
        head = text.lstrip()[:1000].lower()
        if head.startswith(("<!doctype html", "<html")):

            text = html_to_text(text)
    if not text.strip():
        raise PlanReadError(strings.ERR_EMPTY.format(name=name) if len(data) < 16 else strings.ERR_NO_TEXT.format(name=name))
    return text
