#include "inspector_model.h"

namespace gs::gui {

int InspectorModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(fields_.size());
}

QVariant InspectorModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InspectorField& f = fields_[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return QString::fromStdString(f.label);
    case PathRole: return QString::fromStdString(f.path);
    case ValueRole: return QString::fromStdString(f.value);
    case TypeRole: return QString::fromStdString(f.type);
    case ChoicesRole: {
        QStringList choices;
        for (const std::string& c : f.choices)
            choices.append(QString::fromStdString(c));
        return choices;
    }
    case PlaceholderRole: return QString::fromStdString(f.placeholder);
    case ErrorRole: return QString::fromStdString(f.error);
    default: return {};
    }
}

QHash<int, QByteArray> InspectorModel::roleNames() const
{
    return {{LabelRole, "label"}, {PathRole, "path"},         {ValueRole, "value"}, {TypeRole, "fieldType"},
            {ChoicesRole, "choices"}, {PlaceholderRole, "placeholder"}, {ErrorRole, "error"}};
}

void InspectorModel::setFields(std::vector<InspectorField> fields)
{
    bool samePaths = fields.size() == fields_.size();
    for (std::size_t i = 0; samePaths && i < fields.size(); ++i)
        samePaths = fields[i].path == fields_[i].path && fields[i].type == fields_[i].type &&
                    fields[i].label == fields_[i].label;
    if (samePaths) {
        fields_ = std::move(fields);
        if (!fields_.empty())
            emit dataChanged(index(0), index(rowCount() - 1));
        return;
    }
    beginResetModel();
    fields_ = std::move(fields);
    endResetModel();
}

}  // namespace gs::gui
