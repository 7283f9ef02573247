#pragma once
// The state of one visit and the rules that move it: navigation, language, scroll positions,
// and the idle countdown that ends a visit so the next person starts fresh.

#include "kiosk/intents.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruhr {

enum class Screen { Attract, Home, Vision, Forums, Forum };

/// The name used by `expect-screen` and the event log.
const char* screen_name(Screen s);

/// Idle settings (seconds).
struct IdleConfig {
    double timeout = 90.0;    // without touches until the countdown shows
    double countdown = 20.0;  // length of the "are you still there?" countdown
};

/// Why a visit ended.
enum class EndReason { Idle, Visitor };

/// What applying an intent or a tick changed, for the event log and redraws.
struct VisitChange {
    bool screen_changed = false;
    bool language_changed = false;
    bool idle_warning_started = false;
    std::optional<EndReason> ended;
};

class Visit {
public:
    Visit(std::string default_language, IdleConfig idle);

    Screen screen() const { return m_screen; }
    const std::string& forum_id() const { return m_forum; }
    const std::string& language() const { return m_language; }
    bool can_go_back() const { return !m_back.empty(); }

    /// Any touch counts as presence and closes the idle countdown.
    void note_activity(double now);
    /// Carries out one intent. `forum_exists` guards OpenForum against unknown ids.
    VisitChange apply(const Intent& intent, double now, bool forum_exists = true);
    /// Advances idle time: shows the countdown, then ends the visit.
    VisitChange tick(double now);

    bool idle_warning() const { return m_warning; }
    /// Whole seconds left on the countdown (while idle_warning()).
    int countdown_seconds(double now) const;
    /// When tick() next needs to run (absolute clock time), or a negative value for never.
    double next_deadline(double now) const;

    /// Scroll offset of a scroll area; forgotten when the visit ends.
    float& scroll(std::string_view area) { return m_scroll[std::string(area)]; }
    void set_default_language(std::string code) { m_default_language = std::move(code); }
    void set_idle(IdleConfig idle) { m_idle = idle; }
    const IdleConfig& idle() const { return m_idle; }

private:
    void go(Screen s);
    void reset();

    std::string m_default_language;
    IdleConfig m_idle;
    Screen m_screen = Screen::Attract;
    std::vector<std::pair<Screen, std::string>> m_back;
    std::string m_forum;
    std::string m_language;
    std::unordered_map<std::string, float> m_scroll;
    double m_last_activity = 0.0;
    bool m_warning = false;
};

} // namespace ruhr
