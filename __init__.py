"""kinerja: Indonesian performance-planning tables into one clean, auditable dataset."""

__version__ = "0.1.0"
