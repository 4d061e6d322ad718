# dropsim in a container: the simulator on 0.0.0.0:8080 with its database on a volume.
#   docker build -t dropsim .
#   docker run -p 8080:8080 -e DROPSIM_ADMIN_TOKEN=change-me -v dropsim-data:/data dropsim
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DROPSIM_HOST=0.0.0.0 \
    DROPSIM_PORT=8080 \
    DROPSIM_DB=/data/dropsim.db

WORKDIR /src
COPY pyproject.toml README.md ./
COPY simulator ./simulator
COPY fixtures ./fixtures
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 dropsim \
    && mkdir -p /data && chown dropsim:dropsim /data

USER dropsim
WORKDIR /home/dropsim
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/_sim/health' % os.environ.get('DROPSIM_PORT', '8080'), timeout=2)"

CMD ["dropsim", "serve"]
