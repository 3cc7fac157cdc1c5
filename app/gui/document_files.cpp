// Document: files. A document holds one or more YAML files; saving writes each modified one
// atomically (QSaveFile: a temporary file, fsync, rename), and the workspace (node positions)
// goes beside the first in <name>.gwstudio.json, never into the YAML.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>
#include <QVariantMap>

#include <algorithm>

#include "document.h"
#include "export/exporter.h"

namespace gs::gui {

namespace {

QString localPath(const QString& pathOrUrl)
{
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

bool readText(const QString& path, QString& text, QString& error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        error = QObject::tr("Cannot read %1: %2").arg(path, f.errorString());
        return false;
    }
    text = QString::fromUtf8(f.readAll());
    return true;
}

bool writeAtomically(const QString& path, const QByteArray& bytes, QString& error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        error = QObject::tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

// Keeps the version on disk as "<path>.bak" before a save replaces it, so the previous version
// survives a save the user regrets. Copied (not renamed), so the file itself is never missing.
bool keepBackup(const QString& path, const QByteArray& replacement, QString& error)
{
    QFile current(path);
    if (!current.exists())
        return true;
    if (!current.open(QIODevice::ReadOnly)) {
        error = QObject::tr("Cannot read %1 to back it up: %2").arg(path, current.errorString());
        return false;
    }
    const QByteArray before = current.readAll();
    if (before == replacement)
        return true;
    return writeAtomically(Document::backupPathFor(path), before, error);
}

struct TemplateInfo {
    const char* name;
    const char* title;
    const char* description;
};

constexpr TemplateInfo kTemplates[] = {
    {"plain-http", "Plain HTTP", "One Gateway with an HTTP listener and a route to one Service"},
    {"canary", "Canary 80/20", "A route splitting traffic 80/20 between two versions of a Service"},
    {"tls-terminate", "TLS terminate", "An HTTPS listener terminating TLS with a certificate Secret"},
    {"tls-passthrough", "TLS passthrough", "A TLS listener passing encrypted traffic through to a TLSRoute"},
    {"grpc", "gRPC", "A GRPCRoute matching a service and method"},
    {"cross-namespace", "Cross-namespace", "Infra and app namespaces, with a ReferenceGrant for a backend"},
};

}  // namespace

QVariantList Document::templates() const
{
    QVariantList out;
    for (const TemplateInfo& t : kTemplates)
        out.append(QVariantMap{{"name", t.name}, {"title", tr(t.title)}, {"description", tr(t.description)}});
    return out;
}

void Document::resetTo(std::vector<SourceFile> files, const model::Workspace& workspace)
{
    undo_.clear();
    workspace_ = workspace;
    files_ = std::move(files);
    current_ = 0;
    watch();
    emit changedOnDiskChanged();
    selected_.clear();
    reload();
    undo_.setClean();
    emit filePathChanged();
    emit currentFileChanged();
    emit yamlTextChanged();
    emit selectedIdChanged();
    emit modifiedChanged();
}

// Watches the open files. Saving renames a new file into place, which ends the watch on the old
// one, so the paths are watched afresh after every save and every change.
void Document::watch()
{
    if (!watcher_.files().isEmpty())
        watcher_.removePaths(watcher_.files());
    for (const SourceFile& f : files_)
        if (!f.path.isEmpty())
            watcher_.addPath(f.path);
}

void Document::onFileChanged(const QString& path)
{
    for (SourceFile& file : files_) {
        if (file.path != path)
            continue;
        QFile f(path);
        const bool readable = f.open(QIODevice::ReadOnly);
        const QByteArray bytes = readable ? f.readAll() : QByteArray();
        watch();
        const bool changed = !readable || bytes != file.diskBytes;
        if (changed == file.changedOnDisk)
            return;
        file.changedOnDisk = changed;
        emit changedOnDiskChanged();
        if (changed)
            setMessage(tr("%1 changed on disk").arg(file.fileName()));
        return;
    }
}

bool Document::changedOnDisk() const
{
    return std::any_of(files_.begin(), files_.end(), [](const SourceFile& f) { return f.changedOnDisk; });
}

QString Document::changedOnDiskNames() const
{
    QStringList names;
    for (const SourceFile& f : files_)
        if (f.changedOnDisk)
            names.append(f.fileName());
    return names.join(QStringLiteral(", "));
}

void Document::keepMine()
{
    if (!changedOnDisk())
        return;
    for (SourceFile& f : files_)
        if (f.changedOnDisk) {
            f.changedOnDisk = false;
            f.diskBytes.clear();   // what is on disk is not what we hold: the next save writes it
        }
    undo_.resetClean();   // my version differs from the disk's now: it is unsaved
    emit changedOnDiskChanged();
}

QStringList Document::recentFiles() const
{
    return QSettings().value("recentFiles").toStringList();
}

void Document::remember(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > 8)
        files.removeLast();
    QSettings().setValue("recentFiles", files);
    emit recentFilesChanged();
}

void Document::loadText(const QString& text, const QString& name)
{
    const bool hadRecovery = recoveryAvailable();
    resetTo({SourceFile{{}, name, text.toStdString(), {}, false, {}}}, model::Workspace{});
    if (hadRecovery)
        emit recoveryChanged();
}

bool Document::openFile(const QString& pathOrUrl)
{
    return openFiles({pathOrUrl});
}

bool Document::openFiles(const QStringList& pathsOrUrls)
{
    std::vector<SourceFile> files;
    QString error;
    for (const QString& pathOrUrl : pathsOrUrls) {
        const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
        QString text;
        if (!readText(path, text, error)) {
            setMessage(error);
            return false;
        }
        if (std::none_of(files.begin(), files.end(), [&](const SourceFile& f) { return f.path == path; }))
            files.push_back({path, path, text.toStdString(), text.toUtf8(), false, {}});
    }
    if (files.empty()) {
        setMessage(tr("No file to open"));
        return false;
    }
    model::Workspace workspace;
    QString wsText;
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(files.front().path.toStdString()));
    if (QFileInfo::exists(wsPath) && readText(wsPath, wsText, error)) {
        std::string why;
        if (auto parsed = model::Workspace::fromJson(wsText.toStdString(), why))
            workspace = std::move(*parsed);
        else
            setMessage(tr("Ignored %1: %2").arg(wsPath, QString::fromStdString(why)));
    }
    resetTo(std::move(files), workspace);
    for (const SourceFile& f : files_)
        remember(f.path);
    lookForRecovery();
    return true;
}

