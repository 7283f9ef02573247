#include "packs/pack_verify.h"

#include "base/crypto.h"
#include "base/folder.h"
#include "base/utf8.h"

#include <sodium.h>
#include <stb_image.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <limits>
#include <map>
#include <set>

namespace ruhr {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string k_manifest(k_manifest_file);
const std::string k_sig(k_signature_file);

// Signatures are made over this prefix followed by the exact bytes of manifest.json, so a
// pack signature can never be taken for a signature over anything else made with the same
// key, nor the other way round.
constexpr std::string_view k_signature_context = "ruhr-kiosk content pack manifest 1\n";

// How many directory entries a walk looks at before giving up: a stick with a million
// files must not keep the kiosk busy.
constexpr std::size_t k_walk_slack = 64;

// A file name from the folder as it may appear in a message: names are bytes, and control
// characters or broken UTF-8 must not reach a terminal or the staff screen as they are.
std::string shown(const std::string& name) {
    const bool utf8 = !find_invalid_utf8(name).has_value();
    std::string out = name;
    for (char& ch : out) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x20 || b == 0x7F || (!utf8 && b >= 0x80)) ch = '?';
    }
    return out;
}

std::string signed_message(std::string_view manifest_bytes) {
    std::string msg(k_signature_context);
    msg.append(manifest_bytes);
    return msg;
}

bool sodium_ready() { return crypto_init(); }

// Files that desktop systems leave on USB sticks on their own (Finder's .DS_Store and
// ._ AppleDouble files, Explorer's Thumbs.db and desktop.ini). They are never listed and
// never copied, so they are skipped instead of making every pack from a Mac unusable.
bool is_clutter(const std::string& name) {
    return name == ".DS_Store" || name == "Thumbs.db" || name == "desktop.ini" || name.starts_with("._");
}

const char* special_kind(fs::file_type t) {
    switch (t) {
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::fifo: return "a named pipe (fifo)";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
    }
}

// The regular files below `dir` (relative, '/'-separated, sorted), without manifest.json,
// manifest.sig and clutter. Symbolic links and special files anywhere are refused, also
// where they would be skipped: a pack that holds one was not made by the pack tool.
// `dir` is a real folder, not a link to one: where a pack must be.
Status check_pack_folder(const fs::path& dir) {
    std::error_code ec;
    const auto st = fs::symlink_status(dir, ec);
    if (ec || st.type() == fs::file_type::not_found)
        return Error{ErrorKind::NotFound, dir.string() + ": does not exist"};
    if (st.type() == fs::file_type::symlink) return Error{dir.string() + ": is a symbolic link, not a pack folder"};
    if (st.type() != fs::file_type::directory) return Error{dir.string() + ": is not a folder"};
    return ok_status();
}

