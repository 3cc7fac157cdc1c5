#pragma once
// What is selected on a Document's canvas (`document.selection` in QML): every selected node
// (`ids`; Ctrl/Shift+click adds and removes) and the one the inspector and the status panel show
// (`current`, the last one selected). Setting `current` selects that node alone and shows its
// file in the YAML pane. After each reload the Document calls refresh(): nodes that are gone
// (deleted, renamed, out of the YAML) leave the selection.

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace gs::gui {

class Document;

class DocumentSelection : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A Document's selection: document.selection")
    Q_PROPERTY(QString current READ current WRITE setCurrent NOTIFY currentChanged)
    Q_PROPERTY(QStringList ids READ ids NOTIFY changed)
    // Of `current`: its kind ("HTTPRoute"), whether this view may edit it, and its status
    // conditions (scope, type, status, reason, message, problem) with the controller's notes.
    Q_PROPERTY(QString kind READ kind NOTIFY changed)
    Q_PROPERTY(bool editable READ editable NOTIFY changed)
    Q_PROPERTY(QVariantList conditions READ conditions NOTIFY changed)

public:
    explicit DocumentSelection(Document& document);

    QString current() const { return current_; }
    void setCurrent(const QString& id);
    QStringList ids() const { return ids_; }
    bool contains(const QString& id) const { return ids_.contains(id); }
    Q_INVOKABLE void toggle(const QString& id);
    QString kind() const;
    bool editable() const;
    QVariantList conditions() const;

    // The graph changed: drops the nodes that are gone and tells the views.
    void refresh();
    // Forgets the selection without a signal, for a document whose files are being replaced: the
    // Document announces it (currentChanged) once the new files are loaded.
    void clearForReset();

signals:
    void currentChanged();
    void changed();  // ids, or what the current node is (kind, editable, conditions)

private:
    Document& document_;
    QString current_;
    QStringList ids_;
};

}  // namespace gs::gui
