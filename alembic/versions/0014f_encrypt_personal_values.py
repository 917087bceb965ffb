"""Encryption at rest of the personal values beside the encrypted columns (issue 13, hole 5).

Order places and special needs, order event positions, order messages, technician birth
dates and homes become encrypted text; technicians get plain coarse columns for searches
(birth year, home rounded to 0.01 degree). Existing rows are converted in batches, by id.

This migration imports salon_app.core.crypto (and nothing else of the app): converting rows
needs the field key. Typed values are sealed as the column types do (models/types.py):
floats as repr(float), dates as ISO text; text as crypto.encrypt (Fernet, like EncryptedText).

Revision ID: 0014f
Revises: 0014a
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from salon_app.core import crypto

revision: str = "0014f"
down_revision: str | None = "0014a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000


def _float(value: object) -> str:
    return repr(float(value))


def _date(value: object) -> str:
    return str(value)[:10]  # SQLite holds 'YYYY-MM-DD'; PostgreSQL's ::text is the same


# table -> [(column, plain type, how a plain value is written, seal, open)]
_VALUE = (crypto.seal, crypto.unseal)
_TEXT = (crypto.encrypt, crypto.decrypt)
COLUMNS: dict[str, list[tuple[str, sa.types.TypeEngine, Callable, tuple]]] = {
    "orders": [
        ("lat", sa.Float(), _float, _VALUE),
        ("lng", sa.Float(), _float, _VALUE),
        ("special_needs", sa.String(length=500), str, _TEXT),
    ],
    "order_event": [
        ("lat", sa.Float(), _float, _VALUE),
        ("lng", sa.Float(), _float, _VALUE),
    ],
    "order_message": [("body", sa.String(length=500), str, _TEXT)],
    "technician": [
        ("birth_date", sa.Date(), _date, _VALUE),
        ("home_lat", sa.Float(), _float, _VALUE),
        ("home_lng", sa.Float(), _float, _VALUE),
    ],
}
_PG_PLAIN = {"Float": "double precision", "Date": "date", "String": "varchar(500)"}


def _coarse(row: dict) -> dict:
    """The plain coarse columns of a technician row (models/coarse.py), from plain values."""
    born, lat, lng = row.get("birth_date"), row.get("home_lat"), row.get("home_lng")
    return {
        "birth_year": int(born[:4]) if born else None,
        "home_cell_lat": None if lat is None else round(float(lat), 2),
        "home_cell_lng": None if lng is None else round(float(lng), 2),
    }


def _convert(table: str, encrypting: bool) -> None:
    """Every row's values sealed (or opened), BATCH rows at a time in id order."""
    conn = op.get_bind()
    spec = COLUMNS[table]
    names = [c for c, *_ in spec]
    coarse = table == "technician" and encrypting
    sets = [*names, *(["birth_year", "home_cell_lat", "home_cell_lng"] if coarse else [])]
    read = sa.text(
        f"SELECT id, {', '.join(names)} FROM {table} WHERE id > :last"
        f" AND ({' OR '.join(f'{n} IS NOT NULL' for n in names)}) ORDER BY id LIMIT :n"
    )
    write = sa.text(f"UPDATE {table} SET {', '.join(f'{n} = :{n}' for n in sets)} WHERE id = :id")
    last = 0
    while True:
        rows = conn.execute(read, {"last": last, "n": BATCH}).mappings().all()
        if not rows:
            return
        updates = []
        for row in rows:
            new: dict = {"id": row["id"]}
            plain: dict = {}
            for name, _type, as_text, (seal, unseal) in spec:
                value = row[name]
                if value is None:
                    new[name] = plain[name] = None
                elif encrypting:
                    plain[name] = as_text(value)
                    new[name] = seal(plain[name])
                else:
                    new[name] = unseal(value)
            if coarse:
                new.update(_coarse(plain))
            updates.append(new)
        conn.execute(write, updates)
        last = rows[-1]["id"]


def _retype(table: str, to_text: bool) -> None:
    """The columns' declared types: TEXT (encrypted) or back to their plain types."""
    spec = COLUMNS[table]
    if op.get_bind().dialect.name == "postgresql":
        for name, plain, *_ in spec:
            target = "text" if to_text else _PG_PLAIN[type(plain).__name__]
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN {name} TYPE {target} USING {name}::{target}"
            )
        return
    # The values are already what the new column holds: copied from a table declaring the
    # new types, batch mode copies them as they are (a CAST would turn '1990-02-28' into 1990).
    copy = sa.Table(table, sa.MetaData(), autoload_with=op.get_bind())
    for name, plain, *_ in spec:
        copy.c[name].type = sa.Text() if to_text else plain
    with op.batch_alter_table(table, copy_from=copy) as batch:
        for name, plain, *_ in spec:
            new = sa.Text() if to_text else plain
            batch.alter_column(name, existing_type=new, type_=new)


def upgrade() -> None:
    with op.batch_alter_table("technician") as batch:
        batch.add_column(sa.Column("birth_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("home_cell_lat", sa.Float(), nullable=True))
        batch.add_column(sa.Column("home_cell_lng", sa.Float(), nullable=True))
        batch.create_index("ix_technician_home_cell_lat", ["home_cell_lat"])
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in COLUMNS:
        # PostgreSQL needs text columns to hold tokens; SQLite stores a token in any column,
        # so it converts first and recreates each table once, with the values as they stay.
        if postgres:
            _retype(table, to_text=True)
        _convert(table, encrypting=True)
        if not postgres:
            _retype(table, to_text=True)
    # Customers' figures keep their home only coarsely (services/tags/recompute.py).
    op.execute(
        "UPDATE customer_figures SET home_lat = ROUND(CAST(home_lat AS NUMERIC), 2),"
        " home_lng = ROUND(CAST(home_lng AS NUMERIC), 2) WHERE home_lat IS NOT NULL"
    )


def downgrade() -> None:
    for table in COLUMNS:
        _convert(table, encrypting=False)
        _retype(table, to_text=False)
    with op.batch_alter_table("technician") as batch:
        batch.drop_index("ix_technician_home_cell_lat")
        batch.drop_column("home_cell_lng")
        batch.drop_column("home_cell_lat")
        batch.drop_column("birth_year")
