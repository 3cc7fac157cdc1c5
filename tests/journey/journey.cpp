#include "journey.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QQuickWindow>
#include <QScreen>
#include <QtTest>

#include <cstdlib>

#include "document.h"

namespace journey {

namespace {

// The name of an item as QML gives it: its own objectName, or for a popup's item (a Dialog, a
// Menu) the popup's.
QString nameOf(QQuickItem* item)
{
    if (!item->objectName().isEmpty())
        return item->objectName();
    QObject* owner = item->parent();
    return owner && !qobject_cast<QQuickItem*>(owner) && owner->inherits("QQuickPopup") ? owner->objectName() : QString();
}

void collect(QQuickItem* item, const std::function<bool(QQuickItem*)>& match, QList<QQuickItem*>& out)
{
    if (!item || !item->isVisible())
        return;
    if (match(item))
        out.append(item);
    for (QQuickItem* child : item->childItems())
        collect(child, match, out);
}

}  // namespace

Journey::Journey() = default;

Journey::~Journey() { close(); }

bool Journey::open(const gs::gui::EditorOptions& options, QSize size)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") || QGuiApplication::platformName() != QLatin1String("xcb")) {
        qWarning("journey: needs an X server and the xcb platform; run it through tests/journey/run_in_x.sh");
        return false;
    }
    QString error;
    editor_ = gs::gui::EditorWindow::open(options, error);
    if (!editor_) {
        qWarning("journey: the editor did not open: %s", qPrintable(error));
        return false;
    }
    QQuickWindow* w = window();
    w->resize(size);
    w->setPosition(40, 40);
    w->show();
    w->raise();
    w->requestActivate();
    if (!QTest::qWaitForWindowExposed(w, 10000) || !QTest::qWaitForWindowActive(w, 10000)) {
        qWarning("journey: the window was not shown and activated");
        return false;
    }
    return waitFor([&] { return w->size() == size; }) && (settle(300), true);
}

void Journey::close()
{
    if (!editor_)
        return;
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->isVisible())
            w->close();
    editor_.reset();
    settle(50);
}

bool Journey::resize(QSize size)
{
    window()->resize(size);
    const bool ok = waitFor([&] { return window()->size() == size; });
    settle(300);  // layouts, the canvas's fit
    return ok;
}

QQuickItem* Journey::item(const QString& objectName) const
{
    QList<QQuickItem*> found;
    collect(
        window()->contentItem(), [&](QQuickItem* i) { return nameOf(i) == objectName; }, found);
    return found.isEmpty() ? nullptr : found.front();
}

QQuickItem* Journey::waitItem(const QString& objectName, int ms) const
{
    QQuickItem* found = nullptr;
    waitFor([&] { return (found = item(objectName)) != nullptr; }, ms);
    return found;
}

QList<QQuickItem*> Journey::items(const QString& prefix) const
{
    QList<QQuickItem*> found;
    collect(
        window()->contentItem(), [&](QQuickItem* i) { return prefix.isEmpty() || nameOf(i).startsWith(prefix); }, found);
    return found;
}

QPoint Journey::globalOf(QQuickItem* item, QPointF local) const
{
    if (local.x() < 0)
        local = QPointF(item->width() / 2, item->height() / 2);
    const QPointF global = item->mapToGlobal(local);
    const qreal ratio = item->window() ? item->window()->devicePixelRatio() : 1.0;
    return (global * ratio).toPoint();
}

bool Journey::xdotool(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral("xdotool"), arguments);
    if (!p.waitForStarted(5000)) {
        qWarning("journey: xdotool did not start (is it installed?)");
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (p.state() != QProcess::NotRunning && clock.elapsed() < 15000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        p.waitForFinished(5);
    }
    if (p.state() != QProcess::NotRunning || p.exitCode() != 0) {
        qWarning("journey: xdotool %s failed: %s", qPrintable(arguments.join(' ')), p.readAllStandardError().constData());
        return false;
    }
    settle();
    return true;
}

static QStringList withModifiers(const QString& modifiers, QStringList action)
{
    if (modifiers.isEmpty())
        return action;
    QStringList out{QStringLiteral("keydown"), modifiers};
    out += action;
    out += QStringList{QStringLiteral("keyup"), modifiers};
    return out;
}

bool Journey::clickAtGlobal(QPoint global, const QString& modifiers)
{
    return xdotool(withModifiers(
        modifiers, {"mousemove", QString::number(global.x()), QString::number(global.y()), "sleep", "0.05", "click", "1"}));
}

