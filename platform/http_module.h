#pragma once
// The kiosk's HTTPS transport lives in a module of its own (ruhr-kiosk-http.so, libcurl and
// the TLS libraries behind it), loaded only when a collector is configured. A kiosk that
// takes its data home on USB sticks never maps those libraries: about 5 MiB less memory and
// 25 fewer libraries to load at every start (docs/benchmarks.md).

#include "kiosk/http.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace ruhr {

/// Makes one transport; `ca_file` is a CA bundle to trust instead of the system's (empty:
/// the system's).
using HttpTransportFactory = std::function<std::unique_ptr<HttpTransport>(const std::string& ca_file)>;

/// Loads the module (`path`, or by default next to the running binary, else from the
/// installed library folder), starts libcurl, and returns the factory; on failure an empty
/// function and `error` says why. Call from main before any thread starts. The module stays
/// loaded until the process ends.
HttpTransportFactory load_http_module(std::string& error, std::filesystem::path path = {});

}  // namespace ruhr
