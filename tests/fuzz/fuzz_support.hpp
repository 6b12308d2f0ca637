// Shared by the fuzz targets of tests/fuzz/ (docs/testing.md).
//
// Every target defines LLVMFuzzerTestOneInput. It is linked either with
// libFuzzer (LRCERT_FUZZ=ON, scripts/fuzz) or with replay_main.cpp, which feeds
// it every file of the corpus and regression folders (ctest entries
// fuzz_replay_<target>). A target returns normally when the code under test
// accepts the input or rejects it with its documented error type; anything
// else (another exception, a broken invariant) reaches finding(), which
// aborts so that both libFuzzer and the replay report it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace lrcert::fuzz {

// Reports a finding and aborts.
[[noreturn]] inline void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::fflush(stderr);
    std::abort();
}

// The input as text.
inline std::string text_of(const uint8_t* data, size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

// For expect_only: no exception is expected at all.
struct NoException {};

// Runs body(); an exception that is not `Expected` is a finding. Returns
// whether body() returned normally (false: it threw Expected).
template <class Expected, class Body>
bool expect_only(const char* what, Body body) {
    try {
        body();
        return true;
    } catch (const Expected&) {
        return false;
    } catch (const std::exception& e) {
        finding(std::string(what) + ": unexpected exception: " + e.what());
    } catch (...) {
        finding(std::string(what) + ": unexpected non-standard exception");
    }
}

}  // namespace lrcert::fuzz
