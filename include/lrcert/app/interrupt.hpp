// SIGINT and SIGTERM as a request to stop (docs/cli.md, "Interrupting a sweep").
#pragma once

namespace lrcert {

// While an InterruptScope lives, the first SIGINT or SIGTERM is recorded
// instead of ending the process, and the default action is restored for the
// next one (a second Ctrl-C ends the process at once). Long work polls
// interrupt_signal() and stops cleanly. The old handlers are restored when the
// scope ends. Scopes do not nest.
class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;
};

// The signal recorded since the scope began (SIGINT or SIGTERM), or 0.
int interrupt_signal();

// "SIGINT" / "SIGTERM" / "signal N".
const char* signal_name(int sig);

}  // namespace lrcert
