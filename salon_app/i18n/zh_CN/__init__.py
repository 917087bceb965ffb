"""The source catalogue (Simplified Chinese), one module per area of the app."""

from salon_app.i18n.zh_CN import (
    auth,
    booking,
    catalogue,
    common,
    complaint_desk,
    customer,
    merchant,
    merchant_shop,
    orders,
    payments,
    platform,
    technician,
    technician_profile,
    training,
)

MESSAGES: dict[str, str] = {
    **common.MESSAGES,
    **auth.MESSAGES,
    **customer.MESSAGES,
    **catalogue.MESSAGES,
    **technician.MESSAGES,
    **technician_profile.MESSAGES,
    **training.MESSAGES,
    **merchant.MESSAGES,
    **merchant_shop.MESSAGES,
    **platform.MESSAGES,
    **orders.MESSAGES,
    **complaint_desk.MESSAGES,
    **payments.MESSAGES,
    **booking.MESSAGES,
}
