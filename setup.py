"""Build hook: put the default content into the wheel without a second committed copy (issue 16).

The repository keeps the content in its top-level folders (``handouts/``, ``locales/``, ...), where
authors and translators edit it. A wheel build copies them into ``careprint/_defaults/`` in the build
tree (the examples into ``careprint/_examples/``), where ``careprint.content.project`` finds them once
installed. All other metadata is in
pyproject.toml; an editable install reads the checkout's folders directly.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# Folder in the repository → where the wheel carries it (MANIFEST.in puts the folders in the sdist too).
# The content root is what a default build reads. The examples stay outside it: a manifest writes next to
# itself (out: ../out/batch), and from serve's back office that would be inside site-packages;
# `careprint init` copies them into a clinic's own folder instead.
PACKAGED = {"handouts": "careprint/_defaults/handouts", "locales": "careprint/_defaults/locales",
            "layouts": "careprint/_defaults/layouts", "clinic": "careprint/_defaults/clinic",
            "examples": "careprint/_examples"}


class BuildWithContent(build_py):
    """build_py that also copies the content folders into careprint/_defaults/ of the build tree."""

    def run(self):
        super().run()
        if not self.editable_mode:  # an editable install reads the checkout itself
            for source, target in self._content_files():
                self.mkpath(str(target.parent))
                self.copy_file(str(source), str(target), preserve_mode=False)

    def get_outputs(self, include_bytecode=True):
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        return outputs + [str(target) for _, target in self._content_files()]

    def _content_files(self):
        """Yield (file in the repository, its place in the build tree)."""
        for name, packaged in PACKAGED.items():
            for source in sorted((HERE / name).rglob("*")):
                if source.is_file() and "__pycache__" not in source.parts:
                    yield source, Path(self.build_lib, packaged, source.relative_to(HERE / name))


setup(cmdclass={"build_py": BuildWithContent})
