// ruhr_collector_abuse_bench: what the collector does under the attacks of issue 14, finding
// 5, measured from outside against a real `ruhr-collector serve` process (docs/benchmarks.md).
// Prints figures; asserts nothing. Each scenario gets a fresh collector on a fresh SQLite
// database, started with the deployed defaults (8 threads).
//
// usage: ruhr_collector_abuse_bench COLLECTOR_EXE [--mib N] [--clients N] [--seconds N] [--only NAME]
//   --mib      size of the big bodies (default 300)
//   --clients  slow or idle connections held open (default 100)
//   --seconds  how long health and sync are probed while they are open (default 15)
//   --only     one scenario: chunked-no-token, chunked-token, length-no-token, slow, idle, big-syncs

#include "base/crypto.h"
#include "base/process.h"

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::string run_capture(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        pclose(p);
    }
    return out;
}

// A `ruhr-collector serve` child on 127.0.0.1 and a free port.
class Collector {
public:
    Collector(const std::string& exe, const fs::path& dir) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        const std::string db = "sqlite:" + (dir / "collector.db").string();
        const std::string out =
            run_capture("'" + exe + "' add-kiosk --db '" + db + "' --id kiosk-bench-01 2>/dev/null");
        token = out.substr(0, out.find('\n'));
        int pipe_fds[2];
        if (pipe(pipe_fds) != 0) std::abort();
        pid = fork();
        if (pid == 0) {
            dup2(pipe_fds[1], 1);
            const int log = open((dir / "collector.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, 2);
            close(pipe_fds[0]);
            execl(exe.c_str(), exe.c_str(), "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0", nullptr);
            _exit(127);
        }
        close(pipe_fds[1]);
        std::string line;
        char c;
        while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
        close(pipe_fds[0]);
        port = std::atoi(line.substr(line.rfind(':') + 1).c_str());
        if (token.rfind("rck_", 0) != 0 || port <= 0) {
            std::fprintf(stderr, "the collector did not start (token '%s', line '%s')\n", token.c_str(), line.c_str());
            std::exit(2);
        }
    }
    ~Collector() {
        kill(pid, SIGTERM);
        int status = 0;
        waitpid(pid, &status, 0);
    }
    /// The collector's resident memory in KiB (VmRSS), 0 when it cannot be read.
    long rss_kib() const { return ruhr::resident_kib(pid).value_or(0); }

    pid_t pid = -1;
    int port = 0;
    std::string token;
};

// Samples a collector's RSS every 20 ms while alive; keeps the highest.
class RssSampler {
public:
    explicit RssSampler(const Collector& c) : m_collector(c) {
        m_thread = std::thread([this] {
            while (!m_stop) {
                m_peak = std::max(m_peak.load(), m_collector.rss_kib());
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    }
    ~RssSampler() { stop(); }
    long stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
        return m_peak;
    }

private:
    const Collector& m_collector;
    std::atomic<bool> m_stop{false};
    std::atomic<long> m_peak{0};
    std::thread m_thread;
};

int connect_to(int port, bool nonblocking = false) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        close(fd);
        return -1;
    }
    if (nonblocking) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    return fd;
}

// Reads one answer (head and Content-Length body) from a blocking socket; its status, or 0
// when none came within `timeout`.
int read_answer(int fd, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::string got;
    char buf[4096];
    for (;;) {
        const auto head_end = got.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            std::size_t length = 0;
            const auto cl = got.find("Content-Length: ");
            if (cl != std::string::npos && cl < head_end) length = std::strtoul(got.c_str() + cl + 16, nullptr, 10);
            if (got.size() >= head_end + 4 + length)
                return got.rfind("HTTP/1.", 0) == 0 ? std::atoi(got.c_str() + 9) : 0;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return 0;
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left)) <= 0) return 0;
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return got.rfind("HTTP/1.", 0) == 0 ? std::atoi(got.c_str() + 9) : 0;
        got.append(buf, static_cast<std::size_t>(n));
    }
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// One request on a fresh connection; its status (0: no answer) and the time to the answer.
std::pair<int, double> request(int port, const std::string& text, std::chrono::milliseconds timeout) {
    const auto t0 = Clock::now();
    const int fd = connect_to(port);
    if (fd < 0) return {0, ms_since(t0)};
    int status = 0;
    if (send_all(fd, text)) status = read_answer(fd, timeout);
    close(fd);
    return {status, ms_since(t0)};
}