Result<std::vector<std::string>> walk_pack(const fs::path& dir, const PackLimits& limits) {
    if (auto folder = check_pack_folder(dir); !folder) return folder.error();
    std::error_code ec;

    std::vector<std::string> files;
    std::size_t entries = 0;
    fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
    if (ec) return Error{errno_kind(ec.value()), dir.string() + ": cannot be read: " + ec.message()};
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return Error{errno_kind(ec.value()), dir.string() + ": cannot be read: " + ec.message()};
        if (++entries > limits.max_files + k_walk_slack)
            return Error{dir.string() + ": holds more than " + std::to_string(limits.max_files + k_walk_slack) +
                         " files and folders; a pack may list " + std::to_string(limits.max_files)};
        const fs::path& p = it->path();
        const std::string rel = p.lexically_relative(dir).generic_string();
        const std::string name = shown(rel);
        const auto type = it->symlink_status(ec).type();
        if (ec) return Error{name + ": cannot be read: " + ec.message()};
        if (type == fs::file_type::symlink) return Error{name + ": is a symbolic link; a pack may not hold any"};
        if (type == fs::file_type::directory) continue;
        if (type != fs::file_type::regular)
            return Error{name + ": is " + std::string(special_kind(type)) + ", not a regular file"};
        if (rel == k_manifest || rel == k_sig || is_clutter(p.filename().string())) continue;
        files.push_back(rel);
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Reads a file of at most `max_bytes`; one byte more is read so growth is noticed.
Result<std::string> read_limited(const fs::path& path, const std::string& rel, std::uint64_t max_bytes) {
    std::error_code ec;
    const auto st = fs::symlink_status(path, ec);
    if (ec || st.type() == fs::file_type::not_found) return Error{ErrorKind::NotFound, rel + ": missing"};
    if (st.type() == fs::file_type::symlink) return Error{rel + ": is a symbolic link; a pack may not hold any"};
    if (st.type() != fs::file_type::regular)
        return Error{rel + ": is " + std::string(special_kind(st.type())) + ", not a regular file"};
    const auto size = fs::file_size(path, ec);
    if (ec) return Error{rel + ": cannot read its size: " + ec.message()};
    if (size > max_bytes)
        return Error{rel + ": is " + std::to_string(size) + " bytes, the limit is " + std::to_string(max_bytes)};
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{ErrorKind::Io, rel + ": cannot be opened"};
    std::string bytes(static_cast<std::size_t>(size) + 1, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (in.bad()) return Error{ErrorKind::Io, rel + ": cannot be read"};
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_bytes)
        return Error{rel + ": grew while it was read, past the limit of " + std::to_string(max_bytes) + " bytes"};
    return bytes;
}

bool has_extension(const std::string& path, std::initializer_list<std::string_view> exts) {
    return std::any_of(exts.begin(), exts.end(), [&](std::string_view e) { return path.ends_with(e); });
}

constexpr std::string_view k_png_magic("\x89PNG\r\n\x1a\n", 8);
constexpr std::string_view k_jpeg_magic("\xff\xd8\xff", 3);
// The IEND chunk: length 0, type, and its fixed CRC.
constexpr std::string_view k_png_end("\0\0\0\0IEND\xae\x42\x60\x82", 12);
constexpr std::string_view k_jpeg_end("\xff\xd9", 2);

std::string_view kind_of(std::string_view bytes) {
    if (bytes.starts_with(k_png_magic)) return "a PNG image";
    if (bytes.starts_with(k_jpeg_magic)) return "a JPEG image";
    return "not a PNG or JPEG image";
}

std::uint32_t be16(std::string_view b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) | static_cast<unsigned char>(b[at + 1]);
}
std::uint32_t be32(std::string_view b, std::size_t at) { return (be16(b, at) << 16) | be16(b, at + 2); }

struct Size {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};

// The size an image's header declares, read here rather than by stb_image: stb refuses very
// large images with a generic error, and the pixel limit must name the size it refused.
std::optional<Size> declared_size(std::string_view b, bool png) {
    if (png) {
        // Signature, then the IHDR chunk: length, "IHDR", width, height.
        if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
        return Size{be32(b, 16), be32(b, 20)};
    }
    // JPEG: walk the marker segments up to the first start-of-frame (SOF0-SOF15 except DHT,
    // JPG and DAC), whose payload holds precision, height and width.
    std::size_t pos = 2;
    while (pos < b.size()) {
        if (static_cast<unsigned char>(b[pos]) != 0xFF) return std::nullopt;
        while (pos < b.size() && static_cast<unsigned char>(b[pos]) == 0xFF) ++pos;  // fill bytes
        if (pos >= b.size()) return std::nullopt;
        const auto marker = static_cast<unsigned char>(b[pos++]);
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) continue;  // no payload
        if (marker == 0xD9 || marker == 0xDA || pos + 2 > b.size()) return std::nullopt;
        const std::uint32_t len = be16(b, pos);
        if (len < 2) return std::nullopt;
        if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
            if (len < 7 || pos + 7 > b.size()) return std::nullopt;
            return Size{be16(b, pos + 5), be16(b, pos + 3)};
        }
        pos += len;
    }
    return std::nullopt;
}

std::string stb_reason() {
    const char* why = stbi_failure_reason();
    return why && *why ? std::string(" (") + why + ")" : std::string();
}

