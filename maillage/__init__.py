"""Maillage: organise who does what, when, how and with whom in a territorial project."""

__version__ = "0.1.0"
