// Messages: the reasons of lights and forecasts, the words of statuses,
// roles and event kinds, and the errors a user reads. {name} placeholders are
// filled from the message's arguments.
#include "catalogue/tables.h"

namespace luodi::catalogue {

const Table& message_table() {
  static const Table w = {
      // a digest's section past its listed projects (notify/digests.cc)
      {"digest_more", {"  …还有 {count} 项", "  … and {count} more"}},
      {"digest_more_at", {"  …还有 {count} 项，见 {link}", "  … and {count} more: {link}"}},
      // a light's reason (deadlines/deadline.cc, investment/pro_rata.cc)
      {"reason_no_light_cancelled", {"不亮灯：项目已取消", "no light: cancelled"}},
      {"reason_no_light_dropped", {"不亮灯：项目已剔除", "no light: dropped"}},
      {"reason_finished", {"已投产", "finished"}},
      {"reason_not_key", {"不亮灯：非重点项目", "no light: not on the key list"}},
      {"reason_blocked",
       {"受阻（{category}）已 {days} 天", "blocked ({category}) for {days} days"}},
      {"reason_overdue", {"逾期 {days} 天", "overdue by {days} days"}},
      {"reason_due", {"期限 {due}，剩余 {days} 天", "due {due}, {days} days left"}},
      {"reason_no_deadline", {"无期限", "no deadline"}},
      {"reason_days_left", {"距期限 {due} 还剩 {days} 天", "{days} days left until {due}"}},
      {"reason_yellow_since",
       {"自 {since} 起持续黄灯（{days} 天）：", "yellow since {since} ({days} days):"}},
      {"reason_instruction_overdue", {"批示逾期 {days} 天", "instruction overdue by {days} days"}},
      {"reason_investment_behind",
       {"投资落后序时进度 {points} 个百分点（已完成 {done}%，应完成 {due}%）",
        "investment {points} points behind schedule ({done}% done, {due}% due)"}},
      {"reason_investment_share",
       {"投资完成序时进度的 {share}%（低于 {threshold}%）",
        "investment at {share}% of schedule (under {threshold}%)"}},
      // a campaign outlook's reason (forecast/forecast.cc)
      {"outlook_reached", {"已达到{stage}", "reached {stage_id}"}},
      {"outlook_left", {"已退出攻坚名单", "left the list"}},
      {"outlook_blocked", {"受阻：解除前不会推进", "blocked: does not move until unblocked"}},
      {"outlook_no_duration",
       {"缺少达到{stage}的工期数据", "no duration known to reach {stage_id}"}},
      {"outlook_missed", {"已有节点未按期完成", "a milestone missed"}},
      {"outlook_expected", {"预计 {on} 达到{stage}", "{stage_id} expected {on}"}},
      {"outlook_after_end",
       {"预计 {on} 达到{stage}，晚于攻坚结束日（{end}）{days} 天",
        "{stage_id} expected {on}, {days} days after the end ({end})"}},
      // a forecast's basis (forecast/forecast.cc, views' forecast_json)
      {"basis_history", {"历史中位数（{n} 个样本）", "history (median of {n})"}},
      {"basis_history_longer",
       {"历史中位数（{m} 个样本中超过 {days} 天的 {n} 个）",
        "history (median of the {n} of {m} longer than {days} days)"}},
      {"basis_campaign", {"攻坚标准工期", "campaign"}},
      {"basis_limit", {"流程时限", "workflow limit"}},
      {"basis_reached", {"已达到", "reached"}},
      {"basis_rule_history",
       {"每个阶段取本市历史工期的中位数（该阶段样本满 5 "
        "个时），否则取攻坚标准工期，再否则取流程时限；"
        "阶段计时从进入该阶段或在该阶段最后一次解除受阻之日起算；受阻项目在解除前不会推进",
        "each stage takes the median of the city's history once it holds 5 or more samples of that "
        "stage, else the campaign's standard duration, else the workflow's time limit; a project's "
        "stage clock runs from the day it entered its stage or was last unblocked in it; a blocked "
        "project does not move until it is unblocked"}},
      {"basis_rule_campaign",
       {"每个阶段取攻坚标准工期，否则取流程时限；阶段计时从进入该阶段或在该阶段最后一次解除受阻之日"
        "起算；"
        "受阻项目在解除前不会推进",
        "each stage takes the campaign's standard duration, else the workflow's time limit; a "
        "project's stage clock runs from the day it entered its stage or was last unblocked in it; "
        "a blocked project does not move until it is unblocked"}},
      {"basis_rule_limits",
       {"每个阶段取流程时限；阶段计时从进入该阶段或在该阶段最后一次解除受阻之日起算；受阻项目在解除"
        "前不会推进",
        "each stage takes the workflow's time limit; a project's stage clock runs from the day it "
        "entered its stage or was last unblocked in it; a blocked project does not move until it "
        "is unblocked"}},
      // statuses, roles
      {"status_active", {"推进中", "active"}},
      {"status_blocked", {"受阻", "blocked"}},
      {"status_dropped", {"已剔除", "dropped"}},
      {"status_cancelled", {"已取消", "cancelled"}},
      {"status_finished", {"已投产", "finished"}},
      {"role_unit", {"责任单位", "unit"}},
      {"role_supervisor", {"督查", "supervisor"}},
      {"role_leader", {"领导", "leader"}},
      {"role_province", {"省级", "province"}},
      // province (issue 28)
      {"error_province_read_only",
       {"{user} 是省级用户：可查看各市，不能修改任何数据",
        "{user} is a province user: reads every city, writes none"}},
      {"error_city_name_blank", {"城市名称不能为空", "a city's name cannot be blank"}},
      {"error_city_rename_usage",
       {"用法：{command} --name 城市名称", "usage: {command} --name NAME"}},
      {"city_renamed", {"城市 {id} 已命名为 {name}", "city {id} is now named {name}"}},
      {"hint_targets_left_behind",
       {"提示：城市 {city} 没有自己的 {year} 年投资任务数（共用的 {file} 只属于默认城市）；"
        "加载：{command} 文件",
        "hint: city {city} has no {year} targets of its own (the shared {file} is the default "
        "city's alone); load them: {command} FILE"}},
      {"hint_city_unnamed",
       {"提示：城市 {cities} 尚未命名，暂以编号显示；命名：{command} --name 城市名称",
        "hint: city {cities} has no name yet and is shown by its id; name it: {command} --name "
        "NAME"}},
      // a project's timeline: each event in words (views/event_words.cc)
      {"event_created", {"录入项目（{stage}）", "created at {stage}"}},
      {"event_advanced", {"阶段推进：{from} → {to}", "advanced: {from} → {to}"}},
      {"event_blocked", {"受阻（{category}）：{reason}", "blocked ({category}): {reason}"}},
      {"event_unblocked", {"受阻已解除（{category}）", "unblocked ({category})"}},
      {"event_cancelled", {"项目取消", "cancelled"}},
      {"event_dropped", {"项目剔除", "dropped"}},
      {"event_reinstated", {"恢复推进", "reinstated"}},
      {"event_promoted", {"列入重点项目", "put on the key list"}},
      {"event_planned", {"督查计划：{due} 前达到{to}", "plan: reach {to} by {due}"}},
      {"event_plan_cleared", {"撤销督查计划", "plan cleared"}},
      {"event_instructed",
       {"批示（承办：{assignee}）：{text}", "instruction (to {assignee}): {text}"}},
      {"event_instructed_due",
       {"批示（承办：{assignee}，{due} 前办结）：{text}",
        "instruction (to {assignee}, due {due}): {text}"}},
      {"event_invested",
       {"投资进展：固定资产投资累计 {fixed} 万元",
        "investment: {fixed} (10,000 yuan) fixed assets to date"}},
      {"event_invested_foreign",
       {"投资进展：固定资产投资累计 {fixed} 万元，外资到位累计 {foreign} 万美元",
        "investment: {fixed} (10,000 yuan) fixed assets, {foreign} (10,000 USD) foreign capital to "
        "date"}},
      {"event_instruction_done", {"批示办结：{note}", "instruction done: {note}"}},
      {"event_updated", {"更新：{changes}", "updated: {changes}"}},
      {"event_corrected", {"更正：{what}", "correction: {what}"}},
      {"event_change", {"{field} {from} → {to}", "{field} {from} → {to}"}},
      {"empty_value", {"（空）", "(empty)"}},
      // errors (their codes stay the same in both languages)
      {"error_unknown_project", {"没有编号为 {code} 的项目", "unknown project {code}"}},
      {"error_unreadable",
       {"{field}应为{what}（收到 {got}）", "'{field}' must be {what} (got {got})"}},
      {"error_land_over",
       {"已落实用地 {secured} 亩，超过用地需求 {need} 亩",
        "land secured {secured} 亩 is more than the {need} 亩 needed"}},
      {"error_cumulative_lowered",
       {"{field}是累计数，本次 {after} 少于原有的 {before}；如系更正，请加 --correction",
        "'{field}' is cumulative: {after} is less than the {before} on record; "
        "give --correction if this corrects it"}},
      {"error_cumulative_lowered_on",
       {"{field}是累计数，本次 {after} 少于 {before_on} 报的 {before}；如系更正，请加 --correction",
        "'{field}' is cumulative: {after} is less than the {before} reported on {before_on}; "
        "give --correction if this corrects it"}},
      {"error_unknown_category",
       {"没有受阻类别 {category}（可选：{categories}）",
        "unknown blocker category '{category}' (categories: {categories})"}},
      // the inputs an error may be about (other than the attributes, named by
      // their spreadsheet headers)
      {"field_to", {"目标阶段", "to"}},
      {"field_on", {"日期", "on"}},
      {"field_due", {"期限", "due"}},
      {"field_reason", {"原因", "reason"}},
      {"field_category", {"受阻类别", "category"}},
      {"field_text", {"内容", "text"}},
      {"field_blocker", {"受阻事项", "blocker"}},
      {"field_instruction", {"批示", "instruction"}},
      {"field_assignee", {"承办单位", "assignee"}},
      {"field_owner", {"牵头部门", "owner"}},
      {"field_stage", {"阶段", "stage"}},
      {"field_note", {"说明", "note"}},
      {"field_evidence", {"佐证材料", "evidence"}},
      {"field_foreign_arrived_usd_wan", {"实际到位外资（万美元）", "foreign_arrived_usd_wan"}},
      {"field_correction", {"更正", "correction"}},
      {"error_required", {"缺少必填项：{field}", "'{field}' is required"}},
      {"error_instruction_due_before",
       {"批示期限 {due} 早于批示日期 {on}",
        "instruction due {due} is before the day it is given ({on})"}},
      {"error_plan_due_before",
       {"计划期限 {due} 早于下达日期 {on}", "plan due {due} is before the day it is given ({on})"}},
      {"refused_blocked",
       {"项目受阻（未解除的受阻事项：{blockers}），请先解除受阻再推进",
        "blocked by open blocker(s) {blockers}; unblock first"}},
      {"refused_status", {"项目{status}，不能执行此操作", "not allowed while {status}"}},
      {"error_evidence_missing",
       {"进入{stage}阶段需提供{evidence}",
        "stage {stage} needs evidence '{evidence}' ({label_zh}, {label_en})"}},
      {"error_no_token",
       {"请先登录：请求缺少令牌", "an Authorization: Bearer TOKEN header is required"}},
      {"error_unknown_token", {"令牌无效或已吊销", "unknown or revoked token"}},
      // import (issue 28): what an import reads past, and where it stops
      // (importer/project_import.cc, xlsx_reader.cc, column_map.cc)
      {"import_problems", {"{problems}", "{problems}"}},
      {"import_column_skipped",
       {"{where}：未知列“{column}”已跳过（加 --strict 则拒绝导入）",
        "{where}: unknown column '{column}' skipped (--strict refuses it)"}},
      {"import_total_row_skipped",
       {"{where}：合计行“{text}”已跳过", "{where}: total row '{text}' skipped"}},
      {"import_merged_cell", {"{cell}（合并单元格 {range}）", "{cell} (merged {range})"}},
      {"import_formula_uncalculated",
       {"公式未计算：请在 Excel 中保存后再导入",
        "formula not calculated: open and save it in Excel, then import again"}},
      {"import_formula_error",
       {"公式结果为错误值 {value}，请改正后再导入",
        "the formula's result is the error {value}: correct it, then import again"}},
      {"import_merged_limit",
       {"{file}：合并单元格过多（超过 {limit} 个）或其中文字过长，项目表不会如此",
        "{file}: more merged ranges (over {limit}) or more text in them than a project sheet "
        "has"}},
      {"import_merged_overlap",
       {"{where}：合并单元格 {range} 与 {other} 重叠",
        "{where}: merged range {range} overlaps {other}"}},
      {"import_map_not_mapping",
       {"列名对照表应为“表头: 字段”的映射",
        "a column map is a mapping of header words to luodi's columns (header: field)"}},
      {"import_map_bad_entry",
       {"表头和字段都应为非空文字", "a header word and its field must both be non-empty text"}},
      {"import_map_unknown_field",
       {"“{field}”不是可导入的字段（可选：{fields}）",
        "'{field}' is not a column luodi imports (columns: {fields})"}},
      {"import_map_duplicate", {"表头“{header}”出现两次", "header '{header}' appears twice"}},
  };
  return w;
}

}  // namespace luodi::catalogue
