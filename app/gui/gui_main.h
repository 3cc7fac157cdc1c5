#pragma once
// The editor's entry point: `gateway-studio [FILE...] [--screenshot PNG [--delay MS]] [--theme light|dark]`.

namespace gs::gui {

// Opens the main window on FILE (the bundled demo when none is given) and runs the event loop.
// With --screenshot, saves a capture of the window after MS milliseconds (default 800) and exits
// 0, or 1 when the capture failed. Returns 2 on bad usage.
int runGui(int argc, char** argv);

}  // namespace gs::gui
