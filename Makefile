# Thrift over HTTP starter. `make` alone lists the targets.
.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c

# Node >= 22 (24 preferred): the host's when new enough, else fetched into .tools/.
NODE_BIN = $(shell scripts/node-path.sh)
RUN = PATH="$(NODE_BIN):$$PATH"
NPM = $(RUN) npm

##@ Help
.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make \033[36m<target>\033[0m [VAR=value]\n"} \
	  /^[a-zA-Z0-9_-]+:.*?##/ { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Develop
node_modules/.package-lock.json: package.json package-lock.json shared/package.json $(wildcard services/*/package.json)
	$(NPM) ci
	@touch $@

.PHONY: install
install: node_modules/.package-lock.json ## Install dependencies (npm ci, with Node 24 if the host's is older)

.PHONY: gen
gen: install ## Generate TypeScript from every .thrift IDL (the services', the codegen fixtures') and the gateway's shared methods
	@# tsc emits the generator even while code using what is about to be generated does
	@# not compile yet; `make build` reports type errors.
	$(RUN) npx tsc -b shared >/dev/null || true
	$(NPM) run gen

.PHONY: gen-check
gen-check: install ## Fail if generated code (or the gateway's shared methods) is out of date with the IDL
	$(RUN) npx tsc -b shared
	$(NPM) run gen:check

# Every IDL of the repository (these patterns, and every file they include) compared with
# the same file at BASE, a git ref; a deliberate break is listed, with its reason, in
# idl-acknowledged-breaks.txt (docs/tools.md, "thrift-http breaking").
IDL_FILES = services/*/*.thrift test/conformance/*.thrift
BASE ?=

.PHONY: idl-breaking
idl-breaking: install ## Fail on IDL changes that break deployed clients, servers or caches, against a git ref (BASE=origin/main)
	@test -n "$(BASE)" || { echo "usage: make idl-breaking BASE=<git ref>" >&2; exit 2; }
	$(RUN) npx tsc -b shared
	$(RUN) node shared/bin/thrift-http.js breaking --against "$(BASE)" --acks idl-acknowledged-breaks.txt $(foreach f,$(IDL_FILES),'$(f)')

.PHONY: build
build: install ## Type-check and compile every package (tsc -b)
	$(NPM) run build

# Biome (biome.jsonc) lints and formats every TypeScript, JavaScript and JSON file: `make lint`
# fails on a finding or on a file not formatted as `make format` would write it.
.PHONY: lint
lint: install ## Lint every TypeScript, JavaScript and JSON file with Biome (biome.jsonc), formatting included
	$(RUN) npx biome ci --error-on-warnings .

.PHONY: format
format: install ## Format every file and apply the linter's safe fixes (Biome, biome.jsonc)
	$(RUN) npx biome check --write .

.PHONY: playground
playground: install ## Build the gateway's browser playground from the services' IDLs into playground/dist/site (the gateway image builds its own)
	$(RUN) node playground/build.js

.PHONY: dev
dev: install ## Run every service natively with reload (echo, data, user on ports 8081-8083)
	scripts/dev.sh

# A new service copied from echo with every occurrence renamed, in every file that lists
# the services (shared/src/scaffold/, docs/writing-a-service.md). NAME: one lowercase word.
NAME ?=
SCAFFOLD = $(RUN) npx tsc -b shared && $(RUN) node shared/dist/scaffold/cli.js

.PHONY: new-service
new-service: install ## Create services/<NAME> from echo, wired into compose, gateway, deploy and tests (NAME=billing)
	@test -n "$(NAME)" || { echo "usage: make new-service NAME=<name>" >&2; exit 2; }
	$(SCAFFOLD) add "$(NAME)"
	@# Echo's lines with the new name can outgrow the line width: its own files, formatted.
	$(RUN) npx biome format --write services/$(NAME) test/stack/$(NAME).calls.test.ts > /dev/null
	$(NPM) install --no-audit --no-fund
	@echo "services/$(NAME): implement src/handler.ts for $(NAME).thrift; make gen after changing the IDL"

.PHONY: remove-service
remove-service: install ## Remove a service new-service made, and every trace of it (NAME=billing)
	@test -n "$(NAME)" || { echo "usage: make remove-service NAME=<name>" >&2; exit 2; }
	$(SCAFFOLD) remove "$(NAME)"
	$(NPM) install --no-audit --no-fund

##@ Test
# Stack tests (test/stack/): Jest's global setup builds the images and starts
# docker-compose.yml under a random project name, the tests call through the gateway, the
# teardown removes it all. JEST_ARGS narrows a run, e.g. JEST_ARGS=gateway.caching.
# The playground's browser tests need Chromium: scripts/chromium-ensure.sh finds it (or
# installs Debian's, as root); the stock-client tests Apache's Python library and compiler:
# scripts/conformance-ensure.sh.
JEST_ARGS ?=
STACK_TESTS = base=$$(scripts/base-images.sh) && chromium=$$(scripts/chromium-ensure.sh) && \
  python=$$(scripts/conformance-ensure.sh) && \
  env $$base CHROMIUM_PATH=$$chromium STACK_PYTHON=$$python $(NPM) run test:stack -- $(JEST_ARGS)

.PHONY: test-unit
test-unit: install ## Unit and in-process tests (fast, no Docker)
	$(NPM) run test:unit

.PHONY: test-stack
test-stack: install docker ## Whole-stack tests through the gateway, in Docker (JEST_ARGS=… to narrow)
	$(STACK_TESTS)

.PHONY: test-scaffold
test-scaffold: install docker ## make new-service end to end in a copy of the repository: build, unit and stack tests, then remove-service (~3 min)
	scripts/scaffold-test.sh

.PHONY: test-stack-clean
test-stack-clean: ## Remove containers, networks and volumes left by interrupted stack test runs
	scripts/stack-test-clean.sh

# Apache's Node and Python clients against test/conformance's server (README.md,
# "Conformance"). The Python half needs Apache's compiler and python3-thrift:
# scripts/conformance-ensure.sh installs them on Debian as root, and says what to install
# elsewhere.
CONFORMANCE_TESTS = python=$$(scripts/conformance-ensure.sh) && $(RUN) npx tsc -b test/conformance && \
  CONFORMANCE_PYTHON=$$python $(NPM) run test:conformance

.PHONY: test-conformance
test-conformance: install ## Apache's Node and Python clients against the conformance server, every protocol (installs thrift-compiler, python3-thrift)
	$(CONFORMANCE_TESTS)

.PHONY: test
test: install lint gen-check build docker ## Every test: lint, generated code check, type check, unit, conformance, in-process and stack tests
	$(NPM) run test:unit
	$(CONFORMANCE_TESTS)
	$(STACK_TESTS)

##@ Conformance
# Apache's cross-language test service (test/conformance) on 127.0.0.1, for Apache's own
# test clients: --transport=http --port=$(PORT) (README.md, "Conformance").
PORT ?= 9090

.PHONY: conformance-server
conformance-server: install ## Serve Apache's ThriftTest at http://127.0.0.1:$$PORT/ThriftTest for its test clients (PORT=9090; every protocol, no auth; Ctrl-C stops it)
	$(RUN) npx tsc -b test/conformance
	$(RUN) PORT=$(PORT) exec node test/conformance/dist/main.js

# Apache's own C++, Go, Java, Node, browser and Lua test clients, built from Debian's thrift source package
# into node_modules/.cache/apache-clients/, against that server on a free port: every
# protocol each offers, over HTTP (test/conformance/README.md, "Apache's C++, Go, Java, Node, browser and Lua
# clients"). Not part of `make test` or CI: about 30 s, but the first run installs g++, Go,
# a JDK, Lua 5.2 and Chromium where missing and builds the clients (half a minute more).
# test/conformance/apache-clients/prepare.sh installs what they need on Debian as root.
APACHE_CLIENTS ?= cpp go java nodejs js lua
APACHE_CLIENTS_LOOPS ?= 1

.PHONY: test-apache-clients
test-apache-clients: install ## Apache's C++, Go, Java, Node, browser and Lua test clients against the conformance server, every protocol (APACHE_CLIENTS="cpp go java nodejs js lua", APACHE_CLIENTS_LOOPS=1)
	$(RUN) npx tsc -b test/conformance
	APACHE_CLIENTS="$(APACHE_CLIENTS)" APACHE_CLIENTS_LOOPS="$(APACHE_CLIENTS_LOOPS)" \
	  $(RUN) test/conformance/apache-clients/run.sh

##@ Stack
# Compose v2 when its plugin is there, else Debian's standalone v1; evaluated when a recipe
# runs, so after `docker` may have installed it.
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)
PROJECT ?= thrift-http-starter
GATEWAY_HTTPS_PORT ?= 8443
IMAGE_TAG ?= dev
UP_TIMEOUT ?= 180
SERVICE ?=
# OBSERVE=1: Prometheus too (the compose profile `observe`), on 127.0.0.1:$(PROMETHEUS_PORT).
# Off by default: the stack's own footprint stays what it deploys (README.md, "Metrics").
OBSERVE ?=
PROMETHEUS_PORT ?= 9090
observe = $(filter 1 true yes,$(OBSERVE))
STACK_ENV = GATEWAY_HTTPS_PORT=$(GATEWAY_HTTPS_PORT) PROMETHEUS_PORT=$(PROMETHEUS_PORT) IMAGE_TAG=$(IMAGE_TAG)
STACK = $(STACK_ENV) $(COMPOSE) -p $(PROJECT) $(if $(observe),--profile observe)
# Every service, whichever profile started it: for down, logs and ps.
STACK_ALL = $(STACK_ENV) $(COMPOSE) -p $(PROJECT) --profile observe

.PHONY: docker
docker: ## Make sure Docker and Compose answer (installs and starts them on Debian as root)
	scripts/docker-ensure.sh

.PHONY: certs
certs: ## Dev CA + localhost certificate for the gateway, in .certs/ (kept while valid)
	scripts/certs.sh

.PHONY: secrets
secrets: ## Random dev credentials for services and gateway, in .secrets/auth.env (kept if present)
	scripts/secrets.sh

.PHONY: images
images: docker secrets ## Build the service and gateway images (stand-in base images where no registry answers)
	base=$$(scripts/base-images.sh) && env $$base $(STACK) build

.PHONY: nginx-test
nginx-test: docker secrets ## Check the gateway config with nginx -t in the built gateway image
	base=$$(scripts/base-images.sh) && env $$base $(STACK) build gateway
	scripts/nginx-test.sh thrift-http-starter/gateway:$(IMAGE_TAG)

# `make up` and `make swarm-up` stop here, before building anything, when the other one
# (or anything else) holds their name or gateway port, saying what to run instead.
.PHONY: up-conflicts swarm-up-conflicts
up-conflicts:
	@scripts/stack-conflicts.sh compose $(PROJECT) $(GATEWAY_HTTPS_PORT)
	@$(if $(observe),scripts/stack-conflicts.sh compose $(PROJECT) $(PROMETHEUS_PORT) PROMETHEUS_PORT)
swarm-up-conflicts:
	@scripts/stack-conflicts.sh swarm $(SWARM_STACK) $(GATEWAY_HTTPS_PORT)

.PHONY: up
up: up-conflicts certs images ## Start the stack, wait until healthy, print the gateway URL and how to call echo (OBSERVE=1: and Prometheus)
	@# The database's and Prometheus's images too: the official ones, or their stand-ins where no registry answers.
	base=$$(scripts/base-images.sh) && env $$base $(STACK) up -d --remove-orphans
	scripts/stack-wait.sh $(PROJECT) $(UP_TIMEOUT)
	@# nginx resolves the service names only when it loads its config: a gateway left
	@# running while replicas were recreated would still send calls to their old addresses.
	$(STACK) exec -T gateway nginx -s reload
	@port=$$($(STACK) port gateway 8443 | sed 's/.*://'); \
	  echo "Gateway:   https://localhost:$$port (HTTP/2, TLS from the dev CA .certs/ca.crt)"; \
	  echo "Health:    curl --cacert .certs/ca.crt https://localhost:$$port/healthz"; \
	  echo "Playground: https://localhost:$$port/_playground/ (a user of .secrets/auth.env's AUTH_BASIC_USERS)"; \
	  echo "Call echo: make call-echo$$([ "$$port" = 8443 ] || echo " GATEWAY_HTTPS_PORT=$$port") MSG=hi"
	@$(if $(observe),port=$$($(STACK) port prometheus 9090 | sed 's/.*://'); \
	  echo "Metrics:   http://localhost:$$port (Prometheus; calls/s by method: service_method:thrift_calls:rate1m)", \
	  echo "Metrics:   make up OBSERVE=1 adds Prometheus on http://localhost:$(PROMETHEUS_PORT)")

# thrift-http call through the gateway (README, "Tools"): HTTP/2, the dev CA, and the dev
# Bearer token, passed in the environment so that no secret is on a command line. ARGS is
# read from the environment too: make exports the variables given on its command line.
METHOD ?=
THRIFT_HTTP_CALL = set -a && . .secrets/auth.env && set +a && token=$${AUTH_BEARER_TOKENS%%,*} && \
  THRIFT_HTTP_BEARER=$${token\#*:} $(RUN) node shared/bin/thrift-http.js call --ca .certs/ca.crt --http2

.PHONY: call
call: build secrets ## Call a method through the gateway (SERVICE=data METHOD=get ARGS='{"key":"a"}'; ARGS defaults to {})
	@test -n "$(SERVICE)" -a -n "$(METHOD)" || { echo "usage: make call SERVICE=<service> METHOD=<method> [ARGS='{...}']" >&2; exit 2; }
	@$(THRIFT_HTTP_CALL) --idl services/$(SERVICE)/$(SERVICE).thrift https://localhost:$(GATEWAY_HTTPS_PORT)/$(SERVICE) \
	  "$(METHOD)" "$${ARGS:-"{}"}"

MSG ?= hello
.PHONY: call-echo
call-echo: build secrets ## Call echo through the gateway: make call SERVICE=echo METHOD=echo with the message MSG=…
	@$(THRIFT_HTTP_CALL) --idl services/echo/echo.thrift https://localhost:$(GATEWAY_HTTPS_PORT)/echo echo \
	  "$$($(RUN) node -e 'process.stdout.write(JSON.stringify({ req: { msg: process.argv[1] } }))' "$(MSG)")"

.PHONY: down
down: secrets ## Stop the stack, remove its containers and network (images, the database's and Prometheus's volumes, secrets stay)
	$(STACK_ALL) down --remove-orphans

.PHONY: down-volumes
down-volumes: secrets ## Stop the stack and delete its volumes too (the database's, Prometheus's): the data is gone
	$(STACK_ALL) down --remove-orphans --volumes

.PHONY: migrate
migrate: secrets ## Apply data's and user's database migrations on the running stack (every start applies them too)
	for service in data user; do $(STACK) exec -T $$service node dist/migrate.js; done

.PHONY: logs
logs: secrets ## Follow the stack's logs (SERVICE=gateway for one service)
	$(STACK_ALL) logs -f --tail=100 $(SERVICE)

.PHONY: ps
ps: secrets ## List the stack's containers and their health
	$(STACK_ALL) ps

##@ Benchmarks
# Seconds per measured run, rounds, warm-up seconds, wrk connections; BENCH_ONLY=compression
# runs the compression rows alone (docs/benchmarks.md).
BENCH_DURATION ?= 4
BENCH_ROUNDS ?= 3
BENCH_WARMUP ?= 1
BENCH_CONNECTIONS ?= 16
BENCH_ONLY ?=

BENCH_ENV = BENCH_DURATION=$(BENCH_DURATION) BENCH_ROUNDS=$(BENCH_ROUNDS) BENCH_WARMUP=$(BENCH_WARMUP) \
  BENCH_CONNECTIONS=$(BENCH_CONNECTIONS) BENCH_ONLY=$(BENCH_ONLY)

.PHONY: bench
bench: install certs docker ## Load the starter and its baselines on 127.0.0.1 (wrk, native nginx, PostgreSQL); writes docs/benchmarks*.md and .svg
	bench/install-tools.sh
	$(RUN) npx tsc -b bench
	$(BENCH_ENV) $(RUN) node bench/dist/run.js
	@# BENCH_ONLY=compression: those rows alone, not the database's.
	$(if $(BENCH_ONLY),,$(BENCH_ENV) $(RUN) node bench/dist/database/run.js)

.PHONY: bench-database
bench-database: install docker ## The database rows alone: user.getUser and data.put through the service vs a bare driver loop; writes docs/benchmarks-database.md
	$(RUN) npx tsc -b bench
	$(BENCH_ENV) $(RUN) node bench/dist/database/run.js

##@ Beyond one machine
# The same images on a scheduler. Docker Swarm: deploy/swarm/ (docker-stack.yml; credentials
# and TLS keys as Swarm secrets). Kubernetes: deploy/k8s/ (kustomize base and overlays,
# checked without a cluster by `make k8s-check`, part of `make test-unit`).
# Not the compose project's name: a stack and a project of one name cannot both start.
SWARM_STACK ?= thrift-http-starter-swarm
# mesh: the gateway on Swarm's routing mesh; host: on each node's own port (kernels
# without IPVS, or to keep the clients' addresses), see deploy/swarm/publish-host.yml.
SWARM_PUBLISH ?= mesh
OVERLAY ?= dev

.PHONY: swarm-up
swarm-up: swarm-up-conflicts certs images ## Deploy the stack on Docker Swarm (a single-node swarm here if in none), wait until it runs
	base=$$(scripts/base-images.sh) && env $$base IMAGE_TAG=$(IMAGE_TAG) GATEWAY_HTTPS_PORT=$(GATEWAY_HTTPS_PORT) \
	  SWARM_PUBLISH=$(SWARM_PUBLISH) deploy/swarm/up.sh $(SWARM_STACK)

.PHONY: swarm-down
swarm-down: ## Remove the Swarm stack (its volumes stay, and so does the swarm)
	deploy/swarm/down.sh $(SWARM_STACK)

.PHONY: swarm-test
swarm-test: install images ## A throwaway stack on Swarm (and swarm, if in none): calls through a rolling update, a scale 2→4→2
	base=$$(scripts/base-images.sh) && env $$base $(RUN) IMAGE_TAG=$(IMAGE_TAG) deploy/swarm/test.sh

.PHONY: k8s-check
k8s-check: install ## Build the Kubernetes overlays with kustomize and check them against the schemas and the code
	$(NPM) run test:unit -- --testPathPatterns deploy/k8s

.PHONY: k8s-manifests
k8s-manifests: ## Print the manifests of a Kubernetes overlay (OVERLAY=dev|production), as `kubectl apply -k` applies them
	@kubectl kustomize deploy/k8s/overlays/$(OVERLAY)
