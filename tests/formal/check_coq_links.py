#!/usr/bin/env python3
"""The link between lrcert-check's code and the Coq proofs (docs/checker.md,
section 10; docs/formal.md).

Every row of the table between `<!-- coq-links begin -->` and
`<!-- coq-links end -->` in docs/checker.md names a file, a function, a Coq
theorem, a kind (hyp or concl), a name and an inequality. The named function
of the named file must contain the marker comment

    // coq: THEOREM KIND NAME: INEQUALITY

with the same texts (whitespace is normalised), every marker in
proofs-check/*.cpp must have its row, and every theorem must be stated
(`Theorem NAME` or `Lemma NAME`) in proofs-check/coq/*.v. Coq itself is not
needed.

    check_coq_links.py SOURCE_DIR              check the tree
    check_coq_links.py SOURCE_DIR --self-test  check that mutations of the table
                                               and of the code are detected
"""
import glob
import os
import re
import sys

MARKER = re.compile(r"//\s*coq:\s*(\S+)\s+(hyp|concl)\s+(\S+?):\s*(.*?)\s*$")
# A function definition at column 0: "... name(args) [const] {" (possibly the
# argument list continues on the next lines).
FUNC = re.compile(r"^(?:[A-Za-z_][^;(]*?[\s&*])?([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_~][A-Za-z0-9_]*)*)\s*\(")


def norm(text):
    return " ".join(text.split())


def split_row(line):
    cells, cur, i = [], "", 0
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            cur += "|"
            i += 2
            continue
        if body[i] == "|":
            cells.append(cur)
            cur = ""
        else:
            cur += body[i]
        i += 1
    cells.append(cur)
    return [norm(c) for c in cells]


def table_rows(doc_text):
    m = re.search(r"<!-- coq-links begin -->(.*?)<!-- coq-links end -->", doc_text, re.S)
    if not m:
        return None, ["docs/checker.md: no coq-links table"]
    rows, errors = [], []
    for line in m.group(1).splitlines():
        if not line.strip().startswith("|"):
            continue
        cells = split_row(line)
        if cells[0] == "file" or set("".join(cells)) <= set("- "):
            continue
        if len(cells) != 6:
            errors.append("docs/checker.md: malformed row: " + line.strip())
            continue
        f, func, thm, kind, name, ineq = cells
        if kind not in ("hyp", "concl"):
            errors.append("docs/checker.md: kind must be hyp or concl: " + line.strip())
        rows.append((f, func, thm, kind, name, ineq))
    return rows, errors


def markers(files):
    """(file, function, theorem, kind, name, inequality) for every marker; files: {path: text}."""
    out = []
    for path, text in files.items():
        func = None
        for line in text.splitlines():
            fm = FUNC.match(line)
            if fm and not line.startswith(("namespace", "struct", "class", "using", "#", "//")):
                func = fm.group(1)
            mm = MARKER.search(line)
            if mm:
                out.append((path, func or "?", mm.group(1), mm.group(2), mm.group(3), norm(mm.group(4))))
    return out


def theorems(coq_texts):
    names = set()
    for text in coq_texts:
        names.update(re.findall(r"^\s*(?:Theorem|Lemma)\s+([A-Za-z_][A-Za-z0-9_']*)", text, re.M))
    return names


def check(doc_text, files, coq_texts):
    rows, errors = table_rows(doc_text)
    if rows is None:
        return errors
    found = markers(files)
    thms = theorems(coq_texts)
    row_set = set(rows)
    if len(row_set) != len(rows):
        errors.append("docs/checker.md: duplicate rows in the coq-links table")
    marker_set = set(found)
    for r in rows:
        if r[0] not in files:
            errors.append("row names a file that does not exist: " + r[0])
        elif r not in marker_set:
            same = [m for m in found if m[0] == r[0] and m[2] == r[2] and m[4] == r[4]]
            hint = (" (marker found in " + same[0][1] + ": '" + same[0][5] + "')") if same else ""
            errors.append("no marker for row %s / %s: %s %s %s: %s%s" % (r[0], r[1], r[2], r[3], r[4], r[5], hint))
        if r[2] not in thms:
            errors.append("row names a Coq theorem not stated in proofs-check/coq: " + r[2])
    for m in found:
        if m not in row_set:
            errors.append("marker without a row in docs/checker.md: %s / %s: %s %s %s: %s" % m)
    return errors


def load(src):
    with open(os.path.join(src, "docs", "checker.md"), encoding="utf-8") as fh:
        doc = fh.read()
    files = {}
    for p in sorted(glob.glob(os.path.join(src, "proofs-check", "*.cpp"))):
        with open(p, encoding="utf-8") as fh:
            files[os.path.relpath(p, src).replace(os.sep, "/")] = fh.read()
    coq = []
    for p in sorted(glob.glob(os.path.join(src, "proofs-check", "coq", "*.v"))):
        with open(p, encoding="utf-8") as fh:
            coq.append(fh.read())
    return doc, files, coq


def self_test(doc, files, coq):
    """Each mutation must be detected; the unmutated tree must pass."""
    failures = []
    if check(doc, files, coq):
        failures.append("the unmutated tree does not pass")
    rows, _ = table_rows(doc)
    if not rows:
        return ["no rows to mutate"]
    gd = "proofs-check/gd.cpp"
    mutations = {
        "a row's inequality changed": (doc.replace("| rho < 1 |", "| rho <= 1 |", 1), files, coq),
        "a row removed": (re.sub(r"^\| proofs-check/gd\.cpp \| lemma_d \| lemma_D \| hyp \| w_pos .*\n", "", doc, count=1, flags=re.M), files, coq),
        "a marker's inequality changed": (doc, dict(files, **{gd: files[gd].replace("// coq: lemma_D hyp t_ge_4q: 4 q <= t", "// coq: lemma_D hyp t_ge_4q: 2 q <= t")}), coq),
        "a marker removed": (doc, dict(files, **{gd: files[gd].replace("// coq: lemma_S hyp h_eps_lt_1: h eps < 1", "")}), coq),
        "the checker function renamed": (doc, dict(files, **{gd: files[gd].replace("std::string lemma_d(", "std::string lemma_d_renamed(")}), coq),
        "a theorem gone from the Coq sources": (doc, files, [t.replace("Theorem lemma_S ", "Theorem lemma_S_old ") for t in coq]),
    }
    for what, (d, f, c) in mutations.items():
        if (d, f, c) == (doc, files, coq):
            failures.append("mutation did not apply: " + what)
        elif not check(d, f, c):
            failures.append("not detected: " + what)
    return failures


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--self-test"):
        print("usage: check_coq_links.py SOURCE_DIR [--self-test]", file=sys.stderr)
        return 2
    doc, files, coq = load(sys.argv[1])
    if len(sys.argv) == 3:
        problems = self_test(doc, files, coq)
        for p in problems:
            print("self-test: " + p, file=sys.stderr)
        if not problems:
            print("check_coq_links self-test: every mutation detected")
        return 1 if problems else 0
    errors = check(doc, files, coq)
    for e in errors:
        print("check_coq_links: " + e, file=sys.stderr)
    if not errors:
        rows, _ = table_rows(doc)
        print("check_coq_links: %d rows, every one has its marker and theorem" % len(rows))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
