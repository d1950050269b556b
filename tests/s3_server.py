"""A real S3-compatible HTTP server on loopback for the tests: moto's server mode
(`moto_server`, from the moto[server] package) in a subprocess on a free port. Nothing of
boto3 is mocked: django-storages talks HTTP to it as it would to a bucket elsewhere."""

import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import requests

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "eu-west-2"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    endpoint: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def new_bucket(self):
        name = f"media-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def env(self, bucket):
        """The environment variables that point the site at `bucket` (settings/storage.py)."""
        return {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
        }

    def storages(self, bucket, expire=60):
        """STORAGES for override_settings, as settings/storage.py builds them from env()."""
        return {
            "default": {
                "BACKEND": "core.media_storage.BucketStorage",
                "OPTIONS": {
                    "bucket_name": bucket,
                    "endpoint_url": self.endpoint,
                    "region_name": REGION,
                    "access_key": ACCESS_KEY,
                    "secret_key": SECRET_KEY,
                    "signature_version": "s3v4",
                    "addressing_style": "path",
                    "file_overwrite": False,
                    "querystring_auth": True,
                    "querystring_expire": expire,
                },
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }

    def object_url(self, bucket, key):
        """The object's plain (unsigned) address on the server."""
        return f"{self.endpoint}/{bucket}/{key}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_s3_server():
    port = free_port()
    moto = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(endpoint + "/moto-api/", timeout=1)
            break
        except requests.ConnectionError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("moto_server did not start") from None
            time.sleep(0.1)
    return S3Server(endpoint, process)
