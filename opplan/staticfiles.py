"""collectstatic without the Bootstrap builds OpPlan does not load."""

from django.contrib.staticfiles.finders import FileSystemFinder

# The grid, reboot and utilities builds, right-to-left, unminified and ES-module
# variants: most of the files WhiteNoise would compress (collectstatic took minutes).
UNUSED_VENDOR_FILES = [
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


class Finder(FileSystemFinder):
    """STATICFILES_DIRS, as Django's finder, listing no unused vendor file."""

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *UNUSED_VENDOR_FILES])
