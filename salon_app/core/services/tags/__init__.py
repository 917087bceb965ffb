"""Users' behaviour tags (recomputed nightly and on demand), manual tags, and segments:
saved rules over tags and figures, with their size before use.
"""

__all__: list[str] = []
