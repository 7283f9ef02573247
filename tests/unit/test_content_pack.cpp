// The content pack loader: the built-in pack loads, and broken packs are refused with problems
// that name the file and the field, so a content author can fix them without a developer.

#include "packs/content_pack.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <string>

using namespace ruhr;
using namespace ruhr::test;
using nlohmann::json;

namespace {

// Loads a pack that must be refused and returns its problems.
std::vector<PackProblem> refused(const TempPack& pack) {
    PackLoad load = pack.load();
    CHECK_MESSAGE(!load.pack.has_value(), "the broken pack was accepted");
    CHECK_MESSAGE(!load.problems.empty(), "a refused pack must say why");
    return load.problems;
}

const std::string k_first_forum = "neue-mobilitaet";

}  // namespace

TEST_CASE(
    "the built-in content pack loads with 20 forums in 5 fields and 3 phases in German, English and Leichte Sprache") {
    const PackLoad load = load_content_pack(default_pack_dir());
    REQUIRE_MESSAGE(load.pack.has_value(), describe(load.problems));
    CHECK(load.problems.empty());
    const ContentPack& p = *load.pack;
    CHECK(p.format == 1);
    CHECK(p.forums.size() == 20);
    CHECK(p.fields.size() == 5);
    CHECK(p.phases.size() == 3);
    CHECK(p.demo);
    CHECK(p.default_language == "de");
    REQUIRE(p.languages.size() == 3);
    CHECK(p.languages[0].code == "de");
    CHECK(p.languages[1].code == "en");
    CHECK(p.languages[2].code == "de-ls");
    CHECK(p.languages[2].fallback == "de");
    // Leichte Sprache has its own home title and falls back to German for forum pages.
    CHECK(p.text("de-ls", "ui.home_title") != p.text("de", "ui.home_title"));
    CHECK(p.text("de-ls", "forums.pflege.title") == p.text("de", "forums.pflege.title"));
    CHECK(p.has_language("de"));
    CHECK(p.has_language("en"));
    CHECK_FALSE(p.has_language("fr"));
    CHECK(p.root == default_pack_dir());
    CHECK(p.find_forum(k_first_forum) != nullptr);
    CHECK(p.find_forum("no-such-forum") == nullptr);
    int in_fields = 0;
    for (const Field& f : p.fields) in_fields += static_cast<int>(p.forums_in_field(f.id).size());
    CHECK(in_fields == 20);
}

TEST_CASE("every forum of the built-in pack has a title, teaser and body in both languages") {
    const ContentPack p = load_default_pack();
    for (const Forum& f : p.forums)
        for (const char* lang : {"de", "en"})
            for (const char* part : {"title", "teaser", "body"}) {
                const std::string key = "forums." + f.id + "." + part;
                CAPTURE(key);
                CAPTURE(lang);
                const std::string& text = p.text(lang, key);
                CHECK_FALSE(text.empty());
                CHECK(text != key);  // the key itself is the fallback for a missing text
            }
    // The two languages really differ: English is not German copied over.
    CHECK(p.text("de", "ui.back") != p.text("en", "ui.back"));
}

TEST_CASE("a folder that does not exist is refused") {
    const TempDir dir("missing-pack");
    const PackLoad load = load_content_pack(dir / "nowhere");
    CHECK_FALSE(load.pack.has_value());
    REQUIRE(load.problems.size() == 1);
    CHECK(load.problems[0].message.find("not a folder") != std::string::npos);
}

TEST_CASE("a pack without manifest.json is refused with a problem naming manifest.json") {
    const TempPack pack;
    fs::remove(pack.file("manifest.json"));
    const auto problems = refused(pack);
    REQUIRE(problems.size() == 1);
    CHECK_MESSAGE(problems[0].to_string().find("manifest.json") != std::string::npos, describe(problems));
    CHECK(problems[0].message.find("does not exist") != std::string::npos);
}

