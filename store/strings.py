"""Every user-facing text of taizhang, in Simplified Chinese, in one place.

It lives in ``store`` (the bottom layer) so that the store's messages, the CLI and the screens all
draw from this one module; ``store`` never imports the UI, and the UI imports this.
"""

from __future__ import annotations

APP_TITLE = "台账"
APP_SUBTITLE = "质量创建联席会议办公室工作台账"

# --- ledger file ----------------------------------------------------------------------------------
ERR_OPEN_LEDGER = "无法打开台账文件 {path}:{detail}。请检查路径和文件权限。"
ERR_LEDGER_IS_DIR = "{path} 是一个文件夹,不是台账文件。请指定一个 .db 文件路径。"
ERR_LEDGER_MISSING = "台账文件 {path} 不存在。请检查路径,或不带 --db 参数打开默认台账。"
ERR_NOT_A_LEDGER = "{path} 不是台账文件({detail})。请选择由台账程序创建的 .db 文件。"
NOT_TAIZHANG = "其中的数据表不属于本程序"
ERR_LEDGER_TOO_NEW = "台账文件 {path} 由更新版本的台账程序创建,本版本无法打开。请升级程序;文件未作任何改动。"
ERR_DEMO_OVERWRITE = "{path} 已有一份正式台账,演示数据不会覆盖它。请用 --db 指定另一个文件。"

