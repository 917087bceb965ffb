"""Floods: how many complaints and uploads one person may send, and how big a request may be."""

MESSAGES: dict[str, str] = {
    "complaint.still_open_complaint": "这个订单已有一条投诉正在处理，处理完后才能再次投诉",
    "complaint.still_open_after_sales": "这个订单已有一条售后申请正在处理，处理完后才能再次申请",
    "complaint.order_limit": "同一订单的投诉或售后申请最多 {max} 次，如需帮助请联系客服",
    "complaint.daily_limit": "今天的投诉和售后申请已达 {max} 次上限，请 {hours} 小时后再试",
    "complaint.cancelled_free": "已免费取消的订单不能投诉",
    "complaint.photos_too_large": "照片合计不能超过 {mb} MB",
    "upload.hourly_files": "上传太频繁：每小时最多 {max} 个文件，请 {minutes} 分钟后再试",
    "upload.hourly_bytes": "上传太多：每小时最多 {mb} MB，请 {minutes} 分钟后再试",
    "upload.body_too_large": "请求的内容太大（最多 {size}）",
}