bool Journey::click(QQuickItem* item, QPointF local, const QString& modifiers)
{
    if (!item) {
        qWarning("journey: nothing to click");
        return false;
    }
    return clickAtGlobal(globalOf(item, local), modifiers);
}

bool Journey::click(QWidget* widget, QPoint local, const QString& modifiers)
{
    if (!widget) {
        qWarning("journey: nothing to click");
        return false;
    }
    if (local.x() < 0)
        local = widget->rect().center();
    const qreal ratio = widget->devicePixelRatioF();
    return clickAtGlobal((QPointF(widget->mapToGlobal(local)) * ratio).toPoint(), modifiers);
}

bool Journey::rightClick(QQuickItem* item, QPointF local)
{
    if (!item) {
        qWarning("journey: nothing to right-click");
        return false;
    }
    const QPoint p = globalOf(item, local);
    return xdotool({"mousemove", QString::number(p.x()), QString::number(p.y()), "sleep", "0.05", "click", "3"});
}

bool Journey::doubleClick(QQuickItem* item, QPointF local)
{
    const QPoint p = globalOf(item, local);
    return xdotool({"mousemove", QString::number(p.x()), QString::number(p.y()), "sleep", "0.05", "click", "--repeat", "2", "1"});
}

bool Journey::wheel(QQuickItem* item, QPointF local, int notches)
{
    const QPoint p = globalOf(item, local);
    return xdotool({"mousemove", QString::number(p.x()), QString::number(p.y()), "sleep", "0.05", "click", "--repeat",
                    QString::number(std::abs(notches)), "--delay", "40", notches > 0 ? "4" : "5"});
}

bool Journey::moveTo(QPoint global)
{
    return xdotool({"mousemove", QString::number(global.x()), QString::number(global.y()), "sleep", "0.05"});
}

bool Journey::drag(QQuickItem* from, QPointF fromLocal, QQuickItem* to, QPointF toLocal)
{
    const QPoint a = globalOf(from, fromLocal), b = globalOf(to, toLocal);
    QStringList args{"mousemove", QString::number(a.x()), QString::number(a.y()), "sleep", "0.05", "mousedown", "1"};
    for (int i = 1; i <= 12; ++i) {
        const QPoint p = a + (b - a) * i / 12;
        args += QStringList{"sleep", "0.03", "mousemove", QString::number(p.x()), QString::number(p.y())};
    }
    args += QStringList{"sleep", "0.05", "mouseup", "1"};
    return xdotool(args);
}

bool Journey::key(const QString& keys) { return xdotool({"key", "--clearmodifiers", "--delay", "30", keys}); }

bool Journey::type(const QString& text)
{
    // A newline is the Return key (xdotool would type a Linefeed, which Qt's fields ignore).
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (!lines[i].isEmpty() && !xdotool({"type", "--delay", "15", "--", lines[i]}))
            return false;
        if (i + 1 < lines.size() && !key(QStringLiteral("Return")))
            return false;
    }
    return true;
}

QFileDialog* Journey::fileDialog(int ms) const
{
    QFileDialog* found = nullptr;
    waitFor(
        [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* d = qobject_cast<QFileDialog*>(w); d && d->isVisible() && d->isActiveWindow())
                    found = d;
            return found != nullptr;
        },
        ms);
    return found;
}

bool Journey::typeFileName(QFileDialog* dialog, const QString& path)
{
    auto* field = dialog->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
    if (!field) {
        qWarning("journey: the file dialog has no file name field");
        return false;
    }
    if (!click(field) || !key(QStringLiteral("ctrl+a")) || !type(path))
        return false;
    // The name field completes what was typed in a popup; a person closes it before the button.
    settle(200);
    if (QApplication::activePopupWidget())
        return key(QStringLiteral("Escape")) && waitFor([] { return !QApplication::activePopupWidget(); });
    return true;
}

QAbstractButton* Journey::button(QWidget* parent, const QString& text)
{
    for (QAbstractButton* b : parent->findChildren<QAbstractButton*>())
        if (b->isVisible() && b->text().remove(QLatin1Char('&')) == QString(text).remove(QLatin1Char('&')))
            return b;
    return nullptr;
}

QWidget* Journey::messageBox(int ms) const
{
    QWidget* found = nullptr;
    waitFor(
        [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible())
                    found = box;
            return found != nullptr;
        },
        ms);
    return found;
}

