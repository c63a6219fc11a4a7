"""Settings for every part of vanban-kg, read from ``VANBAN_*`` environment variables (or ``.env``).

``VANBAN_NEO4J_URI`` decides who runs Neo4j: when it is set, the service and the CLI use that
server and start nothing; when it is unset, ``vanban neo4j start`` runs one (Docker compose when
a Docker engine answers, otherwise the local runtime assembled from Maven Central jars) and the
URI is ``bolt://127.0.0.1:{VANBAN_NEO4J_BOLT_PORT}``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

NEO4J_VERSION = "5.26.30"
NEO4J_BROWSER_VERSION = "5.24.0"  # newest neo4j-browser on Maven Central


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="VANBAN_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- Neo4j connection ---
    neo4j_uri: str | None = Field(
        default=None, description="Use this running server; unset means vanban runs its own."
    )
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("vanban-dev-password")
    neo4j_database: str = "neo4j"
    neo4j_connect_timeout: float = 5.0
    query_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds an API read may wait for Neo4j before the request answers 503.",
    )
    neo4j_retry_seconds: float = Field(
        default=30.0,
        gt=0,
        description="How long the CLI retries a write transaction on transient errors or a lost "
        "server before that batch fails (the driver's max_transaction_retry_time).",
    )

    # --- the Neo4j that vanban runs itself ---
    neo4j_runtime: Literal["auto", "local", "docker"] = "auto"
    neo4j_instance: str = Field(default="default", pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    neo4j_bolt_port: int = Field(default=7687, ge=1, le=65535)
    neo4j_http_port: int = Field(default=7474, ge=1, le=65535)
    neo4j_heap: str = Field(default="1g", pattern=r"^\d+[kmgKMG]$")
    neo4j_pagecache: str = Field(default="1g", pattern=r"^\d+[kmgKMG]$")
    neo4j_keep_alive: int = Field(
        default=15,
        ge=1,
        le=3600,
        description="Seconds between the keep-alive messages the local Neo4j sends on a Bolt "
        "connection while it works on a request. The server tells drivers to give a connection "
        "up after twice this without a message, so a frozen server (SIGSTOP, stuck disk) fails "
        "an ingest's write after ~2x this instead of hanging (Neo4j's default: 1 min).",
    )
    neo4j_start_timeout: float = 180.0
    neo4j_stop_timeout: float = 60.0
    cache_dir: Path = Field(default_factory=lambda: _xdg("XDG_CACHE_HOME", ".cache") / "vanban")
    data_dir: Path = Field(default_factory=lambda: _xdg("XDG_DATA_HOME", ".local/share") / "vanban")
    neo4j_home: Path | None = Field(
        default=None, description="Instance directory (conf, data, logs); default under data_dir."
    )
    maven_timeout: float = 900.0

    # --- API ---
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    api_key: SecretStr | None = None
    max_upload_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    auto_migrate: bool = True

    @field_validator("neo4j_password")
    @classmethod
    def _password_length(cls, v: SecretStr) -> SecretStr:
        if len(v.get_secret_value()) < 8:
            raise ValueError("Neo4j requires a password of at least 8 characters")
        return v

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.neo4j_bolt_port}"

    @property
    def external(self) -> bool:
        """True when the user points at a server that vanban must not start or stop."""
        return self.neo4j_uri is not None

    @property
    def instance_dir(self) -> Path:
        return self.neo4j_home or self.data_dir / "neo4j" / self.neo4j_instance

    @property
    def browser_url(self) -> str:
        return (
            f"http://127.0.0.1:{self.neo4j_http_port}/browser/"
            f"?dbms=neo4j://{self.neo4j_user}@127.0.0.1:{self.neo4j_bolt_port}"
            f"&db={self.neo4j_database}"
        )

    def auth(self) -> tuple[str, str]:
        return (self.neo4j_user, self.neo4j_password.get_secret_value())


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
