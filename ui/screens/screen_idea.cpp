#include "ui/screens/screen_idea.h"

#include "base/utf8.h"
#include "ui/screens/guide.h"
#include "ui/screens/keyboard.h"
#include "ui/screens/page.h"
#include "ui/screens/screen_forums.h"

#include <algorithm>
#include <cfloat>

namespace ruhr {

namespace {

const char* field_id(IdeaField f) {
    switch (f) {
    case IdeaField::Text: return "idea/text";
    case IdeaField::Name: return "idea/name";
    case IdeaField::Email: return "idea/email";
    case IdeaField::Postcode: return "idea/postcode";
    case IdeaField::None: break;
    }
    return "idea/none";
}

// Where a field's box and caret are, in the scroll area's view (y from the top of the view).
struct FieldPlace {
    float top = 0.0f;
    float bottom = 0.0f;
    float caret_top = 0.0f;
};

// A text field: a box showing its text (or a placeholder), with a caret where the visitor is
// typing. A tap puts the caret at the tapped place.
FieldPlace text_field(Ui& ui, IdeaField field, const std::string& text, const std::string& placeholder, float width,
                      int min_lines, Intents& out) {
    const Metrics& m = ui.m;
    const Participation& part = *ui.part->visit;
    const bool focused = part.focus == field;
    ImFont* f = ui.fonts.body;
    const float pad = m.gap * 0.6f;
    const float inner = width - 2 * pad;
    const float text_h = std::max(static_cast<float>(min_lines) * f->FontSize, text_height(f, text, inner));
    const float h = std::max(m.touch_min, text_h + 2 * pad);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    FieldPlace place;
    place.top = ImGui::GetCursorPosY();
    place.bottom = place.top + h;
    bool pressed = false;
    if (tap_area(ui, field_id(field), ImVec2(width, h), &pressed)) {
        // Where the finger went down: the pointer leaves the screen when it lifts.
        const ImVec2 at = ImGui::GetIO().MouseClickedPos[0];
        out.push_back(PlaceCaret{field, caret_offset_at(f, text, inner, ImVec2(at.x - p.x - pad, at.y - p.y - pad))});
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), pressed ? ui.theme.surface_pressed : ui.theme.surface, m.radius);
    dl->AddRect(p, ImVec2(p.x + width, p.y + h), focused ? ui.theme.accent : ui.theme.text_muted, m.radius, 0,
                (focused ? 4.0f : 2.0f) * m.scale);
    if (text.empty() && !focused)
        draw_text_in_box(ui, f, placeholder, ImVec2(p.x + pad, p.y + pad), inner, h - 2 * pad, ui.theme.text_muted,
                         field_id(field));
    else
        draw_text_in_box(ui, f, text, ImVec2(p.x + pad, p.y + pad), inner, text_h, ui.theme.text, field_id(field));
    const ImVec2 c = caret_position(f, text, inner, focused ? part.caret : text.size());
    place.caret_top = place.top + pad + c.y;
    if (focused) {
        // A steady bar, not blinking: the kiosk draws frames only when something changes.
        const float x = p.x + pad + c.x;
        dl->AddRectFilled(ImVec2(x, p.y + pad + c.y),
                          ImVec2(x + std::max(2.0f, 3.0f * m.scale), p.y + pad + c.y + f->FontSize), ui.theme.accent);
    }
    return place;
}

// A message about a field, right below it.
void field_notice(Ui& ui, const std::string& text, float width, const char* owner) {
    ImGui::Dummy(ImVec2(width, ui.m.gap * 0.25f));
    text_block(ui, ui.fonts.body_bold, text, width, ui.theme.error, owner);
    ui.widgets.add_message(owner, ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

// "This field is full" with the field's limit.
std::string limit_text(const Ui& ui, IdeaField field) {
    return replace_placeholder(ui.t("idea_limit"), "max", std::to_string(TextLimits::for_field(field)));
}

// A labelled single-line field.
FieldPlace labelled_field(Ui& ui, IdeaField field, const char* label_key, const std::string& text, float width,
                          Intents& out) {
    text_block(ui, ui.fonts.body_bold, ui.t(label_key), width, ui.theme.text, field_id(field));
    ImGui::Dummy(ImVec2(width, ui.m.gap * 0.25f));
    FieldPlace place = text_field(ui, field, text, std::string(), width, 1, out);
    const Participation& part = *ui.part->visit;
    if (part.notice == Notice::TextLimit && part.notice_field == field) {
        field_notice(ui, limit_text(ui, field), width, "idea/limit");
        place.bottom = ImGui::GetCursorPosY();
    }
    return place;
}

}  // namespace

void draw_idea(Ui& ui, ScrollArea& area, float& scroll, IdeaScreenState& state, Intents& out) {
    const Metrics& m = ui.m;
    const Participation& part = *ui.part->visit;
    const bool typing = part.focus != IdeaField::None;

    // A physical keyboard types into the focused field too.
    if (typing) {
        if (!ui.typed.empty()) out.push_back(KeyInput{KeyInput::Kind::Text, ui.typed});
        const std::pair<ImGuiKey_, KeyInput::Kind> keys[] = {{ImGuiKey_Backspace, KeyInput::Kind::Backspace},
                                                             {ImGuiKey_LeftArrow, KeyInput::Kind::Left},
                                                             {ImGuiKey_RightArrow, KeyInput::Kind::Right},
                                                             {ImGuiKey_Enter, KeyInput::Kind::Enter},
                                                             {ImGuiKey_KeyPadEnter, KeyInput::Kind::Enter}};
        for (const auto& [key, kind] : keys) {
            const int index = ImGui::GetIO().KeyMap[key];
            if (index >= 0 && ImGui::IsKeyPressed(index)) out.push_back(KeyInput{kind, {}});
        }
    }

    const float kb_h = typing ? keyboard_height(m) : 0.0f;
    const float view_h = m.display.y - m.nav_height - kb_h;
    const float w = m.display.x - 2 * m.pad;
    FieldPlace places[5];

    begin_page(ui, "idea", area, scroll, out, view_h);
    if (ui.part->guided) guide_steps(ui, 3, w, std::string(), -1.0f);
    page_heading(ui, ui.t("idea_title"), nullptr, "idea");
    ImGui::Dummy(ImVec2(w, m.gap));

    // The idea text first: it is what most visitors come for.
    text_block(ui, ui.fonts.body_bold, ui.t(idea_field_label(IdeaField::Text)), w, ui.theme.text, "idea/text-label");
    ImGui::Dummy(ImVec2(w, m.gap * 0.25f));
    places[static_cast<int>(IdeaField::Text)] =
        text_field(ui, IdeaField::Text, part.idea_text, ui.t("idea_text_placeholder"), w, 4, out);
    const std::string counter = replace_placeholder(
        replace_placeholder(ui.t("idea_counter"), "count", std::to_string(utf8_length(part.idea_text))), "max",
        std::to_string(TextLimits::idea));
    {
        ImFont* f = ui.fonts.small;
        const float cw = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, counter.c_str()).x;
        ImGui::Dummy(ImVec2(w, m.gap * 0.25f));
        const ImVec2 cp = ImGui::GetCursorScreenPos();
        const bool full = utf8_length(part.idea_text) >= TextLimits::idea;
        ImGui::GetWindowDrawList()->AddText(f, f->FontSize, ImVec2(cp.x + std::max(0.0f, w - cw), cp.y),
                                            full ? ui.theme.error : ui.theme.text_muted, counter.c_str());
        ImGui::Dummy(ImVec2(w, f->FontSize));
    }
    // What concerns the idea text stands right below it.
    if (part.notice == Notice::IdeaEmpty) field_notice(ui, ui.t("idea_empty"), w, "idea/notice");
    if (part.notice == Notice::TextLimit && part.notice_field == IdeaField::Text)
        field_notice(ui, limit_text(ui, IdeaField::Text), w, "idea/limit");
    places[static_cast<int>(IdeaField::Text)].bottom = ImGui::GetCursorPosY();
    ImGui::Dummy(ImVec2(w, m.gap));

    float consent_top = -1.0f;

    // Optional forum.
    text_block(ui, ui.fonts.body_bold, ui.t("idea_forum_label"), w, ui.theme.text, "idea/forum-label");
    ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
    {
        const int cols = std::min(4, forum_columns(m, w) + (m.portrait ? 0 : 1));
        const float colsf = static_cast<float>(cols);
        const float cw = (w - (colsf - 1) * m.gap * 0.5f) / colsf;
        const float ch = std::max(m.touch_min * 0.8f, 2.0f * ui.fonts.small->FontSize + m.gap);
        const ImVec2 g = ImGui::GetCursorScreenPos();
        ImDrawList* dl = ImGui::GetWindowDrawList();
        for (std::size_t i = 0; i < ui.pack.forums.size(); ++i) {
            const Forum& f = ui.pack.forums[i];
            const int r = static_cast<int>(i) / cols, c = static_cast<int>(i) % cols;
            const ImVec2 p(g.x + static_cast<float>(c) * (cw + m.gap * 0.5f),
                           g.y + static_cast<float>(r) * (ch + m.gap * 0.5f));
            ImGui::SetCursorScreenPos(p);
            const std::string id = "idea/forum/" + f.id;
            bool pressed = false;
            if (tap_area(ui, id, ImVec2(cw, ch), &pressed)) out.push_back(SelectIdeaForum{f.id});
            const bool chosen = part.idea_forum == f.id;
            dl->AddRectFilled(p, ImVec2(p.x + cw, p.y + ch),
                              chosen ? ui.theme.accent : (pressed ? ui.theme.surface_pressed : ui.theme.surface),
                              m.radius);
            control_outline(ui, dl, p, ImVec2(p.x + cw, p.y + ch), m.radius);
            const std::string& title = ui.c("forums." + f.id + ".title");
            const float th = text_height(ui.fonts.small, title, cw - m.gap);
            draw_text_in_box(ui, ui.fonts.small, title,
                             ImVec2(p.x + m.gap * 0.5f, p.y + std::max(0.0f, (ch - th) * 0.5f)), cw - m.gap, ch,
                             chosen ? ui.theme.on_accent : ui.theme.text, id, true);
        }
        const int rows = (static_cast<int>(ui.pack.forums.size()) + cols - 1) / cols;
        ImGui::SetCursorScreenPos(ImVec2(g.x, g.y + static_cast<float>(rows) * (ch + m.gap * 0.5f)));
        ImGui::Dummy(ImVec2(w, m.gap));
    }

    // Contact details only when an organizer key can encrypt them.
    if (ui.part->contact_enabled) {
        text_block(ui, ui.fonts.heading, ui.t("idea_contact_title"), w, ui.theme.text, "idea/contact-title");
        ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
        const bool row = !m.portrait;
        const float fw = row ? (w - 2 * m.gap) / 3.0f : w;
        const IdeaField fields[] = {IdeaField::Name, IdeaField::Email, IdeaField::Postcode};
        const ImVec2 start = ImGui::GetCursorScreenPos();
        float bottom = start.y;
        for (int i = 0; i < 3; ++i) {
            if (row) ImGui::SetCursorScreenPos(ImVec2(start.x + static_cast<float>(i) * (fw + m.gap), start.y));
            ImGui::BeginGroup();
            places[static_cast<int>(fields[i])] =
                labelled_field(ui, fields[i], idea_field_label(fields[i]), field_text(part, fields[i]), fw, out);
            ImGui::EndGroup();
            bottom = std::max(bottom, ImGui::GetItemRectMax().y);
            if (!row) ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
        }
        ImGui::SetCursorScreenPos(ImVec2(start.x, bottom + m.gap));
        // Consent: a large checkbox with the pack's text.
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float box = m.touch_min * 0.7f;
        const float tw = w - box - m.gap;
        const float th = text_height(ui.fonts.body, ui.t("idea_consent"), tw);
        const float h = std::max(m.touch_min, th);  // the whole row is the touch target
        bool pressed = false;
        if (tap_area(ui, "idea/consent", ImVec2(w, h), &pressed)) out.push_back(ToggleConsent{});
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddRectFilled(p, ImVec2(p.x + box, p.y + box), part.consent ? ui.theme.accent : ui.theme.surface,
                          m.radius * 0.5f);
        dl->AddRect(p, ImVec2(p.x + box, p.y + box), ui.theme.accent, m.radius * 0.5f, 0, 3.0f * m.scale);
        if (part.consent) {
            ImFont* cf = ui.fonts.title;
            const std::string check(icon(ui, Icon::Check));
            const ImVec2 cs = cf->CalcTextSizeA(cf->FontSize, FLT_MAX, 0.0f, check.c_str());
            dl->AddText(cf, cf->FontSize, ImVec2(p.x + (box - cs.x) * 0.5f, p.y + (box - cs.y) * 0.5f),
                        ui.theme.on_accent, check.c_str());
        }
        draw_text_in_box(ui, ui.fonts.body, ui.t("idea_consent"), ImVec2(p.x + box + m.gap, p.y), tw, th, ui.theme.text,
                         "idea/consent");
        ImGui::Dummy(ImVec2(w, h));
        if (part.notice == Notice::ConsentNeeded) {
            consent_top = ImGui::GetCursorPosY() - h;
            field_notice(ui, ui.t("idea_consent_needed"), w, "idea/notice");
        }
        // What the consent covers, one tap away: the privacy notice; back returns here.
        ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
        const std::string link = icon_label(ui, Icon::Info, ui.t("idea_privacy_link"));
        const float lw =
            std::min(w, ui.fonts.body_bold->CalcTextSizeA(ui.fonts.body_bold->FontSize, FLT_MAX, 0.0f, link.c_str()).x +
                            3.0f * m.gap);
        if (touch_button(ui, "idea/privacy", ImVec2(lw, m.touch_min), link, ButtonStyle::Secondary))
            out.push_back(OpenInfo{});
        ImGui::Dummy(ImVec2(w, m.gap));
    }

    // A failed store concerns the whole idea: right above the button.
    if (part.notice == Notice::StoreFailed) {
        text_block(ui, ui.fonts.body_bold, ui.t("store_failed"), w, ui.theme.error, "idea/notice");
        ImGui::Dummy(ImVec2(w, m.gap * 0.5f));
    }
    const float bw = std::min(w, 520.0f * m.scale);
    if (touch_button(ui, "idea/submit", ImVec2(bw, m.touch_min), ui.t("idea_submit"))) out.push_back(SubmitIdea{});
    end_page(ui, area);

    // Keep in view what the visitor is typing: a newly focused field whole (as far as it fits),
    // the caret's line after each key. A message after "send" brings its field into view.
    const float margin = m.gap;
    const auto show = [&](float top, float bottom) {
        if (bottom - top > view_h - 2 * margin) bottom = top + view_h - 2 * margin;
        if (bottom > view_h - margin)
            scroll += bottom - (view_h - margin);
        else if (top < margin)
            scroll -= margin - top;
        scroll = std::max(0.0f, scroll);
    };
    if (part.focus != IdeaField::None) {
        const FieldPlace& f = places[static_cast<int>(part.focus)];
        const std::size_t length = field_text(part, part.focus).size();
        if (part.focus != state.last_focus)
            show(f.top, f.bottom);
        else if (part.caret != state.last_caret || length != state.last_length)
            show(f.caret_top, f.caret_top + ui.fonts.body->FontSize);
        state.last_caret = part.caret;
        state.last_length = length;
    }
    if (part.notice != state.last_notice) {
        if (part.notice == Notice::IdeaEmpty)
            show(places[static_cast<int>(IdeaField::Text)].top, places[static_cast<int>(IdeaField::Text)].bottom);
        if (part.notice == Notice::ConsentNeeded && consent_top >= 0.0f)
            show(consent_top, consent_top + 3 * m.touch_min);
        // The limit message stands under the full field: the caret's line down to the message.
        if (part.notice == Notice::TextLimit && part.focus != IdeaField::None)
            show(places[static_cast<int>(part.focus)].caret_top, places[static_cast<int>(part.focus)].bottom);
    }
    state.last_focus = part.focus;
    state.last_notice = part.notice;

    if (typing) {
        KeyboardView kb;
        kb.letters = keyboard_letters_for(ui.language);
        kb.kind = keyboard_kind_for(part.focus);
        kb.shift = part.shift;
        kb.symbols = part.symbols;
        draw_keyboard(ui, m.display.y - kb_h, kb, out);
    }
}

const char* idea_field_label(IdeaField field) {
    switch (field) {
    case IdeaField::Name: return "idea_name";
    case IdeaField::Email: return "idea_email";
    case IdeaField::Postcode: return "idea_postcode";
    case IdeaField::Text:
    case IdeaField::None: break;
    }
    return "idea_text_label";
}

}  // namespace ruhr
