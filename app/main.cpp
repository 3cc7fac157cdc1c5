// gateway-studio: the editor and its headless commands in one binary. See `gateway-studio --help`.
#include "cli/cli.h"

int main(int argc, char** argv)
{
    return gs::app::runCli(argc, argv);
}
