#pragma once
// Colours the YAML pane (keys, comments, document markers, quoted strings) and underlines the
// errors the loader and validation report, from their column to the end of the token, with a tint
// and a line. Attach it to a TextEdit/TextArea's `textDocument`.

#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <QSyntaxHighlighter>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <map>

namespace gs::gui {

// The QSyntaxHighlighter itself; owned by the QTextDocument it highlights.
class YamlSyntax : public QSyntaxHighlighter {
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

    std::map<int, std::pair<int, bool>> underlines;  // 1-based line → (1-based column, is error)
    bool dark = false;

protected:
    void highlightBlock(const QString& text) override;

private:
    void underline(const QString& text);
};

class YamlHighlighter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickTextDocument* document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(QVariantList errors READ errors WRITE setErrors NOTIFY errorsChanged)
    Q_PROPERTY(bool dark READ dark WRITE setDark NOTIFY darkChanged)
public:
    explicit YamlHighlighter(QObject* parent = nullptr);

    QQuickTextDocument* document() const { return document_; }
    void setDocument(QQuickTextDocument* document);
    // Maps with line, column (1-based) and error (bool; false is a warning).
    QVariantList errors() const { return errors_; }
    void setErrors(const QVariantList& errors);
    bool dark() const { return dark_; }
    void setDark(bool dark);

    // Whether line (1-based) is underlined: for tests.
    Q_INVOKABLE bool isUnderlined(int line) const;

signals:
    void documentChanged();
    void errorsChanged();
    void darkChanged();

private:
    void rehighlight();

    QPointer<QQuickTextDocument> document_;
    QVariantList errors_;
    bool dark_ = false;
    QPointer<YamlSyntax> syntax_;
};

}  // namespace gs::gui
