"""Every user-facing Chinese text of the plan importer, in one place.

These will be merged into ``store/strings.py`` later; keep them plain sentences a clerk can act on.
"""

from __future__ import annotations

# --- reading files (PlanReadError) ----------------------------------------------------------------
ERR_NOT_FOUND = "找不到文件“{name}”。请检查文件路径是否正确。"
ERR_NOT_A_FILE = "“{name}”是一个文件夹,不是文件。请选择方案文件(.docx、.txt 或 .html)。"
ERR_CANNOT_READ = "无法读取文件“{name}”({detail})。请确认文件没有被其他程序占用,并且有读取权限。"
ERR_EMPTY = "文件“{name}”是空的,没有任何文字。请确认选对了文件,或把方案正文复制到记事本,保存为 .txt 后再导入。"
ERR_TOO_LARGE = (
    "文件“{name}”有 {size_mb:.1f} MB,超过了 {limit_mb} MB 的上限。工作方案不会这么大:请确认选对了文件,"
    "或只把方案正文另存为 .docx 或 .txt 后再导入。"
)
ERR_UNSUPPORTED = (
    "不支持导入“{suffix}”格式的文件。请在 Word 或 WPS 中把方案另存为 .docx,"
    "或把正文复制到记事本保存为 .txt,也可以导入从网页保存的 .html 文件。"
)
ERR_OLD_OFFICE = (
    "“{name}”是旧版 Word/WPS 文件(.doc 或 .wps),无法直接读取。请在 Word 或 WPS 中打开它,"
    "“另存为”.docx 格式后再导入。"
)
ERR_PDF = (
    "“{name}”是 PDF 文件,无法直接导入。请在 PDF 阅读器中全选并复制文字,粘贴到记事本,"
    "保存为 .txt 后再导入;或使用原始的 Word 文件。"
)
ERR_SPREADSHEET = "“{name}”是表格或压缩文件,不是方案正文。请选择 .docx、.txt 或 .html 格式的方案文件。"
ERR_BINARY = (
    "“{name}”不是文本文件(可能是图片、压缩包或程序文件)。请选择 .docx、.txt 或 .html 格式的方案文件。"
)
ERR_ENCODING = (
    "无法识别文件“{name}”的文字编码。请用记事本打开它,选择“另存为”,编码选 UTF-8,保存后再导入。"
)
ERR_DOCX_BROKEN = (
    "“{name}”无法作为 Word 文档打开,文件可能已损坏,或者只是改了扩展名。请在 Word 或 WPS 中打开它,"
    "重新“另存为”.docx 后再导入。"
)
ERR_DOCX_TOO_BIG = "“{name}”解压后过大,可能不是正常的 Word 文档。请在 Word 或 WPS 中重新另存为 .docx 后再导入。"
ERR_NO_TEXT = "文件“{name}”里没有找到文字内容。如果它是扫描件或图片,请先用文字识别(OCR)转成文字再导入。"

# --- where a warning points -----------------------------------------------------------------------
WHERE_DOCUMENT = "全文"
WHERE_LINE = "第{line}行"
WHERE_LINE_COLUMN_EXCERPT = "第{line}行第{column}字“{excerpt}”"
WHERE_TASK = "任务 {code}"
WHERE_PHASE = "阶段“{name}”"
WHERE_PLAN = "方案信息"

# --- warnings from parse_plan ---------------------------------------------------------------------
W_SUSPICIOUS_CHAR = "有可疑字符“{char}”,可能是乱码或转换错误,请对照原件核实这里的文字。"
W_REPLACEMENT_CHAR = "有无法识别的字符(�),原文件的编码可能有误,请对照原件核实这里的文字。"
W_MOJIBAKE = "这段文字像是乱码(编码转换错误),请对照原件核实。"
W_PINYIN_REMOVED = "已删除 {count} 处字后的拼音注音,例如“{example}”。"
W_TRADITIONAL = "原文是繁体字,已转换为简体;每项任务的繁体原文另行保留。"
W_UNIT_UNCLOSED = "责任单位的括号没有闭合,已读到行尾为止,请核对单位名单。"
W_UNIT_LABEL_DOUBLED = "“{label}”重复出现了,已按一次处理。"
W_SECTION_UNITS = "本节各项任务没有单独写责任单位,已采用本节列出的单位:{units}。"
W_NO_UNITS = "{count} 项任务没有写明责任单位:{codes}。导入后请在台账中补上。"
W_SUBJECT_UNIT = "没有写“责任单位”,按句首的主语认定责任单位为“{unit}”,请核实。"
W_NO_TASK_CHAPTER = "没有找到列出工作任务的章节(如“工作任务”“主要任务”),已按编号最多的章节识别任务,请核对。"
W_NO_TASKS = "没有识别出任何工作任务。请确认文件是工作方案正文,编号(一、(一) 1.)是否完整。"
W_NO_STRUCTURE = "文档里没有找到“一、”“(一)”“1.”这样的编号,无法划分章节和任务。"
W_NUMBER_GAP = "编号不连续:“{prev}”之后是“{got}”,可能漏了一项或编号有误。"
W_PHASE_NO_DATE = "没有写明这个阶段的起止时间,请在台账中补上。"
W_PHASE_DATE_UNPARSED = "无法理解阶段时间“{text}”,请在台账中手工填写。"
W_YEAR_ASSUMED = "时间“{text}”没有写年份,按 {year} 年理解,请核实。"
W_NO_TITLE = "没有找到方案标题(以“方案”“计划”“意见”结尾的一行),请手工填写。"
W_NO_ISSUE_DATE = "没有找到印发日期(成文日期),请在台账中手工填写。"
W_SPLIT_RUN_ON = "全文没有分段,已按编号(一、(一) 1.)自动分段,请核对任务划分。"
W_INTERNAL = "解析时出现意外错误({detail}),结果可能不完整,请对照原件人工核对。"