TEST_CASE("a manifest that is not valid JSON is refused as invalid JSON in manifest.json") {
    const TempPack pack;
    pack.write_text("manifest.json", "{ \"format\": 1, \"id\": ");
    const auto problems = refused(pack);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].file == "manifest.json");
    CHECK_MESSAGE(problems[0].message.rfind("invalid JSON", 0) == 0, describe(problems));
}

TEST_CASE("a language file with invalid UTF-8 is refused naming that file") {
    const TempPack pack;
    std::string text = pack.read_text("lang/en.json");
    const auto at = text.find("Tap to start");
    REQUIRE(at != std::string::npos);
    text.replace(at, 3, "T\xC3\x28p");  // 0xC3 must be followed by a continuation byte
    pack.write_text("lang/en.json", text);
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "lang/en.json", "", "not valid UTF-8"), describe(problems));
}

TEST_CASE("a pack with one wrong field or text is refused naming the file, the field and what is wrong") {
    const struct {
        const char* name;
        const char* file;
        void (*edit)(json&);
        std::string field, problem;
    } cases[] = {
        {"a pack of format 2, as unsupported", "manifest.json", [](json& m) { m["format"] = 2; }, "format",
         "not supported"},
        {"a format that is not a whole number", "manifest.json", [](json& m) { m["format"] = "1"; }, "format",
         "whole number"},
        {"an unknown key in a language file, as a likely typo", "lang/de.json",
         [](json& j) { j["ui"]["tap_to_strat"] = "Tippen"; }, "ui.tap_to_strat", "unknown key"},
        {"an empty translation", "lang/en.json", [](json& j) { j["ui"]["back"] = "  "; }, "ui.back", "is empty"},
        {"a language file that names another language", "lang/en.json", [](json& j) { j["language"] = "de"; },
         "language", "says \"de\""},
        {"two forums with the same id", "manifest.json", [](json& m) { m["forums"][1]["id"] = k_first_forum; },
         "forums[1].id", "duplicate id \"" + k_first_forum + "\""},
        {"a forum in an unknown field of action", "manifest.json", [](json& m) { m["forums"][0]["field"] = "nowhere"; },
         "forums[0].field", "unknown field of action \"nowhere\""},
        {"a forum whose image file is missing, naming the manifest field", "manifest.json",
         [](json& m) { m["forums"][0]["image"] = "images/nope.jpg"; }, "forums[0].image", "does not exist"},
        {"an idle text without the seconds placeholder", "lang/en.json",
         [](json& j) { j["ui"]["idle_text"] = "The kiosk will start over soon."; }, "ui.idle_text", "{seconds}"},
        {"a forum title over 80 characters, with its length", "lang/de.json",
         [](json& j) { j["forums"][k_first_forum]["title"] = std::string(81, 'x'); },
         "forums." + k_first_forum + ".title", "is 81 characters, the limit is 80"},
        {"a text with a control character", "lang/en.json", [](json& j) { j["ui"]["back"] = "Ba\tck"; }, "ui.back",
         "control characters"},
        {"a default language that is not among the languages", "manifest.json",
         [](json& m) { m["default_language"] = "fr"; }, "default_language", "\"fr\" is not in languages"},
        {"a brand accent too light for white text, with its contrast", "manifest.json",
         [](json& m) { m["brand"]["accent"] = "#FFD23F"; }, "brand.accent",
         "too light for white text on buttons: 1.4:1, at least 6:1"},
        {"a brand bar that is fine for buttons but not for the bar (12:1)", "manifest.json",
         [](json& m) { m["brand"]["bar"] = "#0B5A84"; }, "brand.bar", "at least 12:1"},
        {"a brand colour that is not a colour", "manifest.json", [](json& m) { m["brand"]["accent"] = "blue"; },
         "brand.accent", "must look like #00528c"},
        {"a brand hero image that is missing", "manifest.json", [](json& m) { m["brand"]["hero"] = "images/nope.jpg"; },
         "brand.hero", "does not exist"},
        {"an unknown brand field, as a likely typo", "manifest.json",
         [](json& m) { m["brand"]["heroe"] = "images/vision.jpg"; }, "brand.heroe", "unknown field"},
        {"a brand without its sender line in one language", "lang/en.json",
         [](json& j) { REQUIRE(j["brand"].erase("sender") == 1); }, "brand.sender", "missing translation"},
        {"a wordmark longer than 40 characters", "lang/de.json",
         [](json& j) { j["brand"]["name"] = std::string(41, 'R'); }, "brand.name", "the limit is 40"},
    };
    for (const auto& c : cases) {
        SUBCASE(c.name) {
            const TempPack pack;
            pack.edit_json(c.file, c.edit);
            const auto problems = refused(pack);
            CHECK_MESSAGE(has_problem(problems, c.file, c.field, c.problem), describe(problems));
        }
    }
}

