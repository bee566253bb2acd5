"""Backup and restore of an installation (sao lưu và phục hồi): database, stored files, manifest."""
