"""Completed training (培训经历) on the technician's profile, and positions on progress steps."""

MESSAGES: dict[str, str] = {
    # Public profile
    "tech.training": "培训经历",
    "tech.training_hours": "{hours} 学时",
    # The technician's profile page
    "tech_profile.training": "培训经历",
    "tech_profile.training_course": "课程名称（如 日式剪发进阶班）",
    "tech_profile.training_organiser": "培训机构",
    "tech_profile.training_by_shop": "由我所在的店铺举办",
    "tech_profile.training_date": "结业日期",
    "tech_profile.training_hours": "学时（选填）",
    "tech_profile.training_note": "备注（选填）",
    "tech_profile.training_add": "添加培训经历",
    "tech_profile.training_added": "培训经历已添加",
    "tech_profile.training_removed": "培训经历已删除",
    "tech_profile.training_shop_run": "店铺培训",
    # Refusals
    "tech_profile.training_name_required": "请填写课程名称",
    "tech_profile.training_organiser_required": "请填写培训机构",
    "tech_profile.training_no_shop": "您尚未加入店铺，请填写培训机构",
    "tech_profile.training_too_long": "课程名称和培训机构不能超过 {max} 个字",
    "tech_profile.training_note_too_long": "备注不能超过 {max} 个字",
    "tech_profile.training_date_required": "请填写结业日期",
    "tech_profile.training_date_invalid": "结业日期不正确（不能晚于今天）",
    "tech_profile.training_hours_invalid": "学时需为 {low}–{high} 之间的整数",
    "tech_profile.too_many_training": "最多添加 {max} 条培训经历",
    "tech_profile.training_not_found": "找不到该培训经历",
    # Positions on progress steps
    "job.locating": "正在获取位置…",
    "job.position_recorded": "已记录位置",
    "job.position_none": "未记录位置",
    "job.step_no_position": "{step}：已记录，未获取到位置",
    "order.distance_km": "距服务地址约 {km} 公里",
    "order.distance_m": "距服务地址约 {m} 米",
}
