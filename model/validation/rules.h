#pragma once
// The CEL rules (x-kubernetes-validations) of the CRDs, implemented by hand and keyed by their
// message. The schema tables name, at each schema node, the messages of the rules attached there;
// the walker looks each one up here. Each implementation states the CEL it mirrors. Rules are
// evaluated on the defaulted tree, as the API server evaluates them after defaulting.

#include <span>
#include <string>
#include <string_view>

#include "validation/field_path.h"
#include "validation/object_reporter.h"
#include "yaml/node.h"

namespace gs::model {

struct RuleContext {
    const yaml::Node& self;  // the value the rule is attached to
    FieldPath& path;  // its path
    yaml::Mark mark;  // where it starts, or the nearest known position
    yaml::Mark keyMark;  // the key it sits under (or its list item): where missing parts are reported
    std::string_view message;  // the rule's message, as the CRD writes it
    ObjectReporter& report;

    // Reports the rule's message at `self`, or at a field below it.
    void fail() const { report.error(path.toString(), keyMark, std::string(message)); }
    void failAt(const std::string& field, yaml::Mark at, std::string_view detail = {}) const;
};

using RuleCheck = void (*)(const RuleContext&);

struct RuleEntry {
    std::string_view message;
    RuleCheck check;
};

// The implementation of the rule with this message, or nullptr.
RuleCheck findRule(std::string_view message);

// Every implemented message (for the completeness test).
std::span<const RuleEntry> allRules();

// The rule tables, one per area.
std::span<const RuleEntry> listenerRules();
std::span<const RuleEntry> routeRules();
std::span<const RuleEntry> filterRules();
std::span<const RuleEntry> policyRules();
std::span<const RuleEntry> coreRules();

}  // namespace gs::model
