// The manual page man/painlog.1 against the command table: every command has an
// entry under COMMANDS that starts with its full name, and names each of the
// command's options (--help and --json are described once, under OPTIONS).
#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <doctest/doctest.h>

#include "cli/commands.h"
#include "cli/completions.h"

namespace painlog::cli {
namespace {

// The page's source with font changes dropped and "\-" read as "-".
std::string page_text(const std::string& file) {
    std::ifstream in(file);
    REQUIRE_MESSAGE(in, "cannot read " << file);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "\\f") == 0 && i + 2 < text.size()) {
            i += 2;  // \fB, \fI, \fR, \fP
        } else if (text.compare(i, 2, "\\-") == 0) {
            plain += '-';
            ++i;
        } else {
            plain += text[i];
        }
    }
    return plain;
}

// The entry of `command` ("gear add"): from the line after a .TP that starts with
// "painlog COMMAND" to the next .TP, .SS or .SH; empty when there is none.
std::string entry(const std::string& page, const std::string& command) {
    const std::string start = ".TP\npainlog " + command;
    std::size_t at = page.find(start + " ");
    if (at == std::string::npos) at = page.find(start + "\n");
    if (at == std::string::npos) return {};
    std::size_t end = page.size();
    for (const char* next : {"\n.TP\n", "\n.SS ", "\n.SH "}) {
        end = std::min(end, page.find(next, at + start.size()));
    }
    return page.substr(at, end - at);
}

TEST_CASE("the manual page documents every command and option") {
    const std::string page = page_text(PAINLOG_SOURCE_DIR "/man/painlog.1");
    CommandLine command_line;
    for (const CompletionNode& node : completion_tree(command_line.app())) {
        if (node.path.empty() || !node.subcommands.empty()) continue;  // groups: their commands
        CAPTURE(node.path);
        const std::string text = entry(page, node.path);
        REQUIRE_FALSE(text.empty());
        for (const CompletionOption& option : node.options) {
            if (option.name == "--help" || option.name == "--json") continue;
            CAPTURE(option.name);
            CHECK(text.find(option.name) != std::string::npos);
        }
    }
}

}  // namespace
}  // namespace painlog::cli
