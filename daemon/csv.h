// RFC 4180 CSV: records of fields, quoted when they hold a comma, quote or line
// break; CRLF or LF line ends. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.h"

namespace painlog::daemon {

using CsvRecord = std::vector<std::string>;

// All records of `text`. A trailing empty line is not a record. An unterminated
// quote or a quote inside an unquoted field is an error naming the line.
[[nodiscard]] protocol::Result<std::vector<CsvRecord>> parse_csv(std::string_view text);

// Appends one record, quoting fields as needed, ended by "\n".
void append_csv_record(std::string& out, const CsvRecord& record);

}  // namespace painlog::daemon
