#include "problem_list_model.h"

#include "graph.h"

namespace gs::gui {

namespace {

// The node id a diagnostic is about: "Gateway" + "infra/shared" → "gateway/infra/shared".
std::string objectIdOf(const model::Diagnostic& d)
{
    if (d.kind.empty() || d.objectName.empty())
        return {};
    const auto slash = d.objectName.find('/');
    if (slash == std::string::npos)
        return nodeId(d.kind, "", d.objectName);
    return nodeId(d.kind, d.objectName.substr(0, slash), d.objectName.substr(slash + 1));
}

void addConditionProblems(const model::Conditions& conditions, const std::string& scope, const std::string& id,
                          std::vector<Problem>& out)
{
    for (const model::Condition& c : conditions.items)
        if (c.isProblem())
            out.push_back({"status", scope + c.type + " " + model::toString(c.status) + " (" + c.reason + "): " + c.message, id,
                           "", 0, 0, "", c.reason, -1, ""});
}

void addStatusProblems(const model::Object& o, const model::ObjectStatus& s, std::vector<Problem>& out)
{
    const std::string id = nodeIdOf(o);
    addConditionProblems(s.conditions, "", id, out);
    if (s.gateway)
        for (const auto& l : s.gateway->listeners)
            addConditionProblems(l.conditions, "listener " + l.name + ": ", id, out);
    for (const auto& l : s.listenerSetListeners)
        addConditionProblems(l.conditions, "listener " + l.name + ": ", id, out);
    for (const auto& p : s.parents)
        addConditionProblems(p.conditions, "parent " + p.parentRef.name + ": ", id, out);
    for (const auto& a : s.ancestors)
        addConditionProblems(a.conditions, "ancestor " + a.ancestorRef.name + ": ", id, out);
    for (const std::string& note : s.notes)
        out.push_back({"status", note, id, "", 0, 0, "", "", -1, ""});
}

}  // namespace

std::vector<Problem> collectProblems(const model::Topology& topology, const model::Translation* translation)
{
    std::vector<Problem> out;
    for (const model::Diagnostic& d : topology.diagnostics.all())
        out.push_back({d.severity == model::Severity::Error ? "error" : "warning", d.message, objectIdOf(d), d.field, d.mark.line,
                       d.mark.column, d.file, "", -1, ""});
    if (translation)
        for (const model::ObjectStatus& s : translation->statuses)
            if (s.objectIndex < topology.objects.size())
                addStatusProblems(topology.objects.objects()[s.objectIndex], s, out);
    return out;
}

void attachFixes(std::vector<Problem>& problems, const std::vector<Fix>& fixes)
{
    for (std::size_t i = 0; i < fixes.size(); ++i) {
        const Fix& f = fixes[i];
        Problem* chosen = nullptr;
        for (Problem& p : problems) {
            if (p.objectId != f.objectId || p.reason != f.reason || p.fix >= 0)
                continue;
            if (p.message.find(f.target) != std::string::npos) {
                chosen = &p;
                break;
            }
            if (!chosen)
                chosen = &p;
        }
        if (chosen) {
            chosen->fix = int(i);
            chosen->fixLabel = f.label;
        }
    }
}

int ProblemListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(problems_.size()); }

QVariant ProblemListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Problem& p = problems_[std::size_t(index.row())];
    switch (role) {
    case SeverityRole: return QString::fromStdString(p.severity);
    case Qt::DisplayRole:
    case MessageRole: return QString::fromStdString(p.message);
    case ObjectIdRole: return QString::fromStdString(p.objectId);
    case FieldRole: return QString::fromStdString(p.field);
    case LineRole: return p.line;
    case ColumnRole: return p.column;
    case FileRole: return QString::fromStdString(p.file);
    case FixRole: return QString::fromStdString(p.fixLabel);
    case LocationRole:  // "apps.yaml:12:5": the file's name, as several files may be open
        return p.line > 0 ? QStringLiteral("%1:%2:%3")
                                .arg(QString::fromStdString(p.file).section(QLatin1Char('/'), -1))
                                .arg(p.line)
                                .arg(p.column)
                          : QString();
    default: return {};
    }
}

QHash<int, QByteArray> ProblemListModel::roleNames() const
{
    return {{SeverityRole, "severity"}, {MessageRole, "message"}, {ObjectIdRole, "objectId"},
            {FieldRole, "field"},       {LineRole, "line"},       {ColumnRole, "column"},
            {LocationRole, "location"}, {FileRole, "file"},       {FixRole, "fix"}};
}

void ProblemListModel::setProblems(std::vector<Problem> problems)
{
    beginResetModel();
    problems_ = std::move(problems);
    endResetModel();
    emit countChanged();
}

}  // namespace gs::gui
