// gateway-studio: the headless commands, and the editor through the executable beside it. See
// `gateway-studio --help`.
//
// The editor is its own executable (gateway-studio-editor) so that the commands, `serve` above all,
// never load Qt Quick, Qt Gui and Graphviz: mapping and relocating them alone cost `serve` about
// 15 MB of RSS. Asked for the editor, this process becomes it (execv: same process id, same
// arguments), so `gateway-studio FILE` opens the editor as before.
#include <cerrno>
#include <climits>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>
#include <unistd.h>

#include "cli/cli.h"

namespace {

// The editor sits beside this executable in a build tree, and under libexec in an installed tree
// (GWS_EDITOR_FROM_BINDIR: the path from the installed bin/ to it, set by app/CMakeLists.txt).
// Found from this executable's own path, never from argv[0] or the working directory.
int runEditor(char** argv)
{
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        std::cerr << "gateway-studio: cannot start the editor: /proc/self/exe does not say where this executable is\n";
        return 1;
    }
    std::string dir(self, std::size_t(n));
    dir = dir.substr(0, dir.rfind('/') + 1);
    const std::vector<std::string> places{dir + "gateway-studio-editor", dir + GWS_EDITOR_FROM_BINDIR "/gateway-studio-editor"};
    for (const std::string& path : places)
        if (::access(path.c_str(), X_OK) == 0) {
            ::execv(path.c_str(), argv);
            std::cerr << "gateway-studio: cannot start the editor " << path << ": " << std::strerror(errno) << "\n";
            return 1;
        }
    std::cerr << "gateway-studio: cannot start the editor: neither " << places[0] << " nor " << places[1]
              << " is an executable file\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv)
{
    if (gs::app::wantsGui(argc, argv))
        return runEditor(argv);
    return gs::app::runCli(argc, argv);
}
