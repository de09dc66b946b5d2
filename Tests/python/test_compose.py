"""The production surface without a Docker engine: both compose files pass
../shared/tools/validate-compose; every variable they hand a ModPorter program is one that program
reads (per the README's configuration tables, themselves checked against the sources) and every
required one is set; the Dockerfile passes hadolint and installs exactly the runtime packages the
binaries link (ldd); the production nginx configuration is the template's render and passes
`nginx -t`; the production Prometheus configuration passes `promtool check config`."""
import os
import re
import shutil
import subprocess
import tempfile

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.path.abspath(os.path.join(ROOT, "..", "shared"))
COMPOSE_FILES = [os.path.join(ROOT, "compose", name) for name in ("docker-compose.yml", "docker-compose.prod.yml")]
PROGRAMS = ["gateway", "auth", "conversion", "ai-engine", "realtime", "migrator"]
SERVICES = ["gateway", "auth", "conversion", "ai-engine", "realtime"]


def readme_variables():
    """program → {variable: required?} from the README's "Configuration" tables."""
    with open(os.path.join(ROOT, "README.md")) as handle:
        text = handle.read()
    section = text.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    table = {program: {} for program in PROGRAMS}
    current = []
    for line in section.splitlines():
        if line.startswith("Every service:"):
            current = SERVICES
        elif re.match(r"^`[a-z-]+`.*:$", line):
            current = re.findall(r"`([a-z-]+)`", line.split(" also")[0].split(":")[0])
        elif line.startswith("The local stack"):
            current = []
        elif line.startswith("| `") and current:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            names = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
            defaults = re.split(r"\s*[,/]\s*", cells[1]) if len(cells) > 1 else []
            for index, name in enumerate(names):
                default = defaults[index] if len(defaults) == len(names) else cells[1]
                for program in current:
                    table[program][name] = default.startswith("required")
    return table


def source_variables():
    """Every variable name the Swift sources hand to the environment reader."""
    found = set()
    for folder in ("Services", "Shared"):
        for current, _, names in os.walk(os.path.join(ROOT, folder)):
            for name in names:
                if name.endswith(".swift"):
                    with open(os.path.join(current, name)) as handle:
                        source = handle.read()
                        # EnvironmentReader calls (`.string("NAME"`, a choice's `"NAME", default:`) and
                        # the migrator's direct reads (`environment["NAME"]`).
                        found |= set(re.findall(r'\.(?:optional|required|string|integer|port|seconds|choice)\(\s*"([A-Z][A-Z0-9_]+)"', source))
                        found |= set(re.findall(r'^\s*"([A-Z][A-Z0-9_]+)", default:', source, re.M))
                        found |= set(re.findall(r'environment\["([A-Z][A-Z0-9_]+)"\]', source))
    return found


def test_the_readme_documents_exactly_what_the_sources_read():
    documented = set().union(*readme_variables().values())
    read = source_variables()
    # SERVICE_SECRET_<NAME> is read by prefix (one per calling service).
    documented_plain = {name for name in documented if not name.startswith("SERVICE_SECRET_")}
    assert read - documented_plain == set(), "read but not documented: %s" % sorted(read - documented_plain)
    assert documented_plain - read == set(), "documented but never read: %s" % sorted(documented_plain - read)


