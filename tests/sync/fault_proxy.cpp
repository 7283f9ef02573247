// ruhr_fault_proxy: an HTTP proxy for the sync fault tests. It sits between kiosks and the
// collector and, on command, fails the way real networks and servers fail: answers 500,
// closes the connection after the collector stored a batch but before the kiosk hears back,
// cuts the answer in half, never answers, answers slowly, or refuses everything (network
// gone). One request per connection (it answers with "Connection: close").
//
//   ruhr_fault_proxy --listen 127.0.0.1:0 --upstream 127.0.0.1:8080
//   prints "listening on 127.0.0.1:PORT"
//
// Control, on the proxy's own port (never forwarded):
//   GET /__proxy/mode?mode=pass|error500|drop_after_forward|truncate|drop_before_forward|hang|slow
//                     &p=0.5&delay_ms=1500&seed=7
//   GET /__proxy/stats  -> {"requests":N,"faulted":M}

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

namespace {

enum class Mode { Pass, Error500, DropAfterForward, Truncate, DropBeforeForward, Hang, Slow };

struct Settings {
    Mode mode = Mode::Pass;
    double p = 1.0;
    int delay_ms = 1000;
};

std::mutex g_mutex;
Settings g_settings;
std::mt19937_64 g_rng{1};
std::atomic<long> g_requests{0}, g_faulted{0};
std::string g_upstream_host = "127.0.0.1";
int g_upstream_port = 0;

bool write_all(int fd, const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
        const ssize_t n = ::send(fd, data.data() + off, data.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return false;
        off += static_cast<std::size_t>(n);
    }
    return true;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Reads one HTTP request (head and Content-Length body). Empty on a closed or broken socket.
std::string read_request(int fd, std::string& head_out, std::string& body_out) {
    std::string buf;
    char chunk[65536];
    std::size_t head_end = std::string::npos;
    while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return {};
        buf.append(chunk, static_cast<std::size_t>(n));
        if (buf.size() > 1 << 20) return {};
    }
    head_out = buf.substr(0, head_end + 2);
    std::size_t length = 0;
    const std::string lhead = lower(head_out);
    if (const auto p = lhead.find("\r\ncontent-length:"); p != std::string::npos)
        length = std::strtoul(lhead.c_str() + p + 17, nullptr, 10);
    body_out = buf.substr(head_end + 4);
    while (body_out.size() < length) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return {};
        body_out.append(chunk, static_cast<std::size_t>(n));
    }
    return head_out;
}

// The request head with "Connection: close", so the upstream ends its answer by closing.
std::string rewrite_head(const std::string& head) {
    std::string out;
    std::size_t pos = 0;
    bool first = true;
    while (pos < head.size()) {
        const auto e = head.find("\r\n", pos);
        const std::string line = head.substr(pos, e - pos);
        pos = e + 2;
        if (!first && lower(line).rfind("connection:", 0) == 0) continue;
        out += line + "\r\n";
        first = false;
    }
    return out + "Connection: close\r\n\r\n";
}

std::string forward(const std::string& head, const std::string& body) {
    const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(g_upstream_port));
    ::inet_pton(AF_INET, g_upstream_host.c_str(), &addr.sin_addr);
    std::string resp;
    if (::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        write_all(up, rewrite_head(head) + body)) {
        char chunk[65536];
        for (;;) {
            const ssize_t n = ::recv(up, chunk, sizeof chunk, 0);
            if (n <= 0) break;
            resp.append(chunk, static_cast<std::size_t>(n));
        }
    }
    ::close(up);
    return resp;
}

