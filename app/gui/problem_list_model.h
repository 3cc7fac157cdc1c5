#pragma once
// Everything wrong with the loaded objects, in one list: YAML and validation diagnostics (with
// file, line and column) and the status problems the translator found (a condition in its bad
// polarity, a reference to nothing). Each row names the object it is about, so a click selects it.

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

#include "controller/translator.h"
#include "fixes.h"
#include "topology.h"

namespace gs::gui {

struct Problem {
    std::string severity;  // "error", "warning" (diagnostics) or "status" (translator)
    std::string message;
    std::string objectId;  // graph node id, or empty for file-level problems
    std::string field;  // "spec.rules[0].backendRefs[0].port", or empty
    int line = 0;  // 1-based, 0 when unknown
    int column = 0;
    std::string file;  // the file a diagnostic is in (model::Diagnostic::file), or empty
    std::string reason;  // a status condition's reason ("BackendNotFound"), or empty
    int fix = -1;  // the index of the fix offered for it (attachFixes), or -1
    std::string fixLabel;
};

// The problems of a topology (diagnostics first, in position order) and of its translation.
std::vector<Problem> collectProblems(const model::Topology& topology, const model::Translation* translation);

// Offers each fix beside one status problem of its object with its reason: the problem that names
// the fix's target, else the first one without a fix yet.
void attachFixes(std::vector<Problem>& problems, const std::vector<Fix>& fixes);

class ProblemListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Problems belong to a Document")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum Role {
        SeverityRole = Qt::UserRole + 1,
        MessageRole,
        ObjectIdRole,
        FieldRole,
        LineRole,
        ColumnRole,
        LocationRole,
        FileRole,
        FixRole
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setProblems(std::vector<Problem> problems);
    const std::vector<Problem>& problems() const { return problems_; }

signals:
    void countChanged();

private:
    std::vector<Problem> problems_;
};

}  // namespace gs::gui
