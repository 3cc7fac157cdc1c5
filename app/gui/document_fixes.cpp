// DocumentEdits: applying the fix offered beside a problem (fixes.h), as one undo step. A new object
// goes to the file of the object whose problem it fixes, placed beside it on the canvas.
#include "document.h"
#include "graph.h"
#include "object_edits.h"
#include "yaml/access.h"

namespace gs::gui {

bool DocumentEdits::applyFix(int problemRow)
{
    const std::optional<Fix> offered = document_.fixOfProblem(problemRow);
    if (!offered) {
        document_.reportError(tr("No fix is offered for that problem"));
        return false;
    }
    const Fix& fix = *offered;
    const std::optional<yaml::Node> create = fix.newObject();
    const model::Object& o = document_.topology().objects.objects()[fix.objectIndex];
    if (!create && !document_.editable(o)) {
        document_.reportError(document_.readOnlyReason(o));
        return false;
    }
    if (!document_.roleEdits(create ? std::string(yaml::childText(*create, "kind")) : o.id.kind)) {
        document_.reportError(tr("The %1 view cannot apply this fix; switch to All or the other role").arg(document_.role()));
        return false;
    }
    const QString label = tr("Fix: %1").arg(QString::fromStdString(fix.label));
    if (create) {
        const yaml::Node& meta = *create->find("metadata");
        const std::string id =
            nodeId(std::string(yaml::childText(*create, "kind")), std::string(yaml::childText(meta, "namespace")),
                   std::string(yaml::childText(meta, "name")));
        std::optional<std::pair<double, double>> besideIt;
        if (const int row = document_.scene().indexOf(nodeIdOf(o)); row >= 0) {
            const Rect& g = document_.scene().geometry(std::size_t(row));
            besideIt = std::pair{g.x + g.width + 90, g.y};
        }
        document_.placeNew(id, besideIt);
        document_.commit(document_.textsAppending({*create}, document_.fileOf(o)), label);
    } else {
        yaml::Node doc = o.doc;
        if (!gs::gui::setField(doc, fix.path, fix.value, "text"))
            return false;
        document_.commit(document_.textsReplacing({{fix.objectIndex, doc}}), label);
    }
    document_.setMessage(label);
    return true;
}

}  // namespace gs::gui
