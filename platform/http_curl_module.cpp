// ruhr-kiosk-http.so: the libcurl transport as a module that the kiosk loads only when a
// collector is configured (platform/http_module.h). Plain C entry points, looked up by name.

#include "platform/http_curl.h"

extern "C" {

__attribute__((visibility("default"))) bool ruhr_http_global_setup() { return ruhr::curl_global_setup(); }

__attribute__((visibility("default"))) ruhr::HttpTransport* ruhr_http_create(const char* ca_file) {
    return new ruhr::CurlTransport(ca_file ? ca_file : "");
}
}
