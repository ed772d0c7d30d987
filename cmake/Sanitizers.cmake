# PAINLOG_SANITIZE: AddressSanitizer and UndefinedBehaviorSanitizer on every target,
# so the whole test suite runs under them (scripts/test-all, build-asan).
# PAINLOG_FUZZ: the libFuzzer targets in fuzz/ (clang only); everything is built
# with the sanitizers and with libFuzzer's coverage instrumentation, so the fuzzer
# sees into the libraries it drives.
#
# These flags are global, unlike the warnings (painlog_warnings): a sanitizer must
# instrument every translation unit of a program, including those that link no
# painlog target (doctest's main), and a program must be linked with the runtime.
option(PAINLOG_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(PAINLOG_FUZZ "Build the libFuzzer targets in fuzz/ (clang; implies the sanitizers)" OFF)

if(PAINLOG_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "PAINLOG_FUZZ=ON needs clang (libFuzzer): configure with "
                      "CC=clang CXX=clang++ in a fresh build directory")
endif()

if(PAINLOG_SANITIZE OR PAINLOG_FUZZ)
  set(painlog_sanitizer_flags
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_compile_options(${painlog_sanitizer_flags})
  add_link_options(${painlog_sanitizer_flags})
endif()

if(PAINLOG_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
