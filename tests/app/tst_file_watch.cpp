// serve's file watch, both ways (inotify; a look every interval): a write in place, a save by
// rename, a removal and a symbolic link swapped to another target (as a Kubernetes ConfigMap
// volume does) are each one change, reported once things settle; another file of the folder is
// none, and nothing is reported after taken() until the next change.

#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/file_watch.h"
#include "net/event_loop.h"

using gs::app::FileWatch;
using gs::runtime::net::EventLoop;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(FileWatch::Mode)

namespace {

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::trunc) << text; }

// Runs each step on the loop in turn, `kStepMs` apart, and counts the changes reported after each.
// The change callback takes the files again, as serve does after a reload.
class Watching {
public:
    static constexpr int kStepMs = 500;
    Watching(const fs::path& file, FileWatch::Mode mode)
        : watch_(loop_, {file.string()}, [this] { changed(); },
                 {mode, std::chrono::milliseconds(100), std::chrono::milliseconds(50)})
    {
    }
    std::vector<int> run(const std::vector<std::function<void()>>& steps)
    {
        std::vector<int> counts;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            loop_.after(std::chrono::milliseconds(int(i) * kStepMs + 20), steps[i]);
            loop_.after(std::chrono::milliseconds(int(i + 1) * kStepMs), [&] { counts.push_back(std::exchange(changes_, 0)); });
        }
        loop_.after(std::chrono::milliseconds(int(steps.size()) * kStepMs + 10), [this] { loop_.stop(); });
        loop_.run();
        return counts;
    }

private:
    void changed()
    {
        ++changes_;
        watch_.taken();
    }
    EventLoop loop_;
    int changes_ = 0;
    FileWatch watch_;
};

}  // namespace

class TestFileWatch : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    fs::path folder() const { return fs::path(dir_.path().toStdString()); }

private slots:
    void changes_data()
    {
        QTest::addColumn<FileWatch::Mode>("mode");
        QTest::newRow("inotify") << FileWatch::Mode::Notify;
        QTest::newRow("poll") << FileWatch::Mode::Poll;
    }

    void changes()
    {
        QFETCH(FileWatch::Mode, mode);
        const fs::path root = folder() / QTest::currentDataTag();
        fs::create_directories(root);
        const fs::path file = root / "serve.yaml";
        write(file, "a: 1\n");
        Watching w(file, mode);
        const std::vector<int> counts = w.run({
            [] {},  // nothing happens
            [&] { write(file, "a: 2\n"); },  // in place, same size
            [&] {  // an editor's save: a new file renamed over the old one
                write(root / "serve.yaml.tmp", "a: 33\n");
                fs::rename(root / "serve.yaml.tmp", file);
            },
            [&] { write(root / "other.yaml", "b: 1\n"); },  // another file of the folder
            [&] {  // a burst is one change
                for (int i = 0; i < 5; ++i)
                    write(file, "a: " + std::to_string(i) + "\n");
            },
            [&] { fs::remove(file); },
            [&] { write(file, "a: back\n"); },
        });
        QCOMPARE(counts, (std::vector<int>{0, 1, 1, 0, 1, 1, 1}));
    }

    // serve.yaml → ..data/serve.yaml, ..data → a symbolic link to a timestamped folder, swapped
    // to a new one by a rename, as the kubelet updates a ConfigMap volume.
    void symbolicLinkSwapped_data() { changes_data(); }
    void symbolicLinkSwapped()
    {
        QFETCH(FileWatch::Mode, mode);
        const fs::path root = folder() / (std::string("configmap-") + QTest::currentDataTag());
        fs::create_directories(root / "ts1");
        fs::create_directories(root / "ts2");
        write(root / "ts1" / "serve.yaml", "a: 1\n");
        write(root / "ts2" / "serve.yaml", "a: 2\n");
        fs::create_directory_symlink("ts1", root / "..data");
        fs::create_symlink("..data/serve.yaml", root / "serve.yaml");
        Watching w(root / "serve.yaml", mode);
        const std::vector<int> counts = w.run({[&] {
            fs::create_directory_symlink("ts2", root / "..data_tmp");
            fs::rename(root / "..data_tmp", root / "..data");
        }});
        QCOMPARE(counts, std::vector<int>{1});
    }
};

QTEST_GUILESS_MAIN(TestFileWatch)
#include "tst_file_watch.moc"
