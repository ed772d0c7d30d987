#include "daemon/csv.h"

namespace painlog::daemon {

protocol::Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
    std::vector<CsvRecord> records;
    CsvRecord record;
    std::string field;
    bool quoted = false;       // inside a quoted field
    bool was_quoted = false;   // the current field was quoted
    bool at_field_start = true;
    long line = 1;
    const auto end_field = [&] {
        record.push_back(std::move(field));
        field.clear();
        was_quoted = false;
        at_field_start = true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.push_back('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++line;
                field.push_back(c);
            }
            continue;
        }
        if (c == '"') {
            if (!at_field_start) {
                return protocol::make_error(protocol::ErrorCode::k_invalid_params,
                                            "csv line " + std::to_string(line) +
                                                ": a quote inside an unquoted field; quote "
                                                "the whole field and double the quote");
            }
            quoted = true;
            was_quoted = true;
            at_field_start = false;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            end_field();
            if (!(record.size() == 1 && record.front().empty())) records.push_back(record);
            record.clear();
            ++line;
        } else {
            if (was_quoted) {
                return protocol::make_error(protocol::ErrorCode::k_invalid_params,
                                            "csv line " + std::to_string(line) +
                                                ": text after the closing quote of a field");
            }
            field.push_back(c);
            at_field_start = false;
        }
    }
    if (quoted) {
        return protocol::make_error(protocol::ErrorCode::k_invalid_params,
                                    "csv line " + std::to_string(line) +
                                        ": a quoted field is not closed");
    }
    if (!at_field_start || !record.empty()) {
        end_field();
        if (!(record.size() == 1 && record.front().empty())) records.push_back(record);
    }
    return records;
}

void append_csv_record(std::string& out, const CsvRecord& record) {
    for (std::size_t i = 0; i < record.size(); ++i) {
        if (i > 0) out.push_back(',');
        const std::string& field = record[i];
        if (field.find_first_of(",\"\r\n") == std::string::npos) {
            out += field;
            continue;
        }
        out.push_back('"');
        for (const char c : field) {
            if (c == '"') out.push_back('"');
            out.push_back(c);
        }
        out.push_back('"');
    }
    out.push_back('\n');
}

}  // namespace painlog::daemon
