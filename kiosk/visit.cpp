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
    case Screen::Results: return "results";
    case Screen::Idea: return "idea";
    case Screen::Thanks: return "thanks";
    case Screen::Info: return "info";
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

const std::string& field_text(const Participation& part, IdeaField f) {
    switch (f) {
    case IdeaField::Name: return part.name;
    case IdeaField::Email: return part.email;
    case IdeaField::Postcode: return part.postcode;
    case IdeaField::Text:
    case IdeaField::None: break;
    }
    return part.idea_text;
}

std::string& Visit::field_text(IdeaField f) {
    // The one mapping above, for the visit's own (mutable) participation.
    return const_cast<std::string&>(ruhr::field_text(m_part, f));
}

void Visit::show_thanks(double now) {
    ++m_part.ideas_stored;
    m_part.idea_text.clear();
    m_part.idea_forum.clear();
    m_part.name.clear();
    m_part.email.clear();
    m_part.postcode.clear();
    m_part.consent = false;
    m_part.focus = IdeaField::None;
    m_part.caret = 0;
    m_back.clear();
    m_screen = Screen::Thanks;
    m_thanks_since = now;
}

int Visit::thanks_seconds_left(double now) const {
    return std::max(0, static_cast<int>(std::ceil(m_thanks_since + thanks_seconds - now)));
}

void Visit::show_results() {
    // The vote is in: going back to the choice would only show it locked.
    m_back.clear();
    m_screen = Screen::Results;
}

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The start of the character before byte `at` (0 at the start).
std::size_t previous_char(const std::string& s, std::size_t at) {
    if (at == 0) return 0;
    --at;
    while (at > 0 && is_continuation(s[at])) --at;
    return at;
}

// The byte after the character that starts at `at` (the end at the end).
std::size_t next_char(const std::string& s, std::size_t at) {
    if (at >= s.size()) return s.size();
    ++at;
    while (at < s.size() && is_continuation(s[at])) ++at;
    return at;
}

// `offset` clamped to the text and moved back to the start of a character.
std::size_t snap_to_char(const std::string& s, std::size_t offset) {
    offset = std::min(offset, s.size());
    while (offset > 0 && offset < s.size() && is_continuation(s[offset])) --offset;
    return offset;
}

// Inserts typed text at `caret`, keeping the field's limit and dropping control characters
// (a line break only where `multiline`). False when a character did not fit.
bool insert_limited(std::string& field, std::size_t& caret, const std::string& text, std::size_t limit,
                    bool multiline) {
    std::size_t i = 0;
    std::size_t length = utf8_length(field);
    while (i < text.size()) {
        const std::size_t n = next_char(text, i) - i;
        const std::string cp = text.substr(i, n);
        i += n;
        if (find_invalid_utf8(cp) || has_control_characters(cp) || (cp == "\n" && !multiline)) continue;
        if (length >= limit) return false;
        field.insert(caret, cp);
        caret += cp.size();
        ++length;
    }
    return true;
}

// The field Enter moves on to from a one-line field; None hides the keyboard.
IdeaField field_after(IdeaField f) {
    switch (f) {
    case IdeaField::Name: return IdeaField::Email;
    case IdeaField::Email: return IdeaField::Postcode;
    case IdeaField::Postcode:
    case IdeaField::Text:
    case IdeaField::None: break;
    }
    return IdeaField::None;
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
    m_guided = false;
}

void Visit::focus(IdeaField field) {
    m_part.focus = field;
    m_part.caret = field == IdeaField::None ? 0 : field_text(field).size();
    m_part.shift = false;
    m_part.symbols = false;
    if (m_part.notice == Notice::TextLimit) m_part.notice = Notice::None;
}

void Visit::type(const KeyInput& key) {
    if (m_part.focus == IdeaField::None) return;
    const IdeaField f = m_part.focus;
    std::string& field = field_text(f);
    std::size_t& caret = m_part.caret;
    caret = snap_to_char(field, caret);
    const bool limit_shown = m_part.notice == Notice::TextLimit;
    switch (key.kind) {
    case KeyInput::Kind::Text:
    case KeyInput::Kind::Enter: {
        const std::string text = key.kind == KeyInput::Kind::Enter ? "\n" : key.text;
        if (key.kind == KeyInput::Kind::Enter && f != IdeaField::Text) {
            focus(field_after(f));
            return;
        }
        const bool fitted = insert_limited(field, caret, text, TextLimits::for_field(f), f == IdeaField::Text);
        m_part.shift = false;  // shift holds for one character, as on phones
        if (m_part.notice == Notice::IdeaEmpty || limit_shown) m_part.notice = Notice::None;
        if (!fitted) {
            // Typing at the limit says so next to the field instead of silently stopping.
            m_part.notice = Notice::TextLimit;
            m_part.notice_field = f;
        }
        break;
    }
    case KeyInput::Kind::Backspace: {
        const std::size_t from = previous_char(field, caret);
        field.erase(from, caret - from);
        caret = from;
        if (limit_shown) m_part.notice = Notice::None;
        break;
    }
    case KeyInput::Kind::Left: caret = previous_char(field, caret); break;
    case KeyInput::Kind::Right: caret = next_char(field, caret); break;
    case KeyInput::Kind::Shift: m_part.shift = !m_part.shift; break;
    case KeyInput::Kind::Symbols: m_part.symbols = !m_part.symbols; break;
    case KeyInput::Kind::Hide: focus(IdeaField::None); break;
    }
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
            } else if constexpr (std::is_same_v<T, OpenInfo>) {
                if (m_screen != Screen::Info) go(Screen::Info);
            } else if constexpr (std::is_same_v<T, OpenParticipate>) {
                go(Screen::Participate);
                m_guided = false;  // the choice of steps again
            } else if constexpr (std::is_same_v<T, StartGuide>) {
                if (!forum_exists) return;
                m_guided = true;
                go(Screen::Forum);
                m_forum = i.first_forum;
                m_scroll.erase("forum");
                m_part.notice = Notice::None;
            } else if constexpr (std::is_same_v<T, OpenPriorities>) {
                if (i.guided) m_guided = true;
                go(Screen::Priorities);
                m_part.notice = Notice::None;
            } else if constexpr (std::is_same_v<T, OpenIdea>) {
                if (i.guided) m_guided = true;
                go(Screen::Idea);
                if (!i.forum.empty() && forum_exists) m_part.idea_forum = i.forum;
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
                focus(i.field);
            } else if constexpr (std::is_same_v<T, PlaceCaret>) {
                if (m_part.focus != i.field) focus(i.field);
                if (i.field != IdeaField::None) m_part.caret = snap_to_char(field_text(i.field), i.offset);
            } else if constexpr (std::is_same_v<T, ToggleConsent>) {
                m_part.consent = !m_part.consent;
                if (m_part.notice == Notice::ConsentNeeded) m_part.notice = Notice::None;
            } else if constexpr (std::is_same_v<T, KeyInput>) {
                type(i);
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
                m_guided = false;
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
