"""The shape of the code: layers with one direction, no imports hidden inside functions."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUR_APPS = ["core", "taxonomy", "posts", "home", "newsletter", "comments", "wordpress", "demo"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def source_files():
    for app in OUR_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            # Where deferred imports are the idiom: migrations and management commands run
            # outside the request cycle, and AppConfig.ready() wires apps once all are loaded.
            if "migrations" in parts or "commands" in parts:
                continue
            yield path


def imports_inside_functions(path):
    """(line, module) of every import of our apps inside a function, ready() excepted."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, function=None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if function is not None and isinstance(child, ast.Import | ast.ImportFrom):
                names = (
                    [alias.name for alias in child.names]
                    if isinstance(child, ast.Import)
                    else [child.module or ""]
                )
                relative = isinstance(child, ast.ImportFrom) and child.level > 0
                ours = relative or any(name.split(".")[0] in OUR_APPS for name in names)
                allowed = function == "ready" and path.name == "apps.py"
                if ours and not allowed:
                    found.append((child.lineno, ", ".join(names)))
            visit(child, function)

    visit(tree)
    return found


def test_the_checker_finds_an_import_inside_a_function(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def view():\n    from posts.models import PostPage\n    return PostPage\n")
    assert imports_inside_functions(sample) == [(2, "posts.models")]
    sample.write_text("from posts.models import PostPage\n\ndef view():\n    return PostPage\n")
    assert imports_inside_functions(sample) == []


def test_no_app_imports_our_modules_inside_functions():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in source_files()
        for line, module in imports_inside_functions(path)
    ]
    assert offenders == []


def lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")
def test_the_layer_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # An app importing one above it.
        ("core/upward.py", "import posts.models\n", "Layers"),
        # Two apps on one level importing each other (a cycle between apps).
        ("newsletter/sideways.py", "import home.chrome\n", "Layers"),
        # The leaf importing the bottom layer, allowed for every other app.
        ("taxonomy/downward.py", "import core.slugs\n", "taxonomy is a leaf"),
    ],
)
def test_the_layer_contracts_fail_on_a_wrong_import(tmp_path, module, line, broken):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "media", "static", "templates", "tests", "*.sqlite3"
        ),
    )
    (copy / module).write_text(line)
    result = lint_imports(copy)
    assert result.returncode != 0
    assert f"{broken}" in result.stdout and "BROKEN" in result.stdout, result.stdout


def import_cycles(graph, modules):
    """Groups of modules that import each other, directly or round a loop (Tarjan's SCCs)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in modules:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while module not in group:
                group.add(stack.pop())
            on_stack.difference_update(group)
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_imports_itself_round_a_loop():
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph(*OUR_APPS, cache_dir=None)
    modules = {module for module in graph.modules if ".migrations" not in module}
    assert import_cycles(graph, modules) == []
    # The check sees a loop when there is one.
    graph.add_import(importer="core.sites", imported="core.context_processors")
    assert import_cycles(graph, modules) == [["core.context_processors", "core.sites"]]
