"""Benchmark settings (bench/load.py): the application's settings plus what only a benchmark
may have. A middleware that counts each response's SQL queries into the `X-Bench-Queries`
header, and a baseline view (`POST /bench/baseline/`, an authenticated API view doing one
insert) in config/urls_bench.py. Neither exists in config.settings or config.urls, and
tests/licensing/test_bench_settings.py checks that production URLs stay without them."""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "config.urls_bench"
MIDDLEWARE = ["config.bench.QueryCountMiddleware", *MIDDLEWARE]
