"""The training events desk of the platform (/admin/events) and of a shop (/merchant/events)."""
