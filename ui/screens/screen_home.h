#pragma once
// Home: three large entries (vision, forums, take part). "Take part" is shown as not
// available when the kiosk cannot store submissions (no outbox).

#include "ui/widgets.h"

namespace ruhr {

/// `notice` is a staff-facing line shown at the bottom (for example why the configured
/// content pack was refused); empty for none.
void draw_home(Ui& ui, const std::string& notice, Intents& out);

/// The pack images the vision and forums entries show (empty when there is none); the app
/// decodes them ahead while the attract screen is up.
struct HomeImages {
    std::string vision;
    std::string forums;
    std::string take_part;  // the pack's hero picture (brand.hero); empty: the accent colour
};
HomeImages home_images(const ContentPack& pack);

}  // namespace ruhr
