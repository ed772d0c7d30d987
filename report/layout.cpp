#include "report/layout.h"

#include <algorithm>

namespace painlog::report {
namespace {

constexpr std::size_t k_gap = 1;  // spaces between table columns

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Byte length of the ANSI escape starting at text[at] (ESC [ ... final letter), or 0.
std::size_t escape_length(std::string_view text, std::size_t at) {
    if (text[at] != '\x1b' || at + 1 >= text.size() || text[at + 1] != '[')
        return 0;
    std::size_t end = at + 2;
    while (end < text.size() && !(text[end] >= '@' && text[end] <= '~')) ++end;
    return end < text.size() ? end - at + 1 : text.size() - at;
}

// One code point or one escape starting at text[at]: its byte length and its width.
struct Piece {
    std::size_t bytes;
    std::size_t columns;
};

Piece piece_at(std::string_view text, std::size_t at) {
    if (const std::size_t escape = escape_length(text, at); escape > 0)
        return {escape, 0};
    std::size_t end = at + 1;
    while (end < text.size() && is_continuation(text[end])) ++end;
    return {end - at, 1};
}

}  // namespace

std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    for (std::size_t at = 0; at < text.size();) {
        const Piece piece = piece_at(text, at);
        columns += piece.columns;
        at += piece.bytes;
    }
    return columns;
}

std::string fit(std::string_view text, std::size_t width) {
    if (display_width(text) <= width)
        return std::string(text);
    if (width == 0)
        return {};
    std::string out;
    std::size_t used = 0;
    bool coloured = false;
    for (std::size_t at = 0; at < text.size();) {
        const Piece piece = piece_at(text, at);
        if (piece.columns > 0 && used + piece.columns > width - 1)
            break;
        if (piece.columns == 0)
            coloured = true;
        out += text.substr(at, piece.bytes);
        used += piece.columns;
        at += piece.bytes;
    }
    out += "…";
    if (coloured)
        out += "\x1b[0m";
    return out;
}

std::string pad(std::string_view text, std::size_t width, bool right) {
    const std::size_t used = display_width(text);
    const std::string spaces(width > used ? width - used : 0, ' ');
    return right ? spaces + std::string(text) : std::string(text) + spaces;
}

std::string wrap(std::string_view text, std::string_view first, std::size_t width) {
    return wrap(text, first, std::string(display_width(first), ' '), width);
}

std::string wrap(std::string_view text, std::string_view first, std::string_view indent,
                 std::size_t width) {
    std::string out;
    std::string line(first);
    std::size_t used = display_width(first);
    bool has_word = false;
    const auto flush = [&] {
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + '\n';
        line = std::string(indent);
        used = display_width(indent);
        has_word = false;
    };
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t blank = std::min(text.find_first_of(" \t\r\n", start), text.size());
        std::string_view word = text.substr(start, blank - start);
        start = blank + 1;
        if (word.empty())
            continue;
        std::size_t word_width = display_width(word);
        if (has_word && used + 1 + word_width > width)
            flush();
        // A word longer than a whole line: fill lines with pieces of it.
        while (!has_word && used + word_width > width && used < width) {
            std::size_t bytes = 0;
            for (std::size_t columns = used; bytes < word.size();) {
                const Piece piece = piece_at(word, bytes);
                if (columns + piece.columns > width)
                    break;
                columns += piece.columns;
                bytes += piece.bytes;
            }
            line += word.substr(0, bytes);
            word.remove_prefix(bytes);
            word_width = display_width(word);
            flush();
        }
        if (word.empty())
            continue;
        if (has_word) {
            line += ' ';
            ++used;
        }
        line += word;
        used += word_width;
        has_word = true;
    }
    if (has_word || out.empty())
        flush();
    return out;
}

std::string fit_lines(std::string_view text, std::size_t width) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        out += fit(text.substr(start, end - start), width);
        if (end < text.size())
            out += '\n';
        start = end + 1;
    }
    return out;
}

std::vector<std::size_t> column_widths(const std::vector<TextColumn>& columns,
                                       const std::vector<std::vector<std::string>>& rows,
                                       std::size_t width, std::string_view indent) {
    std::vector<std::size_t> widths(columns.size());
    std::size_t fixed = display_width(indent);
    std::size_t flexible = 0;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        std::size_t natural = display_width(columns[c].header);
        for (const auto& row : rows) {
            if (c < row.size())
                natural = std::max(natural, display_width(row[c]));
        }
        widths[c] = columns[c].max_width == 0 ? natural : std::min(natural, columns[c].max_width);
        if (c > 0)
            fixed += k_gap;
        if (columns[c].max_width == 0) {
            ++flexible;
        } else {
            fixed += widths[c];
        }
    }
    // Flexible columns: each gets its natural width if all fit, else an equal share
    // (what a narrow one does not need goes to the others).
    std::size_t left = width > fixed ? width - fixed : 0;
    std::vector<std::size_t> order;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].max_width == 0)
            order.push_back(c);
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return widths[a] < widths[b]; });
    for (const std::size_t c : order) {
        const std::size_t share = left / flexible;
        widths[c] = std::max(std::min(widths[c], share), display_width(columns[c].header));
        left = left > widths[c] ? left - widths[c] : 0;
        --flexible;
    }
    return widths;
}

std::string text_table(const std::vector<TextColumn>& columns,
                       const std::vector<std::vector<std::string>>& rows, std::size_t width,
                       std::string_view indent) {
    const std::vector<std::size_t> widths = column_widths(columns, rows, width, indent);
    std::string out;
    const auto emit = [&](const auto& cell_of) {
        std::string line(indent);
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c > 0)
                line += std::string(k_gap, ' ');
            line += pad(fit(cell_of(c), widths[c]), widths[c], columns[c].right_aligned);
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + '\n';
    };
    emit([&](std::size_t c) -> std::string_view { return columns[c].header; });
    for (const auto& row : rows) {
        emit([&](std::size_t c) -> std::string_view {
            return c < row.size() ? row[c] : std::string_view();
        });
    }
    return out;
}

}  // namespace painlog::report
