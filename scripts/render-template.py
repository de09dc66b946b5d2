#!/usr/bin/env python3
"""Render a config template: replace ${NAME} with the environment variable NAME.

Unlike envsubst, an unset variable is an error (naming it), and nginx's own $variables
(no braces) are left alone.
"""
import os
import re
import sys


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: render-template.py TEMPLATE OUTPUT", file=sys.stderr)
        return 2
    source, target = sys.argv[1], sys.argv[2]
    text = open(source, encoding="utf-8").read()
    missing = sorted({name for name in re.findall(r"\$\{([A-Z0-9_]+)\}", text) if name not in os.environ})
    if missing:
        print(f"render-template: {source} needs {', '.join(missing)}", file=sys.stderr)
        return 1
    rendered = re.sub(r"\$\{([A-Z0-9_]+)\}", lambda m: os.environ[m.group(1)], text)
    with open(target, "w", encoding="utf-8") as out:
        out.write(rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
