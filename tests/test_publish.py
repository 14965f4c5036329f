"""Publishing: the workflows validate against GitHub's schema and write no repository address
by hand; CITATION.cff validates against CFF 1.2.0; the version is written once and every place
that shows it (package metadata, CITATION.cff, the home page's BibTeX, the changelog) agrees."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import genai_notes

ROOT = pathlib.Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
HOME_PAGES = [ROOT / "docs" / lang / "index.md" for lang in ("zh", "en")]


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    """check-jsonschema with one of the schemas it ships (no network)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", *args], capture_output=True, text=True)


def workflow(name: str) -> dict:
    return yaml.load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def bibtex_entries() -> dict[pathlib.Path, str]:
    return {page: re.search(r"```bibtex\n(.*?)```", page.read_text(encoding="utf-8"), re.S).group(1) for page in HOME_PAGES}


def test_every_workflow_validates_against_the_github_workflow_schema():
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "release.yml", "tests.yml"]
    run = check_jsonschema("--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_workflow_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  check:\n    steps: []\n", encoding="utf-8")  # no runs-on
    assert check_jsonschema("--builtin-schema", "vendor.github-workflows", str(broken)).returncode == 1


def test_no_workflow_writes_a_repository_or_site_address_by_hand():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"github\.com/[\w.-]+/|github\.io/[\w.-]", text), path.name
        assert "genai-notes/genai-notes" not in text, path.name


def test_tests_run_the_readme_command_on_every_push_and_pull_request():
    tests = workflow("tests.yml")
    assert {"push", "pull_request"} <= set(tests["on"])
    (job,) = tests["jobs"].values()
    assert job["steps"][-1]["run"] == "bash .ci/run"  # .ci/run installs chromium + fonts, then `make check`
    assert steps_using(job, "actions/setup-node")[0]["with"]["node-version"] == "20"
    assert job["container"] == "python:3.11-bookworm"
    assert "make check" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make check" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_deploy_builds_for_the_repository_that_runs_it_and_publishes_pages_and_notebooks():
    deploy = workflow("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    build, pages = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["env"]["GENAI_NOTES_REPOSITORY"] == "${{ github.repository }}"
    script = "\n".join(step.get("run", "") for step in build["steps"])
    assert "GENAI_NOTES_SITE_URL=$base" in script and "github.repository_owner" in str(build["steps"])
    assert "make pdf" in script and "HEAD:notebooks" in script and "'*.ipynb'" in script
    assert steps_using(build, "actions/upload-pages-artifact")[0]["with"]["path"] == "site"
    assert pages["needs"] == "build" and steps_using(pages, "actions/deploy-pages")
    assert pages["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}


def test_release_publishes_with_trusted_publishing_and_attaches_the_pdfs():
    release = workflow("release.yml")
    assert release["on"]["push"]["tags"] == ["v*"]
    jobs = release["jobs"]
    dist_script = "\n".join(step.get("run", "") for step in jobs["dist"]["steps"])
    assert "python -m build" in dist_script and "twine check --strict dist/*" in dist_script
    assert jobs["pypi"]["permissions"] == {"id-token": "write"} and jobs["pypi"]["environment"]["name"] == "pypi"
    assert steps_using(jobs["pypi"], "pypa/gh-action-pypi-publish")
    assert "password" not in str(jobs["pypi"])  # trusted publishing: no token
    assert "make pdf" in "\n".join(step.get("run", "") for step in jobs["pdf"]["steps"])
    assert "gh release upload" in jobs["github-release"]["steps"][-1]["run"]
    assert set(jobs["github-release"]["needs"]) == {"dist", "pypi", "pdf"}


def test_citation_file_validates_against_the_cff_1_2_0_schema():
    run = check_jsonschema("--builtin-schema", "vendor.citation-file-format", "--default-filetype", "yaml",
                           str(ROOT / "CITATION.cff"))
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_cff_schema_check_rejects_a_citation_without_authors(tmp_path):
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken = tmp_path / "CITATION.cff"
    broken.write_text(re.sub(r"authors:\n  - name: .*\n", "", text, count=1), encoding="utf-8")
    assert "authors:\n  - name" not in broken.read_text(encoding="utf-8")
    run = check_jsonschema("--builtin-schema", "vendor.citation-file-format", "--default-filetype", "yaml", str(broken))
    assert run.returncode == 1 and "authors" in run.stdout


def test_the_version_is_written_once_and_read_by_the_package_metadata():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "genai_notes.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", genai_notes.__version__)


def test_citation_bibtex_and_changelog_carry_the_package_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == genai_notes.__version__
    for page, entry in bibtex_entries().items():
        assert f"version = {{{genai_notes.__version__}}}" in entry, page
        assert citation["title"] in entry, page
    assert f"## [{genai_notes.__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", HOME_PAGES, ids=lambda p: p.parent.name)
def test_home_page_links_its_language_pdf(page):
    pdf = {"zh": "genai-notes-zh-TW.pdf", "en": "genai-notes-en.pdf"}[page.parent.name]
    assert f"(pdf/{pdf})" in page.read_text(encoding="utf-8")


def test_library_extras_keep_ranges_and_constraints_pin_every_installed_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for extra in project["optional-dependencies"].values() for r in extra]
    requirements = [Requirement(r) for r in project["dependencies"] + extras]
    assert not [str(r) for r in requirements if any(s.operator in ("==", "===") for s in r.specifier)]
    pins = dict(
        line.split("==") for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert pins["torch"] == "2.13.0"
    pinned = {canonicalize_name(name) for name in pins}
    names = {canonicalize_name(r.name) for r in requirements} - {"genai-notes"}
    assert names <= pinned, names - pinned



@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_that_shows_library_code_says_once_how_to_install_this_version(lang):
    sys.path.insert(0, str(ROOT / "tools"))
    import render

    pages = sorted((ROOT / "docs" / lang).glob("lectures/*.md")) + sorted((ROOT / "docs" / lang).glob("api/*.md"))
    assert len(pages) == 10
    for page in pages:
        rendered = render.add_install_note(page.read_text(encoding="utf-8"), lang)
        assert rendered.count(f"pip install genai-notes=={genai_notes.__version__}`") == 1, page.name
