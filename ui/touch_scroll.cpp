#include "ui/touch_scroll.h"

#include <algorithm>
#include <cmath>

namespace ruhr {

namespace {
constexpr double k_velocity_window = 0.1;  // s of samples used to estimate the flick speed
constexpr float k_min_flick = 60.0f;       // px/s below which a release does not coast
constexpr float k_stop_speed = 15.0f;      // px/s at which coasting ends
constexpr double k_time_constant = 0.35;   // s; exponential slow-down like common touch UIs
constexpr float k_max_speed = 8000.0f;
}  // namespace

void TouchScroller::reset() {
    m_pressed = m_dragging = m_drag_ended_this_frame = m_coasting = m_ignoring = false;
    m_velocity = 0.0f;
    m_samples.clear();
}

float TouchScroller::update(const PointerState& p, double now, float scroll, float max_scroll) {
    m_drag_ended_this_frame = false;
    const double dt = std::clamp(now - m_last_t, 0.0, 0.1);
    m_last_t = now;
    max_scroll = std::max(0.0f, max_scroll);

    if (!p.down) m_ignoring = false;
    if (p.down && !m_pressed && !m_ignoring) {
        // A new press. Only presses that start inside this area belong to it; one that starts
        // outside stays ignored even when the finger slides in.
        if (!p.inside_area) {
            m_ignoring = true;
            return std::clamp(scroll, 0.0f, max_scroll);
        }
        m_pressed = true;
        m_start_x = p.x;
        m_start_y = p.y;
        m_start_scroll = scroll;
        m_samples.clear();
        // Touching coasting content stops it, and that touch is a drag, not a tap.
        m_dragging = m_coasting;
        m_coasting = false;
        m_velocity = 0.0f;
    }
    if (m_pressed && p.down) {
        if (!m_dragging && std::hypot(p.x - m_start_x, p.y - m_start_y) > m_threshold) {
            m_dragging = true;
            // Start from the current finger position so the content does not jump by the threshold.
            m_start_y = p.y;
            m_start_scroll = scroll;
        }
        if (m_dragging) {
            scroll = m_start_scroll - (p.y - m_start_y);
            m_samples.push_back({now, p.y});
            while (m_samples.size() > 2 && now - m_samples.front().t > k_velocity_window) m_samples.pop_front();
        }
    } else if (m_pressed && !p.down) {
        m_pressed = false;
        if (m_dragging) {
            m_dragging = false;
            m_drag_ended_this_frame = true;
            if (m_samples.size() >= 2) {
                const double span = m_samples.back().t - m_samples.front().t;
                if (span > 1e-4) m_velocity = static_cast<float>(-(m_samples.back().y - m_samples.front().y) / span);
            }
            m_velocity = std::clamp(m_velocity, -k_max_speed, k_max_speed);
            m_coasting = std::fabs(m_velocity) > k_min_flick && max_scroll > 0.0f;
        }
        m_samples.clear();
    } else if (m_coasting) {
        scroll += m_velocity * static_cast<float>(dt);
        m_velocity *= static_cast<float>(std::exp(-dt / k_time_constant));
        if (std::fabs(m_velocity) < k_stop_speed || scroll <= 0.0f || scroll >= max_scroll) {
            m_coasting = false;
            m_velocity = 0.0f;
        }
    }
    return std::clamp(scroll, 0.0f, max_scroll);
}

}  // namespace ruhr
