// The screens, headless: a real Dear ImGui context with real fonts, driven by touches the way
// the script driver does it, on the built-in content pack.

#include "imgui_harness.h"
#include "platform/font_discovery.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <cmath>
#include <tuple>

#include <optional>
#include <string>

using namespace ruhr;
using namespace ruhr::test;

namespace {

// Runs `test` on the built-in pack at 1920x1080; skipped where this machine has no usable fonts.
template <class Test>
void with_app(Test test) {
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    AppDriver d(load_default_pack(), *fonts, ImVec2(1920, 1080));
    test(d);
}

// A point inside the scrolling part of the screen (below the navigation bar).
ImVec2 list_point(const AppDriver& d) {
    const Metrics& m = d.app().metrics();
    return ImVec2(m.display.x * 0.5f, m.nav_height + (m.display.y - m.nav_height) * 0.5f);
}

// Drives the app from the attract screen to the forums list.
void go_to_forums(AppDriver& d) {
    d.settle();
    REQUIRE(d.screen() == Screen::Attract);
    d.tap("attract/start");
    REQUIRE(d.screen() == Screen::Home);
    d.tap("home/forums");
    REQUIRE(d.screen() == Screen::Forums);
}

// Runs `test` as with_app() does, from the forums list.
template <class Test>
void on_forums(Test test) {
    with_app([&](AppDriver& d) {
        go_to_forums(d);
        test(d);
    });
}

// Lets the visit sit untouched until the idle countdown shows.
void wait_for_idle_warning(AppDriver& d) {
    d.clock().advance(d.app().visit().idle().timeout + 1.0);
    d.settle();
    REQUIRE(d.app().visit().idle_warning());
}

}  // namespace

TEST_CASE("tapping the attract screen starts a visit on the home screen") {
    with_app([](AppDriver& d) {
        d.settle();
        CHECK(d.screen() == Screen::Attract);
        REQUIRE(d.find("attract/start") != nullptr);
        CHECK(d.find("home/forums") == nullptr);
        d.tap("attract/start");
        CHECK(d.screen() == Screen::Home);
        CHECK(d.app().visit().language() == "de");
        CHECK(d.find("home/vision") != nullptr);
        CHECK(d.find("home/forums") != nullptr);
        CHECK(d.find("lang/de") != nullptr);
        CHECK(d.find("lang/en") != nullptr);
    });
}

TEST_CASE("a press without a release does not start a visit") {
    with_app([](AppDriver& d) {
        d.settle();
        d.app().input().push(pointer_event(InputEvent::Kind::PointerDown, ImVec2(960, 540)));
        d.frames(5);
        CHECK(d.screen() == Screen::Attract);
        d.app().input().push(pointer_event(InputEvent::Kind::PointerUp, ImVec2(960, 540)));
        d.settle();
        CHECK(d.screen() == Screen::Home);
    });
}

TEST_CASE("take part is shown on the home screen but disabled and a tap on it does nothing") {
    with_app([](AppDriver& d) {
        d.settle();
        d.tap("attract/start");
        REQUIRE(d.screen() == Screen::Home);
        d.tap("lang/en");
        const WidgetInfo* w = d.find("home/take-part");
        REQUIRE(w != nullptr);
        CHECK_FALSE(w->enabled);
        CHECK(d.find("home/forums")->enabled);
        d.tap("home/take-part");
        CHECK(d.screen() == Screen::Home);
        CHECK(d.app().visit().language() == "en");
        CHECK_FALSE(d.app().visit().can_go_back());
    });
}

TEST_CASE("the forums entry on the home screen shows the forums list with the first forum") {
    on_forums([](AppDriver& d) {
        const std::string first = "forum/" + d.app().pack().forums.front().id;
        CHECK(d.find(first) != nullptr);
        CHECK(d.find("nav/back") != nullptr);
        CHECK(d.find("nav/home") != nullptr);
        CHECK(d.find("home/forums") == nullptr);
    });
}

TEST_CASE("tapping a forum card opens that forum and back returns to the list") {
    on_forums([](AppDriver& d) {
        const std::string id = d.app().pack().forums.front().id;
        d.tap("forum/" + id);
        CHECK(d.screen() == Screen::Forum);
        CHECK(d.app().visit().forum_id() == id);
        CHECK(d.find("forum/" + id) == nullptr);  // the list is gone
        d.tap("nav/back");
        CHECK(d.screen() == Screen::Forums);
        CHECK(d.find("forum/" + id) != nullptr);
        d.tap("nav/home");
        CHECK(d.screen() == Screen::Home);
        CHECK_FALSE(d.app().visit().can_go_back());
    });
}

