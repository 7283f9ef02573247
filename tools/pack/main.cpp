// ruhr-kiosk-pack: makes signing keys, writes a pack's file list, signs and verifies packs.
// All checks are the kiosk's own (packs/pack_verify.h), so a pack that passes here passes
// on the kiosk with the same key.

#include "base/durable_file.h"
#include "packs/pack_verify.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace ruhr;

namespace {

constexpr int k_ok = 0;
constexpr int k_refused = 1;
constexpr int k_usage = 2;

const char* const k_usage_text =
    "usage: ruhr-kiosk-pack COMMAND [ARGS]\n"
    "\n"
    "Commands for content authors (see docs/content-pack.md, \"Signed packs\"):\n"
    "  keygen --out NAME             make a signing key pair: NAME.secret and NAME.public\n"
    "  build DIR                     check the pack folder and write the file list into\n"
    "                                DIR/manifest.json\n"
    "  sign DIR --key NAME.secret    sign DIR/manifest.json, writing DIR/manifest.sig\n"
    "  verify DIR --public-key KEY   check a pack as a kiosk that trusts KEY does\n"
    "\n"
    "Run `ruhr-kiosk-pack COMMAND --help` for the details of one command.\n";

const char* const k_keygen_help =
    "usage: ruhr-kiosk-pack keygen --out NAME\n"
    "\n"
    "Makes a new Ed25519 key pair for signing content packs:\n"
    "  NAME.secret  the secret key (only its owner may read it: mode 0600). Whoever has it\n"
    "               can sign packs that every kiosk trusting NAME.public shows.\n"
    "  NAME.public  the public key, one line of base64: put it into the kiosks'\n"
    "               configuration, [content] trusted_keys = [\"...\"].\n"
    "Existing files are never overwritten.\n";

const char* const k_build_help =
    "usage: ruhr-kiosk-pack build DIR\n"
    "\n"
    "Lists every file of the pack in DIR (size and SHA-256) in DIR/manifest.json under\n"
    "\"files\", then checks the whole pack: paths, sizes, images and content. Refuses\n"
    "symbolic links, special files and files a pack cannot hold. When the list changes,\n"
    "an old DIR/manifest.sig no longer fits and is removed: sign the pack again.\n"
    "Exit status 0 when the pack is valid.\n";

const char* const k_sign_help =
    "usage: ruhr-kiosk-pack sign DIR --key NAME.secret\n"
    "\n"
    "Signs DIR/manifest.json with the secret key and writes DIR/manifest.sig, then checks\n"
    "the signed pack completely. Run `build` first. Exit status 0 when the signed pack is\n"
    "valid; otherwise manifest.sig is removed again.\n";

const char* const k_verify_help =
    "usage: ruhr-kiosk-pack verify DIR --public-key KEY [--public-key KEY ...]\n"
    "\n"
    "Checks the pack in DIR as a kiosk that trusts KEY does: the signature, every listed\n"
    "file (path, size, SHA-256, images) and the content. KEY is a NAME.public file or the\n"
    "base64 key itself. Exit status 0 only for a valid pack signed by one of the keys.\n";

int fail(const std::string& message) {
    std::cerr << message << "\n";
    return k_refused;
}

int usage_error(const std::string& message, const char* help) {
    std::cerr << "ruhr-kiosk-pack: " << message << "\n\n" << help;
    return k_usage;
}

bool wants_help(const std::vector<std::string>& args) {
    for (const auto& a : args)
        if (a == "--help" || a == "-h") return true;
    return false;
}

// Parses "POSITIONAL --option VALUE ..." where every option takes a value.
struct Args {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> options;
    std::string error;

    std::vector<std::string> all(const std::string& name) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : options)
            if (k == name) out.push_back(v);
        return out;
    }
};

Args parse_args(const std::vector<std::string>& args, const std::vector<std::string>& known) {
    Args out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!a.starts_with("--")) {
            out.positional.push_back(a);
            continue;
        }
        if (std::find(known.begin(), known.end(), a) == known.end()) {
            out.error = "unknown option " + a;
            return out;
        }
        if (i + 1 >= args.size()) {
            out.error = a + " needs a value";
            return out;
        }
        out.options.emplace_back(a, args[++i]);
    }
    return out;
}

// Runs one command: its --help, else its arguments (every option takes a value), then `run`.
int run_command(const std::vector<std::string>& raw, const char* help, const std::vector<std::string>& options,
                int (*run)(const Args&)) {
    if (wants_help(raw)) {
        std::cout << help;
        return k_ok;
    }
    const Args args = parse_args(raw, options);
    if (!args.error.empty()) return usage_error(args.error, help);
    return run(args);
}

std::optional<std::string> read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::string trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    const auto last = s.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

