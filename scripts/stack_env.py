"""The `stack.env` file that `scripts/stack.sh up` writes into a stack's folder: one KEY=VALUE per
line (ports, credentials, paths). The scripts that drive a running stack read it through here."""


def read(path):
    """The file at `path` as a dict of its KEY=VALUE lines (other lines are skipped)."""
    values = {}
    with open(path) as handle:
        for line in handle:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                values[key] = value
    return values
