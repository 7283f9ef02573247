// UTF-8 checks for text that comes from outside: content packs and, later, visitors.

#include "base/utf8.h"

#include <doctest/doctest.h>

#include <string>

using namespace ruhr;
using namespace std::string_literals;

TEST_CASE("German text with umlauts and typographic quotes is valid UTF-8") {
    const std::string text = "Grüße aus Essen – „Glück auf“ für 20 € ★ 😀";
    CHECK_FALSE(find_invalid_utf8(text).has_value());
    CHECK_FALSE(find_invalid_utf8("").has_value());
    CHECK(utf8_length("Grüße") == 5);
    CHECK(utf8_length("€") == 1);
    CHECK(utf8_length("😀") == 1);
    CHECK(utf8_length("") == 0);
}

TEST_CASE("overlong UTF-8 encodings are invalid") {
    CHECK(find_invalid_utf8("\xC0\xAF") == 0u);  // '/' in two bytes
    CHECK(find_invalid_utf8("\xC1\xBF") == 0u);
    CHECK(find_invalid_utf8("ab\xE0\x80\xAF") == 2u);        // '/' in three bytes
    CHECK(find_invalid_utf8("\xF0\x82\x82\xAC") == 0u);      // '€' in four bytes
    CHECK_FALSE(find_invalid_utf8("\xC2\x80").has_value());  // the smallest two-byte form is fine
    CHECK_FALSE(find_invalid_utf8("\xE0\xA0\x80").has_value());
    CHECK_FALSE(find_invalid_utf8("\xF0\x90\x80\x80").has_value());
}

TEST_CASE("UTF-16 surrogates and code points above U+10FFFF are invalid") {
    CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1u);                 // U+D800
    CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0u);                  // U+DFFF
    CHECK_FALSE(find_invalid_utf8("\xED\x9F\xBF").has_value());      // U+D7FF, just below
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);              // U+110000
    CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF").has_value());  // U+10FFFF
    CHECK(find_invalid_utf8("\xF8\x88\x80\x80\x80") == 0u);          // five-byte forms do not exist
    CHECK(find_invalid_utf8("\xFF") == 0u);
}

TEST_CASE("truncated UTF-8 sequences are invalid at the offset where they start") {
    CHECK(find_invalid_utf8("abc\xC3") == 3u);
    CHECK(find_invalid_utf8("\xE2\x82") == 0u);
    CHECK(find_invalid_utf8("ok \xF0\x9F\x98") == 3u);
    CHECK(find_invalid_utf8("\xC3\x28") == 0u);  // lead byte followed by a non-continuation byte
    CHECK(find_invalid_utf8("\x80") == 0u);      // a lone continuation byte
    CHECK(find_invalid_utf8("Gr\xC3\xBC\xC3") == 4u);
}

TEST_CASE("control characters are found except for newlines") {
    CHECK_FALSE(has_control_characters("Zwei Absätze\n\nmit Umbruch"));
    CHECK(has_control_characters("Tab\there"));
    CHECK(has_control_characters("carriage\rreturn"));
    CHECK(has_control_characters("nul"s + '\0' + "byte"));
    CHECK(has_control_characters("delete\x7F"));
    CHECK(has_control_characters("c1 \xC2\x85 next line"));          // U+0085, a C1 control
    CHECK_FALSE(has_control_characters("\xC2\xA0 no-break space"));  // U+00A0 is printable
    CHECK_FALSE(has_control_characters(""));
}

TEST_CASE("replace_placeholder replaces every occurrence and nothing else") {
    CHECK(replace_placeholder("Neustart in {seconds} Sekunden", "seconds", "20") == "Neustart in 20 Sekunden");
    CHECK(replace_placeholder("{n} und {n}", "n", "3") == "3 und 3");
    CHECK(replace_placeholder("{count} Foren", "seconds", "5") == "{count} Foren");
    CHECK(replace_placeholder("{seconds}", "seconds", "") == "");
    CHECK(replace_placeholder("{seconds", "seconds", "1") == "{seconds");
    // A value that contains the placeholder itself is inserted once, not expanded forever.
    CHECK(replace_placeholder("a {x} b", "x", "{x}{x}") == "a {x}{x} b");
    CHECK(replace_placeholder("{ort}: Grüße", "ort", "Essen") == "Essen: Grüße");
}
