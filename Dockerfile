# The API image for docker-compose.yml (`docker compose --profile api up`).
FROM python:3.11-slim
ENV UV_PYTHON_DOWNLOADS=never PYTHONUNBUFFERED=1
RUN pip install --no-cache-dir "uv>=0.9"
WORKDIR /srv
COPY pyproject.toml uv.lock README.md ./
COPY app app
COPY ingest ingest
COPY graph_schema graph_schema
COPY queries queries
COPY demo demo
RUN uv sync --frozen --no-dev
EXPOSE 8000
CMD [".venv/bin/vanban", "serve"]
