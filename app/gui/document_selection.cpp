#include "document_selection.h"

#include "document.h"

namespace gs::gui {

namespace {

QVariantMap conditionMap(const std::string& scope, const model::Condition& c)
{
    return {{"scope", QString::fromStdString(scope)},
            {"type", QString::fromStdString(c.type)},
            {"status", QString::fromLatin1(model::toString(c.status))},
            {"reason", QString::fromStdString(c.reason)},
            {"message", QString::fromStdString(c.message)},
            {"problem", c.isProblem()}};
}

void appendConditions(QVariantList& out, const std::string& scope, const model::Conditions& conditions)
{
    for (const model::Condition& c : conditions.items)
        out.append(conditionMap(scope, c));
}

}  // namespace

DocumentSelection::DocumentSelection(Document& document) : document_(document)
{
    // Which view edits what changes with the role.
    connect(&document_, &Document::roleChanged, this, &DocumentSelection::changed);
}

void DocumentSelection::setCurrent(const QString& id)
{
    const QStringList ids = id.isEmpty() ? QStringList() : QStringList{id};
    if (id == current_ && ids == ids_)
        return;
    ids_ = ids;
    if (id != current_) {
        current_ = id;
        emit currentChanged();
        // The YAML pane shows the selected object's file (not on reloads: typing stays in its file).
        if (const model::Object* o = document_.objectOf(id))
            document_.setCurrentFile(int(document_.fileOf(*o)));
    }
    refresh();
}

void DocumentSelection::toggle(const QString& id)
{
    if (ids_.removeAll(id) == 0)
        ids_.append(id);
    const QString primary = ids_.isEmpty() ? QString() : ids_.last();
    if (primary != current_) {
        current_ = primary;
        emit currentChanged();
    }
    refresh();
}

void DocumentSelection::refresh()
{
    const GraphScene& scene = document_.scene();
    ids_.erase(std::remove_if(ids_.begin(), ids_.end(), [&](const QString& id) { return scene.indexOf(id.toStdString()) < 0; }),
               ids_.end());
    emit changed();
}

void DocumentSelection::clearForReset() { current_.clear(); }

QString DocumentSelection::kind() const
{
    const GraphScene& scene = document_.scene();
    const int row = scene.indexOf(current_.toStdString());
    return row < 0 ? QString() : QString::fromStdString(scene.nodes()[std::size_t(row)].kind);
}

bool DocumentSelection::editable() const { return document_.isEditable(current_); }

QVariantList DocumentSelection::conditions() const
{
    QVariantList out;
    const model::Object* o = document_.objectOf(current_);
    const model::Translation* translation = document_.translation();
    const model::ObjectStatus* s = o && translation ? translation->statusOf(document_.indexOfObject(*o)) : nullptr;
    if (!s)
        return out;
    appendConditions(out, o->id.kind, s->conditions);
    if (s->gateway)
        for (const auto& l : s->gateway->listeners)
            appendConditions(out, "listener " + l.name, l.conditions);
    for (const auto& l : s->listenerSetListeners)
        appendConditions(out, "listener " + l.name, l.conditions);
    for (const auto& p : s->parents)
        appendConditions(out, "parent " + p.parentRef.name + (p.parentRef.sectionName ? "/" + *p.parentRef.sectionName : ""),
                         p.conditions);
    for (const std::string& note : s->notes)
        out.append(QVariantMap{{"scope", "note"},
                               {"type", "Note"},
                               {"status", ""},
                               {"reason", ""},
                               {"message", QString::fromStdString(note)},
                               {"problem", true}});
    return out;
}

}  // namespace gs::gui
