#pragma once
// The collector's database schema, written once for both stores. SQLite and PostgreSQL read the
// same text; only the few words where the two dialects differ (an auto-numbered key, a 64-bit
// integer) are filled in per store. Never edit a shipped step: add a new one and raise
// schema_version (collector/store.h).

#include <string>
#include <vector>

namespace ruhr::collector {

enum class SqlDialect { Sqlite, Postgres };

/// The migration steps, version 1 first: step i takes a database from version i to i + 1.
/// There are exactly schema_version of them.
std::vector<std::string> schema_steps(SqlDialect dialect);

/// The columns of a stored record, in the order INSERT writes them and the export selects them.
inline constexpr const char* record_columns =
    "id, seq, kind, kiosk_id, visit_id, pack_id, pack_version, created_at, payload, payload_sha256, received_at, "
    "item, stars, replaces, forum, forums, idea_text, contact_sealed";

}  // namespace ruhr::collector
