"""What the importer raises for a transcript it cannot store."""


class ImportRejected(Exception):
    """A transcript that cannot be stored as it is; the message says why."""
