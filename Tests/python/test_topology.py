"""deploy/topology.json is the one table of the platform's ports: the local stack takes its ports
from it (scripts/stack.sh evals `topology.py shell`), the production nginx upstreams and the
production Prometheus configuration are rendered from it, and `topology.py check` fails on any
port the compose files state otherwise."""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import topology  # noqa: E402  (scripts/topology.py)


def test_the_compose_files_and_the_rendered_configurations_agree_with_the_table():
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "topology.py"), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_running_stack_listens_where_the_table_says(stack):
    table = topology.load()
    by_name = table["by_name"]
    offset = int(stack["NGINX_HTTP_PORT"]) - by_name["nginx-http"]["stack_port"]
    for entry in table["infrastructure"]:
        assert int(stack[entry["stack_variable"]]) == entry["stack_port"] + offset, entry["name"]
    for service in table["services"]:
        assert stack[service["stack_variable"]].split() == [str(port + offset) for port in service["stack_ports"]], service["name"]


def test_a_port_changed_in_one_place_is_caught():
    table = topology.load()
    for name in ("docker-compose.yml", "docker-compose.prod.yml"):
        with open(os.path.join(ROOT, "compose", name)) as handle:
            text = handle.read()
        for old, new in (('REDIS_PORT: "6379"', 'REDIS_PORT: "6380"'), ("http://nginx:8081/", "http://nginx:8082/"),
                         ("realtime@realtime:8080", "realtime@realtime:9000")):
            assert old in text, (name, old)
            with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as changed:
                changed.write(text.replace(old, new, 1))
            problems = topology.compose_drift(table, changed.name)
            os.unlink(changed.name)
            assert problems, "%s: %s → %s went unnoticed" % (name, old, new)
    # A table edit reaches the rendered configuration, which then no longer matches the file.
    table["by_name"]["realtime"]["port"] = 8090
    with open(topology.PROMETHEUS) as handle:
        assert topology.prometheus(table) != handle.read()
    assert "names: [realtime], type: A, port: 8090" in topology.prometheus(table)