TEST_CASE("a missing translation is refused naming the language file and the text key") {
    const TempPack pack;
    pack.edit_json("lang/en.json", [](json& j) { REQUIRE(j["forums"][k_first_forum].erase("title") == 1); });
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "lang/en.json", "forums." + k_first_forum + ".title", "missing translation"),
                  describe(problems));
    CHECK(problems.size() == 1);  // the German file is complete and must not be blamed
}

TEST_CASE("an image path that climbs out of the pack with dot-dot is refused") {
    const TempPack pack;
    // The file exists (it is the pack's own image seen from outside), so only the path is wrong.
    pack.edit_json("manifest.json", [&](json& m) {
        m["forums"][0]["image"] = "../" + pack.root().filename().string() + "/images/vision.jpg";
        m["forums"][1]["image"] = "images/../images/vision.jpg";
    });
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "manifest.json", "forums[0].image", "must not contain '.' or '..'"),
                  describe(problems));
    CHECK_MESSAGE(has_problem(problems, "manifest.json", "forums[1].image", "must not contain '.' or '..'"),
                  describe(problems));
}

TEST_CASE("an absolute image path is refused") {
    const TempPack pack;
    pack.edit_json("manifest.json",
                   [&](json& m) { m["forums"][0]["image"] = pack.file("images/vision.jpg").string(); });
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "manifest.json", "forums[0].image", "must be relative"), describe(problems));
}

TEST_CASE("an image reached through a symbolic link is refused") {
    const TempPack pack;
    fs::create_symlink("vision.jpg", pack.file("images/linked.jpg"));
    fs::create_directory_symlink("images", pack.file("pictures"));
    pack.edit_json("manifest.json", [](json& m) {
        m["forums"][0]["image"] = "images/linked.jpg";
        m["forums"][1]["image"] = "pictures/vision.jpg";
    });
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "manifest.json", "forums[0].image", "symbolic link"), describe(problems));
    CHECK_MESSAGE(has_problem(problems, "manifest.json", "forums[1].image", "symbolic link"), describe(problems));
}

TEST_CASE("a text file renamed to .jpg is refused as not an image") {
    const TempPack pack;
    pack.write_text("images/fake.jpg", "this is a shopping list, not a photo\n");
    pack.edit_json("manifest.json", [](json& m) { m["forums"][0]["image"] = "images/fake.jpg"; });
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "images/fake.jpg", "", "not a readable PNG or JPEG"), describe(problems));
}

TEST_CASE("an image wider than 4096 pixels is refused with its size") {
    const TempPack pack;
    REQUIRE(write_png(pack.file("images/wide.png"), 4100, 20));
    pack.edit_json("manifest.json", [](json& m) { m["forums"][0]["image"] = "images/wide.png"; });
    const auto problems = refused(pack);
    CHECK_MESSAGE(has_problem(problems, "images/wide.png", "", "4100x20"), describe(problems));
    CHECK_MESSAGE(has_problem(problems, "images/wide.png", "", "limit is 4096"), describe(problems));
}

