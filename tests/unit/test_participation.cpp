// Taking part through the app, headless: ratings, priorities, ideas typed on the on-screen
// keyboard or a physical one, the thank-you screen, the idle reset, a storage failure, and a
// layout check of the participation screens. The outbox is on ":memory:" unless a test needs
// a file to break; the event log goes to a temporary file so its lines can be checked.

#include "base/crypto.h"
#include "base/utf8.h"
#include "imgui_harness.h"
#include "kiosk/event_log.h"
#include "kiosk/outbox.h"
#include "platform/font_discovery.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace ruhr;
using namespace ruhr::test;

namespace {

enum class Contact { Offered, NotOffered };
enum class Storage { Memory, File };

// How a Kiosk is set up; most tests run on the defaults.
struct Setup {
    Contact contact = Contact::Offered;
    ImVec2 size = ImVec2(1920, 1080);
    Storage storage = Storage::Memory;
};

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A kiosk with participation switched on: outbox, ids, wall clock, event log and (unless
// told otherwise) an organizer key for contact details.
struct Kiosk {
    TempDir dir{"participation"};
    ManualWallClock wall;
    CountingIdSource ids;
    std::unique_ptr<Outbox> outbox;
    EventLog log;
    PublicKey organizer_pk{};
    SecretKey organizer_sk{};
    std::unique_ptr<AppDriver> driver;

    Kiosk(const FontFiles& fonts, const Setup& setup) {
        REQUIRE(crypto_init());
        const std::string path = setup.storage == Storage::File ? db_path().string() : std::string(":memory:");
        auto opened = Outbox::open(path, "kiosk-test", wall, ids);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? std::string() : opened.error().message));
        outbox = std::move(*opened);
        REQUIRE(log.open(log_path().string()));
        std::tie(organizer_pk, organizer_sk) = make_keypair();
        driver = std::make_unique<AppDriver>(load_default_pack(), fonts, setup.size);
        driver->app().set_event_log(&log);
        driver->app().set_participation(
            outbox.get(), ids, wall,
            setup.contact == Contact::Offered ? std::optional<PublicKey>(organizer_pk) : std::nullopt);
    }
    ~Kiosk() { driver.reset(); }  // the app goes before the outbox it points to

    fs::path db_path() const { return dir / "outbox.db"; }
    fs::path log_path() const { return dir / "events.jsonl"; }
    AppDriver& d() { return *driver; }
    const Participation& part() const { return driver->app().visit().participation(); }

    std::vector<nlohmann::json> events() const {
        std::vector<nlohmann::json> out;
        std::istringstream in(read_file(log_path()));
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) out.push_back(nlohmann::json::parse(line));
        return out;
    }
    std::vector<nlohmann::json> events(const std::string& name) const {
        std::vector<nlohmann::json> out;
        for (auto& e : events())
            if (e.value("event", "") == name) out.push_back(e);
        return out;
    }

    std::vector<Submission> records() { return outbox->pending(1000).value(); }

    // Taps widget `id`, which must lead to screen `next`.
    void tap_to(const std::string& id, Screen next) {
        d().tap(id);
        REQUIRE(d().screen() == next);
    }
    // Attract -> home.
    void begin_visit() {
        d().settle();
        REQUIRE(d().screen() == Screen::Attract);
        tap_to("attract/start", Screen::Home);
    }
    // Attract -> home -> `id` on the home screen, which leads to `next`.
    void from_home(const char* id, Screen next) {
        begin_visit();
        tap_to(id, next);
    }
    void to_participate() { from_home("home/take-part", Screen::Participate); }
    void to_vision() { from_home("home/vision", Screen::Vision); }
    // ... -> take part -> `id` there.
    void from_participate(const char* id, Screen next) {
        to_participate();
        tap_to(id, next);
    }
    void to_priorities() { from_participate("participate/priorities", Screen::Priorities); }
    void to_idea() { from_participate("participate/idea", Screen::Idea); }
    // ... -> an idea typed and sent -> the thank-you screen.
    void to_thanks() {
        to_idea();
        d().tap("idea/text");
        type("Mehr Bänke");
        tap_shown("idea/submit");
        REQUIRE(d().screen() == Screen::Thanks);
    }

    // A point in the middle of the scrolling part: below the navigation bar, above the keyboard.
    ImVec2 area_point() {
        const Metrics& m = d().app().metrics();
        float bottom = m.display.y;
        if (const WidgetInfo* k = d().find("kbd/1")) bottom = k->min.y;
        return ImVec2(m.display.x * 0.5f, m.nav_height + (bottom - m.nav_height) * 0.5f);
    }
    bool shown(const std::string& id) {
        const WidgetInfo* w = d().find(id);
        if (!w) return false;
        const float want = std::min(w->full_height - 0.5f, d().app().metrics().touch_min);
        return w->max.y - w->min.y >= want;
    }
    // Scrolls (down first, then up) until widget `id` is on screen; fails the test otherwise.
    void reveal(const std::string& id) {
        for (const float notch : {-1.0f, 1.0f})
            for (int i = 0; i < 60 && !shown(id); ++i) d().wheel(area_point(), notch);
        REQUIRE_MESSAGE(shown(id),
                        "widget \"" << id << "\" never scrolled into view on \"" << screen_name(d().screen()) << "\"");
    }
    void tap_shown(const std::string& id) {
        reveal(id);
        d().tap(id);
    }
    // Typing on a physical keyboard: one SDL_TEXTINPUT-like event.
    void type(const std::string& text) {
        InputEvent e;
        e.kind = InputEvent::Kind::Text;
        e.text = text;
        d().app().input().push(e);
        d().settle();
    }
    // Taps keys of the on-screen keyboard by their widget ids ("kbd/a", "kbd/shift", ...).
    void keys(std::initializer_list<const char*> ids_) {
        for (const char* id : ids_) d().tap(id);
    }
    // Lets the visit run out: countdown, then the reset to the attract screen.
    void idle_out() {
        const IdleConfig idle = d().app().visit().idle();
        d().clock().advance(idle.timeout + 1.0);
        d().settle();
        REQUIRE(d().app().visit().idle_warning());
        d().clock().advance(idle.countdown);
        d().settle();
        REQUIRE(d().screen() == Screen::Attract);
    }
    // Forum ids in the order of the pack.
    std::vector<std::string> forum_ids() const {
        std::vector<std::string> out;
        for (const Forum& f : driver->app().pack().forums) out.push_back(f.id);
        return out;
    }
};

