#include "lrcert/dynamics/box.hpp"

#include <algorithm>

namespace lrcert {

Box box_around(const Vec<Real>& centre, const UpperBound& r) {
    Box b;
    b.reserve(centre.size());
    for (const Real& c : centre) b.push_back(around(c, r));
    return b;
}

Box box_around(const Vec<Real>& centre, const Vec<UpperBound>& r) {
    detail::require(centre.size() == r.size(), "box_around: sizes differ");
    Box b;
    b.reserve(centre.size());
    for (size_t i = 0; i < centre.size(); ++i) b.push_back(around(centre[i], r[i]));
    return b;
}

Box thin_box(const Vec<Real>& z) {
    Box b;
    b.reserve(z.size());
    for (const Real& c : z) b.push_back(make_interval(c));
    return b;
}

Vec<Real> box_midpoint(const Box& b) {
    Vec<Real> m;
    m.reserve(b.size());
    for (const Interval& x : b) m.push_back(midpoint(x));
    return m;
}

bool interior_subset(const Box& a, const Box& b) {
    detail::require(a.size() == b.size(), "interior_subset: sizes differ");
    for (size_t i = 0; i < a.size(); ++i)
        if (!(lo(b[i]) < lo(a[i]) && hi(a[i]) < hi(b[i]))) return false;
    return true;
}

bool box_subset(const Box& a, const Box& b) {
    detail::require(a.size() == b.size(), "box_subset: sizes differ");
    for (size_t i = 0; i < a.size(); ++i)
        if (!(lo(b[i]) <= lo(a[i]) && hi(a[i]) <= hi(b[i]))) return false;
    return true;
}

bool disjoint(const Box& a, const Box& b) {
    detail::require(a.size() == b.size(), "disjoint: sizes differ");
    for (size_t i = 0; i < a.size(); ++i)
        if (hi(a[i]) < lo(b[i]) || hi(b[i]) < lo(a[i])) return true;
    return false;
}

std::optional<Box> intersect(const Box& a, const Box& b) {
    detail::require(a.size() == b.size(), "intersect: sizes differ");
    Box r;
    r.reserve(a.size());
    for (size_t i = 0; i < a.size(); ++i) {
        const Real& l = lo(a[i]) > lo(b[i]) ? lo(a[i]) : lo(b[i]);
        const Real& u = hi(a[i]) < hi(b[i]) ? hi(a[i]) : hi(b[i]);
        if (!(l <= u)) return std::nullopt;  // empty, or a NaN end
        r.push_back(make_interval(l, u));
    }
    return r;
}

UpperBound max_width(const Box& b) {
    UpperBound w = UpperBound::exact(0);
    for (const Interval& x : b) {
        UpperBound wx = UpperBound::assume_upper(width_up(x));
        if (!(wx <= w)) w = wx;  // also takes a NaN width (not finite)
    }
    return w;
}

UpperBound sup_norm(const Box& b) {
    UpperBound s = UpperBound::exact(0);
    for (const Interval& x : b) {
        UpperBound m = UpperBound::of_mag(x);
        if (!(m <= s)) s = m;
    }
    return s;
}

Box multiply(const Matrix<Interval>& M, const Box& v) {
    detail::require(M.cols() == v.size(), "multiply: sizes differ");
    Box r(M.rows(), make_interval(0L));
    for (size_t i = 0; i < M.rows(); ++i) {
        Interval s = make_interval(0L);
        for (size_t j = 0; j < M.cols(); ++j) s += M(i, j) * v[j];
        r[i] = s;
    }
    return r;
}

Box subtract(const Box& a, const Box& b) {
    detail::require(a.size() == b.size(), "subtract: sizes differ");
    Box r(a.size(), make_interval(0L));
    for (size_t i = 0; i < a.size(); ++i) r[i] = a[i] - b[i];
    return r;
}

Box add(const Box& a, const Box& b) {
    detail::require(a.size() == b.size(), "add: sizes differ");
    Box r(a.size(), make_interval(0L));
    for (size_t i = 0; i < a.size(); ++i) r[i] = a[i] + b[i];
    return r;
}

UpperBound inf_norm(const Matrix<Interval>& M) {
    UpperBound n = UpperBound::exact(0);
    for (size_t i = 0; i < M.rows(); ++i) {
        UpperBound row = UpperBound::exact(0);
        for (size_t j = 0; j < M.cols(); ++j) row = row + UpperBound::of_mag(M(i, j));
        if (!(row <= n)) n = row;
    }
    return n;
}

}  // namespace lrcert
