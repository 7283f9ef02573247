#pragma once
// The state of one visit and the rules that move it: navigation, language, scroll positions,
// and the idle countdown that ends a visit so the next person starts fresh.

#include "kiosk/intents.h"

#include <cstddef>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruhr {

enum class Screen { Attract, Home, Vision, Forums, Forum, Participate, Priorities, Results, Idea, Thanks, Info };

/// The name used by `expect-screen` and the event log.
const char* screen_name(Screen s);

/// Limits of visitors' text, in characters (code points).
struct TextLimits {
    static constexpr std::size_t idea = 1000;
    static constexpr std::size_t name = 100;
    static constexpr std::size_t email = 254;
    static constexpr std::size_t postcode = 10;
    static std::size_t for_field(IdeaField f);
};

/// Messages a participation screen shows inline, by UI-string key.
/// TextLimit: the focused field is full and a character was refused (shown next to it).
enum class Notice { None, RatingSaved, PrioritiesLimit, IdeaEmpty, ConsentNeeded, StoreFailed, TextLimit };

/// What a visitor chose or typed during this visit. All of it is forgotten when the visit ends.
struct Participation {
    struct Rating {
        int stars = 0;
        std::string record_id;  // the stored record, replaced by a later rating of the same item
    };
    std::unordered_map<std::string, Rating> ratings;  // by item ("vision" or a forum id)
    std::vector<std::string> priorities;              // chosen forum ids, in order
    bool priorities_submitted = false;
    int ideas_stored = 0;  // ideas stored in this visit (the form is emptied after each)
    std::string idea_forum;
    std::string idea_text;
    std::string name;
    std::string email;
    std::string postcode;
    bool consent = false;
    IdeaField focus = IdeaField::None;
    std::size_t caret = 0;  // bytes into the focused field's text, at the start of a character
    bool shift = false;
    bool symbols = false;
    Notice notice = Notice::None;
    std::string notice_item;                   // which rated item a RatingSaved/StoreFailed notice belongs to
    IdeaField notice_field = IdeaField::None;  // which field a TextLimit notice belongs to
};

/// The text of an idea-form field (the idea's for IdeaField::None).
const std::string& field_text(const Participation& part, IdeaField f);

/// Idle settings (seconds).
struct IdleConfig {
    double timeout = 90.0;    // without touches until the countdown shows
    double countdown = 20.0;  // length of the "are you still there?" countdown
};

/// Display modes a visitor can switch on (WCAG 2.1 AA / BITV 2.0): larger text, high
/// contrast, and a layout that keeps every control in the lower part of the screen (for
/// wheelchair users and children). They last for the visit.
struct Accessibility {
    bool large_text = false;
    bool high_contrast = false;
    bool low_reach = false;
    bool operator==(const Accessibility&) const = default;
};

/// Why a visit ended.
enum class EndReason { Idle, Visitor };

/// What applying an intent or a tick changed, for the event log and redraws.
struct VisitChange {
    bool screen_changed = false;
    bool language_changed = false;
    bool idle_warning_started = false;
    std::optional<EndReason> ended;
    bool accessibility_changed = false;  // a mode went on or off (layout, fonts, colours)
};

class Visit {
public:
    Visit(std::string default_language, IdleConfig idle);

    Screen screen() const { return m_screen; }
    const std::string& forum_id() const { return m_forum; }
    const std::string& language() const { return m_language; }
    bool can_go_back() const { return !m_back.empty(); }
    const std::string& visit_id() const { return m_visit_id; }
    void set_visit_id(std::string id) { m_visit_id = std::move(id); }
    const Participation& participation() const { return m_part; }
    Participation& participation() { return m_part; }
    /// The text of an idea-form field.
    std::string& field_text(IdeaField f);
    /// After an idea was stored: empties the idea form (a next idea starts blank, and what was
    /// typed is not left on screen) and shows the thank-you screen, which ends the visit after
    /// `thanks_seconds` by itself unless the visitor takes the next step it offers.
    void show_thanks(double now);
    static constexpr double thanks_seconds = 15.0;
    /// Seconds until the thank-you screen ends the visit (while it is shown), rounded up.
    int thanks_seconds_left(double now) const;
    /// After the top three were stored: shows how others chose.
    void show_results();
    /// The guided way to take part ("Mitmachen"): topics rated one after another, then the top
    /// three, then an idea, with the steps shown. Ends at home and with the visit.
    bool guided() const { return m_guided; }

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
    const Accessibility& accessibility() const { return m_a11y; }
    bool accessibility_menu() const { return m_a11y_menu; }
    /// The modes each visit starts with (from the configuration).
    void set_accessibility_defaults(Accessibility a) {
        m_a11y_default = a;
        m_a11y = a;
    }
    const IdleConfig& idle() const { return m_idle; }

private:
    void go(Screen s);
    void reset();
    void focus(IdeaField field);
    void type(const KeyInput& key);

    std::string m_default_language;
    IdleConfig m_idle;
    Screen m_screen = Screen::Attract;
    std::vector<std::pair<Screen, std::string>> m_back;
    std::string m_forum;
    std::string m_language;
    std::unordered_map<std::string, float> m_scroll;
    std::string m_visit_id;
    Accessibility m_a11y;
    Accessibility m_a11y_default;
    bool m_a11y_menu = false;
    Participation m_part;
    bool m_guided = false;
    double m_thanks_since = 0.0;
    double m_last_activity = 0.0;
    bool m_warning = false;
};

}  // namespace ruhr
