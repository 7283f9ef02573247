#pragma once
// The drawing context screens get, the registry of tappable widgets (for the script driver
// and the event log), and the few touch widgets every screen shares.

#include "assets/icons.h"
#include "kiosk/intents.h"
#include "kiosk/outbox.h"
#include "kiosk/visit.h"
#include "packs/content_pack.h"
#include "ui/fonts.h"
#include "ui/images.h"
#include "ui/theme.h"
#include "ui/touch_scroll.h"

#include <imgui.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ruhr {

/// A tappable widget as drawn in the last frame, with its stable id ("home/forums").
struct WidgetInfo {
    std::string id;
    ImVec2 min;  // visible part (clipped by its scroll area)
    ImVec2 max;
    bool enabled = true;
    float full_height = 0.0f;  // height before clipping
};

/// Text that did not fit where a widget put it: a layout bug the tests look for.
struct Clipping {
    std::string widget;
    std::string text;
};

/// Widgets of one frame, in drawing order (later ones are on top).
class WidgetRegistry {
public:
    void clear();
    void add(std::string id, ImVec2 min, ImVec2 max, bool enabled, float full_height);
    void report_clipping(std::string widget, std::string text);
    /// A message shown to the visitor (a notice next to a field): found by find() for tests and
    /// scripts, but no tap target (hit() and all() do not list it).
    void add_message(std::string id, ImVec2 min, ImVec2 max);
    /// A tap target, or else a message, by id.
    const WidgetInfo* find(std::string_view id) const;
    /// The topmost widget under `p`, or nullptr.
    const WidgetInfo* hit(ImVec2 p) const;
    const std::vector<WidgetInfo>& all() const { return m_widgets; }
    const std::vector<Clipping>& clipping() const { return m_clipping; }
    /// Widgets of an open modal layer block everything drawn before it.
    void begin_modal() { m_modal_from = m_widgets.size(); }

private:
    std::vector<WidgetInfo> m_widgets;
    std::vector<WidgetInfo> m_messages;
    std::vector<Clipping> m_clipping;
    std::size_t m_modal_from = 0;
};

/// What participation screens need besides the pack: the visit's choices, local results,
/// and whether storing (and contact data) is possible on this kiosk.
/// Which rating results the screens show.
enum class ResultsScope {
    Local,         // no collector configured: this kiosk's results
    Fleet,         // fresh results from all kiosks
    LocalOffline,  // a collector is configured but its results are stale: this kiosk's, and say so
};

struct ParticipationView {
    const Participation* visit = nullptr;
    const std::unordered_map<std::string, RatingStats>* stats = nullptr;
    const std::unordered_map<std::string, RatingStats>* fleet = nullptr;  // with ResultsScope::Fleet
    ResultsScope scope = ResultsScope::Local;
    bool enabled = false;          // an outbox is open: participation is offered
    bool contact_enabled = false;  // an organizer key is configured: contact fields are offered
    const std::unordered_map<std::string, std::int64_t>* votes = nullptr;        // this kiosk's top-three votes
    const std::unordered_map<std::string, std::int64_t>* fleet_votes = nullptr;  // with ResultsScope::Fleet
    bool guided = false;     // the visit follows the guide from "Mitmachen" (steps shown)
    int thanks_seconds = 0;  // on the thank-you screen: seconds until the visit ends
};

/// Per-frame drawing context handed to every screen.
struct Ui {
    const ContentPack& pack;
    const std::string& language;
    const Theme& theme;
    const Metrics& m;
    const Fonts& fonts;
    WidgetRegistry& widgets;
    ImageCache& images;
    double now = 0.0;
    bool input_blocked = false;    // a modal layer is open: widgets below draw but do not react
    bool gesture_is_drag = false;  // the current touch is scrolling: taps must not fire
    const ParticipationView* part = nullptr;
    std::string typed;          // text typed on a physical keyboard this frame (UTF-8)
    bool taps_guarded = false;  // the press began just after a screen change: no tap; scrolling works

    /// A UI string by key from the pack's catalog ("back" -> "Zurück").
    const std::string& t(std::string_view key) const;
    /// A content text by key ("forums.pflege.title").
    const std::string& c(std::string_view key) const { return pack.text(language, key); }
};

enum class ButtonStyle { Primary, Secondary, OnDark, Selected };
enum class Enabled { Yes, No };
/// Overlap::Allow lets widgets drawn later on top of this one take the taps over them
/// (Dear ImGui otherwise gives overlapping taps to the item drawn first).
enum class Overlap { Block, Allow };