std::string health_request() { return "GET /v1/health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"; }

std::string sync_request(const std::string& token, const std::string& body) {
    return "POST /v1/sync HTTP/1.1\r\nHost: bench\r\nConnection: close\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string heartbeat_body() {
    return R"({"protocol":1,"kiosk_id":"kiosk-bench-01","heartbeat":{"app_version":"bench"},"submissions":[]})";
}

struct BigBody {
    int status = 0;
    double answer_ms = 0;
    std::uint64_t sent_bytes = 0;
};

// Streams `total` bytes of body as fast as the collector takes them, chunked or with a
// Content-Length, and stops as soon as an answer arrives (as curl does).
BigBody stream_big_body(int port, const std::string& token, std::uint64_t total, bool chunked) {
    BigBody r;
    const auto t0 = Clock::now();
    const int fd = connect_to(port, true);
    std::string head = "POST /v1/sync HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n";
    if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
    head +=
        chunked ? std::string("Transfer-Encoding: chunked\r\n") : "Content-Length: " + std::to_string(total) + "\r\n";
    head += "\r\n";
    const std::string data(64 * 1024, ' ');
    std::string chunk = chunked ? "10000\r\n" + data + "\r\n" : data;
    std::string pending = head;
    bool done_sending = false;
    std::string got;
    char buf[4096];
    while (true) {
        if (pending.empty() && !done_sending) {
            if (r.sent_bytes >= total) {
                if (chunked) pending = "0\r\n\r\n";
                done_sending = true;
            } else {
                pending = chunk;
                r.sent_bytes += data.size();
            }
        }
        pollfd p{fd, static_cast<short>(POLLIN | (pending.empty() ? 0 : POLLOUT)), 0};
        if (poll(&p, 1, 60000) <= 0) break;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n > 0) got.append(buf, static_cast<std::size_t>(n));
            if (n <= 0 || got.find("\r\n\r\n") != std::string::npos) break;
            continue;
        }
        if (p.revents & POLLOUT) {
            const ssize_t n = send(fd, pending.data(), pending.size(), MSG_NOSIGNAL);
            if (n <= 0) break;
            pending.erase(0, static_cast<std::size_t>(n));
        }
    }
    r.answer_ms = ms_since(t0);
    if (got.rfind("HTTP/1.", 0) == 0) r.status = std::atoi(got.c_str() + 9);
    close(fd);
    return r;
}

void big_body_scenario(const std::string& exe, const fs::path& dir, const char* name, bool with_token, bool chunked,
                       std::uint64_t mib) {
    Collector c(exe, dir / name);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const long before = c.rss_kib();
    RssSampler sampler(c);
    const BigBody r = stream_big_body(c.port, with_token ? c.token : "", mib << 20, chunked);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const long peak = sampler.stop();
    const auto [hs, hms] = request(c.port, health_request(), std::chrono::milliseconds(10000));
    std::printf(
        "%-16s %4llu MiB %-7s %-8s answer %3d after %8.1f ms, %7.1f MiB sent; RSS %6.1f -> peak %6.1f MiB "
        "(+%.1f); health then %d in %.1f ms\n",
        name, static_cast<unsigned long long>(mib), chunked ? "chunked" : "length", with_token ? "token" : "no token",
        r.status, r.answer_ms, static_cast<double>(r.sent_bytes) / 1048576.0, static_cast<double>(before) / 1024.0,
        static_cast<double>(peak) / 1024.0, static_cast<double>(peak - before) / 1024.0, hs, hms);
}

struct Held {
    std::atomic<int> open{0};
    std::atomic<int> dropped{0};
    std::mutex m;
    std::vector<double> lifetimes_ms;
};

