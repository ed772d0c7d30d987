// The HTML report's stylesheet, inlined in its <style> element: calm colours, the
// system font stack, charts styled by class, and print rules for A4 and Letter
// (@page A4 with 15 mm margins; nothing wider than 180 mm, which Letter's printable
// width also holds; charts, table rows and findings never split across pages; black
// text on white). A constant; thread-safe.
#pragma once

#include <string_view>

namespace painlog::report {

[[nodiscard]] std::string_view html_style();

}  // namespace painlog::report
