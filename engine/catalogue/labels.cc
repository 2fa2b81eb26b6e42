#include "catalogue/labels.h"

#include <map>

namespace luodi::report_labels {

namespace {

struct Words {
  const char* zh;
  const char* en;
};

const std::map<std::string, Words>& words() {
  static const std::map<std::string, Words> w = {
      {"title", {"重点招商项目推进情况报告", "Key investment projects: progress report"}},
      // sections
      {"section_headline", {"主要指标", "Headline"}},
      {"section_funnel", {"项目推进阶段", "Stage funnel"}},
      {"section_lights", {"亮灯情况", "Warning lights"}},
      {"section_units", {"各责任单位", "By responsible unit"}},
      {"section_units_ranking", {"责任单位红黑榜", "Units ranked"}},
      {"section_leaders", {"各联系领导", "By linked leader"}},
      {"section_forecast", {"攻坚预测", "Forecast"}},
      {"target", {"目标阶段", "Target"}},
      {"expected_on", {"预计达到日期", "Expected on"}},
      {"outlook", {"预计结果", "Outlook"}},
      {"basis", {"预测依据", "Basis"}},
      {"outlook_met", {"预计完成", "met"}},
      {"outlook_at_risk", {"有风险", "at risk"}},
      {"outlook_will_miss", {"预计完不成", "will miss"}},
      {"forecast_met", {"预计按期完成", "Expected to meet the target"}},
      {"forecast_at_risk", {"有完不成风险", "At risk"}},
      {"forecast_will_miss", {"预计完不成", "Expected to miss"}},
      {"expected_start_ratio_percent", {"年末预计开工率", "Start ratio expected by 31 December"}},
      {"rank", {"名次", "Rank"}},
      {"light_reason", {"亮灯原因", "Why"}},
      {"section_blocked", {"受阻项目", "Blocked projects"}},
      {"section_land", {"用地指标", "Land"}},
      {"section_campaign", {"百日攻坚", "Campaign"}},
      {"section_burndown", {"攻坚进度（按周）", "Campaign burn-down (weekly)"}},
      {"section_projects", {"项目清单", "Projects"}},
      // headline metrics
      {"metric", {"指标", "Metric"}},
      {"value", {"数值", "Value"}},
      {"measure", {"单位", "Unit"}},
      {"unit", {"责任单位", "Responsible unit"}},
      {"key_projects", {"重点项目", "Key projects"}},
      {"cancelled", {"其中取消", "of which cancelled"}},
      {"active", {"在推进项目", "Active key projects"}},
      {"tier_50m_100m", {"5000万～1亿元项目", "Projects of 50–100 million yuan"}},
      {"tier_100m_plus", {"亿元以上项目", "Projects of 100 million yuan or more"}},
      {"total_investment_wan", {"总投资", "Total investment"}},
      {"total_investment_yi", {"总投资", "Total investment"}},
      {"started", {"已进场和已开工项目", "Site entry or later"}},
      {"start_ratio_percent", {"开工率", "Start ratio"}},
      {"fixed_asset_ytd_wan",
       {"本年完成固定资产投入", "Fixed-asset investment completed this year"}},
      {"fixed_asset_last_year_wan", {"去年同期完成固定资产投入", "Same period last year"}},
      {"fixed_asset_yoy_percent", {"同比增长", "Year on year"}},
      {"domestic_target_wan", {"内资任务数", "Domestic capital target"}},
      {"domestic_completion_percent", {"完成内资任务数", "Domestic target completed"}},
      {"pro_rata_percent", {"序时进度", "Pro-rata schedule"}},
      {"domestic_vs_pro_rata_points", {"超（欠）序时进度", "Ahead of (behind) schedule"}},
      {"foreign_arrived_ytd_usd_wan", {"本年实到外资", "Foreign capital arrived this year"}},
      {"foreign_arrived_last_year_usd_wan", {"去年同期实到外资", "Same period last year"}},
      {"foreign_yoy_percent", {"实到外资同比增长", "Foreign capital year on year"}},
      {"foreign_target_usd_wan", {"外资任务数", "Foreign capital target"}},
      {"foreign_completion_percent", {"完成外资任务数", "Foreign target completed"}},
      {"blocked", {"受阻", "Blocked"}},
      {"overdue", {"逾期", "Overdue"}},
      {"red", {"红灯", "Red"}},
      {"yellow", {"黄灯", "Yellow"}},
      {"land_need_mu", {"用地需求", "Land needed"}},
      {"land_secured_mu", {"已落实用地指标", "Land quota secured"}},
      {"land_shortfall_mu", {"缺用地指标", "Land quota short"}},
      {"pipeline", {"在谈项目", "Pipeline projects"}},
      {"city", {"城市", "City"}},
      {"province_total", {"全省合计", "Province total"}},
      // units of measure
      {"unit_projects", {"个", "projects"}},
      {"unit_wan", {"万元", "10k yuan"}},
      {"unit_yi", {"亿元", "100m yuan"}},
      {"unit_usd_wan", {"万美元", "10k USD"}},
      {"unit_percent", {"%", "%"}},
      {"unit_points", {"百分点", "points"}},
      {"unit_mu", {"亩", "mu"}},
      // columns
      {"stage", {"阶段", "Stage"}},
      {"at_stage", {"处于该阶段", "At this stage"}},
      {"reached", {"已达到", "Reached"}},
      {"reached_percent", {"达到比例（%）", "Reached (%)"}},
      {"light", {"灯色", "Light"}},
      {"projects", {"项目数", "Projects"}},
      {"leader", {"联系领导", "Linked leader"}},
      {"open_instructions", {"在办批示", "Open instructions"}},
      {"overdue_instructions", {"逾期批示", "Overdue instructions"}},
      {"kind", {"类型", "Kind"}},
      {"instruction_assignee", {"承办人", "Assignee"}},
      {"instruction_due", {"批示期限", "Instruction due"}},
      {"instruction_days_overdue", {"批示逾期天数", "Days overdue"}},
      {"ended_on", {"结束于", "Ended on"}},
      {"code", {"项目编号", "Code"}},
      {"name", {"项目名称", "Name"}},
      {"category", {"受阻类别", "Category"}},
      {"reason", {"原因", "Reason"}},
      {"owner", {"牵头部门", "Owner"}},
      {"since", {"受阻日期", "Since"}},
      {"days_blocked", {"受阻天数", "Days blocked"}},
      {"latest_instruction", {"最新批示", "Latest instruction"}},
      {"instruction_by", {"批示人", "By"}},
      {"instruction_on", {"批示日期", "On"}},
      {"campaign", {"攻坚行动", "Campaign"}},
      {"start", {"开始", "Start"}},
      {"end", {"结束", "End"}},
      {"day", {"第几天", "Day"}},
      {"days", {"总天数", "Days"}},
      {"days_left", {"剩余天数", "Days left"}},
      {"met", {"已完成", "Met"}},
      {"on_track", {"按计划推进", "On track"}},
      {"met_late", {"逾期完成", "Met late"}},
      {"recovered", {"曾滞后已追回", "Recovered"}},
      {"behind", {"滞后", "Behind"}},
      {"left", {"已退出", "Left the list"}},
      {"land_secured_this_year_mu", {"本年新落实指标（亩）", "Quota secured this year (mu)"}},
      {"provisional", {"暂定", "Provisional"}},
      {"provisional_mark",
       {"暂定（该年无节假日表）", "provisional (no holiday table for the year)"}},
      {"planned", {"计划完成节点", "Milestones due"}},
      {"expected", {"按标准工期应完成节点", "Expected at the standard pace"}},
      {"week_ending", {"周末日期", "Week ending"}},
      {"status", {"状态", "Status"}},
      {"investment_wan", {"总投资（万元）", "Investment (10k yuan)"}},
      {"due", {"节点期限", "Due"}},
      {"total", {"合计", "Total"}},
      // values
      {"light_red", {"红灯", "red"}},
      {"light_yellow", {"黄灯", "yellow"}},
      {"light_green", {"绿灯", "green"}},
      {"light_none", {"—", "—"}},
      {"status_active", {"推进中", "active"}},
      {"status_blocked", {"受阻", "blocked"}},
      {"status_cancelled", {"已取消", "cancelled"}},
      {"status_dropped", {"已剔除", "dropped"}},
      {"status_finished", {"已投产", "finished"}},
      {"kind_blocker", {"受阻", "blocker"}},
      {"kind_instruction_overdue", {"批示逾期", "instruction overdue"}},
      // notes
      {"note_population",
       {"重点项目按报告日的名单统计（剔除项目不计）；在推进项目不含已取消项目。",
        "Key projects are those on the list on the report date (dropped ones excluded); active "
        "ones "
        "exclude the cancelled."}},
      {"note_start_ratio",
       {"开工率 = 已进场或开工项目 ÷ 在推进项目，百分数四舍五入保留两位小数。",
        "Start ratio = projects at site entry or later ÷ active key projects, as a percentage "
        "rounded half-up to 2 decimals."}},
      {"note_investment",
       {"本年完成投资 = 报告日累计数 − 上年末累计数（按 luodi invest "
        "的填报）；同比以去年同日为准。",
        "Investment this year = the cumulative figure on the report date − that on 31 December "
        "(from luodi invest); year on year compares the same day last year."}},
      {"note_lights",
       {"灯色按报告日的节点期限和亮灯规则计算。",
        "Lights follow the due dates and light rules on the report date."}},
      // what-if refusals ({n}, {max}, {code}, {unit}, {running}, {waiting}, {seconds} filled in)
      {"whatif_too_many_events",
       {"推演方案有 {n} 个事件，超过上限 {max} 个（--whatif-max-events）",
        "the scenario has {n} events, over the limit of {max} (--whatif-max-events)"}},
      {"whatif_too_many_bytes",
       {"推演方案有 {n} 字节，超过上限 {max} 字节（--whatif-max-bytes）",
        "the scenario is {n} bytes, over the limit of {max} (--whatif-max-bytes)"}},
      {"whatif_other_unit",
       {"单位只能推演本单位的项目：{code} 属于{unit}",
        "a unit's scenario may move only its own projects: {code} is {unit}'s"}},
      {"whatif_busy",
       {"本市推演通道已满（{running} 个在算，{waiting} 个排队），请 {seconds} 秒后再试",
        "this city's what-if lane is full ({running} running, {waiting} waiting): try again in "
        "{seconds} s"}},
  };
  return w;
}

}  // namespace

std::string text(const std::string& id, Lang lang) {
  auto it = words().find(id);
  if (it == words().end()) return id;
  return lang == Lang::kEn ? it->second.en : it->second.zh;
}

}  // namespace luodi::report_labels
