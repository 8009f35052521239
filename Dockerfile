# careprint for clinic IT: the counter app (the default command) or a batch run, with the font cache
# in a volume so fonts are prepared once, not at every start. How to run it: README, "Docker".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    CAREPRINT_CACHE_DIR=/cache

# careprint runs as a user without root rights; it owns the font cache and the working folder (out/ goes there).
RUN groupadd --system --gid 10001 careprint \
    && useradd --system --create-home --uid 10001 --gid 10001 careprint \
    && mkdir -p /cache /data \
    && chown careprint:careprint /cache /data

# The wheel carries the default content (handouts, locales, layouts, clinic); the source is not kept.
COPY . /tmp/careprint-src
RUN pip install /tmp/careprint-src && rm -rf /tmp/careprint-src

# Numeric, so a runtime that requires a non-root user (runAsNonRoot) can verify it.
USER 10001:10001
WORKDIR /data
VOLUME ["/cache"]
EXPOSE 8000

# Inside the container the app must listen on every interface to be reached through the published port;
# serve then requires a token (CAREPRINT_TOKEN, at least 16 characters) and refuses to start without one.
CMD ["sh", "-c", "exec careprint serve --host 0.0.0.0 --port 8000 --no-browser --token \"$CAREPRINT_TOKEN\""]
