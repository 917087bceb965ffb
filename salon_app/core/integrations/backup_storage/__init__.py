"""Where backup objects are kept: a folder on local disk and S3-compatible object storage
(boto3 with an endpoint URL: AWS, MinIO, Aliyun OSS's S3 API ...). Both speak one small
interface (store.py); the objects they hold are already encrypted, so neither needs secrecy."""

from salon_app.core.integrations.backup_storage.local import LocalStore
from salon_app.core.integrations.backup_storage.s3 import S3Store
from salon_app.core.integrations.backup_storage.store import BackupStore

__all__ = ["BackupStore", "LocalStore", "S3Store"]