// Runs `test` on a Kiosk set up as `setup` says; skipped where this machine has no usable fonts.
template <class Test>
void with_kiosk(const Setup& setup, Test test) {
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    Kiosk k(*fonts, setup);
    test(k);
}
template <class Test>
void with_kiosk(Test test) {
    with_kiosk(Setup{}, test);
}

}  // namespace

// ---------------------------------------------------------------- take part

TEST_CASE("take part is enabled once the outbox is open and opens the participate screen") {
    with_kiosk([](Kiosk& k) {
        k.begin_visit();
        const WidgetInfo* w = k.d().find("home/take-part");
        REQUIRE(w != nullptr);
        CHECK(w->enabled);
        k.d().tap("home/take-part");
        CHECK(k.d().screen() == Screen::Participate);
        CHECK(k.d().find("participate/rate") != nullptr);
        CHECK(k.d().find("participate/priorities") != nullptr);
        CHECK(k.d().find("participate/idea") != nullptr);
        k.d().tap("participate/rate");  // the guide's first step: the first forum
        CHECK(k.d().screen() == Screen::Forum);
        CHECK(k.d().app().visit().guided());
        k.d().tap("nav/back");
        CHECK(k.d().screen() == Screen::Participate);
        CHECK(is_uuid_v7(k.d().app().visit().visit_id()));
        CHECK(k.records().empty());
    });
}

// ---------------------------------------------------------------- ratings

TEST_CASE("rating the vision with four stars stores one rating and logs it as stored once it exists") {
    with_kiosk([](Kiosk& k) {
        k.to_vision();
        k.reveal("rate/vision/4");
        CHECK(k.events("stored").empty());
        k.d().tap("rate/vision/4");

        const auto records = k.records();
        REQUIRE(records.size() == 1);
        const Submission& r = records[0];
        CHECK(r.kind == SubmissionKind::Rating);
        CHECK(r.payload == R"({"item":"vision","stars":4})");
        CHECK(r.visit_id == k.d().app().visit().visit_id());
        CHECK(r.pack_id == k.d().app().pack().id);
        CHECK(r.pack_version == k.d().app().pack().version);
        CHECK(r.kiosk_id == "kiosk-test");
        CHECK(k.part().ratings.at("vision").stars == 4);
        CHECK(k.part().ratings.at("vision").record_id == r.id);
        CHECK(k.part().notice == Notice::RatingSaved);
        const RatingStats stats = k.outbox->rating_stats("vision").value();
        CHECK(stats.count == 1);
        CHECK(stats.average == doctest::Approx(4.0));

        // The log names the stored record, and only after the tap that stored it. (The exact
        // moment of the write against the COMMIT cannot be seen from outside the app.)
        const auto all = k.events();
        const auto tap = std::find_if(all.begin(), all.end(), [](const nlohmann::json& e) {
            return e.value("event", "") == "tap" && e.value("hit", nlohmann::json()) == "rate/vision/4";
        });
        const auto stored = std::find_if(all.begin(), all.end(),
                                         [](const nlohmann::json& e) { return e.value("event", "") == "stored"; });
        REQUIRE(tap != all.end());
        REQUIRE(stored != all.end());
        CHECK(tap < stored);
        CHECK((*stored)["kind"] == "rating");
        CHECK((*stored)["id"] == r.id);
        CHECK((*stored)["seq"] == r.seq);
        CHECK(k.events("stored").size() == 1);
        CHECK(k.events("store-failed").empty());
        CHECK(k.outbox->state(r.id).value() == DeliveryState::Pending);
    });
}

TEST_CASE("rating the same item again in one visit stores a record that replaces the first") {
    with_kiosk([](Kiosk& k) {
        k.to_vision();
        k.tap_shown("rate/vision/4");
        k.tap_shown("rate/vision/2");
        const auto records = k.records();
        REQUIRE(records.size() == 2);
        CHECK(records[1].payload ==
              nlohmann::json({{"item", "vision"}, {"stars", 2}, {"replaces", records[0].id}}).dump());
        CHECK(records[1].visit_id == records[0].visit_id);
        CHECK(k.part().ratings.at("vision").stars == 2);
        CHECK(k.part().ratings.at("vision").record_id == records[1].id);
        const RatingStats stats = k.outbox->rating_stats("vision").value();
        CHECK(stats.count == 1);
        CHECK(stats.average == doctest::Approx(2.0));
        CHECK(k.events("stored").size() == 2);
    });
}

TEST_CASE("tapping the same stars twice stores nothing new") {
    with_kiosk([](Kiosk& k) {
        k.to_vision();
        k.tap_shown("rate/vision/4");
        k.tap_shown("rate/vision/4");
        CHECK(k.records().size() == 1);
        CHECK(k.events("stored").size() == 1);
        CHECK(k.part().notice == Notice::RatingSaved);
        CHECK(k.outbox->rating_stats("vision").value().count == 1);
    });
}

TEST_CASE("a rating in a new visit after the idle reset counts separately") {
    with_kiosk([](Kiosk& k) {
        k.to_vision();
        k.tap_shown("rate/vision/4");
        const std::string first_visit = k.d().app().visit().visit_id();
        k.idle_out();
        CHECK(k.part().ratings.empty());

        k.to_vision();
        CHECK(k.part().ratings.empty());
        k.tap_shown("rate/vision/4");
        const auto records = k.records();
        REQUIRE(records.size() == 2);
        CHECK(records[1].payload == R"({"item":"vision","stars":4})");  // no "replaces"
        CHECK(records[1].visit_id != first_visit);
        CHECK(is_uuid_v7(records[1].visit_id));
        const RatingStats stats = k.outbox->rating_stats("vision").value();
        CHECK(stats.count == 2);
        CHECK(stats.average == doctest::Approx(4.0));
    });
}

TEST_CASE("a forum is rated on its page reached through the forum list") {
    with_kiosk([](Kiosk& k) {
        k.begin_visit();
        k.tap_to("home/forums", Screen::Forums);
        const std::string id = k.forum_ids().front();
        k.tap_to("forum/" + id, Screen::Forum);
        k.tap_shown("rate/" + id + "/5");
        const auto records = k.records();
        REQUIRE(records.size() == 1);
        CHECK(records[0].payload == nlohmann::json({{"item", id}, {"stars", 5}}).dump());
        CHECK(k.outbox->rating_stats(id).value().count == 1);
        CHECK(k.outbox->rating_stats("vision").value().count == 0);
    });
}

// ---------------------------------------------------------------- priorities

