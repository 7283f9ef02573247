#include "collector/http_front.h"

#include "collector/protocol.h"

#include <httplib.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace ruhr::collector {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// What a connection waits for while the watching thread has it.
enum class Phase { Handshake, Head, Draining };

struct Connection {
    int fd = -1;
    SSL* ssl = nullptr;
    Phase phase = Phase::Head;
    // Received and not yet consumed: the head, perhaps the start of a body or a next request.
    std::string buffer;
    Clock::time_point deadline;
    // What epoll watches for; 0 while it is not registered (a worker has it).
    std::uint32_t events = 0;
    std::size_t drained = 0;
    int answered = 0;
    // The list of the watching thread that holds it, and where.
    std::list<std::unique_ptr<Connection>>* list = nullptr;
    std::list<std::unique_ptr<Connection>>::iterator where;
    std::atomic<int>* open_count = nullptr;

    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        if (ssl) SSL_free(ssl);
        if (fd >= 0) ::close(fd);
        if (open_count) --*open_count;
    }
};
using ConnectionPtr = std::unique_ptr<Connection>;

// One step of I/O on a non-blocking socket, plain or TLS.
enum class Io { Data, End, WantRead, WantWrite, Failed };

struct IoResult {
    Io io;
    std::size_t bytes = 0;
};

IoResult tls_result(SSL* ssl, int r) {
    if (r > 0) return {Io::Data, static_cast<std::size_t>(r)};
    switch (SSL_get_error(ssl, r)) {
    case SSL_ERROR_WANT_READ: return {Io::WantRead};
    case SSL_ERROR_WANT_WRITE: return {Io::WantWrite};
    case SSL_ERROR_ZERO_RETURN: return {Io::End};
    default: return {Io::Failed};
    }
}

IoResult receive(Connection& c, char* data, std::size_t size) {
    if (c.ssl) {
        ERR_clear_error();
        return tls_result(c.ssl, SSL_read(c.ssl, data, static_cast<int>(std::min<std::size_t>(size, INT32_MAX))));
    }
    for (;;) {
        const ssize_t n = ::recv(c.fd, data, size, 0);
        if (n > 0) return {Io::Data, static_cast<std::size_t>(n)};
        if (n == 0) return {Io::End};
        if (errno == EINTR) continue;
        return {errno == EAGAIN || errno == EWOULDBLOCK ? Io::WantRead : Io::Failed};
    }
}

IoResult transmit(Connection& c, const char* data, std::size_t size) {
    if (c.ssl) {
        ERR_clear_error();
        return tls_result(c.ssl, SSL_write(c.ssl, data, static_cast<int>(std::min<std::size_t>(size, INT32_MAX))));
    }
    for (;;) {
        const ssize_t n = ::send(c.fd, data, size, MSG_NOSIGNAL);
        if (n >= 0) return {Io::Data, static_cast<std::size_t>(n)};
        if (errno == EINTR) continue;
        return {errno == EAGAIN || errno == EWOULDBLOCK ? Io::WantWrite : Io::Failed};
    }
}

// Waits until `fd` is ready for `events` or `deadline` has passed; false on the deadline.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::ceil<milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
}

