#include "base/process.h"

#include <fstream>
#include <string>

namespace ruhr {

std::optional<long> resident_kib(pid_t pid) {
    std::ifstream in(pid == 0 ? std::string("/proc/self/status") : "/proc/" + std::to_string(pid) + "/status");
    std::string key;
    while (in >> key) {
        if (key == "VmRSS:") {
            long value = 0;
            if (in >> value) return value;
            return std::nullopt;
        }
        std::getline(in, key);
    }
    return std::nullopt;
}

}  // namespace ruhr
