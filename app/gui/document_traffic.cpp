// Document: the canary controls (a rule's weights set together, as one undo step), and the texts
// the model loads and the local gateway serves.

#include "document.h"
#include "object_edits.h"

namespace gs::gui {

bool Document::setRuleWeights(const QString& routeId, int ruleIndex, const std::vector<std::int64_t>& weights, int percent,
                              const QString& series)
{
    const model::Object* o = objectOf(routeId);
    if (!o || !editable(*o)) {
        reportError(o ? readOnlyReason(*o) : tr("Nothing to edit"));
        return false;
    }
    yaml::Node doc = o->doc;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const std::string path = "spec.rules[" + std::to_string(ruleIndex) + "].backendRefs[" + std::to_string(i) + "].weight";
        if (!gs::gui::setField(doc, path, std::to_string(weights[i]), "int")) {
            reportError(tr("%1 has no field %2").arg(routeId, QString::fromStdString(path)));
            return false;
        }
    }
    if (doc.sameContent(o->doc))
        return true;
    pushTexts(textsReplacing({{indexOfObject(*o), doc}}),
              series.isEmpty() ? tr("Canary %1% on %2").arg(percent).arg(QString::fromStdString(o->displayName())) : series,
              series);
    return true;
}

std::vector<model::Source> Document::sources() const
{
    std::vector<model::Source> out;
    for (const SourceFile& f : files_)
        if (!f.path.isEmpty() || !f.text.empty() || cluster_.name.isEmpty())
            out.push_back({f.name.toStdString(), f.text});  // beside the cluster, an empty untitled buffer is no file yet
    if (!cluster_.name.isEmpty())
        out.push_back({cluster_.name.toStdString(), cluster_.text});
    return out;
}

}  // namespace gs::gui
