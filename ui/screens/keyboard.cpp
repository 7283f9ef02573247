#include "ui/screens/keyboard.h"

#include <algorithm>

namespace ruhr {

namespace {

struct Key {
    const char* text;  // the character it types (lower case), a label key, or the icon's name
    float units;       // width in key units (a row is 11 units)
    enum class Kind { Char, Shift, Backspace, Symbols, Space, Hide } kind = Kind::Char;
};

using K = Key::Kind;

// Key layouts: immutable data, one row per line, 11 units wide.
const std::vector<std::vector<Key>> k_letters = {
    {{"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}, {"6", 1}, {"7", 1}, {"8", 1}, {"9", 1}, {"0", 1}, {"ß", 1}},
    {{"q", 1}, {"w", 1}, {"e", 1}, {"r", 1}, {"t", 1}, {"z", 1}, {"u", 1}, {"i", 1}, {"o", 1}, {"p", 1}, {"ü", 1}},
    {{"a", 1}, {"s", 1}, {"d", 1}, {"f", 1}, {"g", 1}, {"h", 1}, {"j", 1}, {"k", 1}, {"l", 1}, {"ö", 1}, {"ä", 1}},
    {{"shift", 1.5f, K::Shift},
     {"y", 1},
     {"x", 1},
     {"c", 1},
     {"v", 1},
     {"b", 1},
     {"n", 1},
     {"m", 1},
     {"backspace", 2.5f, K::Backspace}},
    {{"kbd_symbols", 2, K::Symbols},
     {",", 1},
     {"kbd_space", 4, K::Space},
     {".", 1},
     {"-", 1},
     {"kbd_hide", 2, K::Hide}},
};

const std::vector<std::vector<Key>> k_symbols = {
    {{"1", 1}, {"2", 1}, {"3", 1}, {"4", 1}, {"5", 1}, {"6", 1}, {"7", 1}, {"8", 1}, {"9", 1}, {"0", 1}, {"€", 1}},
    {{"@", 1}, {"#", 1}, {"&", 1}, {"_", 1}, {"!", 1}, {"?", 1}, {":", 1}, {";", 1}, {"/", 1}, {"(", 1}, {")", 1}},
    {{"\"", 1}, {"'", 1}, {"+", 1}, {"*", 1}, {"=", 1}, {"%", 1}, {"$", 1}, {"<", 1}, {">", 1}, {"~", 1}, {"^", 1}},
    {{"[", 1},
     {"]", 1},
     {"{", 1},
     {"}", 1},
     {"|", 1},
     {"\\", 1},
     {"\u201E", 1},
     {"\u201C", 1},
     {"backspace", 3, K::Backspace}},
    {{"kbd_letters", 2, K::Symbols},
     {",", 1},
     {"kbd_space", 4, K::Space},
     {".", 1},
     {"-", 1},
     {"kbd_hide", 2, K::Hide}},
};

}  // namespace

std::string shifted(const std::string& key) {
    if (key.size() == 1 && key[0] >= 'a' && key[0] <= 'z') return std::string(1, static_cast<char>(key[0] - 'a' + 'A'));
    if (key == "ä") return "Ä";
    if (key == "ö") return "Ö";
    if (key == "ü") return "Ü";
    return key;
}

float keyboard_height(const Metrics& m) {
    const float key_h = std::max(64.0f, m.touch_min * 0.95f);
    return 5 * key_h + 6 * m.gap * 0.4f;
}

void draw_keyboard(Ui& ui, float top, bool shift, bool sym, Intents& out) {
    const Metrics& m = ui.m;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(0, top), ImVec2(m.display.x, m.display.y), ui.theme.nav_background);
    const float gap = m.gap * 0.4f;
    const float key_h = std::max(64.0f, m.touch_min * 0.95f);
    const float width = std::min(m.display.x - 2 * gap, 1500.0f * m.scale);
    const float unit = (width - 10 * gap) / 11.0f;
    const float x0 = (m.display.x - width) * 0.5f;
    const auto& rows = sym ? k_symbols : k_letters;
    float y = top + gap;
    for (const auto& row : rows) {
        float x = x0;
        for (const Key& k : row) {
            const float w = unit * k.units + gap * (k.units - 1.0f);
            std::string id;
            std::string label;
            ButtonStyle style = ButtonStyle::OnDark;
            switch (k.kind) {
            case K::Char:
                label = shift ? shifted(k.text) : k.text;
                id = "kbd/" + label;
                break;
            case K::Shift:
                label = icon(ui, Icon::Shift);
                id = "kbd/shift";
                if (shift) style = ButtonStyle::Selected;
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
            case K::Hide:
                label = icon_label(ui, Icon::KeyboardHide, ui.t(k.text));
                id = "kbd/hide";
                style = ButtonStyle::Primary;
                break;
            }
            ImGui::SetCursorScreenPos(ImVec2(x, y));
            if (touch_button(ui, id, ImVec2(w, key_h), label, style)) {
                switch (k.kind) {
                case K::Char: out.push_back(KeyInput{KeyInput::Kind::Text, label}); break;
                case K::Shift: out.push_back(KeyInput{KeyInput::Kind::Shift, {}}); break;
                case K::Backspace: out.push_back(KeyInput{KeyInput::Kind::Backspace, {}}); break;
                case K::Symbols: out.push_back(KeyInput{KeyInput::Kind::Symbols, {}}); break;
                case K::Space: out.push_back(KeyInput{KeyInput::Kind::Text, " "}); break;
                case K::Hide: out.push_back(KeyInput{KeyInput::Kind::Hide, {}}); break;
                }
            }
            x += w + gap;
        }
        y += key_h + gap;
    }
}

}  // namespace ruhr
