"""One moment of the database for a page or response that reads many tables.

Under PostgreSQL's default READ COMMITTED every query sees what was committed before it
started. A request page reads the request, then its screening run: if the worker commits
in between (completing the run and denying the request in one transaction), the page shows
the finished run beside the status from before, a state that never existed, and stops
polling because screening is over. Inside `one_snapshot()` every query reads the same
snapshot (REPEATABLE READ), so a page shows either before or after, never half of each.

SQLite transactions are serializable already; the block only has to be one transaction
(BEGIN IMMEDIATE here, so writers wait the few milliseconds a page takes).

Inside an enclosing transaction (a service, a test wrapped in one) the block adds nothing:
the isolation level of a transaction is fixed by its first query."""

from contextlib import contextmanager

from django.db import connection, transaction
from psycopg import IsolationLevel


@contextmanager
def one_snapshot():
    """Read everything in the block from one snapshot; usable as a decorator."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor != "postgresql":
        with transaction.atomic():
            yield
        return
    # The driver opens the transaction with the level in its BEGIN (one round trip, where
    # BEGIN and then SET TRANSACTION took two), and is put back to the default afterwards.
    connection.ensure_connection()
    driver = connection.connection
    default_level = driver.isolation_level
    try:
        with transaction.atomic():
            driver.isolation_level = IsolationLevel.REPEATABLE_READ
            yield
    finally:
        # A connection the database dropped is thrown away at the end of the request: leave
        # it alone, so the caller sees the database's error (a 503), not the driver's.
        if not driver.broken:
            with connection.wrap_database_errors:
                driver.isolation_level = default_level
