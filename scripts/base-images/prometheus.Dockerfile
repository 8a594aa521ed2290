# Stand-in for the official prom/prometheus image, built by scripts/base-images.sh where no
# registry answers. Debian's Prometheus (2.42) is older than the official one (3.x) and
# serves the classic UI; the stack's config and rules are written for both
# (prometheus/prometheus.yml). The layout mimics the official image so docker-compose.yml
# runs either with the same flags, files and health check.
ARG BASE_IMAGE=local/debian:bookworm
FROM ${BASE_IMAGE}

RUN set -eux; \
# 1. The server, promtool and the classic UI's scripts. busybox for `wget`, which the
#    official image (busybox-based) offers for health checks.
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus busybox; \
    rm -rf /var/lib/apt/lists/*; \
    ln -s /bin/busybox /usr/local/bin/wget; \
# 2. The UI loads moment-timezone's bundle with its data built in: the 200 MB of separate
#    zone files, and the documentation, are not needed.
    rm -rf /usr/share/javascript/moment-timezone/data /usr/share/doc/* /usr/share/man/*; \
# 3. The official image's paths: /bin/prometheus and /bin/promtool (Debian's, through
#    its merged /usr), the data in /prometheus, owned by `nobody` as the process runs.
    mkdir -p /prometheus; \
    chown nobody:nogroup /prometheus; \
    /bin/prometheus --version

USER nobody
WORKDIR /prometheus
VOLUME ["/prometheus"]
EXPOSE 9090
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
