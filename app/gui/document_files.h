#pragma once
// A Document's files on disk (`document.files` in QML): opening (one file, several as one
// workspace, or more added to it), saving each modified file atomically with a backup of the
// version it replaces, Save as, export, templates, the files changed on disk by someone else,
// recent files and folders, and autosave with crash recovery. The texts, the undo stack and the
// reload stay the Document's; this object reads and writes them (a friend of the Document, for its
// files and workspace). Every function that can fail returns false and reports why
// (Document::reportError).

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace gs::gui {

class Document;
struct SourceFile;

// Writes `bytes` to `path` through a temporary file, fsync and rename (QSaveFile).
bool writeFileAtomically(const QString& path, const QByteArray& bytes, QString& error);

class DocumentFiles : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A Document's files: document.files")
    // True when a file changed on disk since it was opened or saved, by someone else; which ones.
    Q_PROPERTY(bool changedOnDisk READ changedOnDisk NOTIFY changedOnDiskChanged)
    Q_PROPERTY(QString changedOnDiskNames READ changedOnDiskNames NOTIFY changedOnDiskChanged)
    // The files opened or saved last, most recent first (kept in QSettings).
    Q_PROPERTY(QStringList recentFiles READ recentFiles NOTIFY recentFilesChanged)
    // Unsaved edits are written to an autosave file beside the YAML every `autosaveInterval` ms;
    // opening a file whose autosave differs from it offers them back (after a crash).
    Q_PROPERTY(bool recoveryAvailable READ recoveryAvailable NOTIFY recoveryChanged)
    Q_PROPERTY(int autosaveInterval READ autosaveInterval WRITE setAutosaveInterval NOTIFY autosaveIntervalChanged)
    Q_PROPERTY(QVariantList templates READ templates CONSTANT)

public:
    explicit DocumentFiles(Document& document);

    // openFiles loads several files into one document (objects, status and graph over their union).
    Q_INVOKABLE bool openFile(const QString& pathOrUrl);
    Q_INVOKABLE bool openFiles(const QStringList& pathsOrUrls);
    // Adds files to this workspace (after the open ones): their objects join the graph, status and
    // problems, each staying in its file; positions saved beside them are kept. Not an undo step
    // (earlier steps still undo the files they changed). False, changing nothing, when one cannot
    // be read.
    Q_INVOKABLE bool addFiles(const QStringList& pathsOrUrls);
    // Reads every file again, dropping the edits made here (the changed-on-disk bar's Reload).
    Q_INVOKABLE bool reloadFromDisk();
    // Writes each modified file that has a name (and the workspace beside the first); false when
    // one could not be written, or when an untitled file is left for Save as (firstUntitledFile).
    Q_INVOKABLE bool save();
    // Saves the current file (only it) under a new name.
    Q_INVOKABLE bool saveAs(const QString& pathOrUrl);
    Q_INVOKABLE bool exportTo(const QString& pathOrUrl);
    Q_INVOKABLE bool newFromTemplate(const QString& name);
    // The first file without a name yet (a template, text loaded in), or -1.
    Q_INVOKABLE int firstUntitledFile() const;
    // Where Save as proposes to write the current file: its own path, or for an untitled file its
    // own name ("tls-passthrough.yaml" for that template) in the folder last used; never the name of
    // another file. Export proposes "<name>-export.yaml" beside it.
    Q_INVOKABLE QString suggestedSavePath() const;
    Q_INVOKABLE QString suggestedExportPath() const;
    // The folder of the last file opened, saved or exported (the home folder at first).
    Q_INVOKABLE QString lastFolder() const;
    // Writes the cluster source as a YAML file (asking first is the caller's) and makes it a file
    // of this workspace: editable, saved and autosaved like the others.
    Q_INVOKABLE bool saveClusterSourceAs(const QString& pathOrUrl);

    bool changedOnDisk() const;
    QString changedOnDiskNames() const;
    // Keeps my version: forgets that files changed on disk (the next save overwrites them).
    Q_INVOKABLE void keepMine();
    QStringList recentFiles() const;
    QVariantList templates() const;

    bool recoveryAvailable() const;
    int autosaveInterval() const { return autosave_.interval(); }
    void setAutosaveInterval(int ms);
    // Restores the recovered edits of every file (one undo step), or throws them away.
    Q_INVOKABLE void restoreRecovered();
    Q_INVOKABLE void discardRecovered();
    // Removes the autosave files: the user chose to drop the unsaved edits.
    Q_INVOKABLE void discardAutosave();
    // "<dir>/.<name>.autosave" for "<dir>/<name>".
    static QString autosavePathFor(const QString& path);
    // "<path>.bak": the version a save replaced.
    static QString backupPathFor(const QString& path) { return path + QStringLiteral(".bak"); }

    // Watches the open files afresh (after they were replaced, added or saved).
    void watch();

signals:
    void changedOnDiskChanged();
    void recentFilesChanged();
    void recoveryChanged();
    void autosaveIntervalChanged();

private:
    void onFileChanged(const QString& path);
    void remember(const QString& path);
    void rememberFolder(const QString& path);
    bool writeSourceFile(SourceFile& file);
    // After a save: the workspace written, and the document clean when every file is on disk.
    void markSavedWhenAllAre();
    void autosaveNow();
    void lookForRecovery();

    Document& d_;
    QFileSystemWatcher watcher_;
    QTimer autosave_;
};

}  // namespace gs::gui
