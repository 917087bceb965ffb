"""Abnormal-order monitoring: rules the background job evaluates, each raising an alert
once; the alert queue with acknowledgement, actions and resolution.
"""

__all__: list[str] = []
