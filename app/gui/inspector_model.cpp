#include "inspector_model.h"

#include <QVariantMap>

namespace gs::gui {

int InspectorModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(fields_.size()); }

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
    case ActionsRole: {
        QVariantList actions;
        for (const InspectorAction& a : f.actions)
            actions.append(QVariantMap{{"label", QString::fromStdString(a.label)},
                                       {"path", QString::fromStdString(a.path)},
                                       {"what", QString::fromStdString(a.what)}});
        return actions;
    }
    default: return {};
    }
}

QHash<int, QByteArray> InspectorModel::roleNames() const
{
    return {{LabelRole, "label"},    {PathRole, "path"},       {ValueRole, "value"},
            {TypeRole, "fieldType"}, {ChoicesRole, "choices"}, {PlaceholderRole, "placeholder"},
            {ErrorRole, "error"},    {ActionsRole, "actions"}};
}

void InspectorModel::setFields(std::vector<InspectorField> fields)
{
    bool samePaths = fields.size() == fields_.size();
    for (std::size_t i = 0; samePaths && i < fields.size(); ++i)
        samePaths = fields[i].path == fields_[i].path && fields[i].type == fields_[i].type &&
            fields[i].label == fields_[i].label && fields[i].actions.size() == fields_[i].actions.size();
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

int InspectorModel::rowOfField(const QString& path) const
{
    const std::string target = path.toStdString();
    int best = -1;
    std::size_t bestLength = 0;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const std::string& p = fields_[i].path;
        const bool holds = !p.empty() && target.compare(0, p.size(), p) == 0 &&
            (target.size() == p.size() || target[p.size()] == '.' || target[p.size()] == '[');
        if (holds && p.size() > bestLength) {
            best = int(i);
            bestLength = p.size();
        }
    }
    return best;
}

QString InspectorModel::pathAt(int row) const
{
    return row >= 0 && std::size_t(row) < fields_.size() ? QString::fromStdString(fields_[std::size_t(row)].path) : QString();
}

}  // namespace gs::gui
