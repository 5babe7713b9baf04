#!/usr/bin/env bash
# The release check: deploys every module to a staging repository in target/staging (a folder, never ~/.m2 nor a
# remote) as a release would, then checks what landed there (.ci/staging_check.py): exactly the published artifacts,
# Maven Central's POM metadata, checksums, sources and Javadoc jars, module names, the BOM.
#   bash .ci/staging-check.sh            after `mvn verify` (tests are not run again)
#   bash .ci/staging-check.sh -Prelease  also signs (gpg and a key needed) and checks the signatures
# The staging folder is what a release uploads as its bundle: see docs/releasing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v python3 >/dev/null; then
    echo "[staging-check] installing python3 from Debian packages" >&2
    as_root=()
    if [[ "$(id -u)" != 0 ]]; then as_root=(sudo -n); fi
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -q --no-install-recommends python3 >/dev/null
fi

staging="$PWD/target/staging"
rm -rf "$staging"
signed=()
for arg in "$@"; do [[ "$arg" == -Prelease ]] && signed=(--signed); done

# install is skipped: no artifact of this run may reach ~/.m2 (shared with other builds on this machine). The
# repository id must not be "local": Maven caches a repository's metadata in ~/.m2 as maven-metadata-<id>.xml, and
# maven-metadata-local.xml is the file that says what is installed there.
# Tests (Surefire and jcstress) already ran in `mvn verify`.
mvn -B -ntp deploy -DskipTests -Djcstress.skip=true -Dspotless.check.skip=true -Dmaven.install.skip=true \
    -DaltDeploymentRepository="coro-staging::file://$staging" "$@"

python3 .ci/staging_check.py "$staging" "${signed[@]}"
