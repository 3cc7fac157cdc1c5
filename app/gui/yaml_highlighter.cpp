#include "yaml_highlighter.h"

#include <QRegularExpression>
#include <QTextDocument>

namespace gs::gui {

void YamlSyntax::highlightBlock(const QString& text)
{
    static const QRegularExpression key(QStringLiteral(R"(^(\s*(?:-\s+)?)([^\s#'"][^:#]*?):(?=\s|$))"));
    static const QRegularExpression quoted(QStringLiteral(R"("(?:[^"\\]|\\.)*"|'[^']*')"));
    QTextCharFormat keyFormat, commentFormat, markerFormat, stringFormat;
    keyFormat.setForeground(QColor(dark ? "#82aaff" : "#1a56a8"));
    commentFormat.setForeground(QColor(dark ? "#7f8c98" : "#7a8691"));
    commentFormat.setFontItalic(true);
    markerFormat.setForeground(QColor(dark ? "#c792ea" : "#8e24aa"));
    markerFormat.setFontWeight(QFont::Bold);
    stringFormat.setForeground(QColor(dark ? "#c3e88d" : "#2e7d32"));

    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        setFormat(0, int(text.size()), markerFormat);
    } else {
        const auto m = key.match(text);
        if (m.hasMatch())
            setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), keyFormat);
        for (auto it = quoted.globalMatch(text); it.hasNext();) {
            const auto q = it.next();
            setFormat(int(q.capturedStart()), int(q.capturedLength()), stringFormat);
        }
        const int hash = int(text.indexOf(QRegularExpression(QStringLiteral(R"((^|\s)#)"))));
        if (hash >= 0)
            setFormat(hash, int(text.size()) - hash, commentFormat);
    }
    underline(text);
}

void YamlSyntax::underline(const QString& text)
{
    auto it = underlines.find(currentBlock().blockNumber() + 1);
    if (it == underlines.end())
        return;
    int start = std::clamp(it->second.first - 1, 0, std::max(0, int(text.size()) - 1));
    while (start > 0 && start >= int(text.size()))
        --start;
    int end = start;
    while (end < int(text.size()) && !text.at(end).isSpace())
        ++end;
    if (end == start)
        end = std::max(start + 1, int(text.size()));
    for (int i = start; i < end; ++i) {
        QTextCharFormat f = format(i);
        // Qt Quick text draws straight underlines only (no wave), so a tint marks the span too.
        const QColor colour(it->second.second ? "#e53935" : "#f9a825");
        f.setUnderlineStyle(QTextCharFormat::SingleUnderline);
        f.setFontUnderline(true);
        f.setUnderlineColor(colour);
        f.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 50));
        setFormat(i, 1, f);
    }
}

YamlHighlighter::YamlHighlighter(QObject* parent) : QObject(parent) { }

void YamlHighlighter::setDocument(QQuickTextDocument* document)
{
    if (document == document_)
        return;
    document_ = document;
    delete syntax_;
    syntax_ = document ? new YamlSyntax(document->textDocument()) : nullptr;
    rehighlight();
    emit documentChanged();
}

void YamlHighlighter::setErrors(const QVariantList& errors)
{
    if (errors == errors_)
        return;
    errors_ = errors;
    rehighlight();
    emit errorsChanged();
}

void YamlHighlighter::setDark(bool dark)
{
    if (dark == dark_)
        return;
    dark_ = dark;
    rehighlight();
    emit darkChanged();
}

bool YamlHighlighter::isUnderlined(int line) const { return syntax_ && syntax_->underlines.count(line) > 0; }

void YamlHighlighter::rehighlight()
{
    if (!syntax_)
        return;
    syntax_->underlines.clear();
    for (const QVariant& v : errors_) {
        const QVariantMap e = v.toMap();
        const int line = e.value("line").toInt();
        const bool error = e.value("error").toBool();
        auto [it, fresh] = syntax_->underlines.try_emplace(line, e.value("column").toInt(), error);
        if (!fresh && error)
            it->second = {e.value("column").toInt(), true};  // an error outranks a warning on one line
    }
    syntax_->dark = dark_;
    syntax_->rehighlight();
}

}  // namespace gs::gui
