#!/usr/bin/env python3
"""Regenerates the seed corpus tests/fuzz/corpus/<target>/ (docs/testing.md).

Seeds come from the repository: examples/, claims/, the docs and the inputs of
the unit tests; the certificates are written by `lrcert certify` of the given
build folder. File names are the first 16 hex digits of the content's SHA-1,
so rerunning adds nothing twice. Usage:
    tests/fuzz/seed_corpus.py [BUILD_DIR]   (default: build)
Standard library only.
"""
import hashlib
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fuzz" / "corpus"


def add(target, text):
    data = text.encode() if isinstance(text, str) else text
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def literals(path):
    """The C++ string literals of a test file, plain "..." and raw R"(...)"."""
    src = path.read_text()
    out = [m.group(1) for m in re.finditer(r'R"\((.*?)\)"', src, re.S)]
    src = re.sub(r'R"\((.*?)\)"', "", src, flags=re.S)
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', src):
        try:
            out.append(bytes(m.group(1), "utf-8").decode("unicode_escape"))
        except UnicodeDecodeError:
            pass
    return out


def json_blocks(path):
    return re.findall(r"```json\n(.*?)```", path.read_text(), re.S)


def numbers_in(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from numbers_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from numbers_in(v)
    elif isinstance(value, str) and re.fullmatch(r"[-+0-9./eE]+", value):
        yield value


def main():
    build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build")
    problems = sorted((ROOT / "examples").glob("*.json"))

    # parse_exact: the numbers of the examples and the texts of tests/number/test_parse.cpp.
    for p in problems:
        for s in numbers_in(json.loads(p.read_text())):
            add("parse_exact", s)
    for s in literals(ROOT / "tests" / "number" / "test_parse.cpp"):
        if len(s) <= 64 and not re.search(r"[\[\]()|?]|<<", s):
            add("parse_exact", s)

    # problem_file: the examples, the docs' problem files, the tests' JSON texts.
    for p in problems:
        add("problem_file", p.read_bytes())
    for b in json_blocks(ROOT / "docs" / "formats.md"):
        if '"family"' in b:
            add("problem_file", b)
    for s in literals(ROOT / "tests" / "io" / "test_problem_file.cpp"):
        if s.lstrip().startswith("{") and '"family"' in s:
            add("problem_file", s)

    # claim_file and claim_expression: the built-in claims, the docs, the tests.
    for p in sorted((ROOT / "claims").glob("*.json")):
        add("claim_file", p.read_bytes())
        for c in json.loads(p.read_text())["claims"]:
            for e in c.get("assumptions", []) + c.get("conclusions", []):
                add("claim_expression", e)
    for b in json_blocks(ROOT / "docs" / "claims.md"):
        if '"claims"' in b:
            add("claim_file", b)
    for s in re.findall(r"`([^`\n]{3,120})`", (ROOT / "docs" / "claims.md").read_text()):
        if re.search(r"[<>=^*/+-]|\w\(", s) and not s.startswith(("lrcert", "include", "src/", "claims/")):
            add("claim_expression", s)
    for s in literals(ROOT / "tests" / "claims" / "test_claims.cpp"):
        if s.lstrip().startswith("{") and '"claims"' in s:
            add("claim_file", s)
        elif 0 < len(s) <= 200 and re.search(r"[<>=]", s):
            add("claim_expression", s)

    # sweep_spec: the example specs and the docs' spec.
    for p in sorted((ROOT / "examples" / "figures").glob("*.json")):
        add("sweep_spec", p.read_bytes())
    for b in json_blocks(ROOT / "docs" / "formats.md"):
        if '"lrcert_sweep"' in b:
            add("sweep_spec", b)

    # certificate: certificates of the examples that check in well under a second.
    lrcert = build / "lrcert"
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["headline", "diverging", "exceptional", "balanced", "matrix_3x5_d3", "matrix_lowrank_3x3_r1",
                     "matrix_isotropic_d1", "matrix_3x3_diverging"]:
            cert = pathlib.Path(tmp) / (name + ".json")
            subprocess.run([str(lrcert), "certify", str(ROOT / "examples" / (name + ".json")),
                            "--certificate", str(cert), "--quiet"], check=False)
            add("certificate", cert.read_bytes())
            if name == "headline":
                # The problem-file path of fuzz_certificate.cpp: PROBLEM, a line "---", CERTIFICATE.
                add("certificate", (ROOT / "examples" / (name + ".json")).read_bytes().rstrip(b"\n") + b"\n---\n" +
                    cert.read_bytes())
        # Periodic outcomes (Lemma C): the scalar 2-cycle and the matrix d = 1
        # 2-cycle of tests/checker/test_checker.cpp.
        cycles = {
            "cycle_scalar": {"family": "scalar", "mu": "2", "x0": ["2", "1", "0.5"],
                             "y0": ["0.3", "0.1", "-0.2"], "h": "0.5513229463495344"},
            "cycle_matrix": {"family": "matrix", "A": [["2", "0.3"], ["0.1", "0.5"]],
                             "X0": [["1"], ["0.2"]], "Y0": [["0.5"], ["0.1"]], "h": "0.58"},
        }
        for name, problem in cycles.items():
            prob = pathlib.Path(tmp) / (name + ".problem.json")
            prob.write_text(json.dumps(problem))
            cert = pathlib.Path(tmp) / (name + ".json")
            subprocess.run([str(lrcert), "certify", str(prob), "--certificate", str(cert), "--quiet"], check=False)
            add("certificate", cert.read_bytes())
        # Orbits certificates (lrcert orbits --certificate): a small search of
        # each cycle problem and the chaos window of tests/app/test_orbits_command.cpp.
        orbit_runs = {
            "orbits_scalar": (cycles["cycle_scalar"], "2"),
            "orbits_matrix": (cycles["cycle_matrix"], "2"),
            "orbits_chaos": ({"family": "scalar", "mu": "0.36375", "x0": ["0.5"], "y0": ["0.25"], "h": "4"}, "3"),
        }
        for name, (problem, periods) in orbit_runs.items():
            prob = pathlib.Path(tmp) / (name + ".problem.json")
            prob.write_text(json.dumps(problem))
            cert = pathlib.Path(tmp) / (name + ".json")
            subprocess.run([str(lrcert), "orbits", str(prob), "--periods", periods, "--certificate", str(cert),
                            "--quiet"], check=False)
            add("certificate", cert.read_bytes())


if __name__ == "__main__":
    main()
