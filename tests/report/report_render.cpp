// report_render: renders a REPORT (protocol/PROTOCOL.md) with painlog_report, for the
// Chromium check and for anyone who wants to look at a rendering without painlogd.
//   report_render FORMAT [INPUT [OUTPUT]]   FORMAT: text, text-colour, markdown, html, json
// INPUT and OUTPUT default to standard input and output ("-" names them too).
// Exit codes: 0 done, 64 usage, 65 the input is not JSON, 66 INPUT cannot be read,
// 73 OUTPUT cannot be written.
#include "report/render.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

constexpr int k_usage = 64;
constexpr int k_data_error = 65;
constexpr int k_no_input = 66;
constexpr int k_cannot_create = 73;

std::string render(std::string_view format, const nlohmann::json& report, bool& known) {
    known = true;
    if (format == "text")
        return painlog::report::render_text(report, {});
    if (format == "text-colour")
        return painlog::report::render_text(report, {.colour = true, .width = 80});
    if (format == "markdown")
        return painlog::report::render_markdown(report);
    if (format == "html")
        return painlog::report::render_html(report);
    if (format == "json")
        return report.dump(2) + '\n';
    known = false;
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 4) {
        std::cerr << "usage: report_render text|text-colour|markdown|html|json [INPUT [OUTPUT]]\n";
        return k_usage;
    }
    const std::string input_path = argc > 2 ? argv[2] : "-";
    const std::string output_path = argc > 3 ? argv[3] : "-";
    std::ifstream file;
    if (input_path != "-") {
        file.open(input_path);
        if (!file) {
            std::cerr << "report_render: cannot read " << input_path << "\n";
            return k_no_input;
        }
    }
    std::istream& in = input_path == "-" ? std::cin : file;
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const nlohmann::json report = nlohmann::json::parse(text, nullptr, false);
    if (report.is_discarded()) {
        std::cerr << "report_render: " << input_path << " is not JSON\n";
        return k_data_error;
    }
    bool known = false;
    const std::string document = render(argv[1], report, known);
    if (!known) {
        std::cerr << "report_render: unknown format " << argv[1]
                  << " (text, text-colour, markdown, html, json)\n";
        return k_usage;
    }
    if (output_path == "-") {
        std::cout << document;
        return std::cout.flush() ? 0 : k_cannot_create;
    }
    std::ofstream out(output_path, std::ios::binary);
    out << document;
    out.close();
    if (!out) {
        std::cerr << "report_render: cannot write " << output_path << "\n";
        return k_cannot_create;
    }
    return 0;
}
