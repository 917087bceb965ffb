"""Learning activities shared by operators and shops: the challenges section (create, list)."""
