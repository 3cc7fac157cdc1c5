#pragma once
// A Document's edits (`document.edits` in QML): the YAML pane's text, objects created from the
// palette, connected on the canvas, renamed, deleted, copied and pasted, the inspector's fields and
// list items, backend weights, and the fix offered beside a problem. Each computes the files' next
// texts (object_edits.h, per file: document_sources.cpp) and hands them to Document::commit as one
// undo step; on a refusal it returns false (or "", or an empty list) and reports why
// (Document::reportError), so the window says it.

#include <QObject>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <cstdint>
#include <vector>

namespace gs::gui {

class Document;

class DocumentEdits : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("A Document's edits: document.edits")

public:
    explicit DocumentEdits(Document& document);

    // The YAML pane's text of file `file` (the current file when -1); typing merges into one step.
    Q_INVOKABLE void editYaml(const QString& text, int file = -1);
    // A new object of `kind`, its node's header centred on (x, y) (or the nearest free spot).
    Q_INVOKABLE QString createObject(const QString& kind, qreal x, qreal y);
    Q_INVOKABLE bool connectNodes(const QString& fromId, const QString& toId, const QString& toPort);
    // Why connecting would be refused ("" when it would not): shown while dragging an edge.
    Q_INVOKABLE QString whyNotConnect(const QString& fromId, const QString& toId, const QString& toPort) const;
    // The references that deleting `id` (or the selection) would leave pointing at nothing, each
    // named by its holder and field: "HTTPRoute default/web: rules[1].backendRefs[0] → Service …".
    Q_INVOKABLE QStringList brokenReferences(const QString& id) const;
    Q_INVOKABLE QStringList brokenReferencesOfSelection() const;
    Q_INVOKABLE bool deleteObject(const QString& id);
    // Deletes every selected object this view may delete, in one undo step.
    Q_INVOKABLE bool deleteSelection();
    // Renames an object and points the references to it at the new name: one undo step.
    Q_INVOKABLE bool renameObject(const QString& id, const QString& newName);
    Q_INVOKABLE bool setField(const QString& id, const QString& path, const QString& value, const QString& type);
    Q_INVOKABLE bool setBackendWeight(const QString& edgeId, int weight);
    // Sets every backendRef weight of one rule at once (the canary controls, a rehearsal's steps);
    // `percent` names the step ("Canary 5%"). Steps of one `series` merge into one undo step while
    // nothing else comes between them.
    bool setRuleWeights(const QString& routeId, int ruleIndex, const std::vector<std::int64_t>& weights, int percent,
                        const QString& series = {});
    // The inspector's buttons: add an item of kind `what` (newListItem) to the list at `listPath`,
    // or remove the list item at `itemPath`.
    Q_INVOKABLE bool addItem(const QString& id, const QString& listPath, const QString& what);
    Q_INVOKABLE bool removeItem(const QString& id, const QString& itemPath);
    // Applies the fix offered beside the problem in `problemRow` (fixes.h).
    Q_INVOKABLE bool applyFix(int problemRow);
    // Copy and paste: an object as YAML, and YAML objects added to the document (renamed when
    // their name is taken), the first one's header centred on (x, y), the others cascading from
    // it. copy/paste use the system clipboard.
    Q_INVOKABLE QString objectYaml(const QString& id) const;
    Q_INVOKABLE QStringList pasteYaml(const QString& text, qreal x, qreal y);
    Q_INVOKABLE bool copy(const QString& id);
    Q_INVOKABLE QStringList paste(qreal x, qreal y);

private:
    Document& document_;
};

}  // namespace gs::gui
