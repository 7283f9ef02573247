// ruhr_outbox_bench: time from "submit" to committed for ratings and ideas, on a real file
// in WAL mode with synchronous=FULL, as the kiosk stores them. Prints figures; asserts
// nothing. usage: ruhr_outbox_bench [DIR] [COUNT]

#include "base/clock.h"
#include "base/crypto.h"
#include "base/ids.h"
#include "kiosk/outbox.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

struct Figures {
    double median_ms, p99_ms, max_ms;
};

Figures summarize(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    return {at(0.5), at(0.99), v.back()};
}

template <class F>
std::vector<double> time_each(int count, F&& f) {
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f(i);
        out.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::temp_directory_path() / "ruhr-outbox-bench";
    const int count = argc > 2 ? std::stoi(argv[2]) : 2000;
    fs::remove_all(dir);
    fs::create_directories(dir);
    if (!ruhr::crypto_init()) return 2;
    ruhr::SystemWallClock wall;
    ruhr::RandomIdSource ids;
    auto box = ruhr::Outbox::open((dir / "outbox.db").string(), "kiosk-bench", wall, ids);
    if (!box) {
        std::fprintf(stderr, "%s\n", box.error().message.c_str());
        return 2;
    }
    const ruhr::SubmissionContext ctx{"0190a000-0000-7000-8000-000000000000", "ruhr-konferenz-demo", "1.0.0"};
    const auto [pk, sk] = ruhr::make_keypair();
    const std::string text(600, 'x');

    const auto ratings = time_each(count, [&](int i) {
        (void)(*box)->add(ruhr::SubmissionKind::Rating, {{"item", "vision"}, {"stars", 1 + i % 5}}, ctx);
    });
    const auto ideas = time_each(count, [&](int) {
        nlohmann::json payload{{"text", "Grüne Wände für Straßen! " + text}, {"forum", "umwelt"}};
        payload["contact"] = {{"sealed", ruhr::seal_to(R"({"email":"a@b.de","name":"Erika","postcode":"45127"})", pk)},
                              {"consent", true}};
        (void)(*box)->add(ruhr::SubmissionKind::Idea, payload, ctx);
    });
    const auto stats = time_each(200, [&](int) { (void)(*box)->rating_stats("vision"); });

    std::printf("outbox: %d ratings and %d ideas into %s (WAL, synchronous=FULL)\n", count, count,
                (dir / "outbox.db").c_str());
    std::printf("%-44s %10s %10s %10s\n", "", "median", "p99", "max");
    const auto row = [](const char* name, const Figures& f) {
        std::printf("%-44s %8.3f ms %8.3f ms %8.3f ms\n", name, f.median_ms, f.p99_ms, f.max_ms);
    };
    row("rating: submit to committed", summarize(ratings));
    row("idea (sealed contact): submit to committed", summarize(ideas));
    row("local rating result (after the above)", summarize(stats));
    return 0;
}
