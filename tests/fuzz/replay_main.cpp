// Replays fuzz inputs without libFuzzer: calls LLVMFuzzerTestOneInput on every
// file (recursively; names starting with '.' are skipped) of the folders or
// files given on the command line, in sorted order. A finding aborts the
// process, so ctest reports it. Used by the normal build (ctest entries
// fuzz_replay_<target>, docs/testing.md).
#include "fuzz_support.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " DIR_OR_FILE...\n";
        return 2;
    }
    std::vector<fs::path> inputs;
    for (int a = 1; a < argc; ++a) {
        const fs::path p(argv[a]);
        if (fs::is_regular_file(p)) {
            inputs.push_back(p);
        } else if (fs::is_directory(p)) {
            for (const auto& e : fs::recursive_directory_iterator(p))
                if (e.is_regular_file() && e.path().filename().string().rfind('.', 0) != 0) inputs.push_back(e.path());
        } else {
            std::cerr << argv[0] << ": " << p << " does not exist\n";
            return 2;
        }
    }
    std::sort(inputs.begin(), inputs.end());
    const auto t0 = std::chrono::steady_clock::now();
    for (const fs::path& p : inputs) {
        std::ifstream in(p, std::ios::binary);
        if (!in) {
            std::cerr << argv[0] << ": cannot read " << p << "\n";
            return 2;
        }
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::cerr << "replay " << p.string() << " (" << bytes.size() << " bytes)\n";
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << argv[0] << ": " << inputs.size() << " inputs replayed in " << s << " s, no finding\n";
    return inputs.empty() ? 2 : 0;
}
