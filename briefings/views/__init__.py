"""Public pages, one module per part of the archive: archive, subjects, search, exports."""
