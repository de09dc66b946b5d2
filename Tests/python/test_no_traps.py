"""No service can be made to trap: no force unwrap, `try!`, `as!`, implicitly unwrapped optional,
`fatalError`, `precondition`, `assert` or `unsafeBitCast` in any service's or shared library's
source (issue 23). A trap takes every in-flight request of the process with it, and one that a
request can reach is a denial of service. Where a library itself traps on misuse (NIO's single
iterator, hiredis' allocation), the call site makes the misuse impossible and a test proves it
(test_forwarding_faults.py, RESPCodecTests, HeaderNamesTests).

The only exceptions are start-up checks, listed with their reason below."""
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

TRAP = re.compile(r"(?:[\w\)\]\}>])!(?!=)|\btry!|\bfatalError\(|\bprecondition(?:Failure)?\(|\bassert(?:ionFailure)?\(|\bunsafeBitCast\b")

# file -> (construct, why it cannot be reached from a request)
ALLOWED = {
    "Services/Gateway/OpenAPI/OpenAPISpec.swift": ("fatalError(", "read once while the gateway builds its router: a build without the "
                                                                  "document's resource bundle must not start at all"),
}


def _strip(source):
    """The source without comments and string literals (their text may hold '!'), keeping the code
    inside string interpolations `\\(…)`, which can trap like any other."""
    out, i, n = [], 0, len(source)

    def interpolation(start):
        """The code of an interpolation opening at `start` (after `\\(`) and where it ends."""
        depth, j = 1, start
        while j < n and depth:
            depth += {"(": 1, ")": -1}.get(source[j], 0)
            j += 1
        return source[start:j - 1], j

    while i < n:
        if source.startswith('"""', i):
            j = source.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append("\n" * source[i:j].count("\n"))
            i = j
        elif source.startswith("//", i):
            j = source.find("\n", i)
            i = n if j < 0 else j
        elif source.startswith("/*", i):
            j = source.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * source[i:j].count("\n"))
            i = j
        elif source[i] == '"':
            j = i + 1
            codes = []
            while j < n and source[j] not in '"\n':
                if source.startswith("\\(", j):
                    code, j = interpolation(j + 2)
                    codes.append(code)
                    continue
                j += 2 if source[j] == "\\" else 1
            out.append('""' + "".join(" " + _strip(code) for code in codes))
            i = j + 1
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


def _findings():
    found = []
    for top in ("Services", "Shared"):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                relative = os.path.relpath(path, ROOT)
                with open(path, encoding="utf-8") as handle:
                    lines = _strip(handle.read()).split("\n")
                for number, line in enumerate(lines, 1):
                    for match in TRAP.finditer(line):
                        allowed = ALLOWED.get(relative)
                        if allowed and allowed[0] in line:
                            continue
                        found.append("%s:%d: %s" % (relative, number, line.strip()[:120]))
    return found


def test_no_service_source_can_trap():
    findings = _findings()
    assert not findings, "trapping constructs:\n" + "\n".join(findings)


def test_the_scanner_sees_what_it_looks_for():
    # The scanner itself: each construct is found in code, none in comments or strings.
    code = 'let a = b!\nlet c = try! d()\nlet e = f as! G\nfatalError("x")\nprecondition(y)\nvar h: Int!\n'
    assert len([m for line in _strip(code).split("\n") for m in TRAP.finditer(line)]) == 6
    quiet = 'let a = b != c // d!\nlet s = "hello!"\n/* e! */\nlet t = """\nwow!\n"""\n'
    assert not [m for line in _strip(quiet).split("\n") for m in TRAP.finditer(line)]
    # Code inside an interpolation is code.
    loud = 'let s = "value: \\(dictionary[key]!) and \\(f(x))!"\n'
    assert len([m for line in _strip(loud).split("\n") for m in TRAP.finditer(line)]) == 1
