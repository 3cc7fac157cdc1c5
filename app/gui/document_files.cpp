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
    {"mirror", "Shadow traffic", "A route answered by v1 with a copy of every request mirrored to v2"},
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
    selection_->clearForReset();
    reload();
    undo_.setClean();
    emit filePathChanged();
    emit currentFileChanged();
    emit yamlTextChanged();
    emit selection_->currentChanged();  // cleared above, announced with the new files
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
            f.diskBytes.clear();  // what is on disk is not what we hold: the next save writes it
        }
    undo_.resetClean();  // my version differs from the disk's now: it is unsaved
    emit changedOnDiskChanged();
}

QStringList Document::recentFiles() const { return QSettings().value("recentFiles").toStringList(); }

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

void Document::rememberFolder(const QString& path) { QSettings().setValue("lastFolder", QFileInfo(path).absolutePath()); }

QString Document::lastFolder() const
{
    const QString folder = QSettings().value("lastFolder").toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir())
        return folder;
    for (const SourceFile& f : files_)
        if (!f.path.isEmpty())
            return QFileInfo(f.path).absolutePath();
    return QDir::homePath();
}

QString Document::suggestedSavePath() const
{
    const SourceFile& file = files_[current_];
    if (!file.path.isEmpty())
        return file.path;
    return QDir(lastFolder()).filePath(QFileInfo(file.name).fileName());
}

QString Document::suggestedExportPath() const
{
    const QFileInfo source(suggestedSavePath());
    const QString folder = files_[current_].path.isEmpty() ? lastFolder() : source.absolutePath();
    return QDir(folder).filePath(source.completeBaseName() + QStringLiteral("-export.yaml"));
}

bool Document::pristine() const
{
    return !modified() && std::all_of(files_.begin(), files_.end(), [](const SourceFile& f) { return f.path.isEmpty(); });
}

void Document::loadText(const QString& text, const QString& name)
{
    const bool hadRecovery = recoveryAvailable();
    resetTo({SourceFile{{}, name, text.toStdString(), {}, false, {}}}, model::Workspace{});
    if (hadRecovery)
        emit recoveryChanged();
}

bool Document::openFile(const QString& pathOrUrl) { return openFiles({pathOrUrl}); }

// Reads the files named (paths or file: URLs), each once; false and `error` on the first that
// cannot be read.
static bool readSourceFiles(const QStringList& pathsOrUrls, std::vector<SourceFile>& files, QString& error)
{
    for (const QString& pathOrUrl : pathsOrUrls) {
        const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
        QString text;
        if (!readText(path, text, error))
            return false;
        if (std::none_of(files.begin(), files.end(), [&](const SourceFile& f) { return f.path == path; }))
            files.push_back({path, path, text.toStdString(), text.toUtf8(), false, {}});
    }
    return true;
}

// The workspace saved beside `file` (positions, bindings), or an empty one; `warning` says why one
// that exists was ignored.
static model::Workspace workspaceBeside(const QString& file, QString& warning)
{
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(file.toStdString()));
    QString wsText, error;
    if (!QFileInfo::exists(wsPath))
        return {};
    if (!readText(wsPath, wsText, error)) {
        warning = error;
        return {};
    }
    std::string why;
    if (auto parsed = model::Workspace::fromJson(wsText.toStdString(), why))
        return std::move(*parsed);
    warning = QObject::tr("Ignored %1: %2").arg(wsPath, QString::fromStdString(why));
    return {};
}

bool Document::openFiles(const QStringList& pathsOrUrls)
{
    std::vector<SourceFile> files;
    QString error;
    if (!readSourceFiles(pathsOrUrls, files, error)) {
        reportError(error);
        return false;
    }
    if (files.empty()) {
        reportError(tr("No file to open"));
        return false;
    }
    QString warning;
    const model::Workspace workspace = workspaceBeside(files.front().path, warning);
    resetTo(std::move(files), workspace);
    for (const SourceFile& f : files_)
        remember(f.path);
    rememberFolder(files_.front().path);
    if (!warning.isEmpty())
        setMessage(warning);
    lookForRecovery();
    return true;
}

bool Document::addFiles(const QStringList& pathsOrUrls)
{
    std::vector<SourceFile> added;
    QString error;
    if (!readSourceFiles(pathsOrUrls, added, error)) {
        reportError(error);
        return false;
    }
    std::erase_if(added, [this](const SourceFile& a) {
        return std::any_of(files_.begin(), files_.end(), [&](const SourceFile& f) { return f.path == a.path; });
    });
    if (added.empty()) {
        reportError(tr("Those files are open already"));
        return false;
    }
    QString warning;
    for (const SourceFile& a : added)
        for (const auto& [id, xy] : workspaceBeside(a.path, warning).positions)
            workspace_.positions.try_emplace(id, xy);  // what is placed here already stays
    const std::size_t first = files_.size();
    QStringList names;
    for (SourceFile& a : added) {
        names.append(a.fileName());
        remember(a.path);
        files_.push_back(std::move(a));
    }
    rememberFolder(files_[first].path);
    watch();
    reload();
    emit filePathChanged();
    emit modifiedChanged();
    setCurrentFile(int(first));
    lookForRecovery();
    setMessage(warning.isEmpty() ? tr("Added %1 to the workspace").arg(names.join(QStringLiteral(", "))) : warning);
    return true;
}

bool Document::reloadFromDisk()
{
    const QString names = changedOnDiskNames();
    if (!openFiles(filePaths()))
        return false;
    setMessage(tr("Reloaded %1 from disk").arg(names.isEmpty() ? displayName() : names));
    return true;
}