TEST_CASE(
    "a fourth priority is refused with the limit notice, a chosen one is removed by a tap, and confirm stores them in "
    "order") {
    with_kiosk([](Kiosk& k) {
        k.to_priorities();
        const auto f = k.forum_ids();
        REQUIRE(f.size() >= 4);
        REQUIRE(k.d().find("prio/confirm") != nullptr);
        CHECK_FALSE(k.d().find("prio/confirm")->enabled);

        for (int i = 0; i < 3; ++i) k.tap_shown("prio/" + f[i]);
        CHECK(k.part().priorities == std::vector<std::string>{f[0], f[1], f[2]});
        CHECK(k.part().notice == Notice::None);
        k.tap_shown("prio/" + f[3]);
        CHECK(k.part().priorities == std::vector<std::string>{f[0], f[1], f[2]});
        CHECK(k.part().notice == Notice::PrioritiesLimit);

        k.tap_shown("prio/" + f[1]);  // chosen: removed
        CHECK(k.part().priorities == std::vector<std::string>{f[0], f[2]});
        CHECK(k.part().notice == Notice::None);
        k.tap_shown("prio/" + f[3]);
        CHECK(k.part().priorities == std::vector<std::string>{f[0], f[2], f[3]});
        CHECK(k.records().empty());  // nothing is stored before confirm

        REQUIRE(k.d().find("prio/confirm")->enabled);
        k.d().tap("prio/confirm");
        // The results follow the vote: this device's votes, the visitor's own three listed.
        CHECK(k.d().screen() == Screen::Results);
        for (const std::string& id : {f[0], f[2], f[3]}) CHECK(k.d().find("results/" + id) != nullptr);
        CHECK(k.d().find("results/" + f[1]) == nullptr);
        CHECK(k.d().find("results/idea") != nullptr);
        const auto records = k.records();
        REQUIRE(records.size() == 1);
        CHECK(records[0].kind == SubmissionKind::Priorities);
        CHECK(records[0].payload == "{\"forums\":[\"" + f[0] + "\",\"" + f[2] + "\",\"" + f[3] + "\"]}");
        const auto stored = k.events("stored");
        REQUIRE(stored.size() == 1);
        CHECK(stored[0]["kind"] == "priorities");
    });
}

TEST_CASE("the thank-you screen ends the visit by itself after its time") {
    with_kiosk([](Kiosk& k) {
        k.to_thanks();
        CHECK(k.d().find("thanks/done") != nullptr);
        // The main loop sleeps until wake_at: it must wake up for the end of the thank-you screen.
        const double now = k.d().clock().now();
        k.d().app().prepare(k.d().size());
        const FrameResult r = k.d().app().frame();
        CHECK(r.wake_at > now);
        CHECK(r.wake_at <= now + Visit::thanks_seconds);
        k.d().clock().advance(Visit::thanks_seconds - 1.0);
        k.d().settle();
        CHECK(k.d().screen() == Screen::Thanks);
        k.d().clock().advance(1.0);
        k.d().settle();
        CHECK(k.d().screen() == Screen::Attract);
        CHECK(k.part().ideas_stored == 0);
        const auto ended = k.events("visit-ended");
        REQUIRE(ended.size() == 1);
        CHECK(ended[0]["reason"] == "visitor");
    });
}

TEST_CASE("the guide leads through the forums one after another, then the top three, the results and the idea") {
    with_kiosk([](Kiosk& k) {
        const auto f = k.forum_ids();
        k.to_participate();
        k.tap_to("participate/rate", Screen::Forum);
        CHECK(k.d().app().visit().guided());
        CHECK(k.d().app().visit().forum_id() == f[0]);
        // A stored rating moves on to the next forum by itself.
        k.tap_shown("rate/" + f[0] + "/4");
        REQUIRE(k.records().size() == 1);
        CHECK(k.d().app().visit().forum_id() == f[1]);
        CHECK(k.part().notice == Notice::RatingSaved);
        CHECK(k.part().notice_item == f[0]);
        // "Skip" moves on without a rating.
        k.tap_shown("forum/skip");
        CHECK(k.d().app().visit().forum_id() == f[2]);
        CHECK(k.records().size() == 1);
        // Back returns to the forum before, whose rating can still be given.
        k.d().tap("nav/back");
        CHECK(k.d().app().visit().forum_id() == f[1]);
        // Step 2 is one tap away; its page shows the steps.
        k.tap_shown("forum/to-priorities");
        REQUIRE(k.d().screen() == Screen::Priorities);
        CHECK(k.d().app().visit().guided());
        k.tap_shown("prio/" + f[5]);
        k.tap_shown("prio/confirm");
        REQUIRE(k.d().screen() == Screen::Results);
        CHECK(k.d().find("results/" + f[5]) != nullptr);
        // Step 3: the idea; the thank-you screen says what was stored and offers another idea.
        k.tap_shown("results/idea");
        REQUIRE(k.d().screen() == Screen::Idea);
        k.d().tap("idea/text");
        k.type("Mehr Bänke");
        k.tap_shown("idea/submit");
        REQUIRE(k.d().screen() == Screen::Thanks);
        CHECK(k.part().ideas_stored == 1);
        CHECK(k.part().idea_text.empty());  // a next idea starts blank
        k.tap_to("thanks/another-idea", Screen::Idea);
        CHECK(k.part().idea_text.empty());
        CHECK(k.records().size() == 3);
        // Home ends the guide.
        k.tap_to("nav/home", Screen::Home);
        CHECK_FALSE(k.d().app().visit().guided());
    });
}

TEST_CASE("after the last forum the guide goes on to the top three") {
    with_kiosk([](Kiosk& k) {
        const auto f = k.forum_ids();
        k.to_participate();
        k.tap_to("participate/rate", Screen::Forum);
        for (std::size_t i = 0; i + 1 < f.size(); ++i) {
            REQUIRE(k.d().app().visit().forum_id() == f[i]);
            k.tap_shown("forum/skip");
        }
        REQUIRE(k.d().app().visit().forum_id() == f.back());
        CHECK(k.d().find("forum/to-priorities") == nullptr);  // "skip" is that step now
        k.tap_shown("rate/" + f.back() + "/5");
        CHECK(k.d().screen() == Screen::Priorities);
        CHECK(k.records().size() == 1);
    });
}

