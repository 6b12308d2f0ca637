// The precompiled header of the layer libraries (CMakeLists.txt, "the
// library"): third-party and standard headers only, the ones most sources
// include, parsed once per build instead of once per source. Build time only:
// every source still includes what it uses.
#pragma once

#include <boost/multiprecision/gmp.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <boost/numeric/interval.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
