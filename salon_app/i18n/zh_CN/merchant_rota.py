"""The shop's rota (排班), demand view and live technician map."""

MESSAGES: dict[str, str] = {
    # Bad input and refusals
    "rota.time_invalid": "时间格式不正确：{time}（应为 HH:MM）",
    "rota.shift_outside_day": "班次 {start}–{end} 超出当天 00:00–24:00 的范围",
    "rota.shift_end_before_start": "班次 {start}–{end} 的结束时间必须晚于开始时间",
    "rota.too_many_shifts": "每天最多 {max} 个班次",
    "rota.shifts_overlap": "同一天的班次时间重叠（{time}）",
    "rota.cycle_weeks_invalid": "排班周期必须是 {low}–{high} 周",
    "rota.week_invalid": "班次所在的周超出了 {weeks} 周的周期",
    "rota.weekday_invalid": "星期不正确",
    "rota.end_before_start": "结束日期不能早于开始日期",
    "rota.range_too_long": "日期范围不能超过 {days} 天",
    "rota.day_in_past": "不能修改今天以前的排班",
    "rota.time_off_too_long": "一次请假最长 {days} 天",
    "rota.technician_not_in_shop": "找不到本店的这位技师",
    "rota.pattern_not_found": "找不到该排班模板",
    "rota.time_off_not_found": "找不到该请假记录",
    "rota.change_invalid": "无法识别的排班修改",
    "rota.team_size_invalid": "一次可为 1–{max} 位技师套用排班",
    "rota.pattern_same_start": "该技师已有一个从 {day} 开始的排班模板，请直接编辑它",
    "rota.decision_invalid": "请为每个订单选择：保留、改派或取消",
    "rota.undecided": "有 {count} 个已预约订单受影响（{orders}），请逐一选择处理方式",
    "rota.order_left_outside": "订单 {code} 仍在技师的工作时间之外，排班未保存",
    "rota.changed_meanwhile": "排班或订单刚刚有变动，请重新查看后再保存",
    "rota.nobody_free": "本店暂无其他技师能接手订单 {code}，请选择保留或取消",
    "rota.target_cannot_take": "所选技师无法接手订单 {code}（时间、服务项目或服务范围不符）",
    # Decisions and flags shown on the page
    "rota.choice.keep": "保留（为该订单保留工作时间）",
    "rota.choice.redispatch": "改派给本店其他技师",
    "rota.choice.cancel": "取消并全额退款",
    "rota.flag.under": "人手不足",
    "rota.flag.over": "人手富余",
    "rota.demand.add": "{day} {start}–{end} 加 {count} 名技师",
    "rota.demand.remove": "{day} {start}–{end} 可减 {count} 名技师",
    # Notices
    "rota.notify.changed": "您 {first} 至 {last} 的排班已调整，请查看",
    "rota.notify.order_cancelled": (
        "很抱歉，{shop} 调整了排班，订单 {code}（{time}）已取消，已付的 {amount} 元将全额原路退回"
    ),
    "rota.notify.order_cancelled_technician": "订单 {code}（{time}）因店铺排班调整已取消",
    "rota.notify.order_reassigned": "订单 {code} 因排班调整已由店铺改派给其他技师",
}
