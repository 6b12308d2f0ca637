#include "lrcert/app/terminal_progress.hpp"

#include <iomanip>
#include <sstream>
#include <utility>

namespace lrcert {

std::string percent_text(const Rational& fraction, int decimals) {
    Integer full = 100;  // 100 % in units of 10^-decimals %
    for (int i = 0; i < decimals; ++i) full *= 10;
    Rational x = fraction * full + Rational(1, 2);
    Integer n = x > 0 ? Integer(numerator(x) / denominator(x)) : Integer(0);  // round to nearest
    if (n >= full && fraction < 1) n = full - 1;
    if (n > full) n = full;
    if (n <= 0 && fraction > 0) n = 1;
    std::string digits = n.str();
    if (decimals <= 0) return digits;
    if (digits.size() <= static_cast<size_t>(decimals)) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, ".");
    return digits;
}

TerminalProgress::TerminalProgress(std::ostream& err, std::string who, bool enabled)
    : err_(err), who_(std::move(who)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

TerminalProgress::~TerminalProgress() {
    if (width_ > 0) err_ << "\r" << std::string(width_, ' ') << "\r" << std::flush;
}

void TerminalProgress::show(const Progress& p) {
    if (!enabled_) return;
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (t < 0.5 || t - last_ < 0.2) return;
    last_ = t;
    std::ostringstream os;
    os << "\r" << who_ << ": " << p.phase << " step " << p.step;
    if (p.radius > 0) os << ", " << p.bits << " bits, radius " << std::setprecision(2) << std::scientific << p.radius;
    os << ", " << std::fixed << std::setprecision(1) << t << " s";
    std::string line = os.str();
    if (line.size() < width_) line.append(width_ - line.size(), ' ');
    width_ = line.size();
    err_ << line << std::flush;
}

}  // namespace lrcert
