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
    ("每年(年末)", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1"),
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
COMPARATORS = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于", "+": "新增"}
PHASE_SPAN = "{start} 至 {end}"
PHASE_NO_DATES = "未定"
LEAD_MARK = "(牵头)"
NO_PHASE = "未分阶段"
TARGET_YEAR = "({year}年)"
