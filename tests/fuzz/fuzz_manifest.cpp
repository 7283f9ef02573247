// libFuzzer target for the manifest parser (packs/pack_manifest.cpp): arbitrary bytes must
// never crash it or throw out of it, and whatever it accepts must hold the promised
// invariants and survive being written back by with_files_list and read again.
// Built by tests/fuzz/run.sh with clang (-fsanitize=fuzzer,address,undefined).

#include "packs/pack_manifest.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void require(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    ruhr::PackLimits limits;
    const auto parsed = ruhr::parse_pack_manifest(bytes, limits);
    if (!parsed) {
        require(!parsed.error().message.empty(), "a refusal has a message");
        require(parsed.error().message.starts_with("manifest.json: "), "a refusal names manifest.json");
    } else {
        require(!parsed->files.empty() && parsed->files.size() <= limits.max_files, "file count within limits");
        std::uint64_t total = 0;
        for (const auto& f : parsed->files) {
            require(!ruhr::check_pack_path(f.path).has_value(), "accepted paths pass the path rules");
            // Checked here a second way, independent of the path rules' own loop.
            require(f.path.front() != '/' && f.path.find('\\') == std::string::npos, "relative, '/' only");
            const std::string p = "/" + f.path + "/";
            require(p.find("/../") == std::string::npos && p.find("/./") == std::string::npos &&
                        p.find("//") == std::string::npos,
                    "no '.', '..' or empty parts");
            require(f.size <= limits.file_bytes, "file size within limit");
            require(f.sha256.size() == 64, "hash length");
            total += f.size;
        }
        require(total <= limits.total_bytes, "total within limit");

        const auto written = ruhr::with_files_list(bytes, parsed->files);
        require(written.ok(), "an accepted manifest can be rewritten");
        if (written->size() <= 256 * 1024) {
            const auto again = ruhr::parse_pack_manifest(*written, limits);
            require(again.ok(), "a rewritten manifest parses");
            auto sorted = parsed->files;
            std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
            require(again->files == sorted, "the rewritten list is the sorted original");
        }
    }
    // The path rules alone, on short inputs as a path.
    if (size <= 512) (void)ruhr::check_pack_path(bytes);
    return 0;
}
