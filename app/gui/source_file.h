#pragma once
// One YAML file of the open document. A document holds one or more; the model loads them together
// (objects, validation and status over their union) and every object remembers the file it came
// from (model::Object::file is the file's `name`), so an edit goes back to that file only.

#include <QByteArray>
#include <QString>

#include <string>
#include <vector>

namespace gs::gui {

struct SourceFile {
    QString path;  // absolute; empty for an untitled buffer (a template, loadText)
    QString name;  // the name objects and diagnostics carry: the path, or "untitled.yaml"
    std::string text;  // what the editor holds now
    QByteArray diskBytes;  // the file's bytes as last read or written by the editor
    bool changedOnDisk = false;  // someone else changed the file since
    QString recovered;  // the text of an autosave found when the file was opened

    bool modified() const { return path.isEmpty() || QByteArray::fromStdString(text) != diskBytes; }
    QString fileName() const { return path.isEmpty() ? name : path.section(QLatin1Char('/'), -1); }
};

// The texts of every file, in the document's order: what one undo step swaps.
using Texts = std::vector<std::string>;

}  // namespace gs::gui