# --- dates, quarters, recurrence ------------------------------------------------------------------
QUARTER_LABEL = "{year}年第{number}季度"
ERR_BAD_QUARTER = "“{text}”不是有效的季度,请写成 2019Q3 或 2019年第三季度。"
ERR_BAD_DATE = "“{text}”不是有效的日期,请写成 2019-06-30 这样的格式。"
ERR_BAD_RRULE = "重复规则“{rule}”无法识别。"
NO_DEADLINE = "无时限"
RECUR_NONE = "不重复"
RECUR_YEARLY = "每年"
RECUR_YEARLY_MONTH = "每年{month}月"
RECUR_YEARLY_DAY = "每年{month}月{day}日"
RECUR_YEARLY_MONTHS = "每年{months}"
RECUR_QUARTERLY = "每季度"
RECUR_HALF_YEARLY = "每半年"
RECUR_MONTHLY = "每月"
RECUR_EVERY_N_MONTHS = "每{n}个月"
RECUR_WEEKLY = "每周"
RECUR_DAILY = "每日"
# Presets offered in the task form: (label, RRULE without DTSTART).
RECURRENCE_PRESETS: list[tuple[str, str]] = [
    ("每月(月末)", "FREQ=MONTHLY;BYMONTHDAY=-1"),
    ("每季度(季末)", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1"),
    ("每半年(半年末)", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=-1"),
    ("每年(年末)", "FREQ=YEARLY;BYYEARDAY=-1"),
    ("每年9月(质量月)", "FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1"),
]
DEADLINE_SOURCE = {"own": "任务时限", "phase": "阶段截止", "plan": "方案截止", "occurrence": "本期"}

# --- warning lights -------------------------------------------------------------------------------
LIGHT_LABELS = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "done": "已完成"}
LIGHT_SHORT = {"red": "红", "yellow": "黄", "green": "绿", "done": "完成"}

# --- units ----------------------------------------------------------------------------------------
UNIT_KINDS = {"department": "部门", "township": "乡镇", "subdistrict": "街道", "group": "单位组"}
ROLE_LABELS = {"lead": "牵头", "co": "配合", "member": "成员"}
ERR_UNIT_NAME_EMPTY = "单位名称不能为空。"
ERR_UNIT_NAME_TAKEN = "单位“{name}”已存在(或已是某单位的简称/别名),请换一个名称。"
ERR_UNIT_KIND = "单位类型“{kind}”无效。"
ERR_ALIAS_TAKEN = "别名“{alias}”已被单位“{owner}”使用。"
ERR_UNKNOWN_UNIT = "没有找到单位“{name}”。请先在“按单位”视图中新增该单位,或检查名称、简称、别名。"
ERR_MEMBERS_NOT_GROUP = "只有“单位组”类型的单位才能有成员单位。"
ERR_MEMBER_SELF = "单位组不能把自己列为成员。"
ERR_MEMBER_IS_GROUP = "“{name}”本身是单位组,不能作为成员。"
ERR_UNIT_IN_USE = "单位“{name}”仍承担 {count} 项任务,不能删除。请先在这些任务中移除该单位。"
ERR_PHONE = "联系电话“{phone}”格式不对,只能包含数字、空格、“-”、“+”和括号。"

# --- phases ---------------------------------------------------------------------------------------
ERR_PHASE_NAME_EMPTY = "阶段名称不能为空。"
ERR_PHASE_END_BEFORE_START = "阶段的结束日期({end})早于开始日期({start}),请更正。"
ERR_PHASE_NAME_TAKEN = "阶段“{name}”已存在。"

# --- tasks ----------------------------------------------------------------------------------------
ERR_TASK_TITLE_EMPTY = "任务标题不能为空。"
ERR_TASK_NO_UNIT = "请至少填写一个牵头单位。"
ERR_TASK_UNIT_TWICE = "单位“{name}”重复出现,同一单位只能有一个角色。"
ERR_TASK_UNKNOWN_PHASE = "所选阶段不存在。"
ERR_NOT_FOUND = "没有找到该记录(可能已被删除)。"
TASK_SOURCES = {"plan": "工作方案", "meeting": "会议交办", "manual": "手工录入"}
COMPARATORS = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于", "+=": "新增", "-=": "减少"}
PHASE_SPAN = "{start} 至 {end}"
PHASE_NO_DATES = "未定"
LEAD_MARK = "(牵头)"
NO_PHASE = "未分阶段"
TARGET_YEAR = "({year}年)"

# --- app shell: keys (footer and help) ------------------------------------------------------------
KEY_QUIT = "退出"
KEY_HELP = "帮助"
KEY_PALETTE = "命令"
KEY_SWITCH_VIEW = "切换视图"
KEY_FILTER = "筛选"
KEY_OPEN = "打开"
KEY_ADD = "新增"
KEY_EDIT = "编辑"
KEY_DELETE = "删除"
KEY_BACK = "返回"
KEY_SAVE = "保存"
KEY_CANCEL = "取消"
KEY_YES = "确定"
KEY_NO = "取消"
KEY_TOGGLE_DONE = "标记完成/未完成"
KEY_CLEAR_FILTER = "清除筛选"

# --- main screen ----------------------------------------------------------------------------------
VIEW_BY_UNIT = "按单位"
VIEW_BY_PHASE = "按阶段"
FILTER_PLACEHOLDER = "筛选单位(名称、简称、别名)"
COL_UNIT = "单位"
COL_TASKS = "任务"
COL_RED = "红灯"
COL_YELLOW = "黄灯"
COL_LIGHT = "状态"
COL_CODE = "编号"
COL_TITLE = "任务"
COL_ROLE = "角色"
COL_PHASE = "阶段"
COL_DEADLINE = "截止"
COL_UNITS = "责任单位"
COL_SPAN = "起止日期"
COL_PROGRESS = "完成"
COL_PHASE_STATE = "阶段状态"
PHASE_STATE_CURRENT = "当前"
PHASE_STATE_RUNNING = "进行中"
PHASE_STATE_PAST = "已结束"
PHASE_STATE_FUTURE = "未开始"
PHASE_STATE_UNDATED = "未定"
UNIT_TASKS_HEADING = "{unit} 参与的任务(含所在成员单位组的任务):共 {count} 项,红灯 {red},黄灯 {yellow}"
PHASE_TASKS_HEADING = "{phase} 的任务(完成 {done}/{total})"
NO_UNITS = "台账中还没有单位。按 a 新增单位。"
NO_UNIT_MATCH = "没有名称包含“{query}”的单位。按 Esc 清除筛选。"
NO_PHASES = "台账中还没有阶段。按 a 新增阶段。"
PROGRESS_CELL = "{done}/{total} {percent}%"
TODAY_LABEL = "今天 {today}"
EMPTY_LEDGER_TITLE = "(空台账)"

# --- task detail ----------------------------------------------------------------------------------
DETAIL_TITLE = "任务详情"
FIELD_SECTION = "所属部分"
FIELD_PHASE = "阶段"
FIELD_PHASE_DEFAULT = "{phase}(默认:主要实施阶段)"
FIELD_DEADLINE = "截止日期"
FIELD_DEADLINE_VALUE = "{day}({source})"
FIELD_RECURRENCE = "重复"
FIELD_NEXT_OCCURRENCES = "各期时限"
FIELD_LIGHT = "状态"
FIELD_SOURCE = "来源"
FIELD_UNITS = "责任单位"
FIELD_TEXT = "任务全文"
FIELD_TARGETS = "指标"
NO_TARGETS = "无量化指标"
NO_TEXT = "(无)"
SECTION_REPORTS = "季度报告"
NO_REPORTS = "尚无季度报告。"
NO_HISTORY = "尚无修改记录。"
HISTORY_ROW = "{at}  {who}  {action}"
OCCURRENCE_PAST = "{day}"
OCCURRENCE_CURRENT = "{day}(本期)"

# --- forms ----------------------------------------------------------------------------------------
FORM_NEW_TASK = "新增任务"
FORM_EDIT_TASK = "编辑任务"
FORM_NEW_UNIT = "新增单位"
FORM_EDIT_UNIT = "编辑单位"
FORM_NEW_PHASE = "新增阶段"
FORM_EDIT_PHASE = "编辑阶段"
LABEL_CODE = "编号"
LABEL_TITLE = "标题 *"
LABEL_TEXT = "全文"
LABEL_LEAD_UNITS = "牵头单位 *"
LABEL_CO_UNITS = "配合单位"
LABEL_PHASE = "阶段"
LABEL_DEADLINE = "完成时限"
LABEL_RECURRENCE = "重复"
LABEL_DONE = "已完成"
LABEL_UNIT_NAME = "名称 *"
LABEL_SHORT_NAME = "简称"
LABEL_KIND = "类型"
LABEL_CONTACT = "联系人"
LABEL_PHONE = "电话"
LABEL_ALIASES = "别名"
LABEL_MEMBERS = "成员单位"
LABEL_MAIN_PHASE = "主要实施阶段(未分阶段的任务归入此阶段)"
LABEL_DESCRIPTION = "阶段工作要求"
HINT_UNITS = "多个单位用“、”分隔,可写简称或别名"
HINT_DATE = "如 2026-06-30,可留空"
HINT_DEADLINE = "留空则取阶段结束日期,再取方案结束日期"
PHASE_DEFAULT_OPTION = "(默认:主要实施阶段)"
RECURRENCE_NONE_OPTION = "不重复"
RECURRENCE_CUSTOM_OPTION = "{label}(原有规则)"
BUTTON_SAVE = "保存 Ctrl+S"
BUTTON_CANCEL = "取消 Esc"
SAVED_TASK = "已保存任务“{title}”。"
SAVED_UNIT = "已保存单位“{name}”。"
SAVED_PHASE = "已保存阶段“{name}”。"
DELETED = "已删除“{name}”。"
CONFIRM_DELETE_TASK = "确定删除任务“{title}”吗?\n其责任单位、指标和季度报告将一并删除(修改记录中留存)。"
CONFIRM_DELETE_UNIT = "确定删除单位“{name}”吗?"
CONFIRM_DELETE_PHASE = "确定删除阶段“{name}”吗?\n该阶段下的 {count} 项任务将归入主要实施阶段。"
CONFIRM_TITLE = "请确认"
NOTHING_SELECTED = "请先选中一行。"
CANNOT_EDIT_NO_PHASE = "“未分阶段”不是一个阶段,无法编辑或删除。"
MARKED_DONE = "已将“{title}”标记为完成。"
MARKED_UNDONE = "已将“{title}”改为未完成。"

# --- help -----------------------------------------------------------------------------------------
HELP_TITLE = "快捷键"
HELP_SCOPES = {
    "app": "全局",
    "main": "主界面",
    "detail": "任务详情",
    "form": "表单",
    "confirm": "确认对话框",
    "import_source": "导入工作方案:选择文件",
    "import_review": "导入工作方案:核对",
    "report_entry": "季度填报",
    "unsaved": "未保存的填报",
    "report_forms": "填报表:生成与导入",
}
HELP_FOOTER = "按 Esc 或 q 关闭"
HELP_EXTRA = [
    ("Tab / Shift+Tab", "在筛选框、左侧列表和右侧任务列表之间移动"),
    ("↑ ↓ PgUp PgDn", "在列表中移动"),
    ("Enter", "左侧列表:进入右侧任务列表;任务列表:打开任务详情"),
]

# --- command palette ------------------------------------------------------------------------------
CMD_VIEW_UNITS = ("按单位查看", "列出各责任单位及其任务")
CMD_VIEW_PHASES = ("按阶段查看", "列出各阶段及其进度和任务")
CMD_NEW_TASK = ("新增任务", "手工录入一项任务")
CMD_NEW_UNIT = ("新增单位", "新增责任单位、乡镇、街道或单位组")
CMD_NEW_PHASE = ("新增阶段", "为工作方案新增一个阶段")
CMD_IMPORT = ("导入工作方案", "从 Word、网页或文本文件导入工作方案,核对后写入台账")
CMD_REPORTS = ("季度填报", "录入各单位的季度进展报告")
CMD_HELP = ("快捷键帮助", "列出所有快捷键")
CMD_QUIT = ("退出", "退出台账")
PALETTE_PLACEHOLDER = "搜索命令…"

# --- command line ---------------------------------------------------------------------------------
CLI_HELP = "台账:质量创建联席会议办公室的工作台账(终端程序)。不带子命令时打开台账。"
CLI_DB_HELP = "台账文件路径(默认:用户数据目录下的 taizhang.db;也可用环境变量 TAIZHANG_DB 指定)"
CLI_DEMO_HELP = "创建演示台账(虚构的青溪县工作方案)并打开。"
CLI_DEMO_DB_HELP = "演示台账文件路径(默认:用户数据目录下的 demo.db)"
CLI_NO_OPEN_HELP = "只创建演示台账,不打开界面"
CLI_DEMO_CREATED = "已创建演示台账:{path}(单位 {units} 个,任务 {tasks} 项,阶段 {phases} 个)"
CLI_ERROR = "错误:{message}"

# --- plan import (ledger side) ----------------------------------------------------------------------
CLI_IMPORT_HELP = "导入工作方案(.txt/.docx/.html):解析任务、责任单位、阶段和时限,写入台账。"
CLI_DRY_RUN_HELP = "只解析并显示结果,不写入台账"
CLI_JSON_HELP = "以 JSON 输出解析结果(供其他程序读取)"
IMPORT_NOTHING_FOUND = "没有在 {path} 中找到工作任务或阶段。请确认这是一份工作方案,或把正文复制为文本后再导入。"
IMPORT_SUMMARY = "《{title}》:任务 {tasks} 项,阶段 {phases} 个,警告 {warnings} 条。"
IMPORT_SAVED_NEW = "已导入台账:新增任务 {added} 项。"
IMPORT_SAVED_UPDATE = "已更新台账中的同一方案:新增 {added} 项,修改 {changed} 项,删除 {removed} 项。"
IMPORT_KEPT_WITH_REPORTS = "以下任务已不在新方案中,但已有季度报告,予以保留:{tasks}"
IMPORT_NEW_UNITS = "新建单位 {count} 个:{names}"
IMPORT_DRY_RUN_NOTE = "(试运行,未写入台账)"
IMPORT_WARNING_LINE = "  警告 [{where}] {message}"
ERR_PLAN_TITLE_EMPTY = "方案标题不能为空。"
ERR_MERGE_FIRST = "这是第一项任务,前面没有可以合并进去的任务。"
ERR_IMPORT_NOTHING_KEPT = "所有任务都已标为不导入,没有可保存的内容。按 d 可恢复任务。"
IMPORT_TASK_LINE = "  {code} {title} —— {units}"
UNTITLED_PLAN = "(未识别标题)"
HISTORY_CHANGED_FIELDS = "({fields})"

# === plan import (store.importing.plan_import) ===========================================================
# --- reading files (PlanReadError) ----------------------------------------------------------------
ERR_FILE_NOT_FOUND = "找不到文件“{name}”。请检查文件路径是否正确。"
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
W_UNIT_FRAGMENT = "责任单位“{name}”不完整(可能被截断),已略去,请对照原件补上。"
W_UNIT_ODD = "“{name}”不像单位名称,请核对责任单位。"
W_UNNUMBERED_TASKS = "文中的任务没有编号,已把每段后面写有责任单位的段落当作一项任务,请核对。"
W_TASKS_FROM_PHASES = "没有找到任务章节,已把各阶段下列出的工作当作任务(时限按所在阶段),请核对。"
W_CHAPTER_AS_TASK = "这一章本身写明了责任单位和目标,已作为一项总任务导入(其下各项另有责任单位),请核对。"
W_ITEMS_AS_TASKS = "没有找到分层的任务清单,已把每个编号项当作一项任务,请核对。"
W_UNITS_AFTER_LIST = "责任单位写在各项措施之后,已用于本组 {count} 项:{units}。"
W_NO_TASK_CHAPTER = "没有找到列出工作任务的章节(如“工作任务”“主要任务”),已按编号最多的章节识别任务,请核对。"
W_RECALLED = "这份方案以前导入过:原文没有改动的 {count} 处,已照上次的审核结果删去或改正;原文改动过的条目按新原文列出。"
W_NOTICE_ONLY = "这份文件只是印发通知,没有工作任务;方案正文(通常在附件里)请另行导入。已读出通知的标题、文号等信息。"
W_NO_TASKS = "没有识别出任何工作任务。请确认文件是工作方案正文,编号(一、(一) 1.)是否完整。"
W_NO_STRUCTURE = "文档里没有找到“一、”“(一)”“1.”这样的编号,无法划分章节和任务。"
W_NUMBER_GAP = "编号不连续:“{prev}”之后是“{got}”,可能漏了一项或编号有误。"
W_PHASE_NO_DATE = "没有写明这个阶段的起止时间,请在台账中补上。"
W_PHASE_DATE_UNPARSED = "无法理解阶段时间“{text}”,请在台账中手工填写。"
W_DEADLINE_NO_YEAR = "时限“{text}”没有写年份,方案里也找不到年份,时限暂不填写,请在台账中补上。"
W_YEAR_ASSUMED = "时间“{text}”没有写年份,按 {year} 年理解,请核实。"
W_NO_TITLE = "没有找到方案标题(以“方案”“计划”“意见”结尾的一行),请手工填写。"
W_NO_ISSUE_DATE = "没有找到印发日期(成文日期),请在台账中手工填写。"
W_SPLIT_RUN_ON = "全文没有分段,已按编号(一、(一) 1.)自动分段,请核对任务划分。"
W_INTERNAL = "解析时出现意外错误({detail}),结果可能不完整,请对照原件人工核对。"

# === the 导入工作方案 screens =======================================================================
KEY_IMPORT = "导入方案"
KEY_PARSE = "解析"
KEY_NEXT_WARNING = "下一条提示"
KEY_DROP = "不导入/恢复"
KEY_MERGE = "并入上一项"
IMPORT_SOURCE_TITLE = "导入工作方案"
IMPORT_SOURCE_HINT = (
    "选择方案文件(.docx、.txt、.html),按 Enter 解析;或切换到“粘贴文字”,粘贴从网页复制的正文后按 Ctrl+S。"
    "解析后先核对,确认无误才写入台账。"
)
IMPORT_TAB_FILE = "选择文件"
IMPORT_TAB_PASTE = "粘贴文字"
IMPORT_PATH_PLACEHOLDER = "文件路径,例如 D:\\方案\\质量强县工作方案.docx"
IMPORT_PASTE_HINT = "把方案正文粘贴到下面(Ctrl+V 或终端的粘贴),然后按 Ctrl+S 解析。"
IMPORT_PASTED_SOURCE = "(粘贴的文字)"
IMPORT_READING = "正在读取并解析“{name}”……"
ERR_IMPORT_NO_PATH = "请先填写或选择要导入的方案文件。"
ERR_IMPORT_NO_TEXT = "请先粘贴方案正文。"
ERR_IMPORT_NOTICE_ONLY = "{source}只是印发《{title}》的通知,没有工作任务。请导入方案正文(通常是通知的附件)。"
ERR_IMPORT_NOTHING = "没有在{source}中识别出工作任务。请确认这是一份工作方案的正文,编号(一、(一) 1.)是否完整。"
IMPORT_REVIEW_TITLE = "核对导入:《{title}》"
IMPORT_UNTITLED = "(无标题)"
IMPORT_SUMMARY_LINE = "任务 {tasks} 项{dropped} · 阶段 {phases} 个 · 责任单位 {units} 个(新建 {new} 个) · 提示 {warnings} 条"
IMPORT_SUMMARY_DROPPED = "(另有 {count} 项不导入)"
IMPORT_SUMMARY_NEW_PLAN = "这是一份新方案,保存后加入台账。"
IMPORT_SUMMARY_UPDATE = "台账中已有同一方案,保存将更新它:新增 {added} 项,修改 {changed} 项,删除 {removed} 项。"
IMPORT_REVIEW_KEYS = "Enter/e:修改\nd:不导入/恢复\nm:并入上一项\nw:下一条提示\nCtrl+S:保存\nEsc:返回"
NODE_PLAN = "方案信息"
NODE_DOCUMENT_WARNINGS = "全文提示({count} 条)"
NODE_PHASES = "阶段({count} 个)"
NODE_UNITS = "责任单位({count} 个,新建 {new} 个)"
NODE_TASKS = "工作任务({count} 项)"
NODE_META_TITLE = "标题:{value}"
NODE_META_ISSUER = "发文机关:{value}"
NODE_META_DOC_NO = "文号:{value}"
NODE_META_ISSUED = "印发日期:{value}"
NODE_MISSING = "(未识别)"
NODE_MAIN_PHASE = "〔主要实施阶段〕"
NODE_DROPPED = "(不导入)"
NODE_UNIT_EXISTING = "已有单位“{name}”"
NODE_UNIT_LINKED = "→ 关联到“{name}”(记为别名)"
NODE_UNIT_NEW = "新建"
NODE_UNIT_TASKS = "{count} 项任务"
NODE_TASK_UNITS = "责任单位:{units}"
NODE_TASK_NO_UNITS = "责任单位:(未写明,{fallback})"
NODE_TASK_FALLBACK = "将交由“{name}”"
NODE_TASK_FALLBACK_NONE = "请补上"
NODE_TASK_PHASE = "阶段:{phase} · 时限:{deadline}"
NODE_TASK_LONG_TERM = "长期坚持"
NODE_TASK_RECURRENCE = "重复:{rule}"
NODE_TASK_TARGET = "指标:{target}"
NODE_WARNING = "⚠ {message}"
NODE_WARNING_AT = "⚠ {where}:{message}"
DETAIL_TEXT = "原文"
DETAIL_ORIGINAL = "繁体原文"
DETAIL_WARNINGS = "提示"
DETAIL_UNIT_TASKS = "承担的任务"
DETAIL_PHASE_DESCRIPTION = "阶段说明"
DETAIL_HINT_TASK = "Enter:修改标题、单位、阶段、时限\nd:不导入/恢复\nm:并入上一项"
DETAIL_HINT_PHASE = "Enter:修改名称和起止日期\nd:不导入/恢复"
DETAIL_HINT_UNIT = "Enter:改正单位名称,或关联到台账里已有的单位"
DETAIL_HINT_PLAN = "Enter:修改标题、发文机关、文号、印发日期"
ERR_IMPORT_NOTHING_HERE = "请先把光标移到任务、阶段、单位或方案信息上。"
ERR_MERGE_NOT_TASK = "只有任务可以并入上一项。"
ERR_DROP_NOT_ITEM = "只有任务和阶段可以标为不导入。"
IMPORT_DROPPED_NOTE = "“{title}”不导入"
IMPORT_RESTORED_NOTE = "“{title}”已恢复导入"
IMPORT_MERGED_NOTE = "已并入“{title}”"
IMPORT_NO_MORE_WARNINGS = "没有提示了。"
FORM_IMPORT_TASK = "修改导入的任务"
FORM_IMPORT_PHASE = "修改导入的阶段"
FORM_IMPORT_META = "修改方案信息"
FORM_IMPORT_UNIT = "核对责任单位“{name}”"
LABEL_PLAN_TITLE = "方案标题"
LABEL_ISSUER = "发文机关"
LABEL_DOC_NO = "文号"
LABEL_ISSUED = "印发日期"
LABEL_PHASE_NAME = "阶段名称"
LABEL_START = "开始日期"
LABEL_END = "结束日期"
LABEL_UNIT_IS = "这个单位是"
HINT_UNIT_IS = (
    "填台账里已有的单位名称、简称或别名(可按 → 补全),导入时就归到该单位,原名称记为它的别名;"
    "填一个新名称则改正全部任务里的这个单位名。"
)
PHASE_NONE_OPTION = "(不分阶段)"
CONFIRM_IMPORT = "将《{title}》写入台账:\n{summary}\n确定保存吗?"
CONFIRM_IMPORT_NEW_UNITS = "将新建{count}个单位:{names}"
CONFIRM_QUIT_UNSAVED = "{what}尚未保存,退出将放弃这些内容。确定退出吗?"
FORM_UNSAVED_QUESTION = "“{form}”中填写的内容尚未保存。保存吗?"
UNSAVED_IMPORT = "导入的方案(已做修改)"
UNSAVED_REPORT = "季度报告的填报内容"
CONFIRM_DISCARD_IMPORT = "已做的修改尚未保存,返回将放弃这些修改。确定返回吗?"
IMPORT_SAVED = "《{title}》已写入台账:新增任务 {added} 项,修改 {changed} 项,删除 {removed} 项。"

# === search and status (查找、taizhang status) ======================================================
SEARCH_KINDS = {"task": "任务", "unit": "单位", "report": "报告"}
SEARCH_LATEST = "{quarter} {unit} {status}"
# A unit's own report, and a task's state as the chair reads it (reports.task_states).
UNIT_REPORT_WORDS = "{unit} {status}"
UNIT_REPORT_WORDS_QUARTER = "{quarter} {said}"
TASK_STATE_UNREPORTED = "{unit} 未报"
TASK_STATE_OTHER_LATE = "配合单位 {said}"
TASK_STATE_SEPARATOR = ";"
TASK_STATE_NONE = "尚无报告"
STATUS_HEADERS = ("编号", "任务", "灯", "截止", "牵头单位", "最新进展")
STATUS_UNIT_HEADERS = ("单位", "全称", "任务", "红灯", "黄灯", "已完成")
STATUS_UNIT_LINE = "{name}({short}) {kind} 联系人:{contact} {phone}"
STATUS_UNIT_COUNTS = "参与的任务(含所在成员单位组的任务){total} 项:红灯 {red},黄灯 {yellow},绿灯 {green},已完成 {done}"
STATUS_PHASE_LINE = "阶段:{phase}"
STATUS_UNITS_FOUND = "没有任务与“{query}”相符;相符的单位有 {count} 个(用 --unit 查看其一):"
STATUS_NO_REPORT = "未报"
STATUS_NO_TASKS = "没有符合条件的任务。"
STATUS_MORE = "只列出前 {limit} 项;用 --limit 0 列出全部。"
STATUS_NOTHING = "没有找到与“{query}”相符的任务或单位。"
STATUS_NOTHING_FILTERED = "没有符合条件的任务。"
ERR_STATUS_UNKNOWN_UNIT = "台账中没有“{name}”这个单位(全称、简称、别名、拼音首字母都没有找到)。"
ERR_STATUS_AMBIGUOUS_UNIT = "“{name}”可能是这些单位:{names}。请写全称或简称。"
ERR_STATUS_UNKNOWN_PHASE = "台账中没有“{name}”这个阶段。现有阶段:{names}。"
ERR_STATUS_AMBIGUOUS_PHASE = "“{name}”可能是这些阶段:{names}。请写完整的阶段名称。"
CLI_STATUS_HELP = (
    "不打开界面,查询任务或单位的进展:taizhang status 抽检、taizhang status xsjj、"
    "taizhang status --unit 县市监局 --overdue。可按编号、标题、内容、单位名称、别名、拼音首字母和报告内容查找。"
    "有结果时退出码为 0,查无结果为 1,出错为 2。"
)
CLI_STATUS_UNIT_HELP = "只看这个单位的任务(全称、简称、别名或拼音首字母)"
CLI_STATUS_PHASE_HELP = "只看这个阶段的任务(阶段名称或其中一段)"
CLI_STATUS_OVERDUE_HELP = "只看红灯任务(已过截止日期未完成,或报告滞后)"
CLI_STATUS_LIMIT_HELP = "最多列出多少项任务(默认 50,0 为不限)"
CLI_DEMO_SCALE_HELP = (
    "生成大规模测试台账(固定随机种子):s 一个县(约 60 项任务、40 个单位、8 个季度报告),"
    "m 一个地市(约 1000 项任务、400 个单位、10 万份报告),l 一个省(约 1 万项任务、4000 个单位、100 万份报告)"
)
CLI_SCALE_CREATED = "已生成 {tier} 级测试台账 {path}:{units} 个单位、{tasks} 项任务、{reports} 份报告,用时 {seconds:.1f} 秒。"
ERR_SCALE_TIER = "规模“{tier}”不对,只能是 s、m 或 l。"

# === joint meetings and their agenda (会议议程) =======================================================
MEETING_KINDS = {"plenary": "全体会议", "liaison": "联络员会议"}
MEETING_DEFAULT_TITLE = "质量强县工作联席会议{quarter}{kind}"
ERR_MEETING_TIME = "开始时间“{text}”不对,请写成 09:00 这样的时:分。"
ERR_MEETING_KIND = "会议类型只能是全体会议或联络员会议。"
ERR_DECISION_NO_UNIT = "议定事项要写明牵头单位。"
DECISION_CODE = "议定{quarter}-{number}"
DECISION_LATEST = "最新报告:{said}"
DECISION_NO_REPORT = "尚无报告"
CN_DATE = "{year}年{month}月{day}日"
CN_DIGITS = "零一二三四五六七八九"
CN_TEN = "十"
CN_HUNDRED = "百"
CN_THOUSAND = "千"
AGENDA_SECRETARIAT = "创建办"
AGENDA_ALL_UNITS = "与会单位"
AGENDA_CHAIR_DEFAULT = "分管副县长"
AGENDA_BRIEFING = "创建办通报本季度工作进展情况"
AGENDA_BRIEF_TASKS = "截至{day},台账共有工作任务 {total} 项:已完成 {done} 项,绿灯 {green} 项,黄灯 {yellow} 项,红灯 {red} 项。"
AGENDA_BRIEF_REPORTS = (
    "本季度应报送进展报告的单位 {units} 个、报告 {expected} 份,已收到 {reported} 份(报送率 {rate}%),"
    "其中逾期报送 {late} 份;尚有 {missing} 个单位未报齐(名单见附件3)。"
)
AGENDA_BRIEF_OVERDUE = "超过完成时限仍未完成的任务 {count} 项(清单见附件2):"
AGENDA_BRIEF_NO_OVERDUE = "没有超过完成时限仍未完成的任务。"
AGENDA_TASK = "{code} {title}(责任单位:{units};时限:{deadline})"
AGENDA_DECISIONS = "通报前次会议议定事项落实情况"
AGENDA_DECISION_LINE = "{code} {title}(责任单位:{units};时限:{deadline})——{light},{latest}"
AGENDA_UNIT_TITLE = "{unit}汇报工作进展"
AGENDA_UNIT_REPORTS = "本季度报告:已报 {reported}/{expected} 项,其中迟报 {late} 项。"
AGENDA_UNIT_RED = "牵头的红灯任务 {count} 项,请重点说明原因和整改措施:"
AGENDA_WRITTEN = "其他成员单位书面汇报"
ERR_TASK_CHANGED_MEANWHILE = "这项任务在您编辑期间已被修改(撤销、其他界面或另一个窗口),这次没有保存,以免覆盖那次修改。请记下要改的内容,关闭表单后重新打开再改。"
ERR_UNIT_CHANGED_MEANWHILE = "这个单位在您编辑期间已被修改(撤销、其他界面或另一个窗口),这次没有保存,以免覆盖那次修改。请记下要改的内容,关闭表单后重新打开再改。"
ERR_REPORT_CHANGED_MEANWHILE = "这份报告在您填写期间已由其他窗口录入或更正,这次没有保存,以免覆盖。请记下填写的内容,关闭后重新打开本季度报告录入再核对。"
ERR_PHASE_CHANGED_MEANWHILE = "这个阶段在您编辑期间已被修改(撤销、其他界面或另一个窗口),这次没有保存,以免覆盖那次修改。请记下要改的内容,关闭表单后重新打开再改。"
ERR_MEETING_CHANGED_MEANWHILE = "这次会议在您编辑期间已被修改(撤销、其他界面或另一个窗口),这次没有保存,以免覆盖那次修改。请记下要改的内容,关闭表单后重新打开再改。"
ERR_AGENDA_CHANGED = "议程在此期间已被修改(撤销或另一个窗口),这次修改没有保存。已重新载入最新议程,请再改一次。"
AGENDA_WRITTEN_PRESENTER = "各成员单位"
AGENDA_WRITTEN_UNITS = "以下单位报告已报齐,牵头任务无红灯,以书面形式汇报:{units}。"
AGENDA_WRITTEN_UNREPORTED = "以下单位{quarter}报告尚未报齐,请会后补报:{units}。"
AGENDA_PROBLEMS = "研究协调存在问题"
AGENDA_PROBLEM_UNIT = "{unit}:{problems}。"
AGENDA_PROBLEM = "{problem}(涉及任务 {codes})"
AGENDA_PROBLEM_SEPARATOR = ";"
AGENDA_NO_PROBLEMS = "本季度各单位报告中未提出需要协调的问题。"
AGENDA_NEXT = "部署{quarter}重点工作"
AGENDA_NEXT_DUE = "下季度到期任务 {count} 项:"
AGENDA_NEXT_RECURRING = "下季度常规工作:"
AGENDA_RECURRING_LINE = "{day} {code} {title}(责任单位:{units})"
AGENDA_NEXT_NOTHING = "下季度没有到期任务和阶段变化。"
AGENDA_PHASE_STARTS = "“{name}”于{day}开始。"
AGENDA_PHASE_ENDS = "“{name}”于{day}结束。"
AGENDA_SPEECH = "领导讲话"
AGENDA_SCHEDULE = "会议议程"
AGENDA_ITEM_HEADING = "{number}、{title}"
AGENDA_ITEM_META = "{start}—{end} · {presenter} · {minutes} 分钟"
AGENDA_WHEN = "时间:{day} {time}"
AGENDA_PLACE = "地点:{place}"
AGENDA_CHAIR = "主持:{chair}"
AGENDA_ATTENDEES = "参加单位:{units}"
AGENDA_ALL_MEMBERS = "领导小组全体成员单位"
AGENDA_DATE_UNSET = "(日期待定)"
AGENDA_UNSET = "(待定)"
AGENDA_ATTACHMENT = "附件{number}:{title}"
AGENDA_ATTACH_NONE = "(无)"
AGENDA_DOC_TITLE = "{title}议程"
AGENDA_DOC_ITEM_META = "({start}—{end},{presenter},{minutes}分钟)"
AGENDA_DOC_ATTACHMENT = "附件{number}"
ERR_AGENDA_SUFFIX = "“{name}”:议程只能保存为 .docx(Word)或 .md(Markdown)。"
CLI_AGENDA_HELP = "生成季度联席会议议程(没有这次会议时先建立会议),输出 Word 或 Markdown。"
CLI_AGENDA_QUARTER_HELP = "会议听取哪个季度的进展,如 2026Q3;默认按会议日期推算"
CLI_AGENDA_DATE_HELP = "会议日期,如 2026-10-20"
CLI_AGENDA_TIME_HELP = "开始时间,如 09:00"
CLI_AGENDA_OUT_HELP = "保存到文件(.docx 或 .md);不写则在终端显示 Markdown"
CLI_AGENDA_CREATED = "已建立会议:{title}"
CLI_AGENDA_WRITTEN = "议程已保存到 {path}:{items} 项议程,共 {minutes} 分钟。"
AGENDA_ATTACH_PROGRESS = "各单位{quarter}工作进展情况表"
AGENDA_ATTACH_TOTAL = "合计"
# How a unit's tasks and lights are counted, the same on screen, in status, in Word and in Excel.
LIGHT_SCOPE = "单位参与的全部任务(牵头、配合,以及所在成员单位组承担的任务)"
LIGHT_SCOPE_NOTE = "注:任务数、已完成和红黄灯均按" + LIGHT_SCOPE + "计;一项任务有几个单位参与即计入几个单位,合计为各单位之和。"
AGENDA_ATTACH_PROGRESS_HEADERS = ("单位", "任务数", "已完成", "红灯", "黄灯", "已报/应报", "迟报")
AGENDA_ATTACH_OVERDUE = "逾期未完成任务清单"
AGENDA_ATTACH_OVERDUE_HEADERS = ("编号", "任务", "责任单位", "完成时限", "逾期天数", "最新报告")
AGENDA_ATTACH_MISSING = "{quarter}未报齐进展报告的单位"
AGENDA_ATTACH_MISSING_HEADERS = ("单位", "联系人", "电话", "缺报/应报")

# === quarterly reports (季度报告) ===================================================================
REPORT_STATUS = {"not_started": "未启动", "in_progress": "推进中", "done": "已完成", "late": "滞后", "paused": "暂缓"}
ERR_REPORT_STATUS = "“{text}”不是有效的进展状态,只能是:{choices}。"
ERR_REPORT_NOT_UNITS_TASK = "“{unit}”不承担任务“{task}”,不能为它填报。"
ERR_REPORT_PROGRESS = "完成进度“{value}”不对,应是 0 到 100 之间的整数。"
ERR_REPORT_RECEIVED_FUTURE = "接收日期 {day} 晚于今天,请更正。"
ERR_REPORT_RECEIVED_EARLY = "接收日期 {day} 早于{quarter}开始,请更正。"
ERR_REPORT_TARGET = "指标不属于这项任务。"
ERR_REPORT_UNKNOWN_TASK = "台账中没有编号或标题为“{code}”的任务。"
# .xlsx files from outside (filled report forms)
ERR_XLSX_UNREADABLE = "无法读取“{name}”:{detail}。"
ERR_XLSX_TOO_LARGE = "“{name}”超过 {mb} MB,不像是一份填报表,未导入。"
ERR_FORM_ID_SHEET_GONE = "“{name}”中隐藏的核对表(_taizhang)已被删除,无法确认每一行是哪项任务,未导入。请重新生成这个单位的填报表,把填写的内容复制过去后再导入。"
ERR_FORM_ROW_DELETED = "任务 {code} 的一行被删除了。请不要删除填报表中的行:没有进展的任务留空即可。"
ERR_FORM_MERGED = "单元格 {cells} 被合并了,合并会丢掉其中的内容。请取消合并并补全内容后再导入。"
ERR_FORM_PERCENT_FRACTION = "完成进度“{text}”不是整数。请填 0 到 100 的整数。"
ERR_FORM_CHANGED_SINCE = "任务 {code} 的报告在填报表生成后已在台账中更正为第 {revision} 版({ledger}),表中仍是生成时预填的旧内容({form})。为免用旧内容覆盖更正,未导入。请核对后在台账中直接修改,或重新生成填报表。"
ERR_XLSX_OLD_FORMAT = "“{name}”是旧版 Excel 97-2003 格式(.xls),请在 Excel 或 WPS 中“另存为”.xlsx 后再导入。"
ERR_XLSX_NOT_XLSX = "“{name}”不是 Excel 工作簿(.xlsx),未导入。如果它是用 WPS、LibreOffice 或记事本另存过的表格(.ods、.csv、.et 等),请用 Excel 或 WPS 打开,“另存为”Excel 工作簿(.xlsx)后再导入。"
ERR_XLSX_BOMB = "“{name}”解压后异常庞大(可能是恶意构造的文件),为安全起见未打开。"
ERR_XLSX_DAMAGED = "“{name}”已损坏或无法识别,请让填报单位重新保存后发送。"
# Excel report forms (季度报告填报表)
FORM_SHEET_NAME = "季度报告"
FORM_FILENAME = "{unit}_{quarter}报告.xlsx"
FORM_TITLE = "质量强县工作{quarter}进展情况报告表"
FORM_UNIT_LABEL = "填报单位"
FORM_QUARTER_LABEL = "报告季度"
FORM_DUE_LABEL = "报送截止"
FORM_INSTRUCTIONS = (
    "填表说明:请在白色单元格中填写,灰色单元格不能修改。“进展状态”从下拉列表中选择(未启动/推进中/已完成/滞后/暂缓);"
    "“完成进度”填 0 到 100 的整数;有量化指标的任务请在“指标实际值”列填写数字。请勿增删行、改动任务编号和内容。"
    "填好后请于 {due} 前原文件报送联席会议办公室。"
)
FORM_INSTRUCTIONS_LATE = (
    "填表说明:请在白色单元格中填写,灰色单元格不能修改。“进展状态”从下拉列表中选择(未启动/推进中/已完成/滞后/暂缓);"
    "“完成进度”填 0 到 100 的整数;有量化指标的任务请在“指标实际值”列填写数字。请勿增删行、改动任务编号和内容。"
    "报送截止日期 {due} 已过,请填好后尽快原文件报送联席会议办公室。"
)
FORM_FOOTER = "第 &P 页 共 &N 页"  # Excel header/footer codes: this page, the number of pages
OFFICE_NAME_DEFAULT = "质量创建联席会议办公室"  # the forms' author until the office is named (setting office_name)
FORM_HEADERS = (
    "任务编号", "工作任务", "完成时限", "本单位职责", "上季度情况", "进展状态", "完成进度(%)",
    "工作进展", "存在问题", "下步计划", "指标实际值",
)
FORM_TARGET_ROW = "指标:{target}"
FORM_PREVIOUS_NONE = "未报送"
# The sign-off block under the table: (label, what it holds); the unit fills in the cell beside each.
FORM_SIGNOFF = (
    ("填报人", "filled_by"), ("联系电话", "phone"), ("填报日期", "filled_on"), ("单位负责人(签字)", "head"),
)
FORM_SEAL = "单位(盖章)"
FORM_SIGNED = "填报人 {who}{phone}"
FORM_SIGNED_PHONE = "(电话 {phone})"
ERR_FORM_SIGNOFF_DATE = "填报日期“{text}”无法识别,请写成 2026年10月9日 这样的日期。"
ERR_FORM_SIGNOFF_TOO_LONG = "“{label}”超过 {limit} 字。"
ERR_FORM_SIGNOFF_EDITED = "签字栏“{label}”被改动过,请恢复原样。"
FORM_STATUS_PROMPT_TITLE = "进展状态"
FORM_STATUS_PROMPT = "请从下拉列表中选择"
FORM_STATUS_ERROR_TITLE = "进展状态不对"
FORM_STATUS_ERROR = "只能选择:未启动、推进中、已完成、滞后、暂缓。"
FORM_PROGRESS_ERROR_TITLE = "完成进度不对"
FORM_PROGRESS_ERROR = "请填写 0 到 100 之间的整数。"
FORM_NUMBER_ERROR_TITLE = "指标实际值不对"
FORM_NUMBER_ERROR = "请填写数字。"
FORM_ERROR_ROW = "第 {row} 行:{message}"
FORM_ERROR_CELL = "第 {row} 行“{column}”:{message}"
FORM_REFUSED = "“{name}”未导入,有 {count} 处需要更正:"
FORM_IMPORTED = "“{name}”已导入:{unit} {quarter},新增或更正 {changed} 项,与已有报告相同 {unchanged} 项,未填写 {blank} 项。"
ERR_FORMS_DIR = "无法创建文件夹“{path}”:{detail}。"
ERR_FORM_NOT_FORM = "“{name}”不是本系统生成的季度报告填报表,未导入。请用“生成填报表”发出的表格填报。"
ERR_FORM_OTHER_LEDGER = "“{name}”({unit})是另一个台账生成的填报表,与本台账的任务对不上,未导入。"
ERR_FORM_WRONG_QUARTER = "这是{form}的填报表,不是现在要导入的{chosen},未导入。"
ERR_FORM_UNIT_GONE = "填报表的单位“{unit}”已不在台账中,未导入。"
ERR_FORM_SHEET_GONE = "找不到工作表“{sheet}”,表格可能被改动过,未导入。"
ERR_FORM_HEADER_EDITED = "表头的填报单位或季度被改动过(应为“{unit}”“{quarter}”),未导入。"
ERR_FORM_STRUCTURE = "找不到表头(任务编号、工作任务……),表格结构可能被改动过,未导入。"
ERR_FORM_ROW_ADDED = "这一行不是表格原有的任务行(可能是新增或复制的行),请删除后再报送。"
ERR_FORM_ROW_UNKNOWN = "这一行的标识不对,表格可能被改动过。"
ERR_FORM_ROW_DUPLICATE = "这一行与上面某一行重复(可能是复制的行)。"
ERR_FORM_ROW_EDITED = "任务“{code}”的编号或内容被改动过,请恢复原样。"
ERR_FORM_TASK_GONE = "任务“{code}”已不在台账中。"
ERR_FORM_NOT_UNITS_TASK = "本单位已不再承担任务“{code}”。"
ERR_FORM_FORMULA = "是公式,请直接填写数值或文字。"
ERR_FORM_STATUS_MISSING = "填写了进展但没有选择进展状态。"
ERR_FORM_NOT_NUMBER = "“{text}”不是数字。"
ERR_FORM_PERCENT_RANGE = "“{text}”超出 0 到 100 的范围。"
ERR_FORM_TEXT_TOO_LONG = "超过 {limit} 字,请精简。"
ERR_FORM_TARGET_WITHOUT_STATUS = "填写了指标实际值,但这项任务没有选择进展状态。"
ERR_FORM_EMPTY = "“{name}”中没有填写任何任务的进展,未导入。"
# the 填报表 screen
KEY_FORMS = "填报表"
KEY_FORMS_RUN = "导入/生成"
FORMS_TITLE = "{quarter}填报表"
FORMS_TAB_IMPORT = "导入填好的表"
FORMS_TAB_WRITE = "生成填报表"
FORMS_IMPORT_HINT = (
    "选择一个单位报回的填报表(.xlsx),或输入一个文件夹路径后按 Ctrl+S 导入其中所有的表。"
    "每个文件要么整份导入{quarter}的报告,要么整份退回并列出要更正的行。"
)
FORMS_PATH_PLACEHOLDER = "填报表文件或文件夹路径"
FORMS_WRITE_HINT = "为{quarter}需要报告的 {units} 个单位各生成一份填报表(已报送的内容会预先填好)。保存到下面的文件夹,按 Ctrl+S 生成:"
FORMS_OUT_FOLDER = "{quarter}填报表"
FORMS_READING = "正在读取 {count} 个文件……"
FORMS_WRITING = "正在生成填报表……"
FORMS_IMPORT_DONE = "导入 {ok} 个文件,退回 {refused} 个。"
ERR_FORMS_NO_PATH = "请先选择或填写要导入的填报表。"
ERR_FORMS_NO_FOLDER = "请填写填报表要保存到的文件夹。"
ERR_FORMS_NO_FILE = "找不到“{path}”。"
ERR_FORMS_EMPTY_FOLDER = "文件夹“{path}”里没有 .xlsx 文件。"
CHASE_TITLE = "{quarter}报告催报清单(共 {count} 个单位)"
CHASE_NONE = "{quarter}报告:各单位均已报送。"
CHASE_UNIT = "{unit}  联系人:{contact}  电话:{phone}  缺报 {missing}/{expected} 项"
CHASE_TASK = "    {code} {title}"
CLI_REPORT_HELP = "季度报告:录入、查看缺报单位。"
CLI_REPORT_ADD_HELP = "录入(或更正)一份季度报告。"
CLI_REPORT_MISSING_HELP = "列出某季度尚未报送的单位和任务(催报清单)。"
CLI_REPORT_TASK_HELP = "任务编号(如 四.(一).4)或任务标题"
CLI_REPORT_UNIT_HELP = "单位名称、简称或别名"
CLI_QUARTER_HELP = "季度,如 2026Q3 或 2026年第三季度;默认为当前填报季度"
CLI_REPORT_STATUS_HELP = "进展状态:未启动、推进中、已完成、滞后、暂缓"
CLI_REPORT_PROGRESS_HELP = "完成进度(0–100)"
CLI_REPORT_DONE_HELP = "工作进展"
CLI_REPORT_PROBLEMS_HELP = "存在问题"
CLI_REPORT_NEXT_HELP = "下步计划"
CLI_REPORT_RECEIVED_HELP = "接收日期,默认今天"
CLI_REPORT_FORMS_HELP = "为各单位生成季度报告填报表(每个单位一个 .xlsx 文件)。"
CLI_REPORT_FORMS_OUT_HELP = "填报表保存到哪个文件夹"
CLI_REPORT_FORMS_UNIT_HELP = "只为这个单位生成(可重复)"
CLI_REPORT_FORMS_NONE = "{quarter}没有需要报告的单位,未生成填报表。"
FORMS_WRITTEN = "已生成 {count} 份{quarter}填报表,保存在 {path}:"
CLI_REPORT_IMPORT_HELP = "导入各单位填好的季度报告填报表(.xlsx);每个文件要么整份导入,要么整份退回并列出错误。"
CLI_REPORT_IMPORT_QUARTER_HELP = "只接受这个季度的填报表,如 2026Q3"
CLI_REPORT_SAVED = "已保存:{unit} {task} {quarter}报告(第 {revision} 版,{status})。"
CLI_REPORT_UNCHANGED = "内容与已有报告相同,未作改动:{unit} {task} {quarter}(第 {revision} 版)。"
REPORT_LINE = "{quarter} · {unit} · {status} · 第{revision}版 · 收到 {received}"
REPORT_PROGRESS = " {value}%"
REPORT_LATE_MARK = " 〔迟报〕"
REPORT_SUPERSEDED = " 〔已更正〕"
REPORT_WORK_DONE = "工作进展"
REPORT_PROBLEMS = "存在问题"
REPORT_NEXT_STEPS = "下步计划"
KEY_REPORTS = "季度填报"
KEY_DISCARD = "不保存"
KEY_SAVE_NEXT = "保存并下一项"
KEY_NEXT_TASK = "下一项"
KEY_PREVIOUS_TASK = "上一项"
KEY_NEXT_UNIT = "下一单位"
KEY_PREVIOUS_UNIT = "上一单位"
REPORT_UNSAVED_QUESTION = "这项填报已修改但尚未保存。保存吗?"
REPORT_ENTRY_TITLE = "季度填报"
LABEL_QUARTER = "季度"
LABEL_UNIT = "单位"
PICK_UNIT = "选择单位"
PICK_STATUS = "请选择进展状态"
REPORT_DONE_UNDER_100 = "状态选了“已完成”,但完成进度只有 {progress}%。"
REPORT_RECEIVED_FUTURE = "接收日期 {day} 晚于今天。"
REPORT_RECEIVED_EARLY = "接收日期 {day} 早于{quarter}开始。"
REPORT_SAVE_ANYWAY = "\n确定照此保存吗?"
ENTRY_UNIT_ALL_IN_NEXT = "本单位的任务已全部填报。按 F8 转到下一个单位:{unit}。"
ENTRY_UNIT_ALL_IN = "本单位的任务已全部填报,这也是最后一个单位。"
ERR_REPORT_NO_STATUS = "请先选择进展状态:没有选择状态的填报不算报告,也不会保存。"
LABEL_STATUS = "进展状态"
LABEL_PROGRESS = "完成进度(%)"
HINT_PROGRESS = "0 到 100 的整数,可不填"
LABEL_RECEIVED = "接收日期"
LABEL_ACTUAL = "实际值:{target}"
COL_REPORT = "本季报告"
UNIT_OPTION = "{name}(已报 {reported}/{expected})"
ENTRY_HEADING = "{quarter}:已报 {reported}/{total} 项"
ENTRY_NOTHING = "{quarter}该单位没有需要填报的任务。"
ENTRY_NOT_REPORTED = "未报"
ENTRY_LATE_SUFFIX = "·迟"
ENTRY_DEADLINE = "时限:{deadline}"
ENTRY_REVISION = "当前为第 {revision} 版,{who} 录入于 {at};修改后保存将生成新的一版,原版本保留。"
ENTRY_NEW = "尚未填报;保存后即为第 1 版。"
ENTRY_SAVED = "已保存 {task} 的报告(第 {revision} 版)。"
ERR_REPORT_ACTUAL = "实际值“{text}”不是数字。"
HINT_RECEIVED = "如 2026-10-08;晚于季度结束后第 {days} 天收到的记为迟报"

# === 填报情况 screen ===
# The report status screen: who has reported for a quarter, who to chase, who is always late, progress.
REPORT_STATUS_TITLE = "填报情况"
KEY_REPORT_STATUS = "填报情况"
CMD_REPORT_STATUS = ("填报情况", "查看各单位季度报告报送情况、催报清单、历季总览和工作进度")
HELP_SCOPES["report_status"] = "填报情况"
KEY_STATUS_ENTRY = "填报该单位"
KEY_NEXT_TAB = "切换页签"
KEY_TAB_QUARTER = "本季度"
KEY_TAB_CHASE = "催报清单"
KEY_TAB_HISTORY = "历季总览"
KEY_TAB_PROGRESS = "进度"
KEY_PREVIOUS_QUARTER = "上一季度"
KEY_NEXT_QUARTER = "下一季度"
KEY_COPY_CHASE = "复制催报清单"
KEY_EXPORT_TEXT = "导出文本"
KEY_EXPORT_XLSX = "导出Excel"
TAB_STATUS_QUARTER = "本季度"
TAB_STATUS_CHASE = "催报清单"
TAB_STATUS_HISTORY = "历季总览"
TAB_STATUS_PROGRESS = "进度"
SUBMISSION_SUMMARY = "应报 {expected} 项,已报 {reported} 项({percent}%),迟报 {late} 项;{units} 个单位缺报 {missing} 项;{due}"
SUBMISSION_NOTHING = "{quarter}没有需要报送的报告。"
SUBMISSION_DUE_PASSED = "截止 {day} 已过"
SUBMISSION_DUE_OPEN = "截止 {day} 未到"
SUBMISSION_LOADING = "正在统计……"
COL_EXPECTED = "应报"
COL_REPORTED = "已报"
COL_LATE = "迟报"
COL_MISSING = "缺报"
COL_SUBMISSION_STATE = "报送情况"
COL_CONTACT = "联系人"
COL_PHONE = "电话"
COL_MISSING_TASK = "缺报任务"
COL_LATE_QUARTERS = "迟报季"
COL_MISSING_QUARTERS = "缺报季"
SUBMISSION_STATES = {"complete": "已报齐", "late": "有迟报", "partial": "未报齐", "none": "未报"}
CHASE_HEADING = "{quarter}:{units} 个单位缺报 {missing} 项。按 c 复制,t 导出文本,x 导出 Excel。"
CHASE_COUNT = "{missing}/{expected}"
CHASE_COPIED = "催报清单已复制({units} 个单位),可直接粘贴到消息中。"
CHASE_EXPORTED = "催报清单已导出到 {folder}:\n{name}"
CHASE_FILE_STEM = "{quarter}催报清单_{day}"
CHASE_SHEET_NAME = "催报清单"
CHASE_XLSX_HEADERS = ("序号", "单位", "联系人", "电话", "缺报/应报", "任务编号", "缺报任务")
CHASE_XLSX_COUNT = "{missing}/{expected}"
CHASE_XLSX_AS_OF = "统计日期:{day}"
ERR_EXPORT_WRITE = "无法写入“{path}”:{detail}。"
HISTORY_MARKS = {"on_time": "✓", "late": "迟", "partial": "漏", "none": "缺", "pending": "待", "": ""}
HISTORY_LEGEND = "✓ 按时报齐  迟 有迟报  漏 部分未报  缺 全部未报  待 未到截止日  空白 无需报送;迟报多、缺报多的单位排在前面"
HISTORY_NOTHING = "还没有任何季度需要报送报告。"
PROGRESS_PHASES_HEADING = "各阶段"
PROGRESS_TOTAL = "全部任务已完成 {done}/{total} 项({percent}%);{quarter}已报 {reported}/{expected} 项({reported_percent}%)"
COL_TASKS_DONE = "已完成"
COL_DONE_SHARE = "完成率"
COL_QUARTER_REPORTED = "本季已报"
COL_REPORTED_SHARE = "报送率"
SHARE_CELL = "{part}/{whole}"
PERCENT_CELL = "{percent}%"
TREND_REPORTED_TITLE = "各季度报送率"
TREND_ON_TIME = "按时"
TREND_LATE = "迟报"
TREND_DONE_TITLE = "各季度末已完成任务"
TREND_DONE_TOTAL = "共 {total} 项任务"
TREND_NOTHING = "还没有可以画出的季度。"

# === meeting and agenda screens ===
# 会议 (the meetings list), the meeting form, 会议议程 (the agenda editor) and 议定事项 (decisions).
MEETINGS_TITLE = "会议"
KEY_MEETINGS = "会议"
CMD_MEETINGS = ("会议", "季度联席会议:新建会议,编辑和导出会议议程,记录议定事项")
HELP_SCOPES["meetings"] = "会议"
HELP_SCOPES["agenda"] = "会议议程"
HELP_SCOPES["decisions"] = "议定事项"
KEY_OPEN_AGENDA = "议程"
KEY_MOVE_UP = "上移"
KEY_MOVE_DOWN = "下移"
KEY_REGENERATE = "重新生成"
KEY_EXPORT_AGENDA = "导出"
KEY_DECISIONS = "议定事项"
KEY_OPEN_TASK = "查看任务"
COL_MEETING_DATE = "日期"
COL_MEETING_TIME = "时间"
COL_MEETING_KIND = "类型"
COL_MEETING_TITLE = "会议名称"
COL_MEETING_QUARTER = "季度"
COL_MEETING_PLACE = "地点"
COL_MEETING_AGENDA = "议程"
COL_MEETING_DECISIONS = "议定"
MEETING_DATE_UNSET = "待定"
MEETING_AGENDA_KEPT = "已保存"
MEETING_AGENDA_NONE = "-"
MEETINGS_HEADING = "共 {count} 次会议。Enter 打开议程,a 新建,e 编辑,d 删除。"
MEETINGS_EMPTY = "还没有会议。按 a 新建一次季度联席会议。"
FORM_NEW_MEETING = "新建会议"
FORM_EDIT_MEETING = "编辑会议"
LABEL_MEETING_QUARTER = "听取哪个季度的进展"
LABEL_MEETING_DATE = "会议日期"
LABEL_MEETING_TIME = "开始时间"
HINT_MEETING_TIME = "如 09:00 或 14:30"
LABEL_MEETING_PLACE = "地点"
LABEL_MEETING_CHAIR = "主持人"
LABEL_MEETING_KIND = "会议类型"
LABEL_MEETING_TITLE = "会议名称"
HINT_MEETING_TITLE = "留空则用灰字所示的名称"
LABEL_ATTENDEES = "参加单位"
HINT_ATTENDEES = "勾选上面一项则全体成员单位参加;也可只选部分单位(空格选中或取消)"
ERR_MEETING_NO_ATTENDEES = "请至少选择一个参加单位,或勾选全体成员单位。"
SAVED_MEETING = "已保存会议“{title}”。"
CONFIRM_DELETE_MEETING = "确定删除会议“{title}”吗?\n会议议程一并删除;已记录的议定事项仍作为任务保留。"
AGENDA_SCREEN_TITLE = "会议议程"
COL_AGENDA_TIME = "时间"
COL_AGENDA_ITEM = "议程事项"
COL_AGENDA_PRESENTER = "汇报/发言"
COL_AGENDA_MINUTES = "分钟"
AGENDA_SLOT = "{start}-{end}"
AGENDA_TOTAL = "共 {count} 项,{minutes} 分钟:{start} 开始,{end} 结束。"
AGENDA_STATE_GENERATED = "按台账生成,尚未保存(修改任何一处即保存)"
AGENDA_STATE_SAVED = "已保存,每次修改即时保存"
AGENDA_LOADING = "正在按台账生成议程……"
AGENDA_EMPTY = "议程是空的。按 a 新增一项,或按 g 按台账重新生成。"
AGENDA_DETAIL_META = "{start}-{end}  {presenter}  {minutes} 分钟"
AGENDA_DETAIL_EDITED = "手工修改过:{fields}"
AGENDA_DETAIL_MANUAL = "手工新增的事项"
AGENDA_FIELD_NAMES = {"title": "标题", "presenter": "汇报/发言", "minutes": "时长", "body": "内容"}
AGENDA_NO_BODY = "(没有内容)"
FORM_EDIT_AGENDA_ITEM = "编辑议程事项"
FORM_NEW_AGENDA_ITEM = "新增议程事项"
LABEL_PRESENTER = "汇报单位或发言人"
LABEL_MINUTES = "时长(分钟)"
LABEL_ITEM_BODY = "内容"
HINT_ITEM_BODY = "每行一段"
ERR_ITEM_TITLE = "议程事项要有标题。"
ERR_ITEM_MINUTES = "时长“{text}”不对,请写 0 到 600 之间的整数(分钟)。"
CONFIRM_REMOVE_ITEM = "确定从议程中删去“{title}”吗?\n以后按台账重新生成时也不会再加回来。"
CONFIRM_REMOVE_MANUAL_ITEM = "确定删去手工新增的“{title}”吗?"
CONFIRM_REGENERATE = (
    "按台账的最新情况重新生成议程吗?\n"
    "手工改过的标题、发言、时长和内容,新增的事项和删去的事项都会保留;其余内容按最新的报告更新。"
)
AGENDA_SAVED = "议程已保存。"
AGENDA_REMOVED = "已删去“{title}”。"
AGENDA_REGENERATED = "议程已按台账重新生成,手工修改都已保留。"
AGENDA_FILE_STEM = "{title}议程"
AGENDA_EXPORTED = "议程已导出到 {folder}:\n{names}"
DECISIONS_TITLE = "议定事项"
DECISIONS_HEADING = "{meeting}:议定事项 {count} 项,各作为任务跟踪。a 新增,Enter 查看任务。"
DECISIONS_EMPTY = "这次会议还没有记录议定事项。按 a 新增一项。"
COL_LATEST_REPORT = "最新报告"
FORM_NEW_DECISION = "新增议定事项"
LABEL_DECISION_TITLE = "议定事项 *"
HINT_DECISION_DEADLINE = "如 2027-03-31,可留空"
SAVED_DECISION = "已记录议定事项“{title}”,作为任务交牵头单位办理。"

# === backups and checks ===
ERR_BACKUP_EXISTS = "备份目标 {path} 已存在。请换一个文件名,以免覆盖已有文件。"
ERR_BACKUP_FAILED = "备份到 {path} 失败:{detail}。请检查磁盘空间和文件夹权限;台账未作任何改动。"
ERR_RESTORE_REFUSED = "不能用 {path} 恢复台账:{problems}当前台账未作任何改动。"
ERR_RESTORE_FAILED = "恢复台账 {path} 失败:{detail}。请检查磁盘空间和文件权限;恢复前的台账已在 backups 文件夹中备份。"
CHECK_MISSING = "文件 {path} 不存在。"
CHECK_UNREADABLE = "无法读取文件 {path}:{detail}。"
CHECK_NOT_SQLITE = "{path} 不是台账数据库文件(可能是其他类型的文件,或文件头已损坏)。"
CHECK_DAMAGED = "数据库文件已损坏:{detail}。"
CHECK_INTEGRITY = "完整性检查未通过:{detail}。"
CHECK_FOREIGN_KEYS = "有 {count} 条记录引用了不存在的数据(外键检查未通过,如表 {table})。"
CHECK_NOT_LEDGER = "{path} 不是台账文件(没有台账的版本记录)。"
CHECK_TOO_NEW = "{path} 由更新版本的台账程序创建(含本版本不认识的升级:{names}),请升级程序后再使用。"
CLI_BACKUP_HELP = "备份台账:用 SQLite 备份接口复制一份完整、一致的台账(默认存入台账旁的 backups 文件夹)。"
CLI_BACKUP_DONE = "已备份到 {path}。"
CLI_RESTORE_HELP = "用备份文件恢复台账:先检查备份文件,再备份当前台账,然后整体替换。请先关闭正在使用该台账的程序。"
CLI_RESTORE_CONFIRM = "用 {source} 替换当前台账 {target}?当前台账会先备份。"
CLI_RESTORE_CANCELLED = "已取消,台账未作任何改动。"
CLI_RESTORE_DONE = "已用 {source} 恢复台账 {target}。"
CLI_RESTORE_SAVED = "恢复前的台账已备份到 {path}。"
CLI_YES_HELP = "不再询问,直接执行。"
CLI_CHECK_HELP = "检查台账:完整性、外键和版本;发现问题时以非零状态退出。"
CLI_CHECK_OK = "台账 {path} 检查通过:完整性、外键和版本(第 {version} 版)均正常。"
CLI_CHECK_PROBLEMS = "台账 {path} 检查发现 {count} 个问题:"
CLI_CHECK_LATEST_BACKUP = "最近一份完好的备份是 {path},可用 taizhang restore {path} 恢复(当前台账会先备份)。"
CLI_CHECK_NO_BACKUP = "没有找到完好的备份。请勿继续写入此台账,并联系技术人员。"

# === the 查找 screen (Ctrl+F) ===
KEY_SEARCH = "查找"
KEY_SEARCH_RESULTS = "到结果列表"
SEARCH_TITLE = "查找任务、单位和报告"
SEARCH_PLACEHOLDER = "输入任务名称、编号、单位名称或拼音首字母(如 xsjj),繁体也可"
SEARCH_HINT = "边输入边查找;↓ 到结果列表,Enter 打开,Esc 关闭。"
SEARCH_FOUND = "找到 {count} 项(最多显示 50 项);↓ 到结果列表,Enter 打开。"
SEARCH_NOTHING = "没有找到与“{query}”相关的任务、单位或报告。"
COL_SEARCH_KIND = "类别"
COL_SEARCH_TITLE = "名称"
COL_SEARCH_DEADLINE = "时限"
COL_SEARCH_LEAD = "牵头单位"
COL_SEARCH_LATEST = "最新报告"
CMD_SEARCH = ("查找", "按名称、编号、单位、拼音首字母或报告内容查找 (Ctrl+F)")
HELP_SCOPES["search"] = "查找"

# === history and undo (历史) ===
HISTORY_ENTITIES = {
    "plans": "工作方案",
    "sections": "章节",
    "phases": "阶段",
    "units": "单位",
    "unit_aliases": "单位别名",
    "group_members": "成员单位",
    "tasks": "任务",
    "task_units": "责任单位",
    "targets": "指标",
    "reports": "季度报告",
    "report_actuals": "指标完成值",
    "meetings": "会议",
    "meeting_attendees": "参会单位",
    "import_memory": "导入记录",
    "report_signoffs": "填报人信息",
}
HISTORY_OPS = {"insert": "新增", "update": "修改", "delete": "删除"}
# Column names shown in a change's details; columns not listed (ids, ord, timestamps) are not shown.
HISTORY_FIELDS = {
    "title": "标题",
    "code": "编号",
    "text": "全文",
    "deadline": "完成时限",
    "rrule": "重复",
    "done": "已完成",
    "done_on": "完成日期",
    "phase_id": "阶段",
    "section_id": "章节",
    "plan_id": "工作方案",
    "meeting_id": "来源会议",
    "source": "来源",
    "task_id": "任务",
    "unit_id": "单位",
    "role": "职责",
    "name": "名称",
    "short_name": "简称",
    "kind": "类型",
    "contact": "联系人",
    "phone": "电话",
    "alias": "别名",
    "group_id": "牵头组",
    "member_id": "成员单位",
    "start": "开始日期",
    "end": "结束日期",
    "is_main": "主要实施阶段",
    "description": "阶段工作要求",
    "issuer": "发文机关",
    "doc_no": "文号",
    "issued": "印发日期",
    "quarter": "季度",
    "revision": "版本",
    "status": "进展状态",
    "progress": "完成进度(%)",
    "work_done": "工作进展",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "received": "接收日期",
    "recorded_by": "录入人",
    "metric": "指标",
    "comparator": "比较",
    "value": "数值",
    "unit": "计量单位",
    "year": "年份",
    "target_id": "指标",
    "date": "日期",
    "start_time": "开始时间",
    "place": "地点",
    "chair": "主持人",
    "agenda_json": "议程",
}
HISTORY_IMPORT = "导入工作方案《{title}》"
HISTORY_IMPORT_COUNTS = "(任务:新增 {added},修改 {changed},删除 {removed})"
HISTORY_REPORT_FIRST = "填报"
HISTORY_REPORT_CORRECTED = "更正"
HISTORY_MARK_DONE = "标记完成"
HISTORY_MARK_UNDONE = "取消完成"
HISTORY_AGENDA = "修改议程"
HISTORY_AND_MORE = "等 {count} 项"
HISTORY_UNDO_OF = "撤销:{summary}"
HISTORY_LEGACY = "(升级前的记录)"
HISTORY_NOTHING_TO_UNDO = "没有可以撤销的变更。"
HISTORY_ALREADY_UNDONE = "这项变更已经撤销过了。"
HISTORY_NOT_UNDOABLE = "这项变更是升级前记录的,没有保存完整的原值,无法撤销。"
HISTORY_UNDO_IS_UNDO = "这项变更本身是一次撤销;要恢复,请撤销它之后的变更。"
HISTORY_UNDO_CONFLICT = (
    "无法撤销“{summary}”:{entity}“{name}”在这之后又被修改过。请先撤销之后的变更,或直接修改。台账未作任何改动。"
)
HISTORY_UNDO_DONE = "已撤销:{summary}"
HISTORY_YES = "是"
HISTORY_NO = "否"
HISTORY_EMPTY_VALUE = "(空)"
HISTORY_REPORT_BATCH = "{verb} {unit} {quarter} 季度报告 {count} 项"

# === the 历史 screen: the history list, undo in the UI, a task's history ===
HELP_SCOPES["history"] = "历史"
HISTORY_LIST_TITLE = "历史"
KEY_HISTORY = "历史"
KEY_UNDO = "撤销"
KEY_HISTORY_DETAILS = "明细"
CMD_HISTORY = ("历史", "台账的全部变更:谁、何时、改了什么;可按任务或单位筛选,可撤销最近一次变更")
CMD_UNDO = ("撤销上一次变更", "撤销最近一次变更(先确认);撤销也记入历史")
HISTORY_LIST_ALL = "全部变更"
HISTORY_LIST_SCOPE_TASK = "只看:任务 {name}"
HISTORY_LIST_SCOPE_UNIT = "只看:单位 {name}"
HISTORY_LIST_SCOPE_NONE = "没有找到与“{query}”相符的任务或单位"
HISTORY_LIST_GONE = "(已删除,编号 {id})"
HISTORY_LIST_LOADING = "正在读取变更记录"
HISTORY_LIST_COUNT = "共 {count} 项变更,最新的在上。"
HISTORY_LIST_COUNT_MORE = "已读出最近 {count} 项变更;移到最后一行时继续读取。"
HISTORY_LIST_EMPTY = "还没有任何变更记录。"
HISTORY_LIST_EMPTY_SCOPE = "没有与它有关的变更记录。"
COL_HISTORY_AT = "时间"
COL_HISTORY_WHO = "操作人"
COL_HISTORY_SUMMARY = "内容"
COL_HISTORY_ROWS = "行数"
COL_HISTORY_STATE = "状态"
HISTORY_LIST_UNDONE = "已撤销"
HISTORY_LIST_IS_UNDO = "撤销"
HISTORY_LIST_LEGACY = "旧记录"
HISTORY_DETAILS_TITLE = "变更明细"
HISTORY_DETAILS_HEAD = "{at}  {who}  {summary}"
HISTORY_DETAILS_UNDONE_BY = "这项变更已于 {at} 撤销。"
HISTORY_DETAILS_UNDO_OF = "这是一次撤销,撤销的是 {at} 的“{summary}”。"
HISTORY_DETAILS_COL_FIELD = "项目"
HISTORY_DETAILS_COL_OLD = "原值"
HISTORY_DETAILS_COL_NEW = "新值"
HISTORY_DETAILS_MORE = "另有 {count} 处改动未列出。"
HISTORY_DETAILS_NOTHING = "选中一项变更,这里列出它改了什么。"
HISTORY_DETAILS_NO_ROWS = "这项变更没有保存逐项的原值和新值。"
HISTORY_CONFIRM_UNDO = "撤销下面这项变更吗?\n\n{at}  {who}\n{summary}\n\n它改动的内容将恢复原样;撤销本身也记入历史。"
SECTION_TASK_HISTORY = "历史"
TASK_HISTORY_HINT = "(最近 {count} 项;按 h 查看全部和明细)"
TASK_HISTORY_UNDONE = "(已撤销)"

# === the ledger file: path problems, full disk, busy, damage (store.ledger.db) =======================
ERR_LEDGER_READ_ONLY = (
    "台账文件 {path} 是只读的,程序无法保存改动。请把它复制到可以写入的文件夹(如“文档”)后用 "
    "taizhang --db 新路径 打开,或在文件属性中取消“只读”、开放写入权限。台账未作任何改动。"
)
ERR_LEDGER_FOLDER_READ_ONLY = (
    "台账所在的文件夹 {folder} 不允许写入(程序要在台账旁边写入临时文件和 backups 备份)。请把台账 {path} "
    "复制到可以写入的文件夹(如“文档”)后用 taizhang --db 新路径 打开,或请管理员开放该文件夹的写入权限。"
    "台账未作任何改动。"
)
ERR_LEDGER_FOLDER_MISSING = (
    "文件夹 {folder} 不存在,无法在其中建立台账 {name}。请检查路径是否写错;如果确要在新文件夹中建立台账,"
    "请先建好该文件夹。"
)
ERR_LEDGER_FOLDER_NOT_DIR = "{folder} 是一个文件,不是文件夹,台账不能放在它里面。请检查 --db 给出的台账路径。"
ERR_DISK_FULL = (
    "磁盘已满,无法保存到台账 {path}。刚才的操作已全部撤回,台账未作任何改动。"
    "请清理磁盘空间(或把台账复制到空间充足的磁盘)后再试。"
)
ERR_LEDGER_BUSY = (
    "台账正被另一个窗口或程序占用(例如另一个窗口正在导入或保存),等了 {seconds} 秒仍未空出。"
    "刚才的操作没有保存,台账未作任何改动。请稍后再试;如果一直如此,请关闭其他打开此台账的窗口或程序。"
)
LEDGER_BUSY = "台账正被另一个窗口或程序占用,正在等待它空出,请稍候。"
ERR_LEDGER_IO = (
    "读写台账文件 {path} 时出错(存放它的磁盘或 U 盘可能已断开或损坏)。刚才的操作没有保存。"
    "请检查磁盘后再试;如果问题持续,请运行 taizhang check 检查台账。"
)
ERR_LEDGER_DAMAGED = "台账文件 {path} 已损坏(部分数据无法读取),程序不能再使用它,以免损失扩大。"
LATEST_BACKUP_FOR_DB = (
    "最近一份完好的备份是 {backup},可用 taizhang restore {backup} --db {ledger} 恢复(当前台账会先备份)。"
)
CLI_RESTORE_DB_HELP = "要恢复的台账文件(与 taizhang --db 相同;不写则为默认台账)。"

# === the 历史 screen (2): the filter's placeholder without spaces, so a narrow box cuts it instead of showing one word ===
HISTORY_LIST_FILTER_HINT = "只看一项任务或一个单位:输入编号、标题、单位简称或拼音首字母(如xsjj)"

# === the command palette: units and tasks as you type (issue 6) ===
PALETTE_SHOW_UNIT = "{name} · 显示该单位的任务"
PALETTE_DEADLINE = "截止 {deadline}"
PALETTE_LEAD = "牵头 {unit}"
HISTORY_UNDO_PARENT_GONE = (
    "无法撤销“{summary}”:{entity}“{name}”所属的记录在这之后已被删除。请先撤销那次删除。台账未作任何改动。"
)

# === undo from anywhere (Ctrl+Z) ===
HISTORY_UNDO_FINISH_FIRST = "请先保存或取消正在编辑的内容,再撤销。"

# === daily backup of a damaged ledger ===
ERR_DAILY_BACKUP_DAMAGED = (
    "今天的自动备份没有通过检查({detail}),台账 {path} 可能已损坏。已保留全部旧备份。"
    "请先运行 taizhang check 查看问题,再用其中完好的备份恢复。"
)
