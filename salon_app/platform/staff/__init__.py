"""/admin/staff: the platform's operators, managed by a super admin."""
