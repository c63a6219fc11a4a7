"""The one error type of the runtime: its message is the one line the user sees."""


class RuntimeFailure(Exception):
    """Neo4j could not be assembled, started, reached or stopped. ``str()`` says why."""