TEST_CASE("a forum page outside the guide offers an idea for this forum and the next forum") {
    with_kiosk([](Kiosk& k) {
        const auto f = k.forum_ids();
        k.begin_visit();
        k.tap_to("home/forums", Screen::Forums);
        k.tap_shown("forum/" + f[0]);
        REQUIRE(k.d().screen() == Screen::Forum);
        CHECK_FALSE(k.d().app().visit().guided());
        CHECK(k.d().find("forum/skip") == nullptr);
        // Rating does not move on outside the guide.
        k.tap_shown("rate/" + f[0] + "/3");
        CHECK(k.d().app().visit().forum_id() == f[0]);
        k.tap_shown("forum/next");
        CHECK(k.d().app().visit().forum_id() == f[1]);
        k.tap_shown("forum/idea");
        REQUIRE(k.d().screen() == Screen::Idea);
        CHECK(k.part().idea_forum == f[1]);
    });
}

TEST_CASE("the privacy notice opens from the consent and from the nav bar and back keeps what was typed") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        k.type("Mehr Bänke");
        k.d().tap("kbd/hide");
        k.tap_shown("idea/privacy");
        REQUIRE(k.d().screen() == Screen::Info);
        k.tap_to("nav/back", Screen::Idea);
        CHECK(k.part().idea_text == "Mehr Bänke");
        k.tap_to("nav/info", Screen::Info);
        k.d().tap("nav/info");  // already there: no second entry on the way back
        k.tap_to("nav/back", Screen::Idea);
        CHECK(k.records().empty());
    });
}

TEST_CASE("in low reach the band above the form shows what is being typed") {
    with_kiosk({.size = ImVec2(1280, 800)}, [](Kiosk& k) {
        k.begin_visit();
        k.d().tap("access/open");
        k.d().tap("access/low-reach");
        k.d().tap("access/close");
        REQUIRE(k.d().app().visit().accessibility().low_reach);
        k.tap_to("home/take-part", Screen::Participate);
        k.tap_to("participate/idea", Screen::Idea);
        CHECK(k.d().find("lowreach/echo") == nullptr);  // nothing typed in: the pack's title
        k.d().tap("idea/text");
        k.type("Mehr Bänke am Kanal");
        const WidgetInfo* echo = k.d().find("lowreach/echo");
        REQUIRE(echo != nullptr);
        // Above the UI (negative y in its coordinates) and clear of the keyboard.
        CHECK(echo->max.y <= 0.0f);
        k.d().tap("kbd/hide");
        CHECK(k.d().find("lowreach/echo") == nullptr);
    });
}

TEST_CASE("guide_next and guide_position follow the pack's order") {
    const ContentPack pack = load_default_pack();
    REQUIRE(pack.forums.size() >= 2);
    const Intent next = guide_next(pack, pack.forums[0].id);
    REQUIRE(std::holds_alternative<OpenForum>(next));
    CHECK(std::get<OpenForum>(next).id == pack.forums[1].id);
    const Intent after_last = guide_next(pack, pack.forums.back().id);
    REQUIRE(std::holds_alternative<OpenPriorities>(after_last));
    CHECK(std::get<OpenPriorities>(after_last).guided);
    CHECK(guide_position(pack, pack.forums[1].id) == std::pair<std::size_t, std::size_t>{2, pack.forums.size()});
    CHECK(guide_position(pack, "no-such-forum").first == 0);
}

TEST_CASE("done on the thank-you screen ends the visit") {
    with_kiosk([](Kiosk& k) {
        k.to_thanks();
        k.d().tap("thanks/done");
        CHECK(k.d().screen() == Screen::Attract);
        CHECK(k.part().idea_text.empty());
        const auto ended = k.events("visit-ended");
        REQUIRE(ended.size() == 1);
        CHECK(ended[0]["reason"] == "visitor");
        CHECK(k.records().size() == 1);
    });
}

// ---------------------------------------------------------------- typing

TEST_CASE("the on-screen keyboard types Grüße with a shift that holds for one letter") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        CHECK(k.d().find("kbd/a") == nullptr);  // no keyboard before a field is tapped
        k.d().tap("idea/text");
        CHECK(k.part().focus == IdeaField::Text);
        REQUIRE(k.d().find("kbd/g") != nullptr);
        CHECK(k.d().find("kbd/G") == nullptr);

        k.d().tap("kbd/shift");
        CHECK(k.part().shift);
        CHECK(k.d().find("kbd/g") == nullptr);
        REQUIRE(k.d().find("kbd/G") != nullptr);
        CHECK(k.d().find("kbd/Ü") != nullptr);
        k.d().tap("kbd/G");
        CHECK_FALSE(k.part().shift);  // one letter only
        CHECK(k.d().find("kbd/r") != nullptr);
        k.keys({"kbd/r", "kbd/ü", "kbd/ß", "kbd/e"});
        CHECK(k.part().idea_text == "Grüße");

        // Shift tapped twice is off again.
        k.keys({"kbd/shift", "kbd/shift", "kbd/a"});
        CHECK(k.part().idea_text == "Grüßea");
        k.keys({"kbd/space"});
        CHECK(k.part().idea_text == "Grüßea ");
    });
}

TEST_CASE("the symbols page types @ and stays until ABC switches back to letters") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        CHECK(k.d().find("kbd/@") == nullptr);
        k.d().tap("kbd/symbols");
        CHECK(k.part().symbols);
        REQUIRE(k.d().find("kbd/@") != nullptr);
        CHECK(k.d().find("kbd/q") == nullptr);
        k.keys({"kbd/@", "kbd/€", "kbd/\u201E"});
        CHECK(k.part().idea_text == "@€\u201E");
        CHECK(k.part().symbols);
        k.d().tap("kbd/symbols");
        CHECK_FALSE(k.part().symbols);
        CHECK(k.d().find("kbd/q") != nullptr);
        k.d().tap("kbd/hide");
        CHECK(k.part().focus == IdeaField::None);
        CHECK(k.d().find("kbd/q") == nullptr);
        CHECK(k.part().idea_text == "@€\u201E");
    });
}

TEST_CASE("backspace removes one character, also one of several bytes") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        k.keys({"kbd/a", "kbd/ä"});
        CHECK(k.part().idea_text == "aä");
        k.d().tap("kbd/backspace");
        CHECK(k.part().idea_text == "a");
        k.type("😀");
        CHECK(k.part().idea_text == "a😀");
        k.d().tap("kbd/backspace");
        CHECK(k.part().idea_text == "a");
        k.keys({"kbd/backspace", "kbd/backspace"});  // one more than there is: nothing breaks
        CHECK(k.part().idea_text.empty());
    });
}

