"""Fails when a host script uses anything real Frappe 15 safe_exec refuses: an import (saves, then fails when run),
a name or attribute outside its whitelist, a name or attribute starting with "_", or an unsafe attribute such as
str.format / format_map ("format is an unsafe attribute", 500 at run time). The whitelist and the unsafe attributes
come from devhost/scripts/safe_exec_names.json, which the dev host's safe_exec reads too.
Usage: python3 check-host-scripts.py FILE...  Prints one line per problem as FILE:LINE: message; exit 1 on any."""
import ast
import json
import os
import sys

NAMES = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "devhost", "scripts", "safe_exec_names.json"), encoding="utf-8"))
TOP = set(NAMES["top"]) | {"doc"}
FRAPPE = set(NAMES["frappe"])
DB = set(NAMES["db"])
UTILS = set(NAMES["utils"])
UNSAFE = set(NAMES["unsafe_attributes"])


def chain(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return list(reversed(parts))
    return None


def assigned_names(tree):
    assigned = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
        elif isinstance(node, ast.arg):
            assigned.add(node.arg)
        elif isinstance(node, ast.FunctionDef):
            assigned.add(node.name)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            assigned.add(node.name)  # `except Exception as e`: RestrictedPython binds it like an assignment
    return assigned


def check_source(source, filename="<script>"):
    problems = []
    tree = ast.parse(source, filename=filename)
    assigned = assigned_names(tree)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            problems.append((line, "import is not allowed in server scripts (it saves, then fails when run)"))
        elif isinstance(node, ast.Attribute) and node.attr in UNSAFE:
            problems.append((line, '"' + node.attr + '" is an unsafe attribute in safe_exec (use + to build text)'))
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            problems.append((line, 'attribute "' + node.attr + '" starts with "_"'))
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id.startswith("_") and node.id not in ("_", "_dict"):
                problems.append((line, 'name "' + node.id + '" starts with "_"'))
            elif node.id not in TOP and node.id not in assigned:
                problems.append((line, 'name "' + node.id + '" is not in safe_exec'))
        elif isinstance(node, ast.JoinedStr):
            pass
        if isinstance(node, ast.Attribute):
            parts = chain(node)
            if parts and parts[0] == "frappe" and len(parts) >= 2:
                if parts[1] not in FRAPPE:
                    problems.append((line, '"frappe.' + parts[1] + '" is not in safe_exec'))
                elif parts[1] == "db" and len(parts) >= 3 and parts[2] not in DB:
                    problems.append((line, '"frappe.db.' + parts[2] + '" is not in safe_exec'))
                elif parts[1] == "utils" and len(parts) >= 3 and parts[2] not in UTILS:
                    problems.append((line, '"frappe.utils.' + parts[2] + '" is not in safe_exec'))
    return sorted(set(problems))


if __name__ == "__main__":
    failed = False
    for p in sys.argv[1:]:
        for line, msg in check_source(open(p, encoding="utf-8").read(), p):
            failed = True
            print(p + ":" + str(line) + ": " + msg)
    sys.exit(1 if failed else 0)
