"""`python -m xint run SCRIPT.py`: run a script written for PyTorch, TensorFlow or MXNet on xint.

Inside that one process a meta-path finder answers `import torch`, `import torchvision`,
`import tensorflow`, `import mxnet` (and their submodules) with xint's dialect modules; nothing
is installed or patched outside it. A name the dialect lacks fails with an error naming it
("xint's torch dialect does not provide torch.fft"), an AttributeError or ModuleNotFoundError
subclass, rather than a bare AttributeError from deep inside.

Packages d2l imports at top level but never needs for chapters 2-6 (pandas, IPython.display,
matplotlib_inline) get minimal stand-ins in the run process when the real ones are absent.
`python -m xint.runner --real SCRIPT.py` runs a script on the real framework with only those
stand-ins (how the tests compare outputs).
"""
import ast
import dis
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import runpy
import sys
import traceback
import types

FRAMEWORKS = ("torch", "tensorflow", "mxnet")
# top-level module name -> xint module it becomes, per framework
ALIASES = {
    # torch's namespace is an attribute of the dialect package (which also holds the book helpers)
    "torch": {"torch": "xint.torch.torch", "torchvision": "xint.torch.vision"},
    "tensorflow": {"tensorflow": "xint.tensorflow.tf", "keras": "xint.tensorflow.keras"},
    "mxnet": {"mxnet": "xint.mxnet"},
}
# which framework a top-level import (or `from d2l import X`) points at
_IMPORT_HINTS = {"torch": "torch", "torchvision": "torch", "tensorflow": "tensorflow",
                 "keras": "tensorflow", "mxnet": "mxnet"}


class XintMissingName(AttributeError):
    """A framework name that the xint dialect does not provide."""


class XintMissingModule(ModuleNotFoundError):
    """A framework submodule that the xint dialect does not provide."""


def _missing_text(framework, name):
    return f"xint's {framework} dialect does not provide {name}"


class _Missing:
    """Stands for a missing name while a book's helper library is imported (d2l binds aliases
    such as `sinh = torch.sinh` at import time); using it raises the usual missing-name error."""

    def __init__(self, framework, name):
        self._text = _missing_text(framework, name)

    def __call__(self, *args, **kwargs):
        raise XintMissingName(self._text)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise XintMissingName(self._text)

    def __repr__(self):
        return f"<missing: {self._text}>"


