from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """collectstatic leaves out the Bootstrap builds OpPlan does not load (the grid,
    reboot and utilities builds, right-to-left, unminified and ES-module variants): they
    were most of the files WhiteNoise compresses, and collectstatic took minutes."""

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "bootstrap-grid*",
        "bootstrap-reboot*",
        "bootstrap-utilities*",
        "*.rtl.*",
        "bootstrap.css",
        "bootstrap.css.map",
        "bootstrap.js",
        "bootstrap.js.map",
        "bootstrap.esm*",
        "bootstrap.min.js",
        "bootstrap.min.js.map",
        "bootstrap.bundle.js",
        "bootstrap.bundle.js.map",
    ]
