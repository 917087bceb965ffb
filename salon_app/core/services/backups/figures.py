"""What a database holds, table by table: its row count and a sha256 of its rows in primary key
order. Taken at backup time from the very snapshot that is dumped, and again after a restore;
equal figures mean the restore brought back every row of every table unchanged.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, column, inspect, select, table

Figures = dict[str, list]  # {table: [rows, sha256 hex]}


def table_figures(conn: Connection) -> Figures:
    """Row count and checksum of every table the connection sees, by name."""
    found: Figures = {}
    inspector = inspect(conn)
    for name in sorted(inspector.get_table_names()):
        names = [c["name"] for c in inspector.get_columns(name)]
        order = inspector.get_pk_constraint(name).get("constrained_columns") or names
        statement = (
            select(*[column(n) for n in names])
            .select_from(table(name))
            .order_by(*[column(n) for n in order])
        )
        digest, rows = hashlib.sha256(), 0
        for row in conn.execution_options(yield_per=5000).execute(statement):
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
            rows += 1
        found[name] = [rows, digest.hexdigest()]
    return found


def differences(expected: Figures, found: Figures) -> list[str]:
    """Tables whose count or checksum differ, or that exist on one side only, sorted."""
    return sorted(n for n in set(expected) | set(found) if expected.get(n) != found.get(n))