def test_both_compose_files_validate():
    result = subprocess.run([os.sys.executable, os.path.join(SHARED, "tools", "validate-compose")] + COMPOSE_FILES, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 0 failed" in result.stdout


def test_compose_sets_only_variables_the_programs_read_and_every_required_one():
    documented = readme_variables()
    for path in COMPOSE_FILES:
        with open(path) as handle:
            document = yaml.safe_load(handle)
        ours = {name: service for name, service in document["services"].items() if str(service.get("image", "")).startswith(("modporter", "${MODPORTER_IMAGE"))}
        assert {str(service["command"][0]) for service in ours.values()} == set(PROGRAMS), (path, sorted(ours))
        for name, service in ours.items():
            program = service["command"][0]
            environment = service.get("environment") or {}
            unknown = sorted(set(environment) - set(documented[program]))
            assert not unknown, "%s: %s sets %s, which %s does not read" % (os.path.basename(path), name, unknown, program)
            required = {variable for variable, needed in documented[program].items() if needed}
            if program == "migrator":
                required = {"MIGRATOR_DATABASE_URL"}
            missing = sorted(required - set(environment))
            assert not missing, "%s: %s lacks required %s" % (os.path.basename(path), name, missing)


def test_production_secrets_have_no_defaults():
    with open(os.path.join(ROOT, "compose", "docker-compose.prod.yml")) as handle:
        text = handle.read()
    for secret in ("REDIS_PASSWORD", "POSTGRES_OWNER_PASSWORD", "PG_AUTH_PASSWORD", "PG_CONVERSION_PASSWORD", "PG_AI_ENGINE_PASSWORD",
                   "PG_MONITOR_PASSWORD", "AUTH_SIGNING_KEY", "AUTH_DATA_KEY", "SERVICE_SECRET_GATEWAY", "SERVICE_SECRET_CONVERSION",
                   "SERVICE_SECRET_REALTIME", "SERVICE_SECRET_AI_ENGINE", "DOWNLOAD_LINK_SECRET", "GRAFANA_ADMIN_PASSWORD", "ALERT_WEBHOOK_URL"):
        # `$${…}` is compose's escape (a literal placeholder the container fills), not a variable.
        uses = re.findall(r"(?<!\$)\$\{%s(:?[-?][^}]*)?\}" % secret, text)
        assert uses, secret
        assert all(use.startswith(":?") for use in uses), "%s has a default in the production compose: %s" % (secret, uses)


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or os.path.join(os.path.dirname(os.sys.executable), "hadolint")
    result = subprocess.run([hadolint, "--config", os.path.join(ROOT, ".hadolint.yaml"), os.path.join(ROOT, "compose", "Dockerfile")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _runtime_packages():
    with open(os.path.join(ROOT, "compose", "Dockerfile")) as handle:
        text = handle.read().replace("\\\n", " ")
    runtime = text.split("AS runtime", 1)[1]
    installs = re.findall(r"apt-get install -y --no-install-recommends ([^&\n]+)", runtime)
    assert len(installs) == 1, installs
    return set(installs[0].split())


def test_the_image_carries_every_resource_bundle_the_programs_read():
    """A target with resources (the migrator's SQL, the gateway's OpenAPI document) is read from a
    `ModPorter_<target>.resources` folder beside the executable: the image must copy each one."""
    package = open(os.path.join(ROOT, "Package.swift")).read()
    targets = re.findall(r'name: "(\w+)",\s+path: "[^"]+",\s+resources:', package)
    assert sorted(targets) == ["MigrationScripts", "OpenAPISpec"], targets
    dockerfile = open(os.path.join(ROOT, "compose", "Dockerfile")).read()
    for target in targets:
        assert ".build/release/ModPorter_%s.resources" % target in dockerfile, target


def test_the_runtime_image_installs_what_the_binaries_link(stack):
    binaries = stack["BIN_DIR"]
    toolchain = os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("swift"))))
    base = {"libc6", "libstdc++6", "libgcc-s1", "zlib1g"}  # in debian:bookworm-slim already
    needed_packages = set()
    for program in PROGRAMS:
        path = os.path.join(binaries, program)
        direct = set(re.findall(r"NEEDED\s+(\S+)", subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=True).stdout))
        resolved = dict(re.findall(r"^\s*(\S+) => (\S+)", subprocess.run(["ldd", path], capture_output=True, text=True, check=True).stdout, re.M))
        for library in direct:
            if library.startswith("ld-linux"):
                continue  # the dynamic loader, part of libc6
            location = resolved.get(library)
            assert location, "%s: %s does not resolve" % (program, library)
            if os.path.realpath(location).startswith(toolchain):
                continue  # the Swift runtime: linked statically in the image (--static-swift-stdlib)
            owner = subprocess.run(["dpkg", "-S", os.path.realpath(location)], capture_output=True, text=True)
            if owner.returncode != 0:
                owner = subprocess.run(["dpkg", "-S", location], capture_output=True, text=True)
            assert owner.returncode == 0, "%s: no Debian package owns %s" % (program, location)
            needed_packages.add(owner.stdout.split(":")[0])
    assert _runtime_packages() == needed_packages - base, (sorted(_runtime_packages()), sorted(needed_packages))


def test_the_production_nginx_configuration_renders_from_the_template_and_passes_nginx_t(stack):
    folder = tempfile.mkdtemp(prefix="nginx-prod-")
    rendered = os.path.join(folder, "nginx.conf")
    subprocess.run([os.path.join(ROOT, "scripts", "render-prod-nginx.sh"), rendered], check=True)
    with open(rendered) as handle, open(os.path.join(ROOT, "compose", "nginx", "nginx.conf")) as committed:
        text = handle.read()
        assert text == committed.read(), "compose/nginx/nginx.conf is stale: run scripts/render-prod-nginx.sh"
    # nginx -t here: the service names point at loopback and the paths at this folder (Debian's
    # nginx predates `resolve`); everything else is checked as production has it.
    os.makedirs(os.path.join(folder, "tmp"))
    local = re.sub(r"server [a-z-]+:8080 resolve", "server 127.0.0.1:8080", text)
    local = local.replace("/var/cache/nginx", folder).replace("/dev/stderr", os.path.join(folder, "error.log"))
    local = local.replace("/dev/stdout", os.path.join(folder, "access.log"))
    local = local.replace("/run/secrets/tls/tls.crt", os.path.join(stack["STACK_DIR"], "nginx", "tls.crt"))
    local = local.replace("/run/secrets/tls/tls.key", os.path.join(stack["STACK_DIR"], "nginx", "tls.key"))
    local = local.replace("/etc/nginx/modporter/errors.conf", os.path.join(ROOT, "nginx", "errors.conf.template"))
    with open(rendered, "w") as handle:
        handle.write(local)
    result = subprocess.run(["nginx", "-t", "-q", "-c", rendered, "-p", folder, "-g", "daemon on;"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_production_prometheus_configuration_checks_out():
    folder = tempfile.mkdtemp(prefix="prometheus-prod-")
    shutil.copy(os.path.join(ROOT, "compose", "prometheus", "prometheus.yml"), folder)
    shutil.copy(os.path.join(ROOT, "prometheus", "alerts.yml"), folder)
    result = subprocess.run(["promtool", "check", "config", os.path.join(folder, "prometheus.yml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("datasources/prometheus.yml", "dashboards/modporter.yml"):
        with open(os.path.join(ROOT, "compose", "grafana", "provisioning", name)) as handle:
            assert yaml.safe_load(handle)["apiVersion"] == 1
