// Plain-text layout for the terminal report: widths counted in code points, cutting
// with "…", word wrapping and column tables that fit a given width. ANSI colour
// escapes (ESC [ ... m) take no columns. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace painlog::report {

// Columns `text` takes on a terminal: code points, not counting ANSI colour escapes
// (good enough for names and the chart characters used here; wide CJK counts as one).
[[nodiscard]] std::size_t display_width(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" when cut ("" for width 0).
// Colour escapes are kept whole; a cut coloured text ends with a reset.
[[nodiscard]] std::string fit(std::string_view text, std::size_t width);

// `text` padded with spaces to `width` columns, on the left when `right`.
[[nodiscard]] std::string pad(std::string_view text, std::size_t width, bool right = false);

// `text` wrapped at `width` columns: the first line starts with `first`, the others
// with `indent` (default: as many spaces as `first` is wide). Runs of blanks and line
// breaks in `text` are one space; words longer than a line are split. Every line ends
// in '\n' and has no trailing spaces; an empty text gives `first` alone on a line.
[[nodiscard]] std::string wrap(std::string_view text, std::string_view first, std::size_t width);
[[nodiscard]] std::string wrap(std::string_view text, std::string_view first,
                               std::string_view indent, std::size_t width);

// Every line of `text` cut to `width` columns (with "…"): the last guard of the
// terminal page's width rule.
[[nodiscard]] std::string fit_lines(std::string_view text, std::size_t width);

struct TextColumn {
    std::string header;
    std::size_t max_width = 0;  // 0: flexible, shares what the fixed columns leave
    bool right_aligned = false;
};

// A header line and one line per row (one cell per column), columns separated by one
// space, each as wide as its widest cell but at most max_width; flexible columns share
// what is left of `width` (at least their header's width). Cells are cut with "…";
// lines start with `indent` and have no trailing spaces.
// The widths text_table() gives the columns.
[[nodiscard]] std::vector<std::size_t> column_widths(
    const std::vector<TextColumn>& columns, const std::vector<std::vector<std::string>>& rows,
    std::size_t width, std::string_view indent = "");

[[nodiscard]] std::string text_table(const std::vector<TextColumn>& columns,
                                     const std::vector<std::vector<std::string>>& rows,
                                     std::size_t width, std::string_view indent = "");

}  // namespace painlog::report