TEST_CASE("a PNG of exactly 4096 pixels is accepted") {
    const TempPack pack;
    REQUIRE(write_png(pack.file("images/edge.png"), 4096, 16));
    pack.edit_json("manifest.json", [](json& m) { m["forums"][0]["image"] = "images/edge.png"; });
    const PackLoad load = pack.load();
    CHECK_MESSAGE(load.pack.has_value(), describe(load.problems));
}

TEST_CASE("text length limits count characters and not bytes") {
    const TempPack pack;
    std::string title;
    for (int i = 0; i < 80; ++i) title += "\xC3\xBC";  // 80 x 'ü' = 160 bytes
    pack.edit_json("lang/de.json", [&](json& j) { j["forums"][k_first_forum]["title"] = title; });
    const PackLoad load = pack.load();
    CHECK_MESSAGE(load.pack.has_value(), describe(load.problems));
}

TEST_CASE("line breaks in a body text are allowed") {
    // The built-in bodies use paragraphs; a newline must not count as a control character.
    const ContentPack p = load_default_pack();
    CHECK(p.text("en", "vision.body").find('\n') != std::string::npos);
}

TEST_CASE("all problems of a broken manifest are reported at once") {
    const TempPack pack;
    pack.edit_json("manifest.json", [](json& m) {
        m["default_language"] = "fr";
        m["forums"][0]["image"] = "images/nope.jpg";
        m["forums"][1]["field"] = "nowhere";
        m["fields"][0]["color"] = "blue";
    });
    const auto problems = refused(pack);
    CHECK_MESSAGE(problems.size() >= 4, describe(problems));
    CHECK(has_problem(problems, "manifest.json", "default_language", "not in languages"));
    CHECK(has_problem(problems, "manifest.json", "forums[0].image", "does not exist"));
    CHECK(has_problem(problems, "manifest.json", "forums[1].field", "unknown field"));
    CHECK(has_problem(problems, "manifest.json", "fields[0].color", "#1f6fb2"));
}

TEST_CASE("all problems of a broken language file are reported at once") {
    const TempPack pack;
    pack.edit_json("lang/en.json", [](json& j) {
        j["ui"].erase("back");
        j["ui"]["idle_text"] = "Soon.";
        j["forums"]["nowhere"]["title"] = "Nowhere";
    });
    const auto problems = refused(pack);
    CHECK_MESSAGE(problems.size() >= 3, describe(problems));
    CHECK(has_problem(problems, "lang/en.json", "ui.back", "missing translation"));
    CHECK(has_problem(problems, "lang/en.json", "ui.idle_text", "{seconds}"));
    CHECK(has_problem(problems, "lang/en.json", "forums.nowhere.title", "unknown key"));
}

TEST_CASE("a problem reads as file then field then message") {
    const PackProblem p{"lang/en.json", "ui.back", "missing translation"};
    CHECK(p.to_string() == "lang/en.json: ui.back: missing translation");
    const PackProblem q{"images/a.jpg", "", "not a readable PNG or JPEG image"};
    CHECK(q.to_string() == "images/a.jpg: not a readable PNG or JPEG image");
}

TEST_CASE("ContentPack text falls back to the default language and then to the key") {
    ContentPack p;
    p.default_language = "de";
    p.languages = {{"de", "Deutsch", "lang/de.json", {}}, {"en", "English", "lang/en.json", {}}};
    p.set_texts("de", {{"ui.back", "Zurück"}, {"ui.home", "Start"}});
    p.set_texts("en", {{"ui.back", "Back"}});
    CHECK(p.text("en", "ui.back") == "Back");
    CHECK(p.text("de", "ui.back") == "Zurück");
    CHECK(p.text("en", "ui.home") == "Start");          // not translated: the default language
    CHECK(p.text("fr", "ui.back") == "Zurück");         // unknown language: the default language
    CHECK(p.text("en", "ui.nowhere") == "ui.nowhere");  // missing everywhere: the key
}