void address_of(const sockaddr_storage& a, std::string& ip, int& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (a.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

// The connection as cpp-httplib reads and writes it while a worker answers one request. Reads
// serve the buffered head first; then every read is bounded by the body deadline and the byte
// budget, every write by the pause allowed while writing.
class ConnectionStream final : public httplib::Stream {
public:
    ConnectionStream(Connection& c, const ConnectionLimits& limits)
        : m_c(c),
          m_read_deadline(Clock::now() + limits.body_timeout),
          m_write_timeout(limits.write_timeout),
          m_budget(limits.max_body_read_bytes) {}

    bool is_readable() const override {
        return m_pos < m_c.buffer.size() || (m_c.ssl && SSL_pending(m_c.ssl) > 0) ||
               wait_for(m_c.fd, POLLIN, m_read_deadline);
    }
    bool is_writable() const override { return wait_for(m_c.fd, POLLOUT, Clock::now() + m_write_timeout); }

    // TLS may want the other direction than the call's (a renegotiation): wait for what it asks.
    bool wait_until_ready(Io want, Clock::time_point deadline) const {
        return wait_for(m_c.fd, want == Io::WantRead ? POLLIN : POLLOUT, deadline);
    }

    ssize_t read(char* data, size_t size) override {
        if (m_pos < m_c.buffer.size()) {
            const std::size_t n = std::min(size, m_c.buffer.size() - m_pos);
            std::memcpy(data, m_c.buffer.data() + m_pos, n);
            m_pos += n;
            return static_cast<ssize_t>(n);
        }
        if (m_budget == 0) return -1;
        size = std::min(size, m_budget);
        for (;;) {
            const IoResult r = receive(m_c, data, size);
            switch (r.io) {
            case Io::Data: m_budget -= r.bytes; return static_cast<ssize_t>(r.bytes);
            case Io::End: return 0;
            case Io::WantRead:
            case Io::WantWrite:
                if (!wait_until_ready(r.io, m_read_deadline)) return -1;
                break;
            case Io::Failed: return -1;
            }
        }
    }

    ssize_t write(const char* data, size_t size) override {
        const auto deadline = Clock::now() + m_write_timeout;
        for (;;) {
            const IoResult r = transmit(m_c, data, size);
            switch (r.io) {
            case Io::Data: return static_cast<ssize_t>(r.bytes);
            case Io::WantRead:
            case Io::WantWrite:
                if (!wait_until_ready(r.io, deadline)) return -1;
                break;
            case Io::End:
            case Io::Failed: return -1;
            }
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage a{};
        socklen_t len = sizeof a;
        if (::getpeername(m_c.fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        sockaddr_storage a{};
        socklen_t len = sizeof a;
        if (::getsockname(m_c.fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, port);
    }
    socket_t socket() const override { return m_c.fd; }

    /// Leaves what was buffered but not consumed (a pipelined next request) in the connection.
    void keep_unread() {
        m_c.buffer.erase(0, m_pos);
        m_pos = 0;
    }

private:
    Connection& m_c;
    std::size_t m_pos = 0;
    Clock::time_point m_read_deadline;
    milliseconds m_write_timeout;
    std::size_t m_budget;
};

// A canned answer from the watching thread, which has no cpp-httplib request to answer with.
std::string canned_answer(int status, std::string_view code, std::string_view message) {
    const char* reason = status == 408   ? "Request Timeout"
                         : status == 431 ? "Request Header Fields Too Large"
                                         : "Service Unavailable";
    const std::string body = dump_json(error_json(code, message));
    std::string text =
        "HTTP/1.1 " + std::to_string(status) + " " + reason +
        "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\nConnection: close\r\n";
    if (status == 503) text += "Retry-After: 5\r\n";
    return text + "\r\n" + body;
}

// The end of a request head: an empty line (cpp-httplib ends the headers at the first CRLF
// line, so this is exactly where it stops reading).
bool head_complete(const std::string& buffer) { return buffer.find("\r\n\r\n") != std::string::npos; }

// Blocks SIGPIPE in the calling thread: OpenSSL writes with write(2), which raises it when the
// peer has gone; blocked, the write fails with EPIPE instead.
void block_sigpipe() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// Counts of connections dropped, for the periodic log line.
struct Drops {
    long slow = 0, evicted = 0, refused = 0, tls = 0, head_too_large = 0;
    bool any() const { return slow || evicted || refused || tls || head_too_large; }
};

}  // namespace

struct HttpFront::Impl {
    ConnectionLimits limits;
    int worker_count;
    AnswerRequest answer;
    std::function<void(const std::string&)> log;
    SSL_CTX* tls = nullptr;
    int listen_fd = -1;
    int wake_fd = -1;
    int epoll_fd = -1;

    // run() and stop().
    std::mutex run_mutex;
    std::condition_variable run_changed;
    bool stop_requested = false;
    bool running = false;
    std::atomic<bool> stopping{false};

    // Connections ready for a worker, and those the workers hand back.
    std::mutex queue_mutex;
    std::condition_variable queue_changed;
    std::deque<ConnectionPtr> ready;
    bool workers_stop = false;
    std::vector<ConnectionPtr> returned;

    // The watching thread's own: connections waiting for a head (oldest first, which is also
    // deadline order) and those closing.
    std::list<ConnectionPtr> waiting;
    std::list<ConnectionPtr> draining;
    std::atomic<int> open{0};
    Clock::time_point accept_paused_until{};
    bool listener_failed = false;
    Drops drops;
    Clock::time_point next_log = Clock::now() + std::chrono::seconds(10);

    Impl(ConnectionLimits l, int w, AnswerRequest a, std::function<void(const std::string&)> lg)
        : limits(l), worker_count(std::max(1, w)), answer(std::move(a)), log(std::move(lg)) {
        limits.max_connections = std::clamp(limits.max_connections, 1, 900);
        wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    }
    ~Impl() {
        if (listen_fd >= 0) ::close(listen_fd);
        if (wake_fd >= 0) ::close(wake_fd);
        if (epoll_fd >= 0) ::close(epoll_fd);
        if (tls) SSL_CTX_free(tls);
    }

    void wake() const {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(wake_fd, &one, sizeof one);
    }

    // --- the watching thread ---

    void watch(Connection& c, std::uint32_t events) {
        if (c.events == events) return;
        epoll_event e{};
        e.events = events;
        e.data.ptr = &c;
        ::epoll_ctl(epoll_fd, c.events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &e);
        c.events = events;
    }

    ConnectionPtr take(Connection& c) {
        if (c.events != 0) ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);
        c.events = 0;
        ConnectionPtr owned = std::move(*c.where);
        c.list->erase(c.where);
        c.list = nullptr;
        return owned;
    }

    void drop(Connection& c) { take(c); }

    Connection& hold(std::list<ConnectionPtr>& list, ConnectionPtr c, milliseconds timeout) {
        c->deadline = Clock::now() + timeout;
        list.push_back(std::move(c));
        Connection& held = *list.back();
        held.list = &list;
        held.where = std::prev(list.end());
        return held;
    }

    // Sends what fits at once (the socket's buffer is empty), then closes after lingering.
    void answer_and_close(Connection& c, int status, std::string_view code, std::string_view message) {
        const std::string text = canned_answer(status, code, message);
        if (!c.ssl || SSL_is_init_finished(c.ssl)) (void)transmit(c, text.data(), text.size());
        begin_close(c);
        draining.splice(draining.end(), *c.list, c.where);
        c.list = &draining;
        c.deadline = Clock::now() + limits.linger_timeout;
        watch(c, EPOLLIN);
    }

    void on_event(Connection& c) {
        switch (c.phase) {
        case Phase::Handshake: return advance_handshake(c);
        case Phase::Head: return read_head(c);
        case Phase::Draining: return drain(c);
        }
    }

    void advance_handshake(Connection& c) {
        ERR_clear_error();
        const IoResult r = tls_result(c.ssl, SSL_accept(c.ssl));
        if (r.io == Io::Data) {
            c.phase = Phase::Head;
            return read_head(c);
        }
        if (r.io == Io::WantRead) return watch(c, EPOLLIN);
        if (r.io == Io::WantWrite) return watch(c, EPOLLOUT);
        ++drops.tls;
        drop(c);
    }

    void read_head(Connection& c) {
        char buf[16 * 1024];
        for (;;) {
            if (head_complete(c.buffer)) return hand_over(c);
            if (c.buffer.size() >= limits.max_head_bytes) {
                ++drops.head_too_large;
                return answer_and_close(
                    c, 431, "too_large",
                    "the request head is larger than " + std::to_string(limits.max_head_bytes / 1024) + " KiB");
            }
            // TLS: read until OpenSSL has nothing buffered, or epoll would not wake for it.
            const IoResult r = receive(c, buf, sizeof buf);
            if (r.io == Io::Data) {
                c.buffer.append(buf, r.bytes);
                continue;
            }
            if (r.io == Io::WantRead) return watch(c, EPOLLIN);
            if (r.io == Io::WantWrite) return watch(c, EPOLLOUT);
            return drop(c);
        }
    }

    void drain(Connection& c) {
        char buf[64 * 1024];
        const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
        if (n > 0) c.drained += static_cast<std::size_t>(n);
        if (n <= 0 || c.drained > limits.max_linger_bytes) drop(c);
    }

    void hand_over(Connection& c) {
        ConnectionPtr owned = take(c);
        {
            std::lock_guard lock(queue_mutex);
            ready.push_back(std::move(owned));
        }
        queue_changed.notify_one();
    }

    // Room for one more connection: the oldest closing one goes, else the oldest waiting one.
    bool make_room() {
        if (!draining.empty()) {
            drop(*draining.front());
            return true;
        }
        if (!waiting.empty()) {
            ++drops.evicted;
            drop(*waiting.front());
            return true;
        }
        return false;
    }

    void accept_new() {
        // A burst at a time, so that the events of open connections are not starved.
        for (int i = 0; i < 64; ++i) {
            const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EAGAIN || errno == EWOULDBLOCK) return;
                if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO || errno == EPERM) continue;
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    // Out of descriptors or memory: the listening socket would wake the loop at
                    // once again; look at it again in 100 ms.
                    accept_paused_until = Clock::now() + milliseconds(100);
                    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
                    ++drops.refused;
                    return;
                }
                listener_failed = true;
                return;
            }
            if (open >= limits.max_connections && !make_room()) {
                // Every connection is being answered: say so and close.
                ++drops.refused;
                if (!tls) {
                    const std::string text =
                        canned_answer(503, "unavailable", "the collector is busy, try again later");
                    [[maybe_unused]] const auto n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
                }
                ::close(fd);
                continue;
            }
            auto c = std::make_unique<Connection>();
            c->fd = fd;
            c->open_count = &open;
            ++open;
            const int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            if (tls) {
                c->ssl = SSL_new(tls);
                if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
                    ++drops.tls;
                    continue;
                }
                c->phase = Phase::Handshake;
            }
            Connection& held = hold(waiting, std::move(c), limits.head_timeout);
            watch(held, EPOLLIN);
        }
    }

    void take_back() {
        std::vector<ConnectionPtr> back;
        {
            std::lock_guard lock(queue_mutex);
            back.swap(returned);
        }
        for (auto& c : back) {
            if (c->phase == Phase::Draining) {
                watch(hold(draining, std::move(c), limits.linger_timeout), EPOLLIN);
            } else {
                // The next request may be buffered already (pipelined, or inside OpenSSL).
                read_head(hold(waiting, std::move(c), limits.head_timeout));
            }
        }
    }

    void expire(Clock::time_point now) {
        while (!waiting.empty() && waiting.front()->deadline <= now) {
            Connection& c = *waiting.front();
            if (c.phase == Phase::Head && !c.buffer.empty()) {
                ++drops.slow;
                answer_and_close(
                    c, 408, "timeout",
                    "the request head did not arrive within " + std::to_string(limits.head_timeout.count()) + " ms");
            } else {
                // Idle (keep-alive, or never sent anything) or a TLS handshake that stalled.
                if (c.phase == Phase::Handshake) ++drops.slow;
                drop(c);
            }
        }
        while (!draining.empty() && draining.front()->deadline <= now) drop(*draining.front());
        if (accept_paused_until != Clock::time_point{} && accept_paused_until <= now) {
            accept_paused_until = {};
            epoll_event e{};
            e.events = EPOLLIN;
            e.data.ptr = nullptr;
            ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &e);
        }
        if (now >= next_log) {
            next_log = now + std::chrono::seconds(10);
            if (drops.any() && log) {
                log("connections dropped in the last 10 s: " + std::to_string(drops.slow) + " too slow, " +
                    std::to_string(drops.evicted) + " closed for newer ones (" +
                    std::to_string(limits.max_connections) + " open at most), " + std::to_string(drops.refused) +
                    " refused, " + std::to_string(drops.tls) + " failed TLS, " + std::to_string(drops.head_too_large) +
                    " heads too large");
            }
            drops = {};
        }
    }

    int wait_ms(Clock::time_point now) const {
        Clock::time_point next = std::min(next_log, now + milliseconds(1000));
        if (!waiting.empty()) next = std::min(next, waiting.front()->deadline);
        if (!draining.empty()) next = std::min(next, draining.front()->deadline);
        if (accept_paused_until != Clock::time_point{}) next = std::min(next, accept_paused_until);
        return static_cast<int>(std::max<long long>(0, std::chrono::ceil<milliseconds>(next - now).count()));
    }

    void loop() {
        block_sigpipe();
        epoll_event e{};
        e.events = EPOLLIN;
        e.data.ptr = nullptr;  // the listening socket
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &e);
        e.data.ptr = this;  // the wake-up
        ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &e);
        std::vector<epoll_event> events(256);
        while (!stopping && !listener_failed) {
            const int n = ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), wait_ms(Clock::now()));
            if (n < 0 && errno != EINTR) {
                listener_failed = true;
                break;
            }
            // Connections first: accepting may close waiting connections to make room, and
            // none of this batch's events may refer to a closed one.
            bool accept_ready = false, woken = false;
            for (int i = 0; i < n; ++i) {
                void* p = events[static_cast<std::size_t>(i)].data.ptr;
                if (p == nullptr)
                    accept_ready = true;
                else if (p == this)
                    woken = true;
                else
                    on_event(*static_cast<Connection*>(p));
            }
            if (woken) {
                std::uint64_t count;
                [[maybe_unused]] const auto r = ::read(wake_fd, &count, sizeof count);
                take_back();
            }
            if (accept_ready) accept_new();
            expire(Clock::now());
        }
        waiting.clear();
        draining.clear();
    }

    // --- the workers ---

    void work() {
        block_sigpipe();
        for (;;) {
            ConnectionPtr c;
            {
                std::unique_lock lock(queue_mutex);
                queue_changed.wait(lock, [&] { return workers_stop || !ready.empty(); });
                if (ready.empty()) return;
                c = std::move(ready.front());
                ready.pop_front();
            }
            ++c->answered;
            const bool last = stopping || c->answered >= limits.max_requests_per_connection;
            AfterAnswer after = AfterAnswer::Close;
            {
                ConnectionStream stream(*c, limits);
                after = answer(stream, last ? LastRequest::Yes : LastRequest::No);
                stream.keep_unread();
            }
            if (after == AfterAnswer::Close || last) begin_close(*c);
            {
                std::lock_guard lock(queue_mutex);
                returned.push_back(std::move(c));
            }
            wake();
        }
    }

    // The answer is out: say so to the peer (TLS close_notify, then FIN) and read what it
    // still sends for a moment, so that it reads the answer instead of a reset.
    static void begin_close(Connection& c) {
        if (c.ssl && SSL_is_init_finished(c.ssl)) {
            ERR_clear_error();
            SSL_shutdown(c.ssl);
        }
        ::shutdown(c.fd, SHUT_WR);
        c.phase = Phase::Draining;
        c.drained = 0;
    }
};

