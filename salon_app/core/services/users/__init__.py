"""User management for operators: finding a user (phone through the look-up hash, name,
role, tag), their orders, payments and complaints, disabling, editing, resetting a password.
"""

__all__: list[str] = []