TEST_CASE("the backspace key of a physical keyboard removes one character") {
    with_kiosk([](Kiosk& k) {
        // The SDL backend maps ImGuiKey_Backspace to SDL's scancode; the harness has no backend.
        constexpr int k_backspace_scancode = 42;  // SDL_SCANCODE_BACKSPACE
        ImGui::GetIO().KeyMap[ImGuiKey_Backspace] = k_backspace_scancode;
        k.to_idea();
        k.d().tap("idea/text");
        k.type("Straße");
        InputEvent down;
        down.kind = InputEvent::Kind::Key;
        down.key = k_backspace_scancode;
        down.key_down = true;
        k.d().app().input().push(down);
        k.d().frame();
        InputEvent up = down;
        up.key_down = false;
        k.d().app().input().push(up);
        k.d().settle();
        CHECK(k.part().idea_text == "Straß");
    });
}

TEST_CASE("an idea stops at 1000 characters") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        std::string many;
        for (int i = 0; i < 1005; ++i) many += "ä";
        k.type(many);
        CHECK(utf8_length(k.part().idea_text) == TextLimits::idea);
        CHECK(k.part().idea_text.size() == 2 * TextLimits::idea);
        k.d().tap("kbd/e");
        CHECK(utf8_length(k.part().idea_text) == TextLimits::idea);
        CHECK(k.part().idea_text.back() != 'e');
        k.d().tap("kbd/backspace");
        CHECK(utf8_length(k.part().idea_text) == TextLimits::idea - 1);
        k.d().tap("kbd/e");
        CHECK(k.part().idea_text.back() == 'e');
        CHECK(utf8_length(k.part().idea_text) == TextLimits::idea);
    });
}

TEST_CASE("typing past the limit says so next to the field instead of stopping silently") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        k.type(std::string(TextLimits::idea, 'a'));
        CHECK(k.d().find("idea/limit") == nullptr);
        k.d().tap("kbd/e");
        REQUIRE(k.part().notice == Notice::TextLimit);
        const WidgetInfo* text = k.d().find("idea/text");
        const WidgetInfo* limit = k.d().find("idea/limit");
        REQUIRE(limit != nullptr);
        REQUIRE(text != nullptr);
        CHECK(limit->min.y >= text->max.y);  // right below the field, above the keyboard
        CHECK(limit->max.y <= k.d().find("kbd/1")->min.y);
        k.d().tap("kbd/backspace");
        CHECK(k.d().find("idea/limit") == nullptr);
    });
}

TEST_CASE("the second tap of a double tap does not go through to the screen the first one opened") {
    with_kiosk([](Kiosk& k) {
        k.begin_visit();
        // "Mitmachen" on home, tapped twice quickly: under the second tap lies an entry of the
        // take-part screen, which must not open.
        const ImVec2 at = centre(*k.d().find("home/take-part"));
        k.d().tap_at(at);
        REQUIRE(k.d().screen() == Screen::Participate);
        k.d().tap_at(at, AppDriver::Guard::Ignore);
        CHECK(k.d().screen() == Screen::Participate);
        bool guarded = false;
        for (const auto& e : k.events("tap")) guarded = guarded || e.value("guarded", false);
        CHECK(guarded);
        // A tap once the screen has been up for a moment goes through.
        k.tap_to("participate/idea", Screen::Idea);
    });
}

TEST_CASE("a tap into typed text puts the caret there, and typing goes in at it") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        k.type("Mehr Bäume");
        const WidgetInfo* field = k.d().find("idea/text");
        REQUIRE(field != nullptr);
        // Near the left edge of the first line: before the first character.
        const Metrics& m = k.d().app().metrics();
        k.d().tap_at(ImVec2(field->min.x + m.gap * 0.6f + 1.0f, field->min.y + m.gap * 0.6f + 5.0f));
        CHECK(k.part().caret == 0);
        k.keys({"kbd/shift", "kbd/V", "kbd/space"});
        CHECK(k.part().idea_text == "V Mehr Bäume");
        CHECK(k.part().caret == 2);
    });
}

TEST_CASE("the keyboard follows the visit's language and the field") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        const auto left_of = [&](const char* a, const char* b) {
            const WidgetInfo* wa = k.d().find(a);
            const WidgetInfo* wb = k.d().find(b);
            REQUIRE_MESSAGE(wa != nullptr, a);
            REQUIRE_MESSAGE(wb != nullptr, b);
            CHECK(std::abs(wa->min.y - wb->min.y) < 1.0f);
            CHECK(wa->max.x <= wb->min.x);
        };
        // German: QWERTZ, with umlauts, ß, and ? ! Enter on the letter layer.
        left_of("kbd/t", "kbd/z");
        left_of("kbd/z", "kbd/u");
        for (const char* id : {"kbd/ä", "kbd/ö", "kbd/ü", "kbd/ß", "kbd/?", "kbd/!", "kbd/enter"})
            CHECK_MESSAGE(k.d().find(id) != nullptr, id);
        k.keys({"kbd/?", "kbd/enter", "kbd/!"});
        CHECK(k.part().idea_text == "?\n!");

        k.d().tap("lang/en");
        REQUIRE(k.d().app().visit().language() == "en");
        // English: QWERTY, no umlauts.
        left_of("kbd/t", "kbd/y");
        left_of("kbd/y", "kbd/u");
        CHECK(k.d().find("kbd/ä") == nullptr);
        CHECK(k.d().find("kbd/ß") == nullptr);

        SUBCASE("an e-mail address gets @ on the letter layer") {
            k.tap_shown("idea/email");
            CHECK(k.d().find("kbd/@") != nullptr);
            CHECK(k.d().find("kbd/space") == nullptr);
            k.keys({"kbd/a", "kbd/@", "kbd/.de"});
            CHECK(k.part().email == "a@.de");
        }
        SUBCASE("a postcode gets a number pad, and letters for a foreign one") {
            k.tap_shown("idea/postcode");
            CHECK(k.d().find("kbd/a") == nullptr);
            k.keys({"kbd/4", "kbd/5", "kbd/1", "kbd/2", "kbd/7"});
            CHECK(k.part().postcode == "45127");
            k.d().tap("kbd/symbols");
            CHECK(k.d().find("kbd/a") != nullptr);
        }
    });
}

TEST_CASE("typing on a physical keyboard goes into the focused field and an emoji is stored unchanged") {
    with_kiosk({.contact = Contact::NotOffered}, [](Kiosk& k) {
        k.to_idea();
        k.type("ignored");  // no field has the focus yet
        CHECK(k.part().idea_text.empty());
        k.d().tap("idea/text");
        k.type("Mehr Grün ");
        k.type("😀");
        k.type("\tim\nPark");  // control characters are dropped; a line break stays in the idea
        CHECK(k.part().idea_text == "Mehr Grün 😀im\nPark");
        k.d().tap("kbd/hide");
        k.tap_shown("idea/submit");
        REQUIRE(k.d().screen() == Screen::Thanks);
        const auto records = k.records();
        REQUIRE(records.size() == 1);
        CHECK(records[0].kind == SubmissionKind::Idea);
        CHECK(contains(records[0].payload, "Mehr Grün 😀im\\nPark"));  // raw UTF-8, not \u escapes
        const auto payload = nlohmann::json::parse(records[0].payload);
        CHECK(payload["text"] == "Mehr Grün 😀im\nPark");
        CHECK(payload["forum"].is_null());
        CHECK_FALSE(payload.contains("contact"));
    });
}

