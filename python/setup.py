"""Builds lrcert._core with the project's CMake (docs/python.md).

The C++ library is configured with -DLRCERT_BUILD_PYTHON=ON in the build
folder $LRCERT_PYTHON_BUILD_DIR (default: build-python/ at the top of the
source tree, kept between installs so that a reinstall is incremental), for
the interpreter running this build. The built-in claims are copied into the
package (lrcert/claims).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent.parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = Path(os.environ.get("LRCERT_PYTHON_BUILD_DIR", ROOT / "build-python"))
        jobs = os.environ.get("LRCERT_JOBS", str(os.cpu_count() or 2))
        configure = ["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DLRCERT_BUILD_PYTHON=ON",
                     f"-DPython_EXECUTABLE={sys.executable}"]
        if not (build_dir / "CMakeCache.txt").exists():
            # A folder of its own: only the library and the module. (An existing
            # build folder, e.g. scripts/test's, keeps its options and shares its objects.)
            configure += ["-DCMAKE_BUILD_TYPE=Release", "-DLRCERT_BUILD_TESTS=OFF", "-DLRCERT_BUILD_BENCH=OFF"]
        subprocess.check_call(configure)
        subprocess.check_call(["cmake", "--build", str(build_dir), "--target", "_core", "-j", jobs])
        built = next((build_dir / "python").glob("_core*.so"))
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built, target)
        claims = target.parent / "claims"
        if claims.exists():
            shutil.rmtree(claims)
        shutil.copytree(ROOT / "claims", claims)


setup(
    ext_modules=[Extension("lrcert._core", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    package_data={"lrcert": ["claims/*.json"]},
)
