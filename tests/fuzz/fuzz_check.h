// Invariant checks for the fuzz targets: a failed check prints what failed and
// aborts, which libFuzzer reports as a crash and saves the input.
#ifndef MINHBACH_TESTS_FUZZ_FUZZ_CHECK_H_
#define MINHBACH_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                  \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant violated: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                            \
    }                                                                                          \
  } while (0)

#endif  // MINHBACH_TESTS_FUZZ_FUZZ_CHECK_H_
