"""Where are we drawing: a Jupyter kernel (inline output) or headless (files)? And a pyplot that
never needs a display."""
import os
import sys
import warnings

_CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
              "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei",
              "Microsoft YaHei", "PingFang SC", "Heiti SC", "Hiragino Sans GB", "AR PL UMing CN",
              "Droid Sans Fallback")
_GLYPH = r"Glyph \d+ .*missing from"
_ready = [False]              # False, then True (a CJK font is set) or "hush" (none installed)


def in_jupyter():
    """True inside a running IPython kernel (a notebook), False in scripts, tests and terminals."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = getattr(ipython, "get_ipython", lambda: None)()
    return shell is not None and getattr(shell, "kernel", None) is not None


def pyplot():
    """matplotlib.pyplot, imported on first use; Agg when there is no display and no kernel."""
    if not _ready[0]:
        import matplotlib
        if ("matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND")
                and not in_jupyter() and sys.platform.startswith("linux")
                and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
            matplotlib.use("Agg")
        _ready[0] = _setup_fonts(matplotlib)
    if _ready[0] == "hush":       # re-armed each call: test runners and catch_warnings reset filters
        warnings.filterwarnings("ignore", message=_GLYPH, category=UserWarning)
    import matplotlib.pyplot as plt
    return plt


def _setup_fonts(matplotlib):
    """Put an installed CJK font first so Chinese labels render; with none, hush the per-glyph
    'missing from font' warnings (the labels then show boxes, quietly)."""
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = [name for name in _CJK_FONTS if name in installed]
    if found:
        rc = matplotlib.rcParams
        rc["font.sans-serif"] = found + [f for f in rc["font.sans-serif"] if f not in found]
        rc["axes.unicode_minus"] = False      # CJK fonts often lack the Unicode minus sign
        return True
    return "hush"
