# Stand-in for the official nginx image, built by scripts/base-images.sh where no registry
# answers. Debian's nginx (1.22) is older than the official one; the gateway config is written
# for both. The layout mimics the official image so nginx/Dockerfile works on either.
ARG BASE_IMAGE=local/debian:bookworm
FROM ${BASE_IMAGE}

RUN set -eux; \
# 1. Same worker user and ids as the official image (nginx.conf names it).
    groupadd --system --gid 101 nginx; \
    useradd --system --gid nginx --no-create-home --home /nonexistent --shell /bin/false --uid 101 nginx; \
# 2. nginx-light has SSL, HTTP/2, proxy, cache, map and limit_req built in; curl is what the
#    official image offers for health checks.
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nginx-light curl; \
    rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled /etc/nginx/sites-available; \
# 3. Logs to the container's output, as in the official image.
    ln -sf /dev/stdout /var/log/nginx/access.log; \
    ln -sf /dev/stderr /var/log/nginx/error.log; \
    mkdir -p /var/cache/nginx; \
    nginx -v

# 4. SIGQUIT is nginx's graceful stop: in-flight requests finish.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
