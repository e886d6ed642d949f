"""Benchmark-only pieces, wired in by config/settings_bench.py alone.

`QueryCountMiddleware` counts the SQL queries each request makes (on the default
connection, from the first middleware on) and returns them in `X-Bench-Queries`, with the
server time in `X-Bench-Server-Ms`. `BaselineView` is what a step of the API is compared
with: an authenticated DRF view (the same token authentication and permission as every API
view) that inserts one row and answers 201, the least an authenticated write can cost."""

import time

from django.db import connection, transaction
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

BASELINE_TABLE = "bench_baseline_insert"


def create_baseline_table() -> None:
    """The baseline view's table (a scratch database's, created by bench/load.py)."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {BASELINE_TABLE} ("
                       "id bigserial PRIMARY KEY, user_id bigint NOT NULL, "
                       "at timestamptz NOT NULL DEFAULT now())")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(counting):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-Server-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        return response


class BaselineView(APIView):
    def post(self, request):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {BASELINE_TABLE} (user_id) VALUES (%s) "  # noqa: S608
                           "RETURNING id", [request.user.pk])
            (row_id,) = cursor.fetchone()
        return Response({"id": row_id}, status=status.HTTP_201_CREATED)
