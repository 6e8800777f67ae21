"""The read API under /api/v1/: JSON over the same querysets and filters as the pages."""