TEST_CASE("the language switch changes the language of the visit") {
    on_forums([](AppDriver& d) {
        d.tap("lang/en");
        CHECK(d.app().visit().language() == "en");
        CHECK(d.screen() == Screen::Forums);  // switching language stays on the screen
        d.tap("lang/de");
        CHECK(d.app().visit().language() == "de");
    });
}

TEST_CASE("dragging the forums list scrolls it and does not open a forum") {
    on_forums([](AppDriver& d) {
        const ContentPack& pack = d.app().pack();
        std::string hidden;
        for (const Forum& f : pack.forums)
            if (!d.find("forum/" + f.id)) {
                hidden = f.id;
                break;
            }
        REQUIRE_MESSAGE(!hidden.empty(), "every forum fits on one screen; nothing to scroll");
        const std::string first = "forum/" + pack.forums.front().id;
        const WidgetInfo* card = d.find(first);
        REQUIRE(card != nullptr);
        const ImVec2 from = centre(*card);
        const float first_top = card->min.y;

        // The finger lands on a card, which would open it if this were a tap.
        d.drag(from, ImVec2(from.x, from.y - 450.0f), 12);
        CHECK(d.screen() == Screen::Forums);
        CHECK_MESSAGE(d.find("forum/" + hidden) != nullptr, "forum/" << hidden << " did not scroll into view");
        const WidgetInfo* moved = d.find(first);
        CHECK((moved == nullptr || moved->min.y < first_top));
    });
}

TEST_CASE("a tap during the idle countdown on continue keeps the visit") {
    on_forums([](AppDriver& d) {
        wait_for_idle_warning(d);
        CHECK(d.find("idle/continue") != nullptr);
        CHECK(d.find("idle/restart") != nullptr);
        // The screen below is drawn but blocked: its widgets are not hit.
        const WidgetInfo* back = d.find("nav/back");
        REQUIRE(back != nullptr);
        const WidgetInfo* hit = d.app().widgets().hit(centre(*back));
        REQUIRE(hit != nullptr);
        CHECK(hit->id.rfind("idle/", 0) == 0);

        d.tap("idle/continue");
        CHECK_FALSE(d.app().visit().idle_warning());
        CHECK(d.screen() == Screen::Forums);
        CHECK(d.find("idle/continue") == nullptr);
    });
}

TEST_CASE("a tap during the idle countdown on the panel neither continues nor ends the visit") {
    // Dear ImGui 1.86 gives a tap to the first-submitted of overlapping items, so the panel and
    // its buttons must win over the full-screen idle/dismiss area below them.
    on_forums([](AppDriver& d) {
        wait_for_idle_warning(d);
        const WidgetInfo* panel = d.find("idle/panel");
        REQUIRE(panel != nullptr);
        d.tap_at(ImVec2(panel->min.x + 4.0f, panel->min.y + 4.0f));
        CHECK(d.app().visit().idle_warning());
        CHECK(d.screen() == Screen::Forums);
    });
}

TEST_CASE("a tap on the dimmed background during the idle countdown keeps the visit") {
    on_forums([](AppDriver& d) {
        wait_for_idle_warning(d);
        d.tap_at(ImVec2(10.0f, 1070.0f));
        CHECK_FALSE(d.app().visit().idle_warning());
        CHECK(d.screen() == Screen::Forums);
    });
}

TEST_CASE("start over during the idle countdown returns to the attract screen in the default language") {
    on_forums([](AppDriver& d) {
        d.tap("lang/en");
        wait_for_idle_warning(d);
        d.tap("idle/restart");
        CHECK(d.screen() == Screen::Attract);
        CHECK(d.app().visit().language() == "de");
        CHECK_FALSE(d.app().visit().idle_warning());
    });
}

TEST_CASE("an unattended visit ends after the countdown and the next visitor starts fresh") {
    on_forums([](AppDriver& d) {
        d.tap("lang/en");
        const std::string first = "forum/" + d.app().pack().forums.front().id;
        d.wheel(list_point(d), -10.0f);
        REQUIRE(d.find(first) == nullptr);  // scrolled away from the top
        wait_for_idle_warning(d);
        d.clock().advance(d.app().visit().idle().countdown);
        d.settle();
        CHECK(d.screen() == Screen::Attract);
        CHECK(d.app().visit().language() == "de");
        d.tap("attract/start");
        d.tap("home/forums");
        // The list opens at its top again.
        CHECK(d.find(first) != nullptr);
    });
}