// Keeps `count` connections open: slow ones send a request head one byte every two seconds,
// idle ones send nothing. A connection the collector closes is opened again (the attacker
// keeps up the pressure); its lifetime is recorded.
void hold_connections(int port, int count, bool slow, std::atomic<bool>& stop, Held& held) {
    struct Conn {
        int fd = -1;
        Clock::time_point opened;
        std::size_t sent = 0;
    };
    const std::string head = "POST /v1/sync HTTP/1.1\r\nHost: bench\r\nContent-Length: 2\r\n\r\n{}";
    std::vector<Conn> conns(static_cast<std::size_t>(count));
    auto open_one = [&](Conn& c) {
        c.fd = connect_to(port, true);
        c.opened = Clock::now();
        c.sent = 0;
    };
    for (auto& c : conns) open_one(c);
    held.open = count;
    auto next_byte = Clock::now();
    while (!stop) {
        std::vector<pollfd> fds;
        for (auto& c : conns) fds.push_back({c.fd, POLLIN, 0});
        poll(fds.data(), fds.size(), 100);
        for (std::size_t i = 0; i < conns.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buf[4096];
            const ssize_t n = recv(conns[i].fd, buf, sizeof buf, 0);
            if (n > 0) continue;  // an answer (408, 503); the close follows
            {
                std::lock_guard lock(held.m);
                held.lifetimes_ms.push_back(ms_since(conns[i].opened));
            }
            ++held.dropped;
            close(conns[i].fd);
            open_one(conns[i]);
        }
        if (slow && Clock::now() >= next_byte) {
            next_byte += std::chrono::seconds(2);
            for (auto& c : conns)
                if (c.sent < head.size() && send(c.fd, head.data() + c.sent, 1, MSG_NOSIGNAL) == 1) ++c.sent;
        }
    }
    for (auto& c : conns) close(c.fd);
}

struct Summary {
    double median = 0, p90 = 0, max = 0;
};
Summary summarize(std::vector<double> v) {
    if (v.empty()) return {};
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) {
        return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
    };
    return {at(0.5), at(0.9), v.back()};
}

