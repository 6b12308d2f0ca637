#!/usr/bin/env bash
# The installed package (docs/api.md, "Installing"): `cmake --install` into a
# temporary prefix, the prefix moved elsewhere (so nothing can lean on the
# build or source tree, nor on the install path), then
#   1. the installed lrcert certifies the headline with its built-in claims
#      (found relative to the binary), and lrcert-check, given the problem file and
#      finding the built-in claims relative to itself, accepts the certificate;
#   2. examples/cpp builds against the prefix with find_package(lrcert) and
#      certifies the headline through the C++ API;
#   3. the same program builds with pkg-config alone.
# Usage: test_package.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/staging" >/dev/null
mv "$work/staging" "$work/prefix"   # relocated: the install path is gone
prefix=$work/prefix
for f in bin/lrcert bin/lrcert-check include/lrcert/lrcert.hpp include/lrcert/version.hpp \
         share/lrcert/claims/regime.json lib/cmake/lrcert/lrcertConfig.cmake lib/pkgconfig/lrcert.pc; do
  [ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done

cp "$src/examples/headline.json" "$work/headline.json"
cd "$work"
# 1. the installed tools, with no environment pointing anywhere
set +e
env -u LRCERT_CLAIMS_DIR -u LRCERT_SOURCE_DIR -u LRCERT_BINARY_DIR \
  "$prefix/bin/lrcert" certify headline.json --report report.json --certificate cert.json >certify.out 2>&1
code=$?
set -e
cat certify.out
[ "$code" -eq 0 ] || { echo "FAIL: installed lrcert exited $code"; exit 1; }
grep -q "\[confirmed\] seed.scalar.convergence_and_balancing" certify.out ||
  { echo "FAIL: the built-in claims were not evaluated"; exit 1; }
env -u LRCERT_CLAIMS_DIR "$prefix/bin/lrcert-check" headline.json cert.json | grep -q "^accept" || { echo "FAIL: lrcert-check did not accept"; exit 1; }

# 2. a downstream CMake project
cp -r "$src/examples/cpp" "$work/example"
cmake -S "$work/example" -B "$work/example-build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/example-build" -j 2 >/dev/null
"$work/example-build/certify_problem" headline.json | tee cmake.out
grep -q "outcome converged" cmake.out || { echo "FAIL: downstream CMake build"; exit 1; }
# The limit imbalance printed by the API is the one in the report (same enclosure text).
lo=$(python3 -c "import json; print(json.load(open('report.json'))['limit']['imbalance']['lo'][:12])")
grep -q "imbalance_inf in \[${lo}" cmake.out || { echo "FAIL: API imbalance differs from the report ($lo)"; exit 1; }

# 3. pkg-config alone
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" c++ -std=c++20 -O1 "$work/example/certify_problem.cpp" \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs lrcert) -o "$work/certify_pc"
"$work/certify_pc" headline.json | tee pc.out
cmp cmake.out pc.out || { echo "FAIL: pkg-config build prints something else"; exit 1; }
echo "test_package: installed package works (CMake and pkg-config)"