TEST_CASE("the first slide is decoded into a texture before the app counts as settled") {
    with_app([](AppDriver& d) {
        d.settle();
        // The attract screen shows the first slide; settling waits for its decode.
        CHECK(d.textures().created >= 1);
        CHECK(d.textures().destroyed_unknown == 0);
        CHECK(d.app().settled());
    });
}

TEST_CASE("a forum title with a word too wide for its card is reported as clipped") {
    // The clipping check must be able to fail: a long German compound word (in capitals, as on a
    // poster) cannot wrap.
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    const TempPack broken;
    const std::string word = "DONAUDAMPFSCHIFFFAHRTSGESELLSCHAFTSKAPITAENSMUETZENABZEICHENHERSTELLUNGSBETRIEB";
    REQUIRE(word.size() <= 80);
    const std::string id = "neue-mobilitaet";
    broken.edit_json("lang/de.json", [&](nlohmann::json& j) { j["forums"][id]["title"] = word; });
    PackLoad load = broken.load();
    REQUIRE_MESSAGE(load.pack.has_value(), describe(load.problems));
    AppDriver d(std::move(*load.pack), *fonts, ImVec2(1920, 1080));
    go_to_forums(d);
    const auto& clips = d.app().widgets().clipping();
    REQUIRE(clips.size() == 1);
    CHECK(clips[0].widget == "forum/" + id);
    CHECK(clips[0].text == word);
    d.tap("forum/" + id);
    REQUIRE(d.screen() == Screen::Forum);
    CHECK_FALSE(d.app().widgets().clipping().empty());
}

namespace {

// Visits every screen in both languages at one display size and checks that all text fits.
void check_every_screen_fits(ImVec2 size, Accessibility modes = {}) {
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    KioskConfig config;
    config.accessibility = modes;
    AppDriver d(load_default_pack(), *fonts, size, config);
    const ContentPack& pack = d.app().pack();
    d.settle();
    const float min_visible = d.app().metrics().touch_min;
    for (const LanguageInfo& lang : pack.languages) {
        CAPTURE(lang.code);
        REQUIRE(d.screen() == Screen::Attract);
        expect_no_clipping(d, "attract");

        d.tap("attract/start");
        REQUIRE(d.screen() == Screen::Home);
        d.tap("lang/" + lang.code);
        REQUIRE(d.app().visit().language() == lang.code);
        expect_no_clipping(d, "home");

        d.tap("home/vision");
        REQUIRE(d.screen() == Screen::Vision);
        expect_no_clipping(d, "vision");
        for (int i = 0; i < 40; ++i) d.wheel(list_point(d), -1.0f);  // the phases further down
        expect_no_clipping(d, "vision (scrolled to the end)");
        d.tap("nav/back");
        REQUIRE(d.screen() == Screen::Home);

        d.tap("home/forums");
        REQUIRE(d.screen() == Screen::Forums);
        expect_no_clipping(d, "forums");
        for (const Forum& f : pack.forums) {
            CAPTURE(f.id);
            d.scroll_into_view("forum/" + f.id, list_point(d), min_visible);
            expect_no_clipping(d, "forums (scrolled to " + f.id + ")");
            d.tap("forum/" + f.id);
            REQUIRE(d.screen() == Screen::Forum);
            REQUIRE(d.app().visit().forum_id() == f.id);
            expect_no_clipping(d, "forum " + f.id);
            d.tap("nav/back");
            REQUIRE(d.screen() == Screen::Forums);
        }

        wait_for_idle_warning(d);
        REQUIRE(d.find("idle/continue") != nullptr);
        expect_no_clipping(d, "the idle countdown");
        d.clock().advance(d.app().visit().idle().countdown);
        d.settle();
        REQUIRE(d.screen() == Screen::Attract);
    }
    CHECK(d.textures().destroyed_unknown == 0);
}

}  // namespace

// tests/sanitize.sh leaves this out under TSan by its name: keep "every screen fits its text" first.
TEST_CASE("every screen fits its text at each display size, also with large text and low reach") {
    const struct {
        const char* name;
        ImVec2 size;
        Accessibility modes;
    } sizes[] = {
        {"at 1920x1080 in German and English", ImVec2(1920, 1080), {}},
        {"at 1080x1920 in German and English", ImVec2(1080, 1920), {}},
        {"at 1280x800 in German and English", ImVec2(1280, 800), {}},
        {"at 3840x2160 in German and English", ImVec2(3840, 2160), {}},
        // Issue 7: large text and the low-reach layout together are the tightest case.
        {"with large text and low reach at 1920x1080", ImVec2(1920, 1080), {true, true, true}},
        {"with large text and low reach at 1080x1920", ImVec2(1080, 1920), {true, true, true}},
        {"with large text at 1280x800", ImVec2(1280, 800), {true, false, false}},
    };
    for (const auto& s : sizes) {
        SUBCASE(s.name) { check_every_screen_fits(s.size, s.modes); }
    }
}

