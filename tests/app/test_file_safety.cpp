// No lost file (docs/cli.md, "Files"): the commands run as a user runs them
// (the built binaries, in a scratch folder), and after every failing run each
// file that existed before is byte-identical; outputs that would overwrite an
// input or each other are refused naming both paths; missing output folders
// are created; options outside their documented range are refused; sweeps
// survive SIGKILL and SIGTERM and resume to byte-identical results. Also the
// pieces below the commands: StagedOutputs, PathPlan, the sweep journal.
#include "lrcert/app/sweep.hpp"
#include "lrcert/app/sweep_journal.hpp"
#include "lrcert/io/exact_json.hpp"
#include "lrcert/io/file_paths.hpp"
#include "lrcert/io/output_file.hpp"
#include "support/files.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using namespace lrcert;
using namespace lrcert::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void write(const fs::path& p, const std::string& text) { write_file(p, text); }

size_t count_lines(const fs::path& p) {
    std::string s = slurp(p);
    return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

// Every regular file below `dir` with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = slurp(e.path());
    return files;
}

// The files of `before` are all still there, byte-identical.
void require_unchanged(const std::map<std::string, std::string>& before, const fs::path& dir) {
    for (const auto& [name, bytes] : before) {
        INFO(name);
        REQUIRE(fs::exists(dir / name));
        REQUIRE(slurp(dir / name) == bytes);
    }
}

using Result = ToolResult;

Result run_lrcert(const fs::path& cwd, const std::string& args) { return run_tool("lrcert", cwd, args); }

// A scratch folder with copies of the examples and claims a user would have.
void lay_out(const fs::path& dir) {
    const fs::path src = source_dir();
    fs::copy(src / "examples", dir / "examples", fs::copy_options::recursive);
    fs::copy_file(src / "examples" / "headline.json", dir / "copy.json");
    fs::copy_file(src / "claims" / "stability.json", dir / "mc.json");
    fs::create_directories(dir / "myclaims");
    fs::copy_file(src / "claims" / "stability.json", dir / "myclaims" / "stability.json");
    // A small sweep over the headline problem, its base beside it.
    write(dir / "spec.json", R"({"lrcert_sweep": 1, "base": "copy.json",
        "h": {"from": "0.5", "to": "2", "count": 4, "relative_to": "2/L0"}})");
    write(dir / "report.json", "{\"an earlier report\": true}\n");
    write(dir / "plotted-imbalance.svg", "<svg/>\n");
}

}  // namespace

TEST_CASE("an output that is an input, or another output, is refused naming both", "[safety][cli]") {
    if (!have_binaries()) {
        WARN("LRCERT_BINARY_DIR / LRCERT_SOURCE_DIR not set or lrcert not built: skipped");
        return;
    }
    Scratch s("clobber");
    lay_out(s.path);
    fs::create_symlink("copy.json", s.path / "link.json");
    ::link((s.path / "copy.json").c_str(), (s.path / "hard.json").c_str());
    struct Case {
        const char* args;
        const char* first;   // both paths named in the message
        const char* second;
    };
    const Case cases[] = {
        {"certify copy.json --report copy.json", "--report", "problem file"},
        {"certify copy.json --certificate copy.json", "--certificate", "problem file"},
        {"certify ./copy.json --report copy.json", "copy.json", "problem file"},
        {"certify copy.json --report ./sub/../copy.json", "copy.json", "problem file"},
        {"certify copy.json --report link.json", "link.json", "copy.json"},
        {"certify copy.json --report hard.json", "hard.json", "copy.json"},
        {"certify copy.json --claims mc.json --report mc.json", "mc.json", "--claims file"},
        {"certify copy.json --claims myclaims --report myclaims/stability.json", "stability.json",
         "--claims folder's file \"myclaims/stability.json\""},
        {"certify copy.json --report r.json --certificate r.json", "--report", "--certificate"},
        {"certify copy.json --report r.json --certificate ./r.json", "r.json", "same file"},
        {"fixture copy.json --out copy.json", "--out", "problem file"},
        {"sweep spec.json --out copy", "copy.json", "base problem"},
        {"sweep spec.json --out spec", "spec.json", "sweep specification"},
        {"merge report.json --out report", "report.json", "shard file"},
        {"plot plotted-imbalance.svg --svg plotted", "--svg", "results file"},
    };
    for (const Case& c : cases) {
        INFO(c.args);
        auto before = snapshot(s.path);
        Result r = run_lrcert(s.path, c.args);
        INFO(r.err);
        CHECK(r.code == 3);
        CHECK(contains(r.err, "lrcert: error: "));
        CHECK(contains(r.err, c.first));
        CHECK(contains(r.err, c.second));
        require_unchanged(before, s.path);
        CHECK(snapshot(s.path).size() == before.size());  // nothing new either
    }
}

