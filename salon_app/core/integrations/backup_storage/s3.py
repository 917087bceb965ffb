"""Backups in S3-compatible object storage through boto3 (`endpoint_url` reaches MinIO, Aliyun
OSS or a test server). Uploads go in parts (boto3's managed transfer), so big backups stream."""

from __future__ import annotations

from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError


class S3Store:
    name = "s3"

    def __init__(
        self,
        endpoint_url: str,
        bucket: str,
        access_key: str,
        secret_key: str,
        region: str = "us-east-1",
    ) -> None:
        self.bucket = bucket
        self._bucket_checked = False
        self._client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            region_name=region,
            config=Config(retries={"max_attempts": 3}, s3={"addressing_style": "path"}),
        )

    def ensure_bucket(self) -> None:
        """Create the bucket when it does not exist (a fresh MinIO or test server)."""
        try:
            self._client.head_bucket(Bucket=self.bucket)
        except ClientError:
            self._client.create_bucket(Bucket=self.bucket)

    def put(self, key: str, source: Path) -> None:
        if not self._bucket_checked:
            self.ensure_bucket()
            self._bucket_checked = True
        self._client.upload_file(str(source), self.bucket, key)

    def fetch(self, key: str, dest: Path) -> None:
        try:
            self._client.download_file(self.bucket, key, str(dest))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                raise FileNotFoundError(key) from exc
            raise

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=key)

    def list_keys(self, prefix: str = "") -> list[str]:
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=prefix
        )
        return sorted(o["Key"] for page in pages for o in page.get("Contents", []))

    def read_head(self, key: str, length: int = 64) -> bytes:
        """The object's first bytes as stored (what someone reading the bucket would see)."""
        answer = self._client.get_object(Bucket=self.bucket, Key=key, Range=f"bytes=0-{length - 1}")
        return answer["Body"].read()
