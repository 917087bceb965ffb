"""The technicians' community: boards (platform-wide, and a private board per shop), posts
with images and tags, comments, likes, accepted answers, moderation and the word filter."""

__all__: list[str] = []
