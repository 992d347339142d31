#!/usr/bin/env python3
"""Checks the dependency direction of docs/architecture.md: every quoted #include of a bfc
header points to the same folder or to one the table below allows. Exit 1 with one line per
violation (file:line: folder -> folder), 0 when the house holds.

usage: check_includes.py SOURCE_DIR
"""
import pathlib
import re
import sys

# folder -> folders it may include (besides itself). Keep in step with docs/architecture.md.
ALLOWED = {
    "common": set(),
    "compiler/support": {"common"},
    "compiler/frontend": {"common", "compiler/support"},
    "compiler/formatter": {"common", "compiler/support", "compiler/frontend"},
    "compiler/sema": {"common", "compiler/support", "compiler/frontend"},
    "compiler/plan": {"common", "compiler/support", "compiler/frontend", "compiler/sema"},
    "compiler/render": {"common", "compiler/support", "compiler/frontend", "compiler/sema", "compiler/plan"},
    "compiler/driver": {"common", "compiler/support", "compiler/frontend", "compiler/sema", "compiler/plan",
                        "compiler/render", "compiler/formatter"},
    "runtime/sys": {"common"},
    "runtime/plan": {"common", "runtime/sys"},
    "runtime/state": {"common", "runtime/sys", "runtime/plan"},
    "runtime/exec": {"common", "runtime/sys", "runtime/plan", "runtime/state"},
    "runtime/commands": {"common", "runtime/sys", "runtime/plan", "runtime/state", "runtime/exec"},
    # bfc diff compares loaded plans: it reads the plan format, never the compiler.
    "diff": {"common", "runtime/sys", "runtime/plan"},
    # bfc export writes a loaded plan for another engine: the plan format only.
    "export": {"common", "runtime/sys", "runtime/plan"},
}
COMPILER_SUBDIRS = ("support", "frontend", "formatter", "sema", "plan", "render", "driver")
# Generated and runtime headers of ANTLR: the front end only (STYLE.md).
ANTLR_HEADERS = {"BfParser.h", "antlr4-runtime.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def target_folder(inc: str):
    """The folder an include names, or None for a header outside bfc's folders."""
    parts = inc.split("/")
    if parts[0] in ("common", "diff", "export"):
        return parts[0]
    if parts[0] == "runtime" and len(parts) >= 3:
        return "runtime/" + parts[1]
    if parts[0] in COMPILER_SUBDIRS and len(parts) >= 2:
        return "compiler/" + parts[0]
    return None


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    problems = []
    checked = 0
    for folder, allowed in ALLOWED.items():
        d = root / folder
        if not d.is_dir():
            problems.append(f"{folder}: folder missing (update tests/arch/check_includes.py)")
            continue
        for f in sorted(d.iterdir()):
            if f.suffix not in (".h", ".cpp", ".in"):
                continue
            for n, line in enumerate(f.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                checked += 1
                to = target_folder(m.group(1))
                if m.group(1) in ANTLR_HEADERS:
                    if folder != "compiler/frontend":
                        problems.append(f"{f.relative_to(root)}:{n}: only the front end includes ANTLR headers")
                    continue
                if to is None:
                    problems.append(f"{f.relative_to(root)}:{n}: include \"{m.group(1)}\" is not qualified by its folder")
                    continue
                if to != folder and to not in allowed:
                    problems.append(f"{f.relative_to(root)}:{n}: {folder} -> {to} points up the pipeline")
    for p in problems:
        print(p)
    print(f"{checked} includes checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