bool Document::writeWorkspace(QString& error)
{
    model::Workspace saved = workspace_;
    saved.positions.clear();  // only the nodes that exist: deleted objects leave no trace
    for (const GraphNode& n : scene_.nodes())
        if (auto it = workspace_.positions.find(n.id); it != workspace_.positions.end())
            saved.positions.insert(*it);
    const QString wsPath = QString::fromStdString(model::Workspace::pathFor(filePath().toStdString()));
    return writeAtomically(wsPath, QByteArray::fromStdString(saved.toJson()), error);
}

bool Document::keepWorkspace(const QString& message, ReloadAfter reloadAfter)
{
    QString error;
    const bool written = filePath().isEmpty() || writeWorkspace(error);
    if (!written)
        reportError(error);
    else if (!message.isEmpty())
        setMessage(message);
    if (reloadAfter == ReloadAfter::Yes)
        reload();
    return written;
}

bool Document::writeSourceFile(SourceFile& f)
{
    QString error;
    const QByteArray bytes = QByteArray::fromStdString(f.text);
    if (!keepBackup(f.path, bytes, error) || !writeAtomically(f.path, bytes, error)) {
        reportError(error);
        return false;
    }
    f.diskBytes = bytes;
    f.changedOnDisk = false;
    return true;
}

bool Document::saveClusterSourceAs(const QString& pathOrUrl)
{
    if (cluster_.name.isEmpty()) {
        reportError(tr("There are no cluster objects to save"));
        return false;
    }
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    if (std::any_of(files_.begin(), files_.end(), [&](const SourceFile& f) { return f.path == path; })) {
        reportError(tr("%1 is open in this workspace; choose another name").arg(path));
        return false;
    }
    SourceFile file{path, path, cluster_.text, {}, false, {}};
    if (!writeSourceFile(file))
        return false;
    const QString context = clusterContext_;
    cluster_ = SourceFile{};
    clusterContext_.clear();
    if (pristine()) {
        resetTo({file}, workspace_);  // the untitled demo gives way, as when files are opened
    } else {
        files_.push_back(file);
        watch();
        reload();
        emit filePathChanged();
        setCurrentFile(int(files_.size() - 1));
    }
    remember(path);
    rememberFolder(path);
    emit clusterSourceChanged();
    setMessage(tr("Saved the objects of cluster %1 as %2; they are editable now").arg(context, file.fileName()));
    return true;
}

int Document::firstUntitledFile() const
{
    for (std::size_t i = 0; i < files_.size(); ++i)
        if (files_[i].path.isEmpty())
            return int(i);
    return -1;
}

void Document::markSavedWhenAllAre()
{
    QString error;
    if (!files_.front().path.isEmpty() && !writeWorkspace(error))
        reportError(error);
    const bool all = std::none_of(files_.begin(), files_.end(), [](const SourceFile& f) { return f.modified(); });
    if (all) {
        undo_.setClean();
        discardAutosave();
    }
    watch();
    emit changedOnDiskChanged();
}

bool Document::save()
{
    QStringList written;
    for (SourceFile& f : files_) {
        // The files with a name that this document changed (or that changed under it).
        if (f.path.isEmpty() || (!f.modified() && !f.changedOnDisk && !f.diskBytes.isNull()))
            continue;
        if (!writeSourceFile(f))
            return false;
        written.append(f.fileName());
    }
    markSavedWhenAllAre();
    const QString saved = written.isEmpty() ? QString() : tr("Saved %1").arg(written.join(QStringLiteral(", ")));
    if (const int untitled = firstUntitledFile(); untitled >= 0) {
        const QString ask = tr("Choose where to save %1").arg(files_[std::size_t(untitled)].fileName());
        setMessage(saved.isEmpty() ? ask : saved + QStringLiteral(" · ") + ask);
        return false;
    }
    setMessage(written.isEmpty() ? tr("Nothing to save") : saved);
    return true;
}

bool Document::saveAs(const QString& pathOrUrl)
{
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    SourceFile& file = files_[current_];
    const SourceFile previous = file;
    file.path = path;
    if (!writeSourceFile(file)) {
        file = previous;
        return false;
    }
    if (file.name != path) {
        file.name = path;  // the objects' file names change: reload so that they say so
        reload();
    }
    remember(path);
    rememberFolder(path);
    markSavedWhenAllAre();
    emit filePathChanged();
    setMessage(tr("Saved %1").arg(file.fileName()));
    return true;
}

bool Document::exportTo(const QString& pathOrUrl)
{
    if (topology_.diagnostics.hasErrors()) {
        reportError(tr("Nothing exported: fix the %n error(s) first", nullptr, errorCount()), errorLines());
        return false;
    }
    const QString path = localPath(pathOrUrl);
    QString error;
    if (!writeAtomically(path, QByteArray::fromStdString(model::exportYaml(topology_.objects)), error)) {
        reportError(error);
        return false;
    }
    rememberFolder(path);
    setMessage(tr("Exported %n object(s) to %1", nullptr, objectCount()).arg(path));
    return true;
}

bool Document::newFromTemplate(const QString& name)
{
    QString text, error;
    const QString resource = name == QLatin1String("demo") ? QStringLiteral(":/gatewaystudio/demo/demo.yaml")
                                                           : QStringLiteral(":/gatewaystudio/templates/%1.yaml").arg(name);
    if (!readText(resource, text, error)) {
        reportError(tr("No template named %1").arg(name));
        return false;
    }
    loadText(text, name + QStringLiteral(".yaml"));
    return true;
}

}  // namespace gs::gui
