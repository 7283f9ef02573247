// The kiosk loads its HTTPS transport (libcurl) as a module, only when a collector is
// configured (platform/http_module.h). These load the module as the kiosk does.

#include "platform/http_module.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// A loopback port where nothing listens: bound, never listened on, closed at the end.
struct ClosedPort {
    int fd = -1;
    int port = 0;
    ClosedPort() {
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~ClosedPort() { close(fd); }
};

}  // namespace

TEST_CASE("the HTTP module loads and its transport reports a refused connection as an error") {
    std::string error;
    const ruhr::HttpTransportFactory make = ruhr::load_http_module(error, RUHR_TEST_HTTP_MODULE);
    REQUIRE_MESSAGE(make, error);
    CHECK(error.empty());
    std::unique_ptr<ruhr::HttpTransport> transport = make("");
    REQUIRE(transport);
    ClosedPort closed;
    ruhr::HttpRequest request;
    request.url = "http://127.0.0.1:" + std::to_string(closed.port) + "/v1/health";
    request.timeout_s = 5;
    request.connect_timeout_s = 5;
    const ruhr::HttpResponse response = transport->send(request);
    CHECK(response.status == 0);
    CHECK_FALSE(response.error.empty());
}

TEST_CASE("a missing HTTP module gives a message that names the file, and no factory") {
    std::string error;
    const ruhr::HttpTransportFactory make = ruhr::load_http_module(error, "/nonexistent/ruhr-kiosk-http.so");
    CHECK_FALSE(make);
    CHECK(error.find("/nonexistent/ruhr-kiosk-http.so") != std::string::npos);
}

TEST_CASE("a library that is not the HTTP module is refused") {
    std::string error;
    const ruhr::HttpTransportFactory make = ruhr::load_http_module(error, "libz.so.1");
    CHECK_FALSE(make);
    CHECK(error.find("not the kiosk's HTTP module") != std::string::npos);
}
