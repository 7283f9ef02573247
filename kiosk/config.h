#pragma once
// The kiosk's configuration file (TOML), documented in docs/configuration.md.

#include "base/crypto.h"
#include "base/result.h"
#include "kiosk/retention.h"
#include "kiosk/sync.h"
#include "packs/pack_verify.h"

#include <optional>
#include <string>
#include <vector>

namespace ruhr {

/// Settings read from the configuration file; every field is optional there.
struct FileConfig {
    std::string kiosk_id;                           // [kiosk] id
    std::string data_dir;                           // [kiosk] data_dir
    std::string default_language;                   // [kiosk] default_language
    std::optional<double> idle_timeout;             // [idle] timeout_seconds
    std::optional<double> idle_countdown;           // [idle] countdown_seconds
    std::optional<PublicKey> organizer_key;         // [organizer] public_key (base64)
    SyncSettings collector;                         // [collector] url, token, ... (no url: no sync)
    std::optional<SigningPublicKey> collector_key;  // [collector] public_key: signs receipts (base64 Ed25519)
    RetentionSettings retention;                    // [outbox] delete_delivered_after_days
    std::string staff_pin_hash;                     // [staff] pin_hash (Argon2id); empty: no staff mode
    std::vector<PackPublicKey> trusted_keys;        // [content] trusted_keys (base64 Ed25519)
    bool allow_unsigned = false;                    // [content] allow_unsigned (development only)
    bool large_text = false;                        // [accessibility] large_text: each visit starts with it
    bool high_contrast = false;                     // [accessibility] high_contrast
    bool low_reach = false;                         // [accessibility] low_reach
    std::vector<std::string> warnings;              // not fatal (for example a token readable by all)
};

/// Reads `path`. Every problem names the key ("organizer.public_key: must be 32 bytes ...").
Result<FileConfig> load_config_file(const std::string& path);

/// Where data goes when neither the command line nor the file says: $XDG_DATA_HOME/ruhr-kiosk,
/// else ~/.local/share/ruhr-kiosk.
std::string default_data_dir();

}  // namespace ruhr
