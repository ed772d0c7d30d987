// Terminal layout (report/layout.h): code-point widths that skip colour escapes,
// cutting with "…", wrapping, tables within a width.
#include "fixtures.h"

#include "report/layout.h"

#include <doctest/doctest.h>

namespace painlog::report {
namespace {

using test::lines_of;

TEST_CASE("display_width counts code points and skips colour escapes") {
    CHECK(display_width("") == 0);
    CHECK(display_width("pain") == 4);
    CHECK(display_width("16–22 Nov") == 9);
    CHECK(display_width("▁▂▃·█") == 5);
    CHECK(display_width("\x1b[1mbold\x1b[0m") == 4);
    CHECK(display_width("\x1b[31m6 bad\x1b[0m") == 5);
}

TEST_CASE("fit cuts with an ellipsis and keeps colour escapes whole") {
    CHECK(fit("Morgedal", 20) == "Morgedal");
    CHECK(fit("Morgedal", 5) == "Morg…");
    CHECK(fit("Morgedal", 0).empty());
    CHECK(fit("–––––", 3) == "––…");
    const std::string cut = fit("\x1b[31mupper back, shoulders\x1b[0m", 8);
    CHECK(display_width(cut) == 8);
    CHECK(cut.rfind("\x1b[0m") == cut.size() - 4);
}

TEST_CASE("wrap breaks at the width and indents the following lines") {
    const std::string text = wrap("one two three four five six seven", "1. ", 14);
    CHECK(text == "1. one two\n   three four\n   five six\n   seven\n");
    CHECK(wrap("", "note: ", 20) == "note:\n");
    CHECK(wrap("a   b\n\nc", "", 20) == "a b c\n");
    CHECK(wrap("x y", "> ", "  | ", 3) == "> x\n  | y\n");
}

TEST_CASE("wrap splits a word longer than a line") {
    const std::string text = wrap(std::string(25, 'x') + " end", "", 10);
    for (const std::string& line : lines_of(text)) CHECK(display_width(line) <= 10);
    CHECK(test::flat(text).find("end") != std::string::npos);
    CHECK(test::count_of(text, "x") == 25);
}

TEST_CASE("fit_lines cuts every line to the width") {
    const std::string text = fit_lines("short\n" + std::string(30, 'a') + "\n\nlast", 10);
    const auto lines = lines_of(text);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "short");
    CHECK(lines[1] == "aaaaaaaaa…");
    CHECK(lines[2].empty());
    CHECK(lines[3] == "last");
}

TEST_CASE("text_table gives flexible columns what the fixed ones leave") {
    const std::string table =
        text_table({{"day", 10}, {"pain", 4, true}, {"areas", 0}},
                   {{"Mon 16 Nov", "3", "neck, upper back, shoulders, lower back"},
                    {"Tue 17 Nov", "10", "neck"}},
                   30);
    const auto lines = lines_of(table);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "day        pain areas");
    CHECK(lines[1] == "Mon 16 Nov    3 neck, upper b…");
    CHECK(lines[2] == "Tue 17 Nov   10 neck");
    for (const std::string& line : lines) CHECK(display_width(line) <= 30);
}

TEST_CASE("text_table keeps a flexible column at least as wide as its header") {
    const std::string table =
        text_table({{"a-very-wide-fixed-column", 30}, {"areas", 0}}, {{"x", "neck"}}, 10);
    CHECK(lines_of(table)[0] == "a-very-wide-fixed-column areas");
}

}  // namespace
}  // namespace painlog::report