void Journey::settle(int ms) { QTest::qWait(ms); }

bool Journey::waitFor(const std::function<bool()>& condition, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > ms)
            return false;
        QTest::qWait(20);
    }
    return true;
}

QImage Journey::screenshot(const QString& name) const
{
    settle(150);
    // The window with its frame, and any dialog of the application beside it.
    QRect area = window()->frameGeometry();
    for (QWidget* w : QApplication::topLevelWidgets())
        if (w->isVisible())
            area = area.united(w->frameGeometry());
    const QImage image =
        QGuiApplication::primaryScreen()->grabWindow(0, area.x(), area.y(), area.width(), area.height()).toImage();
    const QString folder = qEnvironmentVariable("GWS_JOURNEY_SHOTS");
    if (!folder.isEmpty()) {
        QDir().mkpath(folder);
        image.save(QDir(folder).filePath(name + QStringLiteral(".png")));
    }
    return image;
}

bool showsWholeText(QQuickItem* text)
{
    if (!text)
        return false;
    if (text->property("truncated").toBool())
        return false;
    const qreal contentWidth = text->property("contentWidth").toReal();
    return contentWidth <= text->width() + 0.5;
}

namespace {

QString whereIs(QQuickItem* item)
{
    for (QQuickItem* i = item; i; i = i->parentItem())
        if (!i->objectName().isEmpty())
            return i->objectName();
    return QStringLiteral("?");
}

bool shown(QQuickItem* item)
{
    for (QQuickItem* i = item; i; i = i->parentItem())
        if (!i->isVisible() || i->opacity() <= 0.01)
            return false;
    return true;
}

// Why `text` cannot be read whole, or "".
QString whyCut(QQuickItem* text)
{
    const QRectF box = windowRect(text);
    if (box.width() <= 0 || box.height() <= 0)
        return {};
    if (text->property("truncated").toBool())
        return QStringLiteral("elided");
    const qreal content = text->property("contentWidth").toReal();
    const bool wraps = text->property("wrapMode").toInt() != 0;
    if (content > text->width() + 1)
        return wraps ? QStringLiteral("a word wider than its box") : QStringLiteral("wider than its box");
    // The part that has ink: from the left edge, as wide as the text (alignment aside).
    const QRectF ink(box.left(), box.top(), std::min(box.width(), content * box.width() / std::max<qreal>(1, text->width())),
                     box.height());
    if (QQuickWindow* w = text->window(); w && ink.right() > w->width() + 1)
        return QStringLiteral("past the window's edge");
    // Each panel is a boundary too: what runs past it is under its neighbour.
    for (QQuickItem* a = text->parentItem(); a; a = a->parentItem()) {
        if (!a->clip() && !a->objectName().endsWith(QLatin1String("Panel")))
            continue;
        const QRectF clip = windowRect(a);
        const bool rowInView = ink.bottom() > clip.top() && ink.top() < clip.bottom();
        if (rowInView && (ink.left() < clip.left() - 1 || ink.right() > clip.right() + 1))
            return QStringLiteral("cut by ") + whereIs(a);
    }
    return {};
}

void findCut(QQuickItem* item, QStringList& out)
{
    if (!item || !item->isVisible() || item->opacity() <= 0.01 || item->objectName() == QLatin1String("graphCanvas"))
        return;
    if (item->inherits("QQuickText") && !item->property("mayElide").toBool() && shown(item)) {
        const QString text = item->property("text").toString();
        if (!text.trimmed().isEmpty())
            if (const QString why = whyCut(item); !why.isEmpty())
                out.append(QStringLiteral("%1 '%2': %3").arg(whereIs(item), text.left(48), why));
    }
    for (QQuickItem* child : item->childItems())
        findCut(child, out);
}

}  // namespace

QStringList cutTexts(QQuickItem* root)
{
    QStringList out;
    findCut(root, out);
    return out;
}

QRectF windowRect(QQuickItem* item) { return item->mapRectToScene(QRectF(0, 0, item->width(), item->height())); }

QString textOf(const Journey& j, const QString& objectName)
{
    QQuickItem* i = j.item(objectName);
    return i ? i->property("text").toString() : QString();
}

bool retype(Journey& j, const QString& objectName, const QString& text)
{
    QQuickItem* field = j.waitItem(objectName);
    return field && j.click(field) && j.key("ctrl+a") && j.type(text) && j.key("Tab");
}

}  // namespace journey
