"""Every public function of the library documents itself: type hints, and a docstring with
an `Examples:` section of doctests (run by --doctest-modules and shown by mkdocstrings on
the API pages). Public classes have a docstring, and their methods hints and docstrings."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import genai_notes

MODULES = [
    importlib.import_module(f"genai_notes.{m.name}")
    for m in pkgutil.iter_modules(genai_notes.__path__)
    if not m.name.startswith("_") and not m.ispkg
]


def public_objects():
    for module in MODULES:
        for name, obj in vars(module).items():
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", obj


def methods(cls):
    for name, member in vars(cls).items():
        if inspect.isfunction(member) and (not name.startswith("_") or name == "__call__"):
            yield name, member


def assert_annotated(function, where: str) -> None:
    signature = inspect.signature(function)
    for parameter in signature.parameters.values():
        if parameter.name not in {"self", "cls"}:
            assert parameter.annotation is not inspect.Parameter.empty, f"{where}: {parameter.name} has no type hint"
    assert signature.return_annotation is not inspect.Signature.empty, f"{where}: no return type"


def test_the_five_chapter_modules_exist_and_are_the_package_s_list():
    names = {m.__name__.rsplit(".", 1)[1] for m in MODULES}
    assert names == {"tokens", "autoregression", "gan", "entropy", "distillation"} == set(genai_notes.MODULES)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_name_in_all_exists_and_every_public_function_is_in_all(module):
    assert all(hasattr(module, name) for name in module.__all__)
    defined_here = {name for name, obj in vars(module).items() if not name.startswith("_")
                    and inspect.isfunction(obj) and obj.__module__ == module.__name__}
    assert defined_here <= set(module.__all__), sorted(defined_here - set(module.__all__))


@pytest.mark.parametrize(("name", "obj"), list(public_objects()), ids=lambda x: x if isinstance(x, str) else "")
def test_public_api_has_type_hints_and_a_doctest(name, obj):
    doc = inspect.getdoc(obj) or ""
    if inspect.isfunction(obj):
        assert "Examples:" in doc and ">>>" in doc, f"{name}: docstring needs an Examples: section with a doctest"
        assert_annotated(obj, name)
    else:
        assert doc, f"{name} has no docstring"
        for method_name, method in methods(obj):
            assert inspect.getdoc(method), f"{name}.{method_name} has no docstring"
            if method_name != "__init__" or len(inspect.signature(method).parameters) > 1:
                assert_annotated(method, f"{name}.{method_name}")
