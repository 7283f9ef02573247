// ruhr_sync_client: a kiosk without a screen, for the sync fault tests and the upload
// benchmark. It stores records into a real outbox the way visitors do (ratings, priority votes,
// ideas, spread over time) while the real SyncWorker uploads them through libcurl, then waits
// until the queue is empty. SIGUSR1 plays "the network came back".
//
//   ruhr_sync_client --outbox FILE --kiosk ID --url URL --token TOKEN
//       [--add N] [--add-interval-ms MS] [--timeout S] [--batch N] [--request-timeout S]
//       [--backoff-base S] [--backoff-cap S] [--seed N] [--collector-key BASE64] [--no-sync]
//
// Prints one JSON line with the final counts; exits 0 when every record was delivered (with
// --no-sync: when every record was stored).

#include "base/crypto.h"
#include "base/ids.h"
#include "kiosk/outbox.h"
#include "kiosk/sync.h"
#include "platform/http_curl.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <thread>

namespace {

volatile std::sig_atomic_t g_network_back = 0;
void on_usr1(int) { g_network_back = 1; }

const char* k_forums[] = {"neue-mobilitaet", "pflege", "aufstieg-durch-bildung", "umwelt", "kultur"};

}  // namespace

int main(int argc, char** argv) {
    std::string outbox_path, kiosk, url, token;
    int add = 0, interval_ms = 0, batch = 200;
    double timeout_s = 60, request_timeout = 5, base = 0.2, cap = 2.0;
    unsigned seed = 1;
    bool sync = true;
    std::string collector_key;  // base64: answers must carry the collector's signature
    // The options that take a value, each with where it goes.
    const auto text = [](std::string& to) { return [&to](const std::string& v) { to = v; }; };
    const auto whole = [](int& to) { return [&to](const std::string& v) { to = std::atoi(v.c_str()); }; };
    const auto real = [](double& to) { return [&to](const std::string& v) { to = std::atof(v.c_str()); }; };
    const std::map<std::string, std::function<void(const std::string&)>> options = {
        {"--outbox", text(outbox_path)},
        {"--kiosk", text(kiosk)},
        {"--url", text(url)},
        {"--token", text(token)},
        {"--add", whole(add)},
        {"--add-interval-ms", whole(interval_ms)},
        {"--timeout", real(timeout_s)},
        {"--batch", whole(batch)},
        {"--request-timeout", real(request_timeout)},
        {"--backoff-base", real(base)},
        {"--backoff-cap", real(cap)},
        {"--seed", [&](const std::string& v) { seed = static_cast<unsigned>(std::atoi(v.c_str())); }},
        {"--collector-key", text(collector_key)},
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--no-sync") {
            sync = false;
            continue;
        }
        const auto option = options.find(a);
        if (option == options.end()) {
            std::cerr << "ruhr_sync_client: unknown option " << a << "\n";
            return 2;
        }
        if (i + 1 >= argc) {
            std::cerr << "ruhr_sync_client: " << a << " needs a value\n";
            return 2;
        }
        option->second(argv[++i]);
    }
    if (outbox_path.empty() || kiosk.empty() || (sync && (url.empty() || token.empty()))) {
        std::cerr << "ruhr_sync_client: --outbox, --kiosk, --url and --token are needed\n";
        return 2;
    }
    if (!ruhr::crypto_init() || !ruhr::curl_global_setup()) return 2;
    std::signal(SIGUSR1, on_usr1);

    ruhr::SystemWallClock wall;
    ruhr::RandomIdSource ids;
    auto opened = ruhr::Outbox::open(outbox_path, kiosk, wall, ids);
    if (!opened) {
        std::cerr << "ruhr_sync_client: " << opened.error().message << "\n";
        return 2;
    }
    auto& outbox = **opened;

    ruhr::SyncSettings settings;
    settings.url = url;
    settings.token = token;
    settings.batch_size = batch;
    settings.timeout_s = request_timeout;
    settings.connect_timeout_s = std::min(request_timeout, 5.0);
    settings.backoff_base_s = base;
    settings.backoff_cap_s = cap;
    settings.heartbeat_interval_s = 3600;
    if (!collector_key.empty()) {
        auto key = ruhr::parse_signing_public_key(collector_key);
        if (!key) {
            std::cerr << "ruhr_sync_client: --collector-key: " << key.error().message << "\n";
            return 2;
        }
        settings.collector_key = *key;
    }
    // The real clock and randomness: these scenarios test the worker against a real collector.
    const ruhr::SteadyClock steady;
    std::unique_ptr<ruhr::SyncWorker> worker;
    if (sync) {
        worker = std::make_unique<ruhr::SyncWorker>(
            settings, [&]() { return ruhr::Outbox::open(outbox_path, kiosk, wall, ids); },
            []() -> std::unique_ptr<ruhr::HttpTransport> { return std::make_unique<ruhr::CurlTransport>(); }, wall,
            steady, std::make_unique<ruhr::SeededRandom>());
        worker->set_heartbeat_info({"test", "ruhr-konferenz-demo", "1", 0, -1});
        worker->start();
    }

    // Visitors, one record at a time, each committed before the next.
    std::mt19937 rng(seed);
    const auto t0 = std::chrono::steady_clock::now();
    int stored = 0;
    for (int i = 0; i < add; ++i) {
        const std::string visit = ids.new_id(wall.unix_ms());
        const int pick = static_cast<int>(rng() % 10);
        nlohmann::json payload;
        ruhr::SubmissionKind kind = ruhr::SubmissionKind::Rating;
        if (pick < 7) {
            payload = {{"item", pick < 3 ? std::string("vision") : std::string(k_forums[rng() % 5])},
                       {"stars", 1 + static_cast<int>(rng() % 5)}};
        } else if (pick < 9) {
            kind = ruhr::SubmissionKind::Priorities;
            const auto a = rng() % 5;
            const auto b = (a + 1 + rng() % 4) % 5;  // two different forums
            payload = {{"forums", {k_forums[a], k_forums[b]}}};
        } else {
            kind = ruhr::SubmissionKind::Idea;
            payload = {{"text", "Mehr Radwege zwischen Bochum und Essen, bitte! Nr. " + std::to_string(i)},
                       {"forum", nullptr}};
        }
        auto s = outbox.add(kind, payload, {visit, "ruhr-konferenz-demo", "1"});
        if (!s) {
            std::cerr << "ruhr_sync_client: store failed: " << s.error().message << "\n";
            return 1;
        }
        ++stored;
        if (worker) worker->nudge(ruhr::Nudge::Stored);
        if (interval_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
        if (g_network_back && worker) {
            g_network_back = 0;
            worker->nudge(ruhr::Nudge::NetworkChanged);
        }
    }
    const double store_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // Wait for the queue to drain.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    ruhr::OutboxCounts counts = outbox.counts().value();
    while (worker && counts.pending > 0 && std::chrono::steady_clock::now() < deadline) {
        if (g_network_back) {
            g_network_back = 0;
            worker->nudge(ruhr::Nudge::NetworkChanged);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        counts = outbox.counts().value();
    }
    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto status = worker ? worker->status() : ruhr::SyncStatus{};
    const auto runs = worker ? worker->runs() : 0;
    if (worker) worker->stop();
    counts = outbox.counts().value();
    std::cout << nlohmann::json{{"kiosk", kiosk},
                                {"stored", stored},
                                {"pending", counts.pending},
                                {"delivered", counts.delivered},
                                {"quarantined", counts.quarantined},
                                {"runs", runs},
                                {"last_outcome", ruhr::outcome_name(status.last_outcome)},
                                {"last_error", status.last_error},
                                {"store_seconds", store_s},
                                {"total_seconds", total_s}}
                     .dump()
              << std::endl;
    if (!sync) return 0;  // only filling the outbox
    return counts.pending == 0 && counts.quarantined == 0 ? 0 : 1;
}
