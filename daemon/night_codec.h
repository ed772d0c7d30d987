// Nights on the wire: a night object (PROTOCOL.md, Values) checked field by field
// into NightFields, and a stored Night back into its JSON form. Checks types,
// ranges and names of the fixed vocabularies; the journal checks the rest (gear,
// factors, routines). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "daemon/night.h"
#include "protocol/result.h"

namespace painlog::daemon {

// The fields of `object` (a JSON object). A "date" key is skipped when
// `date_allowed` (the caller reads it), and an error otherwise. Unknown keys,
// wrong types and out-of-range values are invalid_params errors naming the field.
[[nodiscard]] protocol::Result<NightFields> parse_night_fields(const nlohmann::json& object,
                                                               bool date_allowed);

// The JSON form of a stored night; every key present, absent values null.
[[nodiscard]] nlohmann::json night_to_json(const Night& night);

// Appends night_to_json(night).dump() to `out` (as protocol::encode_line writes it:
// keys in order, invalid UTF-8 replaced), written directly rather than through a JSON
// tree: night.list serves many nights, and the tree's allocations were most of its
// time.
void append_night_json(std::string& out, const Night& night);

// The JSON form of a stored factor value.
[[nodiscard]] nlohmann::json factor_value_to_json(const FactorValue& value);

// The shortest text that reads back as `value` ("24", "7.5"), for messages and csv.
[[nodiscard]] std::string format_number(double value);

// A JSON value as the user would have written it, for error messages.
[[nodiscard]] std::string describe_json(const nlohmann::json& value);

// Checks one integer field (e.g. "pain", 0..10); the helper shared by the codec,
// the journal and the importer.
[[nodiscard]] protocol::Result<int> parse_int_field(std::string_view field,
                                                    const nlohmann::json& value, int min,
                                                    int max);

// Checks one number field (e.g. "sleep_hours", 0..24); finite numbers only.
[[nodiscard]] protocol::Result<double> parse_number_field(std::string_view field,
                                                          const nlohmann::json& value,
                                                          double min, double max);

}  // namespace painlog::daemon