// ---------------------------------------------------------------- submitting ideas

TEST_CASE("submitting an empty idea shows a notice and stores nothing") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        k.tap_shown("idea/submit");
        CHECK(k.d().screen() == Screen::Idea);
        CHECK(k.part().notice == Notice::IdeaEmpty);
        CHECK(k.records().empty());

        // Spaces only count as empty too.
        k.reveal("idea/text");
        k.d().tap("idea/text");
        k.keys({"kbd/space", "kbd/space"});
        k.d().tap("kbd/hide");
        k.tap_shown("idea/submit");
        CHECK(k.d().screen() == Screen::Idea);
        CHECK(k.part().notice == Notice::IdeaEmpty);
        CHECK(k.records().empty());
        CHECK(k.events("stored").empty());
    });
}

namespace {

// Types an idea and the three contact fields, and chooses the forum `forum`.
void fill_idea_with_contact(Kiosk& k, const std::string& forum) {
    k.d().tap("idea/text");
    k.type("Mehr Bänke im Park");
    k.tap_shown("idea/forum/" + forum);
    k.tap_shown("idea/name");
    k.type("Erika Mustermann");
    k.tap_shown("idea/email");
    k.type("erika@example.org");
    k.tap_shown("idea/postcode");
    k.type("44135");
    k.d().tap("kbd/hide");
    REQUIRE(k.part().name == "Erika Mustermann");
    REQUIRE(k.part().email == "erika@example.org");
    REQUIRE(k.part().postcode == "44135");
    REQUIRE(k.part().idea_forum == forum);
}

}  // namespace

TEST_CASE("contact details without consent are refused and nothing is stored") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        fill_idea_with_contact(k, k.forum_ids().front());
        k.tap_shown("idea/submit");
        CHECK(k.d().screen() == Screen::Idea);
        CHECK(k.part().notice == Notice::ConsentNeeded);
        CHECK(k.records().empty());
        CHECK(k.part().idea_text == "Mehr Bänke im Park");  // nothing typed is lost
        CHECK(k.part().name == "Erika Mustermann");
    });
}

TEST_CASE("with consent the contact details are stored sealed so that only the organizer can read them") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        const std::string forum = k.forum_ids().back();
        fill_idea_with_contact(k, forum);
        k.tap_shown("idea/consent");
        CHECK(k.part().consent);
        k.tap_shown("idea/submit");
        REQUIRE(k.d().screen() == Screen::Thanks);

        const auto records = k.records();
        REQUIRE(records.size() == 1);
        const Submission& r = records[0];
        for (const char* clear : {"Erika", "Mustermann", "erika@example.org", "44135"}) {
            CHECK_MESSAGE(!contains(r.payload, clear), clear << " is in the payload in clear text");
            CHECK_MESSAGE(!contains(read_file(k.log_path()), clear), clear << " is in the event log");
        }
        const auto payload = nlohmann::json::parse(r.payload);
        CHECK(payload["text"] == "Mehr Bänke im Park");
        CHECK(payload["forum"] == forum);
        REQUIRE(payload.contains("contact"));
        CHECK(payload["contact"]["consent"] == true);
        REQUIRE(payload["contact"]["sealed"].is_string());
        // sealed, consent, and what the consent said: its text's hash, language and pack version.
        CHECK(payload["contact"].size() == 5);

        const auto opened =
            open_sealed(payload["contact"]["sealed"].get<std::string>(), k.organizer_pk, k.organizer_sk);
        REQUIRE(opened.ok());
        CHECK(*opened == R"({"email":"erika@example.org","name":"Erika Mustermann","postcode":"44135"})");
        const auto [other_pk, other_sk] = make_keypair();
        CHECK_FALSE(open_sealed(payload["contact"]["sealed"].get<std::string>(), other_pk, other_sk).ok());
    });
}

TEST_CASE("an idea with contact data has a visit id of its own and names the consent text it was given (issue 14)") {
    with_kiosk([](Kiosk& k) {
        k.to_vision();
        k.reveal("rate/vision/4");
        k.d().tap("rate/vision/4");
        const std::string visit = k.d().app().visit().visit_id();
        k.tap_to("nav/home", Screen::Home);
        k.tap_to("home/take-part", Screen::Participate);
        k.tap_to("participate/idea", Screen::Idea);
        k.d().tap("lang/en");
        REQUIRE(k.d().app().visit().language() == "en");
        fill_idea_with_contact(k, k.forum_ids().front());
        k.tap_shown("idea/consent");
        k.tap_shown("idea/submit");
        REQUIRE(k.d().screen() == Screen::Thanks);

        const auto records = k.records();
        REQUIRE(records.size() == 2);
        const Submission& rating = records[0];
        const Submission& idea = records[1];
        REQUIRE(idea.kind == SubmissionKind::Idea);
        CHECK(rating.visit_id == visit);
        // Nothing in the records links the name to how this visitor rated.
        CHECK(idea.visit_id != visit);
        CHECK(is_uuid_v7(idea.visit_id));

        const ContentPack& pack = k.d().app().pack();
        const auto contact = nlohmann::json::parse(idea.payload)["contact"];
        const std::string& shown = pack.text("en", "ui.idea_consent");
        REQUIRE(shown != pack.text("de", "ui.idea_consent"));
        CHECK(contact["consent_sha256"] == sha256_hex(shown));
        CHECK(contact["consent_language"] == "en");
        CHECK(contact["consent_pack_version"] == pack.version);
    });
}

TEST_CASE("an idea without contact data stays with its visit") {
    with_kiosk([](Kiosk& k) {
        k.to_idea();
        const std::string visit = k.d().app().visit().visit_id();
        k.d().tap("idea/text");
        k.type("Mehr Bänke");
        k.d().tap("kbd/hide");
        k.tap_shown("idea/submit");
        REQUIRE(k.d().screen() == Screen::Thanks);
        const auto records = k.records();
        REQUIRE(records.size() == 1);
        CHECK(records[0].visit_id == visit);
        CHECK_FALSE(nlohmann::json::parse(records[0].payload).contains("contact"));
    });
}

