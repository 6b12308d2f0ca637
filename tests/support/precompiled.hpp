// The precompiled header of every test executable (CMakeLists.txt, "tests"):
// third-party and standard headers only, the ones most tests include, parsed
// once per build instead of once per test (about a third of a test's compile
// time). Nothing here is needed for correctness: each test still includes
// what it uses.
#pragma once

#include <catch2/catch.hpp>

#include <boost/multiprecision/gmp.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <boost/numeric/interval.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>
