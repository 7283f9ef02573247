#include "ui/screens/keyboard.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

struct Key {
    const char* text;  // the characters it types (lower case), a label key, or the icon's name
    float units;       // width in key units (the widest row is 12 units)
    enum class Kind { Char, Shift, Backspace, Symbols, Space, Enter, Hide } kind = Kind::Char;
};

using K = Key::Kind;
using Rows = std::vector<std::vector<Key>>;
constexpr float k_row_units = 12.0f;
constexpr int k_rows = 5;

// Key layouts: immutable data, one row per line; a shorter row is centred, as on a keyboard.
// The letter layers follow DIN 2137 (QWERTZ) and the US layout (QWERTY).
const std::vector<Key> k_digits_de = {{"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}, {"6", 1},
                                      {"7", 1}, {"8", 1}, {"9", 1}, {"0", 1}, {"ß", 1}, {"-", 1}};
const std::vector<Key> k_digits_en = {{"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}, {"6", 1},
                                      {"7", 1}, {"8", 1}, {"9", 1}, {"0", 1}, {"'", 1}, {"-", 1}};
const std::vector<Key> k_top_de = {{"q", 1}, {"w", 1}, {"e", 1}, {"r", 1}, {"t", 1}, {"z", 1},
                                   {"u", 1}, {"i", 1}, {"o", 1}, {"p", 1}, {"ü", 1}};
const std::vector<Key> k_top_en = {{"q", 1}, {"w", 1}, {"e", 1}, {"r", 1}, {"t", 1},
                                   {"y", 1}, {"u", 1}, {"i", 1}, {"o", 1}, {"p", 1}};
const std::vector<Key> k_middle_de = {{"a", 1}, {"s", 1}, {"d", 1}, {"f", 1}, {"g", 1}, {"h", 1},
                                      {"j", 1}, {"k", 1}, {"l", 1}, {"ö", 1}, {"ä", 1}};
const std::vector<Key> k_middle_en = {{"a", 1}, {"s", 1}, {"d", 1}, {"f", 1}, {"g", 1},
                                      {"h", 1}, {"j", 1}, {"k", 1}, {"l", 1}};
const std::vector<Key> k_bottom_de = {
    {"shift", 2, K::Shift},        {"y", 1}, {"x", 1}, {"c", 1}, {"v", 1}, {"b", 1}, {"n", 1}, {"m", 1},
    {"backspace", 3, K::Backspace}};
const std::vector<Key> k_bottom_en = {
    {"shift", 2, K::Shift},        {"z", 1}, {"x", 1}, {"c", 1}, {"v", 1}, {"b", 1}, {"n", 1}, {"m", 1},
    {"backspace", 3, K::Backspace}};
// The last row: the layer key, space, and the marks a sentence needs (? and ! on the letters).
std::vector<Key> space_row(const char* layer_key, const char* mark_1, const char* mark_2) {
    return {{layer_key, 1.5f, K::Symbols},
            {",", 1},
            {"kbd_space", 3.5f, K::Space},
            {".", 1},
            {mark_1, 1},
            {mark_2, 1},
            {"enter", 1.5f, K::Enter},
            {"hide", 1.5f, K::Hide}};
}
// Addresses want @ and the dot instead of a space.
const std::vector<Key> k_space_row_email = {{"kbd_symbols", 1.5f, K::Symbols},
                                            {"@", 2},
                                            {".", 1},
                                            {"-", 1},
                                            {"_", 1},
                                            {".de", 2},
                                            {"enter", 1.5f, K::Enter},
                                            {"hide", 1.5f, K::Hide}};

const std::vector<Key> k_symbols_digits = {{"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}, {"6", 1},
                                           {"7", 1}, {"8", 1}, {"9", 1}, {"0", 1}, {"€", 1}};
const std::vector<Key> k_symbols_top = {{"@", 1}, {"#", 1}, {"&", 1}, {"_", 1}, {"!", 1}, {"?", 1},
                                        {":", 1}, {";", 1}, {"/", 1}, {"(", 1}, {")", 1}};
const std::vector<Key> k_symbols_middle = {{"\"", 1}, {"'", 1}, {"+", 1}, {"*", 1}, {"=", 1}, {"%", 1},
                                           {"$", 1},  {"<", 1}, {">", 1}, {"~", 1}, {"^", 1}};
// Each language's own quotation marks: „…“ in German, “…” in English.
const std::vector<Key> k_symbols_bottom_de = {{"[", 1},      {"]", 1},      {"{", 1},
                                              {"}", 1},      {"|", 1},      {"\\", 1},
                                              {"\u201E", 1}, {"\u201C", 1}, {"backspace", 3, K::Backspace}};
const std::vector<Key> k_symbols_bottom_en = {{"[", 1},      {"]", 1},      {"{", 1},
                                              {"}", 1},      {"|", 1},      {"\\", 1},
                                              {"\u201C", 1}, {"\u201D", 1}, {"backspace", 3, K::Backspace}};

// A number pad for postcodes; its letters key opens the letter layer for foreign postcodes.
const Rows k_number_pad = {
    {{"1", 3}, {"2", 3}, {"3", 3}},
    {{"4", 3}, {"5", 3}, {"6", 3}},
    {{"7", 3}, {"8", 3}, {"9", 3}},
    {{"kbd_letters", 3, K::Symbols}, {"0", 3}, {"backspace", 3, K::Backspace}},
    {{"kbd_space", 3, K::Space}, {"enter", 3, K::Enter}, {"hide", 3, K::Hide}},
};

Rows rows_for(const KeyboardView& v) {
    const bool de = v.letters == KeyboardLetters::German;
    if (v.kind == KeyboardKind::Digits && !v.symbols) return k_number_pad;
    if (v.kind != KeyboardKind::Digits && v.symbols)
        return {k_symbols_digits, k_symbols_top, k_symbols_middle, de ? k_symbols_bottom_de : k_symbols_bottom_en,
                space_row("kbd_letters", "-", "'")};
    std::vector<Key> last = v.kind == KeyboardKind::Email ? k_space_row_email : space_row("kbd_symbols", "?", "!");
    if (v.kind == KeyboardKind::Digits) last.front() = {"kbd_digits", 1.5f, K::Symbols};
    return {de ? k_digits_de : k_digits_en, de ? k_top_de : k_top_en, de ? k_middle_de : k_middle_en,
            de ? k_bottom_de : k_bottom_en, last};
}

float key_height(const Metrics& m) { return std::max(64.0f, m.touch_min * 0.95f); }

}  // namespace

KeyboardLetters keyboard_letters_for(std::string_view language) {
    return language == "en" || language.substr(0, 3) == "en-" ? KeyboardLetters::English : KeyboardLetters::German;
}

KeyboardKind keyboard_kind_for(IdeaField field) {
    switch (field) {
    case IdeaField::Email: return KeyboardKind::Email;
    case IdeaField::Postcode: return KeyboardKind::Digits;
    case IdeaField::Text:
    case IdeaField::Name:
    case IdeaField::None: break;
    }
    return KeyboardKind::Text;
}

std::string shifted(const std::string& key) {
    if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') return std::string(1, static_cast<char>(key[0] - 'a' + 'A'));
    if (key == "ä") return "Ä";
    if (key == "ö") return "Ö";
    if (key == "ü") return "Ü";
    return key;
}

float keyboard_height(const Metrics& m) { return k_rows * key_height(m) + (k_rows + 1) * m.gap * 0.4f; }

void draw_keyboard(Ui& ui, float top, const KeyboardView& view, Intents& out) {
    const Metrics& m = ui.m;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, top), ImVec2(m.display.x, m.display.y), ui.theme.nav_background);
    const float gap = m.gap * 0.4f;
    const float key_h = key_height(m);
    const float width = std::min(m.display.x - 2 * gap, 1500.0f * m.scale);
    const float unit = (width - (k_row_units - 1) * gap) / k_row_units;
    float y = top + gap;
    for (const auto& row : rows_for(view)) {
        float row_units = 0;
        for (const Key& k : row) row_units += k.units;
        const float row_w = unit * row_units + gap * (row_units - 1.0f);
        float x = (m.display.x - row_w) * 0.5f;
        for (const Key& k : row) {
            const float w = unit * k.units + gap * (k.units - 1.0f);
            std::string id;
            std::string label;
            ButtonStyle style = ButtonStyle::OnDark;
            switch (k.kind) {
            case K::Char:
                label = view.shift ? shifted(k.text) : k.text;
                id = "kbd/" + label;
                break;
            case K::Shift:
                label = icon(ui, Icon::Shift);
                id = "kbd/shift";
                if (view.shift) style = ButtonStyle::Selected;
                break;
            case K::Backspace:
                label = icon(ui, Icon::Backspace);
                id = "kbd/backspace";
                break;
            case K::Symbols:
                label = ui.t(k.text);
                id = "kbd/symbols";
                break;
            case K::Space:
                label = ui.t(k.text);
                id = "kbd/space";
                break;
            case K::Enter:
                label = icon(ui, Icon::Enter);
                id = "kbd/enter";
                break;
            case K::Hide: {
                // "Hide the keyboard" with icon and word where the key is wide enough, else the
                // word alone (a visitor may not know the icon), else the icon.
                label = icon_label(ui, Icon::KeyboardHide, ui.t("kbd_hide"));
                if (!button_label_fits(ui, ImVec2(w, key_h), label)) label = ui.t("kbd_hide");
                if (!button_label_fits(ui, ImVec2(w, key_h), label)) label = icon(ui, Icon::KeyboardHide);
                id = "kbd/hide";
                style = ButtonStyle::Primary;
                break;
            }
            }
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            const bool tapped = touch_button(ui, id, ImVec2(w, key_h), label, style);
            if (style == ButtonStyle::Primary)  // on the keyboard's dark panel, like the other keys
                ImGui::GetWindowDrawList()->AddRect(ImVec2(x, y), ImVec2(x + w, y + key_h), ui.theme.outline_on_dark,
                                                    m.radius, 0, std::max(1.0f, 2.0f * m.scale));
            if (tapped) {
                switch (k.kind) {
                case K::Char: out.push_back(KeyInput{KeyInput::Kind::Text, label}); break;
                case K::Shift: out.push_back(KeyInput{KeyInput::Kind::Shift, {}}); break;
                case K::Backspace: out.push_back(KeyInput{KeyInput::Kind::Backspace, {}}); break;
                case K::Symbols: out.push_back(KeyInput{KeyInput::Kind::Symbols, {}}); break;
                case K::Space: out.push_back(KeyInput{KeyInput::Kind::Text, " "}); break;
                case K::Enter: out.push_back(KeyInput{KeyInput::Kind::Enter, {}}); break;
                case K::Hide: out.push_back(KeyInput{KeyInput::Kind::Hide, {}}); break;
                }
            }
            x += w + gap;
        }
        y += key_h + gap;
    }
}

}  // namespace ruhr