HttpFront::HttpFront(ConnectionLimits limits, int workers, AnswerRequest answer,
                     std::function<void(const std::string&)> log)
    : m(std::make_unique<Impl>(limits, workers, std::move(answer), std::move(log))) {}

HttpFront::~HttpFront() { stop(); }

Status HttpFront::use_tls(const std::string& cert_file, const std::string& key_file) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    const auto refuse = [&] {
        if (ctx) SSL_CTX_free(ctx);
        ERR_clear_error();
        return Error{ErrorKind::Invalid, "cannot use the TLS certificate " + cert_file + " with the key " + key_file};
    };
    if (!ctx) return refuse();
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    // Writes may be partial and retried from another place: the stream writes what it can.
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1)
        return refuse();
    if (m->tls) SSL_CTX_free(m->tls);
    m->tls = ctx;
    return ok_status();
}

Result<int> HttpFront::bind(const std::string& host, int port) {
    const std::string where = host + ":" + (port == 0 ? std::string("any port") : std::to_string(port));
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found)
        return Error{ErrorKind::Network, "cannot listen on " + where + " (not an address here?)"};
    int fd = -1;
    for (addrinfo* a = found; a; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        const int yes = 1, no = 0;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        // "[::]" takes IPv4 as well, as it did with cpp-httplib's own listener.
        if (a->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, SOMAXCONN) == 0) break;
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(found);
    if (fd < 0) return Error{ErrorKind::Network, "cannot listen on " + where + " (in use, or not an address here?)"};
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    std::string ip;
    int bound = port;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) address_of(a, ip, bound);
    if (m->listen_fd >= 0) ::close(m->listen_fd);
    m->listen_fd = fd;
    return bound;
}

