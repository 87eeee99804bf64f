# Safety Net (平安网) as a container: `docker compose up` (compose.yaml) or
#   docker build -t safety-net . && docker run --env-file .env -v safety-net-data:/app/data safety-net
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLCONFIGDIR=/tmp/matplotlib

# The package with its data files: migrations, the demo register, the sandbox page and the
# CJK chart font (bot/reports/fonts). .dockerignore keeps tests, docs, .env and data out.
# EXTRAS picks the Telegram framework(s): all (both; BOT_FRAMEWORK chooses at run time),
# aiogram or ptb for a smaller image: docker build --build-arg EXTRAS=ptb .
ARG EXTRAS=all
COPY . /src
RUN pip install "/src[${EXTRAS}]" && rm -rf /src

# A non-root user; the SQLite default (DATABASE_URL=sqlite+aiosqlite:///data/safety_net.db)
# lands in the /app/data volume.
RUN useradd --system --uid 10001 --home-dir /app --no-create-home safetynet \
    && mkdir -p /app/data \
    && chown -R safetynet:safetynet /app
WORKDIR /app
USER safetynet
VOLUME ["/app/data"]

# Webhook mode listens on 8443 (WEBHOOK_HOST=0.0.0.0), the metrics on 9464 (METRICS_PORT), the
# web page for residents on WEB_PORT (8080 in the examples; WEB_HOST=0.0.0.0, as compose.yaml
# sets it); long polling needs no port. Each is off until its setting is given.
EXPOSE 8443 9464 8080
CMD ["python", "-m", "bot", "run"]
