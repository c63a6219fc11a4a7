"""Shared test configuration."""

from __future__ import annotations

import os
import signal

# pytest turns SIGTERM into KeyboardInterrupt, so session finalizers (which stop the throwaway
# Neo4j) still run when CI or a user terminates the run.
signal.signal(signal.SIGTERM, signal.default_int_handler)

# Tests never read the developer's .env or a user's server by accident.
os.environ.setdefault("VANBAN_NEO4J_INSTANCE", "test")
