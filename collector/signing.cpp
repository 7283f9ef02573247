#include "collector/signing.h"

namespace ruhr::collector {

Result<SigningSecretKey> collector_signing_key(Store& store, const std::string& at) {
    const auto fresh = make_signing_keypair();
    auto stored = store.signing_key(to_base64(fresh.second.data(), fresh.second.size()), at);
    if (!stored) return stored.error();
    auto key = parse_signing_secret_key(*stored);
    if (!key) return Error{ErrorKind::Damaged, "the collector's signing key is damaged: " + key.error().message};
    return *key;
}

Result<std::optional<SigningPublicKey>> registered_kiosk_key(Store& store, const std::string& kiosk_id) {
    auto text = store.kiosk_key(kiosk_id);
    if (!text) return text.error();
    if (!*text) return std::optional<SigningPublicKey>();
    auto key = parse_signing_public_key(**text);
    if (!key) return Error{ErrorKind::Damaged, "the key registered for kiosk \"" + kiosk_id + "\" is damaged"};
    return std::optional<SigningPublicKey>(*key);
}

}  // namespace ruhr::collector
