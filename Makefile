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
gen: install ## Generate TypeScript from every service's .thrift IDL
	$(NPM) run gen

.PHONY: gen-check
gen-check: install ## Fail if generated code is out of date with the IDL
	$(NPM) run gen:check

.PHONY: build
build: install ## Type-check and compile every package (tsc -b)
	$(NPM) run build

##@ Test
.PHONY: test-unit
test-unit: install ## Unit and in-process tests (fast, no Docker)
	$(NPM) run test:unit

.PHONY: test
test: install gen-check build ## Every test: generated code check, type check, unit and in-process tests
	$(NPM) test
