#include "protocol/json_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <system_error>
#include <utility>

#include "protocol/jsonrpc.h"

namespace painlog::protocol {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The value of a hexadecimal digit, or -1.
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A recursive-descent scan of one JSON value. With an output string it also writes
// the value re-indented: the text read is copied in runs, broken where a line break
// and indentation go in or whitespace is left out. Without one it only checks it.
// Every method that reads returns false, position unspecified, on the first byte that
// is not JSON.
class Scanner {
public:
    Scanner(std::string_view text, std::string* out, int indent)
        : m_p(text.data()),
          m_end(text.data() + text.size()),
          m_out(out),
          m_indent(static_cast<std::size_t>(indent < 0 ? 0 : indent)) {
        // nlohmann skips a UTF-8 byte order mark before the value.
        if (text.starts_with("\xEF\xBB\xBF")) m_p += 3;
        m_copied = m_p;
    }

    // The whole text is one value, with whitespace around it.
    bool whole_value() {
        skip_space();
        if (!value(0)) return false;
        skip_space();
        if (m_p != m_end) return false;
        copy_read();
        return true;
    }

    // The whole text is one object; its members' spans go to `members`.
    bool whole_object(std::vector<JsonMember>* members) {
        skip_space();
        if (!consume('{')) return false;
        skip_space();
        if (!consume('}')) {
            for (;;) {
                const char* key = m_p;
                if (!string()) return false;
                const char* key_end = m_p;
                skip_space();
                if (!consume(':')) return false;
                skip_space();
                const char* value_begin = m_p;
                if (!value(1)) return false;
                members->push_back({{key, static_cast<std::size_t>(key_end - key)},
                                    {value_begin, static_cast<std::size_t>(m_p - value_begin)}});
                skip_space();
                if (consume('}')) break;
                if (!consume(',')) return false;
                skip_space();
            }
        }
        skip_space();
        return m_p == m_end;
    }

private:
    char peek() const { return m_p == m_end ? '\0' : *m_p; }

    bool consume(char c) {
        if (peek() != c) return false;
        ++m_p;
        return true;
    }

    // Writes the text read since the last copy.
    void copy_read() {
        if (m_out != nullptr) m_out->append(m_copied, static_cast<std::size_t>(m_p - m_copied));
        m_copied = m_p;
    }

    void skip_space() {
        if (m_p == m_end || !is_space(*m_p)) return;
        copy_read();
        while (m_p != m_end && is_space(*m_p)) ++m_p;
        m_copied = m_p;
    }

    // After what was read: a space (after a key's colon).
    void put_space() {
        if (m_out == nullptr) return;
        copy_read();
        m_out->push_back(' ');
    }

    // After what was read: a line break and the indentation of `depth`.
    void put_new_line(int depth) {
        if (m_out == nullptr) return;
        copy_read();
        // "\n" and the spaces, from one constant while it is long enough.
        constexpr std::string_view k_break =
            "\n                                                                ";
        const std::size_t spaces = static_cast<std::size_t>(depth) * m_indent;
        const std::size_t from_break = std::min(spaces, k_break.size() - 1);
        m_out->append(k_break.data(), from_break + 1);
        if (spaces > from_break) m_out->append(spaces - from_break, ' ');
    }

    bool value(int depth) {
        switch (peek()) {
            case '{':
                return container(depth, '}');
            case '[':
                return container(depth, ']');
            case '"':
                return string();
            case 't':
                return literal("true");
            case 'f':
                return literal("false");
            case 'n':
                return literal("null");
            default:
                return number();
        }
    }

    // An object or an array, at its opening bracket: members or elements one a line.
    bool container(int depth, char close) {
        if (depth >= k_max_json_depth) return false;
        const bool object = close == '}';
        ++m_p;
        skip_space();
        if (consume(close)) return true;
        for (;;) {
            put_new_line(depth + 1);
            if (object) {
                if (!string()) return false;
                skip_space();
                if (!consume(':')) return false;
                put_space();
                skip_space();
            }
            if (!value(depth + 1)) return false;
            skip_space();
            if (peek() == close) break;
            if (!consume(',')) return false;
            skip_space();
        }
        put_new_line(depth);
        ++m_p;
        return true;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(m_end - m_p) < word.size() ||
            std::string_view(m_p, word.size()) != word) {
            return false;
        }
        m_p += word.size();
        return true;
    }

    void digits() {
        while (m_p != m_end && is_digit(*m_p)) ++m_p;
    }

    // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, and finite as a double: nlohmann
    // reads what is no int64 or uint64 as a double and refuses an overflow.
    bool number() {
        const char* begin = m_p;
        consume('-');
        const char* whole = m_p;
        if (!consume('0')) {
            if (!is_digit(peek())) return false;
            digits();
        }
        const auto whole_digits = m_p - whole;
        const char* fraction = m_p;
        if (consume('.')) {
            if (!is_digit(peek())) return false;
            fraction = m_p;
            digits();
        }
        long exponent = 0;
        if (consume('e') || consume('E')) {
            const bool negative = consume('-');
            if (!negative) consume('+');
            if (!is_digit(peek())) return false;
            for (; m_p != m_end && is_digit(*m_p); ++m_p) {
                exponent = std::min(exponent * 10 + (*m_p - '0'), 1'000'000L);
            }
            if (negative) exponent = -exponent;
        }
        // The power of ten of the first digit that is not zero: below 300, the value is
        // finite, whatever its digits.
        long magnitude = exponent;
        if (*whole != '0') {
            magnitude += whole_digits - 1;
        } else {
            const char* digit = fraction;
            while (digit != m_p && *digit == '0') ++digit;
            if (digit == m_p || !is_digit(*digit)) return true;  // zero
            magnitude -= digit - fraction + 1;
        }
        if (magnitude < 300) return true;
        double value = 0;
        const auto [end, error] = std::from_chars(begin, m_p, value);
        return error == std::errc() && end == m_p && std::isfinite(value);
    }

    // The four hexadecimal digits of a \u escape: their value, or -1.
    int escaped_unit() {
        if (m_end - m_p < 4) return -1;
        int unit = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hex_value(*m_p++);
            if (digit < 0) return -1;
            unit = unit * 16 + digit;
        }
        return unit;
    }

    // The escape after a backslash: one of JSON's; a \u surrogate only as a pair.
    bool escape() {
        if (m_p == m_end) return false;
        switch (*m_p++) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return true;
            case 'u': {
                const int unit = escaped_unit();
                if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
                if (unit < 0xD800 || unit > 0xDBFF) return true;
                if (!consume('\\') || !consume('u')) return false;
                const int low = escaped_unit();
                return low >= 0xDC00 && low <= 0xDFFF;
            }
            default:
                return false;
        }
    }

    // The rest of a UTF-8 sequence whose lead byte `lead` was just read (RFC 3629:
    // no overlong forms, no surrogates, nothing above U+10FFFF).
    bool utf8_tail(unsigned char lead) {
        const std::string_view rest(m_p - 1, static_cast<std::size_t>(m_end - m_p + 1));
        const std::size_t length = lead < 0x80 ? 0 : utf8_sequence_length(rest);
        if (length == 0) return false;
        m_p += length - 1;
        return true;
    }

    // A string, at its opening quote.
    bool string() {
        if (!consume('"')) return false;
        for (;;) {
            // Runs of plain ASCII are the common case (a local pointer: a char store
            // through m_out could alias the member).
            const char* p = m_p;
            while (p != m_end && plain_in_json_string(static_cast<unsigned char>(*p))) ++p;
            m_p = p;
            if (m_p == m_end) return false;
            const auto c = static_cast<unsigned char>(*m_p++);
            if (c == '"') return true;
            if (c == '\\') {
                if (!escape()) return false;
            } else if (c < 0x20 || !utf8_tail(c)) {
                return false;
            }
        }
    }

    const char* m_p;
    const char* m_end;
    const char* m_copied = nullptr;  // m_out has the text up to here
    std::string* m_out;
    std::size_t m_indent;
};

}  // namespace

std::size_t utf8_sequence_length(std::string_view text) {
    if (text.empty()) return 0;
    const auto lead = static_cast<unsigned char>(text[0]);
    if (lead < 0x80) return 1;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    std::size_t continuation = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation = 2;
        if (lead == 0xE0) low = 0xA0;  // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation = 3;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (text.size() <= continuation) return 0;
    for (std::size_t i = 1; i <= continuation; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < low || byte > high) return 0;
        low = 0x80;
        high = 0xBF;
    }
    return continuation + 1;
}

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = utf8_sequence_length(text.substr(at));
        if (length == 0) return at;
        at += length;
    }
    return std::nullopt;
}

std::optional<std::vector<JsonMember>> json_object_members(std::string_view text) {
    std::vector<JsonMember> members;
    Scanner scanner(text, nullptr, 0);
    if (!scanner.whole_object(&members)) return std::nullopt;
    return members;
}

std::optional<std::string> indent_json(std::string_view text, int indent) {
    std::string out;
    // Indented, a compact text grows by half to three quarters.
    out.reserve(text.size() * 2 + 16);
    Scanner scanner(text, &out, indent);
    if (!scanner.whole_value()) return std::nullopt;
    return out;
}

}  // namespace painlog::protocol
