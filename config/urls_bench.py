"""The production URLs plus the benchmark's baseline view (config/settings_bench.py)."""

from django.urls import path

from config import bench
from config.urls import urlpatterns as production_urlpatterns

urlpatterns = [
    path("bench/baseline/", bench.BaselineView.as_view(), name="bench-baseline"),
    *production_urlpatterns,
]
