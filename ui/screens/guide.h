#pragma once
// The guided way to take part ("Mitmachen"): the three steps shown across the top of each page
// of the guide, and a row of action buttons that stacks when its labels do not fit side by side.

#include "ui/widgets.h"

#include <string>
#include <vector>

namespace ruhr {

/// The guide's steps (1 rate the forums, 2 set priorities, 3 submit an idea) at the cursor, `w`
/// wide: the current `step` in the accent colour, earlier ones with a check. Under them
/// `detail` ("Forum 4 von 20", may be empty) and, when `fraction` >= 0, a progress bar.
void guide_steps(Ui& ui, int step, float w, const std::string& detail, float fraction);

/// One button of an action_row.
struct RowButton {
    std::string id;
    std::string label;
    ButtonStyle style = ButtonStyle::Primary;
};
/// Buttons side by side at the cursor, `w` wide, or one under the other (full width) when a
/// label would not fit its share; returns the index of the tapped one, or -1.
int action_row(Ui& ui, float w, const std::vector<RowButton>& buttons);

}  // namespace ruhr
