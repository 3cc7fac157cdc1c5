// Document: autosave and recovery. Unsaved edits of a file go to "<dir>/.<name>.autosave" every
// autosaveInterval; a save (or the user discarding the edits) removes it. When a file is opened
// and an autosave beside it holds something else, the edits are offered back: the application
// crashed, or was killed, before they were saved.
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include "document.h"

namespace gs::gui {

QString Document::autosavePathFor(const QString& path)
{
    const QFileInfo info(path);
    return info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".autosave");
}

void Document::setAutosaveInterval(int ms)
{
    if (ms == autosave_.interval() || ms <= 0)
        return;
    autosave_.start(ms);
    emit autosaveIntervalChanged();
}

void Document::autosaveNow()
{
    if (path_.isEmpty() || !modified())
        return;
    QSaveFile f(autosavePathFor(path_));
    if (f.open(QIODevice::WriteOnly) && f.write(text_.toUtf8()) >= 0)
        f.commit();
}

void Document::discardAutosave()
{
    if (!path_.isEmpty())
        QFile::remove(autosavePathFor(path_));
}

void Document::lookForRecovery()
{
    const bool had = !recovered_.isEmpty();
    recovered_.clear();
    QFile f(autosavePathFor(path_));
    if (!path_.isEmpty() && f.open(QIODevice::ReadOnly)) {
        const QString text = QString::fromUtf8(f.readAll());
        if (text != text_)
            recovered_ = text;
        else
            QFile::remove(f.fileName());   // nothing in it that the file does not have
    }
    if (had || !recovered_.isEmpty())
        emit recoveryChanged();
    if (!recovered_.isEmpty())
        setMessage(tr("Unsaved edits of %1 from an earlier session can be restored").arg(displayName()));
}

void Document::restoreRecovered()
{
    if (recovered_.isEmpty())
        return;
    const std::string text = recovered_.toStdString();
    recovered_.clear();
    emit recoveryChanged();
    pushText(text, tr("Restore unsaved edits"));
}

void Document::discardRecovered()
{
    if (recovered_.isEmpty())
        return;
    recovered_.clear();
    discardAutosave();
    emit recoveryChanged();
}

}  // namespace gs::gui