class _Existing(importlib.abc.Loader):
    """Loader that hands back an already imported module (the xint side of an alias)."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _Lenient(importlib.abc.Loader):
    """Wraps the loader of a book helper module: while it executes, missing dialect names
    become `_Missing` placeholders instead of failing the whole import."""

    def __init__(self, hook, loader):
        self.hook, self.loader = hook, loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.hook.lenient += 1
        try:
            self.loader.exec_module(module)
        finally:
            self.hook.lenient -= 1


class AliasFinder(importlib.abc.MetaPathFinder):
    """Meta-path finder mapping a framework's module names onto xint's dialect modules."""

    def __init__(self, framework):
        self.framework = framework
        self.aliases = ALIASES[framework]
        self.lenient = 0
        self.guarded = set()

    def _resolve(self, target):
        """The object (module or namespace) named by dotted `target`, or None."""
        try:
            return importlib.import_module(target)
        except ModuleNotFoundError as exc:
            if not exc.name or not (target == exc.name or target.startswith(exc.name + ".")):
                raise                       # a genuine import failure inside xint
        parent_name, _, last = target.rpartition(".")
        if not parent_name:
            return None
        parent = self._resolve(parent_name)
        value = getattr(parent, last, None) if parent is not None else None
        # some submodules are attributes (mxnet.gluon.data.vision, …transforms)
        return value if isinstance(value, (types.ModuleType, types.SimpleNamespace)) else None

    def find_spec(self, fullname, path=None, target=None):
        root, _, rest = fullname.partition(".")
        if root == "d2l" and rest:
            return self._d2l_spec(fullname, path)
        if root not in self.aliases:
            return None
        xname = self.aliases[root] + ("." + rest if rest else "")
        module = self._resolve(xname)
        if module is None:
            # name= differs from the alias so `from torch import fft` keeps this message
            raise XintMissingModule(_missing_text(self.framework, fullname), name=xname)
        if isinstance(module, types.SimpleNamespace):
            module = self._as_module(module, fullname)
        self.guard(module, fullname)
        return importlib.util.spec_from_loader(fullname, _Existing(module))

    def _d2l_spec(self, fullname, path):
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _Lenient(self, spec.loader)
        return spec

    @staticmethod
    def _as_module(namespace, name):
        module = types.ModuleType(name)
        module.__dict__.update(vars(namespace))
        return module

    def guard(self, module, alias):
        """Give an aliased module a `__getattr__` that names what is missing."""
        if id(module) in self.guarded:
            return
        self.guarded.add(id(module))
        if not hasattr(module, "__path__"):
            # lets the import system look for submodules that are attributes (see _resolve)
            module.__path__ = []
        previous = module.__dict__.get("__getattr__")
        hook, framework = self, self.framework

        def __getattr__(name):
            if previous is not None:
                try:
                    return previous(name)
                except AttributeError:
                    pass
            if name.startswith("__") and name.endswith("__"):
                raise AttributeError(f"module {alias!r} has no attribute {name!r}")
            if hook.lenient:
                return _Missing(framework, f"{alias}.{name}")
            text = _missing_text(framework, f"{alias}.{name}")
            if _in_import_from(sys._getframe(1)):
                # `from torch import fft` would turn an AttributeError into a generic ImportError
                raise XintMissingModule(text, name=f"{alias}.{name}")
            raise XintMissingName(text)

        module.__getattr__ = __getattr__
        # submodules reached as attributes (`from mxnet import np`) never meet the finder
        prefix = module.__name__ + "."
        for attr, value in list(vars(module).items()):
            if isinstance(value, types.ModuleType) and value.__name__.startswith(prefix):
                self.guard(value, f"{alias}.{attr}")


_IMPORT_FROM = dis.opmap["IMPORT_FROM"]


def _in_import_from(frame):
    """Whether `frame` is executing a `from X import name` statement."""
    try:
        return frame.f_code.co_code[frame.f_lasti] == _IMPORT_FROM
    except (IndexError, AttributeError):
        return False


def detect_framework(path):
    """The framework a script's imports name (`import torch`, `from d2l import mxnet`, …)."""
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), filename=path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.partition(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots = [node.module.partition(".")[0]]
            if roots[0] == "d2l":
                roots = [alias.name for alias in node.names]
        else:
            continue
        found.update(_IMPORT_HINTS[r] for r in roots if r in _IMPORT_HINTS)
    if len(found) == 1:
        return found.pop()
    if not found:
        raise ValueError(f"{path} imports none of torch, tensorflow, mxnet; "
                         "say which with --framework")
    raise ValueError(f"{path} imports several frameworks ({', '.join(sorted(found))}); "
                     "say which with --framework")


def _standin(name, doc, **attrs):
    module = types.ModuleType(name, doc)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)   # find_spec(name) works
    module.__dict__.update(attrs)

    def __getattr__(attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        raise ModuleNotFoundError(f"{name} is not installed; `xint run` provides only a "
                                  f"stand-in so that imports succeed ({name}.{attr} used)",
                                  name=name)

    module.__getattr__ = __getattr__
    sys.modules[name] = module
    return module


def install_standins(torchvision=False):
    """Stand-ins for packages d2l imports at top level, only where the real ones are absent
    (with torchvision=True also torchvision, for d2l on a real torch without it); returns the
    names stood in for."""
    def absent(name):
        if name in sys.modules:
            return False
        try:
            return importlib.util.find_spec(name) is None
        except (ImportError, ValueError):
            return True

    made = []
    if absent("pandas"):
        # libraries that probe pandas (keras) test isinstance against these; nothing is one
        _standin("pandas", "stand-in: pandas is not installed",
                 Series=type("Series", (), {}), DataFrame=type("DataFrame", (), {}))
        made.append("pandas")
    if absent("requests"):
        _standin("requests", "stand-in: requests is not installed (xint never downloads)")
        made.append("requests")
    if absent("IPython"):
        display = _standin("IPython.display", "stand-in: notebook display is a no-op",
                           display=lambda *a, **k: None, clear_output=lambda *a, **k: None,
                           set_matplotlib_formats=lambda *a, **k: None)
        # matplotlib asks get_ipython() once IPython is in sys.modules: None = not a notebook
        _standin("IPython", "stand-in: IPython is not installed", display=display,
                 get_ipython=lambda: None, version_info=(8, 24, 0))
        made.append("IPython")
    if absent("matplotlib_inline"):
        backend_inline = _standin("matplotlib_inline.backend_inline",
                                  "stand-in: inline figure formats are a no-op",
                                  set_matplotlib_formats=lambda *a, **k: None)
        _standin("matplotlib_inline", "stand-in: matplotlib_inline is not installed",
                 backend_inline=backend_inline)
        made.append("matplotlib_inline")
    if torchvision and absent("torchvision"):
        transforms = _standin("torchvision.transforms", "stand-in: torchvision is not installed")
        _standin("torchvision", "stand-in: torchvision is not installed", transforms=transforms)
        made.append("torchvision")
    os.environ.setdefault("MPLBACKEND", "Agg")      # scripts run headless
    return made


def install(framework):
    """Alias the framework's module names to xint in this process; returns the finder."""
    if framework not in ALIASES:
        raise ValueError(f"unknown framework {framework!r}; choose from {', '.join(FRAMEWORKS)}")
    for name in list(sys.modules):
        if name.partition(".")[0] in ALIASES[framework]:
            del sys.modules[name]           # a real framework imported earlier in this process
    finder = AliasFinder(framework)
    sys.meta_path.insert(0, finder)
    return finder


def run_path(path, args=(), framework=None):
    """Run the script at `path` as __main__ with sys.argv = [path, *args]; `framework` None
    means run on the real framework (only the stand-ins are added)."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"no such script: {path}")
    install_standins(torchvision=framework is None)
    if framework is not None:
        install(framework)
    sys.argv = [path, *args]
    sys.path.insert(0, os.path.dirname(path))
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - reported like Python would, from the script
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != path:
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb or exc.__traceback__)
        return 1
    return 0


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) < 2 or argv[0] != "--real":
        print("usage: python -m xint.runner --real SCRIPT.py [args...]", file=sys.stderr)
        return 2
    return run_path(argv[1], argv[2:], framework=None)


if __name__ == "__main__":
    sys.exit(main())
