#include "base/crypto.h"

#include <sodium.h>

#include <vector>

namespace ruhr {

bool crypto_init() { return sodium_init() >= 0; }

std::string sha256_hex(std::string_view data) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
    return hex;
}

struct Sha256::State {
    crypto_hash_sha256_state hash;
};

Sha256::Sha256() : m_state(std::make_unique<State>()) { crypto_hash_sha256_init(&m_state->hash); }
Sha256::~Sha256() = default;

void Sha256::update(std::string_view piece) {
    crypto_hash_sha256_update(&m_state->hash, reinterpret_cast<const unsigned char*>(piece.data()), piece.size());
}

std::string Sha256::hex_digest() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&m_state->hash, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
    return hex;
}

std::string to_base64(const std::uint8_t* data, std::size_t size) {
    std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL
    return out;
}

Result<std::string> from_base64(std::string_view text) {
    std::string out(text.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), " \n\r\t",
                          &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return Error{"not valid base64"};
    out.resize(len);
    return out;
}

namespace {
template <class Key>
Result<Key> parse_key(std::string_view base64, const char* what) {
    auto bytes = from_base64(base64);
    if (!bytes) return Error{std::string(what) + " is not valid base64"};
    if (bytes->size() != std::tuple_size_v<Key>)
        return Error{std::string(what) + " must be " + std::to_string(std::tuple_size_v<Key>) + " bytes, it is " +
                     std::to_string(bytes->size())};
    Key k{};
    std::copy(bytes->begin(), bytes->end(), k.begin());
    return k;
}
}  // namespace

Result<PublicKey> parse_public_key(std::string_view base64) { return parse_key<PublicKey>(base64, "public key"); }
Result<SecretKey> parse_secret_key(std::string_view base64) { return parse_key<SecretKey>(base64, "secret key"); }

PublicKey public_key_of(const SecretKey& sk) {
    PublicKey pk{};
    crypto_scalarmult_base(pk.data(), sk.data());
    return pk;
}

std::pair<PublicKey, SecretKey> make_keypair() {
    std::pair<PublicKey, SecretKey> kp;
    crypto_box_keypair(kp.first.data(), kp.second.data());
    return kp;
}

std::string seal_to(std::string_view plaintext, const PublicKey& recipient) {
    std::vector<unsigned char> box(plaintext.size() + crypto_box_SEALBYTES);
    crypto_box_seal(box.data(), reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                    recipient.data());
    return to_base64(box.data(), box.size());
}

Result<std::string> open_sealed(std::string_view base64, const PublicKey& pk, const SecretKey& sk) {
    auto box = from_base64(base64);
    if (!box) return box.error();
    if (box->size() < crypto_box_SEALBYTES) return Error{"sealed box is too short"};
    std::string out(box->size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(out.data()),
                             reinterpret_cast<const unsigned char*>(box->data()), box->size(), pk.data(),
                             sk.data()) != 0)
        return Error{"the sealed box does not open with this key pair"};
    return out;
}

Result<std::string> hash_pin(std::string_view pin) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error{"not enough memory to hash the PIN"};
    return std::string(out);
}

bool verify_pin(const std::string& hash, std::string_view pin) {
    if (!is_pin_hash(hash)) return false;
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

bool is_pin_hash(std::string_view hash) {
    return hash.rfind("$argon2id$", 0) == 0 && hash.size() < crypto_pwhash_STRBYTES;
}

// Ed25519ph (libsodium's multi-part crypto_sign_init/update/final): a signature over data
// that is streamed, so a receipt file or an export is checked without holding it whole.
struct SignatureStream::State {
    crypto_sign_state state;
};

SignatureStream::SignatureStream() : m_state(std::make_unique<State>()) { crypto_sign_init(&m_state->state); }
SignatureStream::~SignatureStream() = default;

void SignatureStream::update(std::string_view piece) {
    crypto_sign_update(&m_state->state, reinterpret_cast<const unsigned char*>(piece.data()), piece.size());
}

std::string SignatureStream::sign(const SigningSecretKey& sk) {
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_final_create(&m_state->state, sig, nullptr, sk.data());
    return to_base64(sig, sizeof sig);
}

bool SignatureStream::verify(std::string_view signature_base64, const SigningPublicKey& pk) {
    auto sig = from_base64(signature_base64);
    if (!sig || sig->size() != crypto_sign_BYTES) return false;
    return crypto_sign_final_verify(&m_state->state, reinterpret_cast<unsigned char*>(sig->data()), pk.data()) == 0;
}

std::string sign_detached(std::string_view data, const SigningSecretKey& sk) {
    SignatureStream s;
    s.update(data);
    return s.sign(sk);
}

bool verify_detached(std::string_view data, std::string_view signature_base64, const SigningPublicKey& pk) {
    SignatureStream s;
    s.update(data);
    return s.verify(signature_base64, pk);
}

std::pair<SigningPublicKey, SigningSecretKey> make_signing_keypair() {
    std::pair<SigningPublicKey, SigningSecretKey> kp;
    crypto_sign_keypair(kp.first.data(), kp.second.data());
    return kp;
}

SigningPublicKey signing_public_key_of(const SigningSecretKey& sk) {
    SigningPublicKey pk{};
    crypto_sign_ed25519_sk_to_pk(pk.data(), sk.data());
    return pk;
}

Result<SigningPublicKey> parse_signing_public_key(std::string_view base64) {
    return parse_key<SigningPublicKey>(base64, "signing public key");
}

std::string key_fingerprint(const SigningPublicKey& pk) {
    const std::string hex = sha256_hex(std::string_view(reinterpret_cast<const char*>(pk.data()), pk.size()));
    return hex.substr(0, 4) + " " + hex.substr(4, 4) + " " + hex.substr(8, 4) + " " + hex.substr(12, 4);
}

Result<SigningSecretKey> parse_signing_secret_key(std::string_view base64) {
    return parse_key<SigningSecretKey>(base64, "signing secret key");
}

}  // namespace ruhr
