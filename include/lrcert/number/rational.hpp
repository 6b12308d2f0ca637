// Exact rationals (GMP mpq through Boost.Multiprecision).
#pragma once

#include <boost/multiprecision/gmp.hpp>

namespace lrcert {

using Rational = boost::multiprecision::mpq_rational;
using Integer = boost::multiprecision::mpz_int;

}  // namespace lrcert
