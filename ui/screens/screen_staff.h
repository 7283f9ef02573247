#pragma once
// The staff screens: the PIN pad and the staff panel. They draw from views the app fills and
// return intents; the app and StaffTasks do the work.

#include "kiosk/intents.h"
#include "ui/widgets.h"

#include <string>
#include <utility>
#include <vector>

namespace ruhr {

struct StaffPinView {
    bool configured = true;
    std::size_t digits = 0;  // entered so far (shown as dots)
    bool checking = false;
    bool wrong = false;
    int locked_minutes = 0;  // > 0: the pad is locked
    bool stick = false;      // opened because a kiosk stick was inserted
};

struct StaffPanelView {
    std::vector<std::pair<std::string, std::string>> facts;  // label, value
    std::vector<std::string> alerts;
    std::string task;         // the task line: running, done or failed
    std::string task_detail;  // below it: the progress, or what happened and what to do now
    bool task_failed = false;
    bool busy = false;  // a task is running: actions wait
    bool sync_enabled = false;
    bool stick = false;
    bool can_rollback = false;
};

void draw_staff_pin(Ui& ui, const StaffPinView& view, Intents& out);
void draw_staff_panel(Ui& ui, const StaffPanelView& view, Intents& out);

}  // namespace ruhr
