#include "kiosk/visit.h"

#include <algorithm>
#include <cmath>

namespace ruhr {

const char* screen_name(Screen s) {
    switch (s) {
    case Screen::Attract: return "attract";
    case Screen::Home: return "home";
    case Screen::Vision: return "vision";
    case Screen::Forums: return "forums";
    case Screen::Forum: return "forum";
    }
    return "unknown";
}

Visit::Visit(std::string default_language, IdleConfig idle)
    : m_default_language(std::move(default_language)), m_idle(idle), m_language(m_default_language) {}

void Visit::note_activity(double now) {
    m_last_activity = now;
    m_warning = false;
}

void Visit::go(Screen s) {
    m_back.emplace_back(m_screen, m_forum);
    m_screen = s;
}

void Visit::reset() {
    m_screen = Screen::Attract;
    m_back.clear();
    m_forum.clear();
    m_language = m_default_language;
    m_scroll.clear();
    m_warning = false;
}

VisitChange Visit::apply(const Intent& intent, double now, bool forum_exists) {
    VisitChange ch;
    const Screen before = m_screen;
    const std::string forum_before = m_forum;
    if (!std::holds_alternative<EndVisit>(intent)) note_activity(now);

    std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, StartVisit>) {
                reset();
                m_screen = Screen::Home;
            } else if constexpr (std::is_same_v<T, OpenVision>) {
                go(Screen::Vision);
            } else if constexpr (std::is_same_v<T, OpenForums>) {
                go(Screen::Forums);
            } else if constexpr (std::is_same_v<T, OpenForum>) {
                if (!forum_exists) return;
                go(Screen::Forum);
                m_forum = i.id;
                m_scroll.erase("forum");  // each forum opens at its top
            } else if constexpr (std::is_same_v<T, GoBack>) {
                if (m_back.empty()) {
                    m_screen = Screen::Home;
                } else {
                    m_screen = m_back.back().first;
                    m_forum = m_back.back().second;
                    m_back.pop_back();
                }
                if (m_screen == Screen::Attract) m_screen = Screen::Home;
            } else if constexpr (std::is_same_v<T, GoHome>) {
                m_back.clear();
                m_screen = Screen::Home;
            } else if constexpr (std::is_same_v<T, SetLanguage>) {
                if (m_language != i.code) {
                    m_language = i.code;
                    ch.language_changed = true;
                }
            } else if constexpr (std::is_same_v<T, ContinueVisit>) {
                // note_activity above closed the countdown.
            } else if constexpr (std::is_same_v<T, EndVisit>) {
                reset();
                ch.ended = EndReason::Visitor;
            }
        },
        intent);
    ch.screen_changed = m_screen != before || m_forum != forum_before;
    return ch;
}

VisitChange Visit::tick(double now) {
    VisitChange ch;
    if (m_screen == Screen::Attract) return ch;
    const double idle_for = now - m_last_activity;
    if (idle_for >= m_idle.timeout + m_idle.countdown) {
        const std::string lang = m_language;
        reset();
        ch.ended = EndReason::Idle;
        ch.screen_changed = true;
        ch.language_changed = lang != m_language;
    } else if (idle_for >= m_idle.timeout && !m_warning) {
        m_warning = true;
        ch.idle_warning_started = true;
    }
    return ch;
}

int Visit::countdown_seconds(double now) const {
    const double left = m_last_activity + m_idle.timeout + m_idle.countdown - now;
    return std::max(0, static_cast<int>(std::ceil(left)));
}

double Visit::next_deadline(double now) const {
    if (m_screen == Screen::Attract) return -1.0;
    if (!m_warning) return m_last_activity + m_idle.timeout;
    // Redraw at each whole second of the countdown, and at its end.
    const double end = m_last_activity + m_idle.timeout + m_idle.countdown;
    const double left = end - now;
    const double frac = left - std::floor(left);
    return now + (frac > 1e-6 ? frac : 1.0);
}

} // namespace ruhr
