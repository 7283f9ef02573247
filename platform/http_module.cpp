#include "platform/http_module.h"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>

// The module's entry points (platform/http_curl_module.cpp).
using GlobalSetupFn = bool (*)();
using CreateFn = ruhr::HttpTransport* (*)(const char* ca_file);

namespace ruhr {

namespace {
constexpr const char* k_module_file = "ruhr-kiosk-http.so";

std::filesystem::path running_binary_dir() {
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}
}  // namespace

HttpTransportFactory load_http_module(std::string& error, std::filesystem::path path) {
    std::error_code ec;
    if (path.empty()) {
        path = running_binary_dir() / k_module_file;  // the build tree
        if (!std::filesystem::exists(path, ec)) path = std::filesystem::path(RUHR_INSTALLED_MODULE_DIR) / k_module_file;
    }
    // Never closed: libcurl keeps global state, and transports may live until exit.
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        const char* text = dlerror();
        std::string why = text ? text : "unknown error";
        // dlerror() starts with the file's name, which the message already has.
        if (why.rfind(path.string() + ": ", 0) == 0) why.erase(0, path.string().size() + 2);
        error = "cannot load " + path.string() + ": " + why;
        return {};
    }
    const auto setup = reinterpret_cast<GlobalSetupFn>(dlsym(module, "ruhr_http_global_setup"));
    const auto create = reinterpret_cast<CreateFn>(dlsym(module, "ruhr_http_create"));
    if (!setup || !create) {
        error = path.string() + " is not the kiosk's HTTP module (entry points missing)";
        return {};
    }
    if (!setup()) {
        error = "libcurl cannot start";
        return {};
    }
    return [create](const std::string& ca_file) { return std::unique_ptr<HttpTransport>(create(ca_file.c_str())); };
}

}  // namespace ruhr
