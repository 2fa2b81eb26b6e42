#!/usr/bin/env bash
# The example city's year so far, as the supervisors recorded it: stage moves,
# blockers and the cancelled blanket project up to 2026-06-30, then the July
# adjustment of the key list (one hopeless project dropped, one promoted from
# the pipeline). Sourced by load.sh, which defines `luodi`.
luodi advance LX-2026-011 --to pre_review --on 2025-05-25 --by 督查科
luodi advance LX-2026-027 --to pre_review --on 2025-06-02 --by 督查科
luodi advance LX-2026-011 --to site_entry --on 2025-06-24 --by 督查科
luodi advance LX-2026-020 --to pre_review --on 2025-06-30 --by 督查科
luodi advance LX-2026-027 --to site_entry --on 2025-07-09 --by 督查科
luodi advance LX-2026-030 --to pre_review --on 2025-07-24 --by 督查科
luodi advance LX-2026-013 --to pre_review --on 2025-07-28 --by 督查科
luodi advance LX-2026-011 --to construction --on 2025-08-07 --by 督查科 --evidence permit=3307812025080011
luodi advance LX-2026-034 --to pre_review --on 2025-08-09 --by 督查科
luodi advance LX-2026-020 --to site_entry --on 2025-08-17 --by 督查科
luodi advance LX-2026-027 --to construction --on 2025-08-18 --by 督查科 --evidence permit=3307812025080027
luodi advance LX-2026-030 --to site_entry --on 2025-08-27 --by 督查科
luodi advance LX-2026-034 --to site_entry --on 2025-09-05 --by 督查科
luodi advance LX-2026-027 --to completion --on 2025-09-15 --by 督查科
luodi advance LX-2026-013 --to site_entry --on 2025-09-16 --by 督查科
luodi advance LX-2026-042 --to pre_review --on 2025-09-20 --by 督查科
luodi advance LX-2026-011 --to completion --on 2025-09-26 --by 督查科
luodi advance LX-2026-030 --to construction --on 2025-09-28 --by 督查科 --evidence permit=3307812025090030
luodi advance LX-2026-020 --to construction --on 2025-10-03 --by 督查科 --evidence permit=3307812025100020
luodi advance LX-2026-034 --to construction --on 2025-10-03 --by 督查科 --evidence permit=3307812025100034
luodi advance LX-2026-013 --to construction --on 2025-10-28 --by 督查科 --evidence permit=3307812025100013
luodi advance LX-2026-030 --to completion --on 2025-11-07 --by 督查科
luodi advance LX-2026-042 --to site_entry --on 2025-11-07 --by 督查科
luodi advance LX-2026-034 --to completion --on 2025-11-14 --by 督查科
luodi advance LX-2026-020 --to completion --on 2025-11-19 --by 督查科
luodi advance LX-2026-035 --to pre_review --on 2025-11-19 --by 督查科
luodi advance LX-2026-002 --to pre_review --on 2025-11-21 --by 督查科
luodi advance LX-2026-010 --to pre_review --on 2025-11-24 --by 督查科
luodi advance LX-2026-014 --to pre_review --on 2025-11-25 --by 督查科
luodi advance LX-2026-038 --to pre_review --on 2025-11-26 --by 督查科
luodi advance LX-2026-040 --to pre_review --on 2025-11-27 --by 督查科
luodi advance LX-2026-013 --to completion --on 2025-11-29 --by 督查科
luodi advance LX-2026-047 --to pre_review --on 2025-12-01 --by 督查科
luodi advance LX-2026-033 --to pre_review --on 2025-12-03 --by 督查科
luodi advance LX-2026-001 --to pre_review --on 2025-12-10 --by 督查科
luodi advance LX-2026-009 --to pre_review --on 2025-12-10 --by 督查科
luodi advance LX-2026-019 --to pre_review --on 2025-12-11 --by 督查科
luodi advance LX-2026-045 --to pre_review --on 2025-12-12 --by 督查科
luodi advance LX-2026-008 --to pre_review --on 2025-12-14 --by 督查科
luodi advance LX-2026-015 --to pre_review --on 2025-12-14 --by 督查科
luodi advance LX-2026-021 --to pre_review --on 2025-12-16 --by 督查科
luodi advance LX-2026-040 --to site_entry --on 2025-12-16 --by 督查科
luodi advance LX-2026-035 --to construction --on 2025-12-20 --by 督查科 --evidence permit=3307812025120035
luodi advance LX-2026-043 --to pre_review --on 2025-12-21 --by 督查科
luodi advance LX-2026-046 --to pre_review --on 2025-12-21 --by 督查科
luodi advance LX-2026-010 --to construction --on 2025-12-23 --by 督查科 --evidence permit=3307812025120010
luodi advance LX-2026-028 --to pre_review --on 2025-12-23 --by 督查科
luodi advance LX-2026-019 --to site_entry --on 2025-12-24 --by 督查科
luodi advance LX-2026-042 --to construction --on 2025-12-27 --by 督查科 --evidence permit=3307812025120042
luodi advance LX-2026-045 --to site_entry --on 2025-12-27 --by 督查科
luodi advance LX-2026-047 --to site_entry --on 2025-12-28 --by 督查科
luodi advance LX-2026-044 --to pre_review --on 2025-12-29 --by 督查科
luodi advance LX-2026-034 --to production --on 2025-12-30 --by 督查科
luodi advance LX-2026-016 --to pre_review --on 2025-12-31 --by 督查科
luodi advance LX-2026-020 --to production --on 2026-01-02 --by 督查科
luodi advance LX-2026-033 --to site_entry --on 2026-01-03 --by 督查科
luodi advance LX-2026-015 --to site_entry --on 2026-01-04 --by 督查科
luodi advance LX-2026-040 --to construction --on 2026-01-06 --by 督查科 --evidence permit=3307812026010040
luodi advance LX-2026-003 --to pre_review --on 2026-01-07 --by 督查科
luodi advance LX-2026-048 --to pre_review --on 2026-01-09 --by 督查科
luodi advance LX-2026-008 --to site_entry --on 2026-01-13 --by 督查科
luodi advance LX-2026-018 --to pre_review --on 2026-01-16 --by 督查科
luodi advance LX-2026-036 --to pre_review --on 2026-01-17 --by 督查科
luodi advance LX-2026-028 --to site_entry --on 2026-01-19 --by 督查科
luodi advance LX-2026-033 --to construction --on 2026-01-20 --by 督查科 --evidence permit=3307812026010033
luodi advance LX-2026-023 --to pre_review --on 2026-01-20 --by 督查科
luodi advance LX-2026-003 --to construction --on 2026-01-27 --by 督查科 --evidence permit=3307812026010003
luodi advance LX-2026-049 --to pre_review --on 2026-01-27 --by 督查科
luodi advance LX-2026-032 --to pre_review --on 2026-01-28 --by 督查科
luodi advance LX-2026-022 --to pre_review --on 2026-01-31 --by 督查科
luodi advance LX-2026-048 --to site_entry --on 2026-01-31 --by 督查科
luodi advance LX-2026-041 --to pre_review --on 2026-02-02 --by 督查科
luodi advance LX-2026-042 --to completion --on 2026-02-04 --by 督查科
luodi advance LX-2026-008 --to construction --on 2026-02-06 --by 督查科 --evidence permit=3307812026020008
luodi advance LX-2026-049 --to construction --on 2026-02-09 --by 督查科 --evidence permit=3307812026020049
luodi advance LX-2026-004 --to pre_review --on 2026-02-10 --by 督查科
luodi advance LX-2026-036 --to site_entry --on 2026-02-13 --by 督查科
luodi advance LX-2026-017 --to pre_review --on 2026-02-15 --by 督查科
luodi advance LX-2026-006 --to pre_review --on 2026-02-17 --by 督查科
luodi advance LX-2026-041 --to site_entry --on 2026-02-18 --by 督查科
luodi advance LX-2026-025 --to pre_review --on 2026-02-19 --by 督查科
luodi advance LX-2026-022 --to site_entry --on 2026-02-25 --by 督查科
luodi advance LX-2026-024 --to pre_review --on 2026-02-27 --by 督查科
luodi advance LX-2026-039 --to pre_review --on 2026-03-01 --by 督查科
luodi block LX-2026-023 --category environment --reason "环评未通过：印染废水排放指标超标" --owner 生态环境分局 --on 2026-03-02 --by 督查科
luodi advance LX-2026-029 --to pre_review --on 2026-03-04 --by 督查科
luodi advance LX-2026-031 --to pre_review --on 2026-03-07 --by 督查科
luodi advance LX-2026-050 --to pre_review --on 2026-03-08 --by 督查科
luodi advance LX-2026-005 --to pre_review --on 2026-03-11 --by 督查科
luodi advance LX-2026-017 --to site_entry --on 2026-03-15 --by 督查科
luodi advance LX-2026-026 --to pre_review --on 2026-03-16 --by 督查科
luodi advance LX-2026-006 --to site_entry --on 2026-03-17 --by 督查科
luodi advance LX-2026-024 --to site_entry --on 2026-03-19 --by 督查科
luodi advance LX-2026-036 --to construction --on 2026-03-20 --by 督查科 --evidence permit=3307812026030036
luodi advance LX-2026-031 --to site_entry --on 2026-03-23 --by 督查科
luodi advance LX-2026-025 --to site_entry --on 2026-03-25 --by 督查科
luodi advance LX-2026-012 --to pre_review --on 2026-03-27 --by 督查科
luodi advance LX-2026-037 --to pre_review --on 2026-03-27 --by 督查科
luodi advance LX-2026-007 --to pre_review --on 2026-04-02 --by 督查科
luodi advance LX-2026-039 --to site_entry --on 2026-04-03 --by 督查科
luodi advance LX-2026-050 --to site_entry --on 2026-04-03 --by 督查科
luodi advance LX-2026-017 --to construction --on 2026-04-05 --by 督查科 --evidence permit=3307812026040017
luodi advance LX-2026-024 --to construction --on 2026-04-09 --by 督查科 --evidence permit=3307812026040024
luodi advance LX-2026-005 --to site_entry --on 2026-04-11 --by 督查科
luodi advance LX-2026-012 --to construction --on 2026-04-11 --by 督查科 --evidence permit=3307812026040012
luodi advance LX-2026-026 --to site_entry --on 2026-04-13 --by 督查科
luodi block LX-2026-005 --category environment --reason "环评批复待出" --owner 生态环境分局 --on 2026-04-14 --by 督查科
luodi cancel LX-2026-023 --reason "环保审批未通过，项目取消" --on 2026-04-15 --by 督查科
luodi advance LX-2026-007 --to site_entry --on 2026-04-20 --by 督查科
luodi advance LX-2026-026 --to construction --on 2026-04-27 --by 督查科 --evidence permit=3307812026040026
luodi unblock LX-2026-005 --on 2026-05-04 --note "环评已批复" --by 督查科
luodi block LX-2026-004 --category land --reason "土地征收未完成" --owner 自然资源局 --on 2026-05-11 --by 督查科
luodi block LX-2026-014 --category planning --reason "规划调整待批" --owner 规划分局 --on 2026-05-17 --by 督查科
luodi block LX-2026-002 --category land --reason "用地报批未完成" --owner 自然资源局 --on 2026-05-18 --by 督查科
luodi block LX-2026-001 --category land --reason "缺用地指标，待省厅下达" --owner 自然资源局 --on 2026-05-19 --by 督查科
luodi advance LX-2026-007 --to construction --on 2026-05-21 --by 督查科 --evidence permit=3307812026050007
luodi block LX-2026-009 --category funding --reason "企业融资未到位" --owner 金融办 --on 2026-05-21 --by 督查科
luodi block LX-2026-016 --category policy --reason "产业政策待明确" --owner 发改局 --on 2026-05-21 --by 督查科
luodi drop LX-2026-016 --reason "年内明显不可能开工，按规定剔除" --on 2026-07-10 --by 督查科
luodi promote PL-2026-003 --on 2026-07-10 --by 督查科
