#pragma once
// How the model says what is wrong, one convention throughout:
//
//   - a check returns a Problem: what is wrong, in plain words, or std::nullopt when all is well
//     (checkDns1123Label, checkPemPair, TranslateOptions::checkCertificate);
//   - a parse returns std::optional<T>, empty when the text does not parse, and says why in its
//     last argument, `std::string& error` (parseEchoFaults, parseSteps, parseRuleRef,
//     Workspace::fromJson);
//   - a list of everything wrong is a std::vector<std::string>, empty when all is well
//     (RolloutPlan::problems).
//
// Validation of objects is not a return value: it reports each problem with its file, line,
// column and field through a Diagnostics sink (validation/object_reporter.h).

#include <optional>
#include <string>

namespace gs::model {

using Problem = std::optional<std::string>;

}  // namespace gs::model