TEST_CASE("without an organizer key the contact fields are not offered") {
    with_kiosk({.contact = Contact::NotOffered}, [](Kiosk& k) {
        k.to_idea();
        k.reveal("idea/submit");  // the end of the form
        CHECK(k.d().find("idea/name") == nullptr);
        CHECK(k.d().find("idea/email") == nullptr);
        CHECK(k.d().find("idea/postcode") == nullptr);
        CHECK(k.d().find("idea/consent") == nullptr);
        for (int i = 0; i < 20; ++i) k.d().wheel(k.area_point(), -1.0f);
        CHECK(k.d().find("idea/name") == nullptr);
    });
}

TEST_CASE("the idle reset forgets half-typed text, the keyboard state, priorities and the focus") {
    with_kiosk([](Kiosk& k) {
        k.to_priorities();
        const auto f = k.forum_ids();
        k.tap_shown("prio/" + f[0]);
        k.tap_shown("prio/" + f[1]);
        REQUIRE(k.part().priorities.size() == 2);
        k.tap_to("nav/back", Screen::Participate);
        k.tap_to("participate/idea", Screen::Idea);
        k.tap_shown("idea/name");
        k.type("Erika");
        k.tap_shown("idea/text");
        k.keys({"kbd/shift", "kbd/H", "kbd/a", "kbd/l", "kbd/b", "kbd/shift", "kbd/symbols"});
        REQUIRE(k.part().idea_text == "Halb");
        REQUIRE(k.part().shift);
        REQUIRE(k.part().symbols);
        REQUIRE(k.part().focus == IdeaField::Text);

        k.idle_out();
        const Participation& p = k.part();
        CHECK(p.idea_text.empty());
        CHECK(p.name.empty());
        CHECK_FALSE(p.shift);
        CHECK_FALSE(p.symbols);
        CHECK(p.priorities.empty());
        CHECK(p.focus == IdeaField::None);
        CHECK(p.notice == Notice::None);
        CHECK(k.records().empty());

        // The next visitor finds an empty form without a keyboard, and no priorities chosen.
        k.to_participate();
        k.d().tap("participate/idea");
        CHECK(k.d().find("kbd/shift") == nullptr);
        CHECK(k.d().find("kbd/1") == nullptr);
        k.d().tap("nav/back");
        k.d().tap("participate/priorities");
        REQUIRE(k.d().find("prio/confirm") != nullptr);
        CHECK_FALSE(k.d().find("prio/confirm")->enabled);
    });
}

// ---------------------------------------------------------------- storage failure

TEST_CASE("an idea that cannot be stored keeps the typed text, says so, logs store-failed and alerts staff") {
    // A full disk, made with RLIMIT_FSIZE (chmod does not stop root, which runs these tests):
    // the outbox's write-ahead log cannot grow by a record, but a one-page alert still fits.
    with_kiosk({.storage = Storage::File}, [](Kiosk& k) {
        k.to_idea();
        k.d().tap("idea/text");
        k.type("Mehr Bänke im Park");
        k.d().tap("kbd/hide");
        k.reveal("idea/submit");
        {
            const FileSizeLimit full(wal_room_for(k.db_path(), 2));
            k.d().tap("idea/submit");
        }
        CHECK(k.d().screen() == Screen::Idea);
        CHECK(k.part().notice == Notice::StoreFailed);
        CHECK(k.part().idea_text == "Mehr Bänke im Park");
        CHECK(k.records().empty());
        CHECK(k.events("stored").empty());
        const auto failed = k.events("store-failed");
        REQUIRE(failed.size() == 1);
        CHECK(failed[0]["kind"] == "idea");
        CHECK(contains(failed[0]["reason"].get<std::string>(), "disk is full"));
        CHECK_FALSE(contains(failed[0]["reason"].get<std::string>(), "Bänke"));
        const auto alerts = k.outbox->recent_alerts(5).value();
        REQUIRE(alerts.size() == 1);
        CHECK(alerts[0].level == "error");
        CHECK(contains(alerts[0].message, "idea could not be stored"));
        CHECK(contains(alerts[0].message, "disk is full"));  // SQLite's words, for the log only
        CHECK(alerts[0].key == "alert_store_failed");
        const AlertTexts t = alert_texts(alerts[0]);
        CHECK(t.de.find("Eine Idee konnte nicht gespeichert werden. Auf diesem Gerät ist kein Speicherplatz mehr "
                        "frei. Die Besucher sehen einen Hinweis") == 0);
        CHECK(t.en.find("An idea could not be stored. There is no free storage left on this kiosk.") == 0);
        CHECK_FALSE(contains(t.de, "disk"));

        // With room again, the same text is submitted on the next tap.
        k.d().tap("idea/submit");
        CHECK(k.d().screen() == Screen::Thanks);
        const auto records = k.records();
        REQUIRE(records.size() == 1);
        CHECK(nlohmann::json::parse(records[0].payload)["text"] == "Mehr Bänke im Park");
    });
}

TEST_CASE("a rating that cannot be stored says so and counts only once it is stored") {
    with_kiosk({.storage = Storage::File}, [](Kiosk& k) {
        k.to_vision();
        k.reveal("rate/vision/4");
        {
            const FileSizeLimit full(wal_room_for(k.db_path(), 2));
            k.d().tap("rate/vision/4");
        }
        CHECK(k.part().notice == Notice::StoreFailed);
        CHECK(k.part().notice_item == "vision");
        CHECK(k.part().ratings.count("vision") == 0);
        CHECK(k.outbox->rating_stats("vision").value().count == 0);
        REQUIRE(k.events("store-failed").size() == 1);
        CHECK(k.events("store-failed")[0]["kind"] == "rating");

        k.tap_shown("rate/vision/4");  // tried again: now stored
        CHECK(k.part().notice == Notice::RatingSaved);
        CHECK(k.records().size() == 1);
        CHECK(k.outbox->rating_stats("vision").value().count == 1);
    });
}