// Checks an image before the content loader sees it: the type matches the name, the
// declared size is within the pixel limit before anything is decoded (a small file that
// declares a huge image, a decompression bomb, is never expanded), the file ends where the
// format ends, and the whole image decodes.
std::optional<std::string> check_image(const std::string& rel, std::string_view bytes, const PackLimits& limits) {
    const bool png = has_extension(rel, {".png"});
    const std::string_view magic = png ? k_png_magic : k_jpeg_magic;
    if (!bytes.starts_with(magic))
        return rel + ": is named " + rel.substr(rel.rfind('.')) + " but is " + std::string(kind_of(bytes));
    const auto size = declared_size(bytes, png);
    if (!size) return rel + ": image header cannot be read (no image size in it)";
    const auto pixels = static_cast<std::uint64_t>(size->width) * size->height;
    if (pixels > limits.image_pixels)
        return rel + ": image is " + std::to_string(size->width) + "x" + std::to_string(size->height) +
               " pixels, the limit is " + std::to_string(limits.image_pixels) + " pixels";
    // stb_image fills a JPEG that ends early with grey and may accept a PNG without its end
    // chunk, so the end of the file is checked on its own.
    if (!bytes.ends_with(png ? k_png_end : k_jpeg_end))
        return rel + ": image is truncated (it does not end with the " +
               std::string(png ? "PNG IEND chunk" : "JPEG end marker") + ")";
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return rel + ": is too large to decode";
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int len = static_cast<int>(bytes.size());
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(data, len, &w, &h, &comp)) return rel + ": image header cannot be read" + stb_reason();
    if (static_cast<std::uint64_t>(w) * static_cast<std::uint64_t>(h) > limits.image_pixels)
        return rel + ": image is " + std::to_string(w) + "x" + std::to_string(h) + " pixels, the limit is " +
               std::to_string(limits.image_pixels) + " pixels";
    stbi_uc* px = stbi_load_from_memory(data, len, &w, &h, &comp, 0);
    if (!px) return rel + ": image is damaged" + stb_reason();
    stbi_image_free(px);
    return std::nullopt;
}

void report(const PackProgressFn& progress, std::string_view step, std::string_view file, std::size_t done,
            std::size_t total) {
    if (progress) progress(PackProgress{step, file, done, total});
}

}  // namespace

std::string pack_key_id(const PackPublicKey& key) {
    return sha256_hex(std::string_view(reinterpret_cast<const char*>(key.data()), key.size())).substr(0, 16);
}

std::string pack_public_key_to_base64(const PackPublicKey& key) { return to_base64(key.data(), key.size()); }

Result<PackPublicKey> parse_pack_public_key(std::string_view base64) {
    auto bytes = from_base64(base64);
    if (!bytes) return Error{"public key is not valid base64"};
    if (bytes->size() != 32) return Error{"public key must be 32 bytes, it is " + std::to_string(bytes->size())};
    PackPublicKey key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return key;
}

std::string pack_secret_key_to_base64(const PackSigningKey& key) {
    return to_base64(key.secret.data(), key.secret.size());
}

Result<PackSigningKey> parse_pack_secret_key(std::string_view base64) {
    if (!sodium_ready()) return Error{"libsodium cannot start"};
    auto bytes = from_base64(base64);
    if (!bytes) return Error{"secret key is not valid base64"};
    if (bytes->size() != crypto_sign_SECRETKEYBYTES)
        return Error{"secret key must be 64 bytes, it is " + std::to_string(bytes->size())};
    PackSigningKey key;
    std::copy(bytes->begin(), bytes->end(), key.secret.begin());
    sodium_memzero(bytes->data(), bytes->size());
    // Rebuild the pair from the seed: a damaged key file would otherwise sign with a public
    // key that does not belong to it.
    std::array<std::uint8_t, 64> rebuilt{};
    crypto_sign_seed_keypair(key.public_key.data(), rebuilt.data(), key.secret.data());
    const bool same = sodium_memcmp(rebuilt.data(), key.secret.data(), rebuilt.size()) == 0;
    sodium_memzero(rebuilt.data(), rebuilt.size());
    if (!same) return Error{"secret key is damaged (its public half does not match its seed)"};
    return key;
}

PackSigningKey make_pack_signing_key() {
    const bool ok = sodium_ready();
    assert(ok && "libsodium cannot start");
    (void)ok;
    PackSigningKey key;
    crypto_sign_keypair(key.public_key.data(), key.secret.data());
    return key;
}

