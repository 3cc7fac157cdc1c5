#pragma once
// The inspector: a typed form of the selected object's main fields, each with the validation
// errors of that field (or of the fields under it) beside it. Rows are computed from the object
// as written, so the form shows what the YAML says, not the defaults.

#include <QAbstractListModel>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

#include "diagnostics.h"
#include "objects/object.h"

namespace gs::gui {

// A button of the form: adds an item of kind `what` (see newListItem) to the list at `path`, or,
// when `what` is empty, removes the item at `path`. Each is one undo step (Document::addItem,
// Document::removeItem).
struct InspectorAction {
    std::string label;
    std::string path;
    std::string what;
};

struct InspectorField {
    std::string label;
    std::string path;  // field path in the object: "spec.listeners[0].port"; empty for headers
    std::string value;  // as written; "" when absent
    std::string type;  // header, actions, text, int, choice, list (comma-separated),
        // map ("k=v, k2=v2"), readonly
    std::vector<std::string> choices;
    std::string placeholder;  // what applies when the field is absent (the default)
    std::string error;  // validation messages about this field, one per line
    std::vector<InspectorAction> actions;  // buttons of a header or actions row
};

// The form of one object. `diagnostics` may hold anything; only those about `object` are used.
std::vector<InspectorField> inspectorFields(const model::Object& object, const model::Diagnostics& diagnostics);

class InspectorModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The inspector belongs to a Document")
public:
    enum Role {
        LabelRole = Qt::UserRole + 1,
        PathRole,
        ValueRole,
        TypeRole,
        ChoicesRole,
        PlaceholderRole,
        ErrorRole,
        ActionsRole
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Same paths in the same order: dataChanged (open editors stay); otherwise a reset.
    void setFields(std::vector<InspectorField> fields);
    const std::vector<InspectorField>& fields() const { return fields_; }

    // The row of the field at `path`, or of the deepest field holding it
    // ("spec.rules[0].backendRefs[0].port" → the port row, "spec.listeners[0].tls" → nothing
    // deeper than the listener's rows); -1 when the form has none.
    Q_INVOKABLE int rowOfField(const QString& path) const;
    Q_INVOKABLE QString pathAt(int row) const;

private:
    std::vector<InspectorField> fields_;
};

}  // namespace gs::gui
