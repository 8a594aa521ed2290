# Stand-in for the official postgres image, built by scripts/base-images.sh where no registry
# answers: Debian's PostgreSQL (15; the official default here is 17), with the parts of the
# official image's contract the stack uses, so compose and Swarm run it unchanged:
# POSTGRES_USER, POSTGRES_DB, POSTGRES_PASSWORD(_FILE) and PGDATA on the first start, the
# data in a volume at /var/lib/postgresql/data, pg_isready, uid 999, postgres as PID 1 and
# SIGINT (a fast shutdown: clients are disconnected, a checkpoint written) to stop it.
ARG BASE_IMAGE=local/debian:bookworm
FROM ${BASE_IMAGE}

RUN set -eux; \
# 1. The official image's user and ids, created before the package would pick others.
    groupadd --system --gid 999 postgres; \
    useradd --system --gid postgres --uid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres; \
    mkdir -p /var/lib/postgresql; chown postgres:postgres /var/lib/postgresql; \
# 2. Debian's package, without the cluster it would create: the entrypoint makes one.
    mkdir -p /etc/postgresql-common/createcluster.d; \
    echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.d/no-main.conf; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 util-linux; \
    rm -rf /var/lib/apt/lists/*; \
    mkdir -p /var/run/postgresql; chown postgres:postgres /var/run/postgresql; chmod 2777 /var/run/postgresql; \
    /usr/lib/postgresql/15/bin/postgres --version

ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data

ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
