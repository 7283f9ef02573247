// The scenario language of `ruhr-kiosk --script FILE`.

#include "kiosk/script.h"

#include <doctest/doctest.h>

#include <string>

using namespace ruhr;
using K = ScriptCommand::Kind;

namespace {

// Parses a script that must be refused and returns the error message.
std::string error_of(std::string_view text) {
    const auto r = parse_script(text);
    REQUIRE_MESSAGE(!r.ok(), "the script was accepted: " << std::string(text));
    return r.error().message;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("every script command parses") {
    const auto r = parse_script(
        "tap home/forums\n"
        "tap-at 100 200.5\n"
        "drag 10 900 10 100\n"
        "drag 10 900 10 100 0.5\n"
        "type Hallo\n"
        "advance 95\n"
        "expect-screen forums\n"
        "expect-visible forum/pflege\n"
        "expect-hidden idle/continue\n"
        "expect-language en\n"
        "expect-no-clipping\n"
        "screenshot out/home.png\n"
        "quit\n");
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    const auto& c = *r;
    REQUIRE(c.size() == 13);
    CHECK(c[0].kind == K::Tap);
    CHECK(c[0].text == "home/forums");
    CHECK(c[1].kind == K::TapAt);
    REQUIRE(c[1].numbers.size() == 2);
    CHECK(c[1].numbers[0] == 100.0f);
    CHECK(c[1].numbers[1] == 200.5f);
    CHECK(c[2].kind == K::Drag);
    CHECK(c[2].numbers.size() == 4);
    CHECK(c[3].kind == K::Drag);
    REQUIRE(c[3].numbers.size() == 5);
    CHECK(c[3].numbers[4] == 0.5f);
    CHECK(c[4].kind == K::Type);
    CHECK(c[4].text == "Hallo");
    CHECK(c[5].kind == K::Advance);
    REQUIRE(c[5].numbers.size() == 1);
    CHECK(c[5].numbers[0] == 95.0f);
    CHECK(c[6].kind == K::ExpectScreen);
    CHECK(c[6].text == "forums");
    CHECK(c[7].kind == K::ExpectVisible);
    CHECK(c[7].text == "forum/pflege");
    CHECK(c[8].kind == K::ExpectHidden);
    CHECK(c[9].kind == K::ExpectLanguage);
    CHECK(c[9].text == "en");
    CHECK(c[10].kind == K::ExpectNoClipping);
    CHECK(c[11].kind == K::Screenshot);
    CHECK(c[11].text == "out/home.png");
    CHECK(c[12].kind == K::Quit);
    for (std::size_t i = 0; i < c.size(); ++i) CHECK(c[i].line == static_cast<int>(i) + 1);
}

TEST_CASE("type keeps the spaces and the UTF-8 of its text") {
    const auto r = parse_script("type Grüße aus Essen\ntype   zwei  Leerzeichen\n");
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    REQUIRE(r->size() == 2);
    CHECK((*r)[0].text == "Grüße aus Essen");
    CHECK((*r)[1].text.find("zwei  Leerzeichen") != std::string::npos);
}

TEST_CASE("comments and blank lines are skipped but still counted") {
    const auto r = parse_script("# a scenario\n\n   \n\t# indented comment\ntap attract/start\r\n\nquit");
    REQUIRE_MESSAGE(r.ok(), r.error().message);
    REQUIRE(r->size() == 2);
    CHECK((*r)[0].kind == K::Tap);
    CHECK((*r)[0].text == "attract/start");  // the Windows line end is not part of the id
    CHECK((*r)[0].line == 5);
    CHECK((*r)[1].kind == K::Quit);
    CHECK((*r)[1].line == 7);
}

TEST_CASE("an empty script has no commands") {
    const auto r = parse_script("");
    REQUIRE(r.ok());
    CHECK(r->empty());
}

TEST_CASE("an unknown command is an error naming its line") {
    const std::string e = error_of("tap attract/start\n\nclick home/forums\n");
    CHECK(contains(e, "line 3"));
    CHECK(contains(e, "unknown command \"click\""));
}

TEST_CASE("wrong argument counts are errors naming the line") {
    CHECK(contains(error_of("tap-at 100"), "line 1: tap-at takes 2 numbers"));
    CHECK(contains(error_of("quit\ntap-at 1 2 3"), "line 2: tap-at takes 2 numbers"));
    CHECK(contains(error_of("drag 1 2 3"), "line 1: drag takes 4-5 numbers"));
    CHECK(contains(error_of("drag 1 2 3 4 5 6"), "line 1: drag takes 4-5 numbers"));
    CHECK(contains(error_of("advance"), "line 1: advance takes 1 numbers"));
    CHECK(contains(error_of("expect-no-clipping now"), "line 1"));
    CHECK(contains(error_of("\n\nquit 1"), "line 3"));
}

TEST_CASE("commands that take a word refuse none or several") {
    CHECK(contains(error_of("tap"), "line 1: tap needs an argument"));
    CHECK(contains(error_of("type"), "line 1: type needs an argument"));
    CHECK(contains(error_of("expect-screen home forums"), "line 1: expect-screen takes one argument"));
}

TEST_CASE("a number that is not a number is an error naming the line") {
    const std::string e = error_of("# numbers\nadvance ten");
    CHECK(contains(e, "line 2"));
    CHECK(contains(e, "\"ten\" is not a number"));
    CHECK(contains(error_of("tap-at 10px 20"), "\"10px\" is not a number"));
}
