// gateway-studio-editor: the editor alone; `gateway-studio` runs it when asked for the editor
// (see main.cpp), with the same arguments.
#include "gui/gui_main.h"

int main(int argc, char** argv) { return gs::gui::runGui(argc, argv); }
