#pragma once
// Watches the files `serve` loaded, on the serve command's own event loop (no Qt event loop: a
// QCoreApplication alone costs `serve` about 2.5 MB of RSS).
//
// A change is reported once things are quiet again: `settle` after the last event. It is reported
// when an event named one of the files, or when one of them differs from when it was last taken
// (FileWatch::taken()): its device, inode, size, change or modification time, or whether it
// exists. That covers a write in place, an editor's save by rename, and a symbolic link swapped to
// another target (a Kubernetes ConfigMap volume); a change to another file of the same folder is
// no change.
//
// Two ways to notice, one contract: inotify on the files and their folders (Linux), or a look at
// the files every `interval` (any POSIX system; on Linux for the tests too).

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "net/event_loop.h"

namespace gs::app {

class FileWatch : public runtime::net::IoHandler {
public:
    enum class Mode { Notify, Poll };
    struct Options {
        Mode mode = defaultMode();
        std::chrono::milliseconds settle{150};
        std::chrono::milliseconds interval{500};  // Poll only
    };
    static Mode defaultMode();

    // `files`: paths as given ("-", standard input, is not watched). Call on the loop's thread;
    // `changed` runs there.
    FileWatch(runtime::net::EventLoop& loop, std::vector<std::string> files, std::function<void()> changed, Options options);
    FileWatch(runtime::net::EventLoop& loop, std::vector<std::string> files, std::function<void()> changed)
        : FileWatch(loop, std::move(files), std::move(changed), Options{})
    {
    }
    ~FileWatch() override;
    FileWatch(const FileWatch&) = delete;
    FileWatch& operator=(const FileWatch&) = delete;

    // Records the files as they are now, and watches them again where a file was replaced. Call
    // it before reading them: a change made while they are read is then a change to come.
    void taken();

    void onIo(std::uint32_t events) override;

private:
    struct Identity {
        bool exists = false;
        dev_t device = 0;
        ino_t inode = 0;
        off_t size = 0;
        std::int64_t changedNs = 0;
        std::int64_t modifiedNs = 0;
        bool operator==(const Identity&) const = default;
    };
    static Identity identify(const std::string& path);
    bool differs() const;
    void addWatches();
    void noticed();  // something may have changed: wait until it settles
    void poll();

    runtime::net::EventLoop& loop_;
    std::vector<std::string> files_;
    std::vector<Identity> identities_;
    std::function<void()> changed_;
    Options options_;
    int notifyFd_ = -1;
    std::vector<int> fileWatches_;  // inotify watches of the files themselves
    std::vector<std::pair<int, std::string>> folderEntries_;  // a folder's watch, a file's name in it
    bool aboutTheFiles_ = false;  // an event since the last settle named one of the files
    runtime::net::EventLoop::TimerId settleTimer_ = 0;
    runtime::net::EventLoop::TimerId pollTimer_ = 0;
};

}  // namespace gs::app
