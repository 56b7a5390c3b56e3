"""taizhang's store: the SQLite ledger, its domain rules, importers and exporters.

This package never imports textual, tui or screens (tests/test_import_hygiene.py enforces it).
Its sub-packages, each importing only those below it (import-linter contracts in pyproject.toml):

- ``samples``: the demo ledger and the generated ledgers;
- ``documents`` (meetings, decisions, the agenda and its Word file) | ``lookup`` (search, status,
  the main screen's pages);
- ``quarterly`` (reports, forms, exports, progress) | ``importing`` (plan parsing, review, saving);
- ``work``: units, tasks, phases, plans and the rules that judge them;
- ``ledger``: the file itself (connection, opener, schema, history, backups, settings);
- ``errors`` and ``strings`` (every Chinese text the user reads), the bottom layer.

Glossary — each Chinese domain term has exactly one English name in code:

=================  ==================
台账               ledger
工作方案           plan
章节 / (一)        section
阶段               phase
工作任务           task
责任单位           unit
牵头单位           lead unit (role ``lead``)
配合单位           co-unit (role ``co``)
成员单位 (组)      group / members
别名 / 简称        alias / short name
完成时限           own deadline
截止日期           effective deadline
指标               target
季度报告           quarterly report
联席会议           meeting
议定事项           decision
红黄绿灯           warning light
=================  ==================
"""
