// Document: applying the fix offered beside a problem (fixes.h), as one undo step. A new object
// goes to the file of the object whose problem it fixes, placed beside it on the canvas.
#include "document.h"
#include "graph.h"
#include "object_edits.h"
#include "yaml/access.h"

namespace gs::gui {

bool Document::applyFix(int problemRow)
{
    const std::vector<Problem>& problems = problems_->problems();
    if (problemRow < 0 || std::size_t(problemRow) >= problems.size() || problems[std::size_t(problemRow)].fix < 0) {
        reportError(tr("No fix is offered for that problem"));
        return false;
    }
    const Fix fix = fixes_[std::size_t(problems[std::size_t(problemRow)].fix)];
    const model::Object& o = topology_.objects.objects()[fix.objectIndex];
    if (!fix.create && !editable(o)) {
        reportError(readOnlyReason(o));
        return false;
    }
    if (!roleEdits(fix.create ? std::string(yaml::childText(*fix.create, "kind")) : o.id.kind)) {
        reportError(tr("The %1 view cannot apply this fix; switch to All or the other role").arg(role_));
        return false;
    }
    const QString label = tr("Fix: %1").arg(QString::fromStdString(fix.label));
    if (fix.create) {
        const yaml::Node& meta = *fix.create->find("metadata");
        const std::string id =
            nodeId(std::string(yaml::childText(*fix.create, "kind")), std::string(yaml::childText(meta, "namespace")),
                   std::string(yaml::childText(meta, "name")));
        workspace_.positions.erase(id);
        if (const int row = scene_.indexOf(nodeIdOf(o)); row >= 0) {
            const Rect& g = scene_.geometry(std::size_t(row));
            wanted_[id] = {g.x + g.width + 90, g.y};
        }
        pushTexts(textsAppending({*fix.create}, fileOf(o)), label);
    } else {
        yaml::Node doc = o.doc;
        if (!gs::gui::setField(doc, fix.path, fix.value, "text"))
            return false;
        pushTexts(textsReplacing({{fix.objectIndex, doc}}), label);
    }
    setMessage(label);
    return true;
}

}  // namespace gs::gui
