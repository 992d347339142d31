#!/usr/bin/python3
"""ctest argo.checker_selftest: check_export.py passes a correct export and fails each of
the broken copies in tests/argo/fixtures/ (make_fixtures.py says how they were made), with
the expected message. Proves that the checker can fail."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check_export as ce  # noqa: E402

FX = os.path.join(HERE, "fixtures")

# fixture -> a text that one of the checker's messages must contain
BAD = {
    "small.bad-missing-depends.yaml": "instance load@2024-03-01: the export does not order it after",
    "small.bad-cycle.yaml": "dependency cycle among DAG tasks extract, load, skipme",
    "small.bad-inline-braces.yaml": "holds the Argo tag '{{ ds }}'",
    "small.bad-long-task-name.yaml": "is 130 characters, at most 128",
    "wide.bad-201-tasks.yaml": "DAG has 201 tasks, at most 200",
    "small.bad-missing-instance.yaml": "instance skipme@2024-03-03: not in the export",
    "small.bad-retry-limit.yaml": "retryStrategy.limit is '3', the plan has retries = 2",
    "small.bad-not-exact.yaml": "bfc.dev/exact is \"true\" but the export orders it after",
    "small.bad-dry-run-container.yaml": "mode dry_run needs inline.suspend",
}
GOOD = ["small.good.yaml", "wide.good.yaml"]

failures = []


def expect(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def run(name):
    plan = ce.load_plan(os.path.join(FX, name.split(".")[0] + ".plan.json"))
    chk = ce.Checker(plan, ce.load_export(os.path.join(FX, name)), image="busybox:1.36")
    return chk, chk.check()


def main():
    # The library pieces.
    expect(ce.argo_tags("a {{ ds }} b }} {{{ c") == [(2, 10, "{{ ds }}"), (16, 21, "{{{ c")],
           "argo_tags finds closed and unclosed tags")
    expect(ce.argo_tags("no tags } } { {") == [], "argo_tags: nothing without `{{`")
    expect(ce.k8s_expand("a$$b $(X) $(Y) $(Z $", {"X": "x"}) == "a$b x $(Y) $(Z $",
           "k8s_expand: $$, defined, undefined, unclosed, final $")
    expect(ce.barrier_index(["2024-01-01", "2024-01-02", "2024-01-03"], 0, "2024-01-03T00:00") == 1,
           "barrier_index: a two-day interval belongs to its last covered date")
    expect(ce.barrier_index(["2024-01-03", "2024-01-02", "2024-01-01"], 1, "2024-01-09T00:00") == 1,
           "barrier_index: descending group keeps the bizdate")
    for name in GOOD:
        chk, problems = run(name)
        expect(not problems, f"{name} passes" + "".join("\n      " + p for p in problems))
    chk, _ = run("small.good.yaml")
    expect(chk.shell_checks == 6, f"small.good.yaml: 6 wrappers run with /bin/sh (ran {chk.shell_checks})")
    for name, needle in BAD.items():
        chk, problems = run(name)
        hit = any(needle in p for p in problems)
        expect(bool(problems) and hit, f"{name} fails with `{needle}`" +
               ("" if hit else "".join("\n      got: " + p for p in problems) or "\n      got: no problem"))
    # Every fixture is accounted for.
    listed = set(BAD) | set(GOOD)
    extra = sorted(f for f in os.listdir(FX) if f.endswith(".yaml") and f not in listed)
    expect(not extra, f"every fixture is checked (unlisted: {extra})")
    if failures:
        print(f"selftest: {len(failures)} failure(s)")
        return 1
    print("selftest: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