// The tool's wording: the path, and "cannot be written" or "cannot be replaced" with the cause.
std::string describe_for_author(const fs::path& target, const FileFailure& f) {
    if (f.step == FileStep::Create) return f.path.string() + ": " + std::strerror(f.err);
    if (f.step == FileStep::Rename) return target.string() + ": cannot be replaced: " + std::strerror(f.err);
    return f.path.string() + ": cannot be written: " + std::strerror(f.err);
}

// Writes a new file with exactly `mode`, refusing to replace one: O_EXCL also means a symbolic
// link planted at the path is not followed.
std::optional<std::string> write_new_file(const fs::path& path, std::string_view bytes, mode_t mode) {
    FileOptions options;
    options.mode = mode;
    options.exact_mode = true;
    options.describe = [&path](const FileFailure& f) { return describe_for_author(path, f); };
    auto file = DurableFile::create(path, std::move(options));
    if (!file) return file.error().message;
    if (auto w = file->write(bytes); !w) return w.error().message;
    if (auto done = file->finish(); !done) return done.error().message;
    return std::nullopt;
}

// Replaces `path` through a temporary file and a rename, so an interrupted run leaves the
// old file or the new one, never half of one.
std::optional<std::string> replace_file(const fs::path& path, std::string_view bytes) {
    FileOptions options;
    options.exact_mode = true;
    options.describe = [&path](const FileFailure& f) { return describe_for_author(path, f); };
    if (auto done = write_file_durably(path, bytes, std::move(options)); !done) return done.error().message;
    return std::nullopt;
}

Result<PackPublicKey> read_public_key(const std::string& arg) {
    std::error_code ec;
    if (fs::is_regular_file(arg, ec)) {
        const auto text = read_text(arg);
        if (!text) return Error{arg + ": cannot be read"};
        auto key = parse_pack_public_key(trimmed(*text));
        if (!key) return Error{arg + ": " + key.error().message};
        return key;
    }
    auto key = parse_pack_public_key(trimmed(arg));
    if (!key) return Error{arg + ": not a file, and as a key: " + key.error().message};
    return key;
}

Result<PackSigningKey> read_secret_key(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return Error{path + ": " + std::strerror(errno)};
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof(mode), "%04o", static_cast<unsigned>(st.st_mode & 07777));
        std::cerr << "warning: " << path << ": other users may read this secret key (mode " << mode
                  << "); chmod 600 it\n";
    }
    auto text = read_text(path);
    if (!text) return Error{path + ": cannot be read"};
    auto key = parse_pack_secret_key(trimmed(*text));
    std::fill(text->begin(), text->end(), '\0');
    if (!key) return Error{path + ": " + key.error().message};
    return key;
}

// Prints one line per step and file, so a long check on a slow stick shows it is moving.
PackProgressFn progress_printer() {
    return [](const PackProgress& p) {
        if (p.step == "files" && !p.file.empty())
            std::cout << "  [" << (p.done + 1) << "/" << p.total << "] " << p.file << "\n";
        else if (p.done == 0 && p.step != "files")
            std::cout << "checking " << p.step << "\n";
        else if (p.step == "files" && p.file.empty())
            std::cout << "checking files: " << p.total << " files match the list\n";
        std::cout.flush();
    };
}

int cmd_keygen(const Args& args) {
    const auto out = args.all("--out");
    if (out.size() != 1 || !args.positional.empty()) return usage_error("keygen needs --out NAME", k_keygen_help);
    const std::string secret_path = out[0] + ".secret";
    const std::string public_path = out[0] + ".public";
    std::error_code ec;
    for (const auto& p : {secret_path, public_path})
        if (fs::exists(fs::symlink_status(p, ec))) return fail(p + ": exists already; keygen never replaces a key");

    PackSigningKey key = make_pack_signing_key();
    std::string secret = pack_secret_key_to_base64(key) + "\n";
    auto problem = write_new_file(secret_path, secret, 0600);
    std::fill(secret.begin(), secret.end(), '\0');
    std::fill(key.secret.begin(), key.secret.end(), std::uint8_t{0});
    if (problem) return fail(*problem);
    const std::string pub = pack_public_key_to_base64(key.public_key);
    if (auto p = write_new_file(public_path, pub + "\n", 0644)) return fail(*p);
    std::cout << "wrote " << secret_path << " (secret, mode 0600: keep it safe, never put it on a kiosk)\n"
              << "wrote " << public_path << " (key id " << pack_key_id(key.public_key) << ")\n"
              << "kiosk configuration:\n  [content]\n  trusted_keys = [\"" << pub << "\"]\n";
    return k_ok;
}

