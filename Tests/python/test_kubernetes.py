"""The Kubernetes deployment (deploy/kubernetes, issue 22) without a cluster.

Every overlay is rendered with kubectl's kustomize; every document validates against the Kubernetes
schemas (kubernetes-validate, strict) or, for a custom resource, against its schema vendored in
deploy/kubernetes/schemas; checkov's Kubernetes checks leave no failure, and every skip carries its
reason in the manifest. The drift checks tie the manifests to the programs: every variable a
container sets is one its program reads (the README's configuration tables, themselves checked
against the sources by test_compose.py) and every required one is set; ports match the ConfigMap,
compose and the Services; every host a setting names is a Service of the render; every selector,
scale target and backend points at something that exists; every pod is covered by a
NetworkPolicy; the autoscalers' queries use metrics the services export.

The tools (kubectl, kubernetes-validate, checkov) live in a virtualenv of their own that
scripts/provision.sh makes (checkov pins many packages).
"""
import functools
import json
import os
import re
import subprocess
import tempfile
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml

from test_compose import readme_variables

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEPLOY = os.path.join(ROOT, "deploy", "kubernetes")
TOOLS = os.path.join(os.environ.get("MODPORTER_DEPLOY_VENV") or os.path.join(ROOT, ".stack", "venv-deploy"), "bin")
OVERLAYS = sorted(os.listdir(os.path.join(DEPLOY, "overlays")))
KUBERNETES_VERSIONS = ["1.31.0", "1.33.0"]
PROGRAMS = {"gateway", "auth", "conversion", "ai-engine", "realtime", "migrator"}
# The Secrets made outside the repository (README "Kubernetes"), with the keys the manifests may use.
OUT_OF_BAND_SECRETS = {
    "modporter-secrets": {"redis-password", "pg-auth-password", "pg-conversion-password", "pg-ai-engine-password",
                          "auth-signing-key", "auth-data-key", "service-secret-gateway", "service-secret-conversion",
                          "service-secret-realtime", "service-secret-ai-engine", "download-link-secret"},
    "modporter-db-app": {"uri"},
}
WORKLOADS = ("Deployment", "Job")


