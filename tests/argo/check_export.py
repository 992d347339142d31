#!/usr/bin/python3
"""Check an Argo Workflows export of a bfc plan (`bfc export PLAN.json --to argo`).

    check_export.py PLAN.json EXPORT.yaml [--image IMAGE] [--no-shell]

Exit 0 when every check passes, 1 (one line per problem) otherwise or when an input cannot
be read, 2 on bad usage. The contract this checks is described in tests/argo/README.md; every
function here is importable (selftest.py and run_export_test.sh use them).

Needs PyYAML and jsonschema >= 4 (Debian: python3-yaml, python3-jsonschema; run it with
/usr/bin/python3 when another python3 comes first on PATH).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

try:
    import jsonschema
except ImportError:  # reported by main(); the library functions that need it raise
    jsonschema = None

HERE = os.path.dirname(os.path.abspath(__file__))
ARGO_SCHEMA = os.path.join(HERE, "..", "data", "argo", "schema.json")

ARGO_API = "argoproj.io/v1alpha1"
ARGO_KINDS = {
    "Workflow": "io.argoproj.workflow.v1alpha1.Workflow",
    "WorkflowTemplate": "io.argoproj.workflow.v1alpha1.WorkflowTemplate",
}

# Limits (tests/data/argo/README.md, from Argo v4.1.2's workflow_types.go and validate.go).
MAX_DAG_TASKS = 200
MAX_TEMPLATES = 200
MAX_FIELD_NAME = 128
MAX_OBJECT_NAME = 63
MAX_DOC_BYTES = 1_000_000
FIELD_NAME_RE = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
RFC1123_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DEPENDS_TERM_RE = re.compile(r"^([a-zA-Z0-9][-a-zA-Z0-9]*)(\.Succeeded)?$")
INSTANCE_ANNOTATION = "bfc.dev/instance"
EXACT_ANNOTATION = "bfc.dev/exact"
CHILD_PARAM = "template"
CHILD_TAG = "{{inputs.parameters.template}}"

# Argo's validate.go (validateDAG) rejects a task name beginning with a digit in a DAG where
# *any* task uses `depends`, not only in the tasks that use or are named in it (which is how
# the export contract words it). True applies Argo's rule.
ARGO_DIGIT_RULE_WHOLE_DAG = True


# ---------------------------------------------------------------------------------------
# Small helpers


def bits(x):
    """The indices of the set bits of the int x, ascending."""
    out = []
    while x:
        low = x & -x
        out.append(low.bit_length() - 1)
        x ^= low
    return out


def argo_tags(s):
    """Every Argo template tag in s, as (start, end, text) with s[start:end] == text.

    Argo (fasttemplate with `{{` and `}}`, docs/variables.md) replaces `{{name}}` and
    evaluates `{{=expr}}`: a tag starts at each `{{` and ends at the first `}}` after it.
    An unclosed `{{` (Argo: "cannot find end tag") is returned running to the end of s.
    Text that must reach a container verbatim may contain no tag at all.
    """
    tags = []
    pos = 0
    while True:
        start = s.find("{{", pos)
        if start < 0:
            return tags
        end = s.find("}}", start + 2)
        end = len(s) if end < 0 else end + 2
        tags.append((start, end, s[start:end]))
        pos = end


def k8s_expand(s, env):
    """Kubernetes' expansion of `$(VAR)` in container command/args and env values.

    A port of k8s.io/kubernetes third_party/forked/golang/expansion Expand: `$$` becomes
    `$`, `$(NAME)` becomes env[NAME] when NAME is defined and stays as written otherwise,
    any other `$x` (and a final `$`) is kept. The kubelet applies it to command and args
    (with the whole container env) and to each env value (with the variables defined
    before it), so a command only reaches the container verbatim if this leaves it alone.
    """
    out = []
    checkpoint = 0
    cursor = 0
    n = len(s)
    while cursor < n:
        if s[cursor] == "$" and cursor + 1 < n:
            out.append(s[checkpoint:cursor])
            rest = s[cursor + 1:]
            if rest[0] == "$":
                read, is_var, advance = "$", False, 1
            elif rest[0] == "(":
                close = rest.find(")", 1)
                if close >= 0:
                    read, is_var, advance = rest[1:close], True, close + 1
                else:
                    read, is_var, advance = "$(", False, 1
            else:
                read, is_var, advance = "$" + rest[0], False, 1
            if is_var:
                out.append(env[read] if read in env else "$(" + read + ")")
            else:
                out.append(read)
            cursor += advance
            checkpoint = cursor + 1
        cursor += 1
    out.append(s[checkpoint:])
    return "".join(out)


def json_size(doc):
    return len(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def short(v, n=80):
    r = repr(v)
    return r if len(r) <= n else r[: n - 3] + "..."


# ---------------------------------------------------------------------------------------
# Argo's JSON Schema (built once per process)

_validators = {}


def _schema():
    if "schema" not in _validators:
        with open(ARGO_SCHEMA, encoding="utf-8") as f:
            _validators["schema"] = json.load(f)
    return _validators["schema"]


def argo_validator(kind=None):
    """The Draft 2020-12 validator of the whole schema (kind None: its top-level oneOf) or of
    one kind's definition (used to explain a failure of the oneOf). Built once."""
    if jsonschema is None:
        raise RuntimeError("the python module jsonschema is missing (Debian: python3-jsonschema)")
    key = kind or "*"
    if key not in _validators:
        schema = _schema()
        if kind is not None:
            schema = dict(schema)
            schema["oneOf"] = [{"$ref": "#/definitions/" + ARGO_KINDS[kind]}]
        _validators[key] = jsonschema.Draft202012Validator(schema)
    return _validators[key]


