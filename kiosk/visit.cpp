#include "kiosk/visit.h"

#include "base/utf8.h"

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
    case Screen::Participate: return "participate";
    case Screen::Priorities: return "priorities";
    case Screen::Idea: return "idea";
    case Screen::Thanks: return "thanks";
    }
    return "unknown";
}

std::size_t TextLimits::for_field(IdeaField f) {
    switch (f) {
    case IdeaField::Text: return idea;
    case IdeaField::Name: return name;
    case IdeaField::Email: return email;
    case IdeaField::Postcode: return postcode;
    case IdeaField::None: break;
    }
    return 0;
}

std::string& Visit::field_text(IdeaField f) {
    switch (f) {
    case IdeaField::Name: return m_part.name;
    case IdeaField::Email: return m_part.email;
    case IdeaField::Postcode: return m_part.postcode;
    case IdeaField::Text:
    case IdeaField::None: break;
    }
    return m_part.idea_text;
}

void Visit::show_thanks(double now) {
    m_back.clear();
    m_screen = Screen::Thanks;
    m_thanks_since = now;
}

namespace {

// Removes the last code point of UTF-8 text.
void pop_code_point(std::string& s) {
    while (!s.empty()) {
        const auto c = static_cast<unsigned char>(s.back());
        s.pop_back();
        if ((c & 0xC0) != 0x80) break;
    }
}

// Appends typed text, keeping the field's limit and dropping control characters.
void append_limited(std::string& field, const std::string& text, std::size_t limit) {
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t n = 1;
        while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
        const std::string cp = text.substr(i, n);
        i += n;
        if (find_invalid_utf8(cp) || has_control_characters(cp) || cp == "\n") continue;
        if (utf8_length(field) >= limit) return;
        field += cp;
    }
}

}  // namespace

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
    m_visit_id.clear();
    m_part = Participation{};
    m_warning = false;
    m_a11y = m_a11y_default;
    m_a11y_menu = false;
}

VisitChange Visit::apply(const Intent& intent, double now, bool forum_exists) {
    VisitChange ch;
    const Screen before = m_screen;
    const std::string forum_before = m_forum;
    if (!std::holds_alternative<EndVisit>(intent)) note_activity(now);

    std::visit(
        [&](const auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, OpenAccessibility>) {
                m_a11y_menu = true;
            } else if constexpr (std::is_same_v<T, CloseAccessibility>) {
                m_a11y_menu = false;
            } else if constexpr (std::is_same_v<T, ToggleAccessibility>) {
                using O = ToggleAccessibility::Option;
                bool& flag = i.option == O::LargeText      ? m_a11y.large_text
                             : i.option == O::HighContrast ? m_a11y.high_contrast
                                                           : m_a11y.low_reach;
                flag = !flag;
                ch.accessibility_changed = true;
            } else if constexpr (std::is_same_v<T, StartVisit>) {
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
            } else if constexpr (std::is_same_v<T, OpenParticipate>) {
                go(Screen::Participate);
            } else if constexpr (std::is_same_v<T, OpenPriorities>) {
                go(Screen::Priorities);
                m_part.notice = Notice::None;
            } else if constexpr (std::is_same_v<T, OpenIdea>) {
                go(Screen::Idea);
                m_part.notice = Notice::None;
            } else if constexpr (std::is_same_v<T, TogglePriority>) {
                auto& p = m_part.priorities;
                const auto it = std::find(p.begin(), p.end(), i.forum);
                m_part.notice = Notice::None;
                if (it != p.end())
                    p.erase(it);
                else if (p.size() < 3)
                    p.push_back(i.forum);
                else
                    m_part.notice = Notice::PrioritiesLimit;
            } else if constexpr (std::is_same_v<T, SelectIdeaForum>) {
                m_part.idea_forum = m_part.idea_forum == i.forum ? std::string() : i.forum;
            } else if constexpr (std::is_same_v<T, FocusIdeaField>) {
                m_part.focus = i.field;
                m_part.shift = false;
                m_part.symbols = false;
            } else if constexpr (std::is_same_v<T, ToggleConsent>) {
                m_part.consent = !m_part.consent;
                if (m_part.notice == Notice::ConsentNeeded) m_part.notice = Notice::None;
            } else if constexpr (std::is_same_v<T, KeyInput>) {
                if (m_part.focus == IdeaField::None) return;
                std::string& field = field_text(m_part.focus);
                switch (i.kind) {
                case KeyInput::Kind::Text:
                    append_limited(field, i.text, TextLimits::for_field(m_part.focus));
                    m_part.shift = false;  // shift holds for one character, as on phones
                    if (m_part.notice == Notice::IdeaEmpty) m_part.notice = Notice::None;
                    break;
                case KeyInput::Kind::Backspace: pop_code_point(field); break;
                case KeyInput::Kind::Shift: m_part.shift = !m_part.shift; break;
                case KeyInput::Kind::Symbols: m_part.symbols = !m_part.symbols; break;
                case KeyInput::Kind::Hide: m_part.focus = IdeaField::None; break;
                }
            } else if constexpr (std::is_same_v<T, Rate> || std::is_same_v<T, ConfirmPriorities> ||
                                 std::is_same_v<T, SubmitIdea>) {
                // Submissions are stored by the app, which then updates the visit.
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
    if (m_screen == Screen::Thanks) {
        // The thank-you screen ends the visit by itself; the idle countdown has no place there.
        if (now - m_thanks_since >= thanks_seconds) {
            const std::string lang = m_language;
            reset();
            ch.ended = EndReason::Visitor;
            ch.screen_changed = true;
            ch.language_changed = lang != m_language;
        }
        return ch;
    }
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
    if (m_screen == Screen::Thanks) return m_thanks_since + thanks_seconds;
    if (!m_warning) return m_last_activity + m_idle.timeout;
    // Redraw at each whole second of the countdown, and at its end.
    const double end = m_last_activity + m_idle.timeout + m_idle.countdown;
    const double left = end - now;
    const double frac = left - std::floor(left);
    return now + (frac > 1e-6 ? frac : 1.0);
}

}  // namespace ruhr