std::string sign_pack_manifest(std::string_view manifest_bytes, const PackSigningKey& key) {
    const bool ok = sodium_ready();
    assert(ok && "libsodium cannot start");
    (void)ok;
    const std::string msg = signed_message(manifest_bytes);
    std::array<std::uint8_t, crypto_sign_BYTES> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                         key.secret.data());
    nlohmann::ordered_json j;
    j["format"] = 1;
    j["algorithm"] = "ed25519";
    j["key_id"] = pack_key_id(key.public_key);
    j["signature"] = to_base64(sig.data(), sig.size());
    return j.dump(2) + "\n";
}

Result<std::string> check_pack_signature(std::string_view manifest_bytes, std::string_view signature_file,
                                         const std::vector<PackPublicKey>& trusted) {
    if (!sodium_ready()) return Error{k_sig + ": libsodium cannot start"};
    json j;
    try {
        j = json::parse(signature_file);
    } catch (const json::exception&) {
        return Error{k_sig + ": is not a signature file (invalid JSON)"};
    }
    if (!j.is_object()) return Error{k_sig + ": is not a signature file (not a JSON object)"};
    for (const auto& [key, value] : j.items())
        if (key != "format" && key != "algorithm" && key != "key_id" && key != "signature")
            return Error{k_sig + ": unknown key " + in_quotes(key)};
    const auto format = j.find("format");
    if (format == j.end() || !format->is_number_integer() || format->get<std::int64_t>() != 1)
        return Error{k_sig + ": format: must be 1"};
    const auto algorithm = j.find("algorithm");
    if (algorithm == j.end() || *algorithm != "ed25519") return Error{k_sig + ": algorithm: must be \"ed25519\""};
    const auto key_id = j.find("key_id");
    if (key_id == j.end() || !key_id->is_string()) return Error{k_sig + ": key_id: missing"};
    const auto signature = j.find("signature");
    if (signature == j.end() || !signature->is_string()) return Error{k_sig + ": signature: missing"};
    const auto sig = from_base64(signature->get<std::string>());
    if (!sig || sig->size() != crypto_sign_BYTES)
        return Error{k_sig + ": signature: must be " + std::to_string(crypto_sign_BYTES) + " bytes in base64"};

    const std::string id = key_id->get<std::string>();
    const auto key = std::find_if(trusted.begin(), trusted.end(), [&](const auto& k) { return pack_key_id(k) == id; });
    if (key == trusted.end())
        return Error{ErrorKind::Refused,
                     k_sig + ": signed by key " + in_quotes(id) + ", which this kiosk does not trust"};
    const std::string msg = signed_message(manifest_bytes);
    if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(msg.data()), msg.size(), key->data()) != 0)
        return Error{ErrorKind::Refused,
                     k_sig +
                         ": the signature does not match manifest.json (changed after signing, or a forged "
                         "signature for key " +
                         in_quotes(id) + ")"};
    return id;
}

Result<std::vector<PackFileEntry>> list_pack_files(const fs::path& dir, const PackLimits& limits) {
    auto walked = walk_pack(dir, limits);
    if (!walked) return walked.error();
    if (walked->size() > limits.max_files)
        return Error{dir.string() + ": holds " + std::to_string(walked->size()) + " files, the limit is " +
                     std::to_string(limits.max_files)};
    std::vector<PackFileEntry> out;
    std::uint64_t total = 0;
    for (const auto& rel : *walked) {
        if (const auto problem = check_pack_path(rel)) return Error{shown(rel) + ": " + *problem};
        auto bytes = read_limited(dir / rel, rel, limits.file_bytes);
        if (!bytes) return bytes.error();
        if (bytes->size() > limits.total_bytes - total)
            return Error{shown(rel) + ": the files add up to more than " + std::to_string(limits.total_bytes) +
                         " bytes, the limit for a pack"};
        total += bytes->size();
        out.push_back({rel, bytes->size(), sha256_hex(*bytes)});
    }
    return out;
}

