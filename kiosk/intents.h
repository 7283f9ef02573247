#pragma once
// What screens ask for. A screen draws and returns intents; the app carries them out.

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace ruhr {

struct StartVisit {};  // attract screen tapped
struct OpenVision {};
struct OpenForums {};
struct OpenForum {
    std::string id;
};
struct OpenParticipate {};
/// Starts the guided way to take part at its first step: the topics one after another, from
/// `first_forum`. OpenPriorities and OpenIdea from "Mitmachen" start it at their step.
struct StartGuide {
    std::string first_forum;
};
struct OpenPriorities {
    bool guided = false;  // from "Mitmachen": as the guide's second step
};
/// The idea form; `forum` preselects the topic ("Idee zu diesem Thema"), empty keeps the choice.
struct OpenIdea {
    std::string forum;
    bool guided = false;  // from "Mitmachen" or the results: as the guide's third step
};
/// The privacy notice and the imprint (from the pack), from every screen and the consent.
struct OpenInfo {};
struct GoBack {};
struct GoHome {};
struct SetLanguage {
    std::string code;
};
struct ContinueVisit {};  // "still here" on the idle countdown
struct EndVisit {};       // "start over" on the idle countdown, "done" on thanks

struct Rate {
    std::string item;
    int stars;
};  // item: "vision" or a forum id; stars 1-5
struct TogglePriority {
    std::string forum;
};
struct ConfirmPriorities {};

enum class IdeaField { None, Text, Name, Email, Postcode };
struct SelectIdeaForum {
    std::string forum;
};  // empty: no particular forum
struct FocusIdeaField {
    IdeaField field;
};  // the caret goes to the end of the field's text
/// A tap into a field's text: focuses the field and puts the caret at `offset` (bytes into its
/// UTF-8 text; snapped back to the start of a character, clamped to the end).
struct PlaceCaret {
    IdeaField field;
    std::size_t offset = 0;
};
struct ToggleConsent {};
struct SubmitIdea {};

/// A key of the on-screen keyboard, or typing from a physical one. Text goes in at the caret;
/// Enter starts a new line in the idea and moves on to the next field in the others.
struct KeyInput {
    enum class Kind { Text, Backspace, Shift, Symbols, Hide, Enter, Left, Right };
    Kind kind = Kind::Text;
    std::string text;  // Kind::Text: UTF-8 to insert
};

/// The accessibility menu, on every visitor screen.
struct OpenAccessibility {};
struct CloseAccessibility {};
struct ToggleAccessibility {
    enum class Option { LargeText, HighContrast, LowReach };
    Option option = Option::LargeText;
};

/// Staff mode: the PIN pad and the panel's actions.
struct StaffPinKey {
    enum class Kind { Digit, Backspace, Submit };
    Kind kind = Kind::Digit;
    char digit = '0';
};
struct StaffAction {
    enum class Kind { Close, Sync, Import, Rollback, Export, Receipts, Quit, Statement };
    Kind kind = Kind::Close;
};

using Intent =
    std::variant<StartVisit, OpenVision, OpenForums, OpenForum, OpenParticipate, StartGuide, OpenPriorities, OpenInfo,
                 OpenIdea, GoBack, GoHome, SetLanguage, ContinueVisit, EndVisit, Rate, TogglePriority,
                 ConfirmPriorities, SelectIdeaForum, FocusIdeaField, PlaceCaret, ToggleConsent, SubmitIdea, KeyInput,
                 StaffPinKey, StaffAction, OpenAccessibility, CloseAccessibility, ToggleAccessibility>;
using Intents = std::vector<Intent>;

}  // namespace ruhr
