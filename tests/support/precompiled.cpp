// Compiles tests/support/precompiled.hpp once; every test executable reuses
// it (CMakeLists.txt, "tests"). The program itself does nothing.
int main() { return 0; }
