#include "kiosk/event_log.h"

namespace ruhr {

bool EventLog::open(const std::string& path) {
    m_out.open(path, std::ios::out | std::ios::trunc);
    return m_out.is_open();
}

void EventLog::write(double t, nlohmann::json event) {
    if (!m_out.is_open()) return;
    event["t"] = std::round(t * 1000.0) / 1000.0;
    m_out << event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    m_out.flush();
}

}  // namespace ruhr
