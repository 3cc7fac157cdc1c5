#include "notices.h"

#include <QMetaObject>
#include <QPointer>
#include <QRegularExpression>
#include <QThread>
#include <QCoreApplication>

namespace gs::gui {

namespace {

QPointer<Notices> g_current;  // the window's notices (GUI thread only)
QtMessageHandler g_previous = nullptr;

// Errors of the window's own scripts: a JavaScript exception in a QML handler or binding.
bool isScriptError(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtWarningMsg && type != QtCriticalMsg)
        return false;
    static const QRegularExpression kErrors(QStringLiteral("\\b(TypeError|ReferenceError|RangeError|SyntaxError)\\b"));
    const QString file = QString::fromUtf8(context.file ? context.file : "");
    return (file.endsWith(QLatin1String(".qml")) || message.contains(QLatin1String(".qml:"))) &&
        kErrors.match(message).hasMatch();
}

void handleMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (g_previous)
        g_previous(type, context, message);
    // The window's scripts run on the GUI thread; messages of other threads are not theirs (and
    // g_current belongs to the GUI thread).
    const QCoreApplication* app = QCoreApplication::instance();
    if (!app || QThread::currentThread() != app->thread() || !isScriptError(type, context, message) || !g_current)
        return;
    // Queued: the handler may run inside the failing binding.
    QMetaObject::invokeMethod(
        g_current.data(),
        [message] {
            if (g_current)
                g_current->report(QObject::tr("A script of the window failed: what it was doing may not have happened"),
                                  {message});
        },
        Qt::QueuedConnection);
}

}  // namespace

Notices::Notices(QObject* parent) : QObject(parent) { g_current = this; }

Notices::~Notices() = default;

void Notices::report(const QString& text, const QStringList& details, const QString& severity, const QString& source)
{
    if (text.isEmpty())
        return;
    text_ = text;
    details_ = details;
    severity_ = severity;
    source_ = source;
    ++count_;
    emit changed();
}

void Notices::dismissFrom(const QString& source)
{
    if (!text_.isEmpty() && source_ == source)
        dismiss();
}

void Notices::dismiss()
{
    if (text_.isEmpty())
        return;
    text_.clear();
    details_.clear();
    emit changed();
}

void Notices::install()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    g_previous = qInstallMessageHandler(handleMessage);
}

}  // namespace gs::gui
