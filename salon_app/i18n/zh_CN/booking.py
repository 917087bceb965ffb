"""Booking: why a chosen time cannot be booked."""

MESSAGES: dict[str, str] = {
    "booking.slot_in_past": "该时间已过或距离现在太近，请选择稍晚的时间",
    "booking.beyond_horizon": "该日期暂未开放预约，请选择较近的日期",
    "booking.outside_hours": "该时间不在技师的服务时间内",
    "booking.slot_taken": "该时段刚刚被预约，请选择其他时间",
}
