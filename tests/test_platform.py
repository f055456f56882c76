"""The README's platform, a bare Debian 12 and its Python, gets all it needs from the setup command and the lock."""
import ast
import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from evidence import paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")
PLATFORM_PYTHON = re.search(r"Debian 12 \(bookworm\), whose Python is (\d+\.\d+\.\d+)", README).group(1)
SETUP = paths.ROOT / "scripts" / "setup-and-build.sh"
LOCK = paths.ROOT / "requirements.txt"


def pins(path):
    """{canonical name: version} of the `name==version` lines of a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip().rstrip("\\").strip()
        if "==" in line and not line.startswith("-"):
            requirement = Requirement(line)
            found[canonicalize_name(requirement.name)] = str(requirement.specifier).removeprefix("==")
    return found


def test_no_pinned_release_needs_a_newer_python_than_the_platform():
    """Each pinned release, as installed in this environment, must run on the Python that Debian 12 ships."""
    too_new, not_installed = [], []
    for name, version in sorted(pins(LOCK).items()):
        try:
            metadata = importlib.metadata.metadata(name)
        except importlib.metadata.PackageNotFoundError:
            not_installed.append(name)
            continue
        if metadata["Version"] != version:
            not_installed.append(f"{name} ({metadata['Version']} installed, {version} pinned)")
        requires = metadata["Requires-Python"]
        if requires and not SpecifierSet(requires).contains(PLATFORM_PYTHON, prereleases=True):
            too_new.append(f"{name}=={metadata['Version']} requires Python {requires}")
    assert not not_installed, f"this environment is not the lock (rerun the setup command): {not_installed}"
    assert not too_new, f"releases that Python {PLATFORM_PYTHON} (Debian 12) cannot install: {too_new}"


def test_the_lock_is_compiled_for_the_platform_python():
    assert f"--python-version {PLATFORM_PYTHON}" in LOCK.read_text(encoding="utf-8").split("\n", 3)[1]
    assert f"PLATFORM_PYTHON={PLATFORM_PYTHON}" in (paths.ROOT / "scripts" / "lock.sh").read_text(encoding="utf-8")


def _providers(module, providers):
    """The distributions that provide a module: for a namespace package that several share (sphinxcontrib), only the
    one holding the module's own folder."""
    top = module.split(".")[0]
    found = providers.get(top, [top])
    if len(found) > 1 and "." in module:
        folder = "/".join(module.split(".")[:2])
        found = [d for d in found if any(str(f).startswith((folder + "/", folder + ".py"))
                                         for f in importlib.metadata.files(d) or [])]
    return found


def _imported_distributions(folders):
    """{distribution: [files]} for every third-party module that the Python files in `folders` import."""
    providers = importlib.metadata.packages_distributions()
    found = {}
    for folder in folders:
        for path in sorted((paths.ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    modules = [node.module]
                else:
                    continue
                for module in modules:
                    top = module.split(".")[0]
                    if top in sys.stdlib_module_names or top in {"evidence", "conftest"}:
                        continue
                    for distribution in _providers(module, providers):
                        found.setdefault(canonicalize_name(distribution), set()).add(paths.relative(path))
    return found


def test_every_imported_package_is_pinned_in_requirements_in():
    pinned = pins(paths.ROOT / "requirements.in")
    missing = {d: sorted(f) for d, f in _imported_distributions(["evidence", "tests", "benchmarks"]).items()
               if d not in pinned}
    assert not missing, f"imported but not pinned in requirements.in: {missing}"


def test_the_package_declares_what_it_imports():
    import tomllib

    declared = {canonicalize_name(Requirement(r).name) for r in
                tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    assert set(_imported_distributions(["evidence"])) == declared


def _dpkg(*args):
    return subprocess.run(["dpkg-query", *args], capture_output=True, text=True).stdout


def _installable_closure(packages):
    """The Debian packages on a bare bookworm after `apt-get install packages`: the essential set, apt, the packages
    and everything they depend on, as this machine's dpkg database records the dependencies."""
    fields = _dpkg("-W", "-f=${Package}\t${Essential}\t${Provides}\t${Pre-Depends}, ${Depends}\n")
    depends, provided_by, todo = {}, {}, ["apt", *packages]
    for line in fields.splitlines():
        name, essential, provides, needs = line.split("\t")
        depends[name] = [alternative.strip().split(" ")[0].split(":")[0]
                         for group in needs.split(",") if group.strip() for alternative in group.split("|")]
        for virtual in provides.split(","):
            if virtual.strip():
                provided_by.setdefault(virtual.strip().split(" ")[0], []).append(name)
        if essential == "yes":
            todo.append(name)
    closure = set()
    while todo:
        name = todo.pop()
        for real in ([name] if name in depends else provided_by.get(name, [])):
            if real not in closure:
                closure.add(real)
                todo += depends[real]
    return closure


def _owner(path):
    """The Debian package that installed a file, as dpkg recorded it (under /lib or /usr/lib, one link or another)."""
    if not path:
        return "not found"
    owners = (_dpkg("-S", str(candidate)).split(":")[0] for candidate in (path, Path(path).resolve()))
    return next((owner for owner in owners if owner), "no Debian package")


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="not a Debian machine: the README's platform is Debian 12")
def test_the_setup_command_installs_what_a_bare_bookworm_lacks():
    """Every program the build and tests run, and every library Playwright's driver loads, comes from a package that
    the setup command installs (or that a bare bookworm has): no python3-venv, make or libatomic1 left out."""
    packages = re.search(r"^PACKAGES=\((.*?)\)", SETUP.read_text(encoding="utf-8"), re.S | re.M).group(1).split()
    closure = _installable_closure(packages)
    needed = {name: shutil.which(name) for name in ("make", "chromium", "pdftotext", "pdfimages", "latexmk",
                                                    "xelatex", "xindy")}
    needed["python3"] = "/usr/bin/python3"  # what scripts/setup-python.sh makes .venv with
    needed["ensurepip (python3 -m venv)"] = next(Path("/usr/lib").glob("python3.*/ensurepip/__init__.py"), None)
    import playwright

    driver = Path(playwright.__file__).parent / "driver" / "node"
    for line in subprocess.run(["ldd", str(driver)], capture_output=True, text=True).stdout.splitlines():
        if "=>" in line:
            needed[f"{line.split()[0]} (Playwright's driver)"] = line.split("=>")[1].split("(")[0].strip()
    missing = {what: _owner(path) for what, path in needed.items() if _owner(path) not in closure}
    assert not missing, f"not installed by scripts/setup-and-build.sh on a bare bookworm: {missing}"


def test_a_half_made_venv_is_made_again(tmp_path):
    """A .venv whose creation stopped before pip (no python3-venv) must not block the next run."""
    (tmp_path / "scripts").mkdir()
    shutil.copy2(paths.ROOT / "scripts" / "make-venv.sh", tmp_path / "scripts")
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True)
    result = subprocess.run(["bash", "scripts/make-venv.sh"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    check = subprocess.run([str(tmp_path / ".venv" / "bin" / "python"), "-m", "pip", "--version"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
