// gateway-studio: the headless commands, and the editor through the executable beside it. See
// `gateway-studio --help`.
//
// This executable links no Qt. The editor is its own executable (gateway-studio-editor), and so
// are the commands that meet a cluster through Qt Network (gateway-studio-cluster: pull, diff,
// apply, status --live), so that the other commands, `serve` above all, never map Qt: Qt Quick,
// Qt Gui and Graphviz cost `serve` about 15 MB of RSS, Qt Core and Qt Network with ICU, glib and
// Kerberos about 5 MB more. Asked for the editor or a cluster command, this process becomes that
// executable (execv: same process id, same arguments), so `gateway-studio FILE` opens the editor
// and `gateway-studio pull` reads the cluster as before.
#include <cerrno>
#include <climits>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>
#include <unistd.h>

#include "cli/cli.h"

namespace {

// The helper executables sit beside this one in a build tree, and under libexec in an installed
// tree (GWS_HELPERS_FROM_BINDIR: the path from the installed bin/ to them, set by
// app/CMakeLists.txt). Found from this executable's own path, never from argv[0] or the working
// directory. Returns only when the helper cannot be started, with `failure`.
int become(const char* helper, const char* what, char** argv, int failure)
{
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        std::cerr << "gateway-studio: cannot start " << what << ": /proc/self/exe does not say where this executable is\n";
        return failure;
    }
    std::string dir(self, std::size_t(n));
    dir = dir.substr(0, dir.rfind('/') + 1);
    const std::vector<std::string> places{dir + helper, dir + GWS_HELPERS_FROM_BINDIR "/" + helper};
    for (const std::string& path : places)
        if (::access(path.c_str(), X_OK) == 0) {
            ::execv(path.c_str(), argv);
            std::cerr << "gateway-studio: cannot start " << what << " " << path << ": " << std::strerror(errno) << "\n";
            return failure;
        }
    std::cerr << "gateway-studio: cannot start " << what << ": neither " << places[0] << " nor " << places[1]
              << " is an executable file\n";
    return failure;
}

}  // namespace

int main(int argc, char** argv)
{
    if (gs::app::wantsGui(argc, argv))
        return become("gateway-studio-editor", "the editor", argv, 1);
    // The cluster commands' arguments are checked here (usage errors and --help need no cluster),
    // then the helper runs the command on the same arguments. Without it, the exit code is the
    // one they give when the cluster cannot be reached (2), never one that means "differs" or
    // "refused".
    const auto viaHelper = gs::app::ClusterCommands::all(
        [argv](const gs::app::ParsedArguments&) { return become("gateway-studio-cluster", "the cluster commands", argv, 2); });
    return gs::app::runCli(argc, argv, viaHelper);
}