TEST_CASE("a failing run leaves every earlier file byte-identical", "[safety][cli]") {
    if (!have_binaries()) {
        WARN("binaries not available: skipped");
        return;
    }
    Scratch s("failing");
    lay_out(s.path);
    write(s.path / "bad.json", "{\"family\": \"scalar\", \"mu\": ");
    write(s.path / "cert.json", "an earlier certificate\n");
    write(s.path / "fx.json", "an earlier fixture\n");
    write(s.path / "plain", "a regular file\n");

    SECTION("certify and fixture with bad input or an unwritable output") {
        const std::pair<const char*, int> cases[] = {
            {"certify bad.json --report report.json --certificate cert.json", 3},
            {"certify missing.json --report report.json", 3},
            {"certify copy.json --claims nowhere.json --report report.json", 3},
            {"certify copy.json --report report.json --certificate plain/cert.json", 4},
            {"certify copy.json --report report.json --precision 0", 3},
            {"fixture bad.json --out fx.json", 3},
            {"fixture copy.json --out fx.json --digits 0", 3},
            {"fixture copy.json --out plain/fx.json", 4},
        };
        for (const auto& [args, code] : cases) {
            INFO(args);
            auto before = snapshot(s.path);
            Result r = run_lrcert(s.path, args);
            INFO(r.err);
            CHECK(r.code == code);
            CHECK(contains(r.err, "lrcert: error: "));
            require_unchanged(before, s.path);
        }
    }
    SECTION("a sweep whose --svg cannot be written keeps the earlier results") {
        Result first = run_lrcert(s.path, "sweep spec.json --out res --svg plots/res --quiet");
        REQUIRE(first.code == 0);
        REQUIRE(fs::exists(s.path / "plots" / "res-verdicts.svg"));
        auto before = snapshot(s.path);
        Result r = run_lrcert(s.path, "sweep spec.json --out res --svg plain/res --quiet");
        INFO(r.err);
        CHECK(r.code == 4);
        CHECK(contains(r.err, "plain"));
        require_unchanged(before, s.path);
        CHECK(!fs::exists(s.path / "res.journal"));  // nothing was computed
        // A spec that does not parse: exit 3, the same files.
        write(s.path / "badspec.json", "{\"lrcert_sweep\": 1, \"base\": \"copy.json\", \"h\": {\"count\": 0}}");
        before = snapshot(s.path);
        r = run_lrcert(s.path, "sweep badspec.json --out res --svg plots/res --quiet");
        CHECK(r.code == 3);
        require_unchanged(before, s.path);
    }
}

TEST_CASE("missing output folders are created; the README's sweep command works as written", "[safety][cli]") {
    if (!have_binaries()) {
        WARN("binaries not available: skipped");
        return;
    }
    Scratch s("folders");
    lay_out(s.path);
    Result r = run_lrcert(s.path, "sweep examples/figures/headline_h.json --svg out/headline --quiet");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(fs::exists(s.path / "out" / "headline-imbalance.svg"));
    CHECK(fs::exists(s.path / "out" / "headline-verdicts.svg"));
    CHECK(fs::exists(s.path / "examples" / "figures" / "headline_h.results.json"));
    CHECK(!fs::exists(s.path / "examples" / "figures" / "headline_h.results.journal"));

    r = run_lrcert(s.path, "certify copy.json --report a/b/c/report.json --quiet");
    CHECK(r.code == 0);
    CHECK(json::parse(slurp(s.path / "a/b/c/report.json"))["outcome"] == "converged");
    // A failing run removes the folders it made (they are empty).
    r = run_lrcert(s.path, "certify missing.json --report new1/new2/report.json");
    CHECK(r.code == 3);
    CHECK(!fs::exists(s.path / "new1"));
}

