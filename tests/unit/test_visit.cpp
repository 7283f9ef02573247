// Visit rules: navigation, language, and the idle countdown that ends a visit.

#include "kiosk/visit.h"

#include <doctest/doctest.h>

using namespace ruhr;

namespace {

constexpr IdleConfig k_idle{90.0, 20.0};

// A visit that was started at `t` (on the home screen).
Visit started_at(double t) {
    Visit v("de", k_idle);
    (void)v.apply(StartVisit{}, t);
    return v;
}

// A visit started at 0 that opened the forums list at 1 and forum `id` from it at 2.
Visit in_forum(const std::string& id) {
    Visit v = started_at(0.0);
    (void)v.apply(OpenForums{}, 1.0);
    (void)v.apply(OpenForum{id}, 2.0);
    return v;
}

// `v` waits for the next visitor as a new visit does: on the attract screen in the default
// language, with nothing to go back to and no idle warning.
void check_waiting_for_a_visitor(const Visit& v) {
    CHECK(v.screen() == Screen::Attract);
    CHECK(v.language() == "de");
    CHECK_FALSE(v.can_go_back());
    CHECK_FALSE(v.idle_warning());
}

// Applies `intent` at `now`, which must take `v` to `screen`.
void check_goes_to(Visit& v, const Intent& intent, double now, Screen screen) {
    INFO("the intent at " << now);
    CHECK(v.apply(intent, now).screen_changed);
    CHECK(v.screen() == screen);
}

// Lets `v` sit untouched from `since`, its last activity, until the idle warning shows.
void idle_until_warning(Visit& v, double since) {
    (void)v.tick(since + k_idle.timeout);
    REQUIRE(v.idle_warning());
}

}  // namespace

TEST_CASE("a new visit waits on the attract screen in the default language") {
    check_waiting_for_a_visitor(Visit("de", k_idle));
}

TEST_CASE("StartVisit goes to the home screen in the default language") {
    Visit v("de", k_idle);
    (void)v.apply(SetLanguage{"en"}, 0.0);
    check_goes_to(v, StartVisit{}, 1.0, Screen::Home);
    CHECK(v.language() == "de");
    CHECK_FALSE(v.can_go_back());
}

TEST_CASE("opening a forum and going back returns to the forums list through the back stack") {
    Visit v = started_at(0.0);
    check_goes_to(v, OpenForums{}, 1.0, Screen::Forums);
    CHECK(v.can_go_back());

    check_goes_to(v, OpenForum{"pflege"}, 2.0, Screen::Forum);
    CHECK(v.forum_id() == "pflege");

    check_goes_to(v, GoBack{}, 3.0, Screen::Forums);
    CHECK(v.forum_id().empty());
    CHECK(v.can_go_back());

    check_goes_to(v, GoBack{}, 4.0, Screen::Home);
    CHECK_FALSE(v.can_go_back());
}

TEST_CASE("going back with an empty back stack stays home and never returns to the attract screen") {
    Visit v = started_at(0.0);
    (void)v.apply(GoBack{}, 1.0);
    CHECK(v.screen() == Screen::Home);
    (void)v.apply(GoBack{}, 2.0);
    CHECK(v.screen() == Screen::Home);
}

TEST_CASE("opening another forum from a forum goes back to the first forum") {
    Visit v = in_forum("pflege");
    (void)v.apply(OpenForum{"sport"}, 3.0);
    CHECK(v.forum_id() == "sport");
    (void)v.apply(GoBack{}, 4.0);
    CHECK(v.screen() == Screen::Forum);
    CHECK(v.forum_id() == "pflege");
}

TEST_CASE("GoHome goes home and clears the back stack") {
    Visit v = in_forum("pflege");
    REQUIRE(v.can_go_back());
    check_goes_to(v, GoHome{}, 3.0, Screen::Home);
    CHECK_FALSE(v.can_go_back());
}

TEST_CASE("SetLanguage changes the language and reports it only when it changed") {
    Visit v = started_at(0.0);
    const VisitChange to_en = v.apply(SetLanguage{"en"}, 1.0);
    CHECK(to_en.language_changed);
    CHECK_FALSE(to_en.screen_changed);
    CHECK(v.language() == "en");
    CHECK(v.screen() == Screen::Home);
    CHECK_FALSE(v.apply(SetLanguage{"en"}, 2.0).language_changed);
}

TEST_CASE("OpenForum for a forum that does not exist does nothing") {
    Visit v = started_at(0.0);
    (void)v.apply(OpenForums{}, 1.0);
    const VisitChange ch = v.apply(OpenForum{"nope"}, 2.0, false);
    CHECK_FALSE(ch.screen_changed);
    CHECK(v.screen() == Screen::Forums);
    CHECK(v.forum_id().empty());
    (void)v.apply(GoBack{}, 3.0);
    CHECK(v.screen() == Screen::Home);  // nothing extra was pushed on the back stack
}

