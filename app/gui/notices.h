#pragma once
// What went wrong, where the user is looking: the window's banner shows the latest notice (a
// headline naming the reason, and details such as each error's file:line:col) until it is
// dismissed or replaced. The document, the local gateway and the traffic generator report their
// failures here, and so does Qt's message handler for errors in the window's own scripts, so no
// failure reaches only stderr.
//
// Lives on the GUI thread. install() routes Qt's warnings from QML (TypeError, ReferenceError)
// here as well as to the previous handler (stderr).

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace gs::gui {

class Notices : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text NOTIFY changed)
    Q_PROPERTY(QStringList details READ details NOTIFY changed)
    // "error" or "warning".
    Q_PROPERTY(QString severity READ severity NOTIFY changed)
    Q_PROPERTY(bool shown READ shown NOTIFY changed)
    // How many notices were reported since the start (tests, and the banner's "(3)").
    Q_PROPERTY(int count READ count NOTIFY changed)

public:
    explicit Notices(QObject* parent = nullptr);
    ~Notices() override;

    QString text() const { return text_; }
    QStringList details() const { return details_; }
    QString severity() const { return severity_; }
    bool shown() const { return !text_.isEmpty(); }
    int count() const { return count_; }

    // `source` names who reported ("gateway"), so that it can take its notice back once what
    // failed works again (dismissFrom).
    Q_INVOKABLE void report(const QString& text, const QStringList& details = {},
                            const QString& severity = QStringLiteral("error"), const QString& source = {});
    Q_INVOKABLE void dismiss();
    // Dismisses the shown notice when `source` reported it.
    Q_INVOKABLE void dismissFrom(const QString& source);

    // Routes QML script errors to the most recently created Notices (once per process).
    static void install();

signals:
    void changed();

private:
    QString text_;
    QStringList details_;
    QString severity_;
    QString source_;
    int count_ = 0;
};

}  // namespace gs::gui
