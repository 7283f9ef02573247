// Regressions for the defects a code review of issue 3 found: each case failed before its fix.

#include "imgui_harness.h"
#include "test_support.h"

#include "base/crypto.h"
#include "kiosk/event_log.h"
#include "kiosk/outbox.h"
#include "kiosk/visit.h"
#include "platform/font_discovery.h"

#include <doctest/doctest.h>

using namespace ruhr;
using namespace ruhr::test;

namespace {

struct ParticipatingApp {
    TempDir dir{"review"};
    ManualWallClock wall;
    CountingIdSource ids;
    std::unique_ptr<Outbox> outbox;
    EventLog log;
    std::unique_ptr<AppDriver> driver;

    ParticipatingApp() {
        REQUIRE(crypto_init());
        auto opened = Outbox::open(":memory:", "kiosk-review", wall, ids);
        REQUIRE(opened.ok());
        outbox = std::move(*opened);
        REQUIRE(log.open((dir / "events.jsonl").string()));
        driver = std::make_unique<AppDriver>(load_default_pack(), find_fonts(), ImVec2(1920, 1080));
        driver->app().set_event_log(&log);
        const auto keys = make_keypair();
        driver->app().set_participation(outbox.get(), ids, wall, keys.first);
        driver->settle();
    }
    ~ParticipatingApp() { driver.reset(); }
};

}  // namespace

TEST_CASE("a list left while it still glides after a flick stops asking for frames") {
    ParticipatingApp k;
    AppDriver& d = *k.driver;
    d.tap("attract/start");
    d.tap("home/forums");
    auto& in = d.app().input();
    in.push(pointer_event(InputEvent::Kind::PointerDown, ImVec2(960, 950)));
    d.frame();
    for (int i = 1; i <= 3; ++i) {
        in.push(pointer_event(InputEvent::Kind::PointerMove, ImVec2(960, 950 - 150.0f * static_cast<float>(i))));
        d.frame();
    }
    in.push(pointer_event(InputEvent::Kind::PointerUp, ImVec2(960, 500)));
    d.frames(2);
    REQUIRE_FALSE(d.app().settled());  // the flick glides on
    d.tap("nav/back");
    CHECK(d.screen() == Screen::Home);
    d.frames(60);
    CHECK(d.app().settled());
}

TEST_CASE("keys tapped on the on-screen keyboard do not reach the event log") {
    ParticipatingApp k;
    AppDriver& d = *k.driver;
    d.tap("attract/start");
    d.tap("home/take-part");
    d.tap("participate/idea");
    d.tap("idea/text");
    for (const char* key : {"kbd/h", "kbd/i"}) d.tap(key);
    const std::string log = read_file(k.dir / "events.jsonl");
    CHECK(log.find("kbd/h") == std::string::npos);
    CHECK(log.find("kbd/i") == std::string::npos);
    CHECK(log.find("\"hit\":\"kbd\"") != std::string::npos);
    CHECK(d.app().visit().participation().idea_text == "hi");
}

TEST_CASE("scrolling with a mouse wheel counts as presence and keeps the visit") {
    ParticipatingApp k;
    AppDriver& d = *k.driver;
    d.tap("attract/start");
    d.tap("home/forums");
    for (int i = 0; i < 24; ++i) {  // a notch every 5 s for 120 s, longer than timeout + countdown
        d.wheel(ImVec2(960, 600), -1.0f);
        d.frames(2);
        d.clock().advance(5.0);
        d.frames(1);
    }
    CHECK(d.screen() == Screen::Forums);
}

TEST_CASE("the thank-you screen shows no idle countdown even with a short idle timeout") {
    Visit v("de", IdleConfig{5.0, 5.0});
    v.apply(StartVisit{}, 0.0);
    v.show_thanks(1.0);
    const VisitChange early = v.tick(1.0 + 7.0);  // past the 5 s idle timeout
    CHECK_FALSE(early.idle_warning_started);
    CHECK_FALSE(v.idle_warning());
    CHECK(v.screen() == Screen::Thanks);
    CHECK(v.next_deadline(8.0) == doctest::Approx(1.0 + Visit::thanks_seconds));
    const VisitChange done = v.tick(1.0 + Visit::thanks_seconds);
    CHECK(done.ended.has_value());
    CHECK(v.screen() == Screen::Attract);
}

TEST_CASE("a pack's own letters get glyphs in the font atlas") {
    const GlyphRanges ranges = glyph_ranges_for({"Привіт", "Ğüzel şehir"});
    const auto covered = [](const std::vector<ImWchar>& r, ImWchar c) {
        for (std::size_t i = 0; i + 1 < r.size() && r[i] != 0; i += 2)
            if (c >= r[i] && c <= r[i + 1]) return true;
        return false;
    };
    for (const auto* r : {&ranges.text, &ranges.titles}) {
        CHECK(covered(*r, 0x041F));        // П
        CHECK(covered(*r, 0x011E));        // Ğ
        CHECK(covered(*r, 0x00FC));        // ü: in a text, and in the fixed ranges of the body sizes
        CHECK_FALSE(covered(*r, 0x4E2D));  // 中 is in no text
    }
    // Typed text shows in the body sizes only: they hold all of Latin Extended-A; the large
    // sizes hold only what the texts use.
    CHECK(covered(ranges.text, 0x0142));  // ł
    CHECK_FALSE(covered(ranges.titles, 0x0142));
}

TEST_CASE("every touch target on every visitor screen is at least 64 px tall at 1080p") {
    ParticipatingApp k;
    AppDriver& d = *k.driver;
    const auto check_screen = [&](const char* name) {
        d.settle();
        for (const WidgetInfo& w : d.app().widgets().all()) {
            // The dimmed background and panel of the countdown are not targets of their own.
            if (w.id == "idle/dismiss" || w.id == "idle/panel" || !w.enabled) continue;
            CAPTURE(name);
            CAPTURE(w.id);
            CHECK(w.full_height >= 64.0f);
        }
    };
    check_screen("attract");
    d.tap("attract/start");
    check_screen("home");
    d.tap("home/vision");
    check_screen("vision");
    d.tap("nav/home");
    d.tap("home/forums");
    check_screen("forums");
    d.tap("forum/neue-mobilitaet");
    check_screen("forum");
    d.tap("nav/home");
    d.tap("home/take-part");
    check_screen("participate");
    d.tap("participate/priorities");
    check_screen("priorities");
    d.tap("nav/back");
    d.tap("participate/idea");
    d.tap("idea/text");
    check_screen("idea with keyboard");
    d.tap("kbd/hide");
    check_screen("idea");
    d.clock().advance(100.0);
    check_screen("idle countdown");
}
