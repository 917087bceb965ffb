"""Coarse forms of encrypted personal values, kept in plain for SQL prefilters.

A place is rounded to COARSE_DEG (0.01 degree: about 1.1 km north-south, 1 km east-west in
Shenzhen); a box search widens its box by COARSE_MARGIN, then checks the exact (decrypted)
place of the few rows it found. A birth date keeps its year: an age filter tests the year in
SQL and decrypts the exact date only where the year alone cannot decide.
"""

from __future__ import annotations

from datetime import date

COARSE_DEG = 0.01
COARSE_MARGIN = 0.0051  # half a cell, and a little for float rounding


def coarse_degree(value: float | None) -> float | None:
    """A latitude or longitude rounded to the coarse cell (None stays None)."""
    return None if value is None else round(value, 2)


def birth_year(born: date | None) -> int | None:
    return None if born is None else born.year


def technician_coarse(born: date | None, lat: float | None, lng: float | None) -> dict:
    """The plain columns a technician row keeps beside its encrypted birth date and home."""
    return {
        "birth_year": birth_year(born),
        "home_cell_lat": coarse_degree(lat),
        "home_cell_lng": coarse_degree(lng),
    }
