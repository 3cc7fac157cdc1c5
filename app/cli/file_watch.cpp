#include "cli/file_watch.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <utility>

#ifdef __linux__
#include <sys/inotify.h>
#endif

namespace gs::app {

namespace {

#ifdef __linux__
// The file itself (through a symbolic link: its target), and the entries of its folder: written,
// replaced by a rename, created, removed.
constexpr std::uint32_t kFileEvents = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_DELETE_SELF | IN_MOVE_SELF;
constexpr std::uint32_t kFolderEvents =
    IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
#endif

std::int64_t nanoseconds(const timespec& t) { return std::int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

}  // namespace

FileWatch::Mode FileWatch::defaultMode()
{
#ifdef __linux__
    return Mode::Notify;
#else
    return Mode::Poll;
#endif
}

FileWatch::FileWatch(runtime::net::EventLoop& loop, std::vector<std::string> files, std::function<void()> changed,
                     Options options)
    : loop_(loop), changed_(std::move(changed)), options_(options)
{
    for (std::string& f : files)
        if (f != "-")
            files_.push_back(std::move(f));
#ifdef __linux__
    if (options_.mode == Mode::Notify) {
        notifyFd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (notifyFd_ >= 0)
            loop_.watch(notifyFd_, this, true, false);
        else
            options_.mode = Mode::Poll;  // out of inotify instances: looking works anywhere
    }
#else
    options_.mode = Mode::Poll;
#endif
    taken();
    if (options_.mode == Mode::Poll)
        pollTimer_ = loop_.after(options_.interval, [this] { poll(); });
}

FileWatch::~FileWatch()
{
    loop_.cancel(settleTimer_);
    loop_.cancel(pollTimer_);
    if (notifyFd_ >= 0) {
        loop_.unwatch(notifyFd_, this);
        ::close(notifyFd_);
    }
}

FileWatch::Identity FileWatch::identify(const std::string& path)
{
    struct stat s { };
    if (::stat(path.c_str(), &s) != 0)
        return {};
    return {true, s.st_dev, s.st_ino, s.st_size, nanoseconds(s.st_ctim), nanoseconds(s.st_mtim)};
}

void FileWatch::taken()
{
    identities_.clear();
    for (const std::string& f : files_)
        identities_.push_back(identify(f));
    addWatches();
}

bool FileWatch::differs() const
{
    for (std::size_t i = 0; i < files_.size(); ++i)
        if (!(identify(files_[i]) == identities_[i]))
            return true;
    return false;
}

// inotify_add_watch on a path already watched keeps its watch; a replaced file is a new inode,
// so its path is watched again. A watch whose file went away ends by itself (IN_IGNORED).
void FileWatch::addWatches()
{
#ifdef __linux__
    if (notifyFd_ < 0)
        return;
    fileWatches_.clear();
    folderEntries_.clear();
    for (const std::string& f : files_) {
        const int file = ::inotify_add_watch(notifyFd_, f.c_str(), kFileEvents);
        if (file >= 0)
            fileWatches_.push_back(file);
        std::error_code error;
        const std::filesystem::path path = std::filesystem::absolute(f, error);
        const int folder = ::inotify_add_watch(notifyFd_, path.parent_path().c_str(), kFolderEvents | IN_ONLYDIR);
        if (folder >= 0)
            folderEntries_.emplace_back(folder, path.filename().string());
    }
#endif
}

void FileWatch::onIo(std::uint32_t)
{
#ifdef __linux__
    alignas(inotify_event) char buffer[4096];
    bool any = false;
    for (ssize_t n; (n = ::read(notifyFd_, buffer, sizeof buffer)) > 0;)
        for (ssize_t at = 0; at < n;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            at += ssize_t(sizeof(inotify_event) + event->len);
            any = true;
            const std::string_view name = event->len ? std::string_view(event->name) : std::string_view();
            const bool file = std::find(fileWatches_.begin(), fileWatches_.end(), event->wd) != fileWatches_.end();
            const bool entry = std::any_of(folderEntries_.begin(), folderEntries_.end(),
                                           [&](const auto& e) { return e.first == event->wd && e.second == name; });
            aboutTheFiles_ = aboutTheFiles_ || file || entry;
        }
    if (any)
        noticed();
#endif
}

void FileWatch::noticed()
{
    loop_.cancel(settleTimer_);
    settleTimer_ = loop_.after(options_.settle, [this] {
        settleTimer_ = 0;
        // An event that named a file is a change even where the file looks the same (two writes
        // of one size within the clock tick the file system stamps times with).
        const bool named = std::exchange(aboutTheFiles_, false);
        if (named || differs())
            changed_();
    });
}

void FileWatch::poll()
{
    pollTimer_ = loop_.after(options_.interval, [this] { poll(); });
    if (settleTimer_ == 0 && differs())
        noticed();
}

}  // namespace gs::app
