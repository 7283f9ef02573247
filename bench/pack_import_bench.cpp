// pack_import_bench: times the import of a content pack RUNS times on the pack in DIR:
//   verify: verify_pack alone (signature when present, file list, sizes, SHA-256, every image
//           decoded within the pixel limit, content);
//   install: install_pack into a fresh data folder, as staff import from a stick (verify on
//           the stick, copy to staging, verify again, store images scaled to a 1920-pixel
//           screen, switch atomically).
// Prints one JSON object. Not a test.
// usage: pack_import_bench DIR [RUNS] [--total-mib N]

#include "packs/pack_install.h"
#include "packs/pack_verify.h"

#include <filesystem>

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
    ruhr::PackLimits limits;
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--total-mib" && i + 1 < argc)
            limits.total_bytes = std::strtoull(argv[++i], nullptr, 10) << 20;
        else
            runs = std::max(1, std::atoi(argv[i]));
    }
    ruhr::PackTrust trust;
    trust.signature = ruhr::SignaturePolicy::IfPresent;
    const ruhr::SystemWallClock wall;
    std::vector<double> ms, install_ms;
    std::uint64_t bytes = 0;
    std::size_t files = 0, scaled = 0;
    const auto since = [](std::chrono::steady_clock::time_point t0) {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    };
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto verified = ruhr::verify_pack(dir, trust, limits);
        ms.push_back(since(t0));
        if (!verified) {
            std::fprintf(stderr, "pack_import_bench: the pack was refused:\n%s\n", verified.error().message.c_str());
            return 1;
        }
        bytes = verified->total_bytes;
        files = verified->manifest.files.size();

        std::error_code ec;
        const auto data = std::filesystem::temp_directory_path() / ("ruhr-import-bench-" + std::to_string(r));
        std::filesystem::remove_all(data, ec);
        const auto t1 = std::chrono::steady_clock::now();
        const auto installed = ruhr::install_pack(dir, data, trust, limits, {}, wall, {}, nullptr, 1920);
        install_ms.push_back(since(t1));
        std::filesystem::remove_all(data, ec);
        if (!installed) {
            std::fprintf(stderr, "pack_import_bench: the install failed: %s\n", installed.error().message.c_str());
            return 1;
        }
        scaled = installed->images_scaled;
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[(v.size() - 1) / 2];
    };
    const auto list = [](const std::vector<double>& v) {
        std::string out;
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(static_cast<long long>(v[i]));
        return out;
    };
    std::printf(
        "{\"files\":%zu,\"mib\":%.1f,\"median_ms\":%.0f,\"runs_ms\":[%s],\"install_median_ms\":%.0f,"
        "\"install_runs_ms\":[%s],\"images_scaled\":%zu}\n",
        files, static_cast<double>(bytes) / (1024.0 * 1024.0), median(ms), list(ms).c_str(), median(install_ms),
        list(install_ms).c_str(), scaled);
    return 0;
}
