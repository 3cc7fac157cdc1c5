// No lost work: an editor process killed in the middle of an edit (SIGKILL: no chance to save or
// clean up) leaves its autosave beside the file, and the next Document that opens the file offers
// the edit back; a save keeps the replaced version as <file>.bak.
//
// The child is this executable run with `--child FILE`: a Document opens FILE, makes an edit,
// autosaves every 50 ms, prints "edited" once the autosave exists and waits to be killed.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

#include "document.h"

using gs::gui::Document;
using gs::gui::DocumentFiles;

namespace {

int runChild(const QString& path)
{
    Document d;
    if (!d.fileOps()->openFile(path))
        return 2;
    d.fileOps()->setAutosaveInterval(50);
    if (!d.edits()->setBackendWeight("httproute/default/traffic-split/rule/0/backend/1", 35))
        return 3;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (QFile::exists(DocumentFiles::autosavePathFor(path))) {
            std::printf("edited\n");
            std::fflush(stdout);
            poll.stop();
        }
    });
    poll.start(10);
    return QCoreApplication::exec();  // killed here
}

QString writeDemo(const QTemporaryDir& dir)
{
    Document demo;
    demo.fileOps()->newFromTemplate("demo");
    const QString path = dir.filePath("shop.yaml");
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(demo.yamlText().toUtf8());
    return path;
}

}  // namespace

class TstCrashRecovery : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void killedMidEditIsRecovered()
    {
        QTemporaryDir dir;
        const QString path = writeDemo(dir);
        QFile original(path);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray before = original.readAll();

        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {"--child", path});
        QVERIFY(child.waitForStarted());
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += child.readAllStandardOutput()).contains("edited") || child.state() != QProcess::Running,
                                 20000);
        QVERIFY2(child.state() == QProcess::Running, child.readAllStandardError().constData());
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished());
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        // The file itself is untouched; the edit waits in the autosave.
        QFile after(path);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), before);
        QVERIFY(QFile::exists(DocumentFiles::autosavePathFor(path)));

        Document d;
        QVERIFY(d.fileOps()->openFile(path));
        QVERIFY(d.fileOps()->recoveryAvailable());
        QVERIFY(!d.yamlText().contains("weight: 35"));
        d.fileOps()->restoreRecovered();
        QVERIFY(d.yamlText().contains("weight: 35"));
        QVERIFY(d.modified());

        // Saving keeps the replaced version as .bak and removes the autosave.
        QVERIFY(d.fileOps()->save());
        QFile backup(DocumentFiles::backupPathFor(path));
        QVERIFY(backup.open(QIODevice::ReadOnly));
        QCOMPARE(backup.readAll(), before);
        QVERIFY(!QFile::exists(DocumentFiles::autosavePathFor(path)));
    }
};

int main(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    if (argc == 3 && QByteArray(argv[1]) == "--child")
        return runChild(QString::fromLocal8Bit(argv[2]));
    TstCrashRecovery test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_crash_recovery.moc"