TEST_CASE("each forum opens at its top") {
    Visit v = started_at(0.0);
    (void)v.apply(OpenForums{}, 1.0);
    v.scroll("forums") = 300.0f;
    (void)v.apply(OpenForum{"pflege"}, 2.0);
    v.scroll("forum") = 500.0f;
    (void)v.apply(GoBack{}, 3.0);
    CHECK(v.scroll("forums") == 300.0f);  // the list keeps its place
    (void)v.apply(OpenForum{"sport"}, 4.0);
    CHECK(v.scroll("forum") == 0.0f);
}

TEST_CASE("no idle warning shows before the timeout") {
    Visit v = started_at(10.0);
    const VisitChange ch = v.tick(10.0 + k_idle.timeout - 0.01);
    CHECK_FALSE(ch.idle_warning_started);
    CHECK_FALSE(ch.ended.has_value());
    CHECK_FALSE(v.idle_warning());
    CHECK(v.screen() == Screen::Home);
}

TEST_CASE("the idle warning starts at the timeout and counts down whole seconds") {
    Visit v = started_at(10.0);
    const VisitChange ch = v.tick(10.0 + k_idle.timeout);
    CHECK(ch.idle_warning_started);
    CHECK_FALSE(ch.ended.has_value());
    CHECK(v.idle_warning());
    CHECK(v.screen() == Screen::Home);
    CHECK(v.countdown_seconds(100.0) == 20);
    CHECK(v.countdown_seconds(100.5) == 20);
    CHECK(v.countdown_seconds(101.0) == 19);
    CHECK(v.countdown_seconds(114.2) == 6);
    CHECK(v.countdown_seconds(119.99) == 1);
    CHECK(v.countdown_seconds(125.0) == 0);
    // The warning starts once, not on every tick.
    CHECK_FALSE(v.tick(101.0).idle_warning_started);
    CHECK(v.idle_warning());
}

TEST_CASE("activity closes the idle warning and restarts the timeout") {
    Visit v = started_at(0.0);
    idle_until_warning(v, 0.0);
    v.note_activity(95.0);
    CHECK_FALSE(v.idle_warning());
    CHECK_FALSE(v.tick(95.0 + k_idle.timeout - 1.0).idle_warning_started);
    CHECK(v.tick(95.0 + k_idle.timeout).idle_warning_started);
}

TEST_CASE("after the timeout and the countdown the visit ends and everything is forgotten") {
    Visit v = started_at(0.0);
    (void)v.apply(SetLanguage{"en"}, 1.0);
    (void)v.apply(OpenForums{}, 2.0);
    v.scroll("forums") = 420.0f;
    (void)v.apply(OpenForum{"pflege"}, 3.0);
    idle_until_warning(v, 3.0);
    CHECK_FALSE(v.tick(3.0 + k_idle.timeout + k_idle.countdown - 0.01).ended.has_value());

    const VisitChange ch = v.tick(3.0 + k_idle.timeout + k_idle.countdown);
    REQUIRE(ch.ended.has_value());
    CHECK(*ch.ended == EndReason::Idle);
    CHECK(ch.screen_changed);
    CHECK(ch.language_changed);
    check_waiting_for_a_visitor(v);
    CHECK(v.forum_id().empty());
    CHECK(v.scroll("forums") == 0.0f);
}

TEST_CASE("a visit that ends by idling in the default language reports no language change") {
    Visit v = started_at(0.0);
    const VisitChange ch = v.tick(k_idle.timeout + k_idle.countdown);
    REQUIRE(ch.ended.has_value());
    CHECK_FALSE(ch.language_changed);
}

TEST_CASE("ContinueVisit during the idle warning keeps the visit") {
    Visit v = started_at(0.0);
    (void)v.apply(OpenForums{}, 1.0);
    idle_until_warning(v, 1.0);
    const VisitChange ch = v.apply(ContinueVisit{}, 95.0);
    CHECK_FALSE(ch.screen_changed);
    CHECK_FALSE(v.idle_warning());
    // The old countdown would have ended at 111 s; the visit goes on.
    CHECK_FALSE(v.tick(112.0).ended.has_value());
    CHECK(v.screen() == Screen::Forums);
}

TEST_CASE("EndVisit ends the visit at once") {
    Visit v = started_at(0.0);
    (void)v.apply(SetLanguage{"en"}, 1.0);
    (void)v.apply(OpenVision{}, 2.0);
    idle_until_warning(v, 2.0);
    const VisitChange ch = v.apply(EndVisit{}, 93.0);
    REQUIRE(ch.ended.has_value());
    CHECK(*ch.ended == EndReason::Visitor);
    CHECK(ch.screen_changed);
    check_waiting_for_a_visitor(v);
}

TEST_CASE("the attract screen never times out") {
    Visit v("de", k_idle);
    const VisitChange ch = v.tick(1.0e6);
    CHECK_FALSE(ch.idle_warning_started);
    CHECK_FALSE(ch.ended.has_value());
    CHECK(v.screen() == Screen::Attract);
    CHECK(v.next_deadline(1.0e6) < 0.0);
}