TEST_CASE("text contrast is at least 4.5:1 in the normal theme and 7:1 in high contrast") {
    for (const auto& [name, theme, minimum] :
         {std::tuple{"normal", default_theme(), 4.5}, std::tuple{"high contrast", high_contrast_theme(), 7.0}}) {
        for (const ColourPair& p : text_colour_pairs(theme)) {
            const std::string theme_name = name, pair = p.what;
            CAPTURE(theme_name);
            CAPTURE(pair);
            CHECK(contrast_ratio(p.text, p.background) >= minimum);
        }
    }
    CHECK(contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == doctest::Approx(21.0));
    CHECK(contrast_ratio(IM_COL32(0x77, 0x77, 0x77, 255), IM_COL32(255, 255, 255, 255)) ==
          doctest::Approx(4.48).epsilon(0.01));
}

TEST_CASE("every text stays at least 4.5:1 in any colours a pack's validation lets through") {
    // The lightest colour of each of several hues that passes the pack's checks (the limits in
    // Brand): every text pair of the branded theme must still pass with it.
    const auto lightest = [](double r, double g, double b, double minimum) {
        for (int k = 255; k > 0; --k) {
            const auto c = [&](double f) { return static_cast<std::uint32_t>(std::lround(f * k)); };
            const std::uint32_t rgb = (c(r) << 16) | (c(g) << 8) | c(b);
            if (contrast_ratio_rgb(rgb, 0xFFFFFF) >= minimum) return rgb;
        }
        return 0u;
    };
    const double hues[][3] = {{0, 0.5, 1},     {1, 0.2, 0.1},   {0.1, 0.6, 0.2},
                              {0.5, 0.2, 0.8}, {0.4, 0.4, 0.4}, {1, 0.6, 0}};
    for (const auto& ha : hues)
        for (const auto& hb : hues) {
            const std::uint32_t accent = lightest(ha[0], ha[1], ha[2], Brand::k_min_accent_contrast);
            const std::uint32_t bar = lightest(hb[0], hb[1], hb[2], Brand::k_min_bar_contrast);
            Brand brand;
            brand.present = true;
            brand.accent = accent;
            brand.bar = bar;
            const Theme t = branded_theme(brand);
            CHECK(t.accent == rgb_to_u32(accent));
            CHECK(t.nav_background == rgb_to_u32(bar));
            for (const ColourPair& p : text_colour_pairs(t)) {
                const std::string pair = p.what;
                CAPTURE(accent);
                CAPTURE(bar);
                CAPTURE(pair);
                CHECK(contrast_ratio(p.text, p.background) >= 4.5);
            }
        }
    // Without colours of its own a pack looks like the default theme.
    const Theme plain = branded_theme(Brand{});
    CHECK(plain.accent == default_theme().accent);
    CHECK(plain.nav_background == default_theme().nav_background);
}

TEST_CASE("in high contrast the edges of cards, chips and keys stand out 3:1 from what is around them") {
    const Theme t = high_contrast_theme();
    // WCAG 1.4.11: the edge against the page, against a card's own fill and against a panel.
    for (const ImU32 against : {t.background, t.surface, t.surface_pressed})
        CHECK(contrast_ratio(t.outline, against) >= 3.0);
    // Without it, cards and keys would be white on white: the edge is all that shows them.
    CHECK(contrast_ratio(t.surface, t.background) < 3.0);
    // Buttons on the black bar and the keyboard's keys (their fill is a shade of the bar, under
    // 3:1 against it), and the chosen toggle (yellow) on a white panel.
    CHECK(contrast_ratio(shade(t.nav_background, 1.15f), t.nav_background) < 3.0);
    CHECK(contrast_ratio(t.outline_on_dark, t.nav_background) >= 3.0);
    CHECK(contrast_ratio(t.outline_on_dark, shade(t.nav_background, 1.15f)) >= 3.0);
    CHECK(contrast_ratio(t.badge, t.surface) < 3.0);
    for (const ImU32 against : {t.surface, t.badge}) CHECK(contrast_ratio(t.selected_outline, against) >= 3.0);
}