void held_scenario(const std::string& exe, const fs::path& dir, const char* name, bool slow, int clients, int seconds) {
    Collector c(exe, dir / name);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    Held held;
    std::atomic<bool> stop{false};
    std::thread attacker([&] { hold_connections(c.port, clients, slow, stop, held); });
    std::this_thread::sleep_for(std::chrono::seconds(1));

    // A health probe every 500 ms and a genuine sync every 2 s, each on its own connection and
    // thread with a 30 s timeout, so a collector that hangs does not stop the probing.
    std::mutex m;
    std::vector<double> health_ms, sync_ms;
    int health_failed = 0, sync_failed = 0;
    std::vector<std::thread> probes;
    const auto t0 = Clock::now();
    for (int i = 0; ms_since(t0) < seconds * 1000.0; ++i) {
        probes.emplace_back([&, i] {
            const bool is_sync = i % 4 == 0;
            const auto [status, took] =
                request(c.port, is_sync ? sync_request(c.token, heartbeat_body()) : health_request(),
                        std::chrono::milliseconds(30000));
            std::lock_guard lock(m);
            if (status == 200)
                (is_sync ? sync_ms : health_ms).push_back(took);
            else
                ++(is_sync ? sync_failed : health_failed);
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    for (auto& p : probes) p.join();
    stop = true;
    attacker.join();
    const Summary h = summarize(health_ms), s = summarize(sync_ms);
    const Summary life = summarize(held.lifetimes_ms);
    std::printf("%-16s %d %s connections held (reopened when closed) for %d s, %zu MiB RSS at the end:\n", name,
                clients, slow ? "slow (1 byte / 2 s)" : "idle", seconds, static_cast<std::size_t>(c.rss_kib() / 1024));
    std::printf("  health: %zu answered 200, %d failed or timed out (30 s); latency median %.1f p90 %.1f max %.1f ms\n",
                health_ms.size(), health_failed, h.median, h.p90, h.max);
    std::printf("  sync:   %zu answered 200, %d failed or timed out (30 s); latency median %.1f p90 %.1f max %.1f ms\n",
                sync_ms.size(), sync_failed, s.median, s.p90, s.max);
    std::printf("  held connections closed by the collector: %d, lifetime median %.0f ms max %.0f ms\n",
                held.dropped.load(), life.median, life.max);
}

// Eight kiosks upload a 4 MiB batch each at the same moment: the peak memory a genuine load
// needs (for MemoryMax= in the unit).
void big_syncs_scenario(const std::string& exe, const fs::path& dir) {
    Collector c(exe, dir / "big-syncs");
    if (!ruhr::crypto_init()) return;
    std::vector<std::string> bodies;
    for (int k = 0; k < 8; ++k) {
        json subs = json::array();
        std::size_t size = 200;
        for (int i = 0; size < 4 * 1024 * 1024 - 9000; ++i) {
            char id[40];
            std::snprintf(id, sizeof id, "019ab3a2-7c1e-7d2a-9f4b-%04x%08x", k, i);
            const std::string payload =
                json{{"forum", nullptr}, {"text", std::string(7600, static_cast<char>('a' + i % 26))}}.dump();
            json s{{"id", id},
                   {"seq", i + 1},
                   {"kind", "idea"},
                   {"kiosk_id", "kiosk-bench-01"},
                   {"visit_id", "019ab3a2-6a00-7000-8000-000000000001"},
                   {"pack_id", "bench"},
                   {"pack_version", "1"},
                   {"created_at", "2026-11-26T09:13:58.002Z"},
                   {"payload", payload},
                   {"payload_sha256", ruhr::sha256_hex(payload)}};
            size += s.dump().size() + 1;
            subs.push_back(std::move(s));
            if (subs.size() == 500) break;
        }
        bodies.push_back(
            json{{"protocol", 1}, {"kiosk_id", "kiosk-bench-01"}, {"heartbeat", json::object()}, {"submissions", subs}}
                .dump());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const long before = c.rss_kib();
    RssSampler sampler(c);
    std::vector<std::thread> kiosks;
    std::vector<std::pair<int, double>> results(bodies.size());
    for (std::size_t k = 0; k < bodies.size(); ++k)
        kiosks.emplace_back([&, k] {
            results[k] = request(c.port, sync_request(c.token, bodies[k]), std::chrono::milliseconds(60000));
        });
    for (auto& t : kiosks) t.join();
    const long peak = sampler.stop();
    int ok = 0;
    double slowest = 0;
    for (const auto& [status, took] : results) {
        ok += status == 200;
        slowest = std::max(slowest, took);
    }
    std::printf(
        "big-syncs        8 kiosks x %.1f MiB (%zu records each) at once: %d answered 200, slowest %.0f ms; "
        "RSS %.1f -> peak %.1f MiB\n",
        static_cast<double>(bodies[0].size()) / 1048576.0, json::parse(bodies[0])["submissions"].size(), ok, slowest,
        static_cast<double>(before) / 1024.0, static_cast<double>(peak) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr,
                     "usage: ruhr_collector_abuse_bench COLLECTOR_EXE [--mib N] [--clients N] [--seconds N] "
                     "[--only NAME]\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    const std::string exe = fs::absolute(argv[1]).string();
    std::uint64_t mib = 300;
    int clients = 100, seconds = 15;
    std::string only;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--mib") mib = std::strtoull(argv[i + 1], nullptr, 10);
        if (key == "--clients") clients = std::atoi(argv[i + 1]);
        if (key == "--seconds") seconds = std::atoi(argv[i + 1]);
        if (key == "--only") only = argv[i + 1];
    }
    const fs::path dir = fs::temp_directory_path() / ("ruhr-collector-abuse-bench-" + std::to_string(getpid()));
    const auto want = [&](const char* name) { return only.empty() || only == name; };
    std::printf("collector: %s\n", exe.c_str());
    if (want("chunked-no-token")) big_body_scenario(exe, dir, "chunked-no-token", false, true, mib);
    if (want("chunked-token")) big_body_scenario(exe, dir, "chunked-token", true, true, mib);
    if (want("length-no-token")) big_body_scenario(exe, dir, "length-no-token", false, false, mib);
    if (want("slow")) held_scenario(exe, dir, "slow", true, clients, seconds);
    if (want("idle")) held_scenario(exe, dir, "idle", false, clients, seconds);
    if (want("big-syncs")) big_syncs_scenario(exe, dir);
    fs::remove_all(dir);
    return 0;
}