TEST_CASE("priorities that cannot be stored stay chosen with the notice and can be confirmed again") {
    with_kiosk({.storage = Storage::File}, [](Kiosk& k) {
        k.to_priorities();
        const auto f = k.forum_ids();
        k.tap_shown("prio/" + f[0]);
        k.tap_shown("prio/" + f[1]);
        {
            const FileSizeLimit full(wal_room_for(k.db_path(), 2));
            k.d().tap("prio/confirm");
        }
        CHECK(k.d().screen() == Screen::Priorities);
        CHECK(k.part().notice == Notice::StoreFailed);
        CHECK(k.part().priorities == std::vector<std::string>{f[0], f[1]});
        CHECK_FALSE(k.part().priorities_submitted);
        REQUIRE(k.events("store-failed").size() == 1);
        CHECK(k.events("store-failed")[0]["kind"] == "priorities");
        CHECK(k.records().empty());
        REQUIRE(k.d().find("prio/confirm") != nullptr);
        CHECK(k.d().find("prio/confirm")->enabled);

        k.d().tap("prio/confirm");
        CHECK(k.d().screen() == Screen::Results);
        REQUIRE(k.records().size() == 1);
    });
}

TEST_CASE("priorities that cannot be stored log no change of screen") {
    // The event log is what staff and the e2e tests read; a "screen" event must mean the
    // screen changed.
    with_kiosk({.storage = Storage::File}, [](Kiosk& k) {
        k.to_priorities();
        k.tap_shown("prio/" + k.forum_ids()[0]);
        const std::size_t screens_before = k.events("screen").size();
        {
            const FileSizeLimit full(wal_room_for(k.db_path(), 2));
            k.d().tap("prio/confirm");
        }
        REQUIRE(k.d().screen() == Screen::Priorities);
        CHECK(k.events("screen").size() == screens_before);
    });
}

// ---------------------------------------------------------------- layout

TEST_CASE("a word too wide for the priorities limit notice is reported as clipped") {
    // The layout check below must be able to fail on the new screens too.
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    const TempPack broken;
    // One word wider than the whole status line (about 2300 px in bold at 1920x1080).
    const std::string word =
        "Donaudampfschifffahrtsgesellschaftskapitaensmuetzenabzeichenherstellung"
        "Donaudampfschifffahrtsgesellschaftskapitaensmuetzenabzeichenherstellung";
    broken.edit_json("lang/de.json", [&](nlohmann::json& j) { j["ui"]["priorities_limit"] = word; });
    PackLoad load = broken.load();
    REQUIRE_MESSAGE(load.pack.has_value(), describe(load.problems));
    ManualWallClock wall;
    CountingIdSource ids;
    auto outbox = Outbox::open(":memory:", "kiosk-test", wall, ids);
    REQUIRE(outbox.ok());
    AppDriver d(std::move(*load.pack), *fonts, ImVec2(1920, 1080));
    d.app().set_participation(outbox->get(), ids, wall, std::nullopt);
    d.settle();
    d.tap("attract/start");
    d.tap("home/take-part");
    d.tap("participate/priorities");
    REQUIRE(d.screen() == Screen::Priorities);
    CHECK(d.app().widgets().clipping().empty());
    std::vector<std::string> visible;
    for (const Forum& f : d.app().pack().forums)
        if (d.find("prio/" + f.id)) visible.push_back(f.id);
    REQUIRE(visible.size() >= 4);
    for (int i = 0; i < 4; ++i) d.tap("prio/" + visible[static_cast<std::size_t>(i)]);
    REQUIRE(d.app().visit().participation().notice == Notice::PrioritiesLimit);
    const auto& clips = d.app().widgets().clipping();
    REQUIRE(clips.size() == 1);
    CHECK(clips[0].widget == "prio/status");
    CHECK(clips[0].text == word);
}

namespace {

// Walks every participation screen in both languages at one size and checks that all text fits.
void check_participation_screens_fit(ImVec2 size) {
    with_kiosk({.size = size}, [&](Kiosk& k) {
        AppDriver& d = k.d();
        const auto f = k.forum_ids();
        for (const LanguageInfo& lang : d.app().pack().languages) {
            CAPTURE(lang.code);
            k.begin_visit();
            d.tap("lang/" + lang.code);
            REQUIRE(d.app().visit().language() == lang.code);
            expect_no_clipping(d, "home with take part enabled");

            d.tap("home/vision");
            k.tap_shown("rate/vision/4");
            expect_no_clipping(d, "vision with a saved rating and its result");
            d.tap("nav/home");

            k.tap_to("home/take-part", Screen::Participate);
            expect_no_clipping(d, "participate");

            k.tap_to("participate/priorities", Screen::Priorities);
            expect_no_clipping(d, "priorities (none chosen)");
            for (int i = 0; i < 4; ++i) k.tap_shown("prio/" + f[static_cast<std::size_t>(i)]);
            REQUIRE(k.part().priorities.size() == 3);
            REQUIRE(k.part().notice == Notice::PrioritiesLimit);
            expect_no_clipping(d, "priorities with three chosen and the limit notice");
            d.tap("nav/back");

            k.tap_to("participate/idea", Screen::Idea);
            expect_no_clipping(d, "idea");
            k.tap_shown("idea/submit");
            REQUIRE(k.part().notice == Notice::IdeaEmpty);
            expect_no_clipping(d, "idea with the empty-idea notice");
            k.tap_shown("idea/text");
            expect_no_clipping(d, "idea with the keyboard (letters)");
            d.tap("kbd/shift");
            expect_no_clipping(d, "idea with the keyboard (shifted letters)");
            d.tap("kbd/symbols");
            expect_no_clipping(d, "idea with the keyboard (symbols)");
            d.tap("kbd/symbols");
            k.type("Mehr Bänke im Park und längere Öffnungszeiten der Bibliotheken am Wochenende");
            k.tap_shown("idea/name");
            k.type("Erika Mustermann-Schulze");
            expect_no_clipping(d, "idea with contact fields and the keyboard");
            k.tap_shown("idea/email");
            k.type("erika.mustermann@example.org");
            d.tap("kbd/hide");
            k.tap_shown("idea/submit");
            REQUIRE(k.part().notice == Notice::ConsentNeeded);
            expect_no_clipping(d, "idea with contact fields and the consent notice");
            k.tap_shown("idea/consent");
            expect_no_clipping(d, "idea with consent given");
            k.tap_shown("idea/submit");
            REQUIRE(d.screen() == Screen::Thanks);
            expect_no_clipping(d, "thanks");
            k.tap_to("thanks/done", Screen::Attract);
        }
    });
}

}  // namespace

TEST_CASE("the participation screens fit their text at each display size in German and English") {
    const struct {
        const char* name;
        ImVec2 size;
    } sizes[] = {
        {"1920x1080", ImVec2(1920, 1080)},
        {"1080x1920", ImVec2(1080, 1920)},
        {"1280x800", ImVec2(1280, 800)},
        {"3840x2160", ImVec2(3840, 2160)},
    };
    for (const auto& s : sizes) {
        SUBCASE(s.name) { check_participation_screens_fit(s.size); }
    }
}