TEST_CASE("options outside their documented range are refused naming option and range", "[safety][cli]") {
    if (!have_binaries()) {
        WARN("binaries not available: skipped");
        return;
    }
    Scratch s("options");
    lay_out(s.path);
    const std::pair<const char*, const char*> cases[] = {
        {"certify copy.json --precision 0", "--precision"},
        {"certify copy.json --precision 31", "--precision"},
        {"certify copy.json --precision 65537", "--precision"},
        {"certify copy.json --max-precision 16", "--max-precision"},
        {"certify copy.json --max-steps 0", "--max-steps"},
        {"certify copy.json --max-steps -1", "--max-steps"},
        {"certify copy.json --precision 256 --max-precision 128", "--precision"},
        {"fixture copy.json --digits 0", "--digits"},
        {"fixture copy.json --digits 1001", "--digits"},
        {"fixture copy.json --max-precision 63", "--max-precision"},
        {"fixture copy.json --max-steps 0", "--max-steps"},
        {"fixture copy.json --steps 5-1", "--steps"},
        {"fixture copy.json --steps x", "--steps"},
        {"compare copy.json copy.json --tol -1", "--tol"},
        {"compare copy.json copy.json --max-precision 10", "--max-precision"},
        {"sweep spec.json --jobs 0", "--jobs"},
        {"sweep spec.json --jobs 100000", "--jobs"},
        {"sweep spec.json --shard 2/2", "--shard"},
        {"sweep spec.json --shard 0/0", "--shard"},
        {"sweep spec.json --shard 1/2 --svg x", "--svg"},
        {"certify copy.json --no-such-option", "--no-such-option"},
        // A mistyped subcommand is named, with the list of the real ones.
        {"certfy copy.json", "unknown subcommand \"certfy\" (expected one of: certify sweep"},
        // A missing input file is named with the system's reason.
        {"compare copy.json missing.csv", "missing.csv: cannot read the trajectory file: No such file or directory"},
        {"plot missing.json", "missing.json: cannot read the results file: No such file or directory"},
        {"certify copy.json --claims missing.json", "cannot open the claim file: No such file or directory"},
    };
    for (const auto& [args, option] : cases) {
        INFO(args);
        auto before = snapshot(s.path);
        Result r = run_lrcert(s.path, args);
        INFO(r.err);
        CHECK(r.code == 3);
        CHECK(contains(r.err, "lrcert: error: "));
        CHECK(contains(r.err, option));
        require_unchanged(before, s.path);
    }
    // The checker's own usage.
    Result help = run_tool("lrcert-check", s.path, "--help");
    CHECK(help.code == 0);
    CHECK(contains(help.out, "usage: lrcert-check"));
    Result version = run_tool("lrcert-check", s.path, "--version");
    CHECK(version.code == 0);
    CHECK(contains(version.out, "lrcert-check "));
    Result bogus = run_tool("lrcert-check", s.path, "--bogus");
    CHECK(bogus.code == 3);
    CHECK(contains(bogus.err, "--bogus"));
}