/// The edge of a tappable card, chip or key drawn by the caller (Theme::outline).
void control_outline(const Ui& ui, ImDrawList* dl, ImVec2 min, ImVec2 max, float rounding,
                     ImDrawFlags corners = ImDrawFlags_RoundCornersAll);
/// An icon as text: the icon font's glyph, or its Unicode fallback when the font is missing.
std::string_view icon(const Ui& ui, Icon which);
/// "<icon> <label>". A label that starts with the icon's fallback character (a content pack's
/// "♿ Bedienhilfen") loses that copy.
std::string icon_label(const Ui& ui, Icon which, std::string_view label);

/// Whether `label` fits one line of a touch_button of `size`.
bool button_label_fits(const Ui& ui, ImVec2 size, std::string_view label);
/// A large touch button with a centred one-line label. Returns true when tapped.
bool touch_button(Ui& ui, const std::string& id, ImVec2 size, std::string_view label,
                  ButtonStyle style = ButtonStyle::Primary, Enabled enabled = Enabled::Yes);

/// An invisible tap target over an area drawn by the caller; registers `id`.
/// Returns true when tapped. `pressed` tells whether it is held down now.
bool tap_area(Ui& ui, const std::string& id, ImVec2 size, bool* pressed = nullptr, Enabled enabled = Enabled::Yes,
              Overlap overlap = Overlap::Block);

/// A card the caller draws: a tap target of `size` at the cursor (see tap_area) that adds
/// `on_tap` to `out` when tapped. `visible` is false when the card is scrolled out of view,
/// so there is nothing to draw; `draw` is the window's draw list.
struct TapCard {
    ImVec2 min;
    ImVec2 max;
    bool pressed = false;
    bool visible = false;
    ImDrawList* draw = nullptr;
};
TapCard tap_card(Ui& ui, const std::string& id, ImVec2 size, Intents& out, Intent on_tap);

/// Wrapped text at the cursor, advancing the layout. Words wider than `width` are reported.
void text_block(Ui& ui, ImFont* font, std::string_view text, float width, ImU32 colour,
                std::string_view owner = "text");

/// Height `text` takes when wrapped to `width`.
float text_height(ImFont* font, std::string_view text, float width);
/// Where a caret before byte `offset` of `text` stands when the text is wrapped to `width` as
/// draw_text_in_box draws it: its x and its line's top, relative to the text's top-left.
ImVec2 caret_position(ImFont* font, std::string_view text, float width, std::size_t offset);
/// The caret place (a byte offset at the start of a character) nearest to `point`, relative to
/// the text's top-left: where a tap into the text puts the caret.
std::size_t caret_offset_at(ImFont* font, std::string_view text, float width, ImVec2 point);
/// The end of `text` wrapped to `width`, drawn into `dl` from `pos`: as many of its last lines as
/// fit `height`. Returns how far down the text the first drawn line starts (0 when it all fits),
/// so that a caret from caret_position can be placed (its y minus this).
float draw_text_tail(ImDrawList* dl, ImFont* font, std::string_view text, ImVec2 pos, float width, float height,
                     ImU32 colour);
/// Draws wrapped text at `pos` into the current window; reports clipping when it is taller
/// than `max_height` or has a word wider than `width`.
void draw_text_in_box(Ui& ui, ImFont* font, std::string_view text, ImVec2 pos, float width, float max_height,
                      ImU32 colour, const std::string& owner, bool centred = false);

/// Draws `path` to cover the rectangle (cropped, not stretched), or a placeholder while it loads.
void draw_image_cover(Ui& ui, const std::string& path, ImVec2 min, ImVec2 max, float rounding,
                      ImDrawFlags corners = ImDrawFlags_RoundCornersAll, float alpha = 1.0f);

/// A vertically scrolling area driven by finger drags (with inertia) and the mouse wheel.
class ScrollArea {
public:
    /// Opens a child region of `size` at the cursor. Content drawn until end() scrolls.
    void begin(Ui& ui, const char* name, ImVec2 size, float& offset);
    void end(Ui& ui);
    bool animating() const { return m_scroller.animating(); }
    /// Forgets everything, for a new visit.
    void reset() {
        m_scroller.reset();
        m_content_height = 0.0f;
    }
    /// Stops a flick's glide (the area is no longer shown) but keeps what it knows of its
    /// content, so the offset kept for "back" stays valid.
    void stop() { m_scroller.reset(); }

private:
    TouchScroller m_scroller;
    float m_content_height = 0.0f;
    float m_view_height = 0.0f;
    float* m_offset = nullptr;
    float m_start_y = 0.0f;
};

}  // namespace ruhr
