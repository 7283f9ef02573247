#pragma once
// The attract screen: a slow slideshow of the content's images, the title, and
// "Tippen zum Starten / Tap to start" in every language of the pack.

#include "ui/widgets.h"

namespace ruhr {

/// Slideshow position; owned by the app so it survives frames.
struct AttractState {
    std::size_t slide = 0;
    double shown_at = 0.0;
    static constexpr double k_slide_seconds = 7.0;
    static constexpr double k_fade_seconds = 1.2;

    /// True while a cross-fade runs and frames must keep coming.
    bool fading(double now) const;
    /// When the next fade starts.
    double next_change() const { return shown_at + k_slide_seconds; }
    /// Moves to the next slide when its time has come.
    void advance(double now, std::size_t count);
};

void draw_attract(Ui& ui, AttractState& state, Intents& out);

}  // namespace ruhr
