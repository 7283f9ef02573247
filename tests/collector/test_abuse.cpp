// The collector under abuse (issue 14, finding 5): bodies that never end, bodies before the
// token, slow and idle connections. Each attack runs against an in-process server with short
// deadlines and must change nothing, while the genuine path keeps working. Raw sockets, since
// the attacks are what a well-behaved client never does. The figures with 300 MiB bodies and
// 100 connections held for seconds are bench/collector_abuse_bench.cpp's, not asserted here.

#include "backends.h"
#include "live_server.h"

#include "collector/server.h"

#include "base/clock.h"
#include "base/crypto.h"
#include "base/process.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace ruhr;
using namespace ruhr::collector;
using namespace ruhr::collector::test;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
using nlohmann::json;

namespace {

const std::string kiosk_token = "rck_abuse-test-kiosk-token";

// Deadlines short enough that a test of them takes a second.
ServerOptions quick_options() {
    ServerOptions o;
    o.threads = 2;
    o.limits.head_timeout = 600ms;
    o.limits.body_timeout = 600ms;
    o.limits.write_timeout = 1000ms;
    o.limits.linger_timeout = 300ms;
    return o;
}

// A collector on a fresh SQLite database with a kiosk token, serving on a free port.
class Served {
public:
    explicit Served(ServerOptions options = quick_options())
        : m_db(with_token(SqliteBackend::make())), m_server(*m_db->store, std::move(options)), port(m_server.port) {}
    void stop() { m_server.stop(); }
    /// The request log; call after stop().
    std::string log() const { return m_server.log(); }
    httplib::Client client() const { return m_server.client("", 5); }

private:
    static std::unique_ptr<TestDb> with_token(std::unique_ptr<TestDb> db) {
        REQUIRE(db->store->add_token(sha256_hex(kiosk_token), {Role::Kiosk, kiosk}, "t").ok());
        return db;
    }
    std::unique_ptr<TestDb> m_db;
    LiveServer m_server;

public:
    const int port;
};

struct Answer {
    int status = 0;  // 0: no answer
    std::string head, body;
};

// A TCP connection that does what the attacks need: stream a body and stop when the answer
// comes, send a head a byte at a time, or stay silent.
class RawClient {
public:
    explicit RawClient(int port) {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
    }
    ~RawClient() { ::close(m_fd); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    /// Sends all of `data` unless the server answers or closes first; false then.
    bool send(std::string_view data) {
        while (!data.empty()) {
            pollfd p{m_fd, POLLIN | POLLOUT, 0};
            if (::poll(&p, 1, 2000) <= 0 || (p.revents & (POLLIN | POLLHUP | POLLERR))) return false;
            const ssize_t n = ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Sends `chunk` again and again until the server answers or `limit` bytes are out; the
    /// bytes sent.
    std::uint64_t stream(std::string_view chunk, std::uint64_t limit) {
        std::uint64_t sent = 0;
        while (sent < limit && send(chunk)) sent += chunk.size();
        return sent;
    }

    /// The answer, read until its Content-Length is complete or the connection closes.
    Answer read_answer(std::chrono::milliseconds timeout = 3000ms) {
        const auto deadline = Steady::now() + timeout;
        std::string got = std::move(m_rest);  // a pipelined answer may have come with the last one
        m_rest.clear();
        for (;;) {
            const auto end = got.find("\r\n\r\n");
            if (end != std::string::npos) {
                Answer a;
                a.head = got.substr(0, end);
                const auto cl = a.head.find("Content-Length: ");
                const std::size_t length =
                    cl == std::string::npos ? 0 : std::strtoul(a.head.c_str() + cl + 16, nullptr, 10);
                if (got.size() >= end + 4 + length) {
                    a.status = std::atoi(got.c_str() + 9);
                    a.body = got.substr(end + 4, length);
                    m_rest = got.substr(end + 4 + length);
                    return a;
                }
            }
            if (!read_some(got, deadline)) return {};
        }
    }

    /// Whether the server closes the connection within `timeout`; what it sent before is in `got`.
    bool closed_within(std::chrono::milliseconds timeout, std::string* got = nullptr) {
        const auto deadline = Steady::now() + timeout;
        std::string data = m_rest;
        while (read_some(data, deadline)) {
        }
        if (got) *got = data;
        return m_closed;
    }

    int fd() const { return m_fd; }

private:
    // Appends what arrives until the deadline; false at the deadline or when the peer closed.
    bool read_some(std::string& into, Steady::time_point deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now()).count();
        if (left <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
        char buf[16 * 1024];
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n <= 0) {
            m_closed = true;
            return false;
        }
        into.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    int m_fd = -1;
    bool m_closed = false;
    std::string m_rest;
};

// The highest resident memory of this process while it lives, sampled every 5 ms; the server
// runs in this process.
class PeakRss {
public:
    PeakRss() : m_start(rss_kib()) {
        m_thread = std::thread([this] {
            while (!m_stop) {
                m_peak = std::max(m_peak.load(), rss_kib());
                std::this_thread::sleep_for(5ms);
            }
        });
    }
    ~PeakRss() { growth_mib(); }
    /// How much the peak was above the start, in MiB.
    double growth_mib() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
        return static_cast<double>(std::max(0L, m_peak - m_start)) / 1024.0;
    }

private:
    static long rss_kib() { return resident_kib().value_or(0); }
    long m_start;
    std::atomic<long> m_peak{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// The most this process may grow while an attack runs: what the server holds at most (a 4 MiB
// body and its buffers) with room to spare, never the size of the attack. Sanitizers keep
// shadow memory beside every byte and AddressSanitizer keeps freed memory in quarantine, so
// under them the same holdings weigh several times as much.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr double max_growth_mib = 96;
#else
constexpr double max_growth_mib = 24;
#endif

double ms_since(Steady::time_point t0) { return std::chrono::duration<double, std::milli>(Steady::now() - t0).count(); }

std::string sync_head(const std::string& token, const std::string& framing) {
    std::string head = "POST /v1/sync HTTP/1.1\r\nHost: collector\r\nContent-Type: application/json\r\n";
    if (!token.empty()) head += "Authorization: Bearer " + token + "\r\n";
    return head + framing + "\r\n";
}

// 64 KiB of body as one chunk.
std::string big_chunk() { return "10000\r\n" + std::string(64 * 1024, ' ') + "\r\n"; }

std::string one_record_body(int n) {
    const Record r = rating(kiosk, static_cast<std::uint64_t>(n), n, test_uuid(500), "vision", 4);
    return json{{"protocol", 1},
                {"kiosk_id", kiosk},
                {"heartbeat", {{"app_version", "0.2.0"}}},
                {"submissions", json::array({submission_json(r)})}}
        .dump();
}

// A genuine sync of one record over httplib::Client: 200 and a stored receipt.
void check_genuine_sync(const Served& s, int n) {
    auto c = s.client();
    c.set_bearer_token_auth(kiosk_token);
    const auto t0 = Steady::now();
    auto res = c.Post("/v1/sync", one_record_body(n), "application/json; charset=utf-8");
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    CHECK(res->status == 200);
    CHECK(json::parse(res->body)["receipts"][0]["status"] == "stored");
    CHECK(ms_since(t0) < 1000);
}

void check_health(const Served& s) {
    const auto t0 = Steady::now();
    auto res = s.client().Get("/v1/health");
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    CHECK(res->status == 200);
    CHECK(ms_since(t0) < 1000);
}

std::string gzip(const std::string& data) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace

TEST_CASE("a chunked body of hundreds of MiB without a token is answered 401 from its head and never read (issue 14)") {
    Served s;
    RawClient c(s.port);
    PeakRss rss;
    const auto t0 = Steady::now();
    REQUIRE(c.send(sync_head("", "Transfer-Encoding: chunked\r\n")));
    // Up to 512 MiB: the client stops when the answer arrives, as curl does.
    const std::uint64_t sent = c.stream(big_chunk(), 512ull << 20);
    const Answer a = c.read_answer();
    CHECK(a.status == 401);
    CHECK(json::parse(a.body)["error"] == "unauthorized");
    CHECK(ms_since(t0) < 1500);
    CHECK(sent < (32ull << 20));
    CHECK(rss.growth_mib() < max_growth_mib);
    CHECK(a.head.find("Connection: close") != std::string::npos);
    CHECK(c.closed_within(2000ms));
    check_health(s);
}

TEST_CASE("a chunked body with a valid token is refused with 413 once it passes 4 MiB, and memory stays flat") {
    Served s;
    RawClient c(s.port);
    PeakRss rss;
    REQUIRE(c.send(sync_head(kiosk_token, "Transfer-Encoding: chunked\r\n")));
    const std::uint64_t sent = c.stream(big_chunk(), 512ull << 20);
    const Answer a = c.read_answer();
    CHECK(a.status == 413);
    CHECK(json::parse(a.body)["error"] == "too_large");
    CHECK(sent < (64ull << 20));
    CHECK(rss.growth_mib() < max_growth_mib);
    CHECK(c.closed_within(2000ms));
    // A chunked body under the limit is read and answered as any other.
    RawClient ok(s.port);
    const std::string body = one_record_body(1);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", body.size());
    REQUIRE(ok.send(sync_head(kiosk_token, "Transfer-Encoding: chunked\r\n") + size + body + "\r\n0\r\n\r\n"));
    const Answer good = ok.read_answer();
    CHECK(good.status == 200);
    CHECK(json::parse(good.body)["receipts"][0]["status"] == "stored");
}

TEST_CASE("a declared Content-Length over 4 MiB is answered 413 before the body, with or without a token") {
    Served s;
    for (const std::string& token : {std::string(), kiosk_token}) {
        RawClient c(s.port);
        REQUIRE(c.send(sync_head(token, "Content-Length: 314572800\r\n")));
        const std::uint64_t sent = c.stream(std::string(64 * 1024, ' '), 300ull << 20);
        CHECK(sent < (32ull << 20));
        const Answer a = c.read_answer();
        CHECK(a.status == 413);
        CHECK(json::parse(a.body)["error"] == "too_large");
    }
}

TEST_CASE("a gzip body that inflates beyond 4 MiB is refused with 413") {
    Served s;
    const std::string bomb = gzip(std::string(64 << 20, ' '));
    REQUIRE(bomb.size() < (1 << 20));
    RawClient c(s.port);
    PeakRss rss;
    REQUIRE(c.send(
        sync_head(kiosk_token, "Content-Encoding: gzip\r\nContent-Length: " + std::to_string(bomb.size()) + "\r\n") +
        bomb));
    CHECK(c.read_answer().status == 413);
    CHECK(rss.growth_mib() < max_growth_mib);
}

TEST_CASE("a body sent where none belongs is refused without being read") {
    Served s;
    struct Case {
        std::string head;
        int status;
    };
    const std::vector<Case> cases = {
        {"POST /v1/results HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 404},
        {"POST /anything HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 404},
        // No length at all: cpp-httplib alone would read until the connection closes.
        {"POST /anything HTTP/1.1\r\nHost: x\r\n\r\n", 404},
        {"PUT /v1/sync HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 404},
        {"GET /v1/health HTTP/1.1\r\nContent-Length: 100000\r\n\r\n", 400},
        {"GET /v1/export HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
    };
    for (const auto& [head, status] : cases) {
        CAPTURE(head);
        RawClient c(s.port);
        const auto t0 = Steady::now();
        REQUIRE(c.send(head));
        const Answer a = c.read_answer();
        CHECK(a.status == status);
        CHECK(json::parse(a.body, nullptr, false).contains("error"));
        CHECK(ms_since(t0) < 500);
    }
}

TEST_CASE("ambiguous or unknown body framing is refused with 400") {
    Served s;
    for (const std::string& framing :
         {std::string("Transfer-Encoding: chunked\r\nContent-Length: 10\r\n"),
          std::string("Transfer-Encoding: gzip\r\n"),
          std::string("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
          std::string("Content-Length: 10\r\nContent-Length: 10\r\n"), std::string("Content-Length: ten\r\n"),
          std::string("Content-Length: -1\r\n"), std::string("Content-Length: 99999999999999999999999\r\n")}) {
        CAPTURE(framing);
        RawClient c(s.port);
        REQUIRE(c.send(sync_head(kiosk_token, framing)));
        CHECK(c.read_answer().status == 400);
    }
    // Without any length a POST has no body: answered as an empty one.
    RawClient c(s.port);
    REQUIRE(c.send(sync_head(kiosk_token, "")));
    const Answer a = c.read_answer(1000ms);
    CHECK(a.status == 400);
    CHECK(json::parse(a.body)["error"] == "bad_request");
}

TEST_CASE("Expect: 100-continue gets the refusal instead of 100 Continue, and a valid token gets to send") {
    Served s;
    const std::string body = one_record_body(1);
    const std::string framing = "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    {
        RawClient c(s.port);
        REQUIRE(c.send(sync_head("rck_wrong", framing)));
        const Answer a = c.read_answer();
        CHECK(a.status == 401);
        CHECK(json::parse(a.body)["error"] == "unauthorized");
    }
    {
        RawClient c(s.port);
        REQUIRE(c.send(sync_head(kiosk_token, "Expect: 100-continue\r\nContent-Length: 5000000\r\n")));
        CHECK(c.read_answer().status == 413);
    }
    RawClient c(s.port);
    REQUIRE(c.send(sync_head(kiosk_token, framing)));
    CHECK(c.read_answer().status == 100);
    REQUIRE(c.send(body));
    const Answer a = c.read_answer();
    CHECK(a.status == 200);
    CHECK(json::parse(a.body)["receipts"][0]["status"] == "stored");
}

TEST_CASE("a client that sends its head a byte at a time is answered 408 and dropped at the head deadline") {
    Served s;  // head deadline 600 ms
    RawClient c(s.port);
    const std::string head = sync_head(kiosk_token, "Content-Length: 2\r\n");
    const auto t0 = Steady::now();
    std::size_t sent = 0;
    std::string got;
    while (sent < head.size() && ms_since(t0) < 3000) {
        if (!c.send(head.substr(sent, 1))) break;
        ++sent;
        if (c.closed_within(150ms, &got)) break;
    }
    // send() stops as soon as the answer is there, possibly before closed_within() read it.
    if (got.empty()) (void)c.closed_within(1000ms, &got);
    CHECK(sent < head.size());
    CHECK(got.rfind("HTTP/1.1 408", 0) == 0);
    CHECK(got.find("\"timeout\"") != std::string::npos);
    CHECK(ms_since(t0) > 500);
    CHECK(ms_since(t0) < 1500);
}

TEST_CASE("an idle connection is closed without an answer at the head deadline") {
    Served s;
    RawClient c(s.port);
    const auto t0 = Steady::now();
    std::string got;
    CHECK(c.closed_within(2000ms, &got));
    CHECK(got.empty());
    CHECK(ms_since(t0) > 500);
    CHECK(ms_since(t0) < 1500);
}

TEST_CASE("a body with a valid token that trickles in is cut off at the body deadline with 408") {
    Served s;  // body deadline 600 ms
    RawClient c(s.port);
    const auto t0 = Steady::now();
    REQUIRE(c.send(sync_head(kiosk_token, "Content-Length: 1000\r\n") + "{\"protocol\":"));
    const Answer a = c.read_answer(2000ms);
    // Not 400, which a kiosk takes for a poison batch and sets aside: a slow link is retried.
    CHECK(a.status == 408);
    CHECK(json::parse(a.body)["error"] == "timeout");
    CHECK(ms_since(t0) > 500);
    CHECK(ms_since(t0) < 1500);
    CHECK(c.closed_within(1000ms));
}

TEST_CASE("with 100 slow and idle connections open on 2 workers, health and a genuine sync answer at once") {
    ServerOptions o = quick_options();
    o.threads = 2;
    o.limits.head_timeout = 30s;  // they must stay open while the check runs
    Served s(o);
    std::vector<std::unique_ptr<RawClient>> held;
    for (int i = 0; i < 100; ++i) {
        held.push_back(std::make_unique<RawClient>(s.port));
        // Half of them started a request and stopped, the others never sent anything.
        if (i % 2) REQUIRE(held.back()->send("POST /v1/sync HTTP/1.1\r\nAuthoriz"));
    }
    std::this_thread::sleep_for(100ms);
    for (int i = 0; i < 5; ++i) check_health(s);
    check_genuine_sync(s, 1);
    check_genuine_sync(s, 2);
    // They were served beside the held connections, not after dropping them.
    int still_open = 0;
    for (auto& c : held) still_open += c->closed_within(1ms) ? 0 : 1;
    CHECK(still_open == 100);
    s.stop();
    CHECK(s.log().find("GET /v1/health 200") != std::string::npos);
}

TEST_CASE("beyond the connection limit the oldest waiting connection makes room, and health still answers") {
    ServerOptions o = quick_options();
    o.limits.max_connections = 20;
    o.limits.head_timeout = 30s;
    Served s(o);
    std::vector<std::unique_ptr<RawClient>> held;
    for (int i = 0; i < 20; ++i) held.push_back(std::make_unique<RawClient>(s.port));
    std::this_thread::sleep_for(100ms);
    check_health(s);
    CHECK(held.front()->closed_within(1000ms));
    CHECK_FALSE(held.back()->closed_within(1ms));
}

TEST_CASE("the genuine path: keep-alive GETs, a pipelined pair, and a sync that closes its connection") {
    Served s;
    auto c = s.client();
    c.set_keep_alive(true);
    for (int i = 0; i < 3; ++i) {
        auto res = c.Get("/v1/health");
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    RawClient raw(s.port);
    REQUIRE(raw.send("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(raw.read_answer().status == 200);
    CHECK(raw.read_answer().status == 200);
    // A request with a body ends its connection, and says so.
    RawClient post(s.port);
    const std::string body = one_record_body(7);
    REQUIRE(post.send(sync_head(kiosk_token, "Content-Length: " + std::to_string(body.size()) + "\r\n") + body));
    const Answer a = post.read_answer();
    CHECK(a.status == 200);
    CHECK(a.head.find("Connection: close") != std::string::npos);
    CHECK(post.closed_within(1000ms));
}

TEST_CASE("a request head over 16 KiB is answered 431") {
    Served s;
    RawClient c(s.port);
    c.send("GET /v1/health HTTP/1.1\r\nX-Filler: " + std::string(20 * 1024, 'a') + "\r\n\r\n");
    const Answer a = c.read_answer();
    CHECK(a.status == 431);
    CHECK(json::parse(a.body)["error"] == "too_large");
}

TEST_CASE("over TLS, stalled handshakes and idle connections do not stop health and are dropped at the deadline") {
    const std::string base = unique_path("abuse-tls");
    const std::string cert = base + ".crt", key = base + ".key";
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
        std::cout << "RUHR_TEST_SKIPPED: the openssl command is not installed" << std::endl;
        return;
    }
    REQUIRE(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -days 1 -keyout '" + key +
                         "' -out '" + cert + "' >/dev/null 2>&1")
                            .c_str()) == 0);
    ServerOptions o = quick_options();
    o.threads = 1;
    o.tls_cert = cert;
    o.tls_key = key;
    Served s(o);
    std::vector<std::unique_ptr<RawClient>> held;
    for (int i = 0; i < 30; ++i) {
        held.push_back(std::make_unique<RawClient>(s.port));
        // A third send the first bytes of a ClientHello and stop.
        if (i % 3 == 0) REQUIRE(held.back()->send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)));
    }
    httplib::SSLClient tls("127.0.0.1", s.port);
    tls.enable_server_certificate_verification(false);
    tls.set_read_timeout(5);
    const auto t0 = Steady::now();
    auto res = tls.Get("/v1/health");
    REQUIRE_MESSAGE(res, "no answer: " << httplib::to_string(res.error()));
    CHECK(res->status == 200);
    CHECK(ms_since(t0) < 1000);
    for (auto& c : held) CHECK(c->closed_within(2000ms));
    std::remove(cert.c_str());
    std::remove(key.c_str());
}

TEST_CASE("stopping the server with slow connections open returns at once") {
    ServerOptions o = quick_options();
    o.limits.head_timeout = 30s;
    auto s = std::make_unique<Served>(o);
    std::vector<std::unique_ptr<RawClient>> held;
    for (int i = 0; i < 20; ++i) {
        held.push_back(std::make_unique<RawClient>(s->port));
        REQUIRE(held.back()->send("GET /v1/hea"));
    }
    std::this_thread::sleep_for(50ms);
    const auto t0 = Steady::now();
    s->stop();
    CHECK(ms_since(t0) < 1000);
    for (auto& c : held) CHECK(c->closed_within(1000ms));
}
