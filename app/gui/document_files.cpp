// DocumentFiles: a document holds one or more YAML files; saving writes each modified one
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

#include "document_files.h"

#include "document.h"
#include "export/exporter.h"

namespace gs::gui {

DocumentFiles::DocumentFiles(Document& document) : d_(document)
{
    connect(&watcher_, &QFileSystemWatcher::fileChanged, this, &DocumentFiles::onFileChanged);
    autosave_.setInterval(30'000);
    connect(&autosave_, &QTimer::timeout, this, &DocumentFiles::autosaveNow);
    autosave_.start();
}

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

}  // namespace

bool writeFileAtomically(const QString& path, const QByteArray& bytes, QString& error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        error = QObject::tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

namespace {

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
    return writeFileAtomically(DocumentFiles::backupPathFor(path), before, error);
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

QVariantList DocumentFiles::templates() const
{
    QVariantList out;
    for (const TemplateInfo& t : kTemplates)
        out.append(QVariantMap{{"name", t.name}, {"title", tr(t.title)}, {"description", tr(t.description)}});
    return out;
}

// Watches the open files. Saving renames a new file into place, which ends the watch on the old
// one, so the paths are watched afresh after every save and every change.
void DocumentFiles::watch()
{
    if (!watcher_.files().isEmpty())
        watcher_.removePaths(watcher_.files());
    for (const SourceFile& f : d_.files_)
        if (!f.path.isEmpty())
            watcher_.addPath(f.path);
}

void DocumentFiles::onFileChanged(const QString& path)
{
    for (SourceFile& file : d_.files_) {
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
            d_.setMessage(tr("%1 changed on disk").arg(file.fileName()));
        return;
    }
}

bool DocumentFiles::changedOnDisk() const
{
    return std::any_of(d_.files_.begin(), d_.files_.end(), [](const SourceFile& f) { return f.changedOnDisk; });
}

QString DocumentFiles::changedOnDiskNames() const
{
    QStringList names;
    for (const SourceFile& f : d_.files_)
        if (f.changedOnDisk)
            names.append(f.fileName());
    return names.join(QStringLiteral(", "));
}

void DocumentFiles::keepMine()
{
    if (!changedOnDisk())
        return;
    for (SourceFile& f : d_.files_)
        if (f.changedOnDisk) {
            f.changedOnDisk = false;
            f.diskBytes.clear();  // what is on disk is not what we hold: the next save writes it
        }
    d_.undo_.resetClean();  // my version differs from the disk's now: it is unsaved
    emit changedOnDiskChanged();
}

QStringList DocumentFiles::recentFiles() const { return QSettings().value("recentFiles").toStringList(); }

void DocumentFiles::remember(const QString& path)
{
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > 8)
        files.removeLast();
    QSettings().setValue("recentFiles", files);
    emit recentFilesChanged();
}

void DocumentFiles::rememberFolder(const QString& path) { QSettings().setValue("lastFolder", QFileInfo(path).absolutePath()); }

QString DocumentFiles::lastFolder() const
{
    const QString folder = QSettings().value("lastFolder").toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir())
        return folder;
    for (const SourceFile& f : d_.files_)
        if (!f.path.isEmpty())
            return QFileInfo(f.path).absolutePath();
    return QDir::homePath();
}

QString DocumentFiles::suggestedSavePath() const
{
    const SourceFile& file = d_.files_[d_.current_];
    if (!file.path.isEmpty())
        return file.path;
    return QDir(lastFolder()).filePath(QFileInfo(file.name).fileName());
}

QString DocumentFiles::suggestedExportPath() const
{
    const QFileInfo source(suggestedSavePath());
    const QString folder = d_.files_[d_.current_].path.isEmpty() ? lastFolder() : source.absolutePath();
    return QDir(folder).filePath(source.completeBaseName() + QStringLiteral("-export.yaml"));
}

bool DocumentFiles::openFile(const QString& pathOrUrl) { return openFiles({pathOrUrl}); }

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

bool DocumentFiles::openFiles(const QStringList& pathsOrUrls)
{
    std::vector<SourceFile> files;
    QString error;
    if (!readSourceFiles(pathsOrUrls, files, error)) {
        d_.reportError(error);
        return false;
    }
    if (files.empty()) {
        d_.reportError(tr("No file to open"));
        return false;
    }
    QString warning;
    const model::Workspace workspace = workspaceBeside(files.front().path, warning);
    d_.resetTo(std::move(files), workspace);
    for (const SourceFile& f : d_.files_)
        remember(f.path);
    rememberFolder(d_.files_.front().path);
    if (!warning.isEmpty())
        d_.setMessage(warning);
    lookForRecovery();
    return true;
}

bool DocumentFiles::addFiles(const QStringList& pathsOrUrls)
{
    std::vector<SourceFile> added;
    QString error;
    if (!readSourceFiles(pathsOrUrls, added, error)) {
        d_.reportError(error);
        return false;
    }
    std::erase_if(added, [this](const SourceFile& a) {
        return std::any_of(d_.files_.begin(), d_.files_.end(), [&](const SourceFile& f) { return f.path == a.path; });
    });
    if (added.empty()) {
        d_.reportError(tr("Those files are open already"));
        return false;
    }
    QString warning;
    for (const SourceFile& a : added)
        for (const auto& [id, xy] : workspaceBeside(a.path, warning).positions)
            d_.workspace_.positions.try_emplace(id, xy);  // what is placed here already stays
    const std::size_t first = d_.files_.size();
    QStringList names;
    for (SourceFile& a : added) {
        names.append(a.fileName());
        remember(a.path);
        d_.files_.push_back(std::move(a));
    }
    rememberFolder(d_.files_[first].path);
    watch();
    d_.reload();
    emit d_.filePathChanged();
    emit d_.modifiedChanged();
    d_.setCurrentFile(int(first));
    lookForRecovery();
    d_.setMessage(warning.isEmpty() ? tr("Added %1 to the workspace").arg(names.join(QStringLiteral(", "))) : warning);
    return true;
}

bool DocumentFiles::reloadFromDisk()
{
    const QString names = changedOnDiskNames();
    if (!openFiles(d_.filePaths()))
        return false;
    d_.setMessage(tr("Reloaded %1 from disk").arg(names.isEmpty() ? d_.displayName() : names));
    return true;
}

bool DocumentFiles::writeSourceFile(SourceFile& f)
{
    QString error;
    const QByteArray bytes = QByteArray::fromStdString(f.text);
    if (!keepBackup(f.path, bytes, error) || !writeFileAtomically(f.path, bytes, error)) {
        d_.reportError(error);
        return false;
    }
    f.diskBytes = bytes;
    f.changedOnDisk = false;
    return true;
}

bool DocumentFiles::saveClusterSourceAs(const QString& pathOrUrl)
{
    if (d_.cluster_.name.isEmpty()) {
        d_.reportError(tr("There are no cluster objects to save"));
        return false;
    }
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    if (std::any_of(d_.files_.begin(), d_.files_.end(), [&](const SourceFile& f) { return f.path == path; })) {
        d_.reportError(tr("%1 is open in this workspace; choose another name").arg(path));
        return false;
    }
    SourceFile file{path, path, d_.cluster_.text, {}, false, {}};
    if (!writeSourceFile(file))
        return false;
    const QString context = d_.clusterContext_;
    d_.cluster_ = SourceFile{};
    d_.clusterContext_.clear();
    if (d_.pristine()) {
        d_.resetTo({file}, d_.workspace_);  // the untitled demo gives way, as when files are opened
    } else {
        d_.files_.push_back(file);
        watch();
        d_.reload();
        emit d_.filePathChanged();
        d_.setCurrentFile(int(d_.files_.size() - 1));
    }
    remember(path);
    rememberFolder(path);
    emit d_.clusterSourceChanged();
    d_.setMessage(tr("Saved the objects of cluster %1 as %2; they are editable now").arg(context, file.fileName()));
    return true;
}

int DocumentFiles::firstUntitledFile() const
{
    for (std::size_t i = 0; i < d_.files_.size(); ++i)
        if (d_.files_[i].path.isEmpty())
            return int(i);
    return -1;
}

void DocumentFiles::markSavedWhenAllAre()
{
    QString error;
    if (!d_.files_.front().path.isEmpty() && !d_.writeWorkspace(error))
        d_.reportError(error);
    const bool all = std::none_of(d_.files_.begin(), d_.files_.end(), [](const SourceFile& f) { return f.modified(); });
    if (all) {
        d_.undo_.setClean();
        discardAutosave();
    }
    watch();
    emit changedOnDiskChanged();
}

bool DocumentFiles::save()
{
    QStringList written;
    for (SourceFile& f : d_.files_) {
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
        const QString ask = tr("Choose where to save %1").arg(d_.files_[std::size_t(untitled)].fileName());
        d_.setMessage(saved.isEmpty() ? ask : saved + QStringLiteral(" · ") + ask);
        return false;
    }
    d_.setMessage(written.isEmpty() ? tr("Nothing to save") : saved);
    return true;
}

bool DocumentFiles::saveAs(const QString& pathOrUrl)
{
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    SourceFile& file = d_.files_[d_.current_];
    const SourceFile previous = file;
    file.path = path;
    if (!writeSourceFile(file)) {
        file = previous;
        return false;
    }
    if (file.name != path) {
        file.name = path;  // the objects' file names change: reload so that they say so
        d_.reload();
    }
    remember(path);
    rememberFolder(path);
    markSavedWhenAllAre();
    emit d_.filePathChanged();
    d_.setMessage(tr("Saved %1").arg(file.fileName()));
    return true;
}

bool DocumentFiles::exportTo(const QString& pathOrUrl)
{
    if (d_.topology_.diagnostics.hasErrors()) {
        d_.reportError(tr("Nothing exported: fix the %n error(s) first", nullptr, d_.errorCount()), d_.errorLines());
        return false;
    }
    const QString path = localPath(pathOrUrl);
    QString error;
    if (!writeFileAtomically(path, QByteArray::fromStdString(model::exportYaml(d_.topology_.objects)), error)) {
        d_.reportError(error);
        return false;
    }
    rememberFolder(path);
    d_.setMessage(tr("Exported %n object(s) to %1", nullptr, d_.objectCount()).arg(path));
    return true;
}

bool DocumentFiles::newFromTemplate(const QString& name)
{
    QString text, error;
    const QString resource = name == QLatin1String("demo") ? QStringLiteral(":/gatewaystudio/demo/demo.yaml")
                                                           : QStringLiteral(":/gatewaystudio/templates/%1.yaml").arg(name);
    if (!readText(resource, text, error)) {
        d_.reportError(tr("No template named %1").arg(name));
        return false;
    }
    d_.loadText(text, name + QStringLiteral(".yaml"));
    return true;
}

}  // namespace gs::gui
