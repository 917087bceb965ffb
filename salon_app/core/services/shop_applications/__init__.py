"""Shops applying to join the platform (licence scan, address, categories) and the
platform's approval or rejection with a reason; commission rates per shop and category.
"""

__all__: list[str] = []