bool Document::reloadFromDisk()
{
    return openFiles(filePaths());
}

bool Document::writeWorkspace(QString& error)
{
    model::Workspace saved = workspace_;
    saved.positions.clear();   // only the nodes that exist: deleted objects leave no trace
    for (const GraphNode& n : scene_.nodes())
        if (auto it = workspace_.positions.find(n.id); it != workspace_.positions.end())
            saved.positions.insert(*it);
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(filePath().toStdString()));
    return writeAtomically(wsPath, QByteArray::fromStdString(saved.toJson()), error);
}

bool Document::save()
{
    for (const SourceFile& f : files_)
        if (f.path.isEmpty()) {
            setMessage(tr("Choose where to save %1").arg(f.fileName()));
            return false;
        }
    QString error;
    QStringList written;
    for (SourceFile& f : files_) {
        // Only the files this document changed (or that changed under it) are written.
        if (!f.modified() && !f.changedOnDisk && !f.diskBytes.isNull())
            continue;
        const QByteArray bytes = QByteArray::fromStdString(f.text);
        if (!keepBackup(f.path, bytes, error) || !writeAtomically(f.path, bytes, error)) {
            setMessage(error);
            return false;
        }
        f.diskBytes = bytes;
        f.changedOnDisk = false;
        written.append(f.fileName());
    }
    if (!writeWorkspace(error)) {
        setMessage(error);
        return false;
    }
    undo_.setClean();
    discardAutosave();
    watch();
    emit changedOnDiskChanged();
    setMessage(written.isEmpty() ? tr("Nothing to save") : tr("Saved %1").arg(written.join(QStringLiteral(", "))));
    return true;
}

bool Document::saveAs(const QString& pathOrUrl)
{
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    SourceFile& file = files_[current_];
    const SourceFile previous = file;
    file.path = path;
    file.diskBytes.clear();   // a new file: written whatever it holds
    if (!save()) {
        file = previous;
        return false;
    }
    if (file.name != path) {
        file.name = path;     // the objects' file names change: reload so that they say so
        reload();
    }
    remember(path);
    emit filePathChanged();
    return true;
}

bool Document::exportTo(const QString& pathOrUrl)
{
    if (topology_.diagnostics.hasErrors()) {
        setMessage(tr("Nothing exported: fix the %n error(s) first", nullptr, errorCount()));
        return false;
    }
    const QString path = localPath(pathOrUrl);
    QString error;
    if (!writeAtomically(path, QByteArray::fromStdString(model::exportYaml(topology_.objects)), error)) {
        setMessage(error);
        return false;
    }
    setMessage(tr("Exported %n object(s) to %1", nullptr, objectCount()).arg(path));
    return true;
}

bool Document::newFromTemplate(const QString& name)
{
    QString text, error;
    const QString resource = name == QLatin1String("demo") ? QStringLiteral(":/gatewaystudio/demo/demo.yaml")
                                                           : QStringLiteral(":/gatewaystudio/templates/%1.yaml").arg(name);
    if (!readText(resource, text, error)) {
        setMessage(tr("No template named %1").arg(name));
        return false;
    }
    loadText(text, name + QStringLiteral(".yaml"));
    return true;
}

}  // namespace gs::gui
