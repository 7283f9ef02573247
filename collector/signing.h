#pragma once
// The collector's side of the signatures (docs/sync-protocol.md, "Signatures"): its own
// Ed25519 key, which signs every receipt file, and the kiosks' keys, which their USB exports
// must verify against.

#include "collector/store.h"

#include "base/crypto.h"
#include "base/result.h"

#include <optional>
#include <string>

namespace ruhr::collector {

/// The collector's signing key: made and stored with the database the first time (at `at`).
Result<SigningSecretKey> collector_signing_key(Store& store, const std::string& at);

/// The key registered for `kiosk_id`, parsed; nullopt when none is registered.
Result<std::optional<SigningPublicKey>> registered_kiosk_key(Store& store, const std::string& kiosk_id);

}  // namespace ruhr::collector
