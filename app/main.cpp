// gateway-studio: the editor and its headless commands in one binary. See `gateway-studio --help`.
#include "cli/cli.h"
#include "gui/gui_main.h"

int main(int argc, char** argv)
{
    if (gs::app::wantsGui(argc, argv))
        return gs::gui::runGui(argc, argv);
    return gs::app::runCli(argc, argv);
}
