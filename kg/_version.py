"""The kg version, in a module of its own so that any part can read it; imports nothing from kg."""

__version__ = "0.1.0"
