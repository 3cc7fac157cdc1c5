#pragma once
// Edits as pure functions: on one object's tree (set a field, add a parentRef or a backendRef),
// and on the YAML text (replace, remove or append one object's document). The text functions touch
// only the document that holds the object, so comments and layout elsewhere in the file survive
// an edit made on the canvas or in the inspector.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "objects/object.h"
#include "yaml/node.h"

namespace gs::gui {

// Sets the field at `path` ("spec.listeners[0].port") to `value`, creating missing maps on the way
// (list items must exist). An empty value removes the field. `type` is the inspector's: "int"
// writes an integer when the value is one (else the text, for validation to report), "list"
// writes a comma-separated value as a list of strings, anything else writes a string.
// Returns false when the path does not lead to a field.
bool setField(yaml::Node& doc, const std::string& path, const std::string& value, const std::string& type);

// Appends `item` to the list at `listPath` ("spec.rules[0].matches"), creating the list (and the
// maps on the way) when absent. False when the path does not lead to a list.
bool addListItem(yaml::Node& doc, const std::string& listPath, yaml::Node item);
// Removes the list item at `itemPath` ("spec.rules[0].matches[1]"); a list left empty goes too.
bool removeListItem(yaml::Node& doc, const std::string& itemPath);
// A new item for a list of the inspector (InspectorAction::what: "match", "headerMatch",
// "RequestHeaderModifier", "backendRef", "listener", ...), valid where the kind allows it.
// `context` supplies names to point at (the first Service, Secret); `existing` is the list's size.
std::optional<yaml::Node> newListItem(const std::string& what, const model::ObjectSet& context, std::size_t existing);

// Appends a parentRef to a route. `ns` and `sectionName` are left out when empty; `kind` is left out
// for Gateway.
void addParentRef(yaml::Node& route, const std::string& kind, const std::string& ns, const std::string& name,
                  const std::string& sectionName);

// Appends a backendRef with weight 1 to the first rule of a route (creating the rule when there
// is none).
void addBackendRef(yaml::Node& route, const std::string& ns, const std::string& name, std::int64_t port);

// A new object of `kind` to start from, valid on its own where the kind allows it. `context`
// supplies names to point at (the first GatewayClass, Gateway); nullptr for none.
std::optional<yaml::Node> newObject(const std::string& kind, const std::string& ns, const std::string& name,
                                    const model::ObjectSet* context);

// A name of the form "<base>-N" not yet used by an object of `kind` in `ns`; `base` defaults to the
// kind in lower case ("httproute-1").
std::string freshName(const model::ObjectSet& objects, const std::string& kind, const std::string& ns,
                      const std::string& base = {});

// Text edits. Each returns the whole new text.
std::string replaceObjectText(const std::string& text, const model::ObjectSet& objects, std::size_t index, const yaml::Node& doc);
std::string removeObjectText(const std::string& text, const model::ObjectSet& objects, std::size_t index);
std::string appendObjectText(const std::string& text, const yaml::Node& doc);
// Removes several objects' documents at once.
std::string removeObjectsText(const std::string& text, const model::ObjectSet& objects, std::vector<std::size_t> indexes);
// Replaces several objects' documents at once (index → new tree).
std::string replaceObjectsText(const std::string& text, const model::ObjectSet& objects,
                               const std::map<std::size_t, yaml::Node>& docs);

// Renaming: points the references in `referrer` (as written) at `newName` where they name the
// object `target`; true when something changed. Covers gatewayClassName, parentRefs (and a
// ListenerSet's parentRef), backendRefs and certificateRefs.
bool retarget(yaml::Node& referrer, const model::Object& referrerObject, const model::ObjectId& target,
              const std::string& newName);

}  // namespace gs::gui
