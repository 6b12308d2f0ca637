// The precompiled header of every test executable (CMakeLists.txt, "tests"):
// the layers' third-party and standard headers (cmake/precompiled_library.hpp)
// plus Catch2 and the few more the tests include, parsed once per build
// instead of once per test (about a third of a test's compile time). Nothing
// here is needed for correctness: each test still includes what it uses.
#pragma once

#include "../../cmake/precompiled_library.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <random>