int cmd_build(const Args& args) {
    if (args.positional.size() != 1) return usage_error("build needs one pack folder", k_build_help);
    const fs::path dir = args.positional[0];

    std::cout << "listing files in " << dir.string() << "\n";
    auto files = list_pack_files(dir);
    if (!files) return fail(files.error().message);
    std::uint64_t total = 0;
    for (const auto& f : *files) total += f.size;
    std::cout << "  " << files->size() << " files, " << total << " bytes\n";

    const fs::path manifest_path = dir / k_manifest_file;
    const auto old = read_text(manifest_path);
    if (!old) return fail(std::string(k_manifest_file) + ": missing (a pack needs one; see docs/content-pack.md)");
    auto updated = with_files_list(*old, std::move(*files));
    if (!updated) return fail(updated.error().message);
    if (*updated != *old) {
        if (auto problem = replace_file(manifest_path, *updated)) return fail(*problem);
        std::cout << "wrote the file list into " << k_manifest_file << "\n";
        std::error_code ec;
        if (fs::remove(dir / k_signature_file, ec))
            std::cout << "removed " << k_signature_file << ": it signed the old manifest; sign the pack again\n";
    } else {
        std::cout << k_manifest_file << " already lists these files\n";
    }

    // Everything a kiosk checks except the signature, which comes next with `sign`.
    auto verified = verify_pack(dir, PackTrust{{}, SignaturePolicy::NotChecked}, {}, progress_printer());
    if (!verified) return fail(verified.error().message);
    std::cout << "pack " << verified->manifest.id << " " << verified->manifest.version << " is valid ("
              << verified->manifest.files.size() << " files, " << verified->total_bytes << " bytes); now sign it\n";
    return k_ok;
}

int cmd_sign(const Args& args) {
    const auto keys = args.all("--key");
    if (args.positional.size() != 1 || keys.size() != 1)
        return usage_error("sign needs one pack folder and --key NAME.secret", k_sign_help);
    const fs::path dir = args.positional[0];
    auto key = read_secret_key(keys[0]);
    if (!key) return fail(key.error().message);

    const auto manifest = read_text(dir / k_manifest_file);
    if (!manifest) return fail(std::string(k_manifest_file) + ": missing in " + dir.string());
    if (auto parsed = parse_pack_manifest(*manifest); !parsed) return fail(parsed.error().message);
    const std::string sig = sign_pack_manifest(*manifest, *key);
    std::fill(key->secret.begin(), key->secret.end(), std::uint8_t{0});
    if (auto problem = replace_file(dir / k_signature_file, sig)) return fail(*problem);
    std::cout << "wrote " << k_signature_file << " (key id " << pack_key_id(key->public_key) << ")\n";

    auto verified = verify_pack(dir, PackTrust{{key->public_key}, SignaturePolicy::Required}, {}, progress_printer());
    if (!verified) {
        std::error_code ec;
        fs::remove(dir / k_signature_file, ec);
        std::cerr << verified.error().message << "\n";
        return fail("removed " + std::string(k_signature_file) + " again: the pack is not valid (run `build`?)");
    }
    std::cout << "pack " << verified->manifest.id << " " << verified->manifest.version << " is signed and valid\n";
    return k_ok;
}

int cmd_verify(const Args& args) {
    const auto key_args = args.all("--public-key");
    if (args.positional.size() != 1 || key_args.empty())
        return usage_error("verify needs one pack folder and at least one --public-key KEY", k_verify_help);
    PackTrust trust;
    for (const auto& k : key_args) {
        auto key = read_public_key(k);
        if (!key) return fail(key.error().message);
        trust.keys.push_back(*key);
    }
    auto verified = verify_pack(args.positional[0], trust, {}, progress_printer());
    if (!verified) return fail(verified.error().message);
    std::cout << "pack " << verified->manifest.id << " " << verified->manifest.version << " is valid, signed by key "
              << verified->key_id << " (" << verified->manifest.files.size() << " files, " << verified->total_bytes
              << " bytes)\n";
    return k_ok;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << k_usage_text;
        return k_usage;
    }
    const std::string verb = args.front();
    args.erase(args.begin());
    if (verb == "--help" || verb == "-h" || verb == "help") {
        std::cout << k_usage_text;
        return k_ok;
    }
    if (verb == "keygen") return run_command(args, k_keygen_help, {"--out"}, cmd_keygen);
    if (verb == "build") return run_command(args, k_build_help, {}, cmd_build);
    if (verb == "sign") return run_command(args, k_sign_help, {"--key"}, cmd_sign);
    if (verb == "verify") return run_command(args, k_verify_help, {"--public-key"}, cmd_verify);
    std::cerr << "ruhr-kiosk-pack: unknown command \"" << verb << "\"\n\n" << k_usage_text;
    return k_usage;
}