def argo_schema_errors(doc):
    """Messages for a document that does not validate against Argo's schema (empty if it does)."""
    if not argo_validator().is_valid(doc):
        kind = doc.get("kind") if isinstance(doc, dict) else None
        if kind in ARGO_KINDS:
            errs = sorted(argo_validator(kind).iter_errors(doc), key=lambda e: list(e.absolute_path))
            msgs = []
            for e in errs:
                # An error under the oneOf/anyOf of a nested field: its best sub-error reads better.
                best = jsonschema.exceptions.best_match([e]) if e.context else e
                path = "/" + "/".join(str(p) for p in best.absolute_path)
                msgs.append(f"{path}: {best.message[:300]}")
            if msgs:
                return msgs
        return ["does not match Argo's schema (top-level oneOf over Argo kinds: kind "
                f"{short(kind)} with apiVersion {ARGO_API}?)"]
    return []


CONFIGMAP_SCHEMA = {
    "type": "object",
    "required": ["apiVersion", "kind", "metadata", "data"],
    "additionalProperties": False,
    "properties": {
        "apiVersion": {"const": "v1"},
        "kind": {"const": "ConfigMap"},
        "metadata": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string"}},
        },
        "data": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}


def configmap_schema_errors(doc):
    if jsonschema is None:
        raise RuntimeError("the python module jsonschema is missing (Debian: python3-jsonschema)")
    if "configmap" not in _validators:
        _validators["configmap"] = jsonschema.Draft202012Validator(CONFIGMAP_SCHEMA)
    return [("/" + "/".join(str(p) for p in e.absolute_path)) + ": " + e.message
            for e in _validators["configmap"].iter_errors(doc)]


# ---------------------------------------------------------------------------------------
# The plan


def barrier_index(dates, pos, end):
    """runtime/plan/load.cpp barrier_index: the last date of the group, in run order, after
    dates[pos] that the interval ending at `end` covers (dates compare as strings)."""
    end_date, end_time = end[:10], end[10:]

    def before_end(d):
        return d < end_date or (d == end_date and end_time > "T00:00")

    q = pos
    while q + 1 < len(dates) and dates[q + 1] > dates[pos] and before_end(dates[q + 1]):
        q += 1
    return q


class Plan:
    """A loaded plan: instances by index and each instance's required ancestors as a bitset
    (deps and day barriers, transitively: runtime/plan/graph.cpp barrier_graph)."""

    def __init__(self, data):
        self.data = data
        self.instances = data["instances"]
        self.index = {}
        for i, inst in enumerate(self.instances):
            if inst["id"] in self.index:
                raise ValueError(f"plan: duplicate instance id {inst['id']}")
            self.index[inst["id"]] = i
        self.ids = [inst["id"] for inst in self.instances]
        self.ancestors = self._ancestors()

    def _ancestors(self):
        n = len(self.instances)
        groups = {g["id"]: g["dates"] for g in self.data["groups"]}
        base = {}
        nodes = n
        for g in self.data["groups"]:
            base[g["id"]] = nodes
            nodes += len(g["dates"])
        preds = [[] for _ in range(nodes)]
        for i, inst in enumerate(self.instances):
            for d in inst["deps"]:
                if d not in self.index:
                    raise ValueError(f"plan: {inst['id']} depends on {d}, not in the plan")
                preds[i].append(self.index[d])
            dates = groups[inst["group"]]
            k = barrier_index(dates, dates.index(inst["bizdate"]), inst["interval_end"])
            b = base[inst["group"]] + k
            preds[b].append(i)  # the barrier after date k waits for i
            if k > 0:
                preds[i].append(b - 1)  # i waits for the barrier after the previous date
        succ = [[] for _ in range(nodes)]
        indeg = [0] * nodes
        for v in range(nodes):
            for p in preds[v]:
                succ[p].append(v)
                indeg[v] += 1
        order = [v for v in range(nodes) if indeg[v] == 0]
        for v in order:
            for s in succ[v]:
                indeg[s] -= 1
                if indeg[s] == 0:
                    order.append(s)
        if len(order) != nodes:
            raise ValueError("plan: dependency cycle through deps and day barriers")
        inst_mask = (1 << n) - 1
        anc = [0] * nodes
        for v in order:
            a = 0
            for p in preds[v]:
                a |= anc[p] | (1 << p)
            anc[v] = a & inst_mask  # barrier nodes are not instances
        return anc[:n]