std::string http_answer(int status, const char* reason, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

std::map<std::string, std::string> query_params(const std::string& target) {
    std::map<std::string, std::string> out;
    const auto q = target.find('?');
    if (q == std::string::npos) return out;
    std::string rest = target.substr(q + 1);
    std::size_t pos = 0;
    while (pos <= rest.size()) {
        const auto amp = rest.find('&', pos);
        const std::string kv = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
        const auto eq = kv.find('=');
        if (eq != std::string::npos) out[kv.substr(0, eq)] = kv.substr(eq + 1);
        if (amp == std::string::npos) break;
        pos = amp + 1;
    }
    return out;
}

std::string control(const std::string& target) {
    if (target.rfind("/__proxy/stats", 0) == 0)
        return http_answer(200, "OK",
                           "{\"requests\":" + std::to_string(g_requests.load()) +
                               ",\"faulted\":" + std::to_string(g_faulted.load()) + "}");
    const auto params = query_params(target);
    static const std::map<std::string, Mode> names = {{"pass", Mode::Pass},
                                                      {"error500", Mode::Error500},
                                                      {"drop_after_forward", Mode::DropAfterForward},
                                                      {"truncate", Mode::Truncate},
                                                      {"drop_before_forward", Mode::DropBeforeForward},
                                                      {"hang", Mode::Hang},
                                                      {"slow", Mode::Slow}};
    std::lock_guard lock(g_mutex);
    if (const auto it = params.find("mode"); it != params.end()) {
        const auto m = names.find(it->second);
        if (m == names.end()) return http_answer(400, "Bad Request", "{\"error\":\"unknown mode\"}");
        g_settings.mode = m->second;
    }
    g_settings.p = params.count("p") ? std::atof(params.at("p").c_str()) : 1.0;
    if (params.count("delay_ms")) g_settings.delay_ms = std::atoi(params.at("delay_ms").c_str());
    if (params.count("seed")) g_rng.seed(std::strtoull(params.at("seed").c_str(), nullptr, 10));
    return http_answer(200, "OK", "{\"ok\":true}");
}

void serve(int client) {
    std::string head, body;
    if (read_request(client, head, body).empty()) {
        ::close(client);
        return;
    }
    const auto sp1 = head.find(' ');
    const auto sp2 = head.find(' ', sp1 + 1);
    const std::string target = head.substr(sp1 + 1, sp2 - sp1 - 1);
    if (target.rfind("/__proxy/", 0) == 0) {
        write_all(client, control(target));
        ::close(client);
        return;
    }
    g_requests++;
    Settings s;
    bool fault = false;
    {
        std::lock_guard lock(g_mutex);
        s = g_settings;
        fault = s.mode != Mode::Pass && std::uniform_real_distribution<double>(0.0, 1.0)(g_rng) < s.p;
    }
    if (fault) g_faulted++;
    const Mode mode = fault ? s.mode : Mode::Pass;
    switch (mode) {
    case Mode::DropBeforeForward: break;  // as if the network were gone: closed, nothing sent on
    case Mode::Error500:
        write_all(client, http_answer(500, "Internal Server Error",
                                      "{\"error\":\"internal\",\"message\":\"injected by the fault proxy\"}"));
        break;
    case Mode::Hang: {
        // Never answer; wait until the kiosk gives up (its timeout) and closes.
        pollfd p{client, POLLIN, 0};
        for (int i = 0; i < 600; ++i) {
            if (::poll(&p, 1, 100) > 0) break;
        }
        break;
    }
    case Mode::DropAfterForward: (void)forward(head, body); break;  // stored upstream, answer lost
    case Mode::Truncate: {
        const std::string resp = forward(head, body);
        write_all(client, resp.substr(0, resp.size() / 2));
        break;
    }
    case Mode::Slow: {
        const std::string resp = forward(head, body);
        std::this_thread::sleep_for(std::chrono::milliseconds(s.delay_ms));
        write_all(client, resp);
        break;
    }
    case Mode::Pass: {
        const std::string resp = forward(head, body);
        if (resp.empty())
            write_all(client,
                      http_answer(502, "Bad Gateway", "{\"error\":\"bad_gateway\",\"message\":\"upstream down\"}"));
        else
            write_all(client, resp);
        break;
    }
    }
    ::shutdown(client, SHUT_RDWR);
    ::close(client);
}

bool split_host_port(const std::string& s, std::string& host, int& port) {
    const auto c = s.rfind(':');
    if (c == std::string::npos) return false;
    host = s.substr(0, c);
    port = std::atoi(s.c_str() + c + 1);
    return port >= 0 && port < 65536;
}

}  // namespace

int main(int argc, char** argv) {
    std::string listen = "127.0.0.1:0", upstream;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--listen")
            listen = argv[i + 1];
        else if (a == "--upstream")
            upstream = argv[i + 1];
    }
    std::string lhost;
    int lport = 0;
    if (!split_host_port(listen, lhost, lport) || !split_host_port(upstream, g_upstream_host, g_upstream_port)) {
        std::cerr << "usage: ruhr_fault_proxy --listen HOST:PORT --upstream HOST:PORT\n";
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);
    const int srv = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(lport));
    ::inet_pton(AF_INET, lhost.c_str(), &addr.sin_addr);
    if (::bind(srv, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(srv, 128) != 0) {
        std::perror("ruhr_fault_proxy: bind");
        return 2;
    }
    socklen_t len = sizeof addr;
    ::getsockname(srv, reinterpret_cast<sockaddr*>(&addr), &len);
    std::cout << "listening on " << lhost << ":" << ntohs(addr.sin_port) << std::endl;
    for (;;) {
        const int c = ::accept4(srv, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) continue;
        std::thread(serve, c).detach();
    }
}
