"""vanban-kg: the HTTP service and the ``vanban`` command line."""

__version__ = "0.1.0"
