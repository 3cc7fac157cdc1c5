#pragma once
// Building the inspector's rows (inspector_fields.cpp: the dispatch and the infrastructure kinds;
// inspector_route_fields.cpp: routes, their matches, filters and backends). Private to app/gui.

#include <string>
#include <string_view>
#include <vector>

#include "inspector_model.h"
#include "yaml/node.h"

namespace gs::gui::form {

// The node at a dotted path with [i] indexes ("spec.rules[0].matches"), or nullptr.
const yaml::Node* at(const yaml::Node& root, std::string_view path);
// The number of items of the list at `path` (0 when absent or not a list).
std::size_t countAt(const yaml::Node& doc, const std::string& path);
// "path[i]".
std::string idx(const std::string& path, std::size_t i);

class FormBuilder {
public:
    FormBuilder(const model::Object& o, const model::Diagnostics& d) : object_(o), diagnostics_(d) { }

    // A section header; `actions` are the buttons beside it (add an item, remove this one). With
    // the `path` of the item it heads, the errors no deeper row holds show beneath it (take()).
    void header(std::string label, std::vector<InspectorAction> actions = {}, std::string path = {});
    void field(std::string label, std::string path, std::string type, std::vector<std::string> choices = {},
               std::string placeholder = {});
    // A row of buttons only (add items to a list that may be empty).
    void actions(std::vector<InspectorAction> actions);

    // Validation messages about `path` or a field under it.
    std::string errorsAt(const std::string& path) const;

    std::vector<InspectorField> take();
    const model::Object& object() const { return object_; }
    const yaml::Node& doc() const { return object_.doc; }

private:
    const model::Object& object_;
    const model::Diagnostics& diagnostics_;
    std::vector<InspectorField> fields_;
};

// "Add <what> to the list at `list`" and "remove the item at `item`".
inline InspectorAction addAction(std::string label, std::string list, std::string what)
{
    return {std::move(label), std::move(list), std::move(what)};
}
inline InspectorAction removeAction(std::string item) { return {"remove", std::move(item), ""}; }

void routeFields(FormBuilder& f);

}  // namespace gs::gui::form
