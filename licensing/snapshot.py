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


@contextmanager
def one_snapshot():
    """Read everything in the block from one snapshot; usable as a decorator."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield
