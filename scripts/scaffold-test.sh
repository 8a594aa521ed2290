#!/usr/bin/env bash
# The end-to-end test of `make new-service` and `make remove-service` (`make test-scaffold`):
# in a throwaway copy of the repository, creates a service, then checks that it generates,
# builds, passes its unit tests and the deployment checks, and answers through the gateway
# in the stack tests without any further edit; then removes it and checks that the copy is
# exactly as it was. The repository itself is never touched.
#   scripts/scaffold-test.sh [NAME]   (default billing)
# The copy's stack runs under a project of its own (the stack tests' random name) and tags
# its images `scaffold` (STACK_IMAGE_TAG), apart from `make up`'s and `make test-stack`'s.
set -euo pipefail
name=${1:-billing}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PATH="$("$root/scripts/node-path.sh"):$PATH"
export PATH STACK_IMAGE_TAG=${STACK_IMAGE_TAG:-scaffold}
start=$SECONDS

say() { echo "scaffold-test: $* ($((SECONDS - start)) s)" >&2; }

copy=$(mktemp -d "${TMPDIR:-/tmp}/scaffold-test-XXXXXX")
trap 'rm -rf "$copy"' EXIT

# 1. The copy: the files git knows (committed or not, not ignored), the installed
#    dependencies (copied, since npm changes them), and a baseline commit to compare with.
cd "$root"
git ls-files -z --cached --others --exclude-standard | tar --null -cf - -T - | tar -xf - -C "$copy"
cp -a node_modules "$copy/"
cd "$copy"
git init -q
git add -A
git -c user.name=scaffold-test -c user.email=scaffold-test@localhost commit -qm baseline
say "copied the repository to $copy"

# 2. The new service, with no further edit: generated code up to date, type check, its unit
#    tests and the Kubernetes checks (which cross-check every service's manifests), then
#    the stack tests that call it, and echo, through the gateway.
make --no-print-directory new-service NAME="$name"
make --no-print-directory gen-check build
npm run test:unit -- --testPathPatterns "services/$name/" deploy/k8s
say "$name generates, builds and passes its unit tests"
make --no-print-directory test-stack JEST_ARGS="$name.calls echo.calls"
say "$name answers through the gateway"

# 3. Removal restores the copy exactly: nothing tracked changed, nothing new left (build
#    output and installed dependencies are git-ignored).
make --no-print-directory remove-service NAME="$name"
left=$(git status --porcelain)
if [ -n "$left" ]; then
  say "remove-service left the copy different from before new-service:"
  echo "$left" >&2
  exit 1
fi
say "remove-service restored the repository exactly; passed"
