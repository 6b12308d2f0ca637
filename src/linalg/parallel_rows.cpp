// Row-parallel loops over a fixed pool; see include/lrcert/linalg/parallel_rows.hpp.
#include "lrcert/linalg/parallel_rows.hpp"

#include "lrcert/number/precision.hpp"

#include <mpfr.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace lrcert {

namespace {

using RowFn = std::function<void(size_t, size_t)>;

// The innermost RowThreads scope of this thread (none in every other
// thread, the workers included).
thread_local RowThreads* t_scope = nullptr;

// Blocks per thread: more blocks than threads so that a thread the machine
// descheduled does not hold up the others (which block a thread takes does
// not change any result: the header's guarantee).
constexpr size_t kBlocksPerThread = 4;

}  // namespace

// One job at a time, handed from the owning thread to the workers. A job is
// a generation number; its blocks are claimed through `next_`, which holds
// the generation in its upper 32 bits and the next block in its lower 32
// bits, so a worker that wakes late can never claim (and call the function
// of) a job other than the one it read: the owner waits until every block of
// its job is done, and a claim succeeds only while the generation matches.
struct RowThreads::Pool {
    explicit Pool(unsigned workers) {
        try {
            for (unsigned t = 0; t < workers; ++t) workers_.emplace_back([this] { work(); });
        } catch (...) {
            stop();
            throw;
        }
    }
    ~Pool() { stop(); }

    unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

    void run(size_t rows, const RowFn& fn) {
        const size_t blocks = std::min<size_t>(rows, kBlocksPerThread * threads());
        Job job{&fn, rows, blocks, working_bits(), 0};
        {
            std::lock_guard<std::mutex> lock(mutex_);
            // 32-bit generations, never 0 (a new worker has seen 0).
            do ++generation_;
            while ((generation_ & 0xffffffffu) == 0);
            job.generation = generation_ & 0xffffffffu;
            job_ = job;
            completed_ = 0;
            errors_.assign(blocks, nullptr);
            next_.store(job.generation << 32, std::memory_order_release);
        }
        wake_.notify_all();
        // The owner works too; a parallel_rows inside fn runs serially here
        // (the pool is busy with this job).
        RowThreads* const scope = t_scope;
        t_scope = nullptr;
        run_blocks(job, false);
        t_scope = scope;
        std::unique_lock<std::mutex> lock(mutex_);
        done_.wait(lock, [&] { return completed_ == blocks; });
        for (const std::exception_ptr& e : errors_)
            if (e) std::rethrow_exception(e);
    }

private:
    struct Job {
        const RowFn* fn;
        size_t rows, blocks;
        unsigned bits;
        std::uint64_t generation;
    };

    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
    }

    // Claims block b of `job`: false when the job has no block left or is
    // no longer the current one.
    bool claim(const Job& job, size_t& b) {
        std::uint64_t v = next_.load(std::memory_order_acquire);
        for (;;) {
            if ((v >> 32) != job.generation || (v & 0xffffffffu) >= job.blocks) return false;
            if (next_.compare_exchange_weak(v, v + 1, std::memory_order_acq_rel)) {
                b = static_cast<size_t>(v & 0xffffffffu);
                return true;
            }
        }
    }

    void run_blocks(const Job& job, bool worker) {
        std::optional<PrecisionScope> precision;  // a worker's: the owner's working precision
        size_t b = 0;
        while (claim(job, b)) {
            if (worker && job.bits != 0 && !precision) precision.emplace(job.bits);
            const size_t begin = b * job.rows / job.blocks, end = (b + 1) * job.rows / job.blocks;
            std::exception_ptr error;
            try {
                (*job.fn)(begin, end);
            } catch (...) {
                error = std::current_exception();
            }
            std::lock_guard<std::mutex> lock(mutex_);
            errors_[b] = error;
            if (++completed_ == job.blocks) done_.notify_one();
        }
    }

    void work() {
        // MPFR keeps caches per thread that only the thread can free
        // (docs/testing.md, "Threads").
        struct FreeMpfrCaches {
            ~FreeMpfrCaches() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }
        } free_caches;
        std::uint64_t seen = 0;
        for (;;) {
            Job job{};
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || (generation_ & 0xffffffffu) != seen; });
                if (stop_) return;
                job = job_;
                seen = job.generation;
            }
            run_blocks(job, true);
        }
    }

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    Job job_{};
    std::uint64_t generation_ = 0;
    std::atomic<std::uint64_t> next_{0};
    size_t completed_ = 0;
    std::vector<std::exception_ptr> errors_;
    bool stop_ = false;
};

RowThreads::RowThreads(unsigned threads, size_t min_terms)
    : threads_(threads), min_terms_(min_terms), previous_(t_scope) {
    if (threads < 1 || threads > kMaxRowThreads)
        throw std::invalid_argument("thread count " + std::to_string(threads) + " is outside [1, " +
                                    std::to_string(kMaxRowThreads) + "]");
    t_scope = this;
}

RowThreads::~RowThreads() {
    t_scope = previous_;
    pool_.reset();
}

void RowThreads::run(size_t rows, const std::function<void(size_t, size_t)>& fn) {
    // Started at the first loop that uses it: a run with no large loop
    // starts no thread.
    if (!pool_) pool_ = std::make_unique<Pool>(threads_ - 1);
    ++pooled_loops_;
    pool_->run(rows, fn);
}

unsigned row_threads() { return t_scope ? t_scope->threads() : 1; }

void parallel_rows(size_t rows, size_t terms, const std::function<void(size_t, size_t)>& fn) {
    if (rows == 0) return;
    if (t_scope == nullptr || t_scope->threads() < 2 || rows < 2 || terms < t_scope->min_terms_) {
        fn(0, rows);
        return;
    }
    t_scope->run(rows, fn);
}

}  // namespace lrcert
