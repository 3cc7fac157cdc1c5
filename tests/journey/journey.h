#pragma once
// A journey: the editor in a real X window (Xvfb, the xcb platform, a window manager), driven by
// real input from outside the process (xdotool moves the pointer, clicks and types through the X
// server, as a person's mouse and keyboard do), and looked at in-process: the items a person
// sees, their geometry, the Document behind them, and screenshots of the whole screen.
//
// run_in_x.sh starts the X server and the window manager; without them (no DISPLAY, or another
// platform) the journey fails with a message that says what is missing.

#include <QFileDialog>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QSize>
#include <QString>

#include <functional>
#include <memory>

#include "editor_window.h"

class QAbstractButton;

namespace journey {

class Journey {
public:
    Journey();
    ~Journey();

    // Opens the editor at `size` (client area) and waits until it is shown, exposed and active.
    // False with a QTest failure message when it could not.
    bool open(const gs::gui::EditorOptions& options, QSize size);
    void close();
    gs::gui::EditorWindow& editor() { return *editor_; }
    gs::gui::Document& document() { return editor_->document(); }
    QQuickWindow* window() const { return editor_->window(); }

    // Resizes the window's client area and waits for the new size.
    bool resize(QSize size);

    // The visible item named `objectName` (in the window, its popups included), or null.
    QQuickItem* item(const QString& objectName) const;
    // Waits up to `ms` for it.
    QQuickItem* waitItem(const QString& objectName, int ms = 5000) const;
    // Every visible item whose objectName starts with `prefix` (every visible item for "").
    QList<QQuickItem*> items(const QString& prefix) const;

    // Real input through the X server. Each returns once xdotool is done and the window has had
    // the events; false when xdotool failed.
    bool click(QQuickItem* item, QPointF local = QPointF(-1, -1), const QString& modifiers = {});
    bool click(QWidget* widget, QPoint local = QPoint(-1, -1), const QString& modifiers = {});
    bool clickAtGlobal(QPoint global, const QString& modifiers = {});
    bool doubleClick(QQuickItem* item, QPointF local = QPointF(-1, -1));
    // The context menu's button (3), at `local` (the centre when negative).
    bool rightClick(QQuickItem* item, QPointF local = QPointF(-1, -1));
    // Turns the wheel `notches` times at `local`: away from the user (up) when positive.
    bool wheel(QQuickItem* item, QPointF local, int notches);
    // Presses, moves in steps and releases, from one item's point to another's.
    bool drag(QQuickItem* from, QPointF fromLocal, QQuickItem* to, QPointF toLocal);
    // xdotool key names: "ctrl+s", "Delete", "Return", "Escape", "F1", "Tab".
    bool key(const QString& keys);
    bool type(const QString& text);
    bool moveTo(QPoint global);

    // The open file dialog (Qt's widget dialog: the journeys run without a desktop's), or null.
    QFileDialog* fileDialog(int ms = 5000) const;
    // Types `path` into the dialog's file name field (replacing what is there).
    bool typeFileName(QFileDialog* dialog, const QString& path);
    // The dialog's button with this text ("&Open", "&Save", "Yes").
    static QAbstractButton* button(QWidget* parent, const QString& text);
    // A message box the application shows (the file dialog's "replace?"), or null.
    QWidget* messageBox(int ms = 5000) const;

    // Lets the event loop run for `ms`.
    static void settle(int ms = 60);
    static bool waitFor(const std::function<bool()>& condition, int ms = 5000);

    // Saves a picture of the whole screen as <GWS_JOURNEY_SHOTS>/<name>.png (when that is set)
    // and returns it.
    QImage screenshot(const QString& name) const;

    // Where `item`'s point is on the screen, in X's pixels.
    QPoint globalOf(QQuickItem* item, QPointF local) const;

private:
    bool xdotool(const QStringList& arguments);

    std::unique_ptr<gs::gui::EditorWindow> editor_;
};

// The journeys' common checks that an item is laid out as a person can use it.
// True when `text` (a Text or Label) shows its whole text: not elided and not wider than it is.
bool showsWholeText(QQuickItem* text);
// The texts under `root` that a person cannot read whole: elided, wider than their box, or
// running past the edge of a clipping parent or of the window; each as "where 'text': why". The
// canvas is left out (its cards elide long names by design and show them whole in a tooltip), and
// so is a text that declares `mayElide: true` (a tooltip shows it whole).
QStringList cutTexts(QQuickItem* root);
// The item's rectangle in window coordinates.
QRectF windowRect(QQuickItem* item);
// The `text` of the visible item named `objectName` ("" when there is none).
QString textOf(const Journey& j, const QString& objectName);
// Replaces a text field's text as a person does: click it, select all, type, Tab.
bool retype(Journey& j, const QString& objectName, const QString& text);

}  // namespace journey