TEST_CASE("two missing texts looked up together each show their own key") {
    // Screens keep references to several texts at once (the home tiles, the idle panel), so a
    // fallback must not be overwritten by the next lookup (as it is when every fallback is
    // returned in one shared string).
    ContentPack p;
    p.default_language = "de";
    p.set_texts("de", {});
    const std::string& title = p.text("de", "ui.idle_title");
    const std::string& text = p.text("de", "ui.idle_text");
    CHECK(text == "ui.idle_text");
    CHECK(title == "ui.idle_title");
}

TEST_CASE("a language may fall back only to another complete language of the pack") {
    TempPack pack;
    pack.edit_json("manifest.json", [](nlohmann::json& m) { m["languages"][2]["fallback"] = "fr"; });
    auto r = load_content_pack(pack.root());
    CHECK_FALSE(r.pack);
    CHECK(has_problem(r.problems, "manifest.json", "languages[2].fallback", "is not in languages"));
    pack.edit_json("manifest.json", [](nlohmann::json& m) { m["languages"][2]["fallback"] = "de-ls"; });
    CHECK(has_problem(load_content_pack(pack.root()).problems, "manifest.json", "languages[2].fallback",
                      "cannot fall back to itself"));
    // Without a fallback, the partial language is refused for its missing translations.
    pack.edit_json("manifest.json", [](nlohmann::json& m) { m["languages"][2].erase("fallback"); });
    CHECK(has_problem(load_content_pack(pack.root()).problems, "lang/de-ls.json", "ui.tap_to_start",
                      "missing translation"));
}

TEST_CASE("the built-in pack brings its own identity: colours, a hero picture, a wordmark and a sender") {
    const ContentPack pack = load_default_pack();
    REQUIRE(pack.brand.present);
    REQUIRE(pack.brand.accent.has_value());
    REQUIRE(pack.brand.bar.has_value());
    CHECK(contrast_ratio_rgb(*pack.brand.accent, 0xFFFFFF) >= Brand::k_min_accent_contrast);
    CHECK(contrast_ratio_rgb(*pack.brand.bar, 0xFFFFFF) >= Brand::k_min_bar_contrast);
    CHECK(pack.brand.logo.empty());  // the name is written; docs/content-pack.md shows a logo
    CHECK(fs::is_regular_file(pack.file_path(pack.brand.hero)));
    for (const char* lang : {"de", "en", "de-ls"}) {
        CHECK(pack.text(lang, "brand.name") == "Ruhr-Konferenz");
        CHECK(pack.text(lang, "brand.sender").find("(") != std::string::npos);  // marked as an example
    }
}

TEST_CASE("a pack without a brand loads, and asks for no brand texts") {
    const TempPack pack;
    pack.edit_json("manifest.json", [](json& m) { REQUIRE(m.erase("brand") == 1); });
    for (const char* lang : {"lang/de.json", "lang/en.json"})
        pack.edit_json(lang, [](json& j) { REQUIRE(j.erase("brand") == 1); });
    PackLoad load = pack.load();
    REQUIRE_MESSAGE(load.pack.has_value(), describe(load.problems));
    CHECK_FALSE(load.pack->brand.present);
    CHECK_FALSE(load.pack->brand.accent.has_value());
}

TEST_CASE("contrast of pack colours follows WCAG 2") {
    CHECK(contrast_ratio_rgb(0x000000, 0xFFFFFF) == doctest::Approx(21.0));
    CHECK(contrast_ratio_rgb(0xFFFFFF, 0x000000) == doctest::Approx(21.0));
    CHECK(contrast_ratio_rgb(0x777777, 0xFFFFFF) == doctest::Approx(4.48).epsilon(0.01));
    CHECK(contrast_ratio_rgb(0x0074E8, 0xFFFFFF) == doctest::Approx(4.50).epsilon(0.01));
}