Result<VerifiedPack> verify_pack(const fs::path& dir, const PackTrust& trust, const PackLimits& limits,
                                 const PackProgressFn& progress) {
    // 1. The signature, before any of the pack is parsed: everything after it reads bytes
    //    that a trusted author vouched for.
    const bool check_signature = trust.signature != SignaturePolicy::NotChecked;
    if (check_signature) report(progress, "signature", k_manifest, 0, 1);
    if (auto folder = check_pack_folder(dir); !folder) return folder.error();
    auto manifest_bytes = read_limited(dir / k_manifest, k_manifest, PackLimits::manifest_bytes);
    if (!manifest_bytes) return manifest_bytes.error();

    VerifiedPack out;
    std::error_code ec;
    const auto sig_status = fs::symlink_status(dir / k_sig, ec);
    if (!check_signature) {
        // Authoring: the signature is made after this check, or checked by `verify`.
    } else if (sig_status.type() == fs::file_type::not_found) {
        if (trust.signature == SignaturePolicy::Required)
            return Error{ErrorKind::Refused,
                         k_sig + ": missing: the pack is not signed (`ruhr-kiosk-pack sign` signs it)"};
    } else {
        constexpr std::uint64_t k_max_signature_bytes = 4096;
        auto sig_bytes = read_limited(dir / k_sig, k_sig, k_max_signature_bytes);
        if (!sig_bytes) return sig_bytes.error();
        auto key_id = check_pack_signature(*manifest_bytes, *sig_bytes, trust.keys);
        if (!key_id) return key_id.error();
        out.key_id = std::move(*key_id);
    }
    if (check_signature) report(progress, "signature", k_manifest, 1, 1);

    // 2. The file list, and the folder holding exactly those files.
    auto manifest = parse_pack_manifest(*manifest_bytes, limits);
    if (!manifest) return manifest.error();
    out.manifest = std::move(*manifest);
    out.manifest_sha256 = sha256_hex(*manifest_bytes);
    auto walked = walk_pack(dir, limits);
    if (!walked) return walked.error();
    std::set<std::string> listed;
    for (const auto& f : out.manifest.files) listed.insert(f.path);
    for (const auto& rel : *walked)
        if (!listed.count(rel)) return Error{shown(rel) + ": is in the folder but not listed in manifest.json"};
    const std::set<std::string> present(walked->begin(), walked->end());
    for (const auto& f : out.manifest.files)
        if (!present.count(f.path)) return Error{f.path + ": listed in manifest.json but missing from the folder"};

    // 3. Each file: size, hash, and images decoded.
    const std::size_t count = out.manifest.files.size();
    for (std::size_t i = 0; i < count; ++i) {
        const PackFileEntry& f = out.manifest.files[i];
        report(progress, "files", f.path, i, count);
        const auto actual = fs::file_size(dir / f.path, ec);
        if (ec) return Error{f.path + ": cannot read its size: " + ec.message()};
        if (actual != f.size)
            return Error{f.path + ": is " + std::to_string(actual) + " bytes, the manifest says " +
                         std::to_string(f.size)};
        auto bytes = read_limited(dir / f.path, f.path, f.size);
        if (!bytes) return bytes.error();
        if (bytes->size() != f.size)
            return Error{f.path + ": is " + std::to_string(bytes->size()) + " bytes, the manifest says " +
                         std::to_string(f.size)};
        if (sha256_hex(*bytes) != f.sha256)
            return Error{f.path +
                         ": SHA-256 does not match manifest.json (the file was changed after the list was made)"};
        if (has_extension(f.path, {".png", ".jpg", ".jpeg"}))
            if (auto problem = check_image(f.path, *bytes, limits)) return Error{std::move(*problem)};
        out.total_bytes += f.size;
    }
    report(progress, "files", "", count, count);

    // 4. The content: JSON, UTF-8, translations, ids, references.
    report(progress, "content", "", 0, 1);
    PackLoad load = load_content_pack(dir);
    if (!load.pack) {
        std::string message;
        for (const auto& p : load.problems) message += (message.empty() ? "" : "\n") + p.to_string();
        if (message.empty()) message = dir.string() + ": the content was refused";
        return Error{std::move(message)};
    }
    out.content = std::move(*load.pack);
    report(progress, "content", "", 1, 1);
    return out;
}

}  // namespace ruhr