TEST_CASE("next_deadline is the timeout and then each whole second of the countdown") {
    Visit v = started_at(10.0);
    CHECK(v.next_deadline(10.0) == doctest::Approx(100.0));
    CHECK(v.next_deadline(50.0) == doctest::Approx(100.0));
    idle_until_warning(v, 10.0);
    // The countdown ends at 120 s; redraw when the shown number changes.
    CHECK(v.next_deadline(100.0) == doctest::Approx(101.0));
    CHECK(v.next_deadline(100.25) == doctest::Approx(101.0));
    CHECK(v.next_deadline(118.6) == doctest::Approx(119.0));
    CHECK(v.next_deadline(119.5) == doctest::Approx(120.0));
    v.note_activity(105.0);
    CHECK(v.next_deadline(105.0) == doctest::Approx(195.0));
}

TEST_CASE("screens have the names scripts use") {
    CHECK(std::string(screen_name(Screen::Attract)) == "attract");
    CHECK(std::string(screen_name(Screen::Home)) == "home");
    CHECK(std::string(screen_name(Screen::Vision)) == "vision");
    CHECK(std::string(screen_name(Screen::Forums)) == "forums");
    CHECK(std::string(screen_name(Screen::Forum)) == "forum");
}

TEST_CASE("typing goes in at the caret, which moves by whole characters and can be placed") {
    Visit v = started_at(0.0);
    (void)v.apply(OpenIdea{}, 1.0);
    const auto key = [&](KeyInput::Kind kind, std::string text = {}) { (void)v.apply(KeyInput{kind, text}, 2.0); };
    const Participation& p = v.participation();

    (void)v.apply(FocusIdeaField{IdeaField::Text}, 2.0);
    key(KeyInput::Kind::Text, "Grüne Ruhr");
    CHECK(p.caret == p.idea_text.size());
    // Left over "Ruhr" and the space, then over the two bytes of "ü" as one character.
    for (int i = 0; i < 5; ++i) key(KeyInput::Kind::Left);
    key(KeyInput::Kind::Text, "!");
    CHECK(p.idea_text == "Grüne! Ruhr");
    for (int i = 0; i < 4; ++i) key(KeyInput::Kind::Left);
    CHECK(p.caret == 2);  // before "ü", not inside it
    key(KeyInput::Kind::Backspace);
    CHECK(p.idea_text == "Güne! Ruhr");
    key(KeyInput::Kind::Right);
    key(KeyInput::Kind::Backspace);
    CHECK(p.idea_text == "Gne! Ruhr");

    SUBCASE("a tap places the caret, snapped back to the start of a character") {
        (void)v.apply(PlaceCaret{IdeaField::Text, 0}, 3.0);
        key(KeyInput::Kind::Text, "Ä");
        CHECK(p.idea_text == "ÄGne! Ruhr");
        (void)v.apply(PlaceCaret{IdeaField::Text, 1}, 3.0);  // inside "Ä"
        CHECK(p.caret == 0);
        (void)v.apply(PlaceCaret{IdeaField::Text, 999}, 3.0);
        CHECK(p.caret == p.idea_text.size());
    }
    SUBCASE("a tap into another field focuses it there") {
        (void)v.apply(FocusIdeaField{IdeaField::Name}, 3.0);
        key(KeyInput::Kind::Text, "Ada");
        (void)v.apply(PlaceCaret{IdeaField::Text, 0}, 3.0);
        CHECK(p.focus == IdeaField::Text);
        key(KeyInput::Kind::Text, "A");
        CHECK(p.idea_text == "AGne! Ruhr");
        CHECK(p.name == "Ada");
    }
    SUBCASE("Enter starts a new line in the idea and moves on through the contact fields") {
        key(KeyInput::Kind::Enter);
        key(KeyInput::Kind::Text, "x");
        CHECK(p.idea_text == "G\nxne! Ruhr");
        (void)v.apply(FocusIdeaField{IdeaField::Name}, 3.0);
        key(KeyInput::Kind::Enter);
        CHECK(p.focus == IdeaField::Email);
        key(KeyInput::Kind::Enter);
        CHECK(p.focus == IdeaField::Postcode);
        key(KeyInput::Kind::Enter);
        CHECK(p.focus == IdeaField::None);
        CHECK(p.name.empty());  // no line break went into a one-line field
    }
}

TEST_CASE("a character past a field's limit is refused with a notice next to that field") {
    Visit v = started_at(0.0);
    (void)v.apply(OpenIdea{}, 1.0);
    (void)v.apply(FocusIdeaField{IdeaField::Postcode}, 2.0);
    const Participation& p = v.participation();
    (void)v.apply(KeyInput{KeyInput::Kind::Text, std::string(TextLimits::postcode, '4')}, 2.0);
    CHECK(p.notice == Notice::None);  // exactly full is not an error
    (void)v.apply(KeyInput{KeyInput::Kind::Text, "5"}, 2.0);
    CHECK(p.postcode == std::string(TextLimits::postcode, '4'));
    CHECK(p.notice == Notice::TextLimit);
    CHECK(p.notice_field == IdeaField::Postcode);
    (void)v.apply(KeyInput{KeyInput::Kind::Backspace, {}}, 2.0);
    CHECK(p.notice == Notice::None);
}
