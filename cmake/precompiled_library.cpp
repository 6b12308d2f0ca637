// Compiles cmake/precompiled_library.hpp once; every layer library reuses it
// (CMakeLists.txt, "the library").
