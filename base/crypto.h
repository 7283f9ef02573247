#pragma once
// Hashes and encryption with libsodium: SHA-256 of canonical payloads, and sealed boxes that
// encrypt visitors' contact data to the organizer's public key (only the organizer's secret
// key opens them).

#include "base/result.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace ruhr {

using PublicKey = std::array<std::uint8_t, 32>;
using SecretKey = std::array<std::uint8_t, 32>;

/// Initializes libsodium (safe to call more than once); false when it cannot start.
bool crypto_init();
/// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view data);
/// SHA-256 of data that arrives in pieces (a file streamed from a stick), never held whole.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(std::string_view piece);
    /// Lower-case hex of everything passed to update(); call once.
    std::string hex_digest();

private:
    struct State;
    std::unique_ptr<State> m_state;
};
/// Standard base64 with padding.
std::string to_base64(const std::uint8_t* data, std::size_t size);
Result<std::string> from_base64(std::string_view text);
/// A 32-byte X25519 key written in base64.
Result<PublicKey> parse_public_key(std::string_view base64);
Result<SecretKey> parse_secret_key(std::string_view base64);
/// The public key that belongs to an X25519 secret key (the collector's export reads only
/// the secret key and derives the public one, which opening a sealed box also needs).
PublicKey public_key_of(const SecretKey& sk);
/// A new X25519 key pair for sealed boxes (the organizer's).
std::pair<PublicKey, SecretKey> make_keypair();
/// Encrypts `plaintext` to `recipient` as a sealed box, base64-encoded.
std::string seal_to(std::string_view plaintext, const PublicKey& recipient);
/// The staff PIN as an Argon2id hash string ("$argon2id$v=19$m=...") for the configuration.
/// Slow on purpose (about 0.1-0.5 s and 64 MiB): guessing offline is expensive.
Result<std::string> hash_pin(std::string_view pin);
/// True when `pin` matches `hash` (made by hash_pin). As slow as hash_pin; call it off the
/// UI thread.
bool verify_pin(const std::string& hash, std::string_view pin);
/// Whether `hash` looks like an Argon2id hash string libsodium can verify.
bool is_pin_hash(std::string_view hash);
/// Opens a sealed box made by seal_to.
Result<std::string> open_sealed(std::string_view base64, const PublicKey& pk, const SecretKey& sk);

/// Ed25519 signatures: each kiosk signs its USB exports, the collector signs its receipts
/// (docs/sync-protocol.md, "Signatures"). Keys and signatures travel as standard base64.
using SigningPublicKey = std::array<std::uint8_t, 32>;
using SigningSecretKey = std::array<std::uint8_t, 64>;

/// A signature (Ed25519ph) over data passed in pieces: a file is signed or checked while it is
/// streamed, never held whole.
class SignatureStream {
public:
    SignatureStream();
    ~SignatureStream();
    SignatureStream(const SignatureStream&) = delete;
    SignatureStream& operator=(const SignatureStream&) = delete;
    void update(std::string_view piece);
    /// The signature over everything passed to update(), base64; call sign or verify once.
    std::string sign(const SigningSecretKey& sk);
    /// True when `signature_base64` is `pk`'s signature over everything passed to update();
    /// whitespace in it (the line end of a .sig file) is skipped, as from_base64 does.
    bool verify(std::string_view signature_base64, const SigningPublicKey& pk);

private:
    struct State;
    std::unique_ptr<State> m_state;
};
/// SignatureStream over one piece.
std::string sign_detached(std::string_view data, const SigningSecretKey& sk);
bool verify_detached(std::string_view data, std::string_view signature_base64, const SigningPublicKey& pk);
std::pair<SigningPublicKey, SigningSecretKey> make_signing_keypair();
SigningPublicKey signing_public_key_of(const SigningSecretKey& sk);
Result<SigningPublicKey> parse_signing_public_key(std::string_view base64);
/// A short form of a public key for people to compare by eye (base64 mixes up I and l): the
/// first 16 hex digits of its SHA-256 in groups of four, "3f2a 9c01 77de 0b41".
std::string key_fingerprint(const SigningPublicKey& pk);
Result<SigningSecretKey> parse_signing_secret_key(std::string_view base64);

}  // namespace ruhr
