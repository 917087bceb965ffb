"""Privacy of orders: the contact window, masked contacts and calls through the relay number."""

MESSAGES: dict[str, str] = {
    "privacy.window_closed": (
        "客户的联系方式只在接单后至服务完成 {hours} 小时内可见；订单已取消、退款或已过期"
    ),
    "privacy.messages_closed": (
        "该订单已不能发送消息：仅在技师接单后至服务完成 {hours} 小时内可以发送"
    ),
    "privacy.call": "拨打 {number}",
    "privacy.relay_hint": "隐私号通话，双方都看不到对方的真实号码",
    "privacy.no_relay": "隐私号暂不可用，请稍后再试或先发消息",
    "privacy.contact_later": "技师接单后可通过隐私号联系",
    "privacy.contact_closed": "联系已关闭",
    "privacy.relay": "隐私号",
    "privacy.contact_technician": "联系技师",
}