def load_plan(path):
    with open(path, encoding="utf-8") as f:
        return Plan(json.load(f))


# ---------------------------------------------------------------------------------------
# The export


class Checker:
    def __init__(self, plan, docs, image=None, run_shell=True):
        self.plan = plan
        self.docs = docs
        self.image = image
        self.run_shell = run_shell
        self.problems = []
        self.leaf_seen = {}  # instance index -> list of locations
        self.leaf_preds = {}  # instance index -> bitset of directly required instances
        self.leaf_tmpl = {}  # instance index -> (inline template, location)
        self.wt_by_name = {}
        self.wt_used = set()
        self.shell_checks = 0

    def err(self, msg):
        self.problems.append(msg)

    # -- documents -------------------------------------------------------------------

    def check(self):
        docs = self.docs
        if not docs:
            self.err("export: no documents")
            return self.problems
        names = {}
        for k, doc in enumerate(docs):
            where = f"document {k + 1}"
            if not isinstance(doc, dict):
                self.err(f"{where}: not a mapping ({short(doc)})")
                continue
            kind = doc.get("kind")
            name = (doc.get("metadata") or {}).get("name") if isinstance(doc.get("metadata"), dict) else None
            where = f"document {k + 1} ({kind} {name})"
            size = json_size(doc)
            if size >= MAX_DOC_BYTES:
                self.err(f"{where}: JSON serialization is {size} bytes, not under {MAX_DOC_BYTES}")
            if kind == "ConfigMap":
                for m in configmap_schema_errors(doc):
                    self.err(f"{where}: ConfigMap schema: {m}")
            else:
                for m in argo_schema_errors(doc):
                    self.err(f"{where}: Argo schema: {m}")
            if not isinstance(name, str):
                self.err(f"{where}: metadata.name missing (generateName is not allowed: the name is the contract)")
                continue
            self.check_object_name(name, where)
            if name in names:
                self.err(f"{where}: object name {name} is already used by document {names[name]}")
            names.setdefault(name, k + 1)
        kinds = [d.get("kind") if isinstance(d, dict) else None for d in docs]
        if kinds[-1] != "Workflow":
            self.err(f"export: the last document must be the parent Workflow, found {short(kinds[-1])}")
        if kinds.count("Workflow") != 1:
            self.err(f"export: exactly one Workflow expected, found {kinds.count('Workflow')}")
        if "ConfigMap" in kinds[1:]:
            self.err("export: a ConfigMap may only be the first document")
        if kinds.count("ConfigMap") > 1:
            self.err("export: more than one ConfigMap")
        for k, kind in enumerate(kinds):
            if kind not in ("ConfigMap", "Workflow", "WorkflowTemplate"):
                self.err(f"document {k + 1}: unexpected kind {short(kind)}")
            if kind == "WorkflowTemplate" and k == len(kinds) - 1:
                pass  # reported above
        parent_at = [k for k, kind in enumerate(kinds) if kind == "Workflow"]
        if not parent_at:
            return self.problems
        parent = docs[parent_at[-1]]
        pmeta = parent.get("metadata") if isinstance(parent.get("metadata"), dict) else {}
        pname = pmeta.get("name")
        annotations = pmeta.get("annotations") or {}
        exact = annotations.get(EXACT_ANNOTATION) if isinstance(annotations, dict) else None
        if exact not in ("true", "false"):
            self.err(f"Workflow {pname}: metadata.annotations[{EXACT_ANNOTATION}] must be \"true\" or "
                     f"\"false\", found {short(exact)}")
        self.check_configmap(docs, pname)
        for k, doc in enumerate(docs):
            if isinstance(doc, dict) and doc.get("kind") == "WorkflowTemplate":
                if doc.get("apiVersion") != ARGO_API:
                    self.err(f"WorkflowTemplate document {k + 1}: apiVersion must be {ARGO_API}")
                n = (doc.get("metadata") or {}).get("name")
                if isinstance(n, str):
                    self.wt_by_name.setdefault(n, doc)
        for doc in docs:
            if isinstance(doc, dict) and doc.get("kind") in ARGO_KINDS:
                self.check_document_templates(doc)
        if parent.get("apiVersion") != ARGO_API:
            self.err(f"Workflow {pname}: apiVersion must be {ARGO_API}")
        self.walk_entrypoint(parent, f"Workflow {pname}", 0, [])
        for n in self.wt_by_name:
            if n not in self.wt_used:
                self.err(f"WorkflowTemplate {n}: never run by a run-child task or step")
        self.check_instances(exact == "true")
        return self.problems

    def check_object_name(self, name, where):
        if len(name) > MAX_OBJECT_NAME:
            self.err(f"{where}: metadata.name is {len(name)} characters, at most {MAX_OBJECT_NAME}")
        if not RFC1123_RE.match(name):
            self.err(f"{where}: metadata.name {short(name)} is not a lowercase RFC 1123 name")

    def check_configmap(self, docs, pname):
        max_running = self.plan.data.get("settings", {}).get("max_running")
        cms = [d for d in docs if isinstance(d, dict) and d.get("kind") == "ConfigMap"]
        if max_running is None:
            if cms:
                self.err("ConfigMap: present although the plan does not set max_running")
            return
        if not cms:
            self.err(f"export: the plan sets max_running = {max_running} but there is no ConfigMap {pname}-limits")
            return
        cm = cms[0]
        name = (cm.get("metadata") or {}).get("name")
        if name != f"{pname}-limits":
            self.err(f"ConfigMap {name}: must be named {pname}-limits")
        data = cm.get("data") or {}
        if data != {"max-running": str(max_running)}:
            self.err(f"ConfigMap {name}: data must be {{max-running: \"{max_running}\"}}, found {short(data)}")

    def check_document_templates(self, doc):
        meta = doc.get("metadata") or {}
        where = f"{doc.get('kind')} {meta.get('name')}"
        spec = doc.get("spec") or {}
        templates = spec.get("templates") or []
        if len(templates) > MAX_TEMPLATES:
            self.err(f"{where}: {len(templates)} entries in spec.templates, at most {MAX_TEMPLATES}")
        seen = set()
        for t in templates:
            if not isinstance(t, dict):
                continue
            name = t.get("name")
            if not isinstance(name, str):
                self.err(f"{where}: a template without a name")
                continue
            self.check_field_name(name, f"{where}: template name")
            if name in seen:
                self.err(f"{where}: template name {name} is used twice")
            seen.add(name)

    def check_field_name(self, name, what):
        if len(name) > MAX_FIELD_NAME:
            self.err(f"{what} {short(name, 60)} is {len(name)} characters, at most {MAX_FIELD_NAME}")
        if not FIELD_NAME_RE.match(name):
            self.err(f"{what} {short(name)} does not match {FIELD_NAME_RE.pattern}")

    # -- the template tree -----------------------------------------------------------

    def find_template(self, doc, name):
        for t in (doc.get("spec") or {}).get("templates") or []:
            if isinstance(t, dict) and t.get("name") == name:
                return t
        return None

    def walk_entrypoint(self, doc, where, inherited, stack):
        entry = (doc.get("spec") or {}).get("entrypoint")
        t = self.find_template(doc, entry)
        if t is None:
            self.err(f"{where}: spec.entrypoint {short(entry)} is not a template of the document")
            return 0
        return self.walk_template(doc, t, f"{where} template {entry}", inherited, None, stack)

    def walk_call(self, doc, call, where, inherited, stack):
        """A DAG task or a step: run its inline template or the named one. Returns the set
        of instances it contains (a bitset)."""
        if "inline" in call:
            if "template" in call or "templateRef" in call:
                self.err(f"{where}: both inline and template")
            return self.walk_template(doc, call["inline"], where, inherited, call, stack, inline=True)
        name = call.get("template")
        if "templateRef" in call:
            self.err(f"{where}: templateRef is not part of the export contract")
        t = self.find_template(doc, name)
        if t is None:
            self.err(f"{where}: calls template {short(name)}, which is not in this document")
            return 0
        return self.walk_template(doc, t, f"{where} -> template {name}", inherited, call, stack)

    def walk_template(self, doc, t, where, inherited, call, stack, inline=False):
        if not isinstance(t, dict):
            self.err(f"{where}: template is not a mapping")
            return 0
        key = (id(doc), id(t))
        if key in stack:
            self.err(f"{where}: template recursion")
            return 0
        stack = stack + [key]
        kinds = [k for k in ("dag", "steps", "resource", "container", "suspend") if k in t]
        if len(kinds) != 1:
            self.err(f"{where}: expected exactly one of dag, steps, resource, container, suspend; found {kinds}")
            return 0
        kind = kinds[0]
        if kind in ("container", "suspend"):
            if not inline:
                self.err(f"{where}: a leaf (container/suspend) must be a DAG task's inline template")
            return self.leaf(t, where, inherited)
        if kind == "dag":
            return self.walk_dag(doc, t, where, inherited, stack)
        if kind == "steps":
            return self.walk_steps(doc, t, where, inherited, stack)
        return self.walk_child(doc, t, where, inherited, call, stack)

    def walk_dag(self, doc, t, where, inherited, stack):
        tasks = (t.get("dag") or {}).get("tasks") or []
        if len(tasks) > MAX_DAG_TASKS:
            self.err(f"{where}: DAG has {len(tasks)} tasks, at most {MAX_DAG_TASKS}")
        by_name = {}
        for task in tasks:
            name = task.get("name")
            if not isinstance(name, str):
                self.err(f"{where}: a DAG task without a name")
                continue
            self.check_field_name(name, f"{where}: DAG task name")
            if name in by_name:
                self.err(f"{where}: DAG task name {name} is used twice")
                continue
            by_name[name] = task
        deps = {}
        depended = set()
        using_depends = False
        for name, task in by_name.items():
            deps[name] = []
            if "dependencies" in task:
                self.err(f"{where} task {name}: uses `dependencies`; the contract uses `depends`")
            if "depends" not in task:
                continue
            using_depends = True
            expr = task["depends"]
            terms = expr.split("&&") if isinstance(expr, str) else [None]
            for term in terms:
                m = DEPENDS_TERM_RE.match(term.strip()) if isinstance(term, str) else None
                if not m:
                    self.err(f"{where} task {name}: depends {short(expr)} is not `a && b && ...` over task names")
                    continue
                d = m.group(1)
                if d not in by_name:
                    self.err(f"{where} task {name}: depends on {d}, which is not a task of this DAG")
                    continue
                if d == name:
                    self.err(f"{where} task {name}: depends on itself")
                    continue
                deps[name].append(d)
                depended.add(d)
        for name in by_name:
            uses = bool(deps[name]) or "depends" in by_name[name]
            strict = using_depends if ARGO_DIGIT_RULE_WHOLE_DAG else (uses or name in depended)
            if strict and name[:1].isdigit():
                self.err(f"{where} task {name}: begins with a digit in a DAG that uses depends "
                         "(Argo's validateDAG rejects it)")
        # Topological order (Kahn); tasks on a cycle are reported and walked without the
        # edges of the cycle.
        indeg = {n: len(set(deps[n])) for n in by_name}
        users = {n: [] for n in by_name}
        for n in by_name:
            for d in set(deps[n]):
                users[d].append(n)
        order = [n for n in by_name if indeg[n] == 0]
        for n in order:
            for u in users[n]:
                indeg[u] -= 1
                if indeg[u] == 0:
                    order.append(u)
        if len(order) != len(by_name):
            cyc = sorted(n for n in by_name if indeg[n] > 0)
            self.err(f"{where}: dependency cycle among DAG tasks {', '.join(cyc[:10])}")
            order += cyc
        contained = {}
        total = 0
        for n in order:
            pre = inherited
            for d in deps[n]:
                pre |= contained.get(d, 0)
            contained[n] = self.walk_call(doc, by_name[n], f"{where} task {n}", pre, stack)
            total |= contained[n]
        return total

    def walk_steps(self, doc, t, where, inherited, stack):
        steps = t.get("steps") or []
        pre = inherited
        total = 0
        names = set()
        for k, group in enumerate(steps):
            # One list of steps runs side by side (bfc's waves of days), after every earlier list.
            if not isinstance(group, list) or not group:
                self.err(f"{where}: steps[{k}] must be a non-empty list of steps, found {short(group)}")
                continue
            for step in group:
                name = step.get("name")
                if not isinstance(name, str):
                    self.err(f"{where}: steps[{k}] has no name")
                    name = f"#{k}"
                else:
                    self.check_field_name(name, f"{where}: step name")
                    if name in names:
                        self.err(f"{where}: step name {name} is used twice")
                    names.add(name)
            got = 0
            for step in group:
                got |= self.walk_call(doc, step, f"{where} step {step.get('name')}", pre, stack)
            pre |= got
            total |= got
        return total

    def walk_child(self, doc, t, where, inherited, call, stack):
        res = t["resource"]
        params = ((t.get("inputs") or {}).get("parameters")) or []
        if [p.get("name") for p in params] != [CHILD_PARAM]:
            self.err(f"{where}: a run-child template takes exactly the input parameter `{CHILD_PARAM}`")
        if t.get("name") != "run-child":
            self.err(f"{where}: the resource template must be named run-child, not {short(t.get('name'))}")
        if res.get("action") != "create":
            self.err(f"{where}: resource.action must be create")
        for c in ("successCondition", "failureCondition"):
            if not res.get(c):
                self.err(f"{where}: resource.{c} missing")
        args = ((call or {}).get("arguments") or {}).get("parameters") or []
        values = [a.get("value") for a in args if a.get("name") == CHILD_PARAM]
        if len(values) != 1 or not isinstance(values[0], str):
            self.err(f"{where}: the caller must pass exactly one argument `{CHILD_PARAM}`")
            return 0
        wt_name = values[0]
        manifest = res.get("manifest")
        if not isinstance(manifest, str) or CHILD_TAG not in manifest:
            self.err(f"{where}: resource.manifest must be a YAML string naming {CHILD_TAG}")
        else:
            # Argo substitutes the tag in the text, then parses it.
            try:
                child = yaml.safe_load(manifest.replace(CHILD_TAG, wt_name))
            except yaml.YAMLError as e:
                child = None
                self.err(f"{where}: resource.manifest is not YAML once {CHILD_TAG} is substituted: {e}")
            if child is not None:
                ref = ((child.get("spec") or {}).get("workflowTemplateRef") or {}) if isinstance(child, dict) else {}
                if not isinstance(child, dict) or child.get("kind") != "Workflow" or ref.get("name") != wt_name:
                    self.err(f"{where}: resource.manifest must be a Workflow with spec.workflowTemplateRef.name "
                             f"{CHILD_TAG}")
                else:
                    for m in argo_schema_errors(child):
                        self.err(f"{where}: resource.manifest (for {wt_name}): Argo schema: {m}")
        wt = self.wt_by_name.get(wt_name)
        if wt is None:
            self.err(f"{where}: runs WorkflowTemplate {short(wt_name)}, which is not in the export")
            return 0
        if wt_name in self.wt_used:
            self.err(f"{where}: WorkflowTemplate {wt_name} is run a second time")
        self.wt_used.add(wt_name)
        return self.walk_entrypoint(wt, f"WorkflowTemplate {wt_name}", inherited, stack)

    # -- leaves ------------------------------------------------------------------------

    def leaf(self, t, where, inherited):
        ann = ((t.get("metadata") or {}).get("annotations") or {}).get(INSTANCE_ANNOTATION)
        if not isinstance(ann, str):
            self.err(f"{where}: leaf without metadata.annotations[{INSTANCE_ANNOTATION}]")
            return 0
        i = self.plan.index.get(ann)
        if i is None:
            self.err(f"{where}: leaf for {short(ann)}, which is not an instance of the plan")
            return 0
        where = f"instance {ann} ({where})"
        self.leaf_seen.setdefault(i, []).append(where)
        if len(self.leaf_seen[i]) > 1:
            return 1 << i
        self.leaf_preds[i] = inherited
        self.leaf_tmpl[i] = (t, where)
        self.check_leaf(self.plan.instances[i], t, where)
        return 1 << i

    def check_leaf(self, inst, t, where):
        mode = inst["mode"]
        if mode == "run" and "container" not in t:
            self.err(f"{where}: mode run needs inline.container")
        if mode == "dry_run":
            if t.get("suspend") != {"duration": "0"}:
                self.err(f"{where}: mode dry_run needs inline.suspend {{duration: \"0\"}}, found {short(t.get('suspend'))}")
        # Retries and time limit: required on runs; a dry run (a suspend) may leave them out.
        retries, delay, timeout = inst["retries"], inst["retry_delay_s"], inst["timeout_s"]
        rs = t.get("retryStrategy")
        if mode == "run" or rs is not None:
            if retries > 0:
                if not isinstance(rs, dict):
                    self.err(f"{where}: retries = {retries} but no retryStrategy")
                else:
                    if str(rs.get("limit")) != str(retries):
                        self.err(f"{where}: retryStrategy.limit is {short(rs.get('limit'))}, the plan has retries = {retries}")
                    dur = (rs.get("backoff") or {}).get("duration")
                    if dur != f"{delay}s":
                        self.err(f"{where}: retryStrategy.backoff.duration is {short(dur)}, expected \"{delay}s\"")
            elif rs is not None:
                self.err(f"{where}: retryStrategy present although retries = 0")
        ads = t.get("activeDeadlineSeconds")
        if mode == "run" or ads is not None:
            if timeout is None:
                if ads is not None:
                    self.err(f"{where}: activeDeadlineSeconds {short(ads)} although the plan sets no timeout")
            elif str(ads) != str(timeout):
                self.err(f"{where}: activeDeadlineSeconds is {short(ads)}, the plan has timeout_s = {timeout}")
        if "container" in t:
            self.check_container(inst, t["container"], where)

    def check_container(self, inst, c, where):
        if not isinstance(c, dict):
            self.err(f"{where}: container is not a mapping")
            return
        image = c.get("image")
        want_image = inst.get("image") or self.image
        if not isinstance(image, str) or not image:
            self.err(f"{where}: container image missing or empty")
        elif want_image and image != want_image:
            self.err(f"{where}: container image {short(image)}, expected {short(want_image)}")
        env_list = c.get("env") or []
        raw_env = {}
        env = {}
        for e in env_list:
            name = e.get("name")
            if "valueFrom" in e or not isinstance(e.get("value", ""), str):
                self.err(f"{where}: env {name} must have a plain string value")
                continue
            if name in raw_env:
                self.err(f"{where}: env {name} set twice")
            raw_env[name] = e.get("value", "")
            env[name] = k8s_expand(raw_env[name], env)  # previously defined variables only
        # From here on env and argv are what the container gets: the kubelet's expansion of
        # $(VAR) and $$ applied (an exporter may escape `$` as `$$`; what counts is the result).
        plan = self.plan.data
        want = {
            "BF_TASK": inst["task"], "BF_INSTANCE": inst["id"], "BF_BIZDATE": inst["bizdate"],
            "BF_INTERVAL_START": inst["interval_start"], "BF_INTERVAL_END": inst["interval_end"],
            "BF_CYCTIME": inst["cyctime"], "BF_BACKFILL": plan["backfill"],
            "BF_PRIORITY": str(inst["priority"]),
        }
        if inst.get("workspace") is not None:
            want["BF_WORKSPACE"] = inst["workspace"]
        elif env.get("BF_WORKSPACE", "") != "":
            self.err(f"{where}: BF_WORKSPACE is {short(env['BF_WORKSPACE'])}, the instance has no workspace")
        for k, v in want.items():
            if env.get(k) != v:
                self.err(f"{where}: env {k} is {short(env.get(k))}, expected {short(v)}")
        raw_argv = list(c.get("command") or []) + list(c.get("args") or [])
        if not all(isinstance(a, str) for a in raw_argv):
            self.err(f"{where}: container command/args must be strings")
            return
        # Argo substitutes {{...}} in every string of the template: nothing from the
        # command (command, args, env values) may hold a tag. bfc's own two variables are the
        # only tags allowed, with exactly these values (docs/argo.md).
        own_tags = {"BF_ATTEMPT": "{{=asInt(retries) + 1}}", "BF_ATTEMPT_ID": "{{pod.name}}"}
        for k, v in own_tags.items():
            if k in raw_env and argo_tags(raw_env[k]) and raw_env[k] != v:
                self.err(f"{where}: env {k} is {short(raw_env[k])}, expected {short(v)} or no tag")
        for label, s in [("command/args", a) for a in raw_argv] + [
                (f"env {k}", v) for k, v in raw_env.items() if own_tags.get(k) != v]:
            for _, _, tag in argo_tags(s):
                self.err(f"{where}: {label} {short(s)} holds the Argo tag {short(tag)} (Argo would substitute it)")
        argv = [k8s_expand(a, env) for a in raw_argv]
        self.check_command(inst, argv, env, where)

    def check_command(self, inst, argv, env, where):
        command = inst["command"]
        pieces = sorted((int(m.group(1)), k) for k in env for m in [re.match(r"^BF_COMMAND_(\d+)$", k)] if m)
        args = sorted((int(m.group(1)), int(m.group(2)), k)
                      for k in env for m in [re.match(r"^BF_ARG_(\d+)_(\d+)$", k)] if m)
        if pieces and args:
            self.err(f"{where}: both BF_COMMAND_* and BF_ARG_* variables")
            return
        if pieces:
            if not isinstance(command, str):
                self.err(f"{where}: BF_COMMAND_* pieces for a list command")
                return
            if [p[0] for p in pieces] != list(range(len(pieces))):
                self.err(f"{where}: BF_COMMAND_* must be numbered 0..n, found {[p[1] for p in pieces]}")
                return
            refs = "".join(f"$BF_COMMAND_{k}" for k in range(len(pieces)))
            wrapper = ["sh", "-c", f'exec sh -c "{refs}" sh']
            if argv != wrapper:
                self.err(f"{where}: with BF_COMMAND_* the command must be {short(wrapper)}, found {short(argv)}")
                return
            effective = "".join(env[p[1]] for p in pieces)
            if effective != command:
                self.err(f"{where}: BF_COMMAND_* pieces give {short(effective)}, the plan's command is {short(command)}")
                return
            self.run_wrapper(wrapper, env, ["sh", "-c", command, "sh"], where)
            return
        if args:
            if not isinstance(command, list):
                self.err(f"{where}: BF_ARG_* pieces for a string command")
                return
            n_args = max(a[0] for a in args) + 1
            words = []
            effective = []
            for i in range(n_args):
                ks = [a for a in args if a[0] == i]
                if [a[1] for a in ks] != list(range(len(ks))) or not ks:
                    self.err(f"{where}: BF_ARG_{i}_* must be numbered 0..m")
                    return
                words.append('"' + "".join(f"$BF_ARG_{i}_{k}" for k in range(len(ks))) + '"')
                effective.append("".join(env[a[2]] for a in ks))
            wrapper = ["sh", "-c", "exec " + " ".join(words), "sh"]
            if argv != wrapper:
                self.err(f"{where}: with BF_ARG_* the command must be {short(wrapper)}, found {short(argv)}")
                return
            if effective != command:
                self.err(f"{where}: BF_ARG_* pieces give {short(effective)}, the plan's command is {short(command)}")
                return
            self.run_wrapper(wrapper, env, command, where)
            return
        want = ["sh", "-c", command] if isinstance(command, str) else command
        if argv != want:
            self.err(f"{where}: container command is {short(argv, 200)}, expected {short(want, 200)}")

    def run_wrapper(self, wrapper, env, expected_argv, where):
        """Run the wrapper script with /bin/sh and the container's env, its `exec` redirected
        to a printer of its arguments (NUL-separated); compare with expected_argv."""
        if not self.run_shell:
            return
        script = wrapper[2]
        assert script.startswith("exec ")
        with tempfile.TemporaryDirectory() as tmp:
            printer = os.path.join(tmp, "printargs")
            with open(printer, "w") as f:
                f.write("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\000' \"$a\"; done\n")
            os.chmod(printer, 0o755)
            run_env = {k: v for k, v in env.items()}
            run_env["PATH"] = "/usr/bin:/bin"
            argv = ["/bin/sh", "-c", "exec " + printer + " " + script[len("exec "):]] + wrapper[3:]
            try:
                out = subprocess.run(argv, env={k.encode(): v.encode() for k, v in run_env.items()},
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
            except (OSError, subprocess.SubprocessError) as e:
                self.err(f"{where}: running the wrapper with /bin/sh failed: {e}")
                return
        self.shell_checks += 1
        want = b"".join(a.encode() + b"\0" for a in expected_argv)
        if out.returncode != 0 or out.stdout != want:
            self.err(f"{where}: /bin/sh runs the wrapper as {short(out.stdout, 200)} (exit {out.returncode}), "
                     f"expected {short(want, 200)}")

    # -- instances and ordering ----------------------------------------------------------

    def check_instances(self, exact):
        plan = self.plan
        for i, inst_id in enumerate(plan.ids):
            seen = self.leaf_seen.get(i, [])
            if not seen:
                self.err(f"instance {inst_id}: not in the export")
            elif len(seen) > 1:
                self.err(f"instance {inst_id}: appears {len(seen)} times: {'; '.join(seen[:3])}")
        anc = self.export_ancestors()
        for i, inst_id in enumerate(plan.ids):
            if i not in anc:
                continue
            a = anc[i]
            if a >> i & 1:
                self.err(f"instance {inst_id}: is its own ancestor in the export (an ordering cycle)")
            missing = plan.ancestors[i] & ~a
            if missing:
                names = [plan.ids[j] for j in bits(missing)]
                self.err(f"instance {inst_id}: the export does not order it after {len(names)} instance(s) "
                         f"the plan requires: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}")
            extra = a & ~plan.ancestors[i] & ~(1 << i)
            if exact and extra:
                names = [plan.ids[j] for j in bits(extra)]
                self.err(f"instance {inst_id}: {EXACT_ANNOTATION} is \"true\" but the export orders it after "
                         f"{len(names)} instance(s) the plan does not: {', '.join(names[:5])}"
                         f"{' ...' if len(names) > 5 else ''}")

    def export_ancestors(self):
        """Transitive closure of leaf_preds (instance -> instances required before it)."""
        preds = self.leaf_preds
        anc = {}
        state = {}  # 1: on the stack, 2: done
        cache = {}
        for root in preds:
            if root in anc:
                continue
            stack = [(root, None)]
            while stack:
                v, it = stack[-1]
                if it is None:
                    state[v] = 1
                    it = iter(bits(preds.get(v, 0)))
                    stack[-1] = (v, it)
                advanced = False
                for p in it:
                    if p not in preds or state.get(p) == 2:
                        continue
                    if state.get(p) == 1:
                        anc[p] = anc.get(p, 0) | (1 << p)  # a cycle: p is its own ancestor
                        continue
                    stack.append((p, None))
                    advanced = True
                    break
                if advanced:
                    continue
                stack.pop()
                s = preds.get(v, 0)
                if s in cache:
                    a = cache[s]
                else:
                    a = s
                    for p in bits(s):
                        a |= anc.get(p, 0)
                    cache[s] = a
                anc[v] = anc.get(v, 0) | a
                state[v] = 2
        # Members of a cycle: propagate once more so that every member sees itself.
        changed = True
        while changed:
            changed = False
            for v in preds:
                a = anc[v]
                for p in bits(preds[v]):
                    a |= anc.get(p, 0)
                if a != anc[v]:
                    anc[v] = a
                    changed = True
        return anc


def load_export(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def check_files(plan_path, export_path, image=None, run_shell=True):
    """Problems found (a list of messages); raises OSError/ValueError/YAMLError on unreadable input."""
    plan = load_plan(plan_path)
    docs = load_export(export_path)
    return Checker(plan, docs, image=image, run_shell=run_shell).check()


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("plan")
    ap.add_argument("export")
    ap.add_argument("--image", help="the --image given to bfc export (instances without their own)")
    ap.add_argument("--no-shell", action="store_true", help="do not run the env-piece wrappers with /bin/sh")
    a = ap.parse_args(argv)
    if jsonschema is None:
        print("check_export.py: the python module jsonschema is missing (Debian: python3-jsonschema; "
              "use /usr/bin/python3)", file=sys.stderr)
        return 2
    try:
        problems = check_files(a.plan, a.export, image=a.image, run_shell=not a.no_shell)
    except (OSError, ValueError, KeyError, yaml.YAMLError) as e:
        print(f"{a.export}: error: cannot check: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    for p in problems:
        print(f"{a.export}: {p}")
    if problems:
        print(f"{a.export}: FAIL ({len(problems)} problem(s))")
        return 1
    print(f"{a.export}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
