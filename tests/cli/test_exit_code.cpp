// The ErrorCode -> exit code map (PROTOCOL.md, Errors, column "CLI exit") and how
// failures are reported (cli/exit_code.h).
#include <sstream>

#include <doctest/doctest.h>

#include "cli/exit_code.h"

namespace painlog::cli {
namespace {

using protocol::ErrorCode;

TEST_CASE("every daemon error maps to the exit code PROTOCOL.md gives it") {
    struct Case {
        ErrorCode code;
        int exit;
    };
    for (const Case& c : {Case{ErrorCode::k_parse_error, 65}, Case{ErrorCode::k_invalid_request, 65},
                          Case{ErrorCode::k_method_not_found, 65},
                          Case{ErrorCode::k_invalid_params, 65},
                          Case{ErrorCode::k_internal_error, 70}, Case{ErrorCode::k_busy, 75},
                          Case{ErrorCode::k_conflict, 65}, Case{ErrorCode::k_not_found, 65},
                          Case{ErrorCode::k_storage_full, 74},
                          Case{ErrorCode::k_storage_error, 74}}) {
        CAPTURE(protocol::error_kind(c.code));
        CHECK(to_int(exit_code_for(c.code)) == c.exit);
    }
}

TEST_CASE("the named exit codes follow sysexits.h") {
    CHECK(to_int(ExitCode::k_ok) == 0);
    CHECK(to_int(ExitCode::k_usage) == 64);
    CHECK(to_int(ExitCode::k_data) == 65);
    CHECK(to_int(ExitCode::k_no_input) == 66);
    CHECK(to_int(ExitCode::k_unavailable) == 69);
    CHECK(to_int(ExitCode::k_software) == 70);
    CHECK(to_int(ExitCode::k_cant_create) == 73);
    CHECK(to_int(ExitCode::k_io) == 74);
    CHECK(to_int(ExitCode::k_temp_fail) == 75);
    CHECK(to_int(ExitCode::k_protocol) == 76);
}

TEST_CASE("failure_from keeps the daemon's message and adds an import row") {
    const protocol::Error plain = protocol::invalid_field("pain", "bad", "a whole number from 0 to 10");
    const Failure failure = failure_from(plain);
    CHECK(failure.code() == ExitCode::k_data);
    CHECK(std::string(failure.what()) == plain.message);

    protocol::Error with_row = plain;
    with_row.row = 7;
    CHECK(std::string(failure_from(with_row).what()) == "row 7: " + plain.message);
}

TEST_CASE("report_failure prints 'painlog: MESSAGE' and returns the failure's code") {
    std::ostringstream err;
    CHECK(report_failure(Failure(ExitCode::k_no_input, "cannot read 'x.csv'"), err) ==
          ExitCode::k_no_input);
    CHECK(err.str() == "painlog: cannot read 'x.csv'\n");

    std::ostringstream bug;
    CHECK(report_failure(std::runtime_error("oops"), bug) == ExitCode::k_software);
    CHECK(bug.str().rfind("painlog: internal error: oops", 0) == 0);
}

TEST_CASE("a failure's message shows control characters and is never cut at a NUL") {
    using namespace std::string_literals;
    const protocol::Error error{protocol::ErrorCode::k_invalid_params,
                                "header: '\xff\xfe" "d\0a\0t\0e\0' is not allowed; expected date, pain, ...\x1b[31m"s,
                                "header", "", "", {}};
    std::ostringstream err;
    CHECK(report_failure(failure_from(error), err) == ExitCode::k_data);
    CHECK(err.str() == "painlog: header: '\xff\xfe" "d\\x00a\\x00t\\x00e\\x00' is not allowed; expected date, "
                       "pain, ...\\x1b[31m\n");
    CHECK(std::string(Failure(ExitCode::k_data, "two\nlines\tand a tab\x7f").what()) ==
          "two\nlines\tand a tab\\x7f");
}

}  // namespace
}  // namespace painlog::cli
