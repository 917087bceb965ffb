"""The platform's own staff: creating operators (and the first admin from the command line),
changing their sub-role, disabling them; never the last super admin or oneself.
"""

__all__: list[str] = []
