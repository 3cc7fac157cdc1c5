#pragma once
// Writes a Node tree as block-style YAML, deterministically: the same tree always gives the same
// bytes, and reading the output back gives a tree with the same content (Node::sameContent).
//
// Style: two-space indentation, sequences indented under their key (as in the Gateway API docs
// and conformance manifests), plain scalars where a YAML 1.1 or 1.2 reader would read them the same
// way, double quotes otherwise, literal blocks (`|`) for multi-line strings.

#include <string>

#include "yaml/node.h"

namespace gs::yaml {

// Appends `root` as one YAML document (no `---` marker) to `out`.
void writeYaml(const Node& root, std::string& out);
std::string writeYaml(const Node& root);

// The scalar `text` as it would appear in a flow context on one line: plain when safe,
// double-quoted otherwise. Used for keys and in messages.
std::string quoteIfNeeded(std::string_view text);

}  // namespace gs::yaml
