// certify_problem PROBLEM.json: certifies a problem through lrcert's C++ API
// (include/lrcert/lrcert.hpp) and prints the outcome, h L0 and, when GD
// provably converges, the certified limit imbalance and sharpness.
// Exit 0 on a certified outcome, 2 undecided, 3 bad input.
#include <lrcert/lrcert.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: certify_problem PROBLEM.json\n";
        return 3;
    }
    try {
        lrcert::Problem problem = lrcert::read_problem_file(argv[1]);
        lrcert::CertifyRun run = lrcert::certify(problem);
        lrcert::PrecisionScope scope(run.precision_bits);
        std::cout << "lrcert " << LRCERT_VERSION << ": outcome " << lrcert::outcome_name(run.outcome) << "\n";
        std::cout << "h L0 in [" << lrcert::decimal_down(lrcert::lo(run.h_times_L0), 12) << ", "
                  << lrcert::decimal_up(lrcert::hi(run.h_times_L0), 12) << "]\n";
        for (const char* name : {"imbalance_inf", "sharpness_inf"}) {
            std::string why;
            if (auto q = lrcert::quantity(run, name, &why))
                std::cout << name << " in [" << lrcert::decimal_down(lrcert::lo(*q), 20) << ", "
                          << lrcert::decimal_up(lrcert::hi(*q), 20) << "]\n";
            else
                std::cout << name << ": not certified (" << why << ")\n";
        }
        return run.outcome == lrcert::Outcome::Undecided ? 2 : 0;
    } catch (const lrcert::InputError& e) {
        std::cerr << "certify_problem: " << e.what() << "\n";
        return 3;
    }
}
