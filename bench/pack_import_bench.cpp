// pack_import_bench: times the import check of a content pack, verify_pack (signature when
// present, file list, sizes, SHA-256, every image decoded within the pixel limit, content),
// RUNS times on the pack in DIR. Prints one JSON object. Not a test.
// usage: pack_import_bench DIR [RUNS] [--total-mib N]

#include "kiosk/pack_verify.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: pack_import_bench DIR [RUNS] [--total-mib N]\n");
        return 2;
    }
    const std::string dir = argv[1];
    int runs = 3;
    ruhr::PackSizeLimits limits;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--total-mib" && i + 1 < argc) limits.total_bytes = std::strtoull(argv[++i], nullptr, 10) << 20;
        else runs = std::max(1, std::atoi(argv[i]));
    }
    ruhr::PackTrust trust;
    trust.signature = ruhr::SignaturePolicy::IfPresent;
    std::vector<double> ms;
    std::uint64_t bytes = 0;
    std::size_t files = 0;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto verified = ruhr::verify_pack(dir, trust, limits);
        const auto t1 = std::chrono::steady_clock::now();
        if (!verified) {
            std::fprintf(stderr, "pack_import_bench: the pack was refused:\n%s\n", verified.error().message.c_str());
            return 1;
        }
        bytes = verified->total_bytes;
        files = verified->manifest.files.size();
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    std::printf("{\"files\":%zu,\"mib\":%.1f,\"median_ms\":%.0f,\"runs_ms\":[", files,
                static_cast<double>(bytes) / (1024.0 * 1024.0), sorted[(sorted.size() - 1) / 2]);
    for (std::size_t i = 0; i < ms.size(); ++i) std::printf("%s%.0f", i ? "," : "", ms[i]);
    std::printf("]}\n");
    return 0;
}
