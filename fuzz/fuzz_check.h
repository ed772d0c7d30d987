// What the fuzz targets share: the libFuzzer entry points they define, and
// fuzz_check, which turns a broken property into a crash that libFuzzer (or the
// replay under ctest) reports with the input that caused it. Header only;
// thread-safe (it only prints and aborts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

// The entry point each fuzz_NAME.cpp defines: runs one input, returns 0.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace painlog::fuzz {

// Aborts with `what` on stderr when `condition` is false. Unlike assert() it stays
// on in release builds, which is what the fuzz and replay builds are.
inline void fuzz_check(bool condition, std::string_view what) {
    if (condition) return;
    std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()),
                 what.data());
    std::abort();
}

// The input as text.
[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace painlog::fuzz
