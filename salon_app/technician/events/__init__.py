"""The technician's training events: /tech/events."""
