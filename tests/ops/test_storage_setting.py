"""Uploaded documents and licence PDFs go to local disk by default and to an S3-compatible
bucket when STORAGE_BACKEND=s3 (read in a separate process, as a deployment would)."""

import json
import subprocess

from tests.processes import BIN, REPO_ROOT, project_env

SHOW = """
import django; django.setup()
import json
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({"class": type(storage).__name__,
                  "options": settings.STORAGES["default"].get("OPTIONS", {}),
                  "bucket": getattr(storage, "bucket_name", None),
                  "name": storage.generate_filename("documents/1/euc.pdf")}))
"""


def storage_in_process(tmp_path, **env):
    done = subprocess.run([str(BIN / "python"), "-c", SHOW], cwd=REPO_ROOT, text=True,
                          capture_output=True, env=project_env(tmp_path, **env), check=False,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done


def test_local_disk_is_the_default(tmp_path):
    shown, _ = storage_in_process(tmp_path)
    assert shown["class"] == "FileSystemStorage"


def test_s3_is_configured_by_environment(tmp_path):
    shown, _ = storage_in_process(
        tmp_path, STORAGE_BACKEND="s3", S3_BUCKET="licensing-documents",
        S3_ENDPOINT_URL="http://127.0.0.1:9000", S3_ACCESS_KEY_ID="key-id",
        S3_SECRET_ACCESS_KEY="not-a-real-secret", S3_ADDRESSING_STYLE="path")
    assert shown["class"] == "S3Storage"
    assert shown["bucket"] == "licensing-documents"
    assert shown["options"]["default_acl"] is None
    assert shown["options"]["file_overwrite"] is False
    assert shown["name"] == "documents/1/euc.pdf"


def test_an_unknown_backend_is_refused(tmp_path):
    done = subprocess.run([str(BIN / "python"), "-c", SHOW], cwd=REPO_ROOT, text=True,
                          capture_output=True, check=False, timeout=60,
                          env=project_env(tmp_path, STORAGE_BACKEND="ftp"))
    assert done.returncode != 0
    assert "STORAGE_BACKEND must be 'local' or 's3'" in done.stderr