bool HttpFront::run() {
    {
        std::lock_guard lock(m->run_mutex);
        if (m->stop_requested) return true;
        if (m->listen_fd < 0 || m->wake_fd < 0) return false;
        m->running = true;
    }
    m->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    bool ok = m->epoll_fd >= 0;
    if (ok) {
        std::vector<std::thread> workers;
        for (int i = 0; i < m->worker_count; ++i) workers.emplace_back([this] { m->work(); });
        // The watching loop has a thread of its own so that SIGPIPE is blocked in every thread
        // that writes to a socket, whatever the caller's signal mask.
        std::thread watcher([this] { m->loop(); });
        watcher.join();
        ok = !m->listener_failed;
        m->stopping = true;
        {
            std::lock_guard lock(m->queue_mutex);
            m->workers_stop = true;
        }
        m->queue_changed.notify_all();
        for (auto& w : workers) w.join();
        m->returned.clear();
        m->ready.clear();
        ::close(m->epoll_fd);
        m->epoll_fd = -1;
    }
    {
        std::lock_guard lock(m->run_mutex);
        m->running = false;
    }
    m->run_changed.notify_all();
    return ok;
}

void HttpFront::stop() {
    std::unique_lock lock(m->run_mutex);
    m->stop_requested = true;
    m->stopping = true;
    m->wake();
    m->run_changed.wait(lock, [&] { return !m->running; });
}

}  // namespace ruhr::collector