namespace {

// Starts `lrcert args` in `cwd` in the background; returns its pid.
pid_t spawn_lrcert(const fs::path& cwd, const std::vector<std::string>& args, const fs::path& err_file) {
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::chdir(cwd.c_str()) != 0) ::_exit(127);
        FILE* f = std::freopen(err_file.c_str(), "w", stderr);
        (void)f;
        FILE* o = std::freopen("/dev/null", "w", stdout);
        (void)o;
        std::string exe = binary_dir() + "/lrcert";
        std::vector<char*> argv{const_cast<char*>(exe.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(exe.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

// Waits until `file` has at least `lines` lines (or the process ended).
bool wait_for_lines(pid_t pid, const fs::path& file, size_t lines) {
    for (int i = 0; i < 3000; ++i) {
        if (fs::exists(file) && count_lines(file) >= lines) return true;
        int status;
        if (::waitpid(pid, &status, WNOHANG) == pid) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

TEST_CASE("an interrupted sweep resumes to byte-identical results", "[safety][cli][sweep]") {
    if (!have_binaries()) {
        WARN("binaries not available: skipped");
        return;
    }
    Scratch s("resume");
    lay_out(s.path);
    // 120 points on one thread: long enough to interrupt, a few seconds in all
    // (40 in the sanitizer build, where every point is several times slower).
    const std::string count = env_or_empty("LRCERT_SANITIZE").empty() ? "120" : "40";
    write(s.path / "long.json", R"({"lrcert_sweep": 1, "base": "copy.json", "claims": [],
        "h": {"from": "0.05", "to": "2.3", "count": )" + count + R"(, "relative_to": "2/L0"}})");
    Result full = run_lrcert(s.path, "sweep long.json --out full --jobs 1 --quiet");
    REQUIRE(full.code == 0);
    const std::string full_json = slurp(s.path / "full.json"), full_csv = slurp(s.path / "full.csv");

    auto interrupted_then_resumed = [&](int sig, int expected_exit) {
        fs::remove_all(s.path / "part.json");
        fs::remove_all(s.path / "part.csv");
        fs::remove_all(s.path / "part2.journal");
        pid_t pid = spawn_lrcert(s.path, {"sweep", "long.json", "--out", "part", "--jobs", "1", "--quiet"},
                                 s.path / "part.err");
        const fs::path journal = s.path / "part.journal";
        bool mid_sweep = wait_for_lines(pid, journal, 6);
        ::kill(pid, sig);
        int code = wait_exit(pid);
        if (!mid_sweep) {
            WARN("the sweep finished before it could be interrupted");
            return;
        }
        CHECK(code == expected_exit);
        REQUIRE(fs::exists(journal));
        CHECK(!fs::exists(s.path / "part.json"));
        size_t kept = count_lines(journal);
        CHECK(kept >= 6);
        if (sig == SIGTERM) {
            std::string err = slurp(s.path / "part.err");
            CHECK(contains(err, "stopped by SIGTERM"));
            CHECK(contains(err, "--resume"));
        }
        // Without --resume the journal is not overwritten.
        std::string journal_bytes = slurp(journal);
        Result again = run_lrcert(s.path, "sweep long.json --out part --jobs 1 --quiet");
        CHECK(again.code == 3);
        CHECK(contains(again.err, "--resume"));
        CHECK(slurp(journal) == journal_bytes);
        // A changed spec does not take the journal over.
        write(s.path / "long2.json", slurp(s.path / "long.json"));
        fs::copy_file(journal, s.path / "part2.journal");
        write(s.path / "long2.json", R"({"lrcert_sweep": 1, "base": "copy.json", "claims": [],
            "h": {"from": "0.05", "to": "2.4", "count": )" + count + R"(, "relative_to": "2/L0"}})");
        Result other = run_lrcert(s.path, "sweep long2.json --out part2 --jobs 1 --resume --quiet");
        CHECK(other.code == 3);
        CHECK(contains(other.err, "specification"));
        // Resumed on two threads: the same bytes as the uninterrupted run.
        Result resumed = run_lrcert(s.path, "sweep long.json --out part --jobs 2 --resume");
        INFO(resumed.err);
        CHECK(resumed.code == 0);
        CHECK(contains(resumed.out, "from the journal"));
        CHECK(slurp(s.path / "part.json") == full_json);
        CHECK(slurp(s.path / "part.csv") == full_csv);
        CHECK(!fs::exists(journal));
    };
    for (int sig : {SIGKILL, SIGTERM, SIGINT}) {
        INFO("signal " << sig);
        interrupted_then_resumed(sig, 128 + sig);
    }
}

TEST_CASE("the journal: a cut last line is dropped, damage elsewhere is an error", "[safety][sweep]") {
    Scratch s("journal");
    const fs::path path = s.path / "j.journal";
    json header = {{"lrcert_sweep_journal", 1}, {"spec", {{"a", 1}}}, {"claims", json::array()}};
    {
        SweepJournal j = SweepJournal::create(path.string(), header);
        j.append(3, json{{"index", 3}, {"x", "1/3"}});
        j.append(1, json{{"index", 1}, {"x", nullptr}});
    }
    REQUIRE_THROWS_AS(SweepJournal::create(path.string(), header), OutputError);  // never overwritten
    auto any = [](size_t) { return true; };
    std::string intact = slurp(path);
    // Killed while writing a line: the cut line is dropped and the file continues after the last whole one.
    write(path, intact + R"({"index": 5, "point": {"ind)");
    {
        SweepJournal j = SweepJournal::resume(path.string(), header, any);
        REQUIRE(j.resumed().size() == 2);
        REQUIRE(j.resumed().at(3)["x"] == "1/3");
        REQUIRE(j.resumed().at(1)["x"].is_null());
        j.append(5, json{{"index", 5}});
    }
    {
        SweepJournal j = SweepJournal::resume(path.string(), header, any);
        REQUIRE(j.resumed().size() == 3);
    }
    // Damage in the middle, another header, a point of another shard: errors that leave the file as it is.
    std::string good = slurp(path);
    write(path, intact + "garbage\n" + R"({"index": 5, "point": {}})" + "\n");
    std::string damaged = slurp(path);
    REQUIRE_THROWS_WITH(SweepJournal::resume(path.string(), header, any), Catch::Contains("line 4 is damaged"));
    REQUIRE(slurp(path) == damaged);
    write(path, good);
    json other = header;
    other["spec"]["a"] = 2;
    REQUIRE_THROWS_WITH(SweepJournal::resume(path.string(), other, any), Catch::Contains("specification"));
    REQUIRE_THROWS_WITH(SweepJournal::resume(path.string(), header, [](size_t i) { return i != 5; }),
                        Catch::Contains("point 5"));
    REQUIRE(slurp(path) == good);
}

TEST_CASE("StagedOutputs: all or nothing", "[safety][io]") {
    Scratch s("staged");
    const fs::path a = s.path / "a.txt", b = s.path / "b.txt";
    write(a, "old a");
    SECTION("nothing changes before commit; abandoning leaves no temporary") {
        {
            StagedOutputs out;
            out.stage(a.string(), "new a");
            out.stage(b.string(), "new b");
            REQUIRE(slurp(a) == "old a");
            REQUIRE(!fs::exists(b));
        }
        REQUIRE(slurp(a) == "old a");
        REQUIRE(snapshot(s.path).size() == 1);
    }
    SECTION("commit replaces every target") {
        StagedOutputs out;
        out.stage(a.string(), "new a");
        out.stage(b.string(), "new b");
        out.commit();
        REQUIRE(slurp(a) == "new a");
        REQUIRE(slurp(b) == "new b");
        REQUIRE(snapshot(s.path).size() == 2);
    }
    SECTION("a rename that fails half-way puts the replaced files back") {
        // The second target becomes a non-empty folder after staging: its rename fails.
        StagedOutputs out;
        out.stage(a.string(), "new a");
        out.stage(b.string(), "new b");
        fs::create_directories(b / "inside");
        REQUIRE_THROWS_AS(out.commit(), OutputError);
        REQUIRE(slurp(a) == "old a");
        REQUIRE(fs::is_directory(b / "inside"));
        size_t files = 0;
        for (const auto& e : fs::directory_iterator(s.path)) files += e.is_regular_file() ? 1 : 0;
        REQUIRE(files == 1);  // no temporary, no kept copy of the old file
    }
    SECTION("a stage that cannot be written names the path") {
        StagedOutputs out;
        REQUIRE_THROWS_WITH(out.stage((s.path / "none" / "x").string(), "x"), Catch::Contains("none"));
    }
}

TEST_CASE("PathPlan compares resolved identities", "[safety][io]") {
    Scratch s("plan");
    write(s.path / "in.json", "{}");
    fs::create_directories(s.path / "dir");
    fs::create_symlink(s.path / "in.json", s.path / "sym.json");
    auto refused = [&](const std::string& in, const std::string& out) {
        PathPlan p;
        p.input(in, "problem file");
        p.output(out, "--report");
        try {
            p.check();
            return false;
        } catch (const InputError& e) {
            std::string m = e.what();
            CHECK(contains(m, in));
            CHECK(contains(m, out));
            return true;
        }
    };
    const std::string in = (s.path / "in.json").string();
    CHECK(refused(in, in));
    CHECK(refused(in, (s.path / "dir" / ".." / "in.json").string()));
    CHECK(refused(in, (s.path / "sym.json").string()));
    CHECK(refused((s.path / "dir" / ".." / "absent.json").string(), (s.path / "absent.json").string()));
    CHECK(!refused(in, (s.path / "other.json").string()));
    CHECK(same_file(in, (s.path / "." / "in.json").string()));
    CHECK(!same_file(in, (s.path / "dir").string()));
    // An output that is a folder.
    PathPlan p;
    p.output((s.path / "dir").string(), "--out");
    CHECK_THROWS_WITH(p.check(), Catch::Contains("is a folder"));
    // Folders are made for outputs and removed again if they stay empty.
    {
        PathPlan q;
        q.output((s.path / "x" / "y" / "r.json").string(), "--report");
        q.check();
        CHECK(fs::is_directory(s.path / "x" / "y"));
    }
    CHECK(!fs::exists(s.path / "x"));
}
