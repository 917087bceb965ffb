"""The shop's statistics page."""
