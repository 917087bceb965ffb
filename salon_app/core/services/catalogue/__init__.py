"""The platform's catalogue management: categories and services with their details,
cover pictures and galleries, publishing and withdrawing.
"""

__all__: list[str] = []
