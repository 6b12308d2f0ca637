#include "lrcert/app/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <stdexcept>

#include <signal.h>

namespace lrcert {

namespace {

std::atomic<int> received{0};
std::atomic<bool> active{false};
struct sigaction old_int, old_term;

extern "C" void record_signal(int sig) {
    int expected = 0;
    received.compare_exchange_strong(expected, sig);
    // The next SIGINT or SIGTERM gets the default action: it ends the process.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGINT, &dfl, nullptr);
    sigaction(SIGTERM, &dfl, nullptr);
}

}  // namespace

InterruptScope::InterruptScope() {
    if (active.exchange(true)) throw std::logic_error("InterruptScope: scopes do not nest");
    received = 0;
    struct sigaction sa {};
    sa.sa_handler = record_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

InterruptScope::~InterruptScope() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    active = false;
}

int interrupt_signal() { return received.load(); }

const char* signal_name(int sig) {
    switch (sig) {
        case SIGINT: return "SIGINT";
        case SIGTERM: return "SIGTERM";
        default: return "a signal";
    }
}

}  // namespace lrcert