@functools.lru_cache(maxsize=None)
def rendered(overlay):
    """The overlay's documents, as `kubectl kustomize` renders them (and the text)."""
    result = subprocess.run([os.path.join(TOOLS, "kubectl"), "kustomize", os.path.join(DEPLOY, "overlays", overlay)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [document for document in yaml.safe_load_all(result.stdout) if document], result.stdout


def documents(overlay, kind=None):
    return [document for document in rendered(overlay)[0] if kind is None or document["kind"] == kind]


def named(overlay, kind, name):
    found = [document for document in documents(overlay, kind) if document["metadata"]["name"] == name]
    return found[0] if found else None


def pod_templates(overlay):
    """(workload, pod spec, pod labels) of every Deployment and Job."""
    for workload in documents(overlay):
        if workload["kind"] in WORKLOADS:
            template = workload["spec"]["template"]
            yield workload, template["spec"], template["metadata"].get("labels", {})


def our_containers(overlay):
    """(workload, container) for every container that runs one of the programs."""
    for workload, spec, _ in pod_templates(overlay):
        for container in spec.get("initContainers", []) + spec["containers"]:
            if container["image"].split("/")[-1].split(":")[0] == "modporter":
                yield workload, container


def matches(selector, labels):
    for key, value in selector.get("matchLabels", {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions", []):
        present = expression["key"] in labels
        if expression["operator"] == "In" and (not present or labels[expression["key"]] not in expression["values"]):
            return False
        if expression["operator"] == "NotIn" and present and labels[expression["key"]] in expression["values"]:
            return False
        if expression["operator"] == "Exists" and not present:
            return False
    return True


def services(overlay):
    """Every Service name the render defines, with CloudNativePG's read-write Service per Cluster."""
    names = {service["metadata"]["name"]: service for service in documents(overlay, "Service")}
    for cluster in documents(overlay, "Cluster"):
        names[cluster["metadata"]["name"] + "-rw"] = {"spec": {"ports": [{"name": "postgres", "port": 5432}]}}
    return names


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_document_validates_against_the_kubernetes_and_crd_schemas(overlay):
    _, text = rendered(overlay)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(text)
    core = [document for document in documents(overlay) if "." not in document["apiVersion"].split("/")[0] or document["apiVersion"].split("/")[0].endswith("k8s.io")]
    assert len(core) > 40, len(core)
    for version in KUBERNETES_VERSIONS:
        result = subprocess.run([os.path.join(TOOLS, "kubernetes-validate"), "--strict", "-k", version, handle.name], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "ERROR" not in result.stdout, result.stdout
    custom = [document for document in documents(overlay) if document not in core]
    assert {document["kind"] for document in custom} == {"ScaledObject", "Cluster"}
    for document in custom:
        group_version = document["apiVersion"].replace("/", "-")
        path = os.path.join(DEPLOY, "schemas", "%s-%s.json" % (group_version, document["kind"]))
        assert os.path.exists(path), "no vendored schema for %s %s" % (document["apiVersion"], document["kind"])
        with open(path) as schema:
            jsonschema.validate(document, json.load(schema))


def test_the_vendored_schemas_refuse_what_they_should():
    """The closed CRD schemas catch a misspelt field and a trigger without its query."""
    document = named(OVERLAYS[0], "ScaledObject", "conversion")
    with open(os.path.join(DEPLOY, "schemas", "keda.sh-v1alpha1-ScaledObject.json")) as handle:
        schema = json.load(handle)
    misspelt = json.loads(json.dumps(document))
    misspelt["spec"]["maxReplicas"] = misspelt["spec"].pop("maxReplicaCount")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(misspelt, schema)
    queryless = json.loads(json.dumps(document))
    del queryless["spec"]["triggers"][0]["metadata"]["query"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(queryless, schema)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_checkov_leaves_no_failed_check_and_every_skip_says_why(overlay):
    _, text = rendered(overlay)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(text)
    result = subprocess.run([os.path.join(TOOLS, "checkov"), "-f", handle.name, "--framework", "kubernetes", "--skip-download", "-o", "json"],
                            capture_output=True, text=True, env=dict(os.environ, BC_SKIP_MAPPING="TRUE", CHECKOV_NO_OUTPUT_COLOR="1"))
    report = json.loads(result.stdout)
    summary = report["summary"]
    failed = ["%s %s" % (check["check_id"], check["resource"]) for check in report["results"]["failed_checks"]]
    assert summary["failed"] == 0, failed
    assert summary["passed"] > 500, summary
    assert summary["parsing_errors"] == 0, summary
    for document in documents(overlay):
        for key, value in document["metadata"].get("annotations", {}).items():
            if key.startswith("checkov.io/skip"):
                assert re.match(r"^CKV2?_K8S_\d+=\S.{30,}$", value), "%s %s: a skip needs its reason: %s" % (document["kind"], document["metadata"]["name"], value)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_program_gets_the_variables_it_reads_and_every_required_one(overlay):
    documented = readme_variables()
    config_maps = {config["metadata"]["name"]: config.get("data", {}) for config in documents(overlay, "ConfigMap")}
    seen = set()
    for workload, container in our_containers(overlay):
        program = container["command"][0]
        assert program in PROGRAMS, (workload["metadata"]["name"], container["command"])
        seen.add(program)
        names = set()
        for source in container.get("envFrom", []):
            reference = source["configMapRef"]["name"]
            assert reference in config_maps, "%s: no ConfigMap %s" % (container["name"], reference)
            names |= set(config_maps[reference])
        for variable in container.get("env", []):
            assert variable["name"] not in names, "%s sets %s twice" % (container["name"], variable["name"])
            names.add(variable["name"])
            source = variable.get("valueFrom", {})
            if "configMapKeyRef" in source:
                reference = source["configMapKeyRef"]
                assert reference["key"] in config_maps.get(reference["name"], {}), (container["name"], reference)
            if "secretKeyRef" in source:
                reference = source["secretKeyRef"]
                assert reference["key"] in OUT_OF_BAND_SECRETS.get(reference["name"], set()), (container["name"], reference)
            assert "value" in variable or source, (container["name"], variable)
            if re.search(r"PASSWORD|SECRET|_KEY$|DATABASE_URL", variable["name"]) and variable["name"] != "AUTH_SIGNING_KEY_ID":
                assert "secretKeyRef" in source, "%s: %s must come from a Secret" % (container["name"], variable["name"])
        unknown = sorted(names - set(documented[program]))
        assert not unknown, "%s (%s) sets %s, which %s does not read" % (workload["metadata"]["name"], container["name"], unknown, program)
        required = {variable for variable, needed in documented[program].items() if needed}
        if program == "migrator":
            required = {"MIGRATOR_DATABASE_URL"}
        if container["command"][1:2] == ["deploy"]:
            required -= {"HTTP_PORT"}  # the one-shot `ai-engine deploy` serves nothing
        missing = sorted(required - names)
        assert not missing, "%s (%s) lacks required %s" % (workload["metadata"]["name"], container["name"], missing)
    assert seen == PROGRAMS, seen


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_ports_hosts_and_references_point_at_what_exists(overlay):
    common = named(overlay, "ConfigMap", "modporter-common")["data"]
    with open(os.path.join(ROOT, "compose", "docker-compose.prod.yml")) as handle:
        compose = yaml.safe_load(handle)
    port = int(common["HTTP_PORT"])
    assert port == int(compose["x-common-env"]["HTTP_PORT"])
    known = services(overlay)
    deployments = {deployment["metadata"]["name"]: deployment for deployment in documents(overlay, "Deployment")}

    # Containers listen where the settings say; probes use the named port.
    for workload, spec, _ in pod_templates(overlay):
        for container in spec["containers"]:
            if workload["kind"] == "Deployment":
                assert [p["containerPort"] for p in container["ports"] if p["name"] == "http"] == [port], container["name"]
                for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                    assert container[probe]["httpGet"]["port"] == "http", (container["name"], probe)
            assert container.get("resources", {}).get("requests") and container["resources"].get("limits"), container["name"]

    # Every Service (but an ExternalName) selects a Deployment's pods, on a port they name.
    for name, service in known.items():
        if "selector" not in service.get("spec", {}):
            continue
        targets = [d for d in deployments.values() if matches({"matchLabels": service["spec"]["selector"]}, d["spec"]["template"]["metadata"]["labels"])]
        assert targets, "Service %s selects no pods" % name
        for entry in service["spec"]["ports"]:
            for target in targets:
                names = {p["name"] for c in target["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])}
                assert entry["targetPort"] in names, (name, entry)

    # Every host a setting names is a Service here, on the port the Service offers.
    def expect_service(host, service_port, where):
        assert host in known, "%s names %s, which is no Service of the render" % (where, host)
        assert service_port in {entry["port"] for entry in known[host]["spec"]["ports"]}, (where, host, service_port)

    values = dict(common)
    for config in documents(overlay, "ConfigMap"):
        values.update(config.get("data", {}))
    for key, value in values.items():
        if key.endswith("-url") and value.startswith("http://"):
            url = urlparse(value)
            expect_service(url.hostname, url.port or 80, key)
    for target in values["health-targets"].split(","):
        _, address = target.split("@")
        host, target_port = address.split(":")
        expect_service(host, int(target_port), "health-targets")
    expect_service(values["REDIS_HOST"], int(values["REDIS_PORT"]), "REDIS_HOST")
    expect_service(values["POSTGRES_HOST"], int(values["POSTGRES_PORT"]), "POSTGRES_HOST")

    # Ingress backends, scale targets and disruption budgets name what exists.
    for ingress in documents(overlay, "Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                assert backend["name"] in known, backend
                assert backend["port"]["name"] in {entry["name"] for entry in known[backend["name"]]["spec"]["ports"]}, backend
    for scaler in documents(overlay, "HorizontalPodAutoscaler"):
        assert scaler["spec"]["scaleTargetRef"]["name"] in deployments, scaler["metadata"]["name"]
    for scaled in documents(overlay, "ScaledObject"):
        assert scaled["spec"]["scaleTargetRef"]["name"] in deployments, scaled["metadata"]["name"]
    budgets = documents(overlay, "PodDisruptionBudget")
    for budget in budgets:
        assert any(matches(budget["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"]) for d in deployments.values()), budget
    for name, deployment in deployments.items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert any(matches(budget["spec"]["selector"], labels) for budget in budgets), "%s has no PodDisruptionBudget" % name
        assert deployment["spec"]["replicas"] >= 2, name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_is_fenced_by_network_policies(overlay):
    policies = documents(overlay, "NetworkPolicy")
    deny = [p for p in policies if p["spec"]["podSelector"] == {} and set(p["spec"]["policyTypes"]) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    assert deny, "no default-deny policy"
    for workload, _, labels in pod_templates(overlay):
        own = [p for p in policies if p["spec"]["podSelector"] != {} and matches(p["spec"]["podSelector"], labels)]
        assert own, "%s: no NetworkPolicy names its pods" % workload["metadata"]["name"]
    gateway = named(overlay, "NetworkPolicy", "gateway")
    sources = [peer for rule in gateway["spec"]["ingress"] for peer in rule["from"]]
    assert {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}} in sources
    # Nothing but ingress-nginx, another gateway and monitoring reaches the gateway.
    for peer in sources:
        assert peer.get("namespaceSelector", {}).get("matchLabels", {}).get("kubernetes.io/metadata.name") == "ingress-nginx" \
            or peer.get("podSelector", {}).get("matchLabels") == {"app.kubernetes.io/name": "gateway"}, peer


def exported_metrics():
    found = set()
    for current, _, names in os.walk(os.path.join(ROOT, "Services")):
        for name in names:
            if name.endswith(".swift"):
                with open(os.path.join(current, name)) as handle:
                    found |= set(re.findall(r'(?:Gauge|Counter|Timer|Recorder)\(label: "([a-z_]+)"', handle.read()))
    return found


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_autoscalers_follow_metrics_the_services_export(overlay):
    metrics = exported_metrics()
    conversion = named(overlay, "ScaledObject", "conversion")
    assert conversion["spec"]["minReplicaCount"] >= 2 and conversion["spec"]["maxReplicaCount"] > conversion["spec"]["minReplicaCount"]
    assert conversion["spec"]["cooldownPeriod"] > 0
    queries = [trigger["metadata"]["query"] for scaled in documents(overlay, "ScaledObject") for trigger in scaled["spec"]["triggers"] if trigger["type"] == "prometheus"]
    assert any("job_queue_depth" in query for query in queries)
    for query in queries:
        for metric in re.findall(r"\b([a-z_]+)\{", query):
            assert metric in metrics, "%s is not a metric the services export" % metric
    assert {scaler["metadata"]["name"] for scaler in documents(overlay, "HorizontalPodAutoscaler")} >= {"gateway"}
    assert any(trigger["type"] == "cpu" for trigger in named(overlay, "ScaledObject", "realtime")["spec"]["triggers"])


def test_the_capacity_page_is_what_the_model_computes():
    result = subprocess.run(["python3", os.path.join(ROOT, "scripts", "capacity.py"), "--markdown"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with open(os.path.join(ROOT, "README.md")) as handle:
        readme = handle.read()
    assert result.stdout.strip() in readme, "README's capacity table is stale: run scripts/capacity.py --markdown"
