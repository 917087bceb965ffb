"""The staff complaints desk (shops and platform), and what the customer is told about it."""

MESSAGES: dict[str, str] = {
    "desk.title": "投诉与售后",
    "desk.filter_all": "全部",
    "desk.none": "暂无投诉或售后申请",
    "desk.order": "订单 {code}",
    "desk.customer": "顾客",
    "desk.technician": "技师",
    "desk.resolution": "处理结果",
    "desk.resolution_placeholder": "处理结果（解决或驳回时必填）",
    "desk.refund_yuan": "退款金额（元，选填，仅售后解决时）",
    "desk.set_processing": "开始处理",
    "desk.resolve": "解决",
    "desk.reject": "驳回",
    "desk.updated": "已更新",
    "desk.refund_made": "已更新，并已发起退款 {key}",
    "desk.bad_amount": "退款金额格式不正确（例如 20 或 19.99）",
    "complaint.resolution": "处理结果：{text}",
    "notify.complaint_processing": "您对订单 {code} 的投诉/售后正在处理中",
    "notify.complaint_resolved": "您对订单 {code} 的投诉/售后已解决，请查看处理结果",
    "notify.complaint_rejected": "您对订单 {code} 的投诉/售后已驳回，请查看处理结果",
}