TEST_CASE("the accessibility menu switches each mode, and the next visit starts without them") {
    with_app([](AppDriver& d) {
        d.settle();
        d.tap("attract/start");
        d.tap("access/open");
        REQUIRE(d.app().visit().accessibility_menu());
        d.tap("access/large-text");
        d.tap("access/high-contrast");
        d.tap("access/low-reach");
        CHECK(d.app().visit().accessibility() == Accessibility{true, true, true});
        d.tap("access/close");
        CHECK_FALSE(d.app().visit().accessibility_menu());
        CHECK(d.app().metrics().text_scale == doctest::Approx(1.25f));
        CHECK(d.app().view_origin().y == doctest::Approx(std::round(1080 * 0.34f)));
        CHECK(d.app().metrics().display.y == doctest::Approx(1080 - std::round(1080 * 0.34f)));
        // Every control is in the lower part of the screen.
        for (const auto& w : d.app().widgets().all()) CHECK(w.min.y + d.app().view_origin().y >= 1080 * 0.34f - 0.5f);
        d.tap("home/forums");
        CHECK(d.screen() == Screen::Forums);
        d.clock().advance(d.app().visit().idle().timeout + d.app().visit().idle().countdown + 1.0);
        d.settle();
        CHECK(d.screen() == Screen::Attract);
        CHECK(d.app().visit().accessibility() == Accessibility{});
        CHECK(d.app().view_origin().y == 0.0f);
    });
}

TEST_CASE("the window can change size between frames") {
    with_app([](AppDriver& d) {
        d.settle();
        d.tap("attract/start");
        d.set_size(ImVec2(3840, 2160));
        d.settle();
        CHECK(d.app().metrics().scale == 2.0f);
        const WidgetInfo* w = d.find("home/forums");
        REQUIRE(w != nullptr);
        CHECK(w->max.x > 1920.0f);  // laid out for the new size
        d.tap("home/forums");
        CHECK(d.screen() == Screen::Forums);
        expect_no_clipping(d, "forums after a resize");
    });
}

TEST_CASE("the attract screen and home show the pack's wordmark, sender and what is inside, at every size") {
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800), ImVec2(3840, 2160)}) {
        CAPTURE(size.x);
        CAPTURE(size.y);
        AppDriver d(load_default_pack(), *fonts, size);
        d.settle();
        REQUIRE(d.screen() == Screen::Attract);
        // The pack's own colours are the theme's.
        CHECK(d.app().theme().accent == rgb_to_u32(*d.app().pack().brand.accent));
        const WidgetRegistry& w = d.app().widgets();
        for (const std::string id : {"attract/title", "attract/sender", "attract/demo", "attract/subtitle",
                                     "attract/caption", "attract/inside"})
            CHECK_MESSAGE(w.find(id) != nullptr, id);
        // The call to start stays the whole screen; nothing drawn on it is cut off.
        const WidgetInfo* start = w.find("attract/start");
        REQUIRE(start != nullptr);
        CHECK(start->max.x - start->min.x == doctest::Approx(size.x));
        CHECK(w.clipping().empty());
        d.tap("attract/start");
        REQUIRE(d.screen() == Screen::Home);
        d.settle();
        const WidgetInfo* mark = w.find("home/wordmark");
        const WidgetInfo* sender = w.find("home/sender");
        REQUIRE(mark != nullptr);
        REQUIRE(sender != nullptr);
        // The foot of the page: below every tile, inside the screen, side by side.
        const WidgetInfo* take_part = w.find("home/take-part");
        REQUIRE(take_part != nullptr);
        CHECK(mark->min.y >= take_part->max.y);
        CHECK(mark->max.y <= size.y);
        CHECK(sender->min.x >= mark->max.x);
        CHECK(w.clipping().empty());
    }
}

TEST_CASE("a pack without a brand shows its title as the wordmark and no sender line") {
    const auto fonts = fonts_or_skip();
    if (!fonts) return;
    const TempPack plain;
    plain.edit_json("manifest.json", [](nlohmann::json& m) { REQUIRE(m.erase("brand") == 1); });
    for (const char* lang : {"lang/de.json", "lang/en.json"})
        plain.edit_json(lang, [](nlohmann::json& j) { REQUIRE(j.erase("brand") == 1); });
    PackLoad load = plain.load();
    REQUIRE_MESSAGE(load.pack.has_value(), describe(load.problems));
    AppDriver d(std::move(*load.pack), *fonts, ImVec2(1920, 1080));
    d.settle();
    const WidgetRegistry& w = d.app().widgets();
    CHECK(w.find("attract/title") != nullptr);
    CHECK(w.find("attract/sender") == nullptr);
    CHECK(d.app().theme().accent == default_theme().accent);
    d.tap("attract/start");
    d.settle();
    CHECK(w.find("home/wordmark") == nullptr);
    CHECK(w.find("home/sender") == nullptr);
}
