// painlog report: the weekly report (report.build) as text, markdown, json or html,
// to the terminal or a file; --list the reports painlogd wrote (report.list);
// --write last week's (report.write).
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"
#include "report/render.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct ReportOptions {
    std::string week = "last";
    std::string window = "90d";
    std::string format = "text";
    std::optional<std::string> out;
    bool list = false;
    bool write = false;
    bool force = false;
};

void run_list(Context& context) {
    const json result = call(context, protocol::method::k_report_list);
    const json& reports = field(result, "reports");
    if (!reports.is_array() || reports.empty()) {
        context.out << "No weekly reports written yet in " << value_text(field(result, "directory"))
                    << ". painlogd writes last week's every Monday at 08:00 (painlog config set "
                       "report.weekly_at); 'painlog report --write' writes one now.\n";
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& report : reports) {
        rows.push_back({value_text(field(report, "week")), value_text(field(report, "html")),
                        field(report, "markdown").is_string() ? "md too" : ""});
    }
    context.out << table_text({{"WEEK", 8}, {"HTML", 60}, {"", 0}}, rows);
}

void run_write(const ReportOptions& options, Context& context) {
    const json result = call(context, protocol::method::k_report_write,
                             {{"week", options.week}, {"force", options.force}});
    for (const auto& file : field(result, "files")) {
        context.out << (field(file, "written") == true ? "Wrote " : "Kept (written before; --force rewrites) ")
                    << value_text(field(file, "path")) << '\n';
    }
}

std::string render(const ReportOptions& options, const json& report) {
    if (options.format == "json") return report.dump(2) + "\n";
    const bool terminal = !options.out && ::isatty(STDOUT_FILENO) == 1;
    return report::render_text(
        report, report::TextStyle{report::colour_wanted(terminal, std::getenv("NO_COLOR"), std::getenv("TERM")),
                                  80});
}

// The page of a rendered report's result, moved out of it (a page of a long window is
// hundreds of kilobytes); value_text() of anything else.
std::string take_page(json& result) {
    if (result.is_object()) {
        const auto text = result.find("text");
        if (text != result.end() && text->is_string()) return std::move(text->get_ref<std::string&>());
    }
    return value_text(field(result, "text"));
}

}  // namespace

Handler define_report(CLI::App& command) {
    auto options = std::make_shared<ReportOptions>();
    command.add_option("--week", options->week, "An ISO week such as 2026-W47, this or last")
        ->type_name("WEEK")
        ->capture_default_str();
    command.add_option("--window", options->window, "The analysis window: 90d, 365d ... or all")
        ->type_name("DAYS")
        ->capture_default_str();
    command.add_option("--format", options->format, "text, markdown, json or html")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "markdown", "json", "html"}))
        ->capture_default_str();
    add_text_option(command, "--out", options->out, "Write to this file instead of the terminal", "FILE");
    command.add_flag("--list", options->list, "List the weekly reports painlogd has written");
    command.add_flag("--write", options->write,
                     "Write the week's report (HTML and markdown) to the reports directory");
    command.add_flag("--force", options->force, "With --write: rewrite a week written before");
    return [options](Context& context) {
        if (options->list) return run_list(context);
        if (options->write) return run_write(*options, context);
        json params{{"week", options->week}, {"window", options->window}};
        // painlogd renders HTML and markdown itself (as for the files it writes); text
        // and json are made here from the REPORT.
        const bool rendered = options->format == "html" || options->format == "markdown";
        if (rendered) params["format"] = options->format;
        json result = call(context, protocol::method::k_report_build, params);
        const std::string text = rendered ? take_page(result) : render(*options, result);
        if (options->out) {
            write_file_atomically(*options->out, text);
            const json& week = rendered ? field(result, "week") : field(field(result, "week"), "id");
            context.err << "Wrote the report for " << value_text(week) << " to " << *options->out << '\n';
            return;
        }
        context.out << text;
    };
}

}  // namespace painlog::cli
