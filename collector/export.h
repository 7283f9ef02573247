#pragma once
// Exports of every stored record for organizers: JSON Lines and a CSV that German Excel opens
// as it is (UTF-8 with BOM, ';', CRLF). Contact details are decrypted only when the caller
// passes the organizer's key, which only the command-line export does.

#include "collector/store.h"

#include "base/crypto.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace ruhr::collector {

enum class ExportFormat { Jsonl, Csv };

/// "jsonl" or "csv".
std::optional<ExportFormat> parse_export_format(std::string_view name);

/// The organizer's key pair, read from a secret key file.
struct OrganizerKey {
    PublicKey pk{};
    SecretKey sk{};
};

/// Reads a secret key file: either the base64 key alone, or the output of
/// `ruhr-kiosk --make-organizer-keys` (a `secret_key = "..."` line; a `public_key` line in the
/// same file must belong to it).
Result<OrganizerKey> parse_organizer_key_file(std::string_view text);

struct ExportSummary {
    std::int64_t records = 0;
    std::int64_t contacts = 0;  // records with sealed contact data
    std::int64_t contacts_opened = 0;
    std::vector<std::string> unopened;  // ids whose contact data did not open with the key
};

/// Writes every stored record to `out`, oldest first. With `key`, contact data is decrypted
/// into extra columns (CSV) or a "contact" object (JSONL).
Result<ExportSummary> write_export(Store& store, ExportFormat format, std::ostream& out,
                                   const OrganizerKey* key = nullptr);

/// One CSV field: quoted when it holds ';', '"', CR or LF (quotes doubled); a leading
/// '=', '+', '-', '@', TAB or CR gets a "'" in front so that a spreadsheet shows the text
/// instead of running it as a formula.
std::string csv_field(std::string_view value);

}  // namespace ruhr::collector
