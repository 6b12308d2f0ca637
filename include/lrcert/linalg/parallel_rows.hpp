// Row-parallel loops over a small fixed pool of threads, for the O(n m d)
// interval matrix products of a certified run (linalg/matrix.hpp) and any
// other loop whose rows are computed independently of each other.
//
// Determinism guarantee: parallel_rows(rows, terms, fn) calls fn(begin, end)
// on disjoint blocks of rows that together cover [0, rows), each block once.
// When fn computes every row (every output entry of that row) with the same
// operations whatever block contains it, and writes nothing but its own rows,
// every output entry is computed by exactly one thread in exactly the order of
// the serial loop: the results are bit-identical for every thread count,
// including 1 (serial). Everything lrcert computes with it is written so
// (the products of linalg/matrix.hpp and the Gram matrices of
// linalg/spectral.hpp), so a report and a certificate do not depend on
// --threads (docs/cli.md).
//
// Threads: a RowThreads scope starts its threads once, at its first loop
// that uses them (threads - 1 workers; the calling thread works too), and
// joins them when it ends, so no product pays for starting a thread and a run
// without a large loop starts none. The pool belongs to the thread that opened the
// scope: parallel_rows called from any other thread (a sweep's workers, the
// pool's own workers inside fn) runs serially, so nothing oversubscribes the
// cores or waits on itself. Each worker runs fn at the caller's working
// precision (a PrecisionScope of working_bits(), number/precision.hpp; none
// when the caller has none) and frees MPFR's per-thread caches before it ends
// (docs/testing.md, "Threads").
//
// A loop of fewer than kParallelMinTerms terms (elementary multiply-adds of
// the product kernel: n m d for a product; a caller with dearer operations
// weights them) stays serial: handing it to the pool would cost more
// than it saves, so small problems run as without threads.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace lrcert {

// Largest thread count a RowThreads accepts (--threads; docs/cli.md).
constexpr unsigned kMaxRowThreads = 256;

// Fewest terms for which parallel_rows uses the pool: n = m = d = 16. Handing
// a loop to the pool costs about 2.5 us (measured: an empty loop of 16 rows
// with 2 threads), a 16^3 product at 128 bits hundreds of us; smaller
// products gain too little to be worth a thread wake-up.
constexpr size_t kParallelMinTerms = 4096;

class RowThreads {
public:
    // Makes `threads` threads (this one included) available to the
    // parallel_rows calls of this thread until the scope ends, for loops of
    // at least min_terms terms (a smaller value only for tests: it makes
    // small problems exercise the pool). 1: serial. Throws
    // std::invalid_argument for threads outside [1, kMaxRowThreads].
    explicit RowThreads(unsigned threads, size_t min_terms = kParallelMinTerms);
    ~RowThreads();
    RowThreads(const RowThreads&) = delete;
    RowThreads& operator=(const RowThreads&) = delete;
    unsigned threads() const { return threads_; }
    // Loops of this scope that ran on the pool (not serially), for tests.
    size_t pooled_loops() const { return pooled_loops_; }

    struct Pool;  // the workers (src/linalg/parallel_rows.cpp)

private:
    friend void parallel_rows(size_t, size_t, const std::function<void(size_t, size_t)>&);
    void run(size_t rows, const std::function<void(size_t, size_t)>& fn);
    unsigned threads_;
    size_t min_terms_;
    size_t pooled_loops_ = 0;
    std::unique_ptr<Pool> pool_;  // started by the first parallel loop
    RowThreads* previous_;
};

// Threads the parallel_rows calls of this thread may use: those of its
// innermost RowThreads scope, 1 outside every scope (and in other threads).
unsigned row_threads();

// fn(begin, end) for disjoint blocks [begin, end) covering [0, rows) (see the
// determinism guarantee above); serially as fn(0, rows) when this thread has
// no RowThreads scope of more than one thread, rows < 2 or terms is below
// the scope's min_terms (kParallelMinTerms by default). Returns when every block is
// done. An exception of fn is rethrown here: every block still runs, then
// the exception of the lowest block that threw (the same for every thread
// count when fn is deterministic).
void parallel_rows(size_t rows, size_t terms, const std::function<void(size_t, size_t)>& fn);

}  // namespace lrcert
