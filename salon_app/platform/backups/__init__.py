"""/admin/backups (数据备份): the backups and restore drills of services/backups, for operators
holding manage_backups (super admins)."""
